//! A Supabase CLI project: a folder holding `supabase/config.toml` and `supabase/migrations/`
//! (what `supabase init` creates). Inside one, the command line and
//! [`crate::Builder::from_supabase_dir`] need no flags: the schema comes from the migrations and
//! the schemas are those the project's API exposes.
//!
//! Read from `supabase/config.toml`: `[api] schemas` (the schemas PostgREST exposes; default
//! `public`) and `[api] extra_search_path` (the schemas after `public` in which the migrations
//! source looks up unqualified type and function names, as the project's database roles do;
//! default `extensions`). Schemas that only the Supabase platform creates
//! (`graphql_public`, listed by `supabase init`) are skipped when the migrations do not create
//! them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The folder of a Supabase CLI project and what its `config.toml` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Project {
    /// The `supabase` folder (holding `config.toml`).
    pub(crate) dir: PathBuf,
    /// `[api] schemas`, or `public` when the file lists none.
    pub(crate) schemas: Vec<String>,
    /// `[api] extra_search_path`.
    pub(crate) extra_search_path: Vec<String>,
    /// `[db] port`, the local database's port (54322 by default).
    pub(crate) db_port: Option<u16>,
}

/// Schemas that `supabase init` lists in `[api] schemas` but that the platform, not the user's
/// migrations, creates.
pub(crate) const PLATFORM_SCHEMAS: &[&str] = &["graphql_public"];

#[derive(Deserialize, Default)]
struct Config {
    #[serde(default)]
    api: Api,
    #[serde(default)]
    db: Db,
}

#[derive(Deserialize, Default)]
struct Api {
    schemas: Option<Vec<String>>,
    extra_search_path: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
struct Db {
    port: Option<u16>,
}

impl Project {
    /// The `search_path` the project's migrations run with: `public`, then `[api]
    /// extra_search_path`.
    pub(crate) fn search_path(&self) -> Vec<String> {
        let mut path = vec!["public".to_string()];
        for s in &self.extra_search_path {
            if !path.contains(s) {
                path.push(s.clone());
            }
        }
        path
    }

    /// The project at `path`: a project root (holding `supabase/config.toml`) or its
    /// `supabase` folder.
    pub(crate) fn open(path: &Path) -> Result<Project> {
        let dir = if path.join("config.toml").is_file() {
            path.to_path_buf()
        } else {
            path.join("supabase")
        };
        let file = dir.join("config.toml");
        let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
            path: file.display().to_string(),
            source,
        })?;
        let config: Config = toml::from_str(&text).map_err(|e| {
            let at = e
                .span()
                .map(|span| {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                    format!(":{line}:{column}")
                })
                .unwrap_or_default();
            Error::Config(format!(
                "{}{at}: {}",
                file.display(),
                e.message().trim_end()
            ))
        })?;
        let schemas = config
            .api
            .schemas
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| vec!["public".to_owned()]);
        Ok(Project {
            dir,
            schemas,
            // The Supabase CLI's default when the file sets none.
            extra_search_path: config
                .api
                .extra_search_path
                .unwrap_or_else(|| vec!["public".to_string(), "extensions".to_string()]),
            db_port: config.db.port,
        })
    }

    /// The project whose root is `start` or one of its ancestors, like the Supabase CLI finds
    /// it; `None` outside a project.
    pub(crate) fn find(start: &Path) -> Result<Option<Project>> {
        for dir in start.ancestors() {
            if dir.join("supabase").join("config.toml").is_file() {
                return Project::open(dir).map(Some);
            }
        }
        Ok(None)
    }

    /// `supabase/migrations`.
    pub(crate) fn migrations_dir(&self) -> PathBuf {
        self.dir.join("migrations")
    }

    /// `supabase/schema.json`, the snapshot `query!` reads by default, when it exists.
    pub(crate) fn snapshot(&self) -> Option<PathBuf> {
        Some(self.dir.join("schema.json")).filter(|p| p.is_file())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn reads_the_api_schemas_and_search_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("supabase")).unwrap();
        std::fs::write(
            dir.path().join("supabase/config.toml"),
            "project_id = \"x\"\n[api]\nenabled = true\nschemas = [\"public\", \"graphql_public\"]\n\
             extra_search_path = [\"public\", \"extensions\"]\nmax_rows = 1000\n[db]\nport = 54322\n\
             [db.seed]\nenabled = true\n",
        )
        .unwrap();
        let nested = dir.path().join("src/bin");
        std::fs::create_dir_all(&nested).unwrap();
        let project = Project::find(&nested).unwrap().unwrap();
        assert_eq!(project.schemas, ["public", "graphql_public"]);
        assert_eq!(project.extra_search_path, ["public", "extensions"]);
        assert_eq!(project.db_port, Some(54322));
        assert_eq!(
            project.migrations_dir(),
            dir.path().join("supabase/migrations")
        );
        assert_eq!(
            Project::open(&dir.path().join("supabase")).unwrap(),
            project
        );
    }

    #[test]
    fn extra_search_path_is_where_migrations_find_unqualified_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("supabase/migrations")).unwrap();
        std::fs::write(
            dir.path().join("supabase/config.toml"),
            "[api]\nextra_search_path = [\"public\", \"ext\"]\n",
        )
        .unwrap();
        let project = Project::find(dir.path()).unwrap().unwrap();
        assert_eq!(project.search_path(), ["public", "ext"]);
        std::fs::write(
            dir.path().join("supabase/migrations/1_init.sql"),
            "create schema ext;\ncreate extension citext with schema ext;\n\
             create table users (email citext);\n",
        )
        .unwrap();
        let source = crate::input::Source::MigrationsDir(project.migrations_dir());
        let schemas = ["public".to_string()];
        let loaded = crate::input::load(&source, &schemas, &project.search_path()).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let users = loaded
            .model
            .schema("public")
            .unwrap()
            .relation("users")
            .unwrap();
        assert_eq!(users.columns[0].sql_type, "ext.citext");
        // The default search path (`public, extensions`) does not see `ext`.
        let loaded = crate::input::load(&source, &schemas, &[]).unwrap();
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);

        // Without the setting, the Supabase CLI's default.
        std::fs::write(dir.path().join("supabase/config.toml"), "[api]\n").unwrap();
        let project = Project::find(dir.path()).unwrap().unwrap();
        assert_eq!(project.search_path(), ["public", "extensions"]);
    }

    #[test]
    fn a_bad_config_is_an_error_with_its_position() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "[api]\nschemas = \"public\"\n",
        )
        .unwrap();
        let err = Project::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("config.toml:2:11:"), "{err}");
    }
}
