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

mod client;
mod error;
#[cfg(feature = "functions")]
pub mod functions;
#[cfg(feature = "postgrest")]
mod postgrest;
mod project_url;
#[cfg(feature = "realtime")]
pub mod realtime;
#[cfg(feature = "storage")]
pub mod storage;
mod token;
mod typed;

pub use client::{Client, ClientBuilder};
pub use error::{Error, PostgrestError};
#[cfg(feature = "postgrest")]
pub use postgrest::*;
pub use project_url::ProjectUrl;
pub use token::{TokenFuture, TokenSource};
pub use typed::*;

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

#[doc(no_inline)]
pub use reqwest;
