//! `client.functions()`: the Edge Functions client and its client-wide settings.

use std::fmt;

use http::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use super::headers::redacted;
use super::invoke::Invoke;
use super::region::Region;
use crate::Client;

/// Calls Supabase Edge Functions (`{project}/functions/v1/{name}`). Made by [`Client::functions`].
///
/// Cheap to make and to clone: it holds a [`Client`] clone and its own few settings (a default
/// region, extra headers). Each call is built with [`FunctionsClient::invoke`].
///
/// Headers of a call, later ones winning: the automatic Content-Type (and `x-region`), then the
/// client's global headers with `apikey` and `X-Client-Info`, then this client's headers
/// ([`FunctionsClient::with_header`], [`FunctionsClient::with_auth`]), then the call's own.
/// `Authorization`, when none of those set it, is `Bearer <user access token>` when the
/// client's [`TokenSource`](crate::TokenSource) yields one, else `Bearer <api key>` — except
/// for new-format keys (`sb_publishable_…`, `sb_secret_…`), which are never sent as a bearer
/// token: then no `Authorization` header is sent at all.
///
/// ```
/// use supabase_core::Client;
/// use supabase_core::functions::Region;
///
/// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
/// let functions = client.functions().with_region(Region::EuWest3);
/// assert_eq!(functions.url().as_str(), "https://xyz.supabase.co/functions/v1/");
/// assert_eq!(functions.region(), &Region::EuWest3);
/// ```
#[derive(Clone)]
pub struct FunctionsClient {
    pub(crate) client: Client,
    pub(crate) url: Url,
    pub(crate) region: Region,
    pub(crate) headers: HeaderMap,
    /// The first bad `with_header` argument, reported when a call is sent.
    pub(crate) error: Option<String>,
}

impl Client {
    /// The Edge Functions client (`{url}functions/v1/`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// use supabase_core::Client;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Greeting { message: String }
    ///
    /// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
    /// let greeting: Greeting = client
    ///     .functions()
    ///     .invoke("hello-world")
    ///     .body(serde_json::json!({ "name": "Functions" }))
    ///     .send()
    ///     .await?
    ///     .data;
    /// println!("{}", greeting.message);
    /// # Ok(()) }
    /// ```
    pub fn functions(&self) -> FunctionsClient {
        FunctionsClient {
            url: self.url().service("functions/v1"),
            client: self.clone(),
            region: Region::Any,
            headers: HeaderMap::new(),
            error: None,
        }
    }
}

impl FunctionsClient {
    /// Starts a call of the function `name` (POST, no body, until changed).
    ///
    /// `name` may contain `/` to reach a sub-route of a function (`"api/users/42"`). Each
    /// `/`-separated part is percent-encoded as a URL path segment, so `?`, `#`, `%`, spaces and
    /// non-ASCII characters are escaped and cannot change the query or leave `functions/v1/`.
    /// An empty name, an empty part or a `.`/`..` part is refused when the call is sent. (The JS
    /// client appends the name unencoded; pass query parameters with [`Invoke::query`] instead.)
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
    /// let call = client.functions().invoke("hello world/a?b");
    /// assert_eq!(
    ///     call.url().unwrap().as_str(),
    ///     "https://xyz.supabase.co/functions/v1/hello%20world/a%3Fb"
    /// );
    /// ```
    pub fn invoke(&self, name: impl Into<String>) -> Invoke {
        Invoke::new(self.clone(), name.into())
    }

    /// The base URL of the functions, `{project}/functions/v1/`.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://127.0.0.1:54321/prefix", "k").unwrap();
    /// assert_eq!(client.functions().url().as_str(), "http://127.0.0.1:54321/prefix/functions/v1/");
    /// ```
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The default region of this client's calls ([`Region::Any`] unless set).
    ///
    /// ```
    /// # use supabase_core::{Client, functions::Region};
    /// let client = Client::new("http://h", "k").unwrap();
    /// assert!(client.functions().region().is_any());
    /// ```
    pub fn region(&self) -> &Region {
        &self.region
    }

    /// A copy of this client whose calls run in `region` unless a call picks another
    /// ([`Invoke::region`]). Takes a [`Region`] or its name.
    ///
    /// ```
    /// # use supabase_core::{Client, functions::Region};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let tokyo = client.functions().with_region("ap-northeast-1");
    /// assert_eq!(tokyo.region(), &Region::ApNortheast1);
    /// ```
    #[must_use]
    pub fn with_region(mut self, region: impl Into<Region>) -> Self {
        self.region = region.into();
        self
    }

    /// A copy of this client that sends the header `name: value` with every call (a call's own
    /// header of the same name wins). A bad name or value is reported when a call is sent.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let functions = client.functions().with_header("x-tenant", "acme");
    /// # let _ = functions;
    /// ```
    #[must_use]
    pub fn with_header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = name.as_ref();
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value.as_ref()),
        ) {
            (Ok(n), Ok(v)) => {
                self.headers.insert(n, v);
            }
            _ => {
                self.error
                    .get_or_insert_with(|| format!("invalid header {name:?}"));
            }
        }
        self
    }

    /// A copy of this client that sends `Authorization: Bearer <token>` with every call, instead
    /// of the user's session token or the API key (the Python client's `set_auth`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let functions = client.functions().with_auth("a-user-jwt");
    /// assert!(!format!("{functions:?}").contains("a-user-jwt"));
    /// ```
    #[must_use]
    pub fn with_auth(self, token: impl AsRef<str>) -> Self {
        let value = format!("Bearer {}", token.as_ref());
        self.with_header("authorization", value)
    }
}

/// Header values of `authorization`, `apikey` and similar are redacted.
impl fmt::Debug for FunctionsClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FunctionsClient")
            .field("url", &self.url.as_str())
            .field("region", &self.region)
            .field("headers", &redacted(&self.headers))
            .field("client", &self.client)
            .finish()
    }
}
