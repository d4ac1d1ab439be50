//! The schema model (IR): what typed Supabase code needs to know about a database, independent of
//! where it was read from. One concept per file; everything is re-exported at the crate root.

mod column;
mod constraint;
mod function;
mod relation;
mod schema;
mod snapshot;
mod types;

pub use column::{Column, Identity, TypeRef};
pub use constraint::{Cardinality, ForeignKey, ForeignKeyAction, PrimaryKey, UniqueConstraint};
pub use function::{ArgMode, Function, FunctionArg, FunctionReturn, ReturnColumn, Volatility};
pub use relation::{Relation, RelationKind, ViewColumnSource};
pub use schema::{Schema, SchemaModel, FORMAT_VERSION};
pub use types::{CompositeAttribute, CompositeType, DomainType, EnumType};
