//! The root of the model ([`SchemaModel`]) and one Postgres schema ([`Schema`]).

use serde::{Deserialize, Serialize};

use super::{CompositeType, DomainType, EnumType, Function, Relation};

/// The version of the snapshot format written by [`SchemaModel::to_snapshot_json`]; a snapshot
/// with another `format_version` is refused by [`SchemaModel::from_snapshot_json`].
///
/// ```
/// assert_eq!(supabase_codegen::FORMAT_VERSION, 1);
/// ```
pub const FORMAT_VERSION: u32 = 1;

/// Everything the code generator knows about a database: the chosen schemas, each with its
/// relations, types and functions.
///
/// Built by a source (for example `source::live::introspect`, feature `live`) or read from a committed
/// snapshot with [`SchemaModel::from_snapshot_json`].
///
/// ```
/// use supabase_codegen::{Schema, SchemaModel};
///
/// let mut model = SchemaModel::new();
/// model.schemas.push(Schema::new("public"));
/// assert_eq!(model.format_version, supabase_codegen::FORMAT_VERSION);
/// assert!(model.schema("public").is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaModel {
    /// The snapshot format this model was written in ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The schemas, sorted by name after [`SchemaModel::normalize`].
    pub schemas: Vec<Schema>,
}

impl Default for SchemaModel {
    fn default() -> Self {
        SchemaModel::new()
    }
}

impl SchemaModel {
    /// An empty model of the current [`FORMAT_VERSION`].
    ///
    /// ```
    /// let model = supabase_codegen::SchemaModel::new();
    /// assert!(model.schemas.is_empty());
    /// ```
    pub fn new() -> Self {
        SchemaModel {
            format_version: FORMAT_VERSION,
            schemas: Vec::new(),
        }
    }

    /// The schema with this name.
    ///
    /// ```
    /// use supabase_codegen::{Schema, SchemaModel};
    ///
    /// let mut model = SchemaModel::new();
    /// model.schemas.push(Schema::new("api"));
    /// assert_eq!(model.schema("api").map(|s| s.name.as_str()), Some("api"));
    /// assert!(model.schema("public").is_none());
    /// ```
    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.name == name)
    }

    /// Puts every list into its canonical order, so that two models of the same database compare
    /// equal and serialize to the same bytes whatever order a source produced them in:
    /// schemas, relations, types and constraints by name; columns by ordinal; functions by name,
    /// then identity arguments. Orders that carry meaning are kept: enum labels, composite
    /// attributes, key columns, function arguments.
    ///
    /// ```
    /// use supabase_codegen::{Schema, SchemaModel};
    ///
    /// let mut model = SchemaModel::new();
    /// model.schemas.push(Schema::new("public"));
    /// model.schemas.push(Schema::new("api"));
    /// model.normalize();
    /// assert_eq!(model.schemas[0].name, "api");
    /// ```
    pub fn normalize(&mut self) {
        self.schemas.sort_by(|a, b| a.name.cmp(&b.name));
        for schema in &mut self.schemas {
            schema.normalize();
        }
    }
}

/// One Postgres schema (namespace) and what it contains.
///
/// ```
/// let schema = supabase_codegen::Schema::new("public");
/// assert!(schema.relations.is_empty() && schema.functions.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// The schema's name, e.g. `public`.
    pub name: String,
    /// `COMMENT ON SCHEMA`, if any.
    pub comment: Option<String>,
    /// Tables, views, materialized views and foreign tables, sorted by name.
    pub relations: Vec<Relation>,
    /// Enum types, sorted by name.
    pub enums: Vec<EnumType>,
    /// Composite types created with `CREATE TYPE .. AS (..)` (not the row types of relations),
    /// sorted by name.
    pub composites: Vec<CompositeType>,
    /// Domains, sorted by name.
    pub domains: Vec<DomainType>,
    /// Functions (not procedures or aggregates), sorted by name, then identity arguments.
    pub functions: Vec<Function>,
}

impl Schema {
    /// An empty schema with this name.
    ///
    /// ```
    /// assert_eq!(supabase_codegen::Schema::new("api").name, "api");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Schema {
            name: name.into(),
            comment: None,
            relations: Vec::new(),
            enums: Vec::new(),
            composites: Vec::new(),
            domains: Vec::new(),
            functions: Vec::new(),
        }
    }

    /// The relation (table, view, ...) with this name.
    ///
    /// ```
    /// let schema = supabase_codegen::Schema::new("public");
    /// assert!(schema.relation("countries").is_none());
    /// ```
    pub fn relation(&self, name: &str) -> Option<&Relation> {
        self.relations.iter().find(|r| r.name == name)
    }

    /// The enum type with this name.
    ///
    /// ```
    /// let schema = supabase_codegen::Schema::new("public");
    /// assert!(schema.enum_type("user_status").is_none());
    /// ```
    pub fn enum_type(&self, name: &str) -> Option<&EnumType> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// The composite type with this name.
    ///
    /// ```
    /// let schema = supabase_codegen::Schema::new("public");
    /// assert!(schema.composite("address").is_none());
    /// ```
    pub fn composite(&self, name: &str) -> Option<&CompositeType> {
        self.composites.iter().find(|c| c.name == name)
    }

    /// The domain with this name.
    ///
    /// ```
    /// let schema = supabase_codegen::Schema::new("public");
    /// assert!(schema.domain("email_address").is_none());
    /// ```
    pub fn domain(&self, name: &str) -> Option<&DomainType> {
        self.domains.iter().find(|d| d.name == name)
    }

    /// Every overload of the function with this name, in identity-argument order once normalized.
    ///
    /// ```
    /// let schema = supabase_codegen::Schema::new("public");
    /// assert_eq!(schema.functions_named("add").count(), 0);
    /// ```
    pub fn functions_named<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Function> + 'a {
        let name = name.to_owned();
        self.functions.iter().filter(move |f| f.name == name)
    }

    /// Sorts this schema's lists; see [`SchemaModel::normalize`].
    ///
    /// ```
    /// let mut schema = supabase_codegen::Schema::new("public");
    /// schema.normalize();
    /// ```
    pub fn normalize(&mut self) {
        self.relations.sort_by(|a, b| a.name.cmp(&b.name));
        for relation in &mut self.relations {
            relation.normalize();
        }
        self.enums.sort_by(|a, b| a.name.cmp(&b.name));
        self.composites.sort_by(|a, b| a.name.cmp(&b.name));
        self.domains.sort_by(|a, b| a.name.cmp(&b.name));
        self.functions.sort_by(|a, b| {
            (a.name.as_str(), a.identity_args.as_str())
                .cmp(&(b.name.as_str(), b.identity_args.as_str()))
        });
    }
}
