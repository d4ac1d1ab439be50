//! Typed column handles: one zero-sized type per column, carrying its table and Rust value type.

use super::table::Table;

/// A column of the table [`Column::Table`], whose values decode into [`Column::Value`].
///
/// `#[derive(Table)]` and `supabase-codegen` make one unit struct per column (in a module named
/// after the table) implementing this trait. Typed filters take such handles, so a column of
/// another table or a value of the wrong type is a compile error, and lower to the untyped
/// builder with [`Column::NAME`].
///
/// ```
/// use supabase_core::{Column, Table};
///
/// #[derive(serde::Deserialize)]
/// struct Country { id: i64 }
/// impl Table for Country {
///     const SCHEMA: &'static str = "public";
///     const NAME: &'static str = "countries";
///     const COLUMNS: &'static [&'static str] = &["id"];
///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
/// }
///
/// #[allow(non_camel_case_types)]
/// #[derive(Clone, Copy)]
/// struct id;
/// impl Column for id {
///     type Table = Country;
///     type Value = i64;
///     const NAME: &'static str = "id";
/// }
/// assert_eq!(<id as Column>::NAME, "id");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a column",
    label = "expected a column handle here",
    note = "columns are the unit structs `#[derive(Table)]` generates, e.g. `country::name`"
)]
pub trait Column: Copy + Send + Sync + 'static {
    /// The table the column belongs to.
    type Table: Table;
    /// The Rust type of the column's values (`Option<_>` when the column is nullable).
    type Value;
    /// The column's name in the database.
    const NAME: &'static str;

    /// The column's name in the database ([`Column::NAME`] of a handle value).
    ///
    /// ```
    /// # use supabase_core::{Column, Table};
    /// # #[derive(serde::Deserialize)] struct T;
    /// # impl Table for T { const SCHEMA: &'static str = "public"; const NAME: &'static str = "t";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &[]; }
    /// # #[allow(non_camel_case_types)] #[derive(Clone, Copy)] struct id;
    /// # impl Column for id { type Table = T; type Value = i64; const NAME: &'static str = "id"; }
    /// assert_eq!(id.name(), "id");
    /// ```
    fn name(self) -> &'static str {
        Self::NAME
    }
}

/// A column of table `T`: the bound typed filters put on their column argument, so a column of
/// another table is rejected with a sentence instead of a type mismatch. `#[derive(Table)]`
/// implements it next to [`Column`].
///
/// ```
/// use supabase_core::{Column, ColumnOf, Table};
/// fn name_of<T: Table, C: ColumnOf<T>>(_: C) -> &'static str { C::NAME }
/// # #[derive(serde::Deserialize)] struct Country;
/// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
/// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &[]; }
/// # #[allow(non_camel_case_types)] #[derive(Clone, Copy)] struct id;
/// # impl Column for id { type Table = Country; type Value = i64; const NAME: &'static str = "id"; }
/// impl ColumnOf<Country> for id {}
/// assert_eq!(name_of::<Country, _>(id), "id");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a column of `{T}`",
    label = "this column belongs to another table",
    note = "a typed query on `{T}` takes the column handles generated for `{T}`"
)]
pub trait ColumnOf<T: Table>: Column {}

/// A column that is the primary key or carries a unique constraint on its own: the only columns
/// a typed upsert accepts as its `on_conflict` target.
///
/// ```
/// use supabase_core::{Column, Table, UniqueColumn};
/// fn conflict_target<C: UniqueColumn>(_: C) -> &'static str { C::NAME }
/// # #[derive(serde::Deserialize)] struct Country;
/// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
/// #   const COLUMNS: &'static [&'static str] = &["code"]; const PRIMARY_KEY: &'static [&'static str] = &[]; }
/// # #[allow(non_camel_case_types)] #[derive(Clone, Copy)] struct code;
/// # impl Column for code { type Table = Country; type Value = String; const NAME: &'static str = "code"; }
/// impl UniqueColumn for code {}
/// assert_eq!(conflict_target(code), "code");
/// ```
#[diagnostic::on_unimplemented(
    message = "column `{Self}` is neither the primary key nor unique",
    label = "`on_conflict` needs a primary-key or unique column",
    note = "PostgREST resolves an upsert conflict on a unique constraint; mark the column `#[table(primary_key)]` or `#[table(unique)]` if it has one"
)]
pub trait UniqueColumn: Column {}
