//! The `supabase-codegen` binary, run as a user would: on the migrations fixture and the
//! committed snapshot `tests/snapshots/fixture.schema.json`.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_supabase-codegen"))
        .args(args)
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
