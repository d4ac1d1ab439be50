//! Columns and references to Postgres types.

use serde::{Deserialize, Serialize};

/// A reference to a Postgres type, resolved as far as code generation needs: arrays name their
/// element type, domains their base type, ranges their subtype.
///
/// Serialized with a `kind` tag, e.g. `{"kind":"base","schema":"pg_catalog","name":"int4"}`.
///
/// ```
/// use supabase_codegen::TypeRef;
///
/// let ints = TypeRef::Array { element: Box::new(TypeRef::base("int4")) };
/// assert_eq!(ints.element(), Some(&TypeRef::base("int4")));
/// assert_eq!(TypeRef::base("int4").name(), Some("int4"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum TypeRef {
    /// A base (scalar) type: `pg_catalog.int4`, `pg_catalog.text`, an extension's `citext`, ...
    Base {
        /// The type's schema (`pg_catalog` for built-in types).
        schema: String,
        /// The type's internal name (`int4`, `timestamptz`, `bpchar`, ...).
        name: String,
    },
    /// An array of `element` (any number of dimensions: Postgres does not distinguish them).
    Array {
        /// The element type.
        element: Box<TypeRef>,
    },
    /// An enum type, described by a [`crate::EnumType`] of the same schema and name when that
    /// schema is in the model.
    Enum {
        /// The enum's schema.
        schema: String,
        /// The enum's name.
        name: String,
    },
    /// A composite type: one created with `CREATE TYPE .. AS (..)` ([`crate::CompositeType`]) or
    /// the row type of a relation of the same name.
    Composite {
        /// The type's schema.
        schema: String,
        /// The type's name.
        name: String,
    },
    /// A domain over `base` ([`crate::DomainType`] holds its `NOT NULL` and default).
    Domain {
        /// The domain's schema.
        schema: String,
        /// The domain's name.
        name: String,
        /// The type the domain is defined over, itself resolved.
        base: Box<TypeRef>,
    },
    /// A range type over `subtype` (`int4range` over `int4`, `tstzrange` over `timestamptz`, ...).
    Range {
        /// The range type's schema.
        schema: String,
        /// The range type's name.
        name: String,
        /// The type of the range's bounds.
        subtype: Box<TypeRef>,
    },
    /// A pseudo-type, found in function signatures: `void`, `record`, `trigger`, `anyelement`...
    Pseudo {
        /// The pseudo-type's schema (`pg_catalog`).
        schema: String,
        /// The pseudo-type's name.
        name: String,
    },
    /// A type the source could not resolve (a migration naming a type it never created, a
    /// view column computed by a function whose result type is not known). Generated code
    /// holds such a value as `serde_json::Value`, never as a guessed concrete type.
    ///
    /// ```
    /// use supabase_codegen::TypeRef;
    ///
    /// let t = TypeRef::Unknown { reason: "unknown type `geometry`".into() };
    /// assert_eq!(serde_json::to_string(&t).ok().as_deref(),
    ///            Some(r#"{"kind":"unknown","reason":"unknown type `geometry`"}"#));
    /// assert_eq!(t.name(), None);
    /// ```
    Unknown {
        /// Why the type is not known, for the generated doc comment and warnings.
        reason: String,
    },
}

impl TypeRef {
    /// A built-in base type of `pg_catalog`.
    ///
    /// ```
    /// use supabase_codegen::TypeRef;
    ///
    /// assert_eq!(TypeRef::base("text"),
    ///            TypeRef::Base { schema: "pg_catalog".into(), name: "text".into() });
    /// ```
    pub fn base(name: &str) -> Self {
        TypeRef::Base {
            schema: "pg_catalog".to_string(),
            name: name.to_string(),
        }
    }

    /// The type's schema, or `None` for an array (whose element has one).
    ///
    /// ```
    /// assert_eq!(supabase_codegen::TypeRef::base("uuid").schema(), Some("pg_catalog"));
    /// ```
    pub fn schema(&self) -> Option<&str> {
        match self {
            TypeRef::Base { schema, .. }
            | TypeRef::Enum { schema, .. }
            | TypeRef::Composite { schema, .. }
            | TypeRef::Domain { schema, .. }
            | TypeRef::Range { schema, .. }
            | TypeRef::Pseudo { schema, .. } => Some(schema),
            TypeRef::Array { .. } | TypeRef::Unknown { .. } => None,
        }
    }

    /// The type's name, or `None` for an array (whose element has one).
    ///
    /// ```
    /// assert_eq!(supabase_codegen::TypeRef::base("uuid").name(), Some("uuid"));
    /// ```
    pub fn name(&self) -> Option<&str> {
        match self {
            TypeRef::Base { name, .. }
            | TypeRef::Enum { name, .. }
            | TypeRef::Composite { name, .. }
            | TypeRef::Domain { name, .. }
            | TypeRef::Range { name, .. }
            | TypeRef::Pseudo { name, .. } => Some(name),
            TypeRef::Array { .. } | TypeRef::Unknown { .. } => None,
        }
    }

    /// Why the type (or an array's element type) is not known, if it is not.
    ///
    /// ```
    /// use supabase_codegen::TypeRef;
    ///
    /// let t = TypeRef::Array { element: Box::new(TypeRef::Unknown { reason: "why".into() }) };
    /// assert_eq!(t.unknown_reason(), Some("why"));
    /// assert_eq!(TypeRef::base("int4").unknown_reason(), None);
    /// ```
    pub fn unknown_reason(&self) -> Option<&str> {
        match self {
            TypeRef::Unknown { reason } => Some(reason),
            TypeRef::Array { element } => element.unknown_reason(),
            _ => None,
        }
    }

    /// The element type of an array, `None` for anything else.
    ///
    /// ```
    /// assert_eq!(supabase_codegen::TypeRef::base("int4").element(), None);
    /// ```
    pub fn element(&self) -> Option<&TypeRef> {
        match self {
            TypeRef::Array { element } => Some(element),
            _ => None,
        }
    }

    /// This type with every domain replaced by its base type, recursively (a domain over a
    /// domain, an array of a domain).
    ///
    /// ```
    /// use supabase_codegen::TypeRef;
    ///
    /// let email = TypeRef::Domain { schema: "public".into(), name: "email_address".into(),
    ///                               base: Box::new(TypeRef::base("text")) };
    /// assert_eq!(email.without_domains(), TypeRef::base("text"));
    /// ```
    pub fn without_domains(&self) -> TypeRef {
        match self {
            TypeRef::Domain { base, .. } => base.without_domains(),
            TypeRef::Array { element } => TypeRef::Array {
                element: Box::new(element.without_domains()),
            },
            other => other.clone(),
        }
    }
}

/// How an identity column generates its values.
///
/// ```
/// use supabase_codegen::Identity;
///
/// assert_eq!(serde_json::to_string(&Identity::ByDefault).ok().as_deref(), Some("\"by_default\""));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `GENERATED ALWAYS AS IDENTITY`: the value cannot be given on insert (without
    /// `OVERRIDING SYSTEM VALUE`), so it is absent from generated `Insert` types.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`: a value may be given on insert; optional.
    ByDefault,
}

/// A column of a relation.
///
/// ```
/// use supabase_codegen::{Column, TypeRef};
///
/// let name = Column::new("name", 2, TypeRef::base("text"), "text");
/// assert!(name.nullable && name.updatable && name.default.is_none());
/// assert!(!name.is_generated());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// The column's name.
    pub name: String,
    /// The 1-based position among the relation's columns (dropped columns leave no gap).
    pub ordinal: u32,
    /// The column's type.
    #[serde(rename = "type")]
    pub type_ref: TypeRef,
    /// The type as Postgres prints it, with modifiers: `character varying(20)`,
    /// `numeric(12,2)`, `text[]`, `public.email_address` (`format_type`).
    pub sql_type: String,
    /// Whether the column may hold NULL: no `NOT NULL` constraint on the column. A domain's own
    /// `NOT NULL` is on its [`crate::DomainType`]; view columns are always nullable.
    pub nullable: bool,
    /// The default expression (`DEFAULT ..`), as Postgres prints it; `None` for identity and
    /// generated columns, whose values come from [`Column::identity`] / [`Column::generated`].
    pub default: Option<String>,
    /// `GENERATED .. AS IDENTITY`, if the column is an identity column.
    pub identity: Option<Identity>,
    /// The expression of a `GENERATED ALWAYS AS (..) STORED` column; such a column can be
    /// neither inserted nor updated.
    pub generated: Option<String>,
    /// Whether `UPDATE` can set this column: `pg_column_is_updatable` says so (view columns
    /// that compute a value are not), and it is neither generated nor identity `ALWAYS` (both
    /// can only be set to `DEFAULT`).
    pub updatable: bool,
    /// `COMMENT ON COLUMN ..`, if any.
    pub comment: Option<String>,
}

impl Column {
    /// A nullable, updatable column without default, identity, generation or comment.
    ///
    /// ```
    /// use supabase_codegen::{Column, TypeRef};
    ///
    /// let id = Column::new("id", 1, TypeRef::base("int8"), "bigint");
    /// assert_eq!(id.ordinal, 1);
    /// ```
    pub fn new(
        name: impl Into<String>,
        ordinal: u32,
        type_ref: TypeRef,
        sql_type: impl Into<String>,
    ) -> Self {
        Column {
            name: name.into(),
            ordinal,
            type_ref,
            sql_type: sql_type.into(),
            nullable: true,
            default: None,
            identity: None,
            generated: None,
            updatable: true,
            comment: None,
        }
    }

    /// Whether this is a generated (computed, stored) column.
    ///
    /// ```
    /// use supabase_codegen::{Column, TypeRef};
    ///
    /// let mut search = Column::new("search", 11, TypeRef::base("tsvector"), "tsvector");
    /// search.generated = Some("to_tsvector('english'::regconfig, name)".into());
    /// assert!(search.is_generated());
    /// ```
    pub fn is_generated(&self) -> bool {
        self.generated.is_some()
    }

    /// Whether an insert may leave this column out: it is nullable, has a default, is an
    /// identity column, or is generated. (Identity `ALWAYS` and generated columns *must* be left
    /// out; see [`Column::insertable`].)
    ///
    /// ```
    /// use supabase_codegen::{Column, TypeRef};
    ///
    /// let mut name = Column::new("name", 2, TypeRef::base("text"), "text");
    /// name.nullable = false;
    /// assert!(!name.optional_on_insert());
    /// ```
    pub fn optional_on_insert(&self) -> bool {
        self.nullable || self.default.is_some() || self.identity.is_some() || self.is_generated()
    }

    /// Whether an insert may give this column a value: not identity `ALWAYS`, not generated.
    ///
    /// ```
    /// use supabase_codegen::{Column, Identity, TypeRef};
    ///
    /// let mut id = Column::new("id", 1, TypeRef::base("int8"), "bigint");
    /// id.identity = Some(Identity::Always);
    /// assert!(!id.insertable());
    /// ```
    pub fn insertable(&self) -> bool {
        self.identity != Some(Identity::Always) && !self.is_generated()
    }
}
