//! The typed layer: relations and columns known at compile time, lowered to the untyped builder.

mod column;
mod filter;
mod filters;
mod fits;
mod function;
mod kinds;
mod query;
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
pub use table::{Insertable, Table, Updatable};
pub use value::PgValue;
