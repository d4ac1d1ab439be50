//! Rust types for the Postgres column types PostgREST sends as text, used by the code
//! `supabase-codegen` emits (DESIGN §3).
//!
//! PostgREST encodes rows with Postgres' `to_json`: numbers as JSON numbers, most other types as
//! their text form in a JSON string. The types here decode those forms without loss and encode
//! them back the way PostgREST (and Postgres) read them:
//!
//! | Postgres | Rust |
//! |---|---|
//! | `float4` / `float8` | [`Float4`] / [`Float8`] (`NaN`, `Infinity` arrive as strings) |
//! | `numeric` | [`Numeric`]: the exact text; to and from `rust_decimal::Decimal` with feature `decimal` |
//! | `uuid` | [`Uuid`] |
//! | `bytea` | [`Bytea`] (`\x..` hex text) |
//! | `date` / `timestamp` / `timestamptz` | [`Date`] / [`Timestamp`] / [`Timestamptz`]: chrono values, or ±infinity ([`Infinite`]) |
//! | `time` / `timetz` / `interval` | [`Time`] / [`TimeTz`] / [`Interval`] |
//! | `int4range`, `int8range`, `numrange`, `daterange`, `tsrange`, `tstzrange` | [`PgRange`] |
//! | `inet` / `cidr` / `macaddr` / `macaddr8` | [`Inet`] / [`Cidr`] / [`MacAddr`] / [`MacAddr8`] |
//!
//! ```
//! use supabase_core::types::{Bytea, Float8, Numeric, PgRange};
//!
//! let bin: Bytea = serde_json::from_str(r#""\\xdeadbeef""#)?;
//! assert_eq!(bin.as_slice(), [0xde, 0xad, 0xbe, 0xef]);
//! let num: Numeric = serde_json::from_str("12345678901234567890.123456789")?;
//! assert_eq!(num.as_str(), "12345678901234567890.123456789");
//! let nan: Float8 = serde_json::from_str(r#""NaN""#)?;
//! assert!(nan.0.is_nan());
//! let seats: PgRange<i32> = serde_json::from_str(r#""[1,10)""#)?;
//! assert_eq!(seats.to_string(), "[1,10)");
//! # Ok::<(), serde_json::Error>(())
//! ```

mod bytea;
#[cfg(feature = "decimal")]
mod decimal;
mod float;
mod inet;
mod infinite;
mod interval;
mod mac_addr;
mod numeric;
mod parse_error;
mod pg_text;
mod range;
mod time_tz;

pub use bytea::Bytea;
#[cfg(feature = "decimal")]
pub use decimal::Decimal;
pub use float::{Float4, Float8};
pub use inet::{Cidr, Inet};
pub use infinite::Infinite;
pub use interval::Interval;
pub use mac_addr::{MacAddr, MacAddr8};
pub use numeric::Numeric;
pub use parse_error::TypeParseError;
pub use pg_text::PgText;
pub use range::PgRange;
pub use time_tz::TimeTz;

/// The `chrono` crate, whose types hold dates and times.
///
/// ```
/// let d = supabase_core::types::chrono::NaiveDate::from_ymd_opt(2024, 2, 29);
/// assert!(d.is_some());
/// ```
pub use chrono;

/// The `uuid` crate.
///
/// ```
/// let nil = supabase_core::types::uuid::Uuid::nil();
/// assert_eq!(nil.to_string(), "00000000-0000-0000-0000-000000000000");
/// ```
pub use uuid;

/// The `rust_decimal` crate (feature `decimal`).
///
/// ```
/// let d: supabase_core::types::rust_decimal::Decimal = "1.50".parse().unwrap();
/// assert_eq!(d.to_string(), "1.50");
/// ```
#[cfg(feature = "decimal")]
pub use rust_decimal;

/// `uuid`: a UUID, sent by PostgREST as its hyphenated text.
///
/// ```
/// let id: supabase_core::types::Uuid =
///     serde_json::from_str(r#""a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11""#).unwrap();
/// assert_eq!(id.to_string(), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
/// ```
pub type Uuid = uuid::Uuid;

/// `date`: a calendar date, or `infinity` / `-infinity`.
///
/// ```
/// use supabase_core::types::{chrono::NaiveDate, Date, Infinite};
/// let d: Date = serde_json::from_str(r#""2024-02-29""#).unwrap();
/// assert_eq!(d, Infinite::Value(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()));
/// ```
pub type Date = Infinite<chrono::NaiveDate>;

/// `time` (without time zone).
///
/// ```
/// let t: supabase_core::types::Time = serde_json::from_str(r#""13:45:30.5""#).unwrap();
/// assert_eq!(t.to_string(), "13:45:30.500");
/// ```
pub type Time = chrono::NaiveTime;

/// `timestamp` (without time zone), or `infinity` / `-infinity`.
///
/// ```
/// let ts: supabase_core::types::Timestamp =
///     serde_json::from_str(r#""2024-02-29T13:45:30.5""#).unwrap();
/// assert!(ts.value().is_some());
/// ```
pub type Timestamp = Infinite<chrono::NaiveDateTime>;

/// `timestamptz`: an instant (PostgREST sends it in the session's time zone; it is kept in
/// UTC), or `infinity` / `-infinity`.
///
/// ```
/// use supabase_core::types::{Infinite, Timestamptz};
/// let ts: Timestamptz = serde_json::from_str(r#""2024-02-29T14:45:30+01:00""#).unwrap();
/// assert_eq!(ts.value().map(|t| t.to_rfc3339()).as_deref(), Some("2024-02-29T13:45:30+00:00"));
/// let never: Timestamptz = serde_json::from_str(r#""-infinity""#).unwrap();
/// assert_eq!(never, Infinite::NegInfinity);
/// ```
pub type Timestamptz = Infinite<chrono::DateTime<chrono::Utc>>;
