//! Sending a request: authorization, timeout, and retries of reads.

use std::time::Duration;

use http::{HeaderValue, Method};
use serde::de::DeserializeOwned;

use super::filter_builder::FilterBuilder;
use super::request::PreparedRequest;
use super::response::{interpret, Interpreted, PostgrestResponse};
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
            return Err(err);
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

async fn send<T: DeserializeOwned>(
    client: &Client,
    request: &PreparedRequest,
) -> Result<PostgrestResponse<T>, Error> {
    let mut headers = request.headers.clone();
    client.add_authorization(&mut headers).await?;
    let body = match &request.body {
        Some(value) => Some(serde_json::to_vec(value).map_err(Error::Serialize)?),
        None => None,
    };

    let mut attempt: u32 = 0;
    loop {
        let mut builder = client
            .http()
            .request(request.method.clone(), request.url.clone())
            .headers(headers.clone());
        if attempt > 0 {
            builder = builder.header("x-retry-count", HeaderValue::from(attempt));
        }
        if let Some(body) = &body {
            builder = builder.body(body.clone());
        }
        if let Some(timeout) = request.timeout {
            builder = builder.timeout(timeout);
        }

        let can_retry = request.retry && attempt < MAX_RETRIES;
        let response = match builder.send().await {
            Ok(response) => response,
            Err(err) => {
                let err = Error::from_reqwest(err);
                if can_retry && err.is_network() {
                    tokio::time::sleep(backoff(attempt, None)).await;
                    attempt += 1;
                    continue;
                }
                return Err(err);
            }
        };

        let status = response.status().as_u16();
        if can_retry && (status == 503 || status == 520) {
            let retry_after = response
                .headers()
                .get(http::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|secs| secs.is_finite() && *secs >= 0.0);
            // Drain and drop the body of the retried response.
            let _ = response.bytes().await;
            tokio::time::sleep(backoff(attempt, retry_after)).await;
            attempt += 1;
            continue;
        }

        let response_headers = response.headers().clone();
        let bytes = if request.method == Method::HEAD {
            Default::default()
        } else {
            match response.bytes().await {
                Ok(bytes) => bytes,
                Err(err) => {
                    let err = Error::from_reqwest(err);
                    if can_retry && err.is_network() {
                        tokio::time::sleep(backoff(attempt, None)).await;
                        attempt += 1;
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
        )?;
        return Ok(PostgrestResponse {
            data,
            count,
            status,
            headers: response_headers,
        });
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
