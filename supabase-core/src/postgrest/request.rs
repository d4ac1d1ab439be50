//! `PreparedRequest`: a rendered request, inspectable before it is sent.

use std::sync::{Arc, OnceLock};
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

/// The headers of a rendered request: the client's precomputed map, shared (most reads and
/// writes), or a map made for this request.
#[derive(Debug, Clone)]
pub(crate) enum Headers {
    Shared(Arc<HeaderMap>),
    Own(HeaderMap),
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
#[derive(Debug, Clone)]
pub struct PreparedRequest {
    pub(crate) method: Method,
    /// The URL as it goes on the wire, written once by rendering.
    pub(crate) url_text: String,
    /// `url_text` parsed, on first use (sending, [`PreparedRequest::url`]).
    pub(crate) url: OnceLock<Url>,
    /// The query pairs decoded from `url_text`, on first use.
    pub(crate) query: OnceLock<Vec<(String, String)>>,
    pub(crate) headers: Headers,
    pub(crate) body: Option<Value>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: bool,
    pub(crate) mode: ResponseMode,
}

impl PartialEq for PreparedRequest {
    /// Same method, URL text, headers, body and options (the lazily parsed forms follow from
    /// the URL text).
    fn eq(&self, other: &Self) -> bool {
        self.method == other.method
            && self.url_text == other.url_text
            && self.headers() == other.headers()
            && self.body == other.body
            && self.timeout == other.timeout
            && self.retry == other.retry
            && self.mode == other.mode
    }
}

impl PreparedRequest {
    pub(crate) fn new(
        method: Method,
        url_text: String,
        headers: Headers,
        body: Option<Value>,
        timeout: Option<Duration>,
        retry: bool,
        mode: ResponseMode,
    ) -> Self {
        PreparedRequest {
            method,
            url_text,
            url: OnceLock::new(),
            query: OnceLock::new(),
            headers,
            body,
            timeout,
            retry,
            mode,
        }
    }

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

    /// The full URL with its encoded query string, parsed (on first use; sending uses it).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").select("*").build().unwrap().url().as_str(), "http://h/rest/v1/t?select=*");
    /// ```
    pub fn url(&self) -> &Url {
        self.url.get_or_init(|| {
            // The text is a parsed URL's serialization with a path segment and a form-encoded
            // query appended, so it parses; `data:,` (refused when sent) only if that broke.
            Url::parse(&self.url_text).unwrap_or_else(|_| {
                debug_assert!(false, "rendered an unparsable URL: {}", self.url_text);
                Url::parse("data:,").expect("a constant URL")
            })
        })
    }

    /// The full URL as text, exactly as [`PreparedRequest::url`] serializes it, without
    /// parsing it: what rendering wrote.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("id, name").eq("name", "a b").build().unwrap();
    /// assert_eq!(req.url_str(), "http://h/rest/v1/t?select=id%2Cname&name=eq.a+b");
    /// assert_eq!(req.url_str(), req.url().as_str());
    /// ```
    pub fn url_str(&self) -> &str {
        &self.url_text
    }

    /// The URL path (`/rest/v1/<table>` or `/rest/v1/rpc/<fn>`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h/prefix", "k").unwrap();
    /// assert_eq!(c.rpc("f", ()).build().unwrap().path(), "/prefix/rest/v1/rpc/f");
    /// ```
    pub fn path(&self) -> &str {
        self.url().path()
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
        self.query
            .get_or_init(|| match self.url_text.split_once('?') {
                Some((_, query)) => form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect(),
                None => Vec::new(),
            })
    }

    /// All headers (without `Authorization`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert!(c.from("t").select("*").build().unwrap().headers().contains_key("x-client-info"));
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        match &self.headers {
            Headers::Shared(map) => map,
            Headers::Own(map) => map,
        }
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
        self.headers().get(name).and_then(|v| v.to_str().ok())
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
