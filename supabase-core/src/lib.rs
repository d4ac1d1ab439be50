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

/// Derives [`Table`] and column handles for a row struct (see `supabase_macros::Table`).
#[cfg(feature = "macros")]
pub use supabase_macros::Table;

#[doc(no_inline)]
pub use reqwest;
