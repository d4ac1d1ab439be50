//! The typed layer: relations and columns known at compile time, lowered to the untyped builder.

mod column;
#[cfg(feature = "postgrest")]
mod filter;
#[cfg(feature = "postgrest")]
mod filters;
#[cfg(feature = "postgrest")]
mod fits;
#[cfg(feature = "postgrest")]
mod function;
#[cfg(feature = "postgrest")]
mod kinds;
#[cfg(feature = "postgrest")]
#[doc(hidden)]
pub mod private;
#[cfg(feature = "postgrest")]
mod query;
#[cfg(feature = "postgrest")]
mod query_macro;
#[cfg(feature = "postgrest")]
mod query_params;
#[cfg(feature = "postgrest")]
mod row_decode;
#[cfg(feature = "postgrest")]
mod row_list;
mod table;
mod value;

pub use column::{Column, ColumnOf, UniqueColumn};
#[cfg(feature = "postgrest")]
pub use filter::TypedFilter;
#[cfg(feature = "postgrest")]
pub use fits::Fits;
#[cfg(feature = "postgrest")]
pub use function::{Function, ReadOnlyFunction, TypedRpc};
#[cfg(feature = "postgrest")]
pub use kinds::{
    ContainArg, IsValueFor, NullableValue, OrderedValue, OverlapArg, RangeValue, SearchableValue,
    TextValue,
};
#[cfg(feature = "postgrest")]
pub use query::TypedQuery;
#[cfg(feature = "postgrest")]
pub use query_macro::Query;
pub use table::{Insertable, Table, Updatable};
pub use value::PgValue;
