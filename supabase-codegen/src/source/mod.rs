//! Where a [`crate::SchemaModel`] comes from: a live database (`live`, feature `live`), a folder
//! of SQL migrations ([`migrations`]), PostgREST's OpenAPI document ([`openapi`], lossy) and the
//! snapshot JSON
//! ([`crate::SchemaModel::from_snapshot_json`]).

#[cfg(feature = "live")]
pub mod live;
pub mod migrations;
pub mod openapi;
