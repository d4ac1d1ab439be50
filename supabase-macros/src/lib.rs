//! Procedural macros for `supabase-core`: `#[derive(Table)]` and `query!`.
//!
//! Use them through `supabase_core` (feature `macros`, on by default), which re-exports them;
//! generated code refers to `::supabase_core` paths.

mod query;
mod suggest;
mod table;

use proc_macro::TokenStream;

/// Derives `supabase_core::Table` for a struct whose fields are the columns of a table or view,
/// and generates one column handle per field in a module (named after the struct in snake case,
/// or `#[table(columns = "...")]`).
///
/// Struct attributes: `#[table(name = "countries", schema = "public", columns = "country_col",
/// insert = NewCountry, update = CountryPatch)]` (all optional; the name defaults to the struct's
/// name in snake case and the schema to `public`). Field attributes: `primary_key`, `unique`
/// (conflict targets of a typed upsert), and `embed = "relation"` with optional `fk = "constraint"`
/// and `inner` for a field holding rows of a related table. A field's `#[serde(rename = "...")]`
/// is its column name.
///
/// ```ignore
/// #[derive(Debug, serde::Deserialize, supabase_core::Table)]
/// #[table(name = "countries")]
/// struct Country {
///     #[table(primary_key)]
///     id: i64,
///     name: String,
/// }
/// // client.from_table::<Country>().select().eq(country::name, "Italy")
/// ```
#[proc_macro_derive(Table, attributes(table))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    table::derive_table_inner(input.into()).into()
}

/// A request written in SQL, checked at compile time against the schema snapshot and lowered to
/// the untyped PostgREST builder: `query!(client, "select ... from t where c > $1", arg)`.
///
/// The snapshot is the file named by `SUPABASE_SCHEMA` (relative to the crate's manifest
/// directory), else `supabase/schema.json` in the crate. See `supabase_core::query!`.
#[proc_macro]
pub fn query(input: TokenStream) -> TokenStream {
    query::query_inner(input.into()).into()
}

/// Like [`query!`], with the rows decoded into a `#[derive(Table)]` type:
/// `query_as!(Country, client, "select id, name from countries")`.
#[proc_macro]
pub fn query_as(input: TokenStream) -> TokenStream {
    query::query_as_inner(input.into()).into()
}
