//! The typed layer: relations and columns known at compile time, lowered to the untyped builder.

mod table;

pub use table::{Insertable, Table, Updatable};
