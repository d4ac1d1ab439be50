//! Parameters of `query!` beyond one value: lists (`= any($1)`, `like any($1)`), LIMIT/OFFSET
//! counts, and the Rust values a `numeric` column takes. Re-exported through `__private`; not a
//! public API.

use std::borrow::Cow;

use super::fits::Fits;
use super::private::{Nullable, Writes};
use super::value::PgValue;
use crate::FilterBuilder;

/// A list parameter (`col = any($1)`): a slice, an array or a `Vec` (or a reference to one) whose
/// items fit a column of Rust type `Target`.
///
/// ```
/// use supabase_core::__private::fit_list;
/// assert_eq!(fit_list::<i64, _>(&vec![1_i64, 2]), ["1", "2"]);
/// assert_eq!(fit_list::<String, _>(&["a", "b"]), ["a", "b"]);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of values of type `{Target}`",
    label = "expected a slice, array or Vec of the column's type `{Target}`",
    note = "`= any($1)`, `<> all($1)` and `like any($1)` take a list of the column's values"
)]
pub trait FitsList<Target: ?Sized> {
    /// The items' texts.
    fn fit_texts(&self) -> Vec<Cow<'_, str>>;
}

impl<T: ?Sized, E: Fits<T>> FitsList<T> for [E] {
    fn fit_texts(&self) -> Vec<Cow<'_, str>> {
        self.iter().map(Fits::<T>::fit_text).collect()
    }
}

impl<T: ?Sized, E: Fits<T>, const N: usize> FitsList<T> for [E; N] {
    fn fit_texts(&self) -> Vec<Cow<'_, str>> {
        self.iter().map(Fits::<T>::fit_text).collect()
    }
}

impl<T: ?Sized, E: Fits<T>> FitsList<T> for Vec<E> {
    fn fit_texts(&self) -> Vec<Cow<'_, str>> {
        self.iter().map(Fits::<T>::fit_text).collect()
    }
}

impl<T: ?Sized, L: FitsList<T> + ?Sized> FitsList<T> for &L {
    fn fit_texts(&self) -> Vec<Cow<'_, str>> {
        (**self).fit_texts()
    }
}

/// Checks that `value` is a list of values fitting a column of Rust type `T`; their texts.
pub fn fit_list<T: ?Sized, V: FitsList<T> + ?Sized>(value: &V) -> Vec<Cow<'_, str>> {
    value.fit_texts()
}

/// A LIMIT or OFFSET parameter: any Rust integer. A negative value is kept by the builder as an
/// invalid argument and returned by `execute` (PostgreSQL refuses a negative LIMIT or OFFSET).
///
/// ```
/// assert_eq!(supabase_core::__private::count(&20_u32), Ok(20));
/// assert_eq!(supabase_core::__private::count(&20_i64), Ok(20));
/// assert!(supabase_core::__private::count(&-1_i32).is_err());
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a row count",
    label = "LIMIT and OFFSET take an integer",
    note = "pass an integer type: i64, i32, u64, usize, ..."
)]
pub trait RowCount {
    /// The count, or why it is not one.
    fn rows(&self) -> Result<u64, String>;
}

macro_rules! row_count {
    ($($ty:ty),*) => {$(
        impl RowCount for $ty {
            fn rows(&self) -> Result<u64, String> {
                u64::try_from(*self).map_err(|_| {
                    format!("a LIMIT or OFFSET parameter must not be negative, got {}", self)
                })
            }
        }
    )*};
}

row_count!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl<C: RowCount + ?Sized> RowCount for &C {
    fn rows(&self) -> Result<u64, String> {
        (**self).rows()
    }
}

/// The count a LIMIT/OFFSET parameter holds, or why it is not one.
pub fn count<C: RowCount + ?Sized>(value: &C) -> Result<u64, String> {
    value.rows()
}

/// `LIMIT count OFFSET offset` on the builder: `range(offset, offset + count - 1)`, or `limit(0)`
/// when `count` is 0 (no rows, whatever the offset); and `LIMIT count` alone. A count that is not
/// one (negative) is kept as an invalid argument, returned by `execute`.
///
/// ```
/// use supabase_core::{Client, __private::QueryRange};
/// let c = Client::new("http://h", "k").unwrap();
/// let a = c.from("t").select("*").__query_range(Ok(10), Ok(5)).build().unwrap();
/// let b = c.from("t").select("*").range(10, 14).build().unwrap();
/// assert_eq!(a.url(), b.url());
/// let bad = c.from("t").select("*").__query_limit(Err("negative".into())).build();
/// assert!(bad.is_err());
/// ```
pub trait QueryRange {
    /// See the trait.
    fn __query_range(self, offset: Result<u64, String>, count: Result<u64, String>) -> Self;
    /// See the trait.
    fn __query_limit(self, count: Result<u64, String>) -> Self;
    /// See the trait.
    fn __query_offset(self, offset: Result<u64, String>) -> Self;
}

impl QueryRange for FilterBuilder {
    fn __query_range(mut self, offset: Result<u64, String>, count: Result<u64, String>) -> Self {
        match (offset, count) {
            (Ok(_), Ok(0)) => self.limit(0),
            (Ok(offset), Ok(count)) => self.range(offset, offset.saturating_add(count - 1)),
            (Err(e), _) | (_, Err(e)) => {
                self.fail(e);
                self
            }
        }
    }

    fn __query_limit(mut self, count: Result<u64, String>) -> Self {
        match count {
            Ok(n) => self.limit(n),
            Err(e) => {
                self.fail(e);
                self
            }
        }
    }

    fn __query_offset(mut self, offset: Result<u64, String>) -> Self {
        match offset {
            Ok(n) => self.offset(n),
            Err(e) => {
                self.fail(e);
                self
            }
        }
    }
}

/// The filter target of a `numeric` column: integers, floats, [`crate::types::Numeric`],
/// `types::Decimal` (feature `decimal`) and `serde_json::Value` fit it.
///
/// ```
/// use supabase_core::__private::{fit, NumericColumn};
/// assert_eq!(fit::<NumericColumn, _>(&1.5_f64), "1.5");
/// assert_eq!(fit::<Option<NumericColumn>, _>(&7_i32), "7");
/// ```
#[derive(Debug)]
pub struct NumericColumn(());

impl PgValue for NumericColumn {
    fn pg_text(&self) -> Cow<'_, str> {
        Cow::Borrowed("")
    }
}

/// A Rust number a `numeric` column takes in a `query!` filter.
///
/// ```
/// use supabase_core::__private::NumericValue;
/// assert_eq!(2.5_f64.numeric_text(), "2.5");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a number for a `numeric` column",
    label = "expected a number",
    note = "a `numeric` column takes integers, floats, `supabase_core::types::Numeric`, `types::Decimal` (feature `decimal`) or a `serde_json::Value`"
)]
pub trait NumericValue {
    /// The number's text.
    fn numeric_text(&self) -> Cow<'_, str>;

    /// The number as a written JSON value (insert, update, function argument): a JSON number
    /// when it is one exactly (integers, finite floats), else its text as a JSON string, which
    /// PostgreSQL reads into a `numeric` with every digit (`NaN`, `Infinity`, long decimals).
    fn numeric_json(&self) -> serde_json::Value {
        serde_json::Value::String(self.numeric_text().into_owned())
    }
}

impl<V: NumericValue + ?Sized> NumericValue for &V {
    fn numeric_text(&self) -> Cow<'_, str> {
        (**self).numeric_text()
    }

    fn numeric_json(&self) -> serde_json::Value {
        (**self).numeric_json()
    }
}

/// A `numeric` column or argument takes any [`NumericValue`] in a write.
///
/// ```
/// use supabase_core::__private::{write, Nullable, NumericColumn};
/// assert_eq!(write::<NumericColumn, _>(&4.5_f64), serde_json::json!(4.5));
/// assert_eq!(write::<NumericColumn, _>(&7_i32), serde_json::json!(7));
/// assert_eq!(write::<Nullable<NumericColumn>, _>(&None::<f64>), serde_json::Value::Null);
/// assert_eq!(write::<Nullable<NumericColumn>, _>(&Some(2_u8)), serde_json::json!(2));
/// ```
impl<V: NumericValue> Writes<NumericColumn> for V {
    fn write_json(&self) -> serde_json::Value {
        self.numeric_json()
    }
}

impl<V: NumericValue> Writes<Nullable<NumericColumn>> for V {
    fn write_json(&self) -> serde_json::Value {
        self.numeric_json()
    }
}

impl<V: NumericValue> Writes<Nullable<NumericColumn>> for Option<V> {
    fn write_json(&self) -> serde_json::Value {
        self.as_ref()
            .map_or(serde_json::Value::Null, NumericValue::numeric_json)
    }
}

impl<V: NumericValue> Fits<NumericColumn> for V {
    fn fit_text(&self) -> Cow<'_, str> {
        self.numeric_text()
    }
}

macro_rules! numeric_value {
    ($($ty:ty),*) => {$(
        impl NumericValue for $ty {
            fn numeric_text(&self) -> Cow<'_, str> {
                self.pg_text()
            }
        }
    )*};
}

macro_rules! exact_numeric_value {
    ($($ty:ty),*) => {$(
        impl NumericValue for $ty {
            fn numeric_text(&self) -> Cow<'_, str> {
                self.pg_text()
            }

            fn numeric_json(&self) -> serde_json::Value {
                serde_json::Value::from(*self)
            }
        }
    )*};
}

exact_numeric_value!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float_numeric_value {
    ($($ty:ty),*) => {$(
        impl NumericValue for $ty {
            fn numeric_text(&self) -> Cow<'_, str> {
                self.pg_text()
            }

            /// A finite float as a JSON number; `NaN` and the infinities as PostgreSQL's text.
            fn numeric_json(&self) -> serde_json::Value {
                let text = self.pg_text();
                text.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(
                        || serde_json::Value::String(text.clone().into_owned()),
                        serde_json::Value::Number,
                    )
            }
        }
    )*};
}

float_numeric_value!(f32, f64);

impl NumericValue for serde_json::Value {
    fn numeric_text(&self) -> Cow<'_, str> {
        self.pg_text()
    }

    /// The value as given.
    fn numeric_json(&self) -> serde_json::Value {
        self.clone()
    }
}

#[cfg(feature = "types")]
numeric_value!(crate::types::Numeric);

#[cfg(feature = "decimal")]
numeric_value!(crate::types::Decimal);
