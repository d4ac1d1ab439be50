//! The error type of this crate.

/// What can go wrong while reading a schema or generating code.
///
/// ```
/// use supabase_codegen::{Error, SchemaModel};
///
/// match SchemaModel::from_snapshot_json("{ not json") {
///     Err(Error::SnapshotJson { line, column, .. }) => assert_eq!((line, column), (1, 3)),
///     other => panic!("unexpected: {other:?}"),
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The schema snapshot JSON is malformed or does not match the model.
    #[error("invalid schema snapshot JSON at {line}:{column}: {message}")]
    SnapshotJson {
        /// 1-based line of the error (0 when serde_json knows none, e.g. unexpected end).
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What is wrong, without the position.
        message: String,
        /// serde_json's error.
        #[source]
        source: serde_json::Error,
    },
    /// The snapshot was written in a format this version cannot read.
    #[error(
        "unsupported schema snapshot format_version {found}: this supabase-codegen reads version \
         {supported}; regenerate the snapshot (or upgrade supabase-codegen)"
    )]
    UnsupportedFormatVersion {
        /// The `format_version` found in the snapshot, as JSON.
        found: String,
        /// The version this crate reads and writes ([`crate::FORMAT_VERSION`]).
        supported: u32,
    },
    /// A requested schema does not exist in the database.
    #[error("schema `{0}` does not exist in the database")]
    SchemaNotFound(String),
    /// The catalogs said something the model cannot represent (a bug, or a newer Postgres).
    #[error("unexpected catalog contents: {0}")]
    Catalog(String),
    /// An SQL migration file is malformed (or uses syntax the migrations source cannot parse
    /// in a statement whose effect on the schema it must know).
    #[error("{file}:{line}:{column}: {message}")]
    MigrationSql {
        /// The migration file's name (or path, as given).
        file: String,
        /// 1-based line of the error.
        line: u64,
        /// 1-based column of the error.
        column: u64,
        /// What is wrong, without the position.
        message: String,
    },
    /// A migrations folder or file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A query or the connection failed.
    #[cfg(feature = "live")]
    #[error("database error while {context}: {source}")]
    Database {
        /// What was being done (`connecting`, `reading columns`, ...).
        context: String,
        /// tokio-postgres's error.
        #[source]
        source: tokio_postgres::Error,
    },
}

impl Error {
    pub(crate) fn snapshot_json(source: serde_json::Error) -> Self {
        let (line, column) = (source.line(), source.column());
        let full = source.to_string();
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        Error::SnapshotJson {
            line,
            column,
            message,
            source,
        }
    }

    #[cfg(feature = "live")]
    pub(crate) fn database(context: &str) -> impl FnOnce(tokio_postgres::Error) -> Self + '_ {
        move |source| Error::Database {
            context: context.to_string(),
            source,
        }
    }
}

/// `Result` with this crate's [`Error`].
///
/// ```
/// fn read(json: &str) -> supabase_codegen::Result<supabase_codegen::SchemaModel> {
///     supabase_codegen::SchemaModel::from_snapshot_json(json)
/// }
/// assert!(read("[]").is_err());
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;
