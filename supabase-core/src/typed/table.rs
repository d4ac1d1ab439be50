//! The `Table` trait: what the typed layer knows about a relation.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A table or view whose rows decode into `Self`.
///
/// Implemented by `#[derive(Table)]` and by code that `supabase-codegen` emits. The typed
/// builder (`Client::from_table`) and typed realtime payloads use
/// it to name the relation and to decode rows.
///
/// ```
/// use supabase_core::Table;
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Country {
///     id: i64,
///     name: String,
/// }
///
/// impl Table for Country {
///     const SCHEMA: &'static str = "public";
///     const NAME: &'static str = "countries";
///     const COLUMNS: &'static [&'static str] = &["id", "name"];
///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
/// }
///
/// assert_eq!(Country::select_list(), "id,name");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a table type",
    label = "this type has no `Table` impl",
    note = "add `#[derive(supabase_core::Table)]` to the struct, or use the `Row` type `supabase-codegen` emits"
)]
pub trait Table: DeserializeOwned + Send + Sync + 'static {
    /// The schema the relation lives in (`public` for most tables).
    const SCHEMA: &'static str;
    /// The relation's name in the database.
    const NAME: &'static str;
    /// The database names of the columns `Self` decodes, in declaration order.
    const COLUMNS: &'static [&'static str];
    /// The primary-key columns (empty for a view or a table without one).
    const PRIMARY_KEY: &'static [&'static str];

    /// The PostgREST select list of `Self`'s columns (`id,name`), each written with
    /// [`crate::quote_field_name`] (`id,"zip code"`).
    ///
    /// ```
    /// # use supabase_core::Table;
    /// # #[derive(serde::Deserialize)] struct T;
    /// # impl Table for T { const SCHEMA: &'static str = "public"; const NAME: &'static str = "t";
    /// #   const COLUMNS: &'static [&'static str] = &["a", "b"]; const PRIMARY_KEY: &'static [&'static str] = &[]; }
    /// assert_eq!(T::select_list(), "a,b");
    /// ```
    fn select_list() -> String {
        let quoted: Vec<std::borrow::Cow<'_, str>> = Self::COLUMNS
            .iter()
            .map(|c| crate::quote_field_name(c))
            .collect();
        quoted.join(",")
    }
}

/// A [`Table`] that accepts inserts (and upserts) of [`Insertable::Insert`] rows.
///
/// ```
/// use supabase_core::{Insertable, Table};
///
/// #[derive(serde::Deserialize)]
/// struct Todo { id: i64, task: String }
/// #[derive(serde::Serialize)]
/// struct NewTodo { task: String }
///
/// impl Table for Todo {
///     const SCHEMA: &'static str = "public";
///     const NAME: &'static str = "todos";
///     const COLUMNS: &'static [&'static str] = &["id", "task"];
///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
/// }
/// impl Insertable for Todo { type Insert = NewTodo; }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not accept inserts",
    label = "no `Insert` type is known for this table",
    note = "views are insertable only when PostgreSQL says they are updatable; give the derive `insert = YourInsertType`"
)]
pub trait Insertable: Table {
    /// The row shape sent on insert: generated and identity-ALWAYS columns absent,
    /// defaulted and nullable ones optional.
    type Insert: Serialize;
}

/// A [`Table`] that accepts updates described by [`Updatable::Update`].
///
/// ```
/// use supabase_core::{Table, Updatable};
///
/// #[derive(serde::Deserialize)]
/// struct Todo { id: i64, task: String }
/// #[derive(serde::Serialize)]
/// struct TodoPatch {
///     #[serde(skip_serializing_if = "Option::is_none")]
///     task: Option<String>,
/// }
///
/// impl Table for Todo {
///     const SCHEMA: &'static str = "public";
///     const NAME: &'static str = "todos";
///     const COLUMNS: &'static [&'static str] = &["id", "task"];
///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
/// }
/// impl Updatable for Todo { type Update = TodoPatch; }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not accept updates",
    label = "no `Update` type is known for this table",
    note = "views are updatable only when PostgreSQL says they are; give the derive `update = YourUpdateType`"
)]
pub trait Updatable: Table {
    /// The change set sent on update: every field optional, "leave unchanged" distinct from NULL.
    type Update: Serialize;
}
