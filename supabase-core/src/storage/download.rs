//! Download options and the streamed download body.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt};
use http::HeaderMap;
use tokio::io::AsyncRead;
use tokio_util::io::StreamReader;

use super::progress::{Counted, Progress};
use super::transform::TransformOptions;
use crate::Error;

/// Options of `download` and `download_stream`: an image transformation and a cache nonce.
///
/// ```
/// use supabase_core::storage::{DownloadOptions, TransformOptions};
/// let o = DownloadOptions::new().transform(TransformOptions::new().width(64)).cache_nonce("v3");
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct DownloadOptions {
    pub(crate) transform: Option<TransformOptions>,
    pub(crate) cache_nonce: Option<String>,
    pub(crate) progress: Option<Progress>,
}

impl DownloadOptions {
    /// Nothing set: the object as stored.
    ///
    /// ```
    /// # use supabase_core::storage::DownloadOptions;
    /// assert_eq!(DownloadOptions::new(), DownloadOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Download a transformed image (`/render/image/authenticated/...`); an empty
    /// transformation is ignored.
    ///
    /// ```
    /// # use supabase_core::storage::{DownloadOptions, Resize, TransformOptions};
    /// let o = DownloadOptions::new().transform(TransformOptions::new().width(64).resize(Resize::Cover));
    /// # let _ = o;
    /// ```
    pub fn transform(mut self, transform: TransformOptions) -> Self {
        self.transform = Some(transform);
        self
    }

    /// A `cacheNonce` query value to bypass caches.
    ///
    /// ```
    /// # use supabase_core::storage::DownloadOptions;
    /// let o = DownloadOptions::new().cache_nonce("42");
    /// # let _ = o;
    /// ```
    pub fn cache_nonce(mut self, nonce: impl Into<String>) -> Self {
        self.cache_nonce = Some(nonce.into());
        self
    }

    /// Called as the body arrives (see [`Progress`]); the total is the server's
    /// `content-length`, when sent.
    ///
    /// ```
    /// # use supabase_core::storage::{DownloadOptions, Progress};
    /// let o = DownloadOptions::new().on_progress(Progress::new(|p| println!("{:?}", p.fraction())));
    /// # let _ = o;
    /// ```
    pub fn on_progress(mut self, progress: Progress) -> Self {
        self.progress = Some(progress);
        self
    }
}

/// A download read chunk by chunk: a `Stream` of `Result<Bytes, Error>`; also an `AsyncRead`
/// through [`DownloadStream::into_async_read`]. Nothing is buffered beyond the chunk at hand.
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
/// use futures_util::StreamExt;
/// let mut stream = client.storage().from_("videos").download_stream("big.mp4", Default::default()).await?;
/// let mut total = 0;
/// while let Some(chunk) = stream.next().await {
///     total += chunk?.len();
/// }
/// println!("{total} bytes");
/// # Ok(()) }
/// ```
pub struct DownloadStream {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>,
    headers: HeaderMap,
    content_length: Option<u64>,
}

impl fmt::Debug for DownloadStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DownloadStream")
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl DownloadStream {
    pub(crate) fn new(response: reqwest::Response, progress: Option<Progress>) -> Self {
        let headers = response.headers().clone();
        let content_length = response.content_length();
        let pieces = response.bytes_stream().map_err(Error::from_reqwest);
        let inner = match progress {
            Some(p) => Counted::new(pieces, p, 0, content_length).boxed(),
            None => pieces.boxed(),
        };
        DownloadStream {
            inner,
            headers,
            content_length,
        }
    }

    /// The response headers (`content-type`, `etag`, `cache-control`, …).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let s = client.storage().from_("b").download_stream("a.png", Default::default()).await?;
    /// println!("{:?}", s.headers().get("content-type"));
    /// # Ok(()) }
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The announced length, when the server sent `content-length`.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let s = client.storage().from_("b").download_stream("a.png", Default::default()).await?;
    /// println!("{:?}", s.content_length());
    /// # Ok(()) }
    /// ```
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The body as an `AsyncRead` (errors become `std::io::Error`s wrapping the crate error).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let s = client.storage().from_("b").download_stream("a.bin", Default::default()).await?;
    /// let mut reader = s.into_async_read();
    /// let mut sink = tokio::io::sink();
    /// tokio::io::copy(&mut reader, &mut sink).await?;
    /// # Ok(()) }
    /// ```
    pub fn into_async_read(self) -> impl AsyncRead + Send + Unpin {
        StreamReader::new(self.inner.map_err(std::io::Error::other))
    }
}

impl Stream for DownloadStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}
