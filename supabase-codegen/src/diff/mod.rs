//! Drift: a semantic diff of two [`SchemaModel`]s, for `supabase-codegen check` with two sources
//! (migrations vs the live database, a committed snapshot vs either, …).
//!
//! [`diff`] compares object by object, not line by line: schemas, relations (kind, writability,
//! row level security, comment), columns (presence, type, type modifiers, nullability, default,
//! identity, generation, updatability, position, comment), primary keys, unique constraints,
//! foreign keys (by constraint name: columns, referenced relation, actions, cardinality),
//! enums (labels in order), composite types, domains and functions (by name and identity
//! arguments: arguments, result, volatility, security, language, comment). Each difference is
//! one [`Change`] naming the object, the [`Aspect`] and both values; a [`Drift`] prints one line
//! per change.
//!
//! ```
//! use supabase_codegen::diff::{diff, Aspect};
//! use supabase_codegen::source::migrations::from_sql;
//!
//! let (old, _) = from_sql("create table todos (id int primary key, task text);", "a.sql", &["public"])?;
//! let (new, _) = from_sql("create table todos (id int primary key, task text not null);", "b.sql", &["public"])?;
//! let drift = diff(&old, &new);
//! assert_eq!(drift.changes.len(), 1);
//! assert_eq!(drift.changes[0].aspect, Aspect::Nullability);
//! assert_eq!(drift.to_string(), "public.todos.task: nullability: null → not null\n");
//! assert!(diff(&old, &old).is_empty());
//! # Ok::<(), supabase_codegen::Error>(())
//! ```

mod compare;

use std::fmt;

use crate::model::SchemaModel;

/// What differs about an object.
///
/// ```
/// assert_eq!(supabase_codegen::diff::Aspect::ForeignKey.to_string(), "foreign key");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Aspect {
    /// A schema exists on one side only.
    Schema,
    /// A relation exists on one side only.
    Relation,
    /// Table, view, materialized view or foreign table.
    RelationKind,
    /// Whether INSERT / UPDATE / DELETE are possible on a relation.
    Writable,
    /// Row level security enabled or not.
    RowLevelSecurity,
    /// A column exists on one side only.
    Column,
    /// A column's (or attribute's, argument's) type.
    Type,
    /// The same type with other modifiers (`varchar(20)` vs `varchar(40)`).
    TypeModifiers,
    /// NULL allowed or not.
    Nullability,
    /// A default expression.
    Default,
    /// `GENERATED … AS IDENTITY`.
    Identity,
    /// A generated column's expression.
    Generated,
    /// Whether UPDATE can set a column.
    Updatable,
    /// A column's position among the relation's columns.
    Position,
    /// The primary key.
    PrimaryKey,
    /// A unique constraint.
    Unique,
    /// A foreign key.
    ForeignKey,
    /// An enum type (exists on one side only, or its labels).
    Enum,
    /// A composite type.
    Composite,
    /// A domain.
    Domain,
    /// A function (exists on one side only).
    Function,
    /// A function's arguments.
    Arguments,
    /// A function's result.
    Returns,
    /// A function's volatility, security or language.
    FunctionAttributes,
    /// A `COMMENT ON …`.
    Comment,
}

impl fmt::Display for Aspect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Aspect::Schema => "schema",
            Aspect::Relation => "relation",
            Aspect::RelationKind => "relation kind",
            Aspect::Writable => "writable",
            Aspect::RowLevelSecurity => "row level security",
            Aspect::Column => "column",
            Aspect::Type => "type",
            Aspect::TypeModifiers => "type modifiers",
            Aspect::Nullability => "nullability",
            Aspect::Default => "default",
            Aspect::Identity => "identity",
            Aspect::Generated => "generated",
            Aspect::Updatable => "updatable",
            Aspect::Position => "position",
            Aspect::PrimaryKey => "primary key",
            Aspect::Unique => "unique",
            Aspect::ForeignKey => "foreign key",
            Aspect::Enum => "enum",
            Aspect::Composite => "composite",
            Aspect::Domain => "domain",
            Aspect::Function => "function",
            Aspect::Arguments => "arguments",
            Aspect::Returns => "returns",
            Aspect::FunctionAttributes => "function attributes",
            Aspect::Comment => "comment",
        })
    }
}

/// One difference: `object` (`public.todos.task`, `public.add(a integer, b integer)`) differs in
/// `aspect`; `left` and `right` are the two values as text, `None` where the object is absent.
///
/// ```
/// use supabase_codegen::diff::{Aspect, Change};
///
/// let c = Change { object: "public.todos".into(), aspect: Aspect::Relation,
///                  left: Some("table".into()), right: None };
/// assert_eq!(c.to_string(), "public.todos: relation: table → (absent)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Change {
    /// The object, schema-qualified.
    pub object: String,
    /// What differs.
    pub aspect: Aspect,
    /// The value on the left (first) side; `None` when absent there.
    pub left: Option<String>,
    /// The value on the right (second) side; `None` when absent there.
    pub right: Option<String>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |v: &Option<String>| v.clone().unwrap_or_else(|| "(absent)".to_owned());
        write!(
            f,
            "{}: {}: {} → {}",
            self.object,
            self.aspect,
            side(&self.left),
            side(&self.right)
        )
    }
}

/// The differences between two models, in a stable order (by object, then aspect); empty when
/// they describe the same schema. Displays as one [`Change`] per line.
///
/// ```
/// use supabase_codegen::{diff::diff, SchemaModel};
///
/// let drift = diff(&SchemaModel::new(), &SchemaModel::new());
/// assert!(drift.is_empty());
/// assert_eq!(drift.to_string(), "");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// The differences.
    pub changes: Vec<Change>,
}

impl Drift {
    /// Whether the two models agree.
    ///
    /// ```
    /// assert!(supabase_codegen::diff::Drift::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The same drift without the changes of these aspects.
    ///
    /// ```
    /// use supabase_codegen::diff::{Aspect, Change, Drift};
    ///
    /// let drift = Drift { changes: vec![Change { object: "public.t".into(),
    ///     aspect: Aspect::Comment, left: None, right: Some("rows".into()) }] };
    /// assert!(drift.without(&[Aspect::Comment]).is_empty());
    /// ```
    #[must_use]
    pub fn without(mut self, aspects: &[Aspect]) -> Drift {
        self.changes.retain(|c| !aspects.contains(&c.aspect));
        self
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "{change}")?;
        }
        Ok(())
    }
}

/// How much of the models to compare.
///
/// ```
/// use supabase_codegen::diff::DiffOptions;
///
/// let lossy = DiffOptions::new().lossy(true);
/// assert_ne!(lossy, DiffOptions::new());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DiffOptions {
    pub(crate) lossy: bool,
}

impl DiffOptions {
    /// Compare everything.
    ///
    /// ```
    /// let _ = supabase_codegen::diff::DiffOptions::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Compare only what PostgREST's OpenAPI document tells (for a side read with the
    /// OpenAPI source, see [`crate::source::openapi`]): relations and columns present, column
    /// types with domains replaced by their base types, nullability, whether a default exists,
    /// primary key columns, enum labels as sets, function names and argument names.
    ///
    /// ```
    /// let _ = supabase_codegen::diff::DiffOptions::new().lossy(true);
    /// ```
    #[must_use]
    pub fn lossy(mut self, on: bool) -> Self {
        self.lossy = on;
        self
    }
}

/// Compares two models: what would have to change in `left` to make it `right`.
///
/// ```
/// use supabase_codegen::{diff::diff, Schema, SchemaModel};
///
/// let mut right = SchemaModel::new();
/// right.schemas.push(Schema::new("api"));
/// let drift = diff(&SchemaModel::new(), &right);
/// assert_eq!(drift.to_string(), "api: schema: (absent) → schema\n");
/// ```
pub fn diff(left: &SchemaModel, right: &SchemaModel) -> Drift {
    diff_with(left, right, &DiffOptions::new())
}

/// [`diff`] with options (see [`DiffOptions::lossy`]).
///
/// ```
/// use supabase_codegen::{diff::{diff_with, DiffOptions}, SchemaModel};
///
/// assert!(diff_with(&SchemaModel::new(), &SchemaModel::new(), &DiffOptions::new()).is_empty());
/// ```
pub fn diff_with(left: &SchemaModel, right: &SchemaModel, options: &DiffOptions) -> Drift {
    let mut left = left.clone();
    let mut right = right.clone();
    left.normalize();
    right.normalize();
    let mut changes = Vec::new();
    compare::models(&left, &right, options, &mut changes);
    changes.sort();
    changes.dedup();
    Drift { changes }
}
