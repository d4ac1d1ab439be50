//! Signed URLs, signed upload URLs and public URLs: their options and results.

use crate::redact::{Redacted, ScrubbedUrl};
use serde::{Deserialize, Serialize};

use super::path::{encode_key, encode_query_text};
use super::transform::TransformOptions;

/// Options of `create_signed_url`, `create_signed_urls` and `get_public_url`: a download
/// file name, an image transformation, a cache nonce.
///
/// ```
/// use supabase_core::storage::{TransformOptions, UrlOptions};
/// let o = UrlOptions::new().download_as("report.pdf").cache_nonce("v2");
/// let t = UrlOptions::new().transform(TransformOptions::new().width(100));
/// # let _ = (o, t);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct UrlOptions {
    pub(crate) download: Option<String>,
    pub(crate) transform: Option<TransformOptions>,
    pub(crate) cache_nonce: Option<String>,
}

impl UrlOptions {
    /// Nothing set.
    ///
    /// ```
    /// # use supabase_core::storage::UrlOptions;
    /// assert_eq!(UrlOptions::new(), UrlOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Make the URL download the object (`download=`, the object's own name) or not.
    ///
    /// ```
    /// # use supabase_core::storage::UrlOptions;
    /// let o = UrlOptions::new().download(true);
    /// # let _ = o;
    /// ```
    pub fn download(mut self, download: bool) -> Self {
        self.download = download.then(String::new);
        self
    }

    /// Make the URL download the object under this file name (`download=<name>`).
    ///
    /// ```
    /// # use supabase_core::storage::UrlOptions;
    /// let o = UrlOptions::new().download_as("a.png");
    /// # let _ = o;
    /// ```
    pub fn download_as(mut self, file_name: impl Into<String>) -> Self {
        self.download = Some(file_name.into());
        self
    }

    /// Serve a transformed image (`/render/image/...`). Not allowed for `create_signed_urls`.
    ///
    /// ```
    /// # use supabase_core::storage::{TransformOptions, UrlOptions};
    /// let o = UrlOptions::new().transform(TransformOptions::new().height(32));
    /// # let _ = o;
    /// ```
    pub fn transform(mut self, transform: TransformOptions) -> Self {
        self.transform = Some(transform);
        self
    }

    /// A `cacheNonce` query value to bypass caches.
    ///
    /// ```
    /// # use supabase_core::storage::UrlOptions;
    /// let o = UrlOptions::new().cache_nonce("1700000000");
    /// # let _ = o;
    /// ```
    pub fn cache_nonce(mut self, nonce: impl Into<String>) -> Self {
        self.cache_nonce = Some(nonce.into());
        self
    }

    pub(crate) fn non_empty_transform(&self) -> Option<&TransformOptions> {
        self.transform.as_ref().filter(|t| !t.is_empty())
    }
}

/// A signed URL made by `create_signed_url`.
///
/// ```
/// use supabase_core::storage::SignedUrl;
/// let s = SignedUrl { path: "a.txt".into(), signed_url: "https://h/storage/v1/object/sign/b/a.txt?token=t".into() };
/// assert!(s.signed_url.contains("token="));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedUrl {
    /// The object key it was made for.
    pub path: String,
    /// The absolute URL, readable without a token until it expires.
    pub signed_url: String,
}

/// One entry of `create_signed_urls`: a URL, or the server's error for that path.
///
/// ```
/// use supabase_core::storage::SignedUrlResult;
/// let r = SignedUrlResult { path: Some("x".into()), signed_url: None, error: Some("not found".into()) };
/// assert!(r.signed_url.is_none());
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedUrlResult {
    /// The object key, as the server echoed it.
    pub path: Option<String>,
    /// The absolute URL; `None` when the server gave none.
    pub signed_url: Option<String>,
    /// The server's error for this path, if any.
    pub error: Option<String>,
}

/// The server's entry in a `create_signed_urls` answer.
#[derive(Deserialize)]
pub(crate) struct RawSignedUrlEntry {
    #[serde(default)]
    pub(crate) error: Option<String>,
    #[serde(default)]
    pub(crate) path: Option<String>,
    #[serde(default, rename = "signedURL")]
    pub(crate) signed_url: Option<String>,
}

/// A signed upload URL made by `create_signed_upload_url`.
///
/// ```
/// use supabase_core::storage::SignedUploadUrl;
/// let s = SignedUploadUrl { signed_url: "https://h/storage/v1/object/upload/sign/b/a?token=t".into(), token: "t".into(), path: "a".into() };
/// assert!(s.signed_url.ends_with(&s.token));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedUploadUrl {
    /// The absolute URL to `PUT` the object to.
    pub signed_url: String,
    /// The token, for [`StorageFileApi::upload_to_signed_url`](super::StorageFileApi::upload_to_signed_url).
    pub token: String,
    /// The object key.
    pub path: String,
}

/// Options of `create_signed_upload_url`.
///
/// ```
/// use supabase_core::storage::SignedUploadOptions;
/// let o = SignedUploadOptions::new().upsert(true);
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[must_use]
pub struct SignedUploadOptions {
    pub(crate) upsert: bool,
}

impl SignedUploadOptions {
    /// No upsert.
    ///
    /// ```
    /// # use supabase_core::storage::SignedUploadOptions;
    /// assert_eq!(SignedUploadOptions::new(), SignedUploadOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Let the signed URL overwrite an existing object (`x-upsert: true` when signing).
    ///
    /// ```
    /// # use supabase_core::storage::SignedUploadOptions;
    /// let o = SignedUploadOptions::new().upsert(true);
    /// # let _ = o;
    /// ```
    pub fn upsert(mut self, upsert: bool) -> Self {
        self.upsert = upsert;
        self
    }
}

/// Makes the absolute URL from a server-relative signed URL (`/object/sign/b/k?token=T`).
///
/// The server writes the key into that URL as it is. storage-js runs `encodeURI` over the
/// whole URL; this client percent-encodes each path segment instead (so `#`, `?` and `%` in
/// keys survive) and keeps the query, escaping only what a query may not hold. `extra` pairs
/// are appended with `&` (or `?` when the server URL had no query), form-encoded.
pub(crate) fn absolute_signed_url(base: &str, server_url: &str, extra: &[(&str, &str)]) -> String {
    // The token is the last query; a `?` in the key comes before it.
    let (path, query) = match server_url.rfind("?token=") {
        Some(i) => (&server_url[..i], Some(&server_url[i + 1..])),
        None => match server_url.rfind('?') {
            Some(i) => (&server_url[..i], Some(&server_url[i + 1..])),
            None => (server_url, None),
        },
    };
    let mut url = format!("{base}{}", encode_key(path));
    let mut has_query = false;
    if let Some(q) = query {
        url.push('?');
        url.push_str(&encode_query_text(q));
        has_query = true;
    }
    if !extra.is_empty() {
        url.push(if has_query { '&' } else { '?' });
        url.push_str(&form_pairs(extra));
    }
    url
}

/// `a=1&b=x+y`: `application/x-www-form-urlencoded`, as `URLSearchParams`.
pub(crate) fn form_pairs(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The query pairs storage-js appends to a signed URL: `download`, then `cacheNonce`.
pub(crate) fn signed_url_extra(options: &UrlOptions) -> Vec<(&'static str, &str)> {
    let mut extra = Vec::new();
    if let Some(d) = &options.download {
        extra.push(("download", d.as_str()));
    }
    if let Some(n) = &options.cache_nonce {
        extra.push(("cacheNonce", n.as_str()));
    }
    extra
}

/// Reads `token` from the query of a server-relative URL.
pub(crate) fn token_of(server_url: &str) -> Option<String> {
    let query = &server_url[server_url.rfind('?')? + 1..];
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
        .filter(|t| !t.is_empty())
}

/// The URL's `token` is the credential: it is shown as `<redacted>`.
impl std::fmt::Debug for SignedUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedUrl")
            .field("path", &self.path)
            .field("signed_url", &ScrubbedUrl(&self.signed_url))
            .finish()
    }
}

impl std::fmt::Debug for SignedUrlResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedUrlResult")
            .field("path", &self.path)
            .field("signed_url", &self.signed_url.as_deref().map(ScrubbedUrl))
            .field("error", &self.error)
            .finish()
    }
}

impl std::fmt::Debug for RawSignedUrlEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawSignedUrlEntry")
            .field("error", &self.error)
            .field("path", &self.path)
            .field("signed_url", &self.signed_url.as_deref().map(ScrubbedUrl))
            .finish()
    }
}

impl std::fmt::Debug for SignedUploadUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedUploadUrl")
            .field("signed_url", &ScrubbedUrl(&self.signed_url))
            .field("token", &Redacted)
            .field("path", &self.path)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_url_encodes_path_and_appends_with_ampersand() {
        let u = absolute_signed_url(
            "http://h/storage/v1",
            "/object/sign/b/a b/c#?d.png?token=x.y_z",
            &[("download", "my file.png")],
        );
        assert_eq!(
            u,
            "http://h/storage/v1/object/sign/b/a%20b/c%23%3Fd.png?token=x.y_z&download=my+file.png"
        );
        assert_eq!(
            token_of("/object/upload/sign/b/k?token=abc").as_deref(),
            Some("abc")
        );
        assert_eq!(token_of("/object/upload/sign/b/k"), None);
    }
}
