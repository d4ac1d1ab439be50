//! `Query<R>`: what `query!` and `query_as!` expand to.

use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;

use crate::{Error, FilterBuilder, PostgrestResponse, PreparedRequest};

/// A request written in SQL with `query!`/`query_as!`, checked against the schema at compile
/// time and lowered to the untyped builder; `R` is what its rows decode into (`Vec<Row>` for a
/// select, the scalar type of a scalar function, `()` for a write without `RETURNING`).
///
/// The request is the one the equivalent [`FilterBuilder`] chain sends, by construction: a
/// `Query` only holds that chain.
///
/// ```
/// use supabase_core::{Client, Query};
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Row { id: i64 }
///
/// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
/// // What `query!(client, "select id from countries where id = 1")` expands to, in short:
/// let query: Query<Vec<Row>> =
///     Query::__new(client.from("countries").schema("public").select("id").eq("id", "1"));
/// let untyped = client.from("countries").schema("public").select("id").eq("id", 1);
/// assert_eq!(query.build().unwrap().url(), untyped.build().unwrap().url());
/// ```
#[must_use = "a query does nothing until it is executed"]
pub struct Query<R> {
    builder: FilterBuilder,
    hidden: &'static [&'static str],
    exec: Exec<R>,
}

/// How a query sends its chain and decodes the body into `R`, chosen when it is made.
type Exec<R> = fn(FilterBuilder) -> Pending<R>;

type Pending<R> = Pin<Box<dyn Future<Output = Result<PostgrestResponse<R>, Error>> + Send>>;

/// Sends `builder`, decodes the body as `W`, and hands out `R`.
fn exec_as<R: From<W> + 'static, W: DeserializeOwned + 'static>(
    builder: FilterBuilder,
) -> Pending<R> {
    Box::pin(async move {
        let response = builder.execute::<W>().await?;
        Ok(PostgrestResponse {
            data: R::from(response.data),
            count: response.count,
            status: response.status,
            headers: response.headers,
        })
    })
}

impl<R> std::fmt::Debug for Query<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query")
            .field("builder", &self.builder)
            .finish()
    }
}

impl<R> Clone for Query<R> {
    fn clone(&self) -> Self {
        Query {
            builder: self.builder.clone(),
            hidden: self.hidden,
            exec: self.exec,
        }
    }
}

impl<R: DeserializeOwned + 'static> Query<R> {
    /// Wraps the builder chain a `query!` lowered to (used by the macro's expansion).
    ///
    /// ```
    /// # use supabase_core::{Client, Query};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let q: Query<Vec<serde_json::Value>> = Query::__new(client.from("t").select("*"));
    /// assert_eq!(q.build().unwrap().path(), "/rest/v1/t");
    /// ```
    #[doc(hidden)]
    pub fn __new(builder: FilterBuilder) -> Self {
        Query::__decoded_as::<R>(builder)
    }
}

impl<R> Query<R> {
    /// Wraps the builder chain, decoding the body as `W` before handing out `R` (used by the
    /// macro's expansion: a select's rows are read as `__private::Rows<Row>`, so the row struct
    /// needs no `Deserialize` impl of its own, one function less to check per call).
    ///
    /// ```
    /// # use supabase_core::{Client, Query};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let q: Query<Vec<i64>> = Query::__decoded_as::<Vec<i64>>(client.from("t").select("id"));
    /// assert_eq!(q.build().unwrap().path(), "/rest/v1/t");
    /// ```
    #[doc(hidden)]
    pub fn __decoded_as<W: DeserializeOwned + 'static>(builder: FilterBuilder) -> Self
    where
        R: From<W> + 'static,
    {
        Query {
            builder,
            hidden: &[],
            exec: exec_as::<R, W>,
        }
    }

    /// Marks keys the request selects that `R` does not decode (used by the macro's expansion).
    ///
    /// ```
    /// # use supabase_core::{Client, Query};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let q: Query<Vec<serde_json::Value>> =
    ///     Query::__new(client.from("t").select("a,b")).__hidden(&["b"]);
    /// assert_eq!(q.hidden_keys(), ["b"]);
    /// ```
    #[doc(hidden)]
    pub fn __hidden(mut self, keys: &'static [&'static str]) -> Self {
        self.hidden = keys;
        self
    }

    /// The keys each row of the response carries that `R` leaves out: PostgREST 12 filters and
    /// orders a function's rows on the selected columns only, so a `query!` filtering or
    /// ordering on a column it does not select selects that column too. Empty for every other
    /// query. Useful with [`Query::into_untyped`], whose rows hold these keys.
    ///
    /// ```
    /// # use supabase_core::{Client, Query};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let q: Query<Vec<serde_json::Value>> = Query::__new(client.from("t").select("*"));
    /// assert!(q.hidden_keys().is_empty());
    /// ```
    pub fn hidden_keys(&self) -> &'static [&'static str] {
        self.hidden
    }

    /// The request, without sending it (see [`FilterBuilder::build`]).
    ///
    /// ```
    /// # use supabase_core::{Client, Query};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let q: Query<Vec<serde_json::Value>> = Query::__new(client.from("t").select("a"));
    /// assert_eq!(q.build().unwrap().url().as_str(), "http://h/rest/v1/t?select=a");
    /// ```
    pub fn build(&self) -> Result<PreparedRequest, Error> {
        self.builder.build()
    }

    /// Sends the request and decodes `data` into `R` (see [`FilterBuilder::execute`]).
    ///
    /// ```no_run
    /// # use supabase_core::{Client, Query};
    /// # async fn run(client: Client) -> Result<(), supabase_core::Error> {
    /// let q: Query<Vec<serde_json::Value>> = Query::__new(client.from("t").select("*"));
    /// let rows = q.execute().await?.data;
    /// # Ok(()) }
    /// ```
    pub async fn execute(self) -> Result<PostgrestResponse<R>, Error> {
        (self.exec)(self.builder).await
    }

    /// Changes the underlying builder, keeping the row type: add a header, a count, a timeout,
    /// `rollback()`, ... (anything that does not change the shape of the rows).
    ///
    /// ```
    /// # use supabase_core::{Client, CountMethod, Query};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let q: Query<Vec<serde_json::Value>> = Query::__new(client.from("t").select("*"));
    /// let req = q.with(|b| b.count(CountMethod::Exact)).build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("count=exact"));
    /// ```
    pub fn with(self, change: impl FnOnce(FilterBuilder) -> FilterBuilder) -> Self {
        Query {
            builder: change(self.builder),
            hidden: self.hidden,
            exec: self.exec,
        }
    }

    /// The untyped builder chain this query lowered to.
    ///
    /// ```
    /// # use supabase_core::{Client, Query};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let q: Query<Vec<serde_json::Value>> = Query::__new(client.from("t").select("*"));
    /// let untyped = q.into_untyped().limit(1);
    /// assert_eq!(untyped.build().unwrap().query_pairs()[1].1, "1");
    /// ```
    pub fn into_untyped(self) -> FilterBuilder {
        self.builder
    }
}
