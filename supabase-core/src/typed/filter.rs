//! `TypedFilter`: a typed query after its action, decoding into `R`.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::column::{ColumnOf, UniqueColumn};
use super::table::Table;
use crate::{CountMethod, Error, FilterBuilder, Order, PostgrestResponse, PreparedRequest};

/// A typed query on table `T` whose response decodes into `R` (`Vec<T>`, `T`, `Option<T>` or
/// `()` for a write without a representation).
///
/// Filters take column handles of `T` and values of the column's type; modifiers mirror the
/// untyped [`FilterBuilder`], which every method lowers to.
///
/// ```
/// use supabase_core::{Client, Column, ColumnOf, Order, Table};
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Country { id: i64, name: String }
/// impl Table for Country {
///     const SCHEMA: &'static str = "public";
///     const NAME: &'static str = "countries";
///     const COLUMNS: &'static [&'static str] = &["id", "name"];
///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
/// }
/// #[allow(non_camel_case_types)] #[derive(Clone, Copy)] struct name;
/// impl Column for name { type Table = Country; type Value = String; const NAME: &'static str = "name"; }
/// impl ColumnOf<Country> for name {}
///
/// let client = Client::new("http://h", "k").unwrap();
/// let typed = client.from_table::<Country>().select().ilike(name, "%land").order(name, Order::asc()).limit(5);
/// let untyped = client.from("countries").schema("public").select("id,name")
///     .ilike("name", "%land").order("name", Order::asc()).limit(5);
/// assert_eq!(typed.build().unwrap().url(), untyped.build().unwrap().url());
/// ```
#[must_use = "a query does nothing until it is executed"]
pub struct TypedFilter<T, R> {
    pub(super) inner: FilterBuilder,
    marker: PhantomData<fn() -> (T, R)>,
}

impl<T, R> std::fmt::Debug for TypedFilter<T, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedFilter")
            .field("inner", &self.inner)
            .finish()
    }
}

impl<T, R> Clone for TypedFilter<T, R> {
    fn clone(&self) -> Self {
        TypedFilter::new(self.inner.clone())
    }
}

impl<T, R> TypedFilter<T, R> {
    pub(super) fn new(inner: FilterBuilder) -> Self {
        TypedFilter {
            inner,
            marker: PhantomData,
        }
    }

    pub(super) fn map(self, f: impl FnOnce(FilterBuilder) -> FilterBuilder) -> Self {
        TypedFilter::new(f(self.inner))
    }

    fn retype<R2>(self) -> TypedFilter<T, R2> {
        TypedFilter::new(self.inner)
    }
}

impl<T: Table, R: DeserializeOwned> TypedFilter<T, R> {
    /// Sends the request and decodes the response body into `R`.
    ///
    /// ```no_run
    /// # use supabase_core::{Client, Table};
    /// # #[derive(Debug, serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// # async fn run(client: Client) -> Result<(), supabase_core::Error> {
    /// let rows: Vec<Country> = client.from_table::<Country>().select().execute().await?.data;
    /// # Ok(()) }
    /// ```
    pub async fn execute(self) -> Result<PostgrestResponse<R>, Error> {
        self.inner.execute::<R>().await
    }
}

impl<T, R> TypedFilter<T, R> {
    /// The request this query sends, without sending it (see [`FilterBuilder::build`]).
    ///
    /// ```
    /// # use supabase_core::{Client, Table};
    /// # #[derive(serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// assert_eq!(client.from_table::<Country>().select().build().unwrap().path(), "/rest/v1/countries");
    /// ```
    pub fn build(&self) -> Result<PreparedRequest, Error> {
        self.inner.build()
    }

    /// The untyped builder this query lowers to, for anything the typed layer does not cover.
    ///
    /// ```
    /// # use supabase_core::{Client, Table};
    /// # #[derive(serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let untyped = client.from_table::<Country>().select().into_untyped().or_("id.eq.1,id.eq.2");
    /// assert_eq!(untyped.build().unwrap().query_pairs()[1].1, "(id.eq.1,id.eq.2)");
    /// ```
    pub fn into_untyped(self) -> FilterBuilder {
        self.inner
    }

    /// Orders by a column of `T` (see [`FilterBuilder::order`]).
    ///
    /// ```
    /// # use supabase_core::{Client, Column, Order, Table};
    /// # #[derive(serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// # #[allow(non_camel_case_types)] #[derive(Clone, Copy)] struct id;
    /// # impl Column for id { type Table = Country; type Value = i64; const NAME: &'static str = "id"; }
    /// # impl supabase_core::ColumnOf<Country> for id {}
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Country>().select().order(id, Order::desc().nulls_last()).build().unwrap();
    /// assert_eq!(req.query_pairs()[1].1, "id.desc.nullslast");
    /// ```
    pub fn order<C: ColumnOf<T>>(self, column: C, order: Order) -> Self
    where
        T: Table,
    {
        self.map(|b| b.order(&crate::quote_field_name(column.name()), order))
    }

    /// At most `count` rows (see [`FilterBuilder::limit`]).
    ///
    /// ```
    /// # use supabase_core::{Client, Table};
    /// # #[derive(serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// assert_eq!(client.from_table::<Country>().select().limit(3).build().unwrap().query_pairs()[1].1, "3");
    /// ```
    pub fn limit(self, count: u64) -> Self {
        self.map(|b| b.limit(count))
    }

    /// Rows `from..=to` (see [`FilterBuilder::range`]).
    ///
    /// ```
    /// # use supabase_core::{Client, Table};
    /// # #[derive(serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Country>().select().range(10, 19).build().unwrap();
    /// assert_eq!(req.url().query(), Some("select=id&offset=10&limit=10"));
    /// ```
    pub fn range(self, from: u64, to: u64) -> Self {
        self.map(|b| b.range(from, to))
    }

    /// Asks for a row count (`Prefer: count=…`), returned in [`PostgrestResponse::count`].
    ///
    /// ```
    /// # use supabase_core::{Client, CountMethod, Table};
    /// # #[derive(serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Country>().select().count(CountMethod::Exact).build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("count=exact"));
    /// ```
    pub fn count(self, method: CountMethod) -> Self {
        self.map(|b| b.count(method))
    }

    /// Adds a header to this request only.
    ///
    /// ```
    /// # use supabase_core::{Client, Table};
    /// # #[derive(serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Country>().select().header("x-trace", "1").build().unwrap();
    /// assert_eq!(req.header("x-trace"), Some("1"));
    /// ```
    pub fn header(self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.map(|b| b.header(name, value))
    }
}

impl<T: Table> TypedFilter<T, Vec<T>> {
    /// Exactly one row, else an error (PostgREST's 406 `PGRST116`).
    ///
    /// ```
    /// # use supabase_core::{Client, Table};
    /// # #[derive(serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Country>().select().single().build().unwrap();
    /// assert_eq!(req.header("accept"), Some("application/vnd.pgrst.object+json"));
    /// ```
    pub fn single(self) -> TypedFilter<T, T> {
        TypedFilter::new(self.inner.single())
    }

    /// Zero or one row; more than one is an error.
    ///
    /// ```
    /// # use supabase_core::{Client, Table};
    /// # #[derive(serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let _one: supabase_core::TypedFilter<Country, Option<Country>> =
    ///     client.from_table::<Country>().select().maybe_single();
    /// ```
    pub fn maybe_single(self) -> TypedFilter<T, Option<T>> {
        TypedFilter::new(self.inner.maybe_single())
    }
}

impl<T: Table> TypedFilter<T, ()> {
    /// Returns the written rows (`Prefer: return=representation`, `select=` of `T`'s columns).
    ///
    /// ```
    /// # use supabase_core::{Client, Table};
    /// # #[derive(serde::Deserialize)] struct Todo { id: i64 }
    /// # impl Table for Todo { const SCHEMA: &'static str = "public"; const NAME: &'static str = "todos";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Todo>().delete().select().build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("return=representation"));
    /// ```
    pub fn select(self) -> TypedFilter<T, Vec<T>> {
        let columns = T::select_list();
        self.map(|b| b.select(&columns)).retype()
    }

    /// The conflict target of an upsert: a primary-key or unique column of `T`.
    ///
    /// ```
    /// # use supabase_core::{Client, Column, Insertable, Table, UniqueColumn};
    /// # #[derive(serde::Deserialize)] struct Country { code: String }
    /// # #[derive(serde::Serialize)] struct NewCountry { code: String }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["code"]; const PRIMARY_KEY: &'static [&'static str] = &[]; }
    /// # impl Insertable for Country { type Insert = NewCountry; }
    /// # #[allow(non_camel_case_types)] #[derive(Clone, Copy)] struct code;
    /// # impl Column for code { type Table = Country; type Value = String; const NAME: &'static str = "code"; }
    /// # impl UniqueColumn for code {}
    /// # impl supabase_core::ColumnOf<Country> for code {}
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Country>().upsert(NewCountry { code: "IT".into() })
    ///     .on_conflict(code).build().unwrap();
    /// assert_eq!(req.query_pairs()[0], ("on_conflict".to_owned(), "code".to_owned()));
    /// ```
    pub fn on_conflict<C: ColumnOf<T> + UniqueColumn>(self, column: C) -> Self {
        self.map(|b| b.on_conflict(crate::quote_field_name(column.name()).into_owned()))
    }

    /// Upsert: keep existing rows on conflict (`resolution=ignore-duplicates`).
    ///
    /// ```
    /// # use supabase_core::{Client, Insertable, Table};
    /// # #[derive(serde::Deserialize)] struct Todo { id: i64 }
    /// # #[derive(serde::Serialize)] struct NewTodo { id: i64 }
    /// # impl Table for Todo { const SCHEMA: &'static str = "public"; const NAME: &'static str = "todos";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// # impl Insertable for Todo { type Insert = NewTodo; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Todo>().upsert(NewTodo { id: 1 }).ignore_duplicates().build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("resolution=ignore-duplicates"));
    /// ```
    pub fn ignore_duplicates(self) -> Self {
        self.map(|b| b.ignore_duplicates(true))
    }

    /// Bulk insert/upsert: columns missing from a row become NULL instead of their default.
    ///
    /// ```
    /// # use supabase_core::{Client, Insertable, Table};
    /// # #[derive(serde::Deserialize)] struct Todo { id: i64 }
    /// # #[derive(serde::Serialize)] struct NewTodo { id: i64 }
    /// # impl Table for Todo { const SCHEMA: &'static str = "public"; const NAME: &'static str = "todos";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// # impl Insertable for Todo { type Insert = NewTodo; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Todo>().insert_many([NewTodo { id: 1 }]).default_to_null(false).build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("missing=default"));
    /// ```
    pub fn default_to_null(self, default_to_null: bool) -> Self {
        self.map(|b| b.default_to_null(default_to_null))
    }
}
