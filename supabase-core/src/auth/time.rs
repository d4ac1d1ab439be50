//! The clock the session logic reads, and lenient timestamp decoding.
//!
//! "Now" is the wall clock at start-up plus the time elapsed on tokio's clock since, so tests
//! that pause and advance tokio's clock move the session's notion of time with it.

use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    wall0: f64,
    inst0: tokio::time::Instant,
}

impl Clock {
    pub(crate) fn new() -> Clock {
        let wall0 = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0);
        Clock {
            wall0,
            inst0: tokio::time::Instant::now(),
        }
    }

    /// Seconds since the Unix epoch, fractional.
    pub(crate) fn now(&self) -> f64 {
        self.wall0 + self.inst0.elapsed().as_secs_f64()
    }

    /// Whole seconds since the Unix epoch, rounded as auth-js (`Math.round(Date.now()/1000)`).
    pub(crate) fn now_secs(&self) -> i64 {
        self.now().round() as i64
    }
}

/// Decodes an optional RFC 3339 timestamp; `null`, a missing key or `""` give `None`.
pub(crate) fn opt_datetime<'de, D>(de: D) -> Result<Option<DateTime<Utc>>, D::Error>
where
    D: Deserializer<'de>,
{
    let text: Option<String> = Option::deserialize(de)?;
    match text.as_deref() {
        None | Some("") => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|d| Some(d.with_timezone(&Utc)))
            .map_err(serde::de::Error::custom),
    }
}
