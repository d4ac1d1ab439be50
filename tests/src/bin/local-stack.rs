//! Starts PostgreSQL 15 + PostgREST 12.0.2 + the gateway on SQL files, runs a command with
//! `SUPABASE_URL`, `SUPABASE_KEY` (the anon key) and `SUPABASE_SERVICE_KEY` set, and stops
//! everything when it ends.
//!
//! ```text
//! cargo run -p supabase-tests --bin local-stack -- examples/quickstart/schema.sql -- cargo run -p quickstart
//! cargo run -p supabase-tests --bin local-stack -- roles.sql supabase/migrations seed.sql -- ./app
//! ```
//!
//! Each path before `--` is a SQL file or a folder whose `*.sql` files run in file-name order
//! (a Supabase `migrations` folder). Used by `scripts/demo`. The SQL must create the
//! `authenticator`, `anon`, `authenticated` and `service_role` roles as
//! `tests/fixtures/schema.sql` does.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use supabase_tests::pg::Cluster;
use supabase_tests::postgrest::Postgrest;
use supabase_tests::proxy::{Gateway, Route};
use supabase_tests::{jwt, Watchdog};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("local-stack: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode, String> {
    const USAGE: &str = "usage: local-stack <file.sql|folder>... -- <command> [args...]";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.iter().position(|a| a == "--").ok_or(USAGE)?;
    let sql_files = sql_files(&args[..split])?;
    if sql_files.is_empty() {
        return Err(USAGE.to_owned());
    }
    let (program, program_args) = args[split + 1..].split_first().ok_or(USAGE)?;

    let dir = std::env::temp_dir().join(format!("supabase-local-stack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let watchdog = Watchdog::start(&dir)?;
    eprintln!("local-stack: starting PostgreSQL 15 ...");
    let db = Cluster::start(&dir, &watchdog)?;
    for file in &sql_files {
        db.psql_file(file)?;
        eprintln!("local-stack: loaded {}", file.display());
    }
    eprintln!("local-stack: starting PostgREST 12.0.2 ...");
    let secret = jwt::TEST_JWT_SECRET;
    let postgrest = Postgrest::start_with_schemas(&dir, &db, secret, "public", &watchdog)?;
    let gateway = Gateway::start(vec![Route::new("/rest/v1", &postgrest.url)])?;
    let anon_key = jwt::api_key("anon", secret);
    let service_key = jwt::api_key("service_role", secret);
    eprintln!("local-stack: project url {}", gateway.url);

    let status = Command::new(program)
        .args(program_args)
        .env("SUPABASE_URL", &gateway.url)
        .env("SUPABASE_KEY", &anon_key)
        .env("SUPABASE_SERVICE_KEY", &service_key)
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    drop(watchdog);
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}

/// The SQL files to load: files as given, folders expanded to their `*.sql` files sorted by name.
fn sql_files(paths: &[String]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths.iter().map(PathBuf::from) {
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|ext| ext == "sql"))
                .collect();
            files.sort();
            out.extend(files);
        } else if path.is_file() {
            out.push(path);
        } else {
            return Err(format!(
                "{} is neither a SQL file nor a folder",
                path.display()
            ));
        }
    }
    Ok(out)
}
