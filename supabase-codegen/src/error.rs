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
    /// PostgREST's OpenAPI document is malformed JSON or not a Swagger 2.0 document.
    #[error("invalid PostgREST OpenAPI JSON at {line}:{column}: {message}")]
    OpenApiJson {
        /// 1-based line of the error (0 when the JSON is well formed but not the right shape).
        line: usize,
        /// 1-based column of the error (0 as for `line`).
        column: usize,
        /// What is wrong, without the position.
        message: String,
        /// serde_json's error, when the JSON itself is malformed.
        #[source]
        source: Option<serde_json::Error>,
    },
    /// The emitter produced text that is not valid Rust (a bug of the emitter, or an override
    /// type that is not a Rust type: see [`crate::EmitOptions`]).
    #[error("the generated code does not parse as Rust: {message} (near `{near}`)")]
    InvalidGeneratedCode {
        /// syn's message.
        message: String,
        /// The tokens the error is at.
        near: String,
    },
    /// Strict mode ([`crate::Builder::strict`], `--strict`) and the source gave warnings: every
    /// warning is an error, so nothing unresolved reaches generated code unnoticed (for CI).
    ///
    /// ```
    /// let e = supabase_codegen::Error::Strict {
    ///     warnings: vec!["a.sql:3:1: column t.c: unknown type `geometry`".into()],
    /// };
    /// assert_eq!(e.to_string(),
    ///            "strict mode: 1 warning is an error:\n  a.sql:3:1: column t.c: unknown type `geometry`");
    /// ```
    #[error("strict mode: {} {} an error:{}", warnings.len(),
            if warnings.len() == 1 { "warning is" } else { "warnings are each" },
            warnings.iter().map(|w| format!("\n  {w}")).collect::<String>())]
    Strict {
        /// The warnings, one line each (`file:line:column: message` for migrations).
        warnings: Vec<String>,
    },
    /// A [`crate::Builder`] or the command line was given contradictory or missing settings.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// An error in an input file, shown as `path:line:column: message` when it has a position.
    #[error("{}", located(path, source))]
    InFile {
        /// The input file (or migrations folder) as given.
        path: String,
        /// What is wrong in it.
        #[source]
        source: Box<Error>,
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
    /// The database could not be reached: `target` is `host:port`, `cause` says why
    /// (connection refused, timed out, authentication failed, TLS …). The URL, which may hold
    /// a password, is never part of the message.
    #[error("cannot connect to the database at {target}: {cause}")]
    Connect {
        /// `host:port` (or the unix socket path) tried.
        target: String,
        /// What went wrong, in words.
        cause: String,
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

    pub(crate) fn openapi_json(source: serde_json::Error) -> Self {
        let (line, column) = (source.line(), source.column());
        let full = source.to_string();
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        Error::OpenApiJson {
            line,
            column,
            message,
            source: Some(source),
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

/// `path:line:column: message` for errors that carry a position, `path: error` otherwise.
fn located(path: &str, error: &Error) -> String {
    match error {
        Error::SnapshotJson {
            line,
            column,
            message,
            ..
        } => format!("{path}:{line}:{column}: invalid schema snapshot JSON: {message}"),
        Error::OpenApiJson {
            line,
            column,
            message,
            ..
        } if *line > 0 => {
            format!("{path}:{line}:{column}: invalid PostgREST OpenAPI JSON: {message}")
        }
        Error::MigrationSql {
            file,
            line,
            column,
            message,
        } => {
            let file = std::path::Path::new(path).join(file);
            format!("{}:{line}:{column}: {message}", file.display())
        }
        Error::Io { .. } => error.to_string(),
        other => format!("{path}: {other}"),
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
