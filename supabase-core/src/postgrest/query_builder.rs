//! `client.from(table)`: picks the action (select, insert, upsert, update, delete).

use serde::Serialize;

use super::filter_builder::{Action, FilterBuilder};
use crate::Client;

/// A query on one table or view, before its action is chosen. Made by [`Client::from`].
///
/// ```
/// use supabase_core::Client;
/// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
/// let req = client.from("countries").schema("geo").select("*").build().unwrap();
/// assert_eq!(req.path(), "/rest/v1/countries");
/// assert_eq!(req.header("accept-profile"), Some("geo"));
/// ```
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until an action is chosen and it is executed"]
pub struct QueryBuilder {
    client: Client,
    relation: String,
    schema: Option<String>,
}

impl Client {
    /// Starts a query on a table or view.
    ///
    /// ```
    /// use supabase_core::Client;
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
    /// let rows: Vec<serde_json::Value> = client.from("countries").select("id, name").execute().await?.data;
    /// # Ok(()) }
    /// ```
    pub fn from(&self, relation: impl Into<String>) -> QueryBuilder {
        QueryBuilder {
            client: self.clone(),
            relation: relation.into(),
            schema: None,
        }
    }

    /// Same as [`Client::from`] (the Python client's name).
    ///
    /// ```
    /// use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
    /// assert_eq!(client.table("t").select("*").build().unwrap().path(), "/rest/v1/t");
    /// ```
    pub fn table(&self, relation: impl Into<String>) -> QueryBuilder {
        self.from(relation)
    }
}

impl QueryBuilder {
    /// Queries the relation in another schema (sent as `Accept-Profile`/`Content-Profile`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("items").schema("api2").delete().eq("id", 1).build().unwrap();
    /// assert_eq!(req.header("content-profile"), Some("api2"));
    /// ```
    #[inline]
    pub fn schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = Some(schema.into());
        self
    }

    #[inline]
    fn start(self, action: Action) -> FilterBuilder {
        FilterBuilder::new(self.client, self.relation, self.schema, action)
    }

    /// Reads rows: `GET ?select=<columns>`. Whitespace outside double quotes is removed.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("countries").select("name, cities ( name )").build().unwrap();
    /// assert_eq!(req.query_pairs()[0].1, "name,cities(name)");
    /// ```
    #[inline]
    pub fn select(self, columns: &str) -> FilterBuilder {
        self.start(Action::Select).with_select(columns)
    }

    /// Inserts one row (a struct or map) or many (a sequence): `POST`.
    ///
    /// For a sequence, `columns=` lists the union of the rows' keys, so rows with differing keys
    /// do not turn missing keys into NULLs unexpectedly.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// use serde_json::json;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").insert(json!([{"a": 1}, {"b": 2}])).build().unwrap();
    /// assert_eq!(req.method().as_str(), "POST");
    /// assert_eq!(req.query_pairs()[0], ("columns".to_owned(), r#""a","b""#.to_owned()));
    /// ```
    pub fn insert<T: Serialize>(self, values: T) -> FilterBuilder {
        let body = serde_json::to_value(values);
        self.start(Action::Insert).with_body(body)
    }

    /// Inserts or updates on conflict: `POST` with `Prefer: resolution=merge-duplicates`
    /// (or `ignore-duplicates` with [`FilterBuilder::ignore_duplicates`]).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// use serde_json::json;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").upsert(json!({"id": 1, "name": "x"})).on_conflict("id").build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("resolution=merge-duplicates"));
    /// assert_eq!(req.query_pairs()[0], ("on_conflict".to_owned(), "id".to_owned()));
    /// ```
    pub fn upsert<T: Serialize>(self, values: T) -> FilterBuilder {
        let body = serde_json::to_value(values);
        self.start(Action::Upsert).with_body(body)
    }

    /// Updates the rows matched by the filters that follow: `PATCH`.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// use serde_json::json;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").update(json!({"name": "y"})).eq("id", 1).build().unwrap();
    /// assert_eq!(req.method().as_str(), "PATCH");
    /// ```
    pub fn update<T: Serialize>(self, values: T) -> FilterBuilder {
        let body = serde_json::to_value(values);
        self.start(Action::Update).with_body(body)
    }

    /// Deletes the rows matched by the filters that follow: `DELETE`.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").delete().eq("id", 1).build().unwrap();
    /// assert_eq!(req.method().as_str(), "DELETE");
    /// assert!(req.body().is_none());
    /// ```
    pub fn delete(self) -> FilterBuilder {
        self.start(Action::Delete)
    }
}
