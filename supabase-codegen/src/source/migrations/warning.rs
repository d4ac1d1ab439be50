//! Warnings: statements of a migration that might change the schema but that the migrations
//! source cannot model, reported with their position instead of being dropped silently.

use std::fmt;

/// A statement (or part of one) that the migrations source did not apply to the model, with
/// where it is.
///
/// ```
/// use supabase_codegen::source::migrations::Warning;
///
/// let w = Warning { file: "0001_init.sql".into(), line: 3, column: 1,
///                   message: "a loop in a DO block is not interpreted".into() };
/// assert_eq!(w.to_string(), "0001_init.sql:3:1: a loop in a DO block is not interpreted");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The migration file's name.
    pub file: String,
    /// 1-based line of the statement.
    pub line: u64,
    /// 1-based column of the statement.
    pub column: u64,
    /// What was not modeled, and why.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}
