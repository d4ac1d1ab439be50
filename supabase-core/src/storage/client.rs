//! `client.storage()`: the Storage client and how its requests are sent.

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};
use serde::de::DeserializeOwned;
use url::Url;

use super::file_api::StorageFileApi;
use super::StorageError;
use crate::telemetry::HttpSpan;
use crate::{Client, Error};

/// The Storage client (`{project}/storage/v1/`): buckets here, objects through
/// [`StorageClient::from_`]. Made by [`Client::storage`]; cheap to make and to clone.
///
/// Every request carries the client's global headers, `apikey`, `X-Client-Info`, and
/// `Authorization: Bearer <user access token or API key>` (unless set globally), and uses the
/// client's timeout. Nothing is retried (uploads may be streams).
///
/// ```
/// use supabase_core::Client;
/// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
/// let storage = client.storage();
/// assert_eq!(storage.url().as_str(), "https://xyz.supabase.co/storage/v1/");
/// ```
#[derive(Clone)]
pub struct StorageClient {
    pub(crate) client: Client,
    pub(crate) url: Url,
}

impl fmt::Debug for StorageClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageClient")
            .field("url", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The Storage client (`{url}storage/v1/`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// use supabase_core::Client;
    /// use supabase_core::storage::{FileOptions, UploadBody};
    ///
    /// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
    /// let avatars = client.storage().from_("avatars");
    /// avatars.upload("me.png", UploadBody::file("me.png"), FileOptions::new().upsert(true)).await?;
    /// let png = avatars.download("me.png", Default::default()).await?;
    /// # let _ = png; Ok(()) }
    /// ```
    pub fn storage(&self) -> StorageClient {
        StorageClient {
            url: self.url().service("storage/v1"),
            client: self.clone(),
        }
    }
}

impl StorageClient {
    /// The Storage base URL, with its trailing slash.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://127.0.0.1:54321/p", "k").unwrap();
    /// assert_eq!(c.storage().url().as_str(), "http://127.0.0.1:54321/p/storage/v1/");
    /// ```
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The object API of one bucket (`storage.from(bucket)` in storage-js).
    ///
    /// A bad bucket id (empty, with `/`, `.` or `..`) is reported by each call.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let avatars = c.storage().from_("avatars");
    /// assert_eq!(avatars.bucket_id(), "avatars");
    /// ```
    pub fn from_(&self, bucket: impl Into<String>) -> StorageFileApi {
        StorageFileApi {
            storage: self.clone(),
            bucket: bucket.into(),
        }
    }

    /// `{base}{relative}`; `relative` is already percent-encoded.
    pub(crate) fn endpoint(&self, relative: &str) -> Result<Url, Error> {
        let text = format!("{}{relative}", self.url.as_str());
        Url::parse(&text).map_err(|e| Error::InvalidUrl {
            url: text,
            reason: e.to_string(),
        })
    }

    /// The base URL without its trailing slash, as storage-js keeps it.
    pub(crate) fn base_without_slash(&self) -> &str {
        self.url.as_str().trim_end_matches('/')
    }

    /// Sends a request; a non-2xx answer becomes [`Error::Storage`].
    ///
    /// Header order, later winning: the client's static headers, then `headers`; then
    /// `Authorization` unless one is set by then.
    pub(crate) async fn send(
        &self,
        method: Method,
        url: Url,
        headers: HeaderMap,
        body: Option<reqwest::Body>,
    ) -> Result<reqwest::Response, Error> {
        let mut all = self.client.static_headers().clone();
        for (name, value) in &headers {
            all.insert(name.clone(), value.clone());
        }
        self.client.add_authorization(&mut all).await?;
        crate::redact::mark_sensitive(&mut all);
        let mut span = HttpSpan::new("storage", &method, &url, 0);
        let mut builder = self.client.http().request(method, url).headers(all);
        if let Some(body) = body {
            builder = builder.body(body);
        }
        if let Some(timeout) = self.client.default_timeout() {
            builder = builder.timeout(timeout);
        }
        let response = span.send(builder).await.map_err(Error::from_reqwest)?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response.bytes().await.map_err(|err| {
            span.body_failed(&err);
            Error::from_reqwest(err)
        })?;
        let err = StorageError::from_response(status.as_u16(), &body);
        span.error_code(err.code.as_deref().unwrap_or(&err.status_code));
        Err(Error::Storage(err))
    }

    /// Sends a request with an optional JSON body and decodes the JSON answer.
    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<&serde_json::Value>,
        mut headers: HeaderMap,
    ) -> Result<T, Error> {
        let body = match body {
            Some(value) => {
                headers.insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                Some(reqwest::Body::from(
                    serde_json::to_vec(value).map_err(Error::Serialize)?,
                ))
            }
            None => None,
        };
        let response = self.send(method, url, headers, body).await?;
        decode_json(response).await
    }
}

impl StorageClient {
    /// Sends `body` serialized straight to JSON and decodes the JSON answer into `T` in one
    /// pass (no intermediate `Value`).
    pub(crate) async fn send_serialized<B: serde::Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: &B,
    ) -> Result<T, Error> {
        let response = self.send_serialized_response(method, url, body).await?;
        decode_json(response).await
    }

    /// Sends `body` serialized to JSON; the success response is returned unread.
    pub(crate) async fn send_serialized_response<B: serde::Serialize + ?Sized>(
        &self,
        method: Method,
        url: Url,
        body: &B,
    ) -> Result<reqwest::Response, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let bytes = serde_json::to_vec(body).map_err(Error::Serialize)?;
        self.send(method, url, headers, Some(reqwest::Body::from(bytes)))
            .await
    }
}

/// Reads a success response and decodes it; the raw body is kept when decoding fails.
pub(crate) async fn decode_json<T: DeserializeOwned>(
    response: reqwest::Response,
) -> Result<T, Error> {
    let status = response.status().as_u16();
    let bytes: Bytes = response.bytes().await.map_err(Error::from_reqwest)?;
    serde_json::from_slice(&bytes).map_err(|source| Error::Decode {
        source,
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}
