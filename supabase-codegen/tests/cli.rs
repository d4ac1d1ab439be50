//! The `supabase-codegen` binary, run as a user would: on the migrations fixture and the
//! committed snapshot `tests/snapshots/fixture.schema.json`.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary outside any Supabase CLI project (the sources are absolute paths).
fn bin(args: &[&str]) -> Output {
    bin_in(&std::env::temp_dir(), args)
}

/// Runs the binary in `dir`.
fn bin_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_supabase-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn manifest(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

fn snapshot() -> String {
    manifest("tests/snapshots/fixture.schema.json")
}

fn migrations() -> String {
    manifest("tests/fixtures/migrations")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn dump_of_the_snapshot_source_equals_the_committed_snapshot() {
    let snap = snapshot();
    let out = bin(&[
        "dump",
        "--schema-file",
        &snap,
        "--schema",
        "public",
        "--schema",
        "api2",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), std::fs::read_to_string(&snap).unwrap());
}

#[test]
fn dump_of_the_migrations_to_a_file_is_atomic_and_stable() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schema.json");
    let file_s = file.display().to_string();
    let args = ["dump", "--migrations-dir", &migrations(), "--out", &file_s];
    let first = bin(&args);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stdout(&first).is_empty());
    let bytes = std::fs::read(&file).unwrap();
    let second = bin(&args);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    assert_eq!(
        files_in(dir.path()),
        ["schema.json"],
        "no temporary files left"
    );
    assert!(String::from_utf8(bytes)
        .unwrap()
        .starts_with("{\n  \"format_version\": 1,"));
}

#[test]
fn check_passes_on_a_current_snapshot_and_fails_with_a_diff_on_a_stale_one() {
    let dir = tempfile::tempdir().unwrap();
    let committed = dir.path().join("schema.json");
    let committed_s = committed.display().to_string();
    let dump = bin(&[
        "dump",
        "--migrations-dir",
        &migrations(),
        "--out",
        &committed_s,
    ]);
    assert_eq!(dump.status.code(), Some(0), "{}", stderr(&dump));
    let check = [
        "check",
        "--migrations-dir",
        &migrations(),
        "--snapshot",
        &committed_s,
    ];
    let ok = bin(&check);
    assert_eq!(ok.status.code(), Some(0), "{}{}", stdout(&ok), stderr(&ok));
    assert!(stdout(&ok).contains("up to date"));

    let text = std::fs::read_to_string(&committed).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("\"nullable\": false"))
        .unwrap();
    let modified = text.replacen("\"nullable\": false", "\"nullable\": true", 1);
    std::fs::write(&committed, modified).unwrap();
    let stale = bin(&check);
    assert_eq!(stale.status.code(), Some(1), "{}", stderr(&stale));
    let diff = stdout(&stale);
    assert!(diff.contains("--- "), "{diff}");
    assert!(diff.contains(&format!("@@ -{},", line + 1 - 3)), "{diff}");
    assert!(
        diff.contains("\"nullable\": true") && diff.contains("\"nullable\": false"),
        "{diff}"
    );
    assert!(diff.contains("is stale"), "{diff}");
}

#[test]
fn malformed_json_gives_file_line_column_and_a_failure_code() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"format_version\": 1,\n  \"schemas\": [,]\n}\n").unwrap();
    let bad_s = bad.display().to_string();
    for command in ["dump", "generate"] {
        let out = bin(&[command, "--schema-file", &bad_s]);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(err.contains(&format!("{bad_s}:3:")), "{err}");
    }
    let out = bin(&["dump", "--openapi-file", &bad_s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("{bad_s}:3:")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn malformed_sql_gives_file_line_column_and_a_failure_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("0001_bad.sql"),
        "create table ok (id int);\ncreate table t (\n  id int,,\n);\n",
    )
    .unwrap();
    let dir_s = dir.path().display().to_string();
    let out = bin(&["dump", "--migrations-dir", &dir_s]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let expected = dir.path().join("0001_bad.sql").display().to_string();
    assert!(err.contains(&format!("{expected}:3:")), "{err}");
}

#[test]
fn help_works_for_every_command() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["help", "check"],
        &["generate", "--help"],
        &["dump", "--help"],
        &["check", "--help"],
        &["check", "-h"],
    ] {
        let out = bin(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(stdout(&out).contains("Usage: supabase-codegen"), "{args:?}");
    }
    assert!(stdout(&bin(&["dump", "--help"])).contains("--migrations-dir"));
    assert!(stdout(&bin(&["check", "--help"])).contains("--snapshot"));
}

#[test]
fn bad_usage_is_refused_with_code_2() {
    let snap = snapshot();
    for args in [
        &[][..],
        &["frobnicate"],
        &["dump"],
        &["dump", "--schema-file", &snap, "--migrations-dir", "x"],
        &["dump", "--schema-file"],
        &["dump", "--schema-file", &snap, "--snapshot", "x"],
        &["check", "--schema-file", &snap],
        &[
            "check",
            "--schema-file",
            &snap,
            "--schema-file",
            &snap,
            "--snapshot",
            "x",
        ],
        &[
            "check",
            "--schema-file",
            &snap,
            "--schema-file",
            &snap,
            "--schema-file",
            &snap,
        ],
    ] {
        let out = bin(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("error") || stderr(&out).contains("Usage"),
            "{args:?}"
        );
    }
}

#[test]
fn a_missing_schema_is_an_error() {
    let out = bin(&["dump", "--schema-file", &snapshot(), "--schema", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope"), "{}", stderr(&out));
}

/// `examples/typed`, laid out as a Supabase CLI project.
fn typed_example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/typed")
}

#[test]
fn inside_a_supabase_project_no_flags_are_needed() {
    let project = typed_example();
    let migrations = project.join("supabase/migrations").display().to_string();
    let explicit = bin(&[
        "generate",
        "--migrations-dir",
        &migrations,
        "--schema",
        "public",
    ]);
    assert_eq!(explicit.status.code(), Some(0), "{}", stderr(&explicit));
    // From the project's root and from a folder below it.
    for dir in [project.clone(), project.join("src")] {
        let out = bin_in(&dir, &["generate"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stdout(&out), stdout(&explicit));
        // `graphql_public`, listed in [api] schemas, is the platform's: skipped silently.
        assert_eq!(stderr(&out), "");
        let out = bin_in(&dir, &["dump"]);
        let committed = std::fs::read_to_string(project.join("supabase/schema.json")).unwrap();
        assert_eq!(stdout(&out), committed);
        // check: the migrations against the committed supabase/schema.json.
        let out = bin_in(&dir, &["check"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}",
            stdout(&out),
            stderr(&out)
        );
        assert!(
            stdout(&out).ends_with("schema.json: up to date\n"),
            "{}",
            stdout(&out)
        );
    }
    // A flag overrides the project's source and schemas.
    let out = bin_in(
        &project,
        &["dump", "--schema-file", &snapshot(), "--schema", "api2"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"name\": \"api2\""));
    assert!(!stdout(&out).contains("planets"));
}

#[test]
fn check_in_a_project_reports_drift_between_migrations_and_another_source() {
    let dir = tempfile::tempdir().unwrap();
    let supabase = dir.path().join("supabase");
    std::fs::create_dir_all(supabase.join("migrations")).unwrap();
    std::fs::write(
        supabase.join("config.toml"),
        "[api]\nschemas = [\"public\", \"api\", \"graphql_public\"]\n",
    )
    .unwrap();
    let example = typed_example().join("supabase");
    for file in files_in(&example.join("migrations")) {
        std::fs::copy(
            example.join("migrations").join(&file),
            supabase.join("migrations").join(&file),
        )
        .unwrap();
    }
    std::fs::copy(example.join("schema.json"), supabase.join("schema.json")).unwrap();
    // A new migration: the committed snapshot is now stale, and says what changed.
    std::fs::write(
        supabase.join("migrations/20240301000000_note.sql"),
        "alter table public.sightings alter column note set not null;\n\
         alter table public.planets add column rings integer;\n",
    )
    .unwrap();
    let out = bin_in(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("public.planets.rings: column: (absent) → integer\n"),
        "{text}"
    );
    assert!(
        text.contains("public.sightings.note: nullability: null → not null\n"),
        "{text}"
    );
    // `api` is in [api] schemas but no migration creates it: a warning, not an error.
    assert!(
        stderr(&out).contains("schema `api` of supabase/config.toml [api] schemas is not in"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("graphql_public"), "{}", stderr(&out));
    // One source given: the project's migrations are compared with it.
    let committed = supabase.join("schema.json").display().to_string();
    let out = bin_in(dir.path(), &["check", "--schema-file", &committed]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.starts_with("drift: migrations folder "), "{text}");
    assert!(text.ends_with("2 differences\n"), "{text}");
    // Two sources, outside the project.
    let migrations = supabase.join("migrations").display().to_string();
    let out = bin(&[
        "check",
        "--schema-file",
        &committed,
        "--migrations-dir",
        &migrations,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("public.planets.rings: column: (absent) → integer"));
}

#[test]
fn database_url_errors_say_where_and_why_without_the_password() {
    // Nothing listens on a port just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://app:hunter2@127.0.0.1:{port}/db");
    let out = bin(&["generate", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "cannot connect to the database at 127.0.0.1:{port}: connection refused"
        )),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");

    let db = supabase_tests::database();
    let url = format!(
        "postgres://postgres:hunter2@127.0.0.1:{}/no_such_db",
        db.port
    );
    let out = bin(&["dump", "--database-url", &url]);
    let err = stderr(&out);
    assert!(err.contains("the database does not exist"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");

    let url = format!(
        "postgres://postgres:hunter2@127.0.0.1:{}/postgres?sslmode=require",
        db.port
    );
    let out = bin(&["dump", "--database-url", &url]);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("127.0.0.1:{}: TLS", db.port)),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");

    let out = bin(&["dump", "--database-url", "postgres://x:hunter2@[::1"]);
    let err = stderr(&out);
    assert!(err.contains("invalid database URL"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn check_against_an_openapi_document_compares_what_it_tells() {
    let openapi = manifest("tests/fixtures/postgrest-openapi.json");
    let out = bin(&[
        "check",
        "--schema-file",
        &snapshot(),
        "--openapi-file",
        &openapi,
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(
        text.contains("(compared what an OpenAPI document tells)\n"),
        "{text}"
    );
    // The document was saved before the fixture's `cg_*` objects were added: those are the
    // only differences; everything both sides have agrees on columns, types, nullability,
    // defaults, keys, enum labels and argument names.
    //
    // One difference is the document's own loss: it replaces a domain by its base type and
    // reports the NOT NULL of a `NOT NULL` domain (`cg_more_types.pos`, a `positive_int`) as the
    // column's, where the model keeps the column nullable and the NOT NULL on the domain.
    for line in text.lines().skip(2) {
        if line.ends_with("differences") || line.ends_with("difference") {
            continue;
        }
        if line == "public.cg_more_types.pos: nullability: null → not null" {
            continue;
        }
        assert!(line.starts_with("public.cg_"), "{line}");
        assert!(line.ends_with("→ (absent)"), "{line}");
    }
}
