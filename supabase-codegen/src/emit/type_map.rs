//! The Postgres → Rust type map (DESIGN §3) with overrides per column and per Postgres type.
//!
//! Types are chosen so generated code needs only `serde` and `serde_json`: numbers keep their
//! exact width, `numeric`/`money` stay `String` (never `f64`: no silent precision loss), and
//! types whose text form PostgREST sends (uuid, dates and times, ranges, bytea, inet, …) are
//! `String` unless overridden.

use std::collections::BTreeMap;

use super::names::{camel, snake};
use crate::model::{SchemaModel, TypeRef};

/// Options of the emitter: Rust types to use instead of the default map.
///
/// ```
/// use supabase_codegen::EmitOptions;
/// let options = EmitOptions::new()
///     .column_type("public.countries.meta", "crate::CountryMeta")
///     .pg_type("pg_catalog.uuid", "uuid::Uuid");
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmitOptions {
    pub(crate) columns: BTreeMap<String, String>,
    pub(crate) pg_types: BTreeMap<String, String>,
}

impl EmitOptions {
    /// No overrides.
    ///
    /// ```
    /// let _ = supabase_codegen::EmitOptions::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses the Rust type `rust_type` for the column `schema.table.column` (for its non-null
    /// value; nullability still adds `Option`).
    ///
    /// ```
    /// let _ = supabase_codegen::EmitOptions::new().column_type("public.t.doc", "crate::Doc");
    /// ```
    #[must_use]
    pub fn column_type(mut self, column: impl Into<String>, rust_type: impl Into<String>) -> Self {
        self.columns.insert(column.into(), rust_type.into());
        self
    }

    /// Uses the Rust type `rust_type` for every use of the Postgres type `schema.name`
    /// (`pg_catalog.numeric`, `public.email_address`, …).
    ///
    /// ```
    /// let _ = supabase_codegen::EmitOptions::new().pg_type("pg_catalog.numeric", "rust_decimal::Decimal");
    /// ```
    #[must_use]
    pub fn pg_type(mut self, pg_type: impl Into<String>, rust_type: impl Into<String>) -> Self {
        self.pg_types.insert(pg_type.into(), rust_type.into());
        self
    }
}

/// Maps Postgres types of one model to Rust types, from inside a schema module.
pub(crate) struct TypeMap<'a> {
    pub(crate) model: &'a SchemaModel,
    pub(crate) options: &'a EmitOptions,
    /// The path from the current module to the root of the generated code (`super::`, …).
    pub(crate) root: &'static str,
}

impl<'a> TypeMap<'a> {
    /// The same map, used from a module `root` away from the root of the generated code.
    pub(crate) fn at(&self, root: &'static str) -> TypeMap<'a> {
        TypeMap {
            model: self.model,
            options: self.options,
            root,
        }
    }

    /// The Rust type of a non-null value of `ty`, written from inside a schema module.
    pub(crate) fn rust(&self, ty: &TypeRef, column: Option<&str>) -> String {
        if let Some(path) = column.and_then(|c| self.options.columns.get(c)) {
            return path.clone();
        }
        if let (Some(schema), Some(name)) = (ty.schema(), ty.name()) {
            if let Some(path) = self.options.pg_types.get(&format!("{schema}.{name}")) {
                return path.clone();
            }
        }
        match ty {
            TypeRef::Array { element } => format!("Vec<{}>", self.rust(element, None)),
            TypeRef::Domain { base, .. } => self.rust(base, None),
            TypeRef::Enum { schema, name } => {
                format!("{}{}::{}", self.root, snake(schema), camel(name))
            }
            TypeRef::Composite { schema, name } => {
                let is_table = self
                    .model
                    .schema(schema)
                    .is_some_and(|s| s.relation(name).is_some());
                if is_table {
                    format!("{}{}::{}::Row", self.root, snake(schema), snake(name))
                } else {
                    format!("{}{}::{}", self.root, snake(schema), camel(name))
                }
            }
            TypeRef::Range { .. } => "String".to_owned(),
            TypeRef::Pseudo { .. } => "serde_json::Value".to_owned(),
            TypeRef::Base { name, .. } => base(name).to_owned(),
        }
    }

    /// Whether `ty` is a domain declared NOT NULL (so a column of it is never null).
    pub(crate) fn domain_not_null(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Domain { schema, name, .. } => self
                .model
                .schema(schema)
                .and_then(|s| s.domain(name))
                .is_some_and(|d| d.not_null),
            _ => false,
        }
    }
}

fn base(name: &str) -> &'static str {
    match name {
        "bool" => "bool",
        "int2" => "i16",
        "int4" => "i32",
        "int8" => "i64",
        "float4" => "f32",
        "float8" => "f64",
        "oid" => "u32",
        "json" | "jsonb" => "serde_json::Value",
        _ => "String",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_map_and_overrides() {
        let model = SchemaModel::new();
        let options = EmitOptions::new().pg_type("pg_catalog.numeric", "rust_decimal::Decimal");
        let map = TypeMap {
            model: &model,
            options: &options,
            root: "super::",
        };
        assert_eq!(map.rust(&TypeRef::base("int8"), None), "i64");
        assert_eq!(
            map.rust(&TypeRef::base("numeric"), None),
            "rust_decimal::Decimal"
        );
        assert_eq!(map.rust(&TypeRef::base("uuid"), None), "String");
        let array = TypeRef::Array {
            element: Box::new(TypeRef::base("text")),
        };
        assert_eq!(map.rust(&array, None), "Vec<String>");
        let options = EmitOptions::new().column_type("public.t.doc", "crate::Doc");
        let map = TypeMap {
            model: &model,
            options: &options,
            root: "super::",
        };
        assert_eq!(
            map.rust(&TypeRef::base("jsonb"), Some("public.t.doc")),
            "crate::Doc"
        );
    }
}
