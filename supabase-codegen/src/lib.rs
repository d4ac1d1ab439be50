//! Code generation for `supabase-core` from a Postgres schema.
//!
//! The pipeline, one module per stage: a **source** reads a database schema into the **schema
//! model** ([`SchemaModel`], the IR), which serializes to a versioned, deterministic **snapshot
//! JSON** that projects commit.
//!
//! ```
//! use supabase_codegen::{RelationKind, SchemaModel};
//!
//! // A committed snapshot (normally written by `SchemaModel::to_snapshot_json` after live
//! // introspection with `source::live::introspect_url(url, &["public"])`, feature `live`).
//! let json = r#"{
//!   "format_version": 1,
//!   "schemas": [{ "name": "public", "comment": null, "relations": [{
//!     "name": "todos", "kind": "table", "comment": null, "rls_enabled": true,
//!     "insertable": true, "updatable": true, "deletable": true,
//!     "columns": [{ "name": "id", "ordinal": 1,
//!                   "type": { "kind": "base", "schema": "pg_catalog", "name": "int8" },
//!                   "sql_type": "bigint", "nullable": false, "default": null,
//!                   "identity": "always", "generated": null, "updatable": true,
//!                   "comment": null }],
//!     "primary_key": { "name": "todos_pkey", "columns": ["id"] },
//!     "unique_constraints": [], "foreign_keys": [] }],
//!     "enums": [], "composites": [], "domains": [], "functions": [] }]
//! }"#;
//! let model = SchemaModel::from_snapshot_json(json)?;
//! let todos = model.schema("public").and_then(|s| s.relation("todos")).expect("todos");
//! assert_eq!(todos.kind, RelationKind::Table);
//! assert!(!todos.columns[0].insertable()); // identity ALWAYS
//! # Ok::<(), supabase_codegen::Error>(())
//! ```
//!
//! With default features off, only the model and the snapshot JSON are compiled (no
//! tokio-postgres), for crates such as the proc macros that only read a snapshot.

mod atomic;
mod builder;
#[cfg(feature = "live")]
mod connect;
pub mod diff;
pub mod emit;
mod error;
mod input;
mod model;
mod project;
pub mod source;

#[doc(hidden)]
pub mod __cli;

pub use builder::{Builder, GenerateReport};
pub use emit::EmitOptions;
pub use error::{Error, Result};
pub use model::{
    ArgMode, Cardinality, Column, CompositeAttribute, CompositeType, DomainType, EnumType,
    ForeignKey, ForeignKeyAction, Function, FunctionArg, FunctionReturn, Identity, PrimaryKey,
    Relation, RelationKind, ReturnColumn, Schema, SchemaModel, TypeRef, UniqueConstraint,
    ViewColumnSource, Volatility, FORMAT_VERSION,
};
