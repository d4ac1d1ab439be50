//! The Rust types of `query!` results and parameters (the macro has no generated enums in
//! scope): bool, int2/4/8 → i16/i32/i64, float4/8 → f32/f64, json/jsonb, numeric and composites →
//! `serde_json::Value` (PostgREST sends numeric as a JSON number, which `String` cannot decode),
//! arrays → `Vec<_>`, domains → their base, enums and everything else → `String`.

use supabase_codegen::TypeRef;

/// A Rust type of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ty {
    Bool,
    I16,
    I32,
    I64,
    F32,
    F64,
    Text,
    Json,
    /// `numeric`/`money`: `serde_json::Value` in results (PostgREST sends a JSON number);
    /// parameters take integers, floats, `Numeric`, `Decimal` or a JSON value.
    Numeric,
    Vec(Box<Ty>),
    Option(Box<Ty>),
    Unit,
}

impl Ty {
    /// The type for a Postgres type.
    pub(crate) fn of(type_ref: &TypeRef) -> Ty {
        match type_ref.without_domains() {
            TypeRef::Base { name, .. } => Ty::base(&name),
            TypeRef::Array { element } => Ty::Vec(Box::new(Ty::of(&element))),
            TypeRef::Composite { .. } | TypeRef::Unknown { .. } => Ty::Json,
            _ => Ty::Text,
        }
    }

    /// The type for a base type's name (`int8`), also used for casts.
    pub(crate) fn base(name: &str) -> Ty {
        match name {
            "bool" => Ty::Bool,
            "int2" => Ty::I16,
            "int4" => Ty::I32,
            "int8" => Ty::I64,
            "float4" => Ty::F32,
            "float8" => Ty::F64,
            "json" | "jsonb" => Ty::Json,
            "numeric" | "money" => Ty::Numeric,
            "void" => Ty::Unit,
            _ => Ty::Text,
        }
    }

    /// `Option<self>` when `nullable` (never `Option<Option<_>>`).
    pub(crate) fn nullable(self, nullable: bool) -> Ty {
        match self {
            Ty::Option(_) | Ty::Unit => self,
            other if nullable => Ty::Option(Box::new(other)),
            other => other,
        }
    }

    pub(crate) fn is_numeric(&self) -> bool {
        matches!(
            self.inner(),
            Ty::I16 | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Json | Ty::Numeric
        )
    }

    /// Without the outer `Option`.
    pub(crate) fn inner(&self) -> &Ty {
        match self {
            Ty::Option(inner) => inner,
            other => other,
        }
    }

    /// The type as it appears in a result struct, as source text.
    pub(crate) fn text(&self) -> String {
        match self {
            Ty::Bool => "bool".to_owned(),
            Ty::I16 => "i16".to_owned(),
            Ty::I32 => "i32".to_owned(),
            Ty::I64 => "i64".to_owned(),
            Ty::F32 => "f32".to_owned(),
            Ty::F64 => "f64".to_owned(),
            Ty::Text => "::std::string::String".to_owned(),
            Ty::Json | Ty::Numeric => "::supabase_core::__private::serde_json::Value".to_owned(),
            Ty::Vec(inner) => format!("::std::vec::Vec<{}>", inner.text()),
            Ty::Option(inner) => format!("::std::option::Option<{}>", inner.text()),
            Ty::Unit => "()".to_owned(),
        }
    }

    /// The `Fits` target of a filter parameter: the result type, except `numeric`, which takes
    /// any number type.
    pub(crate) fn fit_target(&self) -> String {
        match self {
            Ty::Numeric => "::supabase_core::__private::NumericColumn".to_owned(),
            Ty::Option(inner) => format!("::std::option::Option<{}>", inner.fit_target()),
            other => other.text(),
        }
    }

    /// The `Writes` target: `Nullable<T>` for a nullable column; `numeric` takes any number
    /// type, as in filters.
    pub(crate) fn write_target(&self) -> String {
        match self {
            Ty::Numeric => "::supabase_core::__private::NumericColumn".to_owned(),
            Ty::Option(inner) => format!(
                "::supabase_core::__private::Nullable<{}>",
                inner.write_target()
            ),
            other => other.text(),
        }
    }
}

/// The base type a cast names (`::text`, `::bigint`), if the macro knows it.
pub(crate) fn cast_target(sql_type: &str) -> Option<&'static str> {
    let lower = sql_type.to_ascii_lowercase();
    let name = lower.split('(').next().unwrap_or("").trim();
    Some(match name {
        "text" | "varchar" | "character varying" | "char" | "character" | "bpchar" | "citext"
        | "name" => "text",
        "smallint" | "int2" => "int2",
        "int" | "integer" | "int4" => "int4",
        "bigint" | "int8" => "int8",
        "real" | "float4" => "float4",
        "double precision" | "float8" | "float" => "float8",
        "boolean" | "bool" => "bool",
        "json" => "json",
        "jsonb" => "jsonb",
        "numeric" | "decimal" => "numeric",
        "uuid" | "date" | "timestamp" | "timestamptz" | "time" | "interval" | "inet" => "text",
        _ => return None,
    })
}
