//! Starts PostgreSQL 15 + PostgREST 12.0.2 + the gateway on a schema file, runs a command with
//! `SUPABASE_URL` and `SUPABASE_KEY` (the anon key) set, and stops everything when it ends.
//!
//! ```text
//! cargo run -p supabase-tests --bin local-stack -- examples/quickstart/schema.sql -- cargo run -p quickstart
//! ```
//!
//! Used by `scripts/demo`. The schema file must create the `authenticator`, `anon`,
//! `authenticated` and `service_role` roles as `tests/fixtures/schema.sql` does.

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
    let mut args = std::env::args().skip(1);
    let schema = args
        .next()
        .map(PathBuf::from)
        .ok_or("usage: local-stack <schema.sql> -- <command> [args...]")?;
    let rest: Vec<String> = args.skip_while(|a| a != "--").skip(1).collect();
    let (program, program_args) = rest
        .split_first()
        .ok_or("usage: local-stack <schema.sql> -- <command> [args...]")?;

    let dir = std::env::temp_dir().join(format!("supabase-local-stack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let watchdog = Watchdog::start(&dir)?;
    eprintln!("local-stack: starting PostgreSQL 15 ...");
    let db = Cluster::start(&dir, &watchdog)?;
    db.psql_file(&schema)?;
    eprintln!(
        "local-stack: loaded {}; starting PostgREST 12.0.2 ...",
        schema.display()
    );
    let secret = jwt::TEST_JWT_SECRET;
    let postgrest = Postgrest::start_with_schemas(&dir, &db, secret, "public", &watchdog)?;
    let gateway = Gateway::start(vec![Route::new("/rest/v1", &postgrest.url)])?;
    let anon_key = jwt::api_key("anon", secret);
    eprintln!("local-stack: project url {}", gateway.url);

    let status = Command::new(program)
        .args(program_args)
        .env("SUPABASE_URL", &gateway.url)
        .env("SUPABASE_KEY", &anon_key)
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    drop(watchdog);
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}
