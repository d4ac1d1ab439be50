//! Where a [`crate::SchemaModel`] comes from. Today: a live database (`live`, feature `live`)
//! and the snapshot JSON ([`crate::SchemaModel::from_snapshot_json`]).

#[cfg(feature = "live")]
pub mod live;
