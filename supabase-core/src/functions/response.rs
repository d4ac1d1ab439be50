//! What a successful Edge Function call gives back: the data, the status and the headers.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use http::HeaderMap;

use crate::Error;

/// A successful (2xx) Edge Function response.
///
/// `data` is what the `send*` method made of the body: a typed value for
/// [`Invoke::send`](super::Invoke::send), a `String`, [`Bytes`], a [`ByteStream`], or a
/// [`ResponseBody`] picked by Content-Type for [`Invoke::send_raw`](super::Invoke::send_raw).
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// use supabase_core::Client;
/// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
/// let res = client.functions().invoke("hello").send_text().await?;
/// println!("{} {:?}: {}", res.status, res.headers.get("content-type"), res.data);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FunctionResponse<T> {
    /// The decoded body.
    pub data: T,
    /// The HTTP status (200, 201, 204, …).
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
}

impl<T> FunctionResponse<T> {
    pub(crate) fn new(data: T, status: u16, headers: HeaderMap) -> Self {
        FunctionResponse {
            data,
            status,
            headers,
        }
    }

    /// The media type of the response, lowercased, without parameters (`"application/json"`),
    /// or `None` when the function sent no Content-Type.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let res = client.functions().invoke("report").send_bytes().await?;
    /// if res.media_type().as_deref() == Some("application/pdf") { /* save it */ }
    /// # Ok(()) }
    /// ```
    pub fn media_type(&self) -> Option<String> {
        media_type(&self.headers)
    }
}

/// The lowercased media type of `Content-Type` (the part before `;`), if any.
pub(crate) fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(http::header::CONTENT_TYPE)?.to_str().ok()?;
    let media = value.split(';').next().unwrap_or("").trim();
    (!media.is_empty()).then(|| media.to_ascii_lowercase())
}

/// A response body decoded by its Content-Type, the way functions-js does
/// (see [`Invoke::send_raw`](super::Invoke::send_raw)).
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// use supabase_core::Client;
/// use supabase_core::functions::ResponseBody;
/// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
/// match client.functions().invoke("hello").send_raw().await?.data {
///     ResponseBody::Json(value) => println!("json {value}"),
///     ResponseBody::Text(text) => println!("text {text}"),
///     ResponseBody::Bytes(bytes) => println!("{} bytes", bytes.len()),
///     ResponseBody::Stream(mut stream) => {
///         while let Some(chunk) = stream.next_chunk().await {
///             println!("chunk {:?}", chunk?);
///         }
///     }
///     _ => {}
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ResponseBody {
    /// `application/json`: the parsed JSON.
    Json(serde_json::Value),
    /// `application/octet-stream`, `application/pdf` and `multipart/form-data`: the raw bytes.
    /// (functions-js gives a `Blob`, and a `FormData` for multipart; here multipart is left
    /// to the caller to parse.)
    Bytes(Bytes),
    /// `text/event-stream`: the body, unread, as a stream of chunks.
    Stream(ByteStream),
    /// Anything else, or no Content-Type: the body as text (invalid UTF-8 is replaced by U+FFFD,
    /// like `Response.text()`).
    Text(String),
}

impl ResponseBody {
    /// The JSON value, when the body was JSON.
    ///
    /// ```
    /// use supabase_core::functions::ResponseBody;
    /// let body = ResponseBody::Json(serde_json::json!({"ok": true}));
    /// assert_eq!(body.as_json().map(|v| v["ok"] == true), Some(true));
    /// assert!(ResponseBody::Text("hi".into()).as_json().is_none());
    /// ```
    pub fn as_json(&self) -> Option<&serde_json::Value> {
        match self {
            ResponseBody::Json(value) => Some(value),
            _ => None,
        }
    }

    /// The text, when the body was text.
    ///
    /// ```
    /// use supabase_core::functions::ResponseBody;
    /// assert_eq!(ResponseBody::Text("hi".into()).as_text(), Some("hi"));
    /// ```
    pub fn as_text(&self) -> Option<&str> {
        match self {
            ResponseBody::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The bytes, when the body was binary.
    ///
    /// ```
    /// use supabase_core::functions::ResponseBody;
    /// let body = ResponseBody::Bytes(bytes::Bytes::from_static(b"\x00\x01"));
    /// assert_eq!(body.as_bytes().map(|b| b.len()), Some(2));
    /// ```
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match self {
            ResponseBody::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The stream, when the body was an event stream.
    ///
    /// ```
    /// use supabase_core::functions::ResponseBody;
    /// assert!(ResponseBody::Text(String::new()).into_stream().is_none());
    /// ```
    pub fn into_stream(self) -> Option<ByteStream> {
        match self {
            ResponseBody::Stream(stream) => Some(stream),
            _ => None,
        }
    }
}

/// A response body read chunk by chunk as it arrives (server-sent events, large downloads).
///
/// It is a [`Stream`] of `Result<Bytes, Error>`; [`ByteStream::next_chunk`] reads one chunk
/// without importing `StreamExt`. Chunks are whatever the network delivered: an SSE event may be
/// split over chunks, or several may share one. A read error is [`Error::Network`], or
/// [`Error::Timeout`] when the call's timeout (which covers the whole body) ran out.
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// use supabase_core::Client;
/// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
/// let mut events = client.functions().invoke("ticker").send_stream().await?.data;
/// while let Some(chunk) = events.next_chunk().await {
///     print!("{}", String::from_utf8_lossy(&chunk?));
/// }
/// # Ok(()) }
/// ```
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send + Sync>>,
}

impl ByteStream {
    pub(crate) fn from_response(response: reqwest::Response) -> Self {
        let stream = response
            .bytes_stream()
            .map(|r| r.map_err(Error::from_reqwest));
        ByteStream {
            inner: Box::pin(stream),
        }
    }

    /// The next chunk, or `None` at the end of the body.
    ///
    /// ```no_run
    /// # async fn run(mut s: supabase_core::functions::ByteStream) -> Result<(), supabase_core::Error> {
    /// if let Some(chunk) = s.next_chunk().await {
    ///     println!("{} bytes", chunk?.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, Error>> {
        self.inner.next().await
    }

    /// Reads the rest of the body into one buffer.
    ///
    /// ```no_run
    /// # async fn run(s: supabase_core::functions::ByteStream) -> Result<(), supabase_core::Error> {
    /// let all = s.collect_bytes().await?;
    /// # Ok(()) }
    /// ```
    pub async fn collect_bytes(mut self) -> Result<Bytes, Error> {
        let mut all = bytes::BytesMut::new();
        while let Some(chunk) = self.next_chunk().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.freeze())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}
