//! A Supabase client for Rust, typed by the database schema.
//!
//! This crate is the runtime: [`Client`], the PostgREST query builder, and (as they land)
//! Auth, Storage, Functions, Realtime and the typed layer that generated code builds on.
//!
//! ```no_run
//! use supabase_core::{Client, Order};
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Country {
//!     id: i64,
//!     name: String,
//! }
//!
//! # async fn run() -> Result<(), supabase_core::Error> {
//! let client = Client::new("https://xyz.supabase.co", "public-anon-key")?;
//! let countries: Vec<Country> = client
//!     .from("countries")
//!     .select("id, name")
//!     .ilike("name", "%land%")
//!     .order("name", Order::asc())
//!     .limit(10)
//!     .execute()
//!     .await?
//!     .data;
//! # Ok(()) }
//! ```

// Without the query builder some shared request helpers of `Client` have no user.
#![cfg_attr(not(feature = "postgrest"), allow(dead_code))]

#[cfg(feature = "auth")]
pub mod auth;
mod client;
mod error;
mod field_name;
#[cfg(feature = "functions")]
pub mod functions;
mod net_error;
#[cfg(feature = "postgrest")]
mod postgrest;
mod project_url;
#[cfg(feature = "realtime")]
pub mod realtime;
mod redact;
#[cfg(feature = "storage")]
pub mod storage;
mod telemetry;
mod token;
mod typed;
#[cfg(feature = "types")]
pub mod types;

pub use client::{Client, ClientBuilder};
pub use error::{Error, PostgrestError};
pub use field_name::quote_field_name;
#[cfg(feature = "postgrest")]
pub use postgrest::*;
pub use project_url::ProjectUrl;
pub use token::{TokenFuture, TokenSource};
pub use typed::*;

/// Support for the expansion of `query!` and `query_as!`; not a public API.
#[cfg(feature = "postgrest")]
#[doc(hidden)]
pub use typed::private as __private;

/// Derives [`Table`] and column handles for a row struct.
///
/// ```
/// use supabase_core::{Client, Order, Table};
///
/// #[derive(Debug, serde::Deserialize, Table)]
/// #[table(name = "countries")]
/// struct Country {
///     #[table(primary_key)]
///     id: i64,
///     name: String,
///     population: Option<i64>,
/// }
///
/// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
/// let typed = client
///     .from_table::<Country>()
///     .select()
///     .ilike(country::name, "%land")
///     .gt(country::population, 1_000_000)
///     .order(country::name, Order::asc());
/// let untyped = client
///     .from("countries")
///     .select("id,name,population")
///     .ilike("name", "%land")
///     .gt("population", 1_000_000)
///     .order("name", Order::asc());
/// assert_eq!(typed.build().unwrap().url(), untyped.build().unwrap().url());
/// ```
#[cfg(feature = "macros")]
pub use supabase_macros::Table;

/// SQL checked at compile time against the schema snapshot, lowered to the untyped builder:
/// `query!(client, "select ... where population > $1", min)` is a [`Query`] whose rows are a
/// struct generated from the selected columns; `query_as!(Row, client, "...")` decodes into a
/// `#[derive(Table)]` type instead.
///
/// The snapshot is the JSON `supabase-codegen dump` writes, read from the path in the
/// `SUPABASE_SCHEMA` environment variable (relative to the crate's `Cargo.toml`), else from
/// `supabase/schema.json` next to it; editing it rebuilds the crate.
///
/// Supported: `SELECT` of columns, aliases, casts (`id::text`), json paths (`meta->>'capital'`),
/// `count/sum/avg/min/max` (PostgREST groups by the other selected columns; needs
/// `db-aggregates-enabled`); `[INNER|LEFT] JOIN` on a foreign key, lowered to an embed
/// (`!inner`, `!constraint` hints); `WHERE` with `= <> < <= > >=`, `LIKE`, `ILIKE`, `IN`,
/// `IS [NOT] NULL/TRUE/FALSE`, `BETWEEN`, `@@ to_tsquery(...)`, `AND`, `OR`, `NOT`; `ORDER BY ...
/// [ASC|DESC] [NULLS FIRST|LAST]`; `LIMIT`/`OFFSET`; `INSERT ... VALUES`, `UPDATE ... SET`,
/// `DELETE`, each with `RETURNING`; `select ... from function(arg => $1)`. Parameters are `$1`,
/// `$2`, ... with arguments after the SQL, or `{name}` inside it; each is type-checked against its
/// column at the argument.
///
/// Column types in the generated struct: bool, int2/4/8 → `i16`/`i32`/`i64`, float4/8 →
/// `f32`/`f64`, json, jsonb, numeric and composites → `serde_json::Value` (PostgREST sends numeric
/// as a JSON number; cast it `::text` to keep every digit), arrays → `Vec<_>`, enums, dates, uuid
/// and the rest → `String`; nullable columns are `Option<_>`.
///
/// This doc test cannot run `query!`: it needs a schema snapshot at compile time, which a
/// doctest has no crate directory for; `tests/tests/query_macro.rs` compiles and runs each form.
///
/// ```ignore
/// let min_population = 50_000_000_i64;
/// let rows = supabase_core::query!(
///     client,
///     "select id, name from countries where population > $1 order by name limit 10",
///     min_population
/// )
/// .execute()
/// .await?
/// .data;
/// println!("{}", rows[0].name);
/// ```
#[cfg(feature = "macros")]
pub use supabase_macros::{query, query_as};

#[doc(no_inline)]
pub use reqwest;
