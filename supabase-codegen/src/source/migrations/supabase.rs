//! Supabase's own schemas (`auth`, `storage`, `realtime`, `extensions`), known without a
//! stand-in: `supabase/schemas.sql`, bundled into the crate and applied before the user's
//! migrations, models what user migrations reference there (see the file's header for the
//! Supabase releases it mirrors). A user's own CREATE of one of these tables or types replaces
//! the bundled one (`CREATE .. IF NOT EXISTS` keeps it, as the database would).
//!
//! The bundled schemas are in the result only when asked for (`schemas`), like any schema, so
//! they are not emitted as Rust by default.

use super::apply::{self, At, State};
use super::parse;
use crate::error::Result;

/// The name warnings and errors give the bundled file.
pub(crate) const FILE: &str = "<bundled supabase schemas>";

/// Applies the bundled schemas to a fresh state and marks their tables and types as
/// replaceable.
pub(crate) fn apply_bundled(state: &mut State) -> Result<()> {
    for statement in parse::split(super::SUPABASE_SCHEMAS_SQL, FILE)? {
        apply::apply(
            state,
            &At {
                file: FILE,
                statement: &statement,
            },
        )?;
    }
    state.failed = None;
    for schema in &state.model.schemas {
        let names = schema
            .relations
            .iter()
            .map(|r| &r.name)
            .chain(schema.enums.iter().map(|e| &e.name));
        for name in names {
            state.bundled.push((schema.name.clone(), name.clone()));
        }
    }
    Ok(())
}

/// Whether `schema.name` is a bundled table or type not yet replaced; if so it is removed
/// from the model (with what refers to it staying as written) so the user's own definition
/// can take its place.
pub(crate) fn take_over(state: &mut State, schema: &str, name: &str) -> bool {
    let Some(i) = state
        .bundled
        .iter()
        .position(|(s, n)| s == schema && n == name)
    else {
        return false;
    };
    state.bundled.remove(i);
    if let Some(s) = state.schema_mut(schema) {
        s.relations.retain(|r| r.name != name);
        s.enums.retain(|e| e.name != name);
    }
    true
}
