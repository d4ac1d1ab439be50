//! Broadcasts over REST: the `/api/broadcast` fallback of `send_broadcast` and `http_send`.

use http::{HeaderMap, HeaderValue, Method};
use serde::Serialize;
use serde_json::{json, Value};

use super::broadcast::{self, PushStatus};
use super::channel::RealtimeChannel;
use super::error::RealtimeError;
use crate::telemetry::HttpSpan;

impl RealtimeChannel {
    /// realtime-js's REST headers (`apikey`, `Content-Type: application/json`,
    /// `Authorization: Bearer <token>` when one is known) over the client's global headers; a
    /// global `Authorization` or `apikey` is kept.
    pub(crate) async fn rest_headers(
        &self,
        content_type: &'static str,
    ) -> Result<HeaderMap, RealtimeError> {
        let mut headers = self.shared.rest_headers.clone();
        let bad = |_| {
            RealtimeError::InvalidArgument(
                "the api key or token is not a valid header value".into(),
            )
        };
        if !headers.contains_key("apikey") {
            headers.insert(
                "apikey",
                HeaderValue::from_str(&self.shared.api_key).map_err(bad)?,
            );
        }
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(content_type),
        );
        if !headers.contains_key(http::header::AUTHORIZATION) {
            if let Some(token) = self.shared.rest_token().await {
                headers.insert(
                    http::header::AUTHORIZATION,
                    HeaderValue::from_str(&format!("Bearer {token}")).map_err(bad)?,
                );
            }
        }
        crate::redact::mark_sensitive(&mut headers);
        Ok(headers)
    }

    pub(crate) async fn send_rest(
        &self,
        event: &str,
        payload: Value,
    ) -> Result<PushStatus, RealtimeError> {
        let url = broadcast::http_endpoint(&self.shared.socket_url);
        let body = broadcast::batch_body(
            &self.inner.sub_topic,
            event,
            payload,
            self.inner.config.private,
        );
        let mut span = HttpSpan::new("realtime", &Method::POST, &url, 0);
        let request = self
            .shared
            .http
            .post(url)
            .headers(self.rest_headers("application/json").await?)
            .timeout(self.shared.options.timeout)
            .body(body.to_string());
        let response = span.send(request).await;
        match response {
            Ok(r) if r.status().is_success() => Ok(PushStatus::Ok),
            Ok(r) => {
                let status = r.status().as_u16();
                Ok(PushStatus::Error(
                    json!({"status": status, "body": r.text().await.unwrap_or_default()}),
                ))
            }
            Err(e) if e.is_timeout() => Ok(PushStatus::TimedOut),
            Err(e) => Err(RealtimeError::Network(crate::redact::scrub_reqwest(e))),
        }
    }

    /// Sends one broadcast over REST: `POST <httpBase>/api/broadcast/<topic>/events/<event>`
    /// (`?private=true` for private channels). 202 is success; other statuses are errors
    /// carrying the body's `error`/`message`.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// client.channel("room1").http_send("note", &serde_json::json!({"text": "hi"})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn http_send<P: Serialize + ?Sized>(
        &self,
        event: &str,
        payload: &P,
    ) -> Result<(), RealtimeError> {
        let body = serde_json::to_vec(payload).map_err(RealtimeError::Encode)?;
        let mut url = broadcast::http_endpoint(&self.shared.socket_url);
        url.path_segments_mut()
            .map_err(|_| {
                RealtimeError::InvalidArgument("the realtime url cannot have a path".into())
            })?
            .push(&self.inner.sub_topic)
            .push("events")
            .push(event);
        if self.inner.config.private {
            url.query_pairs_mut().append_pair("private", "true");
        }
        let mut span = HttpSpan::new("realtime", &Method::POST, &url, 0);
        let request = self
            .shared
            .http
            .post(url)
            .headers(self.rest_headers("application/json").await?)
            .timeout(self.shared.options.timeout)
            .body(body);
        let response = span
            .send(request)
            .await
            .map_err(|e| RealtimeError::Network(crate::redact::scrub_reqwest(e)))?;
        let status = response.status().as_u16();
        if status == 202 {
            return Ok(());
        }
        let text = response.text().await.unwrap_or_default();
        if status == 404 {
            return Err(RealtimeError::Http {
                status,
                body:
                    "http_send requires Realtime server v2.97.0 or newer; the endpoint returned 404"
                        .into(),
            });
        }
        Err(broadcast::rest_error(status, text))
    }
}
