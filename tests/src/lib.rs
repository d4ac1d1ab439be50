//! Workspace-level tests and the real-server harness they share.
//!
//! [`stack()`] starts, once per test process, what a Supabase project looks like to a client:
//!
//! - a throwaway **PostgreSQL 15** cluster (`initdb` into a scratch directory, `postgres` on a free
//!   127.0.0.1 port) with `tests/fixtures/schema.sql` loaded ([`pg`]);
//! - the real **PostgREST 12.0.2** on it, exposing the schemas `public` and `api2` ([`postgrest`]);
//! - an in-process **gateway** mapping `/rest/v1/*` to PostgREST like Supabase's ([`proxy`]);
//!
//! and hands out the `anon` / `service_role` API keys and per-user tokens ([`jwt`]). Everything
//! stops, and the scratch directory is removed, when the test process exits, however it exits.
//!
//! ```no_run
//! # async fn demo() {
//! let stack = supabase_tests::stack();
//! let rows: serde_json::Value = reqwest::Client::new()
//!     .get(format!("{}countries?select=id", stack.rest_url()))
//!     .header("apikey", &stack.anon_key)
//!     .bearer_auth(&stack.anon_key)
//!     .send().await.expect("request")
//!     .json().await.expect("json");
//! # }
//! ```
//!
//! Tests that only need SQL use [`database()`] (no PostgREST). A missing PostgreSQL or PostgREST
//! fails the test with a message saying to run `scripts/install-deps`; nothing is skipped.
//!
//! Writes: tests that insert, update or delete use the `scratch` table with their own `test`
//! value (or `Prefer: tx=rollback` on the fixture tables), so that tests running in parallel
//! never see each other's rows. See the comments in `tests/fixtures/schema.sql`.

pub mod corpus;
pub mod jwt;
pub mod pg;
pub mod postgrest;
pub mod proxy;
mod stack;
pub mod tools;
mod watchdog;

pub use stack::{database, stack, Stack};
pub use watchdog::Watchdog;
