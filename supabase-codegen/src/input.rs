//! Reading a [`SchemaModel`] from one of the four sources, for the [`crate::Builder`] and the
//! command line: which files it depends on, and its warnings as `file:line:column: message`.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::SchemaModel;
use crate::source::{migrations, openapi};

/// Where the schema comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A snapshot JSON file (`SchemaModel::to_snapshot_json`).
    SchemaFile(PathBuf),
    /// A folder of `*.sql` migrations.
    MigrationsDir(PathBuf),
    /// A live database (feature `live`).
    DatabaseUrl(String),
    /// PostgREST's OpenAPI document, saved to a file.
    OpenApiFile(PathBuf),
}

impl Source {
    /// The flag / builder method that chose this source, for messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Source::SchemaFile(p) => format!("schema file {}", p.display()),
            Source::MigrationsDir(p) => format!("migrations folder {}", p.display()),
            Source::DatabaseUrl(_) => "database URL".to_string(),
            Source::OpenApiFile(p) => format!("OpenAPI file {}", p.display()),
        }
    }
}

/// A model with what it was read from.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) model: SchemaModel,
    /// Warnings and notes, one line each (`file:line:column: message` for migrations).
    pub(crate) warnings: Vec<String>,
}

impl Loaded {
    /// [`Error::Strict`] when `strict` is on and there are warnings.
    pub(crate) fn check_strict(&self, strict: bool) -> Result<()> {
        if strict && !self.warnings.is_empty() {
            return Err(Error::Strict {
                warnings: self.warnings.clone(),
            });
        }
        Ok(())
    }
}

fn in_file(path: &Path) -> impl FnOnce(Error) -> Error + '_ {
    move |source| match source {
        io @ Error::Io { .. } => io,
        source => Error::InFile {
            path: path.display().to_string(),
            source: Box::new(source),
        },
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Reads the model of `schemas` (default `public`) from `source`.
///
/// `search_path` is the one migrations run with (a Supabase project's `[api]
/// extra_search_path`); empty for [`migrations::DEFAULT_SEARCH_PATH`].
pub(crate) fn load(source: &Source, schemas: &[String], search_path: &[String]) -> Result<Loaded> {
    let default = ["public".to_string()];
    let schemas: Vec<&str> = if schemas.is_empty() {
        &default[..]
    } else {
        schemas
    }
    .iter()
    .map(String::as_str)
    .collect();
    match source {
        Source::SchemaFile(path) => {
            let json = read(path)?;
            let mut model = SchemaModel::from_snapshot_json(&json).map_err(in_file(path))?;
            if let Some(missing) = schemas.iter().find(|s| model.schema(s).is_none()) {
                return Err(in_file(path)(Error::SchemaNotFound(missing.to_string())));
            }
            model.schemas.retain(|s| schemas.contains(&s.name.as_str()));
            Ok(Loaded {
                model,
                warnings: Vec::new(),
            })
        }
        Source::MigrationsDir(dir) => {
            let files = migrations::migration_files(dir).map_err(in_file(dir))?;
            let files: Vec<(&str, &str)> = files
                .iter()
                .map(|(n, s)| (n.as_str(), s.as_str()))
                .collect();
            let path: Vec<&str> = if search_path.is_empty() {
                migrations::DEFAULT_SEARCH_PATH.to_vec()
            } else {
                search_path.iter().map(String::as_str).collect()
            };
            let (model, warnings) =
                migrations::from_files_with_search_path(&files, &schemas, &path)
                    .map_err(in_file(dir))?;
            let warnings = warnings
                .iter()
                .map(|w| {
                    let file = dir.join(&w.file);
                    format!("{}:{}:{}: {}", file.display(), w.line, w.column, w.message)
                })
                .collect();
            Ok(Loaded { model, warnings })
        }
        Source::OpenApiFile(path) => {
            let json = read(path)?;
            let schema = schemas.first().copied().unwrap_or("public");
            if schemas.len() > 1 {
                return Err(Error::Config(
                    "an OpenAPI document describes one schema; give one --schema".to_string(),
                ));
            }
            let (model, notes) =
                openapi::from_openapi_json(&json, schema).map_err(in_file(path))?;
            Ok(Loaded {
                model,
                warnings: notes
                    .iter()
                    .map(|n| format!("{}: {n}", path.display()))
                    .collect(),
            })
        }
        Source::DatabaseUrl(url) => load_live(url, &schemas),
    }
}

#[cfg(feature = "live")]
fn load_live(url: &str, schemas: &[&str]) -> Result<Loaded> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| Error::Io {
            path: "a tokio runtime".to_string(),
            source,
        })?;
    let model = runtime.block_on(crate::source::live::introspect_url(url, schemas))?;
    Ok(Loaded {
        model,
        warnings: Vec::new(),
    })
}

#[cfg(not(feature = "live"))]
fn load_live(_url: &str, _schemas: &[&str]) -> Result<Loaded> {
    Err(Error::Config(
        "reading a live database needs supabase-codegen's feature `live`".to_string(),
    ))
}

/// [`load`] for schemas named by a Supabase project's `config.toml`: a schema the source does
/// not have is left out (with a warning, except the platform's own `graphql_public`) instead
/// of being an error.
pub(crate) fn load_listed(
    source: &Source,
    schemas: &[String],
    search_path: &[String],
) -> Result<Loaded> {
    let mut schemas = schemas.to_vec();
    let mut skipped = Vec::new();
    loop {
        match load(source, &schemas, search_path) {
            Err(e) => {
                let missing = match &e {
                    Error::SchemaNotFound(name) => Some(name.clone()),
                    Error::InFile { source, .. } => match source.as_ref() {
                        Error::SchemaNotFound(name) => Some(name.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                match missing {
                    Some(name) if schemas.len() > 1 && schemas.contains(&name) => {
                        schemas.retain(|s| *s != name);
                        skipped.push(name);
                    }
                    _ => return Err(e),
                }
            }
            Ok(mut loaded) => {
                for name in skipped {
                    if !crate::project::PLATFORM_SCHEMAS.contains(&name.as_str()) {
                        loaded.warnings.push(format!(
                            "schema `{name}` of supabase/config.toml [api] schemas is not in the \
                             {}; skipped",
                            source.describe()
                        ));
                    }
                }
                return Ok(loaded);
            }
        }
    }
}
