//! [`Builder`]: code generation from a `build.rs`.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::atomic::write_if_changed;
use crate::emit::{self, EmitOptions};
use crate::error::{Error, Result};
use crate::input::{load, load_listed, Source};
use crate::project::Project;

/// Generates typed Rust for a schema from a `build.rs`: choose exactly one source, optionally
/// the schemas, the output file and type overrides, then [`Builder::generate`].
///
/// Like reqwest's builders, a bad argument (two sources, say) is kept until `generate` returns
/// it as an error.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     supabase_codegen::Builder::new()
///         .migrations_dir("supabase/migrations")
///         .schemas(["public"])
///         .generate()?;
///     Ok(())
/// }
/// // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/supabase_schema.rs"));
/// ```
#[must_use = "a Builder does nothing until `generate` is called"]
pub struct Builder {
    sources: Vec<Source>,
    schemas: Vec<String>,
    out_file: Option<PathBuf>,
    options: EmitOptions,
    directives: Box<dyn Write>,
    strict: bool,
    /// Set by `from_supabase_dir`: the project, or why it could not be read.
    project: Option<Result<Project>>,
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("sources", &self.sources)
            .field("schemas", &self.schemas)
            .field("out_file", &self.out_file)
            .field("options", &self.options)
            .field("strict", &self.strict)
            .finish_non_exhaustive()
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

/// What [`Builder::generate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GenerateReport {
    /// The file the code went to.
    pub out_file: PathBuf,
    /// Whether the file was written (`false` when it already held the same code).
    pub written: bool,
    /// The source's warnings (`file:line:column: message` for migrations), also printed as
    /// `cargo:warning=` lines.
    pub warnings: Vec<String>,
    /// The files and folders the code was read from (printed as `cargo:rerun-if-changed=`).
    pub inputs: Vec<PathBuf>,
}

impl Builder {
    /// A builder without a source, for the schema `public`, writing to
    /// `$OUT_DIR/supabase_schema.rs` and its cargo directives to stdout.
    ///
    /// ```
    /// let builder = supabase_codegen::Builder::new();
    /// # drop(builder);
    /// ```
    pub fn new() -> Self {
        Builder {
            sources: Vec::new(),
            schemas: Vec::new(),
            out_file: None,
            options: EmitOptions::default(),
            directives: Box::new(std::io::stdout()),
            strict: false,
            project: None,
        }
    }

    /// A builder for a Supabase CLI project: `path` is the project's root (holding
    /// `supabase/config.toml`) or its `supabase` folder. The schema comes from
    /// `supabase/migrations`, and the schemas are `[api] schemas` of `supabase/config.toml`
    /// (those the migrations do not create, such as `graphql_public`, are skipped). Any other
    /// source or [`Builder::schemas`] overrides these. Cargo reruns the build script when the
    /// config or a migration changes.
    ///
    /// ```no_run
    /// // build.rs, next to the `supabase` folder
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     supabase_codegen::Builder::from_supabase_dir(".").generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn from_supabase_dir(path: impl AsRef<Path>) -> Self {
        let mut builder = Builder::new();
        builder.project = Some(Project::open(path.as_ref()));
        builder
    }

    /// Reads the schema from a committed snapshot JSON file.
    pub fn schema_file(mut self, path: impl AsRef<Path>) -> Self {
        self.sources
            .push(Source::SchemaFile(path.as_ref().to_path_buf()));
        self
    }

    /// Reads the schema from a folder of SQL migrations (`supabase/migrations`).
    pub fn migrations_dir(mut self, path: impl AsRef<Path>) -> Self {
        self.sources
            .push(Source::MigrationsDir(path.as_ref().to_path_buf()));
        self
    }

    /// Reads the schema from a live database (feature `live`); cargo reruns the build script
    /// when `DATABASE_URL` changes.
    pub fn database_url(mut self, url: impl Into<String>) -> Self {
        self.sources.push(Source::DatabaseUrl(url.into()));
        self
    }

    /// Reads the schema from a saved PostgREST OpenAPI document (lossy; see
    /// [`crate::source::openapi`]).
    pub fn openapi_file(mut self, path: impl AsRef<Path>) -> Self {
        self.sources
            .push(Source::OpenApiFile(path.as_ref().to_path_buf()));
        self
    }

    /// The schemas to generate code for (default `public`, or a Supabase project's
    /// `[api] schemas`).
    ///
    /// ```
    /// let builder = supabase_codegen::Builder::new().schemas(["public", "api"]);
    /// # drop(builder);
    /// ```
    pub fn schemas<I, S>(mut self, schemas: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.schemas = schemas.into_iter().map(Into::into).collect();
        self
    }

    /// Where to write the code (default `$OUT_DIR/supabase_schema.rs`).
    pub fn out_file(mut self, path: impl AsRef<Path>) -> Self {
        self.out_file = Some(path.as_ref().to_path_buf());
        self
    }

    /// The emitter's options (type overrides), passed through as they are.
    pub fn overrides(mut self, options: EmitOptions) -> Self {
        self.options = options;
        self
    }

    /// Strict mode: every warning of the source (a statement not understood, a type that
    /// cannot be resolved, ...) is an error, [`Error::Strict`], and no code is written. For CI,
    /// where a silently unknown column should fail the build.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("strict_doc_{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("0001.sql"), "create table t (shape geometry);")?;
    /// let err = supabase_codegen::Builder::new()
    ///     .migrations_dir(&dir)
    ///     .out_file(dir.join("schema.rs"))
    ///     .directives_to(std::io::sink())
    ///     .strict(true)
    ///     .generate()
    ///     .unwrap_err();
    /// assert!(matches!(err, supabase_codegen::Error::Strict { .. }), "{err}");
    /// assert!(!dir.join("schema.rs").exists());
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn strict(mut self, on: bool) -> Self {
        self.strict = on;
        self
    }

    /// Where the `cargo:` directives go (default stdout, where cargo reads them); for tests.
    pub fn directives_to(mut self, out: impl Write + 'static) -> Self {
        self.directives = Box::new(out);
        self
    }

    /// Reads the schema, generates the code and writes it atomically when it changed; prints
    /// `cargo:rerun-if-changed=` for every input and `cargo:warning=` for every warning.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for no source or several, no `out_file` outside a build script, or a
    /// malformed `supabase/config.toml`;
    /// the source's errors (with file:line:column), the emitter's, and [`Error::Io`].
    pub fn generate(self) -> Result<GenerateReport> {
        let Builder {
            sources,
            schemas,
            out_file,
            options,
            mut directives,
            strict,
            project,
        } = self;
        let project = project.transpose()?;
        let mut sources = sources;
        if let (Some(project), true) = (&project, sources.is_empty()) {
            sources.push(Source::MigrationsDir(project.migrations_dir()));
        }
        let source = match sources.as_slice() {
            [one] => one.clone(),
            [] => {
                return Err(Error::Config(
                    "no source: call one of schema_file, migrations_dir, database_url or \
                     openapi_file"
                        .to_string(),
                ))
            }
            several => {
                let names: Vec<String> = several.iter().map(Source::describe).collect();
                return Err(Error::Config(format!(
                    "exactly one source is allowed, got {}",
                    names.join(" and ")
                )));
            }
        };
        let out_file = match out_file {
            Some(p) => p,
            None => std::env::var_os("OUT_DIR")
                .map(|d| PathBuf::from(d).join("supabase_schema.rs"))
                .ok_or_else(|| {
                    Error::Config("OUT_DIR is not set: call out_file outside build.rs".to_string())
                })?,
        };
        let mut say = |line: String| {
            writeln!(directives, "{line}").map_err(|source| Error::Io {
                path: "the cargo directives output".to_string(),
                source,
            })
        };
        if let Source::DatabaseUrl(_) = source {
            say("cargo:rerun-if-env-changed=DATABASE_URL".to_string())?;
        }
        // Rerun directives first, so that a broken input is retried once it is fixed.
        let inputs = match &source {
            Source::MigrationsDir(dir) => {
                let mut inputs = vec![dir.clone()];
                if let Ok(files) = crate::source::migrations::migration_files(dir) {
                    inputs.extend(files.iter().map(|(name, _)| dir.join(name)));
                }
                inputs
            }
            Source::SchemaFile(p) | Source::OpenApiFile(p) => vec![p.clone()],
            Source::DatabaseUrl(_) => Vec::new(),
        };
        let mut inputs = inputs;
        if let Some(project) = &project {
            inputs.insert(0, project.dir.join("config.toml"));
        }
        for input in &inputs {
            say(format!("cargo:rerun-if-changed={}", input.display()))?;
        }
        let search_path = project
            .as_ref()
            .map(|p| p.search_path())
            .unwrap_or_default();
        let loaded = match &project {
            Some(project) if schemas.is_empty() => {
                load_listed(&source, &project.schemas, &search_path)?
            }
            _ => load(&source, &schemas, &search_path)?,
        };
        for warning in &loaded.warnings {
            say(format!("cargo:warning={warning}"))?;
        }
        loaded.check_strict(strict)?;
        let code = emit::generate(&loaded.model, &options)?;
        let written = write_if_changed(&out_file, code.as_bytes())?;
        Ok(GenerateReport {
            out_file,
            written,
            warnings: loaded.warnings,
            inputs,
        })
    }
}
