//! The SQL migrations source: a folder of migrations (Supabase CLI's `supabase/migrations/`,
//! drizzle-kit's flat `*.sql` files, Prisma's `<name>/migration.sql` folders; see
//! [`migration_files`]) applied in order to an empty model, statement by statement, parsed with
//! sqlparser's PostgreSQL dialect. The result is meant to equal what [`crate::source::live`]
//! reads from a database the same files ran on (`tests/migrations.rs`,
//! `tests/migrations_fidelity.rs` and `tests/drift.rs` check that, on realistic apps, on
//! `tests/fixtures/real-world/` and on `pg_dump --schema-only` output).
//!
//! Before the user's files, Supabase's own schemas are applied ([`SUPABASE_SCHEMAS_SQL`]), so
//! `references auth.users` and `auth.uid()` resolve; they are in the result only when asked
//! for, and a user's own CREATE of one of their tables or types replaces it.
//!
//! Modeled: CREATE/ALTER/DROP TABLE (columns, PRIMARY KEY, UNIQUE, FOREIGN KEY with Postgres's
//! default constraint names, identity with or without sequence options, generated columns,
//! defaults, NOT NULL, serial, `ADD CONSTRAINT .. USING INDEX` of a unique index, renames of
//! tables, columns, constraints and indexes), partitioned tables (`PARTITION BY`, `PARTITION
//! OF`, `ATTACH`/`DETACH PARTITION`, keys reaching the partitions, the per-partition constraints
//! of a foreign key referencing one), CREATE TYPE (enum, composite), ALTER TYPE .. ADD/RENAME
//! VALUE and RENAME TO (every use follows), CREATE/ALTER DOMAIN, CREATE EXTENSION (the base
//! types and functions of common extensions; see `extension`), CREATE (MATERIALIZED) VIEW (with
//! options, `WITH [NO] DATA`, `WITH` queries, set operations, subqueries) and ALTER VIEW,
//! CREATE TABLE .. (LIKE ..) and CREATE TABLE .. AS, CREATE/ALTER FUNCTION, `SET SCHEMA` of
//! relations and types, DROP of these, COMMENT ON, CREATE SCHEMA, ENABLE/DISABLE ROW LEVEL
//! SECURITY, and `DO` blocks run as the database
//! runs them (exception handlers roll back, `IF [NOT] EXISTS` guards over the catalogs are
//! evaluated against the model; see `do_block`). pg_dump's output is read whole (`SET`,
//! `set_config`, `ALTER TABLE ONLY`, identity sequence options, psql meta-commands).
//!
//! Ignored silently because they cannot change the model: GRANT, REVOKE, policies, other
//! indexes, triggers, roles, sequences, publications, procedures, exclusion constraints,
//! `VALIDATE CONSTRAINT`, `REPLICA IDENTITY`, DML, transaction control, `SET`, `OWNER TO`.
//! Anything else that might change the model but is not understood is a [`Warning`] with its
//! file, line and column. A type that cannot be resolved is a warning where it is written and
//! the column's, argument's or result's type is [`crate::TypeRef::Unknown`], never a guess.
//! Malformed SQL is an [`Error::MigrationSql`] with file:line:column.
//!
//! Known limits: expressions are printed like `pg_get_expr` only for common cases (literals with
//! their type, casts, calls of user functions and of common built-ins, arithmetic, `||`,
//! `->>`); view column types are inferred for column references, casts, literals, the common
//! aggregates and scalar functions (see `view_types`), anything else is unknown; view columns
//! are nullable, as PostgreSQL reports them; loops and `EXECUTE` of computed strings in `DO`
//! blocks are warnings; `BEGIN ATOMIC` function bodies are not supported (they contain
//! semicolons); `DROP .. CASCADE` of a table or view drops the views over it (see `view_deps`)
//! but not functions or columns of its row type; unqualified names resolve in `public` (the default `search_path`), extension types also
//! in the schema the extension was created in.
//!
//! ```
//! use supabase_codegen::source::migrations::from_sql;
//!
//! let (model, warnings) = from_sql(
//!     "create table todos (id bigint generated always as identity primary key, task text not null);
//!      grant select on todos to anon;",
//!     "0001_init.sql",
//!     &["public"],
//! )?;
//! let todos = model.schema("public").and_then(|s| s.relation("todos")).expect("todos");
//! assert_eq!(todos.primary_key.as_ref().map(|pk| pk.name.as_str()), Some("todos_pkey"));
//! assert!(warnings.is_empty());
//! # Ok::<(), supabase_codegen::Error>(())
//! ```

mod alter;
mod alter_function;
mod apply;
mod commands;
mod comment;
mod default;
mod do_block;
mod domain;
mod extension;
mod function;
mod guard;
mod index;
mod like;
mod names;
mod parse;

mod partition;
mod partition_fk;
mod retype;
mod rewrite;
mod set_schema;
mod supabase;
mod table;
mod type_def;
mod types;
mod view;
mod view_deps;
mod view_query;
mod view_types;
mod warning;

use std::path::Path;

pub use warning::Warning;

/// Supabase's own schemas as SQL (PostgreSQL 15): `auth.users`, `auth.identities`,
/// `auth.sessions`, `auth.uid()` / `role()` / `email()` / `jwt()`, `storage.buckets`,
/// `storage.objects`, `storage.foldername()` / `filename()` / `extension()`,
/// `realtime.messages`, `realtime.topic()` / `send()`, and the `extensions` schema. The
/// migrations source applies it before the user's files, so foreign keys to `auth.users` and
/// calls of `auth.uid()` resolve; its header names the Supabase releases it mirrors.
///
/// ```
/// let sql = supabase_codegen::source::migrations::SUPABASE_SCHEMAS_SQL;
/// assert!(sql.contains("create table auth.users"));
/// let (model, warnings) =
///     supabase_codegen::source::migrations::from_sql("", "empty.sql", &["auth"])?;
/// assert!(warnings.is_empty());
/// let users = model.schema("auth").and_then(|s| s.relation("users")).expect("auth.users");
/// assert_eq!(users.primary_key.as_ref().map(|k| k.columns.clone()), Some(vec!["id".to_string()]));
/// # Ok::<(), supabase_codegen::Error>(())
/// ```
pub const SUPABASE_SCHEMAS_SQL: &str = include_str!("supabase/schemas.sql");

use crate::error::{Error, Result};
use crate::model::SchemaModel;
use apply::{At, State};

/// Reads the migrations of `dir` (see [`migration_files`]), applies them in order and returns
/// the model of `schemas` with the warnings.
///
/// # Errors
///
/// [`Error::Io`] when the folder or a file cannot be read; [`Error::MigrationSql`] for
/// malformed SQL; [`Error::SchemaNotFound`] when a schema of `schemas` is never created.
///
/// ```no_run
/// let (model, warnings) = supabase_codegen::source::migrations::from_migrations_dir(
///     "supabase/migrations", &["public"])?;
/// for w in &warnings {
///     eprintln!("warning: {w}");
/// }
/// # Ok::<(), supabase_codegen::Error>(())
/// ```
pub fn from_migrations_dir(
    dir: impl AsRef<Path>,
    schemas: &[&str],
) -> Result<(SchemaModel, Vec<Warning>)> {
    let files = migration_files(dir)?;
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    from_files(&files, schemas)
}

/// The migration files of `dir` as `(name, sql)`, in the order they run: every `*.sql` file of
/// the folder (Supabase CLI, drizzle-kit, dbmate, ...) and every `<folder>/migration.sql` of a
/// subfolder (Prisma Migrate's `prisma/migrations/<timestamp>_<name>/migration.sql`), sorted by
/// name (a subfolder by its own name). Names are relative to `dir`, with `/` separators.
///
/// # Errors
///
/// [`Error::Io`] when the folder or a file cannot be read.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// std::fs::create_dir(dir.path().join("20240101000000_init"))?;
/// std::fs::write(dir.path().join("20240101000000_init/migration.sql"), "create table a (id int);")?;
/// std::fs::write(dir.path().join("20240102000000_more.sql"), "create table b (id int);")?;
/// std::fs::write(dir.path().join("migration_lock.toml"), "provider = \"postgresql\"")?;
/// let files = supabase_codegen::source::migrations::migration_files(dir.path())?;
/// let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
/// assert_eq!(names, ["20240101000000_init/migration.sql", "20240102000000_more.sql"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn migration_files(dir: impl AsRef<Path>) -> Result<Vec<(String, String)>> {
    let dir = dir.as_ref();
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::Io { path, source }
    };
    // (sort key, name relative to `dir`, path)
    let mut found: Vec<(String, String, std::path::PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        let Some(file_name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        if path.is_dir() {
            let inner = path.join("migration.sql");
            if inner.is_file() {
                found.push((
                    file_name.clone(),
                    format!("{file_name}/migration.sql"),
                    inner,
                ));
            }
        } else if path.extension().is_some_and(|e| e == "sql") && path.is_file() {
            found.push((file_name.clone(), file_name, path));
        }
    }
    found.sort();
    let mut files = Vec::new();
    for (_, name, path) in found {
        let sql = std::fs::read_to_string(&path).map_err(io(&path))?;
        files.push((name, sql));
    }
    Ok(files)
}

/// Applies the files `(name, sql)` in the order given; see [`from_migrations_dir`].
///
/// # Errors
///
/// As [`from_migrations_dir`], without I/O.
///
/// ```
/// use supabase_codegen::source::migrations::from_files;
///
/// let (model, _) = from_files(&[
///     ("1.sql", "create type mood as enum ('sad', 'happy');"),
///     ("2.sql", "alter type mood add value 'ok' after 'sad';"),
/// ], &["public"])?;
/// let mood = model.schema("public").and_then(|s| s.enum_type("mood")).expect("mood");
/// assert_eq!(mood.labels, ["sad", "ok", "happy"]);
/// # Ok::<(), supabase_codegen::Error>(())
/// ```
pub fn from_files(files: &[(&str, &str)], schemas: &[&str]) -> Result<(SchemaModel, Vec<Warning>)> {
    from_files_with_search_path(files, schemas, DEFAULT_SEARCH_PATH)
}

/// The `search_path` the migrations run with unless told otherwise: that of a Supabase
/// project's database roles (`"$user", public, extensions`), so an unqualified extension type or
/// function (`citext`, `uuid_generate_v4()`) resolves where the extension was created.
pub const DEFAULT_SEARCH_PATH: &[&str] = &["public", "extensions"];

/// [`from_files`] with the migrations run under `search_path` (unqualified type and function
/// names are looked up in its schemas, in order; new objects still go to `public`). A Supabase
/// project's `[api] extra_search_path` is passed here by [`crate::Builder::from_supabase_dir`]
/// and the command line.
///
/// # Errors
///
/// As [`from_files`].
///
/// ```
/// use supabase_codegen::source::migrations::from_files_with_search_path;
///
/// let sql = "create extension citext with schema ext;
///            create table users (email citext);";
/// let files = [("1.sql", sql)];
/// let (model, warnings) = from_files_with_search_path(
///     &[("0.sql", "create schema ext;"), files[0]], &["public"], &["public", "ext"])?;
/// assert!(warnings.is_empty(), "{warnings:?}");
/// let users = model.schema("public").and_then(|s| s.relation("users")).expect("users");
/// assert_eq!(users.columns[0].sql_type, "ext.citext");
/// // Without `ext` on the search path the type is unknown, with a warning.
/// let (_, warnings) = from_files_with_search_path(
///     &[("0.sql", "create schema ext;"), files[0]], &["public"], &["public"])?;
/// assert_eq!(warnings.len(), 1);
/// # Ok::<(), supabase_codegen::Error>(())
/// ```
pub fn from_files_with_search_path(
    files: &[(&str, &str)],
    schemas: &[&str],
    search_path: &[&str],
) -> Result<(SchemaModel, Vec<Warning>)> {
    let _scope = extension::Scope::enter(search_path);
    let mut state = State::new();
    supabase::apply_bundled(&mut state)?;
    extension::preinstalled();
    for (file, sql) in files {
        for statement in parse::split(sql, file)? {
            apply::apply(
                &mut state,
                &At {
                    file,
                    statement: &statement,
                },
            )?;
        }
    }
    state.finish();
    let mut model = state.model;
    if let Some(missing) = schemas.iter().find(|s| model.schema(s).is_none()) {
        return Err(Error::SchemaNotFound(missing.to_string()));
    }
    model.schemas.retain(|s| schemas.contains(&s.name.as_str()));
    model.normalize();
    Ok((model, state.warnings))
}

/// Applies one file's SQL; see [`from_migrations_dir`].
///
/// # Errors
///
/// As [`from_migrations_dir`], without I/O.
///
/// ```
/// let err = supabase_codegen::source::migrations::from_sql(
///     "create table t (\n  id int,,\n);", "bad.sql", &["public"]).unwrap_err();
/// assert!(err.to_string().starts_with("bad.sql:2:"), "{err}");
/// ```
pub fn from_sql(
    sql: &str,
    file_name: &str,
    schemas: &[&str],
) -> Result<(SchemaModel, Vec<Warning>)> {
    from_files(&[(file_name, sql)], schemas)
}
