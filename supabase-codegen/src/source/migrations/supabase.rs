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
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::model::SchemaModel;

/// The name warnings and errors give the bundled file.
pub(crate) const FILE: &str = "<bundled supabase schemas>";

/// The model after the bundled schemas and their replaceable names, read once per process.
type Bundled = std::result::Result<(SchemaModel, Vec<(String, String)>), String>;

static BUNDLED: OnceLock<Bundled> = OnceLock::new();

/// Gives a fresh state the bundled schemas (read once, then copied) and marks their tables and
/// types as replaceable.
pub(crate) fn apply_bundled(state: &mut State) -> Result<()> {
    let bundled = BUNDLED.get_or_init(|| {
        let mut fresh = State::new();
        read_bundled(&mut fresh).map_err(|e| e.to_string())?;
        // The bundled SQL is modeled whole; a warning there is a bug to report, not to hide.
        if let Some(w) = fresh.warnings.first() {
            return Err(w.to_string());
        }
        Ok((fresh.model, fresh.bundled))
    });
    let (model, names) = bundled
        .clone()
        .map_err(|e| Error::Config(format!("the bundled Supabase schemas: {e}")))?;
    state.model = model;
    state.bundled = names;
    Ok(())
}

fn read_bundled(state: &mut State) -> Result<()> {
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
