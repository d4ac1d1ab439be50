//! `FilterBuilder`: the state of one PostgREST request after its action was chosen, the
//! action options, and rendering it into a [`PreparedRequest`].

use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use super::encode::push_clean_columns;
use super::params::Params;
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

/// One step that sets `Accept`, replayed in call order when rendering, like postgrest-js's
/// mutable `Headers`: a later step replaces an earlier one, and `explain` wraps the current one.
#[derive(Debug, Clone)]
pub(crate) enum AcceptOp {
    /// `single`, `csv`, `geojson`.
    Set(&'static str),
    /// `explain`: `application/vnd.pgrst.plan+…; for="<current>"`.
    Explain(ExplainOptions),
    /// `.header("Accept", …)`.
    User(String),
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
    /// `None`: the client's schema.
    pub(crate) schema: Option<String>,
    pub(crate) action: Action,
    pub(crate) query: Params,
    /// Boxed, as the other rarely set parts: each chained call moves the builder.
    pub(crate) body: Option<Box<Value>>,
    pub(crate) rpc_get: bool,
    pub(crate) head: bool,
    pub(crate) count: Option<CountMethod>,
    pub(crate) ignore_duplicates: bool,
    pub(crate) default_to_null: bool,
    /// A `.header("Prefer", …)` replaced the client's and the action's `Prefer` values (as
    /// postgrest-js's `setHeader` does); `prefer_tail` starts with the user's value.
    pub(crate) prefer_replaced: bool,
    /// The options most queries never set, boxed on first use (see [`Extras`]).
    pub(crate) extras: Option<Box<Extras>>,
    pub(crate) format: Option<Format>,
    pub(crate) maybe_single: bool,
    pub(crate) explain: Option<ExplainOptions>,
    pub(crate) strip_nulls: bool,
    pub(crate) negate_next: bool,
    pub(crate) retry: Option<bool>,
    pub(crate) error: KeptError,
}

/// The parts of a request that a typical query leaves unset. Boxed on first use: every
/// chained call moves the builder, so it stays small.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extras {
    pub(crate) on_conflict: Option<String>,
    /// `Prefer` values added by transforms (`select` after a write, `returning`, `rollback`,
    /// `max_affected`), in call order like postgrest-js's `Headers.append`.
    pub(crate) prefer_tail: Vec<String>,
    /// What set `Accept`, in call order (`single`, `csv`, `geojson`, `explain`, `.header`).
    pub(crate) accept_ops: Vec<AcceptOp>,
    /// Headers set with `.header()` (other than `Prefer` and `Accept`).
    pub(crate) headers: Option<HeaderMap>,
    pub(crate) timeout: Option<Duration>,
}

static NO_EXTRAS: Extras = Extras {
    on_conflict: None,
    prefer_tail: Vec::new(),
    accept_ops: Vec::new(),
    headers: None,
    timeout: None,
};

/// The first argument error of a chain, kept until `build`/`execute`.
#[derive(Debug, Default)]
pub(crate) struct KeptError(pub(crate) Option<Box<Error>>);

impl Clone for KeptError {
    fn clone(&self) -> Self {
        KeptError(self.0.as_deref().map(|e| Box::new(clone_error(e))))
    }
}

impl FilterBuilder {
    pub(crate) fn new(
        client: Client,
        path: String,
        schema: Option<String>,
        action: Action,
    ) -> Self {
        let mut builder = FilterBuilder {
            client,
            path,
            schema,
            action,
            query: Params::with_capacity(),
            body: None,
            rpc_get: false,
            head: false,
            count: None,
            ignore_duplicates: false,
            default_to_null: true,
            prefer_replaced: false,
            extras: None,
            format: None,
            maybe_single: false,
            explain: None,
            strip_nulls: false,
            negate_next: false,
            retry: None,
            error: KeptError::default(),
        };
        if builder.path.trim().is_empty() {
            builder.fail("the table, view or function name is empty".to_owned());
        }
        builder
    }

    /// The rarely set parts (all empty unless set).
    pub(crate) fn extras(&self) -> &Extras {
        self.extras.as_deref().unwrap_or(&NO_EXTRAS)
    }

    /// The rarely set parts, to set one.
    pub(crate) fn extras_mut(&mut self) -> &mut Extras {
        self.extras.get_or_insert_with(Box::default)
    }

    pub(crate) fn fail(&mut self, message: String) {
        if self.error.0.is_none() {
            self.error.0 = Some(Box::new(Error::InvalidArgument(message)));
        }
    }

    #[inline]
    pub(crate) fn with_select(mut self, columns: &str) -> Self {
        self.query
            .set("select", |buf| push_clean_columns(buf, columns));
        self
    }

    pub(crate) fn with_body(mut self, body: Result<Value, serde_json::Error>) -> Self {
        match body {
            Ok(value) => self.body = Some(Box::new(value)),
            Err(err) => {
                if self.error.0.is_none() {
                    self.error.0 = Some(Box::new(Error::Serialize(err)));
                }
            }
        }
        self
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
        self.extras_mut().on_conflict = Some(columns.into());
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
        self.extras_mut()
            .prefer_tail
            .push(format!("return={}", method.as_str()));
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
        self.extras_mut()
            .prefer_tail
            .push("return=representation".to_owned());
        self.with_select(columns)
    }

    /// Sets a header on this request only, over the client's headers, in call order as
    /// postgrest-js's `setHeader`: `Prefer` replaces the values set so far (the action's `count`,
    /// `resolution`, `missing=default`), and options chained after it (`select`, `returning`,
    /// `rollback`, `max_affected`) append to it; `Accept` replaces what `single`/`csv`/`geojson`
    /// set before it, a later one of those replaces it, and `explain` after it plans for it.
    /// `Accept-Profile`/`Content-Profile` (the schema) and, on writes, `Content-Type` are set
    /// when sending and win, as in postgrest-js.
    ///
    /// ```
    /// # use supabase_core::{Client, CountMethod};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").select("*").header("x-trace", "abc").build().unwrap();
    /// assert_eq!(req.header("x-trace"), Some("abc"));
    /// let req = client.from("t").insert(serde_json::json!({"a": 1})).count(CountMethod::Exact)
    ///     .header("Prefer", "tx=rollback").select("a").build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("tx=rollback, return=representation"));
    /// let req = client.from("t").select("*").single().header("Accept", "application/json").build().unwrap();
    /// assert_eq!(req.header("accept"), Some("application/json"));
    /// ```
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match (
            HeaderName::from_bytes(name.as_ref().as_bytes()),
            HeaderValue::from_str(value.as_ref()),
        ) {
            (Ok(n), Ok(v)) if n == "prefer" => {
                // Replaces every `Prefer` value so far; later options append to it.
                self.extras_mut().prefer_tail = vec![v.to_str().unwrap_or_default().to_owned()];
                self.prefer_replaced = true;
            }
            (Ok(n), Ok(v)) if n == http::header::ACCEPT => {
                let value = v.to_str().unwrap_or_default().to_owned();
                self.extras_mut().accept_ops.push(AcceptOp::User(value));
            }
            (Ok(n), Ok(v)) => {
                let v = crate::redact::sensitive(&n, v);
                self.extras_mut()
                    .headers
                    .get_or_insert_with(HeaderMap::new)
                    .insert(n, v);
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
        self.extras_mut().timeout = Some(timeout);
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
}

/// Builder errors are kept inside the builder; `build(&self)` hands out a copy.
pub(crate) fn clone_error(err: &Error) -> Error {
    match err {
        Error::InvalidArgument(m) => Error::InvalidArgument(m.clone()),
        Error::Serialize(e) => {
            Error::InvalidArgument(format!("could not serialize the request body: {e}"))
        }
        other => Error::InvalidArgument(other.to_string()),
    }
}
