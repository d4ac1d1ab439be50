//! Relations: tables, views, materialized views and foreign tables.

use serde::{Deserialize, Serialize};

use super::{Column, ForeignKey, PrimaryKey, UniqueConstraint};

/// What kind of relation a [`Relation`] is (`pg_class.relkind`).
///
/// ```
/// use supabase_codegen::RelationKind;
///
/// assert_eq!(serde_json::to_string(&RelationKind::MaterializedView).ok().as_deref(),
///            Some("\"materialized_view\""));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RelationKind {
    /// An ordinary or partitioned table (`r`, `p`).
    Table,
    /// A view (`v`).
    View,
    /// A materialized view (`m`): readable, never writable.
    MaterializedView,
    /// A foreign table (`f`): writable only as far as its foreign-data wrapper allows.
    ForeignTable,
}

/// A table, view, materialized view or foreign table, with its columns and constraints.
///
/// ```
/// use supabase_codegen::{Relation, RelationKind};
///
/// let view = Relation::new("big_countries", RelationKind::View);
/// assert!(!view.insertable && !view.updatable && !view.deletable);
/// assert!(view.column("id").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// The relation's name (unqualified; the schema is the enclosing [`crate::Schema`]).
    pub name: String,
    /// Table, view, materialized view or foreign table.
    pub kind: RelationKind,
    /// `COMMENT ON TABLE/VIEW ..`, if any.
    pub comment: Option<String>,
    /// Whether row level security is enabled (`ALTER TABLE .. ENABLE ROW LEVEL SECURITY`).
    pub rls_enabled: bool,
    /// Whether `INSERT` is possible, as `pg_relation_is_updatable` says (tables: yes; simple
    /// views: yes; materialized views: no). Privileges are not taken into account.
    pub insertable: bool,
    /// Whether `UPDATE` is possible (same rules as [`Relation::insertable`]).
    pub updatable: bool,
    /// Whether `DELETE` is possible (same rules as [`Relation::insertable`]).
    pub deletable: bool,
    /// The columns, sorted by [`Column::ordinal`].
    pub columns: Vec<Column>,
    /// The primary key, if any (tables only).
    pub primary_key: Option<PrimaryKey>,
    /// Unique constraints (not the primary key), sorted by name.
    pub unique_constraints: Vec<UniqueConstraint>,
    /// Foreign keys from this relation to others, sorted by constraint name.
    pub foreign_keys: Vec<ForeignKey>,
    /// For a view or materialized view: the columns that pass a table's column through
    /// unchanged, sorted by column. PostgREST embeds a view along the foreign keys of those
    /// tables (its "view relationships"); empty for tables and when no column is a plain one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub view_sources: Vec<ViewColumnSource>,
}

/// A view column that is a table's column passed through unchanged
/// (`select d.owner_id, o.full_name as owner_name from deals d join profiles o ...`).
///
/// ```
/// use supabase_codegen::ViewColumnSource;
///
/// let source = ViewColumnSource {
///     column: "owner_name".into(),
///     schema: "public".into(),
///     relation: "profiles".into(),
///     source_column: "full_name".into(),
/// };
/// assert_eq!(source.relation, "profiles");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewColumnSource {
    /// The view's column.
    pub column: String,
    /// The schema of the relation it comes from.
    pub schema: String,
    /// The relation it comes from.
    pub relation: String,
    /// The column of that relation.
    pub source_column: String,
}

impl Relation {
    /// A relation of this kind without columns or constraints, not writable, without RLS.
    ///
    /// ```
    /// use supabase_codegen::{Relation, RelationKind};
    ///
    /// assert_eq!(Relation::new("t", RelationKind::Table).kind, RelationKind::Table);
    /// ```
    pub fn new(name: impl Into<String>, kind: RelationKind) -> Self {
        Relation {
            name: name.into(),
            kind,
            comment: None,
            rls_enabled: false,
            insertable: false,
            updatable: false,
            deletable: false,
            columns: Vec::new(),
            primary_key: None,
            unique_constraints: Vec::new(),
            foreign_keys: Vec::new(),
            view_sources: Vec::new(),
        }
    }

    /// The column with this name.
    ///
    /// ```
    /// use supabase_codegen::{Relation, RelationKind};
    ///
    /// assert!(Relation::new("t", RelationKind::Table).column("id").is_none());
    /// ```
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The foreign key constraint with this name (PostgREST's `!hint` for embedding).
    ///
    /// ```
    /// use supabase_codegen::{Relation, RelationKind};
    ///
    /// let messages = Relation::new("messages", RelationKind::Table);
    /// assert!(messages.foreign_key("messages_sender_fkey").is_none());
    /// ```
    pub fn foreign_key(&self, name: &str) -> Option<&ForeignKey> {
        self.foreign_keys.iter().find(|fk| fk.name == name)
    }

    /// Whether the columns (in any order) are the primary key or one unique constraint: a
    /// foreign key on such columns makes the relationship one-to-one.
    ///
    /// ```
    /// use supabase_codegen::{PrimaryKey, Relation, RelationKind};
    ///
    /// let mut t = Relation::new("country_profiles", RelationKind::Table);
    /// t.primary_key = Some(PrimaryKey { name: "country_profiles_pkey".into(),
    ///                                   columns: vec!["country_id".into()] });
    /// assert!(t.is_unique_set(&["country_id".to_string()]));
    /// assert!(!t.is_unique_set(&["motto".to_string()]));
    /// ```
    pub fn is_unique_set(&self, columns: &[String]) -> bool {
        let same =
            |key: &[String]| key.len() == columns.len() && key.iter().all(|k| columns.contains(k));
        self.primary_key.iter().any(|pk| same(&pk.columns))
            || self.unique_constraints.iter().any(|u| same(&u.columns))
    }

    /// Sorts columns by ordinal and constraints by name; see [`crate::SchemaModel::normalize`].
    ///
    /// ```
    /// use supabase_codegen::{Relation, RelationKind};
    ///
    /// let mut t = Relation::new("t", RelationKind::Table);
    /// t.normalize();
    /// ```
    pub fn normalize(&mut self) {
        self.columns.sort_by_key(|c| c.ordinal);
        self.unique_constraints.sort_by(|a, b| a.name.cmp(&b.name));
        self.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
    }
}
