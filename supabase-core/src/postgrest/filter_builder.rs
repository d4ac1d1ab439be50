//! `FilterBuilder`: the state of one PostgREST request after its action was chosen, the
//! action options, and rendering it into a [`PreparedRequest`].

use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::Value;

use super::encode::{array_literal, clean_columns, JsonScalar};
use super::request::{PreparedRequest, ResponseMode};
use crate::{Client, CountMethod, Error, ExplainOptions, ReturnMethod};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Select,
    Insert,
    Upsert,
    Update,
    Delete,
    Rpc,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Select => "select",
            Action::Insert => "insert",
            Action::Upsert => "upsert",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Rpc => "rpc",
        }
    }
}

/// How the response is shaped, set by `single`, `csv`, `geojson`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Single,
    Csv,
    GeoJson,
}

/// One PostgREST request being built: filters, modifiers, options. Made by an action on
/// [`QueryBuilder`](crate::QueryBuilder) or by [`Client::rpc`].
///
/// Every method takes and returns `self`. A bad argument does not panic: it is kept and
/// returned by [`FilterBuilder::build`] or [`FilterBuilder::execute`].
///
/// ```
/// use supabase_core::{Client, CountMethod, Order};
/// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
/// let req = client
///     .from("countries")
///     .select("id, name")
///     .count(CountMethod::Exact)
///     .gte("population", 1_000_000)
///     .in_("continent", ["Europe", "Asia"])
///     .order("name", Order::asc())
///     .range(0, 9)
///     .build()
///     .unwrap();
/// assert_eq!(
///     req.url().query(),
///     Some("select=id%2Cname&population=gte.1000000&continent=in.%28Europe%2CAsia%29&order=name.asc&offset=0&limit=10")
/// );
/// assert_eq!(req.header("prefer"), Some("count=exact"));
/// ```
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until it is executed"]
pub struct FilterBuilder {
    pub(crate) client: Client,
    pub(crate) path: String,
    pub(crate) schema: String,
    pub(crate) action: Action,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Value>,
    pub(crate) rpc_get: bool,
    pub(crate) head: bool,
    pub(crate) count: Option<CountMethod>,
    pub(crate) on_conflict: Option<String>,
    pub(crate) ignore_duplicates: bool,
    pub(crate) default_to_null: bool,
    /// `Prefer` values added by transforms (`select` after a write, `returning`, `rollback`,
    /// `max_affected`), in call order like postgrest-js's `Headers.append`.
    pub(crate) prefer_tail: Vec<String>,
    pub(crate) format: Option<Format>,
    pub(crate) maybe_single: bool,
    pub(crate) explain: Option<ExplainOptions>,
    pub(crate) strip_nulls: bool,
    pub(crate) negate_next: bool,
    pub(crate) headers: HeaderMap,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<bool>,
    pub(crate) error: KeptError,
}

/// The first argument error of a chain, kept until `build`/`execute`.
#[derive(Debug, Default)]
pub(crate) struct KeptError(pub(crate) Option<Error>);

impl Clone for KeptError {
    fn clone(&self) -> Self {
        KeptError(self.0.as_ref().map(clone_error))
    }
}

impl FilterBuilder {
    pub(crate) fn new(client: Client, path: String, schema: String, action: Action) -> Self {
        let mut builder = FilterBuilder {
            client,
            path,
            schema,
            action,
            query: Vec::new(),
            body: None,
            rpc_get: false,
            head: false,
            count: None,
            on_conflict: None,
            ignore_duplicates: false,
            default_to_null: true,
            prefer_tail: Vec::new(),
            format: None,
            maybe_single: false,
            explain: None,
            strip_nulls: false,
            negate_next: false,
            headers: HeaderMap::new(),
            timeout: None,
            retry: None,
            error: KeptError::default(),
        };
        if builder.path.trim().is_empty() {
            builder.fail("the table, view or function name is empty".to_owned());
        }
        builder
    }

    pub(crate) fn fail(&mut self, message: String) {
        if self.error.0.is_none() {
            self.error.0 = Some(Error::InvalidArgument(message));
        }
    }

    pub(crate) fn with_select(mut self, columns: &str) -> Self {
        self.set_param("select", clean_columns(columns));
        self
    }

    pub(crate) fn with_body(mut self, body: Result<Value, serde_json::Error>) -> Self {
        match body {
            Ok(value) => self.body = Some(value),
            Err(err) => {
                if self.error.0.is_none() {
                    self.error.0 = Some(Error::Serialize(err));
                }
            }
        }
        self
    }

    /// Appends a query pair (filters: repeatable keys).
    pub(crate) fn append_param(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.query.push((key.into(), value.into()));
    }

    /// Sets a query pair like `URLSearchParams.set`: replaces the first pair with that key in
    /// place and drops the others, or appends.
    pub(crate) fn set_param(&mut self, key: &str, value: String) {
        match self.query.iter().position(|(k, _)| k == key) {
            Some(first) => {
                self.query[first].1 = value;
                let mut index = 0;
                self.query.retain(|(k, _)| {
                    let keep = index <= first || k != key;
                    index += 1;
                    keep
                });
            }
            None => self.query.push((key.to_owned(), value)),
        }
    }

    fn require(&mut self, allowed: &[Action], method: &str) {
        if !allowed.contains(&self.action) {
            let names: Vec<&str> = allowed.iter().map(|a| a.name()).collect();
            self.fail(format!(
                "{method}() applies to {} queries, not to {}",
                names.join("/"),
                self.action.name()
            ));
        }
    }

    /// Asks PostgREST to count the rows (`Prefer: count=…`); read it from
    /// [`PostgrestResponse::count`](crate::PostgrestResponse::count).
    ///
    /// ```
    /// # use supabase_core::{Client, CountMethod};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").delete().count(CountMethod::Planned).eq("id", 1).build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("count=planned"));
    /// ```
    pub fn count(mut self, method: CountMethod) -> Self {
        self.count = Some(method);
        self
    }

    /// Sends `HEAD` instead of `GET` (select and rpc): no rows, only the count and status.
    ///
    /// ```
    /// # use supabase_core::{Client, CountMethod};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").select("*").count(CountMethod::Exact).head().build().unwrap();
    /// assert_eq!(req.method().as_str(), "HEAD");
    /// ```
    pub fn head(mut self) -> Self {
        self.require(&[Action::Select, Action::Rpc], "head");
        self.head = true;
        self
    }

    /// Calls a function with `GET` (read-only; arguments go in the query string).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.rpc("add", serde_json::json!({"a": 1, "b": 2})).get().build().unwrap();
    /// assert_eq!(req.url().as_str(), "http://h/rest/v1/rpc/add?a=1&b=2");
    /// ```
    pub fn get(mut self) -> Self {
        self.require(&[Action::Rpc], "get");
        self.rpc_get = true;
        self
    }

    /// With `false`, columns missing from a bulk insert take their default instead of NULL
    /// (`Prefer: missing=default`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").insert(serde_json::json!([{"a": 1}])).default_to_null(false).build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("missing=default"));
    /// ```
    pub fn default_to_null(mut self, default_to_null: bool) -> Self {
        self.require(&[Action::Insert, Action::Upsert], "default_to_null");
        self.default_to_null = default_to_null;
        self
    }

    /// The unique columns an upsert resolves conflicts on (`on_conflict=`), comma-separated.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// assert!(client.from("t").insert(serde_json::json!({})).on_conflict("id").build().is_err());
    /// ```
    pub fn on_conflict(mut self, columns: impl Into<String>) -> Self {
        self.require(&[Action::Upsert], "on_conflict");
        self.on_conflict = Some(columns.into());
        self
    }

    /// On conflict, keep the existing row (`resolution=ignore-duplicates`) instead of merging.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").upsert(serde_json::json!({"id": 1})).ignore_duplicates(true).build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("resolution=ignore-duplicates"));
    /// ```
    pub fn ignore_duplicates(mut self, ignore: bool) -> Self {
        self.require(&[Action::Upsert], "ignore_duplicates");
        self.ignore_duplicates = ignore;
        self
    }

    /// What a write returns (`Prefer: return=…`). [`FilterBuilder::select`] also asks for the rows.
    ///
    /// ```
    /// # use supabase_core::{Client, ReturnMethod};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").delete().eq("id", 1).returning(ReturnMethod::Minimal).build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("return=minimal"));
    /// ```
    pub fn returning(mut self, method: ReturnMethod) -> Self {
        self.require(
            &[
                Action::Insert,
                Action::Upsert,
                Action::Update,
                Action::Delete,
            ],
            "returning",
        );
        self.prefer_tail.push(format!("return={}", method.as_str()));
        self
    }

    /// After a write (or rpc): return the affected rows with these columns
    /// (`select=` and `Prefer: return=representation`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").insert(serde_json::json!({"a": 1})).select("id, a").build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("return=representation"));
    /// assert_eq!(req.query_pairs()[0], ("select".to_owned(), "id,a".to_owned()));
    /// ```
    pub fn select(mut self, columns: &str) -> Self {
        if self.action == Action::Select {
            self.fail("select() was already called; chain filters instead".to_owned());
            return self;
        }
        self.prefer_tail.push("return=representation".to_owned());
        self.with_select(columns)
    }

    /// Sets a header on this request only, over the client's headers.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").select("*").header("x-trace", "abc").build().unwrap();
    /// assert_eq!(req.header("x-trace"), Some("abc"));
    /// ```
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match (
            HeaderName::from_bytes(name.as_ref().as_bytes()),
            HeaderValue::from_str(value.as_ref()),
        ) {
            (Ok(n), Ok(v)) => {
                self.headers.insert(n, v);
            }
            _ => self.fail(format!("invalid header {:?}", name.as_ref())),
        }
        self
    }

    /// A timeout for this request, over the client's.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// # use std::time::Duration;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").select("*").timeout(Duration::from_secs(2)).build().unwrap();
    /// assert_eq!(req.timeout(), Some(Duration::from_secs(2)));
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Turns automatic retries of this read on or off (they never apply to writes).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").select("*").retry(false).build().unwrap();
    /// assert!(!req.retries());
    /// ```
    pub fn retry(mut self, enabled: bool) -> Self {
        self.retry = Some(enabled);
        self
    }

    /// Renders the request without sending it: method, URL, headers (all but `Authorization`,
    /// which is resolved when sending) and body. Returns any argument error the chain kept.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").select("*").eq("name", "Ann").build().unwrap();
    /// assert_eq!(req.query_pairs(), &[("select".to_owned(), "*".to_owned()), ("name".to_owned(), "eq.Ann".to_owned())]);
    /// ```
    pub fn build(&self) -> Result<PreparedRequest, Error> {
        if let Some(err) = &self.error.0 {
            return Err(clone_error(err));
        }
        if self.negate_next {
            return Err(Error::InvalidArgument(
                "not_() must be followed by a filter".to_owned(),
            ));
        }
        let rpc_object_fallback =
            self.action == Action::Rpc && self.head && rpc_has_object_arg(&self.body);
        let method = match self.action {
            Action::Select if self.head => Method::HEAD,
            Action::Select => Method::GET,
            Action::Insert | Action::Upsert => Method::POST,
            Action::Update => Method::PATCH,
            Action::Delete => Method::DELETE,
            Action::Rpc if rpc_object_fallback => Method::POST,
            Action::Rpc if self.head => Method::HEAD,
            Action::Rpc if self.rpc_get => Method::GET,
            Action::Rpc => Method::POST,
        };
        let reads = method == Method::GET || method == Method::HEAD;

        let mut query: Vec<(String, String)> = Vec::with_capacity(self.query.len() + 2);
        if self.action == Action::Rpc && reads {
            if let Some(Value::Object(args)) = &self.body {
                for (name, value) in args {
                    let text = match value {
                        Value::Array(items) => array_literal(items.iter().map(JsonScalar)),
                        Value::Object(_) => value.to_string(),
                        other => JsonScalar(other).to_string(),
                    };
                    query.push((name.clone(), text));
                }
            }
        }
        if let Some(on_conflict) = &self.on_conflict {
            query.push(("on_conflict".to_owned(), on_conflict.clone()));
        }
        if matches!(self.action, Action::Insert | Action::Upsert) {
            if let Some(columns) = bulk_columns(self.body.as_ref()) {
                query.push(("columns".to_owned(), columns));
            }
        }
        query.extend(self.query.iter().cloned());

        let mut headers = self.client.static_headers().clone();
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(prefer) = self.prefer(rpc_object_fallback) {
            insert_header(&mut headers, "prefer", &prefer)?;
        }
        if let Some(accept) = self.accept()? {
            insert_header(&mut headers, "accept", &accept)?;
        }
        let profile = if reads {
            "accept-profile"
        } else {
            "content-profile"
        };
        insert_header(&mut headers, profile, &self.schema)?;
        if !reads {
            headers.insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }

        let body = match method {
            Method::POST | Method::PATCH => Some(match (&self.action, &self.body) {
                (Action::Rpc, None) => Value::Object(serde_json::Map::new()),
                (_, Some(body)) => body.clone(),
                (_, None) => Value::Null,
            }),
            _ => None,
        };

        let mut url = self.client.rest_url().clone();
        match url.path_segments_mut() {
            Ok(mut segments) => {
                segments.pop_if_empty();
                if self.action == Action::Rpc {
                    segments.push("rpc");
                }
                segments.push(&self.path);
            }
            Err(()) => {
                return Err(Error::InvalidArgument(
                    "the project url cannot take a path".to_owned(),
                ))
            }
        }
        if !query.is_empty() {
            let mut serializer = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &query {
                serializer.append_pair(k, v);
            }
            url.set_query(Some(&serializer.finish()));
        }

        let text = matches!(self.format, Some(Format::Csv))
            || matches!(self.explain, Some(e) if e.format == crate::ExplainFormat::Text);
        Ok(PreparedRequest {
            method,
            url,
            query,
            headers,
            body,
            timeout: self.timeout.or(self.client.default_timeout()),
            retry: reads && self.retry.unwrap_or(self.client.retry_enabled()),
            mode: ResponseMode {
                text,
                maybe_single: self.maybe_single,
                counted: self.count.is_some(),
            },
        })
    }

    fn prefer(&self, rpc_object_fallback: bool) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        if self.action == Action::Rpc {
            let base = match (rpc_object_fallback, self.count) {
                (true, Some(c)) => Some(format!("count={},return=minimal", c.as_str())),
                (true, None) => Some("return=minimal".to_owned()),
                (false, Some(c)) => Some(format!("count={}", c.as_str())),
                (false, None) => None,
            };
            parts.extend(base);
        } else {
            if self.action == Action::Upsert {
                parts.push(if self.ignore_duplicates {
                    "resolution=ignore-duplicates".to_owned()
                } else {
                    "resolution=merge-duplicates".to_owned()
                });
            }
            if let Some(count) = self.count {
                parts.push(format!("count={}", count.as_str()));
            }
            if !self.default_to_null {
                parts.push("missing=default".to_owned());
            }
        }
        parts.extend(self.prefer_tail.iter().cloned());
        if parts.is_empty() {
            None
        } else {
            Some(parts.join(", "))
        }
    }

    fn accept(&self) -> Result<Option<String>, Error> {
        let base = match self.format {
            Some(Format::Single) => Some("application/vnd.pgrst.object+json"),
            Some(Format::Csv) => Some("text/csv"),
            Some(Format::GeoJson) => Some("application/geo+json"),
            None => None,
        };
        if let Some(explain) = &self.explain {
            return Ok(Some(explain.accept(base.unwrap_or("application/json"))));
        }
        if self.strip_nulls {
            return match self.format {
                Some(Format::Single) => Ok(Some(
                    "application/vnd.pgrst.object+json;nulls=stripped".to_owned(),
                )),
                None => Ok(Some(
                    "application/vnd.pgrst.array+json;nulls=stripped".to_owned(),
                )),
                Some(Format::Csv) => Err(Error::InvalidArgument(
                    "strip_nulls() cannot be used with csv()".to_owned(),
                )),
                Some(Format::GeoJson) => Ok(base.map(str::to_owned)),
            };
        }
        Ok(base.map(str::to_owned))
    }
}

fn insert_header(headers: &mut HeaderMap, name: &'static str, value: &str) -> Result<(), Error> {
    let value = HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidArgument(format!("invalid value for header {name}: {value:?}"))
    })?;
    headers.insert(HeaderName::from_static(name), value);
    Ok(())
}

/// `"a","b"`: the union of the keys of the rows of a bulk write, in order of appearance.
fn bulk_columns(body: Option<&Value>) -> Option<String> {
    let rows = body?.as_array()?;
    let mut names: Vec<&str> = Vec::new();
    for row in rows {
        if let Some(obj) = row.as_object() {
            for key in obj.keys() {
                if !names.contains(&key.as_str()) {
                    names.push(key);
                }
            }
        }
    }
    if names.is_empty() {
        return None;
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    Some(quoted.join(","))
}

fn rpc_has_object_arg(body: &Option<Value>) -> bool {
    fn is_object(v: &Value) -> bool {
        match v {
            Value::Object(_) => true,
            Value::Array(items) => items.iter().any(is_object),
            _ => false,
        }
    }
    match body {
        Some(Value::Object(args)) => args.values().any(is_object),
        _ => false,
    }
}

/// Builder errors are kept inside the builder; `build(&self)` hands out a copy.
fn clone_error(err: &Error) -> Error {
    match err {
        Error::InvalidArgument(m) => Error::InvalidArgument(m.clone()),
        Error::Serialize(e) => {
            Error::InvalidArgument(format!("could not serialize the request body: {e}"))
        }
        other => Error::InvalidArgument(other.to_string()),
    }
}
