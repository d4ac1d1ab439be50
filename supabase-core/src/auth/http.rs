//! Sending a GoTrue request and mapping its answer (fact sheet §2.1, §2.8).

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{AuthError, AuthErrorKind, ErrorCode, WeakPasswordReason};
use super::inner::AuthInner;
use crate::telemetry::HttpSpan;

/// The API version sent in `X-Supabase-Api-Version`.
pub(crate) const API_VERSION: &str = "2024-01-01";

/// One request to GoTrue.
pub(crate) struct Call<'a> {
    pub(crate) method: Method,
    pub(crate) path: &'a str,
    pub(crate) query: Vec<(&'a str, String)>,
    pub(crate) raw_query: Option<String>,
    pub(crate) jwt: Option<&'a str>,
    pub(crate) body: Option<Value>,
}

impl<'a> Call<'a> {
    pub(crate) fn new(method: Method, path: &'a str) -> Self {
        Call {
            method,
            path,
            query: Vec::new(),
            raw_query: None,
            jwt: None,
            body: None,
        }
    }

    pub(crate) fn query(mut self, key: &'a str, value: impl Into<String>) -> Self {
        self.query.push((key, value.into()));
        self
    }

    /// Sets the query string as given (already encoded).
    pub(crate) fn raw_query(mut self, query: String) -> Self {
        self.raw_query = Some(query);
        self
    }

    /// Adds `redirect_to` when given.
    pub(crate) fn redirect_to(self, redirect_to: Option<&str>) -> Self {
        match redirect_to {
            Some(url) => self.query("redirect_to", url),
            None => self,
        }
    }

    pub(crate) fn jwt(mut self, jwt: &'a str) -> Self {
        self.jwt = Some(jwt);
        self
    }

    pub(crate) fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Sets the body from a serializable value.
    pub(crate) fn json_body(self, body: &impl serde::Serialize) -> Result<Self, AuthError> {
        Ok(self.body(serde_json::to_value(body).map_err(AuthError::encode)?))
    }
}

/// A success answer.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Answer {
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, AuthError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            AuthError::new(
                AuthErrorKind::Unknown,
                self.status,
                format!("could not decode the auth response: {e}"),
            )
            .with_source(e)
        })
    }
}

impl AuthInner {
    /// Sends `call` with the auth headers; a non-2xx answer becomes an [`AuthError`].
    pub(crate) async fn send(&self, call: Call<'_>) -> Result<Answer, AuthError> {
        let mut url = self.url.clone();
        url.set_path(&format!("{}{}", self.url.path(), call.path));
        if let Some(q) = &call.raw_query {
            url.set_query(Some(q));
        }
        if !call.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &call.query {
                pairs.append_pair(k, v);
            }
        }
        let mut headers = self.headers.clone();
        if let Some(jwt) = call.jwt {
            let value = HeaderValue::from_str(&format!("Bearer {jwt}")).map_err(|_| {
                AuthError::invalid_credentials("the access token is not a valid header value")
            })?;
            headers.insert(http::header::AUTHORIZATION, value);
        }
        let is_get = call.method == Method::GET;
        let mut span = HttpSpan::new("auth", &call.method, &url, 0);
        let mut request = self.http.request(call.method, url);
        if !is_get {
            headers.insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json;charset=UTF-8"),
            );
            if let Some(body) = &call.body {
                request = request.body(body.to_string());
            }
        }
        crate::redact::mark_sensitive(&mut headers);
        let response = span.send(request.headers(headers)).await.map_err(network)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|err| {
            span.body_failed(&err);
            network(err)
        })?;
        if (200..300).contains(&status) {
            Ok(Answer {
                status,
                headers,
                body,
            })
        } else {
            let err = map_error(status, &headers, &body);
            if let Some(code) = err.code() {
                span.error_code(code.as_str());
            }
            Err(err)
        }
    }
}

/// A transport failure: the message names host, port and path (never the query), and the kept
/// source has its URL scrubbed of tokens.
fn network(err: reqwest::Error) -> AuthError {
    let message = format!("network error: {}", crate::net_error::Describe(&err));
    AuthError::new(AuthErrorKind::Retryable, 0, message)
        .with_source(crate::redact::scrub_reqwest(err))
}

fn is_retryable_status(status: u16) -> bool {
    (500..=504).contains(&status) || (520..=530).contains(&status)
}

/// auth-js `handleError`, step by step.
pub(crate) fn map_error(status: u16, headers: &HeaderMap, body: &[u8]) -> AuthError {
    let json: Option<serde_json::Map<String, Value>> = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.as_object().cloned());
    let Some(obj) = json else {
        let text = String::from_utf8_lossy(body).into_owned();
        if is_retryable_status(status) {
            let reason = http::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .map(str::to_owned)
                .unwrap_or_else(|| format!("HTTP {status}"));
            return AuthError::new(AuthErrorKind::Retryable, status, reason);
        }
        return AuthError::new(AuthErrorKind::Unknown, status, text);
    };
    let message = ["msg", "message", "error_description", "error"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| Value::Object(obj.clone()).to_string());
    let versioned = headers
        .get("x-supabase-api-version")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.len() >= 10 && v.is_char_boundary(10) && &v[..10] >= API_VERSION);
    let code_key = if versioned { "code" } else { "error_code" };
    let code = obj
        .get(code_key)
        .and_then(Value::as_str)
        .map(ErrorCode::parse);
    if is_retryable_status(status) {
        return AuthError::new(AuthErrorKind::Retryable, status, message).with_code(code);
    }
    let reasons: Option<Vec<WeakPasswordReason>> = obj
        .get("weak_password")
        .and_then(|w| w.get("reasons"))
        .and_then(Value::as_array)
        .and_then(|a| {
            a.iter()
                .map(|r| r.as_str().map(WeakPasswordReason::parse))
                .collect::<Option<Vec<_>>>()
        });
    match &code {
        None if reasons.as_ref().is_some_and(|r| !r.is_empty()) => {
            AuthError::new(AuthErrorKind::WeakPassword, status, message)
                .with_reasons(reasons.unwrap_or_default())
        }
        Some(ErrorCode::WeakPassword) => {
            AuthError::new(AuthErrorKind::WeakPassword, status, message)
                .with_code(code)
                .with_reasons(reasons.unwrap_or_default())
        }
        Some(ErrorCode::SessionNotFound) => AuthError::session_missing().with_code(code),
        _ => AuthError::new(
            AuthErrorKind::Api,
            if status == 0 { 500 } else { status },
            message,
        )
        .with_code(code),
    }
}

/// Percent-encodes one path segment (ids in `/admin/users/{id}`, `/factors/{id}`).
pub(crate) fn segment(text: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, SET).to_string()
}
