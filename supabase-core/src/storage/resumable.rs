//! Resumable uploads over TUS 1.0, at `{storage}/upload/resumable`.
//!
//! The upload is created with a `POST` carrying `Upload-Length` and the `Upload-Metadata`
//! Supabase Storage reads (`bucketName`, `objectName`, `contentType`, `cacheControl`, and
//! `metadata` as JSON), then the bytes go in `PATCH` requests of one chunk each, each naming
//! the `Upload-Offset` it starts at. Every request carries `Tus-Resumable: 1.0.0` and
//! `x-upsert` (Storage checks the right to write on each of them). Supabase Storage wants
//! chunks of exactly 6 MiB (the last may be shorter): [`RESUMABLE_CHUNK_SIZE`].
//!
//! A chunk is streamed from the source as it is sent, so memory use does not grow with the
//! file. When a connection drops, or the server answers that the upload is busy or the offset
//! is not where it is, the client asks the server for its offset (`HEAD`) and goes on from
//! there; TUS makes this safe, because the server refuses bytes that do not start at its
//! offset, so nothing is written twice. The upload URL can be stored and the upload resumed
//! by another process ([`ResumableOptions::upload_url`]).

use crate::redact::ScrubbedUrl;
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue, Method};
use url::Url;

use super::client::StorageClient;
use super::file_api::StorageFileApi;
use super::path::{bucket_id, object_key, Tidy};
use super::progress::{Counted, Progress};
use super::resumable_options::ResumableOptions;
use super::resumable_source::{PauseHandle, ResumableSource};
use crate::Error;

/// The result of a finished resumable upload.
///
/// ```
/// use supabase_core::storage::ResumableResult;
/// # fn show(r: ResumableResult) {
/// println!("{} ({} bytes) via {}", r.full_path, r.size, r.upload_url);
/// # }
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResumableResult {
    /// The object key.
    pub path: String,
    /// `bucket/key`.
    pub full_path: String,
    /// The upload's URL.
    pub upload_url: String,
    /// Bytes stored.
    pub size: u64,
}

/// A resumable upload in progress: made by [`StorageFileApi::resumable_upload`], driven by
/// [`ResumableUpload::finish`] (or chunk by chunk with [`ResumableUpload::send_chunk`]).
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
/// use supabase_core::storage::{ResumableOptions, ResumableSource};
/// let videos = client.storage().from_("videos");
/// let mut upload = videos
///     .resumable_upload("raw/day1.mp4", ResumableSource::file("day1.mp4"), ResumableOptions::new())
///     .await?;
/// std::fs::write("day1.upload-url", upload.url()).ok(); // to resume after a restart
/// while !upload.send_chunk().await? {
///     println!("{} / {}", upload.offset(), upload.len());
/// }
/// # Ok(()) }
/// ```
pub struct ResumableUpload {
    storage: StorageClient,
    path: String,
    full_path: String,
    url: Url,
    offset: u64,
    len: u64,
    source: ResumableSource,
    chunk_size: u64,
    upsert: bool,
    retries: u32,
    retry_delay: Duration,
    progress: Option<Progress>,
    pause: Option<PauseHandle>,
}

impl StorageFileApi {
    /// Uploads a file of any size in 6 MiB chunks over TUS, resuming by itself after dropped
    /// connections, with progress and pause (see [`ResumableOptions`]); the same as
    /// [`StorageFileApi::resumable_upload`] then [`ResumableUpload::finish`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::{Progress, ResumableOptions, ResumableSource};
    /// let done = client.storage().from_("videos")
    ///     .upload_resumable("raw/day1.mp4", ResumableSource::file("day1.mp4"),
    ///         ResumableOptions::new()
    ///             .content_type("video/mp4")
    ///             .on_progress(Progress::new(|p| {
    ///                 println!("{:.1} %", 100.0 * p.fraction().unwrap_or(0.0));
    ///             })))
    ///     .await?;
    /// println!("stored {} ({} bytes)", done.full_path, done.size);
    /// # Ok(()) }
    /// ```
    pub async fn upload_resumable(
        &self,
        path: &str,
        source: impl Into<ResumableSource>,
        options: ResumableOptions,
    ) -> Result<ResumableResult, Error> {
        self.resumable_upload(path, source, options)
            .await?
            .finish()
            .await
    }

    /// Creates a resumable upload (`POST {storage}/upload/resumable`), or with
    /// [`ResumableOptions::upload_url`] picks up an existing one at the offset the server
    /// reports (`HEAD`). Nothing of the body is sent yet.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::{ResumableOptions, ResumableSource};
    /// let docs = client.storage().from_("docs");
    /// // A later run of the program, with the URL an earlier run stored:
    /// let url = std::fs::read_to_string("big.upload-url").unwrap_or_default();
    /// let upload = docs
    ///     .resumable_upload("big.bin", ResumableSource::file("big.bin"), ResumableOptions::new().upload_url(url))
    ///     .await?;
    /// println!("resuming at byte {}", upload.offset());
    /// upload.finish().await?;
    /// # Ok(()) }
    /// ```
    pub async fn resumable_upload(
        &self,
        path: &str,
        source: impl Into<ResumableSource>,
        mut options: ResumableOptions,
    ) -> Result<ResumableUpload, Error> {
        if let Some(e) = options.error.take() {
            return Err(e);
        }
        let bucket = bucket_id(&self.bucket)?;
        let key = object_key(path, Tidy::Clean)?;
        let source = source.into();
        let len = source.len().await?;
        let mut upload = ResumableUpload {
            storage: self.storage.clone(),
            full_path: format!("{bucket}/{key}"),
            path: key,
            url: self.storage.endpoint("upload/resumable")?,
            offset: 0,
            len,
            chunk_size: options.chunk_size,
            upsert: options.upsert,
            retries: options.retries,
            retry_delay: options.retry_delay,
            progress: options.progress.clone(),
            pause: options.pause.clone(),
            source,
        };
        match options.upload_url.as_deref() {
            Some(stored) => {
                upload.url = upload
                    .storage
                    .url()
                    .join(stored)
                    .map_err(|e| Error::InvalidUrl {
                        url: crate::redact::scrub_url_text(stored),
                        reason: e.to_string(),
                    })?;
                upload.refresh_offset().await?;
            }
            None => {
                let content_type = options
                    .content_type
                    .clone()
                    .unwrap_or_else(|| upload.source.default_content_type().to_owned());
                let metadata = options.upload_metadata(bucket, &upload.path, &content_type)?;
                let mut headers = upload.tus_headers();
                headers.insert(
                    HeaderName::from_static("upload-length"),
                    HeaderValue::from(len),
                );
                headers.insert(
                    HeaderName::from_static("upload-metadata"),
                    HeaderValue::from_str(&metadata).map_err(|_| {
                        Error::InvalidArgument("invalid Upload-Metadata header value".into())
                    })?,
                );
                let response = upload
                    .storage
                    .send(
                        Method::POST,
                        upload.url.clone(),
                        headers,
                        Some(reqwest::Body::from(Vec::new())),
                    )
                    .await?;
                let location = header_text(response.headers(), "location").ok_or_else(|| {
                    protocol_error(response.status().as_u16(), "the server sent no Location")
                })?;
                upload.url = upload.url.join(&location).map_err(|e| Error::InvalidUrl {
                    url: crate::redact::scrub_url_text(&location),
                    reason: e.to_string(),
                })?;
            }
        }
        Ok(upload)
    }
}

impl ResumableUpload {
    /// The upload's URL: store it to resume from another process
    /// ([`ResumableOptions::upload_url`]).
    ///
    /// ```no_run
    /// # async fn run(upload: supabase_core::storage::ResumableUpload) {
    /// println!("{}", upload.url());
    /// # }
    /// ```
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// Bytes the server has (as last confirmed).
    ///
    /// ```no_run
    /// # async fn run(upload: supabase_core::storage::ResumableUpload) {
    /// println!("{} of {}", upload.offset(), upload.len());
    /// # }
    /// ```
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The whole size.
    ///
    /// ```no_run
    /// # async fn run(upload: supabase_core::storage::ResumableUpload) {
    /// println!("{} bytes", upload.len());
    /// # }
    /// ```
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the object is empty (nothing to send after creation).
    ///
    /// ```no_run
    /// # async fn run(upload: supabase_core::storage::ResumableUpload) {
    /// assert_eq!(upload.is_empty(), upload.len() == 0);
    /// # }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the server has every byte.
    ///
    /// ```no_run
    /// # async fn run(upload: supabase_core::storage::ResumableUpload) {
    /// if upload.is_complete() { println!("done"); }
    /// # }
    /// ```
    pub fn is_complete(&self) -> bool {
        self.offset >= self.len
    }

    fn tus_headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            HeaderName::from_static("tus-resumable"),
            HeaderValue::from_static("1.0.0"),
        );
        headers.insert(
            HeaderName::from_static("x-upsert"),
            HeaderValue::from_static(if self.upsert { "true" } else { "false" }),
        );
        headers
    }

    /// Asks the server for its offset (`HEAD`) and continues from there.
    ///
    /// ```no_run
    /// # async fn run(mut upload: supabase_core::storage::ResumableUpload) -> Result<(), supabase_core::Error> {
    /// let at = upload.refresh_offset().await?;
    /// println!("the server has {at} bytes");
    /// # Ok(()) }
    /// ```
    pub async fn refresh_offset(&mut self) -> Result<u64, Error> {
        let response = self
            .storage
            .send(Method::HEAD, self.url.clone(), self.tus_headers(), None)
            .await?;
        let status = response.status().as_u16();
        let offset = header_u64(response.headers(), "upload-offset")
            .ok_or_else(|| protocol_error(status, "the server sent no Upload-Offset"))?;
        if let Some(length) = header_u64(response.headers(), "upload-length") {
            if length != self.len {
                return Err(Error::InvalidArgument(format!(
                    "the upload at {} is {length} bytes long, the source {} bytes: not the same file",
                    self.url, self.len
                )));
            }
        }
        if offset > self.len {
            return Err(protocol_error(
                status,
                "the server's offset is past the end",
            ));
        }
        self.offset = offset;
        if let Some(p) = &self.progress {
            p.report(offset, Some(self.len));
        }
        Ok(offset)
    }

    /// Sends the next chunk (`PATCH`) and returns whether the upload is complete. A dropped
    /// connection, a busy upload (423) or an offset conflict (409) is resumed from the
    /// server's offset, up to the configured number of retries in a row.
    ///
    /// ```no_run
    /// # async fn run(mut upload: supabase_core::storage::ResumableUpload) -> Result<(), supabase_core::Error> {
    /// while !upload.send_chunk().await? {}
    /// # Ok(()) }
    /// ```
    pub async fn send_chunk(&mut self) -> Result<bool, Error> {
        if self.is_complete() {
            return Ok(true);
        }
        let mut failures = 0;
        loop {
            match self.patch_once().await {
                Ok(()) => return Ok(self.is_complete()),
                Err(e) if failures < self.retries && resumable(&e) => {
                    failures += 1;
                    crate::telemetry::event!(
                        tracing::Level::INFO,
                        storage.object = self.full_path.as_str(),
                        storage.upload.offset = self.offset,
                        attempt = failures,
                        delay_ms = self.retry_delay.as_millis() as u64,
                        "error.type" = e
                            .status()
                            .map(|s| s.to_string())
                            .unwrap_or_else(|| "network".into()),
                        "resumable upload chunk failed; resuming"
                    );
                    tokio::time::sleep(self.retry_delay).await;
                    // The HEAD may fail too (the server still down): that counts as a try.
                    loop {
                        match self.refresh_offset().await {
                            Ok(_) => break,
                            Err(e) if failures < self.retries && resumable(&e) => {
                                failures += 1;
                                tokio::time::sleep(self.retry_delay).await;
                            }
                            Err(e) => return Err(e),
                        }
                    }
                    if self.is_complete() {
                        return Ok(true);
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn patch_once(&mut self) -> Result<(), Error> {
        let len = self.chunk_size.min(self.len - self.offset);
        let pieces = self.source.chunk(self.offset, len).await?;
        let body = match &self.progress {
            Some(p) => reqwest::Body::wrap_stream(Counted::new(
                pieces,
                p.clone(),
                self.offset,
                Some(self.len),
            )),
            None => reqwest::Body::wrap_stream(pieces),
        };
        let mut headers = self.tus_headers();
        headers.insert(
            HeaderName::from_static("upload-offset"),
            HeaderValue::from(self.offset),
        );
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/offset+octet-stream"),
        );
        headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(len));
        let response = self
            .storage
            .send(Method::PATCH, self.url.clone(), headers, Some(body))
            .await?;
        let status = response.status().as_u16();
        let offset = header_u64(response.headers(), "upload-offset")
            .ok_or_else(|| protocol_error(status, "the server sent no Upload-Offset"))?;
        if offset <= self.offset || offset > self.len {
            return Err(protocol_error(
                status,
                &format!(
                    "the server answered offset {offset} to {len} bytes sent at {}",
                    self.offset
                ),
            ));
        }
        self.offset = offset;
        crate::telemetry::event!(
            tracing::Level::DEBUG,
            storage.object = self.full_path.as_str(),
            storage.upload.offset = offset,
            storage.upload.size = self.len,
            percent = (offset as f64 * 100.0 / self.len.max(1) as f64).round() as u64,
            "resumable upload progress"
        );
        Ok(())
    }

    /// Sends the rest, waiting while paused (see [`ResumableOptions::pause_handle`]).
    ///
    /// ```no_run
    /// # async fn run(upload: supabase_core::storage::ResumableUpload) -> Result<(), supabase_core::Error> {
    /// let done = upload.finish().await?;
    /// println!("{}", done.full_path);
    /// # Ok(()) }
    /// ```
    pub async fn finish(mut self) -> Result<ResumableResult, Error> {
        loop {
            if let Some(pause) = &self.pause {
                pause.wait_until_running().await;
            }
            if self.send_chunk().await? {
                break;
            }
        }
        Ok(ResumableResult {
            path: self.path,
            full_path: self.full_path,
            upload_url: self.url.to_string(),
            size: self.len,
        })
    }
}

/// Dropped connections, timeouts, a busy upload (423), an offset conflict (409) and gateway
/// errors (502-504) are resumed after asking the server for its offset.
fn resumable(e: &Error) -> bool {
    match e {
        Error::Network(_) | Error::Timeout(_) => true,
        Error::Storage(s) => matches!(s.status, 409 | 423 | 502 | 503 | 504),
        _ => false,
    }
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    header_text(headers, name).and_then(|v| v.trim().parse().ok())
}

fn protocol_error(status: u16, what: &str) -> Error {
    Error::Storage(super::StorageError::from_response(
        status,
        format!("resumable upload: {what}").as_bytes(),
    ))
}

impl std::fmt::Debug for ResumableResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResumableResult")
            .field("path", &self.path)
            .field("full_path", &self.full_path)
            .field("upload_url", &ScrubbedUrl(&self.upload_url))
            .field("size", &self.size)
            .finish()
    }
}

/// The upload URL is shown without the values of token-like query parameters.
impl std::fmt::Debug for ResumableUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResumableUpload")
            .field("storage", &self.storage)
            .field("path", &self.path)
            .field("full_path", &self.full_path)
            .field("url", &ScrubbedUrl(self.url.as_str()))
            .field("offset", &self.offset)
            .field("len", &self.len)
            .field("source", &self.source)
            .field("chunk_size", &self.chunk_size)
            .field("upsert", &self.upsert)
            .field("retries", &self.retries)
            .field("retry_delay", &self.retry_delay)
            .field("progress", &self.progress)
            .field("pause", &self.pause)
            .finish()
    }
}
