//! Supabase Edge Functions: `client.functions().invoke(name)…send()`.
//!
//! The wire format follows functions-js (see the fact sheet §4 and §6): `POST
//! {project}/functions/v1/{name}` by default, the body's Content-Type picked from its kind,
//! `x-region` with `forceFunctionRegion` when a region is chosen, `apikey` always, and
//! `Authorization` from the user's session, else the API key unless it is a new-format
//! (`sb_publishable_…`/`sb_secret_…`) key. Responses are checked for a relay error before the
//! status, and never retried.
//!
//! ```no_run
//! # async fn run() -> Result<(), supabase_core::Error> {
//! use supabase_core::Client;
//! use supabase_core::functions::{Region, ResponseBody};
//!
//! let client = Client::new("https://xyz.supabase.co", "anon-key")?;
//! let functions = client.functions().with_region(Region::EuCentral1);
//!
//! // JSON in, typed JSON out.
//! #[derive(serde::Deserialize)]
//! struct Hello { message: String }
//! let hello: Hello = functions.invoke("hello-world")
//!     .body(serde_json::json!({ "name": "Functions" }))
//!     .send().await?.data;
//!
//! // Whatever comes back, decoded by Content-Type.
//! match functions.invoke("report").send_raw().await?.data {
//!     ResponseBody::Json(v) => println!("{v}"),
//!     other => println!("{other:?}"),
//! }
//! # Ok(()) }
//! ```

mod body;
mod client;
mod error;
mod headers;
mod invoke;
mod region;
mod response;
mod send;

pub use client::FunctionsClient;
pub use error::FunctionsError;
pub use invoke::Invoke;
pub use region::Region;
pub use response::{ByteStream, FunctionResponse, ResponseBody};
