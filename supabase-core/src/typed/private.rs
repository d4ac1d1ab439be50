//! Support for code that `query!`/`query_as!` expand to. Not a public API: every item may change
//! in any release.

use std::borrow::Cow;

pub use serde;
pub use serde_json;

use super::fits::Fits;
#[cfg(feature = "postgrest")]
pub use super::query_params::{
    count, fit_list, FitsList, NumericColumn, NumericValue, QueryRange, RowCount,
};
pub use super::row_decode::{decode_row, Float, RowFields, Slot, Slots};
#[cfg(feature = "postgrest")]
pub use super::row_list::Rows;

/// Checks that `value` fits a column of Rust type `T` and returns its filter text
/// (what the untyped builder would be given).
///
/// ```
/// use supabase_core::__private::fit;
/// assert_eq!(fit::<Option<i64>, _>(&1_000_i64), "1000");
/// assert_eq!(fit::<String, _>(&"Rome"), "Rome");
/// ```
pub fn fit<T: ?Sized, V: Fits<T>>(value: &V) -> Cow<'_, str> {
    value.fit_text()
}

/// The range holding only `element` (`["x","x"]`, quoted by the range-literal rules):
/// `range @> element` sent as `cs.` of that range, which PostgreSQL answers the same way.
///
/// ```
/// use supabase_core::__private::point_range;
/// assert_eq!(point_range("2024-03-04 11:30:00+00".into()), r#"["2024-03-04 11:30:00+00","2024-03-04 11:30:00+00"]"#);
/// assert_eq!(point_range(r#"a"b"#.into()), r#"["a\"b","a\"b"]"#);
/// ```
pub fn point_range(element: Cow<'_, str>) -> Cow<'static, str> {
    let mut quoted = String::with_capacity(element.len() + 2);
    quoted.push('"');
    for c in element.chars() {
        if matches!(c, '"' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    Cow::Owned(format!("[{quoted},{quoted}]"))
}

/// A Rust type of the `query!` type map: what a column of a result struct can be.
///
/// ```
/// fn plain<T: supabase_core::__private::Plain>() {}
/// plain::<Vec<String>>();
/// ```
pub trait Plain: serde::Serialize {}

macro_rules! plain {
    ($($ty:ty),*) => {$( impl Plain for $ty {} )*};
}

plain!(bool, i16, i32, i64, f32, f64, String, serde_json::Value);

impl<T: Plain> Plain for Vec<T> {}

/// The target type of a nullable column in a write (`Option<T>` in a result struct).
///
/// ```
/// use supabase_core::__private::{write, Nullable};
/// assert_eq!(write::<Nullable<i64>, _>(&None::<i64>), serde_json::Value::Null);
/// ```
#[derive(Debug)]
pub struct Nullable<T>(std::marker::PhantomData<T>);

/// A Rust value that can be written (inserted, set, passed as a function argument) to a column
/// or argument whose Rust type is `Target`.
///
/// ```
/// use supabase_core::__private::{write, Nullable};
/// assert_eq!(write::<String, _>(&"x"), serde_json::json!("x"));
/// assert_eq!(write::<Nullable<i32>, _>(&Some(3)), serde_json::json!(3));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be written to a column of type `{Target}`",
    label = "expected a value of the column's type `{Target}`",
    note = "`query!` writes take a value of the column's Rust type (or a reference to one; `&str` for text); a nullable column also takes an `Option` of it"
)]
pub trait Writes<Target: ?Sized> {
    /// The value as JSON.
    fn write_json(&self) -> serde_json::Value;
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Value {
    // The `Plain` types (numbers, booleans, strings, JSON, vectors of them) always serialize;
    // serde_json turns a non-finite float into `null`, as `JSON.stringify` does.
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

impl<T: Plain> Writes<T> for T {
    fn write_json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl<T: Plain> Writes<T> for &T {
    fn write_json(&self) -> serde_json::Value {
        to_json(*self)
    }
}

impl Writes<String> for &str {
    fn write_json(&self) -> serde_json::Value {
        serde_json::Value::String((*self).to_owned())
    }
}

impl<T: Plain> Writes<Nullable<T>> for T {
    fn write_json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl<T: Plain> Writes<Nullable<T>> for &T {
    fn write_json(&self) -> serde_json::Value {
        to_json(*self)
    }
}

impl Writes<Nullable<String>> for &str {
    fn write_json(&self) -> serde_json::Value {
        serde_json::Value::String((*self).to_owned())
    }
}

impl<T: Plain> Writes<Nullable<T>> for Option<T> {
    fn write_json(&self) -> serde_json::Value {
        self.as_ref().map_or(serde_json::Value::Null, to_json)
    }
}

impl<T: Plain> Writes<Nullable<T>> for Option<&T> {
    fn write_json(&self) -> serde_json::Value {
        self.map_or(serde_json::Value::Null, to_json)
    }
}

impl Writes<Nullable<String>> for Option<&str> {
    fn write_json(&self) -> serde_json::Value {
        self.map_or(serde_json::Value::Null, |s| {
            serde_json::Value::String(s.to_owned())
        })
    }
}

/// Checks that `value` can be written to a column of Rust type `T` and returns it as JSON.
///
/// ```
/// use supabase_core::__private::write;
/// assert_eq!(write::<i64, _>(&7_i64), serde_json::json!(7));
/// ```
pub fn write<T: ?Sized, V: Writes<T>>(value: &V) -> serde_json::Value {
    value.write_json()
}

/// Compile-time check of `query_as!`: every column the row type decodes is selected.
///
/// ```
/// use supabase_core::__private::selects_all;
/// assert!(selects_all(&["id", "name"], &["name", "id", "code"]));
/// assert!(!selects_all(&["id", "name"], &["id"]));
/// ```
pub const fn selects_all(needed: &[&str], selected: &[&str]) -> bool {
    let mut i = 0;
    while i < needed.len() {
        let mut found = false;
        let mut j = 0;
        while j < selected.len() {
            if str_eq(needed[i], selected[j]) {
                found = true;
            }
            j += 1;
        }
        if !found {
            return false;
        }
        i += 1;
    }
    true
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A float field of a `query!` result: PostgREST sends `NaN`, `Infinity` and `-Infinity` as
/// strings, and the numbers as JSON numbers.
pub trait PgFloat: Sized {
    /// Decodes the field.
    fn decode<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

#[derive(serde::Deserialize)]
#[serde(crate = "serde", untagged)]
enum FloatText {
    Number(f64),
    Text(String),
}

fn float_of<E: serde::de::Error>(value: FloatText) -> Result<f64, E> {
    match value {
        FloatText::Number(n) => Ok(n),
        FloatText::Text(text) => match text.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            other => other
                .parse()
                .map_err(|_| E::custom(format!("expected a float, got {other:?}"))),
        },
    }
}

impl PgFloat for f64 {
    fn decode<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        float_of(<FloatText as serde::Deserialize>::deserialize(
            deserializer,
        )?)
    }
}

impl PgFloat for f32 {
    fn decode<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Narrowing is what a float4 column holds.
        #[allow(clippy::cast_possible_truncation)]
        f64::decode(deserializer).map(|f| f as f32)
    }
}

impl<T: PgFloat> PgFloat for Option<T> {
    fn decode<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(crate = "serde")]
        struct Wrap<T: PgFloat>(#[serde(deserialize_with = "T::decode")] T);
        let wrapped: Option<Wrap<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(wrapped.map(|w| w.0))
    }
}

/// `#[serde(deserialize_with = ...)]` of the float fields of `query!` results.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Row {
///     #[serde(deserialize_with = "supabase_core::__private::float")]
///     f: Option<f64>,
/// }
/// let row: Row = serde_json::from_str(r#"{"f": "-Infinity"}"#).unwrap();
/// assert_eq!(row.f, Some(f64::NEG_INFINITY));
/// let row: Row = serde_json::from_str(r#"{"f": 2.5}"#).unwrap();
/// assert_eq!(row.f, Some(2.5));
/// ```
pub fn float<'de, D: serde::Deserializer<'de>, T: PgFloat>(deserializer: D) -> Result<T, D::Error> {
    T::decode(deserializer)
}
