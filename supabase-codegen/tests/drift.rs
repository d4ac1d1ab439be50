//! Drift between the sources on realistic schemas: for each app of `tests/corpus/<app>/schema/`
//! (and the two migration folders of this repository), the SQL is loaded into a fresh database
//! of the test PostgreSQL 15 (after `tests/corpus/supabase-platform.sql`, the stand-in for
//! Supabase's own schemas) and introspected live. Then, with `supabase_codegen::diff`:
//!
//! - `migrations`: the migrations source on the app's files (alone, as a Supabase project has
//!   them) against the live model;
//! - `pg_dump`: the migrations source on `pg_dump --schema-only` of that database (platform
//!   schemas included) against the live model.
//!
//! Every difference must be listed, with its reason, in `tests/drift/explained.txt`; a listed
//! difference that no longer occurs fails the test too (remove it from the list). The whole
//! table is printed (`cargo test -p supabase-codegen --test drift -- --nocapture`).
//!
//! A last test runs the `check` command as a user would on one app, against the database.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use supabase_codegen::diff::diff;
use supabase_codegen::source::migrations::{from_files, Warning};
use supabase_codegen::SchemaModel;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `(app, folder of migrations)`, corpus apps first.
fn apps() -> Vec<(String, PathBuf)> {
    let corpus = repo().join("tests/corpus");
    let mut apps: Vec<(String, PathBuf)> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("schema").is_dir())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, p.join("schema"))
        })
        .collect();
    apps.sort();
    apps.push((
        "codegen-fixture".into(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/migrations"),
    ));
    apps.push((
        "odd-names".into(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/odd-names"),
    ));
    apps.push((
        "typed-example".into(),
        repo().join("examples/typed/supabase/migrations"),
    ));
    // Migration folders written the way tools and people write them (see the folder's README).
    let real_world = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-world");
    for style in [
        "supabase-diff",
        "prisma",
        "drizzle",
        "supabase-starter",
        "supabase-maintenance",
    ] {
        apps.push((format!("rw-{style}"), real_world.join(style)));
    }
    apps
}

/// The migration files of `dir` in the order the migrations source runs them (Prisma's
/// `<folder>/migration.sql` layout included).
fn sql_files(dir: &Path) -> Vec<(String, String)> {
    supabase_codegen::source::migrations::migration_files(dir).unwrap()
}

/// The stand-in for what a Supabase project has before its migrations, plus the
/// `supabase_realtime` publication every Supabase project has (migrations add tables to it).
fn platform_sql() -> String {
    let platform =
        std::fs::read_to_string(repo().join("tests/corpus/supabase-platform.sql")).unwrap();
    format!(
        "{platform}\ndo $$ begin create publication supabase_realtime; \
         exception when duplicate_object then null; end $$;\n"
    )
}

fn db_url(name: &str) -> String {
    let db = supabase_tests::database();
    let base = db.superuser_url.rsplit_once('/').unwrap().0.to_string();
    format!("{base}/{name}")
}

/// A fresh database `name` with `files` applied in order; returns a client to it.
async fn fresh_database(name: &str, files: &[(String, String)]) -> tokio_postgres::Client {
    let db = supabase_tests::database();
    db.psql(&format!("drop database if exists {name} with (force)"));
    db.psql(&format!("create database {name}"));
    let (client, connection) = tokio_postgres::connect(&db_url(name), tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    for (file, sql) in files {
        client
            .batch_execute(sql)
            .await
            .unwrap_or_else(|e| panic!("{name}: {file}: {e:?}"));
    }
    client
}

async fn user_schemas(client: &tokio_postgres::Client) -> BTreeSet<String> {
    client
        .query(
            "select nspname::text from pg_namespace where nspname not like 'pg\\_%' \
             and nspname <> 'information_schema'",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

fn pg_dump(name: &str) -> String {
    let db = supabase_tests::database();
    let bindir = supabase_tests::tools::pg_bindir().unwrap();
    let out = Command::new(bindir.join("pg_dump"))
        .args(["--schema-only", "-h", "127.0.0.1", "-U", "postgres", "-p"])
        .arg(db.port.to_string())
        .arg(name)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pg_dump: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The drift of `model` (or its error) against `live`, one line each.
fn drift_lines(
    model: supabase_codegen::Result<(SchemaModel, Vec<Warning>)>,
    live: &SchemaModel,
) -> Vec<String> {
    match model {
        Ok((model, _)) => diff(&model, live)
            .changes
            .iter()
            .map(|c| c.to_string())
            .collect(),
        Err(e) => vec![format!("error: {e}")],
    }
}

/// `app side: change` → reason, from `tests/drift/explained.txt`.
fn explained() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drift/explained.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let mut reason = String::new();
    let mut in_reason = false;
    let mut out = BTreeMap::new();
    for line in text.lines() {
        if let Some(r) = line.strip_prefix("# ") {
            if !in_reason {
                reason.clear();
            }
            reason.push_str(r);
            reason.push(' ');
            in_reason = true;
        } else if line.trim().is_empty() || line.starts_with("##") {
            in_reason = false;
        } else {
            in_reason = false;
            assert!(!reason.is_empty(), "no reason above `{line}`");
            out.insert(line.to_owned(), reason.trim().to_owned());
        }
    }
    out
}

#[tokio::test]
async fn sources_agree_on_realistic_schemas_apart_from_explained_drift() {
    let platform = ("supabase-platform.sql".to_owned(), platform_sql());
    let pid = std::process::id();
    let base_client = fresh_database(
        &format!("drift_platform_{pid}"),
        std::slice::from_ref(&platform),
    )
    .await;
    let platform_schemas = user_schemas(&base_client).await;
    drop(base_client);

    let mut found: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut table = String::from(
        "                                                 differences          warnings\n\
         app                      schemas                 migrations  pg_dump migrations  pg_dump\n",
    );
    for (app, dir) in apps() {
        let files = sql_files(&dir);
        let mut with_platform = vec![platform.clone()];
        if app.starts_with("rw-") {
            // The `search_path` of a Supabase project's roles, which these migrations assume.
            with_platform.push((
                "supabase-search-path.sql".to_owned(),
                "set search_path to \"$user\", public, extensions;".to_owned(),
            ));
        }
        with_platform.extend(files.iter().cloned());
        let db = format!("drift_{}_{pid}", app.replace('-', "_"));
        let mut client = fresh_database(&db, &with_platform).await;
        let schemas: Vec<String> = user_schemas(&client)
            .await
            .into_iter()
            .filter(|s| !platform_schemas.contains(s) || s == "public")
            .collect();
        let schemas: Vec<&str> = schemas.iter().map(String::as_str).collect();
        let live = supabase_codegen::source::live::introspect(&mut client, &schemas)
            .await
            .unwrap();
        drop(client);

        let file_refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str()))
            .collect();
        let from_migrations = from_files(&file_refs, &schemas);
        let dump = pg_dump(&db);
        let from_dump = from_files(&[("dump.sql", &dump)], &schemas);
        let warned = |m: &supabase_codegen::Result<(SchemaModel, Vec<Warning>)>| {
            m.as_ref().map_or(0, |(_, w)| w.len())
        };
        let warnings = (warned(&from_migrations), warned(&from_dump));
        for (side, m) in [("migrations", &from_migrations), ("pg_dump", &from_dump)] {
            if let Ok((_, w)) = m {
                notes.extend(w.iter().map(|w| format!("{app} {side}: warning: {w}")));
            }
        }
        let migrations = drift_lines(from_migrations, &live);
        let dumped = drift_lines(from_dump, &live);
        table.push_str(&format!(
            "{app:<24} {:<23} {:>10} {:>8} {:>10} {:>8}\n",
            schemas.join(","),
            migrations.len(),
            dumped.len(),
            warnings.0,
            warnings.1
        ));
        for (side, lines) in [("migrations", migrations), ("pg_dump", dumped)] {
            found.extend(lines.into_iter().map(|l| format!("{app} {side}: {l}")));
        }
        supabase_tests::database().psql(&format!("drop database {db} with (force)"));
    }
    println!("{table}");
    for note in &notes {
        println!("{note}");
    }

    let listed = explained();
    let found_set: BTreeSet<&String> = found.iter().collect();
    let unexplained: Vec<&&String> = found_set
        .iter()
        .filter(|l| !listed.contains_key(**l))
        .collect();
    let gone: Vec<&String> = listed.keys().filter(|l| !found_set.contains(l)).collect();
    let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
    for line in &found_set {
        if let Some(reason) = listed.get(*line) {
            *by_reason.entry(reason.as_str()).or_default() += 1;
        }
    }
    for (reason, n) in &by_reason {
        println!("{n:>4}  {reason}");
    }
    assert!(
        unexplained.is_empty() && gone.is_empty(),
        "drift not in tests/drift/explained.txt:\n{}\nlisted but no longer found (remove them):\n{}",
        unexplained.iter().map(|l| format!("{l}\n")).collect::<String>(),
        gone.iter().map(|l| format!("{l}\n")).collect::<String>()
    );
}

#[tokio::test]
async fn check_command_compares_migrations_with_the_database() {
    let pid = std::process::id();
    let dir = repo().join("examples/typed/supabase/migrations");
    let db = format!("drift_cli_{pid}");
    let client = fresh_database(&db, &sql_files(&dir)).await;
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_supabase-codegen"))
            .args(args)
            .current_dir(std::env::temp_dir())
            .output()
            .unwrap()
    };
    let url = db_url(&db);
    let dir_arg = dir.display().to_string();
    let out = run(&[
        "check",
        "--migrations-dir",
        &dir_arg,
        "--database-url",
        &url,
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("no drift between migrations folder"),
        "{stdout}"
    );

    // A column changed in the database only: drift, exit 1, one line naming it.
    client
        .batch_execute("alter table public.sightings alter column note set not null")
        .await
        .unwrap();
    let out = run(&[
        "check",
        "--migrations-dir",
        &dir_arg,
        "--database-url",
        &url,
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("public.sightings.note: nullability: null → not null\n1 difference\n"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("postgres@"),
        "the URL is not printed: {stdout}"
    );
    drop(client);
    supabase_tests::database().psql(&format!("drop database {db} with (force)"));
}
