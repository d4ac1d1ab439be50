//! Keys: primary keys, unique constraints and foreign keys (relationships for embedding).

use serde::{Deserialize, Serialize};

/// A primary key constraint.
///
/// ```
/// let pk = supabase_codegen::PrimaryKey { name: "countries_pkey".into(), columns: vec!["id".into()] };
/// assert_eq!(pk.columns, ["id"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrimaryKey {
    /// The constraint's name (`countries_pkey`).
    pub name: String,
    /// The key's columns, in key order.
    pub columns: Vec<String>,
}

/// A unique constraint (`UNIQUE (..)`); unique indexes that are not constraints are not listed,
/// as PostgREST does not use them either.
///
/// ```
/// let u = supabase_codegen::UniqueConstraint { name: "scratch_test_k_key".into(),
///                                              columns: vec!["test".into(), "k".into()] };
/// assert_eq!(u.columns.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UniqueConstraint {
    /// The constraint's name.
    pub name: String,
    /// The constrained columns, in constraint order.
    pub columns: Vec<String>,
}

/// How many rows of the referenced relation one referencing row points at, and the other way
/// around: what an embed returns (an object or an array).
///
/// ```
/// use supabase_codegen::Cardinality;
///
/// assert_eq!(serde_json::to_string(&Cardinality::OneToOne).ok().as_deref(), Some("\"one_to_one\""));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cardinality {
    /// Many referencing rows per referenced row (the usual foreign key).
    ManyToOne,
    /// The foreign key columns are the referencing relation's primary key or a unique set, so
    /// at most one referencing row per referenced row.
    OneToOne,
}

/// What a foreign key does when the referenced row is updated or deleted.
///
/// ```
/// use supabase_codegen::ForeignKeyAction;
///
/// assert_eq!(ForeignKeyAction::from_catalog_code('c'), Some(ForeignKeyAction::Cascade));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForeignKeyAction {
    /// `NO ACTION` (the default).
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

impl ForeignKeyAction {
    /// Decodes `pg_constraint.confupdtype` / `confdeltype` (`a`, `r`, `c`, `n`, `d`).
    ///
    /// ```
    /// use supabase_codegen::ForeignKeyAction;
    ///
    /// assert_eq!(ForeignKeyAction::from_catalog_code('a'), Some(ForeignKeyAction::NoAction));
    /// assert_eq!(ForeignKeyAction::from_catalog_code('x'), None);
    /// ```
    pub fn from_catalog_code(code: char) -> Option<Self> {
        Some(match code {
            'a' => ForeignKeyAction::NoAction,
            'r' => ForeignKeyAction::Restrict,
            'c' => ForeignKeyAction::Cascade,
            'n' => ForeignKeyAction::SetNull,
            'd' => ForeignKeyAction::SetDefault,
            _ => return None,
        })
    }
}

/// A foreign key constraint from the enclosing relation to another (possibly in another schema,
/// possibly itself), with its name: PostgREST's `!hint` when two relationships are ambiguous.
///
/// ```
/// use supabase_codegen::{Cardinality, ForeignKey, ForeignKeyAction};
///
/// let fk = ForeignKey {
///     name: "messages_sender_fkey".into(),
///     columns: vec!["sender_id".into()],
///     referenced_schema: "public".into(),
///     referenced_relation: "users".into(),
///     referenced_columns: vec!["id".into()],
///     cardinality: Cardinality::ManyToOne,
///     on_update: ForeignKeyAction::NoAction,
///     on_delete: ForeignKeyAction::NoAction,
/// };
/// assert_eq!(fk.column_pairs().collect::<Vec<_>>(), [("sender_id", "id")]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignKey {
    /// The constraint's name (`messages_sender_fkey`).
    pub name: String,
    /// The referencing columns, in constraint order.
    pub columns: Vec<String>,
    /// The referenced relation's schema.
    pub referenced_schema: String,
    /// The referenced relation's name.
    pub referenced_relation: String,
    /// The referenced columns, pairwise with [`ForeignKey::columns`].
    pub referenced_columns: Vec<String>,
    /// One-to-one when [`ForeignKey::columns`] are the referencing relation's primary key or a
    /// unique constraint's columns, else many-to-one.
    pub cardinality: Cardinality,
    /// `ON UPDATE` action.
    pub on_update: ForeignKeyAction,
    /// `ON DELETE` action.
    pub on_delete: ForeignKeyAction,
}

impl ForeignKey {
    /// `(referencing column, referenced column)` pairs, in constraint order.
    ///
    /// ```
    /// # use supabase_codegen::{Cardinality, ForeignKey, ForeignKeyAction};
    /// # let fk = ForeignKey { name: "f".into(), columns: vec!["a".into(), "b".into()],
    /// #     referenced_schema: "s".into(), referenced_relation: "t".into(),
    /// #     referenced_columns: vec!["x".into(), "y".into()], cardinality: Cardinality::ManyToOne,
    /// #     on_update: ForeignKeyAction::NoAction, on_delete: ForeignKeyAction::Cascade };
    /// assert_eq!(fk.column_pairs().collect::<Vec<_>>(), [("a", "x"), ("b", "y")]);
    /// ```
    pub fn column_pairs(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.columns
            .iter()
            .zip(&self.referenced_columns)
            .map(|(a, b)| (a.as_str(), b.as_str()))
    }
}
