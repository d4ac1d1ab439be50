//! The one place the [`crate::Builder`] and the command line call the Rust emitter
//! (`crate::emit::generate`); adapt here when its signature changes.
//!
//! Until `src/emit/` lands, this is a stand-in whose `generate` fails with a clear message.

use crate::error::{Error, Result};
use crate::model::SchemaModel;

/// Options of the Rust emitter (type overrides per column and per Postgres type).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmitOptions {}

/// Generates the Rust code of `model`.
pub(crate) fn generate(model: &SchemaModel, options: &EmitOptions) -> Result<String> {
    let _ = (model, options);
    Err(Error::Config(
        "the Rust emitter (`supabase_codegen::emit`) is not available in this build".to_string(),
    ))
}
