//! `HttpSpan`: the one span every HTTP request of every service is sent in.
//!
//! A span `http.request` (level INFO, OpenTelemetry kind `client`) per attempt, with
//! `supabase.service`, `http.request.method`, `url.path`, `url.query` (parameter names only,
//! values redacted), `server.address`, `server.port` and `http.request.resend_count` (retries
//! of reads only); once the answer is in, `http.response.status_code`; on failure `error.type`
//! (the PostgREST / Auth / Storage error code when the body had one, else the status, else the
//! kind of transport failure) and `otel.status_code = "ERROR"`; PostgREST's error code also as
//! `db.response.status_code`. When the request is done (the span dropped, after the body was
//! read) a DEBUG event `http request done` carries the same fields and `duration_ms`.

use http::Method;
use url::Url;

/// The span of one HTTP request (one attempt). Keep it alive until the response body has been
/// read, so its duration and error code cover the whole exchange.
pub(crate) struct HttpSpan {
    #[cfg(feature = "tracing")]
    live: Option<Box<Live>>,
}

#[cfg(feature = "tracing")]
struct Live {
    span: tracing::Span,
    started: std::time::Instant,
    status: Option<u16>,
    error_type: Option<String>,
}

impl HttpSpan {
    /// Opens the span of a request of `service` (`postgrest`, `auth`, `storage`, `functions`,
    /// `realtime`); `resend` is the retry number (0 for the first attempt).
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn new(service: &'static str, method: &Method, url: &Url, resend: u32) -> HttpSpan {
        #[cfg(feature = "tracing")]
        {
            let span = tracing::info_span!(
                "http.request",
                otel.kind = "client",
                supabase.service = service,
                http.request.method = method.as_str(),
                url.path = url.path(),
                url.query = tracing::field::Empty,
                server.address = url.host_str().unwrap_or_default(),
                server.port = url.port_or_known_default(),
                http.request.resend_count = tracing::field::Empty,
                http.response.status_code = tracing::field::Empty,
                "error.type" = tracing::field::Empty,
                db.response.status_code = tracing::field::Empty,
                otel.status_code = tracing::field::Empty,
            );
            if span.is_disabled() {
                return HttpSpan { live: None };
            }
            if let Some(query) = url.query() {
                span.record("url.query", query_shape(query).as_str());
            }
            if resend > 0 {
                span.record("http.request.resend_count", resend);
            }
            HttpSpan {
                live: Some(Box::new(Live {
                    span,
                    started: std::time::Instant::now(),
                    status: None,
                    error_type: None,
                })),
            }
        }
        #[cfg(not(feature = "tracing"))]
        HttpSpan {}
    }

    /// No span (a request not sent yet).
    pub(crate) fn idle() -> HttpSpan {
        HttpSpan {
            #[cfg(feature = "tracing")]
            live: None,
        }
    }

    /// Sends `request` inside the span and records the status or the transport failure.
    pub(crate) async fn send(
        &mut self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, reqwest::Error> {
        #[cfg(feature = "tracing")]
        if let Some(live) = self.live.as_mut() {
            use tracing::Instrument;
            let result = request.send().instrument(live.span.clone()).await;
            match &result {
                Ok(response) => {
                    let status = response.status().as_u16();
                    live.status = Some(status);
                    live.span.record("http.response.status_code", status);
                    if status >= 400 {
                        live.span.record("otel.status_code", "ERROR");
                    }
                }
                Err(err) => live.transport_failed(err),
            }
            return result;
        }
        request.send().await
    }

    /// Records a failure after the response arrived (reading the body).
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn body_failed(&mut self, err: &reqwest::Error) {
        #[cfg(feature = "tracing")]
        if let Some(live) = self.live.as_mut() {
            live.transport_failed(err);
        }
    }

    /// Records the error code a service put in its error body (`PGRST116`, `23505`,
    /// `invalid_credentials`, `NoSuchKey`) as `error.type`.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn error_code(&mut self, code: &str) {
        #[cfg(feature = "tracing")]
        if let Some(live) = self.live.as_mut() {
            live.error_type = Some(code.to_owned());
            live.span.record("otel.status_code", "ERROR");
        }
    }

    /// Records PostgREST's error code (a SQLSTATE or `PGRSTnnn`) as `db.response.status_code`
    /// and `error.type`.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn db_code(&mut self, code: &str) {
        #[cfg(feature = "tracing")]
        if let Some(live) = self.live.as_mut() {
            live.span.record("db.response.status_code", code);
        }
        self.error_code(code);
    }
}

#[cfg(feature = "tracing")]
impl Live {
    fn transport_failed(&mut self, err: &reqwest::Error) {
        let kind = if err.is_timeout() {
            "timeout"
        } else if err.is_connect() {
            "connect"
        } else if err.is_body() || err.is_decode() {
            "body"
        } else if err.is_builder() {
            "builder"
        } else {
            "request"
        };
        self.error_type = Some(kind.to_owned());
        self.span.record("otel.status_code", "ERROR");
    }
}

#[cfg(feature = "tracing")]
impl Drop for HttpSpan {
    fn drop(&mut self) {
        let Some(live) = self.live.take() else {
            return;
        };
        let error_type = match (&live.error_type, live.status) {
            (Some(kind), _) => Some(kind.clone()),
            (None, Some(status)) if status >= 400 => Some(status.to_string()),
            _ => None,
        };
        if let Some(kind) = &error_type {
            live.span.record("error.type", kind.as_str());
        }
        let duration_ms = live.started.elapsed().as_secs_f64() * 1000.0;
        tracing::debug!(
            parent: &live.span,
            http.response.status_code = live.status,
            "error.type" = error_type.as_deref(),
            duration_ms,
            "http request done"
        );
    }
}

/// The query string with every value redacted: `select=<redacted>&id=<redacted>`. Filter values
/// may be secrets (a token looked up by value, a signed URL's `token`); the parameter names show
/// which filters and modifiers a request used.
#[cfg(feature = "tracing")]
fn query_shape(query: &str) -> String {
    let mut out = String::with_capacity(query.len().min(256));
    for (i, (name, _)) in form_urlencoded::parse(query.as_bytes()).enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&name);
        out.push('=');
        out.push_str(crate::redact::REDACTED);
    }
    out
}

#[cfg(all(test, feature = "tracing"))]
mod tests {
    use super::*;

    #[test]
    fn query_shape_keeps_names_only() {
        assert_eq!(
            query_shape("select=id%2Cname&token=eq.s3cret&order=name.asc"),
            "select=<redacted>&token=<redacted>&order=<redacted>"
        );
    }
}
