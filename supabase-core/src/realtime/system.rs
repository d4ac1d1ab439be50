//! System messages (`event: "system"`), such as "Subscribed to PostgreSQL".

use serde_json::Value;

use super::error::RealtimeError;
use super::subscription::Delivery;

/// A `system` message: `{extension, status, message, channel}`.
///
/// After a join with postgres bindings the server sends `extension: "postgres_changes"`,
/// `status: "ok"`, `message: "Subscribed to PostgreSQL"`: the real "changes are flowing"
/// signal. An error status (an expired token…) is followed by the channel being closed.
///
/// ```
/// use supabase_core::realtime::SystemMessage;
/// let m = SystemMessage::from_payload(serde_json::json!({
///     "extension": "postgres_changes", "status": "ok",
///     "message": "Subscribed to PostgreSQL", "channel": "room1"
/// }));
/// assert!(m.is_postgres_ready());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SystemMessage {
    /// `system` or `postgres_changes`.
    pub extension: String,
    /// `ok` or `error`.
    pub status: String,
    /// The human-readable message.
    pub message: String,
    /// The channel name the server reports.
    pub channel: Option<String>,
    /// The whole payload as received.
    pub raw: Value,
}

impl SystemMessage {
    /// Reads a `system` payload (missing fields become empty strings).
    ///
    /// ```
    /// # use supabase_core::realtime::SystemMessage;
    /// let m = SystemMessage::from_payload(serde_json::json!({"status": "error", "message": "expired"}));
    /// assert!(m.is_error());
    /// ```
    pub fn from_payload(raw: Value) -> SystemMessage {
        let text = |k: &str| {
            raw.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        SystemMessage {
            extension: text("extension"),
            status: text("status"),
            message: text("message"),
            channel: raw
                .get("channel")
                .and_then(Value::as_str)
                .map(str::to_owned),
            raw: raw.clone(),
        }
    }

    /// True for `status: "error"`.
    ///
    /// ```
    /// # use supabase_core::realtime::SystemMessage;
    /// assert!(!SystemMessage::from_payload(serde_json::json!({"status": "ok"})).is_error());
    /// ```
    pub fn is_error(&self) -> bool {
        self.status == "error"
    }

    /// True for the postgres_changes "Subscribed to PostgreSQL" confirmation.
    ///
    /// ```
    /// # use supabase_core::realtime::SystemMessage;
    /// assert!(!SystemMessage::from_payload(serde_json::json!({})).is_postgres_ready());
    /// ```
    pub fn is_postgres_ready(&self) -> bool {
        self.extension == "postgres_changes" && self.status == "ok"
    }
}

pub(crate) fn decode(item: Delivery) -> Option<Result<SystemMessage, RealtimeError>> {
    match item {
        Delivery::System(m) => Some(Ok((*m).clone())),
        _ => None,
    }
}
