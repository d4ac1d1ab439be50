//! The Postgres → Rust type map (DESIGN §3) with overrides per column and per Postgres type.
//!
//! Numbers keep their exact width; `numeric` is `supabase_core::types::Numeric` (its exact text,
//! never `f64`; with EmitOptions::decimal, `supabase_core::types::Decimal`); floats are
//! `Float4`/`Float8` (PostgREST sends `NaN` and the infinities as strings); `uuid`, dates and
//! times are `uuid`/`chrono` types (dates and timestamps wrapped in `Infinite`), and `bytea`,
//! ranges, `interval`, `timetz`, `inet`/`cidr`, `macaddr` are the newtypes of
//! `supabase_core::types`. Types whose text form has no clear parse (`money`, whose text depends
//! on `lc_monetary`, geometric types, `tsvector`, bit strings, ...) stay `String`.

use std::collections::BTreeMap;

use super::scope::Names;
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
    pub(crate) decimal: bool,
    pub(crate) non_null_array_elements: bool,
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

    /// Maps `numeric` to `supabase_core::types::Decimal` (a `rust_decimal::Decimal`, read
    /// exactly; the generated code then needs supabase-core's feature `decimal`) instead of
    /// `supabase_core::types::Numeric` (the exact text, which also holds `NaN`, the infinities
    /// and more than 28 digits). Range bounds stay `Numeric`.
    ///
    /// ```
    /// let _ = supabase_codegen::EmitOptions::new().decimal(true);
    /// ```
    #[must_use]
    pub fn decimal(mut self, on: bool) -> Self {
        self.decimal = on;
        self
    }

    /// Maps arrays to `Vec<T>` instead of `Vec<Option<T>>`. Postgres arrays may hold NULL
    /// elements and the catalog cannot say that a column's never do, so the default keeps
    /// `Option`; with this option a row whose array holds a NULL fails to decode.
    ///
    /// ```
    /// let _ = supabase_codegen::EmitOptions::new().non_null_array_elements(true);
    /// ```
    #[must_use]
    pub fn non_null_array_elements(mut self, on: bool) -> Self {
        self.non_null_array_elements = on;
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
    /// The identifiers of the model's modules and types.
    pub(crate) names: &'a Names,
    /// The path from the current module to the root of the generated code (`super::`, …).
    pub(crate) root: &'static str,
}

impl<'a> TypeMap<'a> {
    /// The same map, used from a module `root` away from the root of the generated code.
    pub(crate) fn at(&self, root: &'static str) -> TypeMap<'a> {
        TypeMap {
            model: self.model,
            options: self.options,
            names: self.names,
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
            TypeRef::Array { element } if self.options.non_null_array_elements => {
                format!("Vec<{}>", self.rust(element, None))
            }
            // Any Postgres array may hold NULLs (`{NULL,""}`): nothing in the catalog forbids it.
            TypeRef::Array { element } => format!("Vec<Option<{}>>", self.rust(element, None)),
            TypeRef::Domain { base, .. } => self.rust(base, None),
            TypeRef::Enum { schema, name } => format!(
                "{}{}::{}",
                self.root,
                self.names.schema(schema),
                self.names.type_name(schema, name)
            ),
            TypeRef::Composite { schema, name } => {
                let is_table = self
                    .model
                    .schema(schema)
                    .is_some_and(|s| s.relation(name).is_some());
                let module = self.names.schema(schema);
                if is_table {
                    let relation = self.names.relation(schema, name);
                    format!("{}{module}::{relation}::Row", self.root)
                } else {
                    let ty = self.names.type_name(schema, name);
                    format!("{}{module}::{ty}", self.root)
                }
            }
            TypeRef::Range { subtype, .. } => match range_element(subtype) {
                Some(element) => format!("{TYPES}PgRange<{element}>"),
                None => "String".to_owned(),
            },
            TypeRef::Pseudo { name, .. } if name == "void" => "()".to_owned(),
            TypeRef::Pseudo { .. } => "serde_json::Value".to_owned(),
            // Never a guessed concrete type: the JSON value as PostgREST sends it.
            TypeRef::Unknown { .. } => "serde_json::Value".to_owned(),
            TypeRef::Base { name, .. } => base(name, self.options.decimal),
        }
    }

    /// Whether `ty` is a domain with a DEFAULT (so a column of it may be left out of an insert).
    pub(crate) fn domain_default(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Domain { schema, name, base } => {
                self.model
                    .schema(schema)
                    .and_then(|s| s.domain(name))
                    .is_some_and(|d| d.default.is_some())
                    || self.domain_default(base)
            }
            _ => false,
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

/// The path of `supabase_core::types` in generated code.
pub(crate) const TYPES: &str = "::supabase_core::types::";

fn base(name: &str, decimal: bool) -> String {
    let known = match name {
        "bool" => "bool",
        "int2" => "i16",
        "int4" => "i32",
        "int8" => "i64",
        "oid" => "u32",
        "float4" => "Float4",
        "float8" => "Float8",
        "numeric" if decimal => "Decimal",
        "numeric" => "Numeric",
        "uuid" => "Uuid",
        "bytea" => "Bytea",
        "date" => "Date",
        "time" => "Time",
        "timetz" => "TimeTz",
        "timestamp" => "Timestamp",
        "timestamptz" => "Timestamptz",
        "interval" => "Interval",
        "inet" => "Inet",
        "cidr" => "Cidr",
        "macaddr" => "MacAddr",
        "macaddr8" => "MacAddr8",
        "json" | "jsonb" => return "serde_json::Value".to_owned(),
        // text, varchar, bpchar, citext, name, money, tsvector, xml, bit, geometric types, ...
        _ => return "String".to_owned(),
    };
    if known.starts_with(char::is_uppercase) {
        format!("{TYPES}{known}")
    } else {
        known.to_owned()
    }
}

/// The Rust type of the bounds of a range over `subtype`, when `supabase_core::types::PgRange`
/// can read them.
fn range_element(subtype: &TypeRef) -> Option<String> {
    let TypeRef::Base { name, .. } = subtype.without_domains() else {
        return None;
    };
    Some(match name.as_str() {
        "int4" => "i32".to_owned(),
        "int8" => "i64".to_owned(),
        "numeric" => format!("{TYPES}Numeric"),
        "date" => format!("{TYPES}chrono::NaiveDate"),
        "timestamp" => format!("{TYPES}chrono::NaiveDateTime"),
        "timestamptz" => format!("{TYPES}chrono::DateTime<{TYPES}chrono::Utc>"),
        _ => return None,
    })
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
            names: &Names::default(),
            root: "super::",
        };
        assert_eq!(map.rust(&TypeRef::base("int8"), None), "i64");
        assert_eq!(
            map.rust(&TypeRef::base("numeric"), None),
            "rust_decimal::Decimal"
        );
        assert_eq!(
            map.rust(&TypeRef::base("uuid"), None),
            "::supabase_core::types::Uuid"
        );
        assert_eq!(map.rust(&TypeRef::base("money"), None), "String");
        let range = TypeRef::Range {
            schema: "pg_catalog".into(),
            name: "tstzrange".into(),
            subtype: Box::new(TypeRef::base("timestamptz")),
        };
        assert_eq!(
            map.rust(&range, None),
            "::supabase_core::types::PgRange<::supabase_core::types::chrono::DateTime<::supabase_core::types::chrono::Utc>>"
        );
        let array = TypeRef::Array {
            element: Box::new(TypeRef::base("text")),
        };
        assert_eq!(map.rust(&array, None), "Vec<Option<String>>");
        let options = EmitOptions::new().column_type("public.t.doc", "crate::Doc");
        let map = TypeMap {
            model: &model,
            options: &options,
            names: &Names::default(),
            root: "super::",
        };
        assert_eq!(
            map.rust(&TypeRef::base("jsonb"), Some("public.t.doc")),
            "crate::Doc"
        );
    }
}
