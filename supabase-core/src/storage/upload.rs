//! Upload bodies and upload options.
//!
//! Every body is sent raw (storage-js rule 3 of the fact sheet §3.4), never as multipart:
//! `content-type` is the chosen type, `cache-control: max-age=N`, and `x-metadata` carries the
//! metadata as base64 JSON. Files, readers and streams are streamed, never read whole into memory.

use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use base64::Engine;
use bytes::Bytes;
use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use http::{HeaderMap, HeaderName, HeaderValue};
use tokio::io::AsyncRead;
use tokio_util::io::ReaderStream;

use super::progress::{Counted, Progress};
use crate::Error;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The content type storage-js gives a raw body when none is set.
pub const DEFAULT_CONTENT_TYPE: &str = "text/plain;charset=UTF-8";

/// Bytes read from a file per step: each read of a `tokio::fs::File` is a trip to the blocking
/// thread pool, so larger reads cost less per byte; this stays a small, constant buffer.
pub(crate) const FILE_READ_CHUNK: usize = 256 * 1024;

/// The content type of a file whose extension says nothing.
const OCTET_STREAM: &str = "application/octet-stream";

/// What an upload sends: bytes, a file streamed from disk, an `AsyncRead`, or a stream of bytes.
///
/// ```
/// use supabase_core::storage::UploadBody;
/// let from_bytes = UploadBody::from(b"hello".to_vec());
/// let from_text = UploadBody::from("hello");
/// let from_file = UploadBody::file("photo.png");
/// let from_reader = UploadBody::reader(tokio::io::empty());
/// # let _ = (from_bytes, from_text, from_file, from_reader);
/// ```
pub struct UploadBody(Kind);

enum Kind {
    Bytes(Bytes),
    File(PathBuf),
    Reader(Pin<Box<dyn AsyncRead + Send>>, Option<u64>),
    Stream(BoxStream<'static, Result<Bytes, BoxError>>, Option<u64>),
}

impl fmt::Debug for UploadBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Bytes(b) => f.debug_tuple("Bytes").field(&b.len()).finish(),
            Kind::File(p) => f.debug_tuple("File").field(p).finish(),
            Kind::Reader(_, len) => f.debug_tuple("Reader").field(len).finish(),
            Kind::Stream(_, len) => f.debug_tuple("Stream").field(len).finish(),
        }
    }
}

impl UploadBody {
    /// A body held in memory.
    ///
    /// ```
    /// # use supabase_core::storage::UploadBody;
    /// let b = UploadBody::bytes(bytes::Bytes::from_static(b"data"));
    /// # let _ = b;
    /// ```
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        UploadBody(Kind::Bytes(bytes.into()))
    }

    /// A file, opened when the upload is sent and streamed from disk. Its length is sent as
    /// `content-length`; its content type, unless set, is guessed from the extension
    /// (`application/octet-stream` when unknown).
    ///
    /// ```
    /// # use supabase_core::storage::UploadBody;
    /// let b = UploadBody::file("reports/2024.pdf");
    /// # let _ = b;
    /// ```
    pub fn file(path: impl AsRef<Path>) -> Self {
        UploadBody(Kind::File(path.as_ref().to_path_buf()))
    }

    /// Any `AsyncRead`, streamed in chunks (sent with chunked transfer encoding).
    ///
    /// ```
    /// # use supabase_core::storage::UploadBody;
    /// let b = UploadBody::reader(std::io::Cursor::new(vec![0u8; 10]));
    /// # let _ = b;
    /// ```
    pub fn reader<R: AsyncRead + Send + 'static>(reader: R) -> Self {
        UploadBody(Kind::Reader(Box::pin(reader), None))
    }

    /// An `AsyncRead` of known length: streamed, with `content-length: len`. The reader must
    /// yield exactly `len` bytes or the request fails.
    ///
    /// ```
    /// # use supabase_core::storage::UploadBody;
    /// let b = UploadBody::reader_with_length(std::io::Cursor::new(vec![0u8; 10]), 10);
    /// # let _ = b;
    /// ```
    pub fn reader_with_length<R: AsyncRead + Send + 'static>(reader: R, len: u64) -> Self {
        UploadBody(Kind::Reader(Box::pin(reader), Some(len)))
    }

    /// A stream of byte chunks, streamed as it comes (chunked transfer encoding).
    ///
    /// ```
    /// # use supabase_core::storage::UploadBody;
    /// let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"ab"))]);
    /// let b = UploadBody::stream(chunks);
    /// # let _ = b;
    /// ```
    pub fn stream<S, T, E>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<T, E>> + Send + 'static,
        T: Into<Bytes> + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
        Bytes: From<T>,
    {
        let pieces = stream.map_ok(Bytes::from).map_err(Into::into).boxed();
        UploadBody(Kind::Stream(pieces, None))
    }

    /// Turns the body into what reqwest sends, with the content type to use when none was set
    /// and the length to announce, if known. With `progress`, the body reports as it goes.
    pub(crate) async fn into_parts(
        self,
        progress: Option<Progress>,
    ) -> Result<(reqwest::Body, &'static str, Option<u64>), Error> {
        let (pieces, content_type, len): (BoxStream<'static, Result<Bytes, BoxError>>, _, _) =
            match self.0 {
                // reqwest announces the length of an in-memory body itself.
                Kind::Bytes(b) if progress.is_none() => {
                    return Ok((reqwest::Body::from(b), DEFAULT_CONTENT_TYPE, None))
                }
                Kind::Bytes(b) => {
                    let len = b.len() as u64;
                    let pieces: Vec<Result<Bytes, BoxError>> = (0..b.len())
                        .step_by(64 * 1024)
                        .map(|at| Ok(b.slice(at..b.len().min(at + 64 * 1024))))
                        .collect();
                    (
                        futures_util::stream::iter(pieces).boxed(),
                        DEFAULT_CONTENT_TYPE,
                        Some(len),
                    )
                }
                Kind::File(path) => {
                    let file = tokio::fs::File::open(&path).await.map_err(|e| {
                        Error::InvalidArgument(format!("cannot open {}: {e}", path.display()))
                    })?;
                    let len = file
                        .metadata()
                        .await
                        .map_err(|e| {
                            Error::InvalidArgument(format!("cannot stat {}: {e}", path.display()))
                        })?
                        .len();
                    let guessed = mime_guess::from_path(&path)
                        .first_raw()
                        .unwrap_or(OCTET_STREAM);
                    let pieces = ReaderStream::with_capacity(file, FILE_READ_CHUNK)
                        .map_err(BoxError::from)
                        .boxed();
                    (pieces, guessed, Some(len))
                }
                Kind::Reader(reader, len) => {
                    let pieces = ReaderStream::with_capacity(reader, 64 * 1024)
                        .map_err(BoxError::from)
                        .boxed();
                    (pieces, DEFAULT_CONTENT_TYPE, len)
                }
                Kind::Stream(pieces, len) => (pieces, DEFAULT_CONTENT_TYPE, len),
            };
        let progress = super::progress::with_trace(progress);
        let body = match progress {
            Some(p) => reqwest::Body::wrap_stream(Counted::new(pieces, p, 0, len)),
            None => reqwest::Body::wrap_stream(pieces),
        };
        Ok((body, content_type, len))
    }
}

impl From<Bytes> for UploadBody {
    fn from(b: Bytes) -> Self {
        UploadBody::bytes(b)
    }
}

impl From<Vec<u8>> for UploadBody {
    fn from(b: Vec<u8>) -> Self {
        UploadBody::bytes(b)
    }
}

impl From<&'static [u8]> for UploadBody {
    fn from(b: &'static [u8]) -> Self {
        UploadBody::bytes(b)
    }
}

impl From<String> for UploadBody {
    fn from(s: String) -> Self {
        UploadBody::bytes(s)
    }
}

impl From<&str> for UploadBody {
    fn from(s: &str) -> Self {
        UploadBody::bytes(Bytes::copy_from_slice(s.as_bytes()))
    }
}

impl From<PathBuf> for UploadBody {
    fn from(p: PathBuf) -> Self {
        UploadBody::file(p)
    }
}

impl From<&Path> for UploadBody {
    fn from(p: &Path) -> Self {
        UploadBody::file(p)
    }
}

/// Options of `upload`, `update` and `upload_to_signed_url` (`FileOptions`).
///
/// Defaults: cache control 3600 s, no upsert, the content type guessed for files and
/// `text/plain;charset=UTF-8` otherwise (as storage-js). A bad header or metadata is kept and
/// reported when the upload is sent.
///
/// ```
/// use supabase_core::storage::FileOptions;
/// let o = FileOptions::new()
///     .content_type("image/png")
///     .cache_control(60)
///     .upsert(true)
///     .metadata(serde_json::json!({ "owner": "me" }))
///     .header("x-trace", "1");
/// # let _ = o;
/// ```
#[derive(Debug, Default)]
#[must_use]
pub struct FileOptions {
    content_type: Option<String>,
    cache_control: Option<u64>,
    upsert: bool,
    metadata: Option<serde_json::Value>,
    headers: HeaderMap,
    pub(crate) progress: Option<Progress>,
    error: Option<Error>,
}

impl FileOptions {
    /// The defaults.
    ///
    /// ```
    /// # use supabase_core::storage::FileOptions;
    /// let o = FileOptions::new();
    /// # let _ = o;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The `content-type` to store the object with.
    ///
    /// ```
    /// # use supabase_core::storage::FileOptions;
    /// let o = FileOptions::new().content_type("application/pdf");
    /// # let _ = o;
    /// ```
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Seconds the object may be cached: `cache-control: max-age=N` (default 3600).
    ///
    /// ```
    /// # use supabase_core::storage::FileOptions;
    /// let o = FileOptions::new().cache_control(0);
    /// # let _ = o;
    /// ```
    pub fn cache_control(mut self, seconds: u64) -> Self {
        self.cache_control = Some(seconds);
        self
    }

    /// Overwrite an existing object (`x-upsert: true`); ignored by `update`.
    ///
    /// ```
    /// # use supabase_core::storage::FileOptions;
    /// let o = FileOptions::new().upsert(true);
    /// # let _ = o;
    /// ```
    pub fn upsert(mut self, upsert: bool) -> Self {
        self.upsert = upsert;
        self
    }

    /// User metadata stored with the object, sent as `x-metadata: base64(JSON)`.
    ///
    /// ```
    /// # use supabase_core::storage::FileOptions;
    /// let o = FileOptions::new().metadata(std::collections::HashMap::from([("k", "v")]));
    /// # let _ = o;
    /// ```
    pub fn metadata(mut self, metadata: impl serde::Serialize) -> Self {
        match serde_json::to_value(metadata) {
            Ok(v) => self.metadata = Some(v),
            Err(e) => {
                self.error.get_or_insert(Error::Serialize(e));
            }
        }
        self
    }

    /// Called as the body goes out (see [`Progress`]); the total is known for bytes, files
    /// and readers of known length.
    ///
    /// ```
    /// # use supabase_core::storage::{FileOptions, Progress};
    /// let o = FileOptions::new().on_progress(Progress::new(|p| println!("{} bytes sent", p.transferred)));
    /// # let _ = o;
    /// ```
    pub fn on_progress(mut self, progress: Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// An extra header, merged last (it wins over the automatic ones).
    ///
    /// ```
    /// # use supabase_core::storage::FileOptions;
    /// let o = FileOptions::new().header("x-custom", "1");
    /// # let _ = o;
    /// ```
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match (
            HeaderName::from_bytes(name.as_ref().as_bytes()),
            HeaderValue::from_str(value.as_ref()),
        ) {
            (Ok(n), Ok(v)) => {
                let v = crate::redact::sensitive(&n, v);
                self.headers.insert(n, v);
            }
            _ => {
                self.error.get_or_insert(Error::InvalidArgument(format!(
                    "invalid header {:?}",
                    name.as_ref()
                )));
            }
        }
        self
    }

    /// Builds the headers of a raw upload. `upsert` is `None` for `update` (no `x-upsert`).
    pub(crate) fn headers(
        self,
        default_content_type: &str,
        length: Option<u64>,
        send_upsert: bool,
    ) -> Result<HeaderMap, Error> {
        if let Some(err) = self.error {
            return Err(err);
        }
        let invalid = |what: &str| Error::InvalidArgument(format!("invalid {what} header value"));
        let mut headers = HeaderMap::new();
        let content_type = self.content_type.as_deref().unwrap_or(default_content_type);
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).map_err(|_| invalid("content-type"))?,
        );
        headers.insert(
            http::header::CACHE_CONTROL,
            HeaderValue::from_str(&format!("max-age={}", self.cache_control.unwrap_or(3600)))
                .map_err(|_| invalid("cache-control"))?,
        );
        if send_upsert {
            headers.insert(
                HeaderName::from_static("x-upsert"),
                HeaderValue::from_static(if self.upsert { "true" } else { "false" }),
            );
        }
        if let Some(metadata) = &self.metadata {
            let json = serde_json::to_vec(metadata).map_err(Error::Serialize)?;
            let encoded = base64::engine::general_purpose::STANDARD.encode(json);
            headers.insert(
                HeaderName::from_static("x-metadata"),
                HeaderValue::from_str(&encoded).map_err(|_| invalid("x-metadata"))?,
            );
        }
        if let Some(len) = length {
            headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(len));
        }
        for (name, value) in self.headers {
            if let Some(name) = name {
                headers.insert(name, value);
            }
        }
        Ok(headers)
    }
}
