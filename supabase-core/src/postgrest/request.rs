//! `PreparedRequest`: a rendered request, inspectable before it is sent.

use std::time::Duration;

use http::{HeaderMap, Method};
use serde_json::Value;
use url::Url;

/// How the response body is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ResponseMode {
    pub(crate) text: bool,
    pub(crate) maybe_single: bool,
    pub(crate) counted: bool,
}

/// A rendered PostgREST request: what [`FilterBuilder::execute`](crate::FilterBuilder::execute)
/// sends, minus the `Authorization` header (resolved from the token source when sending).
///
/// Typed queries and macros lower to the same builder, so comparing two `PreparedRequest`s
/// shows that two chains send the same bytes.
///
/// ```
/// use supabase_core::Client;
/// let client = Client::new("http://127.0.0.1:54321", "anon-key").unwrap();
/// let req = client.from("countries").select("id").eq("name", "a b").build().unwrap();
/// assert_eq!(req.method(), http::Method::GET);
/// assert_eq!(req.path(), "/rest/v1/countries");
/// assert_eq!(req.url().query(), Some("select=id&name=eq.a+b"));
/// assert_eq!(req.header("apikey"), Some("anon-key"));
/// assert_eq!(req.header("accept-profile"), Some("public"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedRequest {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Value>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: bool,
    pub(crate) mode: ResponseMode,
}

impl PreparedRequest {
    /// The HTTP method.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").delete().build().unwrap().method(), http::Method::DELETE);
    /// ```
    pub fn method(&self) -> Method {
        self.method.clone()
    }

    /// The full URL with its encoded query string.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").select("*").build().unwrap().url().as_str(), "http://h/rest/v1/t?select=*");
    /// ```
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The URL path (`/rest/v1/<table>` or `/rest/v1/rpc/<fn>`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h/prefix", "k").unwrap();
    /// assert_eq!(c.rpc("f", ()).build().unwrap().path(), "/prefix/rest/v1/rpc/f");
    /// ```
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// The query pairs, decoded, in order.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").limit(1).build().unwrap();
    /// assert_eq!(req.query_pairs()[1], ("limit".to_owned(), "1".to_owned()));
    /// ```
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// All headers (without `Authorization`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert!(c.from("t").select("*").build().unwrap().headers().contains_key("x-client-info"));
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// One header's value, if present and valid text.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").insert(serde_json::json!({"a": 1})).build().unwrap();
    /// assert_eq!(req.header("content-type"), Some("application/json"));
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The JSON body (writes and POST rpc), or `None`.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").select("*").build().unwrap().body(), None);
    /// ```
    pub fn body(&self) -> Option<&Value> {
        self.body.as_ref()
    }

    /// The per-request timeout, if any.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").select("*").build().unwrap().timeout(), None);
    /// ```
    pub fn timeout(&self) -> Option<std::time::Duration> {
        self.timeout
    }

    /// Whether a failed send may be retried (only reads, and only when enabled).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert!(c.from("t").select("*").build().unwrap().retries());
    /// assert!(!c.from("t").delete().build().unwrap().retries());
    /// ```
    pub fn retries(&self) -> bool {
        self.retry
    }
}
