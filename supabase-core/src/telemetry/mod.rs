//! `tracing` instrumentation: a span per HTTP request ([`HttpSpan`]) and events for the
//! lifecycle of auth sessions, the realtime socket and long uploads.
//!
//! Everything here compiles to nothing without the `tracing` feature: [`event!`] expands to an
//! empty block and [`HttpSpan`] to a zero-sized value whose `send` only sends. With the
//! feature and no subscriber interested, a callsite costs one cached check.
//!
//! Field names follow OpenTelemetry's semantic conventions where one applies
//! (`http.request.method`, `url.path`, `server.address`, `http.response.status_code`,
//! `error.type`, `otel.status_code`, `http.request.resend_count`, `db.response.status_code`);
//! crate-specific ones are under `supabase.` (`supabase.service`). No field ever holds a
//! credential: URLs are traced as their path and the names of their query parameters, with
//! every value redacted.

// A build with only some services leaves some of these without a user.
#![cfg_attr(
    not(all(feature = "postgrest", feature = "auth", feature = "storage")),
    allow(unused_imports, unused_macros, dead_code)
)]

mod http_span;

pub(crate) use http_span::HttpSpan;

/// A `tracing` event when the `tracing` feature is on; nothing otherwise. The arguments are
/// `tracing`'s (`event!(Level::DEBUG, field = value, "message")`) and are not evaluated when the
/// feature is off, so they must not be the only use of a variable.
macro_rules! event {
    ($($arg:tt)+) => {
        #[cfg(feature = "tracing")]
        {
            ::tracing::event!($($arg)+);
        }
    };
}

pub(crate) use event;
