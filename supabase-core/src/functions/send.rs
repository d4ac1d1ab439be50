//! Sending a call and reading the answer: fetch error, relay error, HTTP error, then the body.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::error::FunctionsError;
use super::invoke::Invoke;
use super::response::{media_type, ByteStream, FunctionResponse, ResponseBody};
use crate::telemetry::HttpSpan;
use crate::Error;

impl Invoke {
    /// Sends the call and decodes the JSON body into `T`.
    ///
    /// The body is parsed as JSON whatever its Content-Type; an empty body (204) is read as
    /// `null`, so `T = ()` or `Option<_>` fits functions that answer nothing. A body that does not
    /// decode is [`Error::Decode`] with the raw body kept.
    ///
    /// Errors, checked in this order (as functions-js does): the request failed
    /// ([`Error::Network`], or [`Error::Timeout`]); the response carries `x-relay-error: true`
    /// ([`FunctionsError::Relay`], whatever the status); the status is not 2xx
    /// ([`FunctionsError::Http`] with status, headers and the whole body). Both `FunctionsError`s
    /// arrive as [`Error::Functions`]. Never retried.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::{Error, functions::FunctionsError};
    /// #[derive(serde::Deserialize)]
    /// struct Sum { total: i64 }
    /// match client.functions().invoke("add").body([1, 2, 3]).send::<Sum>().await {
    ///     Ok(res) => println!("total {}", res.data.total),
    ///     Err(Error::Functions(e)) if matches!(*e, FunctionsError::Http { .. }) => {
    ///         println!("the function said {}: {}", e.status(), e.body_text());
    ///     }
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send<T: DeserializeOwned>(self) -> Result<FunctionResponse<T>, Error> {
        let (status, headers, response) = self.execute().await?;
        let bytes = response.bytes().await.map_err(Error::from_reqwest)?;
        let json: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
        let data = serde_json::from_slice(json).map_err(|source| Error::Decode {
            source,
            status,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })?;
        Ok(FunctionResponse::new(data, status, headers))
    }

    /// Sends the call and reads the body as text (invalid UTF-8 becomes U+FFFD, like
    /// `Response.text()`). Errors as for [`Invoke::send`].
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let text: String = client.functions().invoke("hello").send_text().await?.data;
    /// # Ok(()) }
    /// ```
    pub async fn send_text(self) -> Result<FunctionResponse<String>, Error> {
        let (status, headers, response) = self.execute().await?;
        let bytes = response.bytes().await.map_err(Error::from_reqwest)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Ok(FunctionResponse::new(text, status, headers))
    }

    /// Sends the call and reads the whole body as bytes. Errors as for [`Invoke::send`].
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let pdf = client.functions().invoke("invoice").body(serde_json::json!({"id": 7})).send_bytes().await?.data;
    /// # Ok(()) }
    /// ```
    pub async fn send_bytes(self) -> Result<FunctionResponse<Bytes>, Error> {
        let (status, headers, response) = self.execute().await?;
        let bytes = response.bytes().await.map_err(Error::from_reqwest)?;
        Ok(FunctionResponse::new(bytes, status, headers))
    }

    /// Sends the call and hands back the body unread, as a [`ByteStream`] of chunks in the order
    /// they arrive: for `text/event-stream` (server-sent events) or any large body. Errors before
    /// the body as for [`Invoke::send`]; the call's timeout keeps running while the stream is
    /// read.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let mut stream = client.functions().invoke("chat").body(serde_json::json!({"q": "hi"}))
    ///     .send_stream().await?.data;
    /// while let Some(chunk) = stream.next_chunk().await {
    ///     print!("{}", String::from_utf8_lossy(&chunk?));
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send_stream(self) -> Result<FunctionResponse<ByteStream>, Error> {
        let (status, headers, response) = self.execute().await?;
        Ok(FunctionResponse::new(
            ByteStream::from_response(response),
            status,
            headers,
        ))
    }

    /// Sends the call and decodes the body by its Content-Type, as functions-js does: the media
    /// type (before `;`, lowercased; none counts as `text/plain`) picks
    ///
    /// | media type | [`ResponseBody`] |
    /// |---|---|
    /// | `application/json` | `Json` (invalid JSON is [`Error::Decode`]) |
    /// | `application/octet-stream`, `application/pdf`, `multipart/form-data` | `Bytes` |
    /// | `text/event-stream` | `Stream` (unread) |
    /// | anything else | `Text` |
    ///
    /// Errors as for [`Invoke::send`].
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let body = client.functions().invoke("hello").send_raw().await?.data;
    /// if let Some(json) = body.as_json() { println!("{json}"); }
    /// # Ok(()) }
    /// ```
    pub async fn send_raw(self) -> Result<FunctionResponse<ResponseBody>, Error> {
        let (status, headers, response) = self.execute().await?;
        let media = media_type(&headers).unwrap_or_else(|| "text/plain".to_owned());
        let body = match media.as_str() {
            "text/event-stream" => ResponseBody::Stream(ByteStream::from_response(response)),
            "application/json" => {
                let bytes = response.bytes().await.map_err(Error::from_reqwest)?;
                let value = serde_json::from_slice(&bytes).map_err(|source| Error::Decode {
                    source,
                    status,
                    body: String::from_utf8_lossy(&bytes).into_owned(),
                })?;
                ResponseBody::Json(value)
            }
            "application/octet-stream" | "application/pdf" | "multipart/form-data" => {
                ResponseBody::Bytes(response.bytes().await.map_err(Error::from_reqwest)?)
            }
            _ => {
                let bytes = response.bytes().await.map_err(Error::from_reqwest)?;
                ResponseBody::Text(String::from_utf8_lossy(&bytes).into_owned())
            }
        };
        Ok(FunctionResponse::new(body, status, headers))
    }

    /// Sends once and returns a 2xx response with its body unread, or the error (see `send`).
    async fn execute(mut self) -> Result<(u16, http::HeaderMap, reqwest::Response), Error> {
        let mut prepared = self.prepare().await?;
        crate::redact::mark_sensitive(&mut prepared.headers);
        let mut span = HttpSpan::new("functions", &prepared.method, &prepared.url, 0);
        let mut request = prepared
            .http
            .request(prepared.method, prepared.url)
            .headers(prepared.headers);
        if let Some(body) = prepared.body {
            request = request.body(body);
        }
        if let Some(timeout) = prepared.timeout {
            request = request.timeout(timeout);
        }

        let response = span.send(request).await.map_err(Error::from_reqwest)?;
        let status = response.status().as_u16();
        let mut headers = response.headers().clone();
        crate::redact::mark_sensitive(&mut headers);
        let relay = headers
            .get("x-relay-error")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        if relay || !response.status().is_success() {
            let body = response
                .bytes()
                .await
                .map_err(|err| {
                    span.body_failed(&err);
                    Error::from_reqwest(err)
                })?
                .to_vec();
            if relay {
                span.error_code("relay_error");
            }
            let err = if relay {
                FunctionsError::Relay {
                    status,
                    headers,
                    body,
                }
            } else {
                FunctionsError::Http {
                    status,
                    headers,
                    body,
                }
            };
            return Err(err.into());
        }
        Ok((status, headers, response))
    }
}
