//! `client.from_table::<T>()`: a typed query before its action is chosen.

use std::marker::PhantomData;

use super::filter::TypedFilter;
use super::table::{Insertable, Table, Updatable};
use crate::{Client, QueryBuilder};

/// A query on the table `T`, before its action is chosen. Made by [`Client::from_table`].
///
/// Every method lowers to the untyped [`QueryBuilder`]: the request is the one
/// `client.from(T::NAME).schema(T::SCHEMA)` would send.
///
/// ```
/// use supabase_core::{Client, Table};
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Country { id: i64, name: String }
/// impl Table for Country {
///     const SCHEMA: &'static str = "public";
///     const NAME: &'static str = "countries";
///     const COLUMNS: &'static [&'static str] = &["id", "name"];
///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
/// }
///
/// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
/// let typed = client.from_table::<Country>().select().build().unwrap();
/// let untyped = client.from("countries").schema("public").select("id,name").build().unwrap();
/// assert_eq!(typed.url(), untyped.url());
/// assert_eq!(typed.headers(), untyped.headers());
/// ```
#[must_use = "a query does nothing until an action is chosen and it is executed"]
pub struct TypedQuery<T> {
    inner: QueryBuilder,
    table: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for TypedQuery<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedQuery")
            .field("inner", &self.inner)
            .finish()
    }
}

impl<T> Clone for TypedQuery<T> {
    fn clone(&self) -> Self {
        TypedQuery {
            inner: self.inner.clone(),
            table: PhantomData,
        }
    }
}

impl Client {
    /// Starts a typed query on the table `T` (see [`TypedQuery`]).
    ///
    /// ```no_run
    /// # use supabase_core::{Client, Table};
    /// # #[derive(Debug, serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// # async fn run(client: Client) -> Result<(), supabase_core::Error> {
    /// let countries: Vec<Country> = client.from_table::<Country>().select().execute().await?.data;
    /// # Ok(()) }
    /// ```
    pub fn from_table<T: Table>(&self) -> TypedQuery<T> {
        TypedQuery {
            inner: self.from(T::NAME).schema(T::SCHEMA),
            table: PhantomData,
        }
    }
}

impl<T: Table> TypedQuery<T> {
    /// Reads rows of `T`: `select=` lists `T`'s columns (and its embedded relations).
    ///
    /// ```
    /// # use supabase_core::{Client, Table};
    /// # #[derive(serde::Deserialize)] struct Country { id: i64 }
    /// # impl Table for Country { const SCHEMA: &'static str = "public"; const NAME: &'static str = "countries";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Country>().select().build().unwrap();
    /// assert_eq!(req.query_pairs()[0], ("select".to_owned(), "id".to_owned()));
    /// ```
    pub fn select(self) -> TypedFilter<T, Vec<T>> {
        TypedFilter::new(self.inner.select(&T::select_list()))
    }

    /// Inserts one row. Add [`TypedFilter::select`] to get the inserted row back.
    ///
    /// ```
    /// # use supabase_core::{Client, Insertable, Table};
    /// # #[derive(serde::Deserialize)] struct Todo { id: i64, task: String }
    /// # #[derive(serde::Serialize)] struct NewTodo { task: String }
    /// # impl Table for Todo { const SCHEMA: &'static str = "public"; const NAME: &'static str = "todos";
    /// #   const COLUMNS: &'static [&'static str] = &["id", "task"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// # impl Insertable for Todo { type Insert = NewTodo; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Todo>().insert(NewTodo { task: "write".into() }).build().unwrap();
    /// assert_eq!(req.body(), Some(&serde_json::json!({"task": "write"})));
    /// ```
    pub fn insert(self, row: T::Insert) -> TypedFilter<T, ()>
    where
        T: Insertable,
    {
        TypedFilter::new(self.inner.insert(row))
    }

    /// Inserts several rows in one request (`columns=` is the union of their keys).
    ///
    /// ```
    /// # use supabase_core::{Client, Insertable, Table};
    /// # #[derive(serde::Deserialize)] struct Todo { id: i64, task: String }
    /// # #[derive(serde::Serialize)] struct NewTodo { task: String }
    /// # impl Table for Todo { const SCHEMA: &'static str = "public"; const NAME: &'static str = "todos";
    /// #   const COLUMNS: &'static [&'static str] = &["id", "task"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// # impl Insertable for Todo { type Insert = NewTodo; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let rows = vec![NewTodo { task: "a".into() }, NewTodo { task: "b".into() }];
    /// let req = client.from_table::<Todo>().insert_many(rows).build().unwrap();
    /// assert_eq!(req.query_pairs()[0].1, r#""task""#);
    /// ```
    pub fn insert_many(self, rows: impl IntoIterator<Item = T::Insert>) -> TypedFilter<T, ()>
    where
        T: Insertable,
    {
        TypedFilter::new(self.inner.insert(rows.into_iter().collect::<Vec<_>>()))
    }

    /// Inserts or updates one row (merge on the primary key unless
    /// [`TypedFilter::on_conflict`] names a unique column).
    ///
    /// ```
    /// # use supabase_core::{Client, Insertable, Table};
    /// # #[derive(serde::Deserialize)] struct Todo { id: i64 }
    /// # #[derive(serde::Serialize)] struct NewTodo { id: i64 }
    /// # impl Table for Todo { const SCHEMA: &'static str = "public"; const NAME: &'static str = "todos";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// # impl Insertable for Todo { type Insert = NewTodo; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Todo>().upsert(NewTodo { id: 1 }).build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("resolution=merge-duplicates"));
    /// ```
    pub fn upsert(self, row: T::Insert) -> TypedFilter<T, ()>
    where
        T: Insertable,
    {
        TypedFilter::new(self.inner.upsert(row))
    }

    /// Upserts several rows in one request.
    ///
    /// ```
    /// # use supabase_core::{Client, Insertable, Table};
    /// # #[derive(serde::Deserialize)] struct Todo { id: i64 }
    /// # #[derive(serde::Serialize)] struct NewTodo { id: i64 }
    /// # impl Table for Todo { const SCHEMA: &'static str = "public"; const NAME: &'static str = "todos";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// # impl Insertable for Todo { type Insert = NewTodo; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Todo>().upsert_many([NewTodo { id: 1 }, NewTodo { id: 2 }]).build().unwrap();
    /// assert_eq!(req.body(), Some(&serde_json::json!([{"id": 1}, {"id": 2}])));
    /// ```
    pub fn upsert_many(self, rows: impl IntoIterator<Item = T::Insert>) -> TypedFilter<T, ()>
    where
        T: Insertable,
    {
        TypedFilter::new(self.inner.upsert(rows.into_iter().collect::<Vec<_>>()))
    }

    /// Updates the rows the filters select with the set fields of `changes`.
    ///
    /// ```
    /// # use supabase_core::{Client, Table, Updatable};
    /// # #[derive(serde::Deserialize)] struct Todo { id: i64, done: bool }
    /// # #[derive(serde::Serialize)] struct TodoPatch { done: bool }
    /// # impl Table for Todo { const SCHEMA: &'static str = "public"; const NAME: &'static str = "todos";
    /// #   const COLUMNS: &'static [&'static str] = &["id", "done"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// # impl Updatable for Todo { type Update = TodoPatch; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from_table::<Todo>().update(TodoPatch { done: true }).build().unwrap();
    /// assert_eq!(req.method().as_str(), "PATCH");
    /// ```
    pub fn update(self, changes: T::Update) -> TypedFilter<T, ()>
    where
        T: Updatable,
    {
        TypedFilter::new(self.inner.update(changes))
    }

    /// Deletes the rows the filters select.
    ///
    /// ```
    /// # use supabase_core::{Client, Table};
    /// # #[derive(serde::Deserialize)] struct Todo { id: i64 }
    /// # impl Table for Todo { const SCHEMA: &'static str = "public"; const NAME: &'static str = "todos";
    /// #   const COLUMNS: &'static [&'static str] = &["id"]; const PRIMARY_KEY: &'static [&'static str] = &["id"]; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// assert_eq!(client.from_table::<Todo>().delete().build().unwrap().method().as_str(), "DELETE");
    /// ```
    pub fn delete(self) -> TypedFilter<T, ()> {
        TypedFilter::new(self.inner.delete())
    }
}
