//! `functions.invoke(name)`: the builder of one Edge Function call.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde::Serialize;
use url::Url;

use super::body::Body;
use super::client::FunctionsClient;
use super::headers::{overlay, redacted};
use super::region::Region;
use crate::Error;

/// The query parameter that pins a call to a region (sent with `x-region`).
const REGION_PARAM: &str = "forceFunctionRegion";

/// One Edge Function call, built step by step and sent with one of the `send*` methods. Made by
/// [`FunctionsClient::invoke`].
///
/// Defaults: method POST, no body, the client's region, the client's timeout (none unless set
/// on the [`Client`](crate::Client)). A bad argument (header, method) is kept and returned by
/// the `send*` method; nothing panics. A call is never retried: functions may have side effects.
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// use std::time::Duration;
/// use supabase_core::Client;
/// use supabase_core::functions::Region;
///
/// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
/// let reply: serde_json::Value = client
///     .functions()
///     .invoke("orders")
///     .method(http::Method::PUT)
///     .header("x-request-id", "42")
///     .region(Region::UsEast1)
///     .timeout(Duration::from_secs(10))
///     .body(serde_json::json!({ "id": 1, "qty": 3 }))
///     .send()
///     .await?
///     .data;
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until one of the send methods is awaited"]
pub struct Invoke {
    functions: FunctionsClient,
    name: String,
    method: Method,
    body: Option<Body>,
    headers: HeaderMap,
    query: Vec<(String, String)>,
    region: Option<Region>,
    timeout: Option<Duration>,
    error: Option<Error>,
}

/// A call ready to go on the wire.
pub(crate) struct Prepared {
    pub(crate) http: reqwest::Client,
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
    pub(crate) timeout: Option<Duration>,
}

impl Invoke {
    pub(crate) fn new(functions: FunctionsClient, name: String) -> Self {
        Invoke {
            functions,
            name,
            method: Method::POST,
            body: None,
            headers: HeaderMap::new(),
            query: Vec::new(),
            region: None,
            timeout: None,
            error: None,
        }
    }

    fn keep_error(&mut self, err: Error) {
        self.error.get_or_insert(err);
    }

    /// Sends `value` as JSON. Content-Type `application/json` unless the call sets its own
    /// Content-Type, in which case the JSON text is sent under that type (as functions-js does).
    /// A value that cannot be serialized is an [`Error::Serialize`] from the `send*` method.
    ///
    /// Unlike functions-js, a JSON `null`, `0` or `false` is sent too (JS drops falsy bodies);
    /// to send no body, do not call a `body*` method.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// #[derive(serde::Serialize)]
    /// struct Order { id: u32, qty: u32 }
    /// let res = client.functions().invoke("orders").body(Order { id: 1, qty: 3 }).send_text().await?;
    /// # Ok(()) }
    /// ```
    pub fn body<T: Serialize>(mut self, value: T) -> Self {
        match serde_json::to_vec(&value) {
            Ok(json) => self.body = Some(Body::Json(Bytes::from(json))),
            Err(err) => self.keep_error(Error::Serialize(err)),
        }
        self
    }

    /// Sends raw bytes. Content-Type `application/octet-stream` unless the call sets its own
    /// (set one for multipart: build the `multipart/form-data` body yourself and pass its
    /// `boundary` in the header).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let png: Vec<u8> = std::fs::read("cat.png").unwrap_or_default();
    /// let res = client.functions().invoke("thumbnail")
    ///     .header("content-type", "image/png")
    ///     .body_bytes(png)
    ///     .send_bytes()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn body_bytes(mut self, bytes: impl Into<Bytes>) -> Self {
        self.body = Some(Body::Bytes(bytes.into()));
        self
    }

    /// Sends text as UTF-8. Content-Type `text/plain` unless the call sets its own.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let res = client.functions().invoke("shout").body_text("hello").send_text().await?;
    /// # Ok(()) }
    /// ```
    pub fn body_text(mut self, text: impl Into<String>) -> Self {
        self.body = Some(Body::Text(Bytes::from(text.into())));
        self
    }

    /// Sends form fields as `application/x-www-form-urlencoded` (`a=1&b=x+y`), with that
    /// Content-Type unless the call sets its own.
    ///
    /// This is the Rust stand-in for passing a `FormData`: the crate does not build multipart
    /// bodies here (for files, send `multipart/form-data` bytes yourself with
    /// [`Invoke::body_bytes`] and a Content-Type header carrying the boundary).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let res = client.functions().invoke("contact")
    ///     .body_form([("name", "Ada"), ("message", "hi & bye")])
    ///     .send_text()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn body_form<I, K, V>(mut self, fields: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        self.body = Some(Body::form(fields));
        self
    }

    /// The HTTP method: POST (the default), GET, PUT, PATCH or DELETE. Any other method is an
    /// [`Error::InvalidArgument`] when the call is sent, and so is a body on a GET.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let items: Vec<serde_json::Value> = client.functions().invoke("items")
    ///     .method(http::Method::GET)
    ///     .send()
    ///     .await?
    ///     .data;
    /// # Ok(()) }
    /// ```
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sets a header of this call; it wins over the client's headers of the same name (including
    /// `Authorization`, `apikey` and `Content-Type`). A bad name or value is an
    /// [`Error::InvalidArgument`] when the call is sent.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let call = client.functions().invoke("f").header("x-custom", "1");
    /// # let _ = call;
    /// ```
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = name.as_ref();
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value.as_ref()),
        ) {
            (Ok(n), Ok(v)) => {
                let v = crate::redact::sensitive(&n, v);
                self.headers.insert(n, v);
            }
            _ => self.keep_error(Error::InvalidArgument(format!(
                "invalid header {name:?} for edge function call"
            ))),
        }
        self
    }

    /// Sets several headers of this call at once (same rules as [`Invoke::header`]).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("x-a", http::HeaderValue::from_static("1"));
    /// let client = Client::new("http://h", "k").unwrap();
    /// let call = client.functions().invoke("f").headers(headers);
    /// # let _ = call;
    /// ```
    pub fn headers(mut self, headers: HeaderMap) -> Self {
        overlay(&mut self.headers, &headers);
        crate::redact::mark_sensitive(&mut self.headers);
        self
    }

    /// Adds a query parameter (`?key=value`, percent-encoded).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let call = client.functions().invoke("search").query("q", "a b&c");
    /// assert_eq!(call.url().unwrap().query(), Some("q=a+b%26c"));
    /// ```
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Runs the call in `region` (a [`Region`] or its name), overriding the client's default.
    /// Any region but [`Region::Any`] is sent as header `x-region` and query parameter
    /// `forceFunctionRegion`; `Region::Any` sends neither, even when the client has a region.
    ///
    /// ```
    /// # use supabase_core::{Client, functions::Region};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let call = client.functions().invoke("f").region(Region::EuWest1);
    /// assert_eq!(call.url().unwrap().as_str(), "http://h/functions/v1/f?forceFunctionRegion=eu-west-1");
    /// ```
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Aborts the call after `timeout` (covering the whole response, body and stream included);
    /// the `send*` method then returns [`Error::Timeout`]. Overrides the client's timeout.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use std::time::Duration;
    /// let res = client.functions().invoke("slow").timeout(Duration::from_secs(2)).send_text().await;
    /// if let Err(err) = &res { assert!(err.is_timeout() || err.is_network() || err.status().is_some()); }
    /// # Ok(()) }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The region this call will use: its own, else the client's.
    fn effective_region(&self) -> &Region {
        self.region.as_ref().unwrap_or(&self.functions.region)
    }

    /// The URL this call will be sent to: the encoded function name, the query parameters, and
    /// `forceFunctionRegion` when a region is set. A bad function name is an error.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let functions = client.functions().with_region("us-west-1");
    /// let url = functions.invoke("api/users").query("page", "2").url().unwrap();
    /// assert_eq!(url.as_str(), "https://xyz.supabase.co/functions/v1/api/users?page=2&forceFunctionRegion=us-west-1");
    /// assert!(functions.invoke("../admin").url().is_err());
    /// assert!(functions.invoke("").url().is_err());
    /// ```
    pub fn url(&self) -> Result<Url, Error> {
        let bad =
            |why: &str| Error::InvalidArgument(format!("edge function name {:?} {why}", self.name));
        if self.name.is_empty() {
            return Err(bad("is empty"));
        }
        let segments: Vec<&str> = self.name.split('/').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(bad(
                "has an empty path part (leading, trailing or double `/`)",
            ));
        }
        if segments.iter().any(|s| *s == "." || *s == "..") {
            return Err(bad("has a `.` or `..` path part"));
        }
        let mut url = self.functions.url.clone();
        url.path_segments_mut()
            .map_err(|()| bad("cannot be joined to the functions url"))?
            .pop_if_empty()
            .extend(&segments);
        let region = self.effective_region();
        let mut pairs: Vec<(&str, &str)> = self
            .query
            .iter()
            .filter(|(k, _)| region.is_any() || k != REGION_PARAM)
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if !region.is_any() {
            pairs.push((REGION_PARAM, region.as_str()));
        }
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        Ok(url)
    }

    /// Checks the arguments and resolves the headers (this is where the token is read).
    pub(crate) async fn prepare(&mut self) -> Result<Prepared, Error> {
        if let Some(err) = self.error.take() {
            return Err(err);
        }
        if let Some(message) = &self.functions.error {
            return Err(Error::InvalidArgument(message.clone()));
        }
        let allowed = [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ];
        if !allowed.contains(&self.method) {
            return Err(Error::InvalidArgument(format!(
                "edge functions are called with GET, POST, PUT, PATCH or DELETE, not {}",
                self.method
            )));
        }
        if self.method == Method::GET && self.body.is_some() {
            return Err(Error::InvalidArgument(
                "a GET edge function call cannot carry a body".into(),
            ));
        }
        let url = self.url()?;

        // Later layers win: automatic headers, client headers, functions-client headers, call.
        let mut headers = HeaderMap::new();
        if !self.headers.contains_key(CONTENT_TYPE) {
            if let Some(content_type) = self.body.as_ref().and_then(Body::auto_content_type) {
                headers.insert(CONTENT_TYPE, content_type);
            }
        }
        let region = self.effective_region();
        if !region.is_any() {
            let value = HeaderValue::from_str(region.as_str()).map_err(|_| {
                Error::InvalidArgument(format!("invalid region {:?}", region.as_str()))
            })?;
            headers.insert(HeaderName::from_static("x-region"), value);
        }
        let client = &self.functions.client;
        overlay(&mut headers, client.static_headers());
        overlay(&mut headers, &self.functions.headers);
        overlay(&mut headers, &self.headers);
        if !headers.contains_key(AUTHORIZATION) {
            let token = match client.user_token().await {
                Some(token) => Some(token),
                None if is_new_format_key(client.key()) => None,
                None => Some(client.key().to_owned()),
            };
            if let Some(token) = token {
                let value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                    Error::InvalidArgument("the access token is not a valid header value".into())
                })?;
                headers.insert(AUTHORIZATION, value);
            }
        }

        Ok(Prepared {
            http: client.http().clone(),
            method: self.method.clone(),
            url,
            headers,
            body: self.body.as_ref().map(Body::bytes),
            timeout: self.timeout.or_else(|| client.default_timeout()),
        })
    }
}

/// New-format API keys are not JWTs and are never sent as `Authorization: Bearer`.
fn is_new_format_key(key: &str) -> bool {
    key.starts_with("sb_publishable_") || key.starts_with("sb_secret_")
}

/// Credentials (`Authorization`, `apikey`, …) are redacted and the body shows only its size.
impl fmt::Debug for Invoke {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Invoke")
            .field("name", &self.name)
            .field("method", &self.method)
            .field("region", &self.effective_region())
            .field("headers", &redacted(&self.headers))
            .field("query", &self.query)
            .field("body", &self.body)
            .field("timeout", &self.timeout)
            .field("functions", &self.functions)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Client;

    fn call(name: &str) -> Invoke {
        Client::new("http://h", "k")
            .map(|c| c.functions().invoke(name))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn names_are_encoded_per_segment() {
        let url = call("a b/ü/%41#x").url().map(|u| u.to_string());
        assert_eq!(
            url.ok().as_deref(),
            Some("http://h/functions/v1/a%20b/%C3%BC/%2541%23x")
        );
    }

    #[test]
    fn bad_names_are_refused() {
        for name in ["", "/f", "f/", "a//b", ".", "..", "f/../g"] {
            assert!(call(name).url().is_err(), "{name:?}");
        }
    }

    #[test]
    fn call_region_any_overrides_client_region() {
        let client = Client::new("http://h", "k").unwrap_or_else(|e| panic!("{e}"));
        let call = client
            .functions()
            .with_region(Region::UsEast1)
            .invoke("f")
            .query(REGION_PARAM, "ignored")
            .region(Region::Any);
        assert_eq!(
            call.url().map(|u| u.to_string()).ok().as_deref(),
            Some("http://h/functions/v1/f?forceFunctionRegion=ignored")
        );
    }

    #[test]
    fn new_format_keys() {
        assert!(is_new_format_key("sb_publishable_abc"));
        assert!(is_new_format_key("sb_secret_abc"));
        assert!(!is_new_format_key("sb_temp_abc"));
        assert!(!is_new_format_key("eyJhbGciOiJIUzI1NiJ9.e30.x"));
    }

    #[test]
    fn debug_redacts_credentials() {
        let text = format!(
            "{:?}",
            call("f")
                .header("authorization", "Bearer tok3n")
                .header("apikey", "k3y")
                .body_text("pa55word")
        );
        for secret in ["tok3n", "k3y", "pa55word"] {
            assert!(!text.contains(secret), "{text}");
        }
    }
}
