//! `Client`: the entry point, cheap to clone, shared by every service.

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::{Error, ProjectUrl, TokenSource};

/// The value sent in `X-Client-Info`.
pub(crate) const CLIENT_INFO: &str = concat!("supabase-core/", env!("CARGO_PKG_VERSION"));

/// A Supabase client: the project URL, the API key, and the settings every request shares.
///
/// Cloning is cheap (an `Arc` inside) and clones share the HTTP connection pool and token source.
///
/// ```
/// use supabase_core::Client;
///
/// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
/// let query = client.from("countries").select("id, name").eq("id", 1);
/// let request = query.build().unwrap();
/// assert_eq!(request.url().as_str(), "https://xyz.supabase.co/rest/v1/countries?select=id%2Cname&id=eq.1");
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
    /// A schema chosen with [`Client::schema`], with its header value.
    schema: Option<Arc<(String, Option<HeaderValue>)>>,
}

struct ClientInner {
    url: ProjectUrl,
    rest_url: Url,
    key: String,
    /// Global headers plus `apikey` and `X-Client-Info`, computed once.
    headers: HeaderMap,
    /// `Bearer <key>`, sent when no user is signed in; computed once.
    key_bearer: HeaderValue,
    /// PostgREST's request headers for the default schema, computed once: the static headers
    /// plus `Accept-Profile` (reads), and plus `Content-Profile` and `Content-Type` (writes).
    /// `None` when global headers set `Prefer` or `Accept` (each request merges those).
    rest_headers: Option<(Arc<HeaderMap>, Arc<HeaderMap>)>,
    /// The default schema as a header value (`Accept-Profile`/`Content-Profile`), computed once
    /// (`None` when it is not a valid header value; rendering a query reports that).
    schema_header: Option<HeaderValue>,
    http: reqwest::Client,
    timeout: Option<Duration>,
    retry: bool,
    schema: String,
    token_source: RwLock<Option<Arc<dyn TokenSource>>>,
    /// The Auth client: one session shared by every `client.auth()`.
    #[cfg(feature = "auth")]
    auth: crate::auth::Auth,
    /// The Realtime socket, created on first use and shared by clones.
    #[cfg(feature = "realtime")]
    realtime: std::sync::OnceLock<crate::realtime::RealtimeClient>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("url", &self.inner.url.as_str())
            .field("key", &"<redacted>")
            .field("schema", &self.schema_name())
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the project at `url` using the API key `key`, with default settings.
    ///
    /// A bad URL or an empty key is an error, never a panic.
    ///
    /// ```
    /// use supabase_core::{Client, Error};
    /// assert!(Client::new("https://xyz.supabase.co", "anon-key").is_ok());
    /// assert!(matches!(Client::new("https://xyz.supabase.co", ""), Err(Error::MissingKey)));
    /// assert!(matches!(Client::new("xyz.supabase.co", "k"), Err(Error::InvalidUrl { .. })));
    /// ```
    pub fn new(url: impl AsRef<str>, key: impl Into<String>) -> Result<Self, Error> {
        Self::builder(url, key).build()
    }

    /// A builder for a client with custom settings.
    ///
    /// ```
    /// use std::time::Duration;
    /// use supabase_core::Client;
    ///
    /// let client = Client::builder("https://xyz.supabase.co", "anon-key")
    ///     .schema("api")
    ///     .header("x-my-header", "1")
    ///     .timeout(Duration::from_secs(10))
    ///     .retry(false)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(client.schema_name(), "api");
    /// ```
    pub fn builder(url: impl AsRef<str>, key: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(url.as_ref(), key.into())
    }

    /// The normalized project URL.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "k").unwrap();
    /// assert_eq!(client.url().as_str(), "https://xyz.supabase.co/");
    /// ```
    pub fn url(&self) -> &ProjectUrl {
        &self.inner.url
    }

    /// The PostgREST base URL, `{url}rest/v1/`.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co/p", "k").unwrap();
    /// assert_eq!(client.rest_url().as_str(), "https://xyz.supabase.co/p/rest/v1/");
    /// ```
    pub fn rest_url(&self) -> &Url {
        &self.inner.rest_url
    }

    /// The Postgres schema this client queries (`public` unless changed).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "k").unwrap();
    /// assert_eq!(client.schema_name(), "public");
    /// ```
    pub fn schema_name(&self) -> &str {
        self.schema
            .as_deref()
            .map_or(&self.inner.schema, |(name, _)| name)
    }

    /// [`Client::schema_name`] as a header value, computed once (`None` when it is not a valid
    /// header value; rendering reports that).
    pub(crate) fn schema_header(&self) -> Option<&HeaderValue> {
        match self.schema.as_deref() {
            Some((_, header)) => header.as_ref(),
            None => self.inner.schema_header.as_ref(),
        }
    }

    /// [`Client::static_headers`] plus the PostgREST profile headers for the client's own schema
    /// (reads: `Accept-Profile`; writes: `Content-Profile` and `Content-Type`), computed once;
    /// `None` for a client made by [`Client::schema`] or with a global `Prefer`/`Accept`.
    pub(crate) fn rest_headers(&self, reads: bool) -> Option<&Arc<HeaderMap>> {
        if self.schema.is_some() {
            return None;
        }
        let (read, write) = self.inner.rest_headers.as_ref()?;
        Some(if reads { read } else { write })
    }

    /// A clone of this client that queries another schema (`Accept-Profile`/`Content-Profile`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let api = client.schema("api");
    /// let req = api.from("items").select("*").build().unwrap();
    /// assert_eq!(req.header("accept-profile"), Some("api"));
    /// ```
    pub fn schema(&self, schema: impl Into<String>) -> Client {
        let schema = schema.into();
        let header = HeaderValue::from_str(&schema).ok();
        Client {
            inner: Arc::clone(&self.inner),
            schema: Some(Arc::new((schema, header))),
        }
    }

    /// Plugs in the source of the user's access token (the Auth client does this on sign-in).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use supabase_core::{Client, TokenFuture, TokenSource};
    /// #[derive(Debug)]
    /// struct NoUser;
    /// impl TokenSource for NoUser {
    ///     fn access_token(&self) -> TokenFuture<'_> { Box::pin(async { None }) }
    /// }
    /// let client = Client::new("https://xyz.supabase.co", "k").unwrap();
    /// client.set_token_source(Some(Arc::new(NoUser)));
    /// ```
    pub fn set_token_source(&self, source: Option<Arc<dyn TokenSource>>) {
        match self.inner.token_source.write() {
            Ok(mut guard) => *guard = source,
            Err(poisoned) => *poisoned.into_inner() = source,
        }
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn default_timeout(&self) -> Option<Duration> {
        self.inner.timeout
    }

    pub(crate) fn retry_enabled(&self) -> bool {
        self.inner.retry
    }

    /// Headers shared by every request whose value does not depend on the token: the
    /// global headers, `apikey` and `X-Client-Info` (unless set globally).
    pub(crate) fn static_headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The API key.
    #[allow(dead_code)]
    pub(crate) fn key(&self) -> &str {
        &self.inner.key
    }

    /// The Auth (GoTrue) client, `{url}auth/v1/`. Every call returns a handle to the same
    /// session; once a user signs in, this client's requests carry the user's access token
    /// (unless a [`TokenSource`] was given to the builder, e.g. for third-party auth).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
    /// assert_eq!(client.auth().url().as_str(), "https://xyz.supabase.co/auth/v1/");
    /// ```
    #[cfg(feature = "auth")]
    pub fn auth(&self) -> crate::auth::Auth {
        self.inner.auth.clone()
    }

    /// Where the lazily created Realtime client lives.
    #[cfg(feature = "realtime")]
    pub(crate) fn realtime_slot(&self) -> &std::sync::OnceLock<crate::realtime::RealtimeClient> {
        &self.inner.realtime
    }

    /// The Realtime token: the user's access token, else the API key (supabase-js
    /// `_getAccessToken`). Holds the client weakly so the socket does not keep it alive.
    #[cfg(feature = "realtime")]
    pub(crate) fn realtime_token_fn(&self) -> crate::realtime::TokenFn {
        let weak = Arc::downgrade(&self.inner);
        Arc::new(move || {
            let weak = weak.clone();
            Box::pin(async move {
                let inner = weak.upgrade()?;
                Some(
                    Client {
                        inner,
                        schema: None,
                    }
                    .bearer()
                    .await,
                )
            })
        })
    }

    /// The signed-in user's access token, if a token source yields one.
    pub(crate) async fn user_token(&self) -> Option<String> {
        let source = match self.inner.token_source.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        match source {
            Some(source) => source.access_token().await,
            None => None,
        }
    }

    /// The bearer token: the user's access token when a source yields one, else the API key.
    #[cfg(feature = "realtime")]
    pub(crate) async fn bearer(&self) -> String {
        match self.user_token().await {
            Some(token) => token,
            None => self.inner.key.clone(),
        }
    }

    /// Adds `Authorization: Bearer …` unless a global `Authorization` header is set.
    pub(crate) async fn add_authorization(&self, headers: &mut HeaderMap) -> Result<(), Error> {
        if headers.contains_key(http::header::AUTHORIZATION) {
            return Ok(());
        }
        let value = match self.user_token().await {
            Some(token) => {
                let mut value =
                    HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                        Error::InvalidArgument(
                            "the access token is not a valid header value".into(),
                        )
                    })?;
                value.set_sensitive(true);
                value
            }
            None => self.inner.key_bearer.clone(),
        };
        headers.insert(http::header::AUTHORIZATION, value);
        Ok(())
    }
}

/// Builds a [`Client`] with custom settings. Bad arguments are kept until [`ClientBuilder::build`].
///
/// ```
/// use supabase_core::Client;
/// let client = Client::builder("http://127.0.0.1:54321", "anon-key")
///     .http_client(reqwest::Client::new())
///     .build()
///     .unwrap();
/// # let _ = client;
/// ```
#[must_use = "a builder does nothing until .build() is called"]
pub struct ClientBuilder {
    url: String,
    key: String,
    schema: String,
    headers: HeaderMap,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    retry: bool,
    token_source: Option<Arc<dyn TokenSource>>,
    rest_url: Option<String>,
    #[cfg(feature = "auth")]
    auth_options: crate::auth::AuthOptions,
    error: Option<Error>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("url", &self.url)
            .field("key", &"<redacted>")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    fn new(url: &str, key: String) -> Self {
        ClientBuilder {
            url: url.to_owned(),
            key,
            schema: "public".to_owned(),
            headers: HeaderMap::new(),
            http: None,
            timeout: None,
            retry: true,
            token_source: None,
            rest_url: None,
            #[cfg(feature = "auth")]
            auth_options: crate::auth::AuthOptions::default(),
            error: None,
        }
    }

    /// The default Postgres schema for queries (default `public`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::builder("http://h", "k").schema("api").build().unwrap();
    /// assert_eq!(c.schema_name(), "api");
    /// ```
    pub fn schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = schema.into();
        self
    }

    /// A header sent with every request. A global `Authorization` or `apikey` wins over the client's own.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// assert!(Client::builder("http://h", "k").header("bad header", "v").build().is_err());
    /// ```
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name_text = name.as_ref();
        match (
            HeaderName::from_bytes(name_text.as_bytes()),
            HeaderValue::from_str(value.as_ref()),
        ) {
            (Ok(n), Ok(v)) => {
                let v = crate::redact::sensitive(&n, v);
                self.headers.insert(n, v);
            }
            _ => {
                self.error.get_or_insert(Error::InvalidArgument(format!(
                    "invalid header {name_text:?}"
                )));
            }
        }
        self
    }

    /// Several headers sent with every request.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("x-app", http::HeaderValue::from_static("demo"));
    /// let c = Client::builder("http://h", "k").headers(headers).build().unwrap();
    /// # let _ = c;
    /// ```
    pub fn headers(mut self, headers: HeaderMap) -> Self {
        self.headers.extend(headers);
        crate::redact::mark_sensitive(&mut self.headers);
        self
    }

    /// A timeout for every request (none by default). A query can override it.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use supabase_core::Client;
    /// let c = Client::builder("http://h", "k").timeout(Duration::from_secs(5)).build().unwrap();
    /// # let _ = c;
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Your own `reqwest::Client` (proxies, TLS roots, connection pool settings).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::builder("http://h", "k").http_client(reqwest::Client::new()).build().unwrap();
    /// # let _ = c;
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Automatic retries of GET/HEAD on 503/520 and network errors (on by default). Writes are never retried.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::builder("http://h", "k").retry(false).build().unwrap();
    /// # let _ = c;
    /// ```
    pub fn retry(mut self, enabled: bool) -> Self {
        self.retry = enabled;
        self
    }

    /// The source of the user's access token (see [`TokenSource`]).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use supabase_core::{Client, TokenFuture, TokenSource};
    /// #[derive(Debug)]
    /// struct Static;
    /// impl TokenSource for Static {
    ///     fn access_token(&self) -> TokenFuture<'_> { Box::pin(async { Some("jwt".to_owned()) }) }
    /// }
    /// let c = Client::builder("http://h", "k").token_source(Arc::new(Static)).build().unwrap();
    /// # let _ = c;
    /// ```
    pub fn token_source(mut self, source: Arc<dyn TokenSource>) -> Self {
        self.token_source = Some(source);
        self
    }

    /// Where PostgREST is, when it is not at `{url}/rest/v1/` behind the Supabase gateway (a
    /// self-hosted PostgREST serving at its root, like postgrest-js's `new PostgrestClient(url)`).
    /// Auth, Storage, Functions and Realtime still use the project URL.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::builder("http://h", "k").rest_url("http://127.0.0.1:3000").build().unwrap();
    /// assert_eq!(c.rest_url().as_str(), "http://127.0.0.1:3000/");
    /// assert_eq!(c.from("t").select("*").build().unwrap().url().as_str(), "http://127.0.0.1:3000/t?select=*");
    /// assert!(Client::builder("http://h", "k").rest_url("not a url").build().is_err());
    /// ```
    pub fn rest_url(mut self, url: impl Into<String>) -> Self {
        self.rest_url = Some(url.into());
        self
    }

    /// Settings of the Auth client: flow type (implicit or PKCE), session store,
    /// auto-refresh, storage key.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// use supabase_core::auth::{AuthOptions, FlowType};
    /// let c = Client::builder("http://h", "k")
    ///     .auth_options(AuthOptions::new().flow_type(FlowType::Pkce).auto_refresh(false))
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(c.auth().flow_type(), FlowType::Pkce);
    /// ```
    #[cfg(feature = "auth")]
    pub fn auth_options(mut self, options: crate::auth::AuthOptions) -> Self {
        self.auth_options = options;
        self
    }

    /// Validates the settings and builds the client.
    ///
    /// ```
    /// # use supabase_core::{Client, Error};
    /// assert!(matches!(Client::builder("http://h", " ").build(), Err(Error::MissingKey)));
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        if let Some(err) = self.error {
            return Err(err);
        }
        let url = ProjectUrl::parse(&self.url)?;
        if self.key.trim().is_empty() {
            return Err(Error::MissingKey);
        }
        if HeaderValue::from_str(&self.key).is_err() {
            return Err(Error::InvalidArgument(
                "the api key contains characters not allowed in a header".into(),
            ));
        }
        if self.schema.trim().is_empty() {
            return Err(Error::InvalidArgument("the schema name is empty".into()));
        }
        let schema_header = HeaderValue::from_str(&self.schema).ok();
        let mut key_bearer =
            HeaderValue::from_str(&format!("Bearer {}", self.key)).map_err(|_| {
                Error::InvalidArgument(
                    "the api key contains characters not allowed in a header".into(),
                )
            })?;
        key_bearer.set_sensitive(true);
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build().map_err(Error::Network)?,
        };
        let rest_url = match &self.rest_url {
            Some(text) => ProjectUrl::parse(text)?.url().clone(),
            None => url.service("rest/v1"),
        };
        let mut headers = self.headers;
        if !headers.contains_key("apikey") {
            if let Ok(value) = HeaderValue::from_str(&self.key) {
                headers.insert(HeaderName::from_static("apikey"), value);
            }
        }
        crate::redact::mark_sensitive(&mut headers);
        if !headers.contains_key("x-client-info") {
            headers.insert(
                HeaderName::from_static("x-client-info"),
                HeaderValue::from_static(CLIENT_INFO),
            );
        }
        let rest_headers = schema_header
            .as_ref()
            .filter(|_| {
                !headers.contains_key("prefer") && !headers.contains_key(http::header::ACCEPT)
            })
            .map(|profile| {
                let mut read = headers.clone();
                read.insert(HeaderName::from_static("accept-profile"), profile.clone());
                let mut write = headers.clone();
                write.insert(HeaderName::from_static("content-profile"), profile.clone());
                write.insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                (Arc::new(read), Arc::new(write))
            });
        #[cfg(feature = "auth")]
        let auth = crate::auth::Auth::new(
            url.service("auth/v1"),
            http.clone(),
            &headers,
            &self.key,
            self.auth_options,
        );
        // The session drives the other services unless a token source was given.
        #[cfg(feature = "auth")]
        let token_source = self.token_source.or_else(|| Some(auth.token_source()));
        #[cfg(not(feature = "auth"))]
        let token_source = self.token_source;
        Ok(Client {
            inner: Arc::new(ClientInner {
                url,
                rest_url,
                key: self.key,
                headers,
                key_bearer,
                rest_headers,
                schema_header,
                http,
                timeout: self.timeout,
                retry: self.retry,
                schema: self.schema,
                token_source: RwLock::new(token_source),
                #[cfg(feature = "auth")]
                auth,
                #[cfg(feature = "realtime")]
                realtime: std::sync::OnceLock::new(),
            }),
            schema: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn client_is_send_sync_and_debug_hides_key() {
        assert_send_sync::<Client>();
        let client = Client::new("https://xyz.supabase.co", "secret-key").expect("client");
        let debug = format!("{client:?}");
        assert!(!debug.contains("secret-key"), "{debug}");
    }
}
