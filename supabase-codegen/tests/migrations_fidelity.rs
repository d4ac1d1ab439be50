//! Migrations give the live model: realistic migration folders (`tests/fixtures/apps/<app>/`),
//! written the way Supabase projects write them (guarded DDL in `DO` blocks, partitions, views
//! with aggregates, triggers, policies, publications), are loaded into a throwaway PostgreSQL 15
//! database each and introspected with the live source; the migrations source must give the same
//! model from the files alone. Then `pg_dump --schema-only` of each database (run here) is read
//! by the migrations source as one file, and must give the same model again; so must the
//! hand-written pg_dump-style file `tests/fixtures/pg_dump/blog.sql`.
//!
//! The models are compared whole (snapshot JSON, diffed line by line on failure). The only
//! differences allowed are listed in [`EXPLAINED`], each with the reason.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;

use supabase_codegen::source::migrations::{from_files, Warning};
use supabase_codegen::SchemaModel;

/// Differences between the migrations model and live introspection that are expected, as
/// `(app, snapshot JSON line fragment, why)`. Empty today: every fixture matches exactly.
const EXPLAINED: &[(&str, &str, &str)] = &[];

fn apps_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apps")
}

/// The `.sql` files of a folder in file-name order, as `(name, sql)`.
fn read_folder(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// A line diff of two texts, `-` for the first, `+` for the second (a simple LCS).
fn diff(a: &str, b: &str) -> Vec<String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(format!("+{:5} {}", j + 1, b[j]));
            j += 1;
        } else {
            out.push(format!("-{:5} {}", i + 1, a[i]));
            i += 1;
        }
    }
    out
}

/// A fresh database named `name` in the test cluster; returns its URL.
fn create_database(name: &str) -> String {
    let db = supabase_tests::database();
    db.psql(&format!("drop database if exists {name} with (force)"));
    db.psql(&format!("create database {name}"));
    let base = db.superuser_url.rsplit_once('/').unwrap().0.to_string();
    format!("{base}/{name}")
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

async fn load(url: &str, files: &[(String, String)]) {
    let client = connect(url).await;
    for (name, sql) in files {
        client
            .batch_execute(sql)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

async fn live_model(url: &str, schemas: &[&str]) -> SchemaModel {
    let mut client = connect(url).await;
    supabase_codegen::source::live::introspect(&mut client, schemas)
        .await
        .unwrap()
}

/// `pg_dump --schema-only` of the database at `url`.
fn pg_dump(url: &str) -> String {
    let bindir = supabase_tests::tools::pg_bindir().unwrap();
    let out = Command::new(bindir.join("pg_dump"))
        .args(["--schema-only", "--dbname", url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pg_dump failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The differences of `from_files` (-) and `live` (+) not listed in [`EXPLAINED`] for `app`.
fn unexplained(app: &str, from_files: &SchemaModel, live: &SchemaModel) -> Vec<String> {
    let (m, l) = (from_files.to_snapshot_json(), live.to_snapshot_json());
    diff(&m, &l)
        .into_iter()
        .filter(|line| {
            !EXPLAINED
                .iter()
                .any(|(a, fragment, _)| *a == app && line.contains(fragment))
        })
        .collect()
}

fn show(warnings: &[Warning]) -> String {
    warnings.iter().map(|w| format!("{w}\n")).collect()
}

fn model_of(files: &[(String, String)], schemas: &[&str]) -> (SchemaModel, Vec<Warning>) {
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    from_files(&files, schemas).unwrap()
}

/// Loads one app, compares migrations vs live, then its pg_dump vs live. With `supabase`,
/// the database first gets Supabase's own schemas (the same SQL the migrations source
/// bundles), as a Supabase project has them before its first migration.
async fn check_app(app: &str, schemas: &[&str], supabase: bool) {
    let files = read_folder(&apps_dir().join(app));
    let url = create_database(&format!("fidelity_{app}_{}", std::process::id()));
    if supabase {
        let bundled = supabase_codegen::source::migrations::SUPABASE_SCHEMAS_SQL;
        load(
            &url,
            &[("supabase schemas".to_string(), bundled.to_string())],
        )
        .await;
    }
    load(&url, &files).await;
    let live = live_model(&url, schemas).await;

    let (model, warnings) = model_of(&files, schemas);
    assert!(warnings.is_empty(), "{app}: warnings:\n{}", show(&warnings));
    let left = unexplained(app, &model, &live);
    assert!(
        left.is_empty(),
        "{app}: the migrations model (-) differs from live introspection (+):\n{}",
        left.join("\n")
    );

    let dump = pg_dump(&url);
    let (model, warnings) = model_of(&[(format!("{app}.dump.sql"), dump)], schemas);
    assert!(
        warnings.is_empty(),
        "{app}: pg_dump warnings:\n{}",
        show(&warnings)
    );
    let left = unexplained(app, &model, &live);
    assert!(
        left.is_empty(),
        "{app}: the model of its pg_dump (-) differs from live introspection (+):\n{}",
        left.join("\n")
    );
}

#[tokio::test]
async fn shop_migrations_and_dump_equal_live() {
    check_app("shop", &["public"], false).await;
}

#[tokio::test]
async fn chat_migrations_and_dump_equal_live() {
    check_app("chat", &["public"], false).await;
}

/// References to `auth.users`, `auth.uid()`, `storage.objects`, `storage.filename()` and
/// `realtime.messages` resolve without a stand-in; the bundled schemas themselves equal live
/// introspection of the same SQL (and so does the pg_dump, which redefines them).
#[tokio::test]
async fn supabase_app_resolves_bundled_schemas() {
    check_app("notes", &["public"], true).await;
    check_app(
        "notes",
        &["public", "auth", "storage", "realtime", "extensions"],
        true,
    )
    .await;
    let (model, _) = model_of(&read_folder(&apps_dir().join("notes")), &["public"]);
    let notes = model.schema("public").unwrap().relation("notes").unwrap();
    let owner = notes
        .foreign_keys
        .iter()
        .find(|f| f.name == "notes_owner_id_fkey");
    assert_eq!(
        owner.map(|f| (f.referenced_schema.as_str(), f.referenced_relation.as_str())),
        Some(("auth", "users"))
    );
    assert_eq!(
        notes.column("owner_id").unwrap().default.as_deref(),
        Some("auth.uid()")
    );
}

/// A user's own definition of a bundled object replaces it.
#[test]
fn own_definitions_take_precedence() {
    let (model, warnings) = from_files(
        &[(
            "0001_stand_in.sql",
            "create schema if not exists auth;\n\
             create table auth.users (id uuid primary key, email text);\n\
             create table if not exists storage.buckets (id int primary key);\n\
             create table profiles (id uuid primary key references auth.users);",
        )],
        &["public", "auth", "storage"],
    )
    .unwrap();
    assert!(warnings.is_empty(), "{}", show(&warnings));
    let users = model.schema("auth").unwrap().relation("users").unwrap();
    let names: Vec<&str> = users.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "email"]);
    // IF NOT EXISTS keeps the bundled table, as the database would keep the real one.
    let buckets = model
        .schema("storage")
        .unwrap()
        .relation("buckets")
        .unwrap();
    assert_eq!(buckets.column("id").unwrap().sql_type, "text");
    // Not asked for, not in the result.
    let (model, _) = from_files(&[("1.sql", "select 1;")], &["public"]).unwrap();
    assert!(model.schema("auth").is_none());
}

#[tokio::test]
async fn hand_written_pg_dump_equals_live() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pg_dump/blog.sql");
    let files = vec![(
        "blog.sql".to_string(),
        std::fs::read_to_string(path).unwrap(),
    )];
    let url = create_database(&format!("fidelity_blog_{}", std::process::id()));
    load(&url, &files).await;
    let live = live_model(&url, &["public"]).await;
    let (model, warnings) = model_of(&files, &["public"]);
    assert!(warnings.is_empty(), "blog: warnings:\n{}", show(&warnings));
    let left = unexplained("blog", &model, &live);
    assert!(
        left.is_empty(),
        "blog: the model of blog.sql (-) differs from live introspection (+):\n{}",
        left.join("\n")
    );
}
