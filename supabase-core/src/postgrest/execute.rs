//! Sending a request: authorization, timeout, and retries of reads.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};
use serde::de::DeserializeOwned;

use super::filter_builder::FilterBuilder;
use super::request::PreparedRequest;
use super::response::{interpret, Interpreted, PostgrestResponse};
use crate::telemetry::{event, HttpSpan};
use crate::{Client, Error};

/// Retries after the first attempt, at most.
const MAX_RETRIES: u32 = 3;

impl FilterBuilder {
    /// Sends the request and decodes `data` into `T`.
    ///
    /// Reads (GET/HEAD) are retried up to 3 times on 503, 520 and network errors (not on
    /// timeouts), waiting `Retry-After` or 1, 2, 4 s, with `X-Retry-Count`. Writes never are.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
    /// let one: Option<serde_json::Value> = client.from("countries").select("*").eq("id", 1)
    ///     .maybe_single().execute().await?.data;
    /// # Ok(()) }
    /// ```
    pub async fn execute<T: DeserializeOwned>(mut self) -> Result<PostgrestResponse<T>, Error> {
        if let Some(err) = self.error.0.take() {
            return Err(*err);
        }
        let request = self.build()?;
        send(&self.client, &request).await
    }
}

impl PreparedRequest {
    /// Sends this request with `client` (see [`FilterBuilder::execute`]).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
    /// let req = client.from("countries").select("*").build()?;
    /// let rows: Vec<serde_json::Value> = req.send(&client).await?.data;
    /// # Ok(()) }
    /// ```
    pub async fn send<T: DeserializeOwned>(
        &self,
        client: &Client,
    ) -> Result<PostgrestResponse<T>, Error> {
        send(client, self).await
    }
}

pub(crate) async fn send<T: DeserializeOwned>(
    client: &Client,
    request: &PreparedRequest,
) -> Result<PostgrestResponse<T>, Error> {
    let mut sender = Sender::new(client, request).await?;
    loop {
        let response = sender.open().await?;
        let status = response.status().as_u16();
        let mut response_headers = response.headers().clone();
        crate::redact::mark_sensitive(&mut response_headers);
        let bytes = if request.method == Method::HEAD {
            Default::default()
        } else {
            match response.bytes().await {
                Ok(bytes) => bytes,
                Err(err) => {
                    sender.span.body_failed(&err);
                    let err = Error::from_reqwest(err);
                    if sender.can_retry() && err.is_network() {
                        sender.wait(None).await;
                        continue;
                    }
                    return Err(err);
                }
            }
        };
        let Interpreted {
            data,
            count,
            status,
        } = interpret(
            &request.method,
            request.mode,
            status,
            &response_headers,
            &bytes,
        )
        .inspect_err(|err| sender.record_error(err))?;
        return Ok(PostgrestResponse {
            data,
            count,
            status,
            headers: response_headers,
        });
    }
}

/// One request being sent, with its retries: the headers with `Authorization`, the body
/// serialized once, the attempt number.
pub(crate) struct Sender<'a> {
    client: &'a Client,
    request: &'a PreparedRequest,
    headers: HeaderMap,
    body: Option<Bytes>,
    attempt: u32,
    /// The span of the current attempt, open until its body is read.
    pub(crate) span: HttpSpan,
}

impl<'a> Sender<'a> {
    pub(crate) async fn new(
        client: &'a Client,
        request: &'a PreparedRequest,
    ) -> Result<Sender<'a>, Error> {
        let mut headers = request.headers().clone();
        client.add_authorization(&mut headers).await?;
        let body = match &request.body {
            Some(value) => Some(Bytes::from(
                serde_json::to_vec(value).map_err(Error::Serialize)?,
            )),
            None => None,
        };
        Ok(Sender {
            client,
            request,
            headers,
            body,
            attempt: 0,
            span: HttpSpan::idle(),
        })
    }

    /// Whether a failed attempt may be retried.
    pub(crate) fn can_retry(&self) -> bool {
        self.request.retry && self.attempt < MAX_RETRIES
    }

    /// Waits before the next attempt.
    pub(crate) async fn wait(&mut self, retry_after_secs: Option<f64>) {
        // The failed attempt's span ends before the wait.
        self.span = HttpSpan::idle();
        let delay = backoff(self.attempt, retry_after_secs);
        event!(
            tracing::Level::INFO,
            supabase.service = "postgrest",
            http.request.resend_count = self.attempt + 1,
            delay_ms = delay.as_millis() as u64,
            "retrying a read"
        );
        tokio::time::sleep(delay).await;
        self.attempt += 1;
    }

    /// Notes a PostgREST error (its code, else the status) on the span of the attempt.
    pub(crate) fn record_error(&mut self, err: &Error) {
        if let Error::Postgrest(e) = err {
            if let Some(code) = &e.code {
                self.span.db_code(code);
            }
        }
    }

    /// Sends until a response arrives that is not retried (network errors, 503 and 520 are,
    /// for reads); its body is unread.
    pub(crate) async fn open(&mut self) -> Result<reqwest::Response, Error> {
        loop {
            let mut builder = self
                .client
                .http()
                .request(self.request.method.clone(), self.request.url().clone())
                .headers(self.headers.clone());
            if self.attempt > 0 {
                builder = builder.header("x-retry-count", HeaderValue::from(self.attempt));
            }
            if let Some(body) = &self.body {
                builder = builder.body(body.clone());
            }
            if let Some(timeout) = self.request.timeout {
                builder = builder.timeout(timeout);
            }
            self.span = HttpSpan::new(
                "postgrest",
                &self.request.method,
                self.request.url(),
                self.attempt,
            );
            let response = match self.span.send(builder).await {
                Ok(response) => response,
                Err(err) => {
                    let err = Error::from_reqwest(err);
                    if self.can_retry() && err.is_network() {
                        self.wait(None).await;
                        continue;
                    }
                    return Err(err);
                }
            };
            let status = response.status().as_u16();
            if self.can_retry() && (status == 503 || status == 520) {
                let retry_after = response
                    .headers()
                    .get(http::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .filter(|secs| secs.is_finite() && *secs >= 0.0);
                // Drain and drop the body of the retried response.
                let _ = response.bytes().await;
                self.wait(retry_after).await;
                continue;
            }
            return Ok(response);
        }
    }
}

/// `Retry-After` seconds when given, else 1 s, 2 s, 4 s (capped at 30 s).
fn backoff(attempt: u32, retry_after_secs: Option<f64>) -> Duration {
    match retry_after_secs {
        Some(secs) => Duration::from_secs_f64(secs.min(30.0)),
        None => Duration::from_millis((1000u64 << attempt.min(5)).min(30_000)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_honours_retry_after() {
        assert_eq!(backoff(0, None), Duration::from_secs(1));
        assert_eq!(backoff(1, None), Duration::from_secs(2));
        assert_eq!(backoff(2, None), Duration::from_secs(4));
        assert_eq!(backoff(0, Some(0.0)), Duration::ZERO);
        assert_eq!(backoff(2, Some(7.0)), Duration::from_secs(7));
    }
}
