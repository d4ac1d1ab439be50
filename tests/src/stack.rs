//! The process-wide test stack: one PostgreSQL cluster with the fixture schema, one PostgREST on
//! top, and one gateway in front, each started on first use and stopped by the watchdog when the
//! test process exits.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::jwt;
use crate::pg::Cluster;
use crate::postgrest::Postgrest;
use crate::proxy::{Gateway, Route};
use crate::tools;
use crate::watchdog::Watchdog;

/// The scratch directory and the database, shared by [`database`] and [`stack`].
#[derive(Debug)]
struct Base {
    watchdog: Watchdog,
    db: Cluster,
}

static BASE: OnceLock<Result<Base, String>> = OnceLock::new();
static STACK: OnceLock<Result<Stack, String>> = OnceLock::new();

/// The PostgreSQL 15 cluster of this test process, with `tests/fixtures/schema.sql` loaded;
/// started on first call. For tests that need only the database (introspection, code generation).
///
/// # Panics
///
/// When PostgreSQL cannot be started or the fixture does not load, with the reason and the
/// server's log. Every later call panics with the same message.
pub fn database() -> &'static Cluster {
    match base() {
        Ok(base) => &base.db,
        Err(e) => panic!("the test database could not be started: {e}"),
    }
}

fn base() -> Result<&'static Base, String> {
    BASE.get_or_init(start_base).as_ref().map_err(String::clone)
}

fn start_base() -> Result<Base, String> {
    let dir = scratch_dir()?;
    let watchdog = Watchdog::start(&dir)?;
    let db = Cluster::start(&dir, &watchdog)?;
    db.psql_file(&tools::fixture_schema())?;
    Ok(Base { watchdog, db })
}

fn scratch_dir() -> Result<PathBuf, String> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let dir =
        std::env::temp_dir().join(format!("supabase-tests-{}-{nanos:09}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// The whole stack of this test process (database, PostgREST, gateway); started on first call.
///
/// # Panics
///
/// When any part cannot be started, with the reason and the failing server's output (a missing
/// PostgREST binary says to run `scripts/install-deps`). Every later call panics with the same
/// message.
pub fn stack() -> &'static Stack {
    match STACK.get_or_init(start_stack) {
        Ok(stack) => stack,
        Err(e) => panic!("the test stack could not be started: {e}"),
    }
}

fn start_stack() -> Result<Stack, String> {
    let base = base()?;
    let jwt_secret = jwt::TEST_JWT_SECRET.to_string();
    let postgrest = Postgrest::start(base.watchdog.dir(), &base.db, &jwt_secret, &base.watchdog)?;
    let gateway = Gateway::start(vec![Route::new("/rest/v1", &postgrest.url)])?;
    Ok(Stack {
        base_url: gateway.url.clone(),
        postgrest_url: format!("{}/", postgrest.url),
        anon_key: jwt::api_key("anon", &jwt_secret),
        service_key: jwt::api_key("service_role", &jwt_secret),
        jwt_secret,
        db: &base.db,
        postgrest,
        gateway,
    })
}

/// A running PostgreSQL + PostgREST + gateway, as a Supabase project looks to a client.
#[derive(Debug)]
pub struct Stack {
    /// The project URL to give `Client::new`: `http://127.0.0.1:<gateway port>/`; PostgREST is
    /// under `{base_url}rest/v1/`.
    pub base_url: String,
    /// PostgREST itself, bypassing the gateway: `http://127.0.0.1:<port>/`.
    pub postgrest_url: String,
    /// The secret PostgREST verifies JWTs with.
    pub jwt_secret: String,
    /// The `anon` API key (an HS256 JWT with `role: anon`).
    pub anon_key: String,
    /// The `service_role` API key (an HS256 JWT with `role: service_role`, which bypasses RLS).
    pub service_key: String,
    /// The database (ports, socket, superuser URL, `psql`).
    pub db: &'static Cluster,
    /// The PostgREST server (port, config and log paths).
    pub postgrest: Postgrest,
    /// The gateway in front of PostgREST.
    pub gateway: Gateway,
}

impl Stack {
    /// `{base_url}rest/v1/`: where the PostgREST API is reached through the gateway.
    pub fn rest_url(&self) -> String {
        format!("{}rest/v1/", self.base_url)
    }

    /// Runs SQL as the superuser and returns psql's unaligned, tuples-only output (see
    /// [`Cluster::psql`]). Panics when the SQL fails.
    pub fn psql(&self, sql: &str) -> String {
        self.db.psql(sql)
    }

    /// Runs SQL as the superuser; `Err` carries psql's error output.
    pub fn try_psql(&self, sql: &str) -> Result<String, String> {
        self.db.try_psql(sql)
    }

    /// An access token for the `authenticated` role with this `sub`, expiring in one hour; RLS
    /// policies of the fixture compare `owner` with `sub`.
    pub fn user_token(&self, sub: &str) -> String {
        jwt::user_token(sub, 3600, &self.jwt_secret)
    }

    /// A `supabase_core::Client` for this stack with the `anon` key.
    pub fn anon_client(&self) -> supabase_core::Client {
        supabase_core::Client::new(&self.base_url, &self.anon_key).expect("a client for the stack")
    }

    /// A client with the `service_role` key (bypasses RLS).
    pub fn service_client(&self) -> supabase_core::Client {
        supabase_core::Client::new(&self.base_url, &self.service_key)
            .expect("a client for the stack")
    }

    /// A client acting as the user `sub` (role `authenticated`; the fixture's RLS compares
    /// `owner` with `sub`): the anon key with `Authorization: Bearer <user token>`.
    pub fn user_client(&self, sub: &str) -> supabase_core::Client {
        supabase_core::Client::builder(&self.base_url, &self.anon_key)
            .header("Authorization", format!("Bearer {}", self.user_token(sub)))
            .build()
            .expect("a client for the stack")
    }

    /// Any claims, signed with the stack's secret (e.g. an expired token, a custom role).
    pub fn token(&self, claims: &Value) -> String {
        jwt::sign_hs256(claims, &self.jwt_secret)
    }

    /// The scratch directory holding the cluster, configs and logs (removed at exit).
    pub fn dir(&self) -> &Path {
        self.postgrest
            .config_path
            .parent()
            .unwrap_or_else(|| Path::new("/"))
    }
}
