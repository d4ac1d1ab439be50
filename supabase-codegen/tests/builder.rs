//! `supabase_codegen::Builder`, as a build script uses it: one source, cargo directives
//! captured through `directives_to`.

#![allow(clippy::unwrap_used, missing_docs)]

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use supabase_codegen::{Builder, Error};

/// A `Write` whose bytes the test can read after the builder consumed it.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn lines(&self) -> Vec<String> {
        String::from_utf8(self.0.lock().unwrap().clone())
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

fn manifest(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn two_sources_or_none_are_refused() {
    let err = Builder::new()
        .schema_file("a.json")
        .migrations_dir("m")
        .out_file("x.rs")
        .directives_to(Captured::default())
        .generate()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    assert!(err.to_string().contains("exactly one source"), "{err}");
    let err = Builder::new().out_file("x.rs").generate().unwrap_err();
    assert!(err.to_string().contains("no source"), "{err}");
}

#[test]
fn migrations_print_rerun_lines_for_the_folder_and_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let captured = Captured::default();
    let migrations = manifest("tests/fixtures/migrations");
    let result = Builder::new()
        .migrations_dir(&migrations)
        .schemas(["public"])
        .out_file(dir.path().join("schema.rs"))
        .directives_to(captured.clone())
        .generate();
    let lines = captured.lines();
    assert_eq!(
        lines[0],
        format!("cargo:rerun-if-changed={}", migrations.display())
    );
    let mut files: Vec<_> = std::fs::read_dir(&migrations)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for (line, file) in lines[1..].iter().zip(&files) {
        assert_eq!(line, &format!("cargo:rerun-if-changed={}", file.display()));
    }
    assert_eq!(files.len(), 4);
    {
        let report = result.unwrap();
        {
            assert_eq!(report.inputs.len(), 5);
            let bytes = std::fs::read(&report.out_file).unwrap();
            // A second run finds the same code and leaves the file alone.
            let again = Builder::new()
                .migrations_dir(&migrations)
                .out_file(dir.path().join("schema.rs"))
                .directives_to(Captured::default())
                .generate()
                .unwrap();
            assert!(!again.written);
            assert_eq!(std::fs::read(&report.out_file).unwrap(), bytes);
            let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
            assert_eq!(names.len(), 1, "no temporary files left");
        }
    }
}

#[test]
fn migration_warnings_become_cargo_warnings_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("0001.sql"),
        "create table t (id int);\ncreate rule r as on insert to t do instead nothing;\n",
    )
    .unwrap();
    let captured = Captured::default();
    let _ = Builder::new()
        .migrations_dir(dir.path())
        .out_file(dir.path().join("out.rs"))
        .directives_to(captured.clone())
        .generate();
    let file = dir.path().join("0001.sql").display().to_string();
    let lines = captured.lines();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("cargo:warning={file}:2:"))),
        "{lines:#?}"
    );
}

#[test]
fn schema_file_errors_carry_the_path_and_rerun_is_printed_first() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("schema.json");
    std::fs::write(&bad, "{\n  oops\n}").unwrap();
    let captured = Captured::default();
    let err = Builder::new()
        .schema_file(&bad)
        .out_file(dir.path().join("out.rs"))
        .directives_to(captured.clone())
        .generate()
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("{}:2:3:", bad.display())),
        "{err}"
    );
    assert_eq!(
        captured.lines(),
        [format!("cargo:rerun-if-changed={}", bad.display())]
    );
}

#[test]
fn a_database_url_reruns_when_the_variable_changes() {
    let captured = Captured::default();
    let _ = Builder::new()
        .database_url("postgres://nobody@127.0.0.1:1/none")
        .out_file("never-written.rs")
        .directives_to(captured.clone())
        .generate();
    assert_eq!(
        captured.lines(),
        ["cargo:rerun-if-env-changed=DATABASE_URL"]
    );
    assert!(!PathBuf::from("never-written.rs").exists());
}

#[test]
fn from_supabase_dir_reads_the_config_and_the_migrations() {
    let project = manifest("../examples/typed");
    let dir = tempfile::tempdir().unwrap();
    let captured = Captured::default();
    let report = Builder::from_supabase_dir(&project)
        .out_file(dir.path().join("a.rs"))
        .directives_to(captured.clone())
        .generate()
        .unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let lines = captured.lines();
    let config = project.join("supabase/config.toml");
    assert_eq!(
        lines[0],
        format!("cargo:rerun-if-changed={}", config.display())
    );
    assert_eq!(
        lines[1],
        format!(
            "cargo:rerun-if-changed={}",
            project.join("supabase/migrations").display()
        )
    );
    // The same code as from the migrations folder with the schema `public` (`graphql_public`,
    // listed in the config, is the platform's and skipped).
    Builder::new()
        .migrations_dir(project.join("supabase/migrations"))
        .schemas(["public"])
        .out_file(dir.path().join("b.rs"))
        .directives_to(Captured::default())
        .generate()
        .unwrap();
    let a = std::fs::read_to_string(dir.path().join("a.rs")).unwrap();
    assert_eq!(a, std::fs::read_to_string(dir.path().join("b.rs")).unwrap());
    assert!(a.contains("pub mod planets {"));
    // The `supabase` folder itself works too, and `schemas` overrides the config.
    let err = Builder::from_supabase_dir(project.join("supabase"))
        .schemas(["nope"])
        .out_file(dir.path().join("c.rs"))
        .directives_to(Captured::default())
        .generate()
        .unwrap_err();
    assert!(err.to_string().contains("nope"), "{err}");
    // Not a project: the error names the missing config.
    let err = Builder::from_supabase_dir(dir.path())
        .out_file(dir.path().join("d.rs"))
        .directives_to(Captured::default())
        .generate()
        .unwrap_err();
    assert!(err.to_string().contains("config.toml"), "{err}");
}
