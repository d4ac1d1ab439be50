//! The typed layer: relations and columns known at compile time, lowered to the untyped builder.

mod column;
mod filter;
mod filters;
mod fits;
mod function;
mod kinds;
#[doc(hidden)]
pub mod private;
mod query;
#[cfg(feature = "postgrest")]
mod query_macro;
mod table;
mod value;

pub use column::{Column, ColumnOf, UniqueColumn};
pub use filter::TypedFilter;
pub use fits::Fits;
pub use function::{Function, ReadOnlyFunction, TypedRpc};
pub use kinds::{
    ContainArg, IsValueFor, NullableValue, OrderedValue, OverlapArg, RangeValue, SearchableValue,
    TextValue,
};
pub use query::TypedQuery;
#[cfg(feature = "postgrest")]
pub use query_macro::Query;
pub use table::{Insertable, Table, Updatable};
pub use value::PgValue;
