//! Which operators fit which column types.
//!
//! Each trait is implemented for the Rust value types of the columns an operator works on. The
//! `C` parameter is the column handle, so rustc's message names the column and its type.

use super::fits::Fits;

/// Columns with an order: `gt`, `gte`, `lt`, `lte` (numbers, text, dates and times, uuids).
///
/// ```
/// fn ordered<V: supabase_core::OrderedValue<()>>() {}
/// ordered::<i64>();
/// ordered::<Option<String>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "column `{C}` is `{Self}`, which has no order; `gt`/`gte`/`lt`/`lte` need an ordered column",
    label = "this column's type has no order",
    note = "numbers, text, dates, times and uuids are ordered; booleans, json and arrays are not"
)]
pub trait OrderedValue<C> {}

/// Text columns: `like`, `ilike`, `like_all_of`, `like_any_of`, `ilike_all_of`, `ilike_any_of`.
///
/// ```
/// fn text<V: supabase_core::TextValue<()>>() {}
/// text::<String>();
/// text::<Option<String>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "column `{C}` is `{Self}`, not text; `like`/`ilike` need a text column",
    label = "not a text column",
    note = "pattern operators work on text, varchar, char and citext columns"
)]
pub trait TextValue<C> {}

/// Columns `text_search` works on: text and tsvector (both `String` in Rust).
///
/// ```
/// fn searchable<V: supabase_core::SearchableValue<()>>() {}
/// searchable::<String>();
/// ```
#[diagnostic::on_unimplemented(
    message = "column `{C}` is `{Self}`; `text_search` needs a text or tsvector column",
    label = "not a text or tsvector column"
)]
pub trait SearchableValue<C> {}

/// Columns that can be NULL (`Option<_>`): `is_null`, `is_not_null`.
///
/// ```
/// fn nullable<V: supabase_core::NullableValue<()>>() {}
/// nullable::<Option<i32>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "column `{C}` is `{Self}`, which is never NULL; `is_null` needs a nullable (`Option`) column",
    label = "this column is NOT NULL"
)]
pub trait NullableValue<C> {}

/// Columns `is_` accepts: nullable ones (`IS NULL`) and booleans (`IS TRUE`/`IS FALSE`).
///
/// ```
/// fn is_checkable<V: supabase_core::IsValueFor<()>>() {}
/// is_checkable::<bool>();
/// is_checkable::<Option<String>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "column `{C}` is `{Self}`; `is_` needs a nullable or boolean column",
    label = "neither nullable nor boolean"
)]
pub trait IsValueFor<C> {}

/// Range columns (`PgRange<_>`): `range_gt`, `range_gte`, `range_lt`, `range_lte`,
/// `range_adjacent`. The range types of `supabase_core::types` implement it.
///
/// ```
/// fn range<V: supabase_core::RangeValue<()>>() {}
/// ```
#[diagnostic::on_unimplemented(
    message = "column `{C}` is `{Self}`, not a range; `range_gt`/`range_lt`/`range_adjacent` need a range column",
    label = "not a range column"
)]
pub trait RangeValue<C> {}

/// What `contains` and `contained_by` take for a column of type `Target`: elements for an array
/// column, a `serde_json::Value` for json/jsonb, a range for a range column.
///
/// ```
/// use supabase_core::ContainArg;
/// fn text<A: ContainArg<T>, T>(a: A) -> String { a.contain_text() }
/// assert_eq!(text::<_, Vec<String>>(["a", "b,c"]), r#"{a,"b,c"}"#);
/// // json/jsonb columns always get JSON text, arrays included.
/// assert_eq!(text::<_, serde_json::Value>(serde_json::json!(["a"])), r#"["a"]"#);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be `contains`/`contained_by` for a column of type `{Target}`",
    label = "`contains` needs an array, jsonb or range column and a value of its kind",
    note = "array columns take their elements, json/jsonb columns a `serde_json::Value`, range columns a range"
)]
pub trait ContainArg<Target> {
    /// The value as the untyped `contains` would be given it.
    fn contain_text(self) -> String;
}

/// What `overlaps` takes for a column of type `Target`: elements for an array column, a range
/// for a range column.
///
/// ```
/// use supabase_core::OverlapArg;
/// fn text<A: OverlapArg<T>, T>(a: A) -> String { a.overlap_text() }
/// assert_eq!(text::<_, Vec<i32>>([1, 2]), "{1,2}");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be `overlaps` for a column of type `{Target}`",
    label = "`overlaps` needs an array or range column and a value of its kind"
)]
pub trait OverlapArg<Target> {
    /// The value as the untyped `overlaps` would be given it.
    fn overlap_text(self) -> String;
}

macro_rules! impl_for_scalars {
    ($tr:ident: $($ty:ty),*) => {$(
        impl<C> $tr<C> for $ty {}
    )*};
}

impl_for_scalars!(OrderedValue: i16, i32, i64, f32, f64, String);
impl_for_scalars!(TextValue: String);
impl_for_scalars!(SearchableValue: String);
impl_for_scalars!(IsValueFor: bool);

impl<C, T: OrderedValue<C>> OrderedValue<C> for Option<T> {}
impl<C, T: TextValue<C>> TextValue<C> for Option<T> {}
impl<C, T: SearchableValue<C>> SearchableValue<C> for Option<T> {}
impl<C, T: RangeValue<C>> RangeValue<C> for Option<T> {}
impl<C, T> NullableValue<C> for Option<T> {}
impl<C, T> IsValueFor<C> for Option<T> {}

/// An array column's argument as a Postgres array literal of the elements' filter text.
fn elements_literal<T, I>(items: I) -> String
where
    I: IntoIterator,
    I::Item: Fits<T>,
{
    crate::array_literal(items.into_iter().map(|v| v.fit_text().into_owned()))
}

impl<T, I> ContainArg<Vec<T>> for I
where
    I: IntoIterator,
    I::Item: Fits<T>,
{
    fn contain_text(self) -> String {
        elements_literal::<T, _>(self)
    }
}

impl ContainArg<serde_json::Value> for serde_json::Value {
    fn contain_text(self) -> String {
        self.to_string()
    }
}

impl<T, A: ContainArg<T>> ContainArg<Option<T>> for A {
    fn contain_text(self) -> String {
        ContainArg::<T>::contain_text(self)
    }
}

impl<T, I> OverlapArg<Vec<T>> for I
where
    I: IntoIterator,
    I::Item: Fits<T>,
{
    fn overlap_text(self) -> String {
        elements_literal::<T, _>(self)
    }
}

impl<T, A: OverlapArg<T>> OverlapArg<Option<T>> for A {
    fn overlap_text(self) -> String {
        OverlapArg::<T>::overlap_text(self)
    }
}

#[cfg(feature = "types")]
mod types_kinds {
    use super::{ContainArg, OrderedValue, OverlapArg};
    use crate::types::{Float4, Float8, Infinite, Interval, Numeric, PgRange, PgText, TimeTz};
    use crate::PgValue;

    // A range column contains / is contained by / overlaps another range of its type.
    impl<T: PgText> ContainArg<PgRange<T>> for PgRange<T> {
        fn contain_text(self) -> String {
            self.pg_text().into_owned()
        }
    }
    impl<T: PgText> ContainArg<PgRange<T>> for &PgRange<T> {
        fn contain_text(self) -> String {
            self.pg_text().into_owned()
        }
    }
    impl<T: PgText> OverlapArg<PgRange<T>> for PgRange<T> {
        fn overlap_text(self) -> String {
            self.pg_text().into_owned()
        }
    }
    impl<T: PgText> OverlapArg<PgRange<T>> for &PgRange<T> {
        fn overlap_text(self) -> String {
            self.pg_text().into_owned()
        }
    }

    impl_for_scalars!(OrderedValue: Numeric, Float4, Float8, Interval, TimeTz, uuid::Uuid, chrono::NaiveTime);
    // Dates and timestamps (finite or ±infinity) are ordered.
    impl<C, T> OrderedValue<C> for Infinite<T> {}
    #[cfg(feature = "decimal")]
    impl_for_scalars!(OrderedValue: crate::types::Decimal);
}
