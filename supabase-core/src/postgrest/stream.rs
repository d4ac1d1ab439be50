//! `execute_stream`: the rows of a response as they arrive, in constant memory.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use http::{HeaderMap, Method};
use serde::de::DeserializeOwned;

use super::execute::Sender;
use super::filter_builder::{FilterBuilder, Format};
use super::response::{content_range_total, decode_error, interpret_failure};
use super::split::ArraySplitter;
use crate::Error;

type Body = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send + Sync>>;

impl FilterBuilder {
    /// Sends the request and yields the rows of the JSON array it answers one by one, decoded
    /// into `T` as they arrive: memory stays at about one row and one network chunk, for exports
    /// of any size.
    ///
    /// Errors before the first row are as for [`FilterBuilder::execute`] (a non-2xx answer is
    /// [`Error::Postgrest`] or [`Error::Http`]; a 404 with an empty array is no rows; reads are
    /// retried until the body starts). Then each item is a row, or [`Error::Decode`] keeping the
    /// row's own text (the body is not kept whole), or [`Error::Network`]; the stream ends after
    /// an error. An empty body (a write without `select`) is no rows. A request timeout covers
    /// the whole body, so leave it unset for long exports. `single`, `maybe_single`, `csv`,
    /// `geojson`, `explain` and `head` do not answer an array of rows and are refused.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// use supabase_core::{Client, Order};
    /// #[derive(serde::Deserialize)]
    /// struct Event { id: i64, kind: String }
    /// let client = Client::new("https://xyz.supabase.co", "service-key")?;
    /// let mut events = client.from("events").select("id, kind").order("id", Order::asc())
    ///     .execute_stream::<Event>().await?;
    /// while let Some(event) = events.next_row().await {
    ///     let event = event?;
    ///     println!("{} {}", event.id, event.kind);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn execute_stream<T: DeserializeOwned>(mut self) -> Result<RowStream<T>, Error> {
        if let Some(err) = self.error.0.take() {
            return Err(*err);
        }
        let request = self.build()?;
        let not_rows = match self.format {
            Some(Format::Single) => Some("single()"),
            Some(Format::Csv) => Some("csv()"),
            Some(Format::GeoJson) => Some("geojson()"),
            None if self.maybe_single => Some("maybe_single()"),
            None if self.explain.is_some() => Some("explain()"),
            None if request.method == Method::HEAD => Some("head()"),
            None => None,
        };
        if let Some(what) = not_rows {
            return Err(Error::InvalidArgument(format!(
                "execute_stream() reads a JSON array of rows; {what} does not answer one (use execute())"
            )));
        }
        let mut sender = Sender::new(&self.client, &request).await?;
        let response = sender.open().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if !(200..300).contains(&status) {
            let bytes = response.bytes().await.map_err(Error::from_reqwest)?;
            // Only a 404 with an empty array (or no body) gets here: no rows.
            let (_, status) = interpret_failure(request.mode, status, &bytes)?;
            return Ok(RowStream::new(status, None, headers, None));
        }
        let count = if request.mode.counted {
            content_range_total(&headers)
        } else {
            None
        };
        let body: Body = Box::pin(response.bytes_stream());
        Ok(RowStream::new(status, count, headers, Some(body)))
    }
}

/// The rows of a response, decoded one by one as the body arrives. Made by
/// [`FilterBuilder::execute_stream`]; a [`Stream`] of `Result<T, Error>`.
///
/// ```no_run
/// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
/// use supabase_core::CountMethod;
/// let mut rows = client.from("events").select("*").count(CountMethod::Exact)
///     .execute_stream::<serde_json::Value>().await?;
/// println!("{} rows coming, status {}", rows.count().unwrap_or(0), rows.status());
/// let mut n = 0;
/// while let Some(row) = rows.next_row().await {
///     row?;
///     n += 1;
/// }
/// # Ok(()) }
/// ```
pub struct RowStream<T> {
    status: u16,
    count: Option<u64>,
    headers: HeaderMap,
    body: Option<Body>,
    splitter: ArraySplitter,
    _rows: PhantomData<fn() -> T>,
}

impl<T> RowStream<T> {
    fn new(status: u16, count: Option<u64>, headers: HeaderMap, body: Option<Body>) -> Self {
        RowStream {
            status,
            count,
            headers,
            body,
            splitter: ArraySplitter::new(),
            _rows: PhantomData,
        }
    }

    /// The HTTP status (200, 206, …).
    ///
    /// ```no_run
    /// # async fn run(rows: supabase_core::RowStream<serde_json::Value>) {
    /// assert_eq!(rows.status(), 200);
    /// # }
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The row count from `Content-Range`, when a count was asked for.
    ///
    /// ```no_run
    /// # async fn run(rows: supabase_core::RowStream<serde_json::Value>) {
    /// println!("{:?}", rows.count());
    /// # }
    /// ```
    pub fn count(&self) -> Option<u64> {
        self.count
    }

    /// The response headers.
    ///
    /// ```no_run
    /// # async fn run(rows: supabase_core::RowStream<serde_json::Value>) {
    /// println!("{:?}", rows.headers().get("content-range"));
    /// # }
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl<T: DeserializeOwned> RowStream<T> {
    /// The next row, or `None` after the last one (or after an error).
    ///
    /// ```no_run
    /// # async fn run(mut rows: supabase_core::RowStream<serde_json::Value>) -> Result<(), supabase_core::Error> {
    /// while let Some(row) = rows.next_row().await {
    ///     println!("{}", row?);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn next_row(&mut self) -> Option<Result<T, Error>> {
        self.next().await
    }

    fn fail(&mut self, message: String) -> Poll<Option<Result<T, Error>>> {
        self.body = None;
        let source = <serde_json::Error as serde::de::Error>::custom(message);
        Poll::Ready(Some(Err(decode_error(source, self.status, b""))))
    }
}

impl<T: DeserializeOwned> Stream for RowStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.body.is_none() {
                return Poll::Ready(None);
            }
            match this.splitter.next_element() {
                Ok(Some(element)) => {
                    let status = this.status;
                    let row = serde_json::from_slice::<T>(element)
                        .map_err(|source| decode_error(source, status, element));
                    if row.is_err() {
                        this.body = None;
                    }
                    return Poll::Ready(Some(row));
                }
                Ok(None) => {}
                Err(message) => return this.fail(message),
            }
            let Some(body) = this.body.as_mut() else {
                return Poll::Ready(None);
            };
            match body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.splitter.push(&chunk),
                Poll::Ready(Some(Err(err))) => {
                    this.body = None;
                    return Poll::Ready(Some(Err(Error::from_reqwest(err))));
                }
                Poll::Ready(None) => {
                    if let Err(message) = this.splitter.finish() {
                        return this.fail(message);
                    }
                    this.body = None;
                    return Poll::Ready(None);
                }
            }
        }
    }
}

impl<T> fmt::Debug for RowStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RowStream")
            .field("status", &self.status)
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}
