//! Statements PostgREST's request API cannot express. Their error starts with the phrase
//! [`PHRASE`] and the feature's name (a contract shared with the corpus harness: user mistakes
//! never use it); `mod.rs` then appends a SQL function made from the statement and the `query!`
//! line that calls it (`way_out.rs`).

use sqlparser::tokenizer::Span as SqlSpan;

use super::error::SqlError;

/// The phrase every "cannot be expressed" error contains, followed by the feature's name.
pub(crate) const PHRASE: &str = "PostgREST cannot express ";

/// `PostgREST cannot express <feature>`, at the offending SQL.
pub(crate) fn inexpressible(feature: &str, at: SqlSpan) -> SqlError {
    SqlError::new(format!("{PHRASE}{feature}"), at)
}

/// Whether `message` is a "cannot express" error (and so gets the way out).
pub(crate) fn is_inexpressible(message: &str) -> bool {
    message.contains(PHRASE)
}
