//! Broadcast: received messages (typed per event) and the REST endpoints `/api/broadcast`.

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use url::Url;

use super::error::RealtimeError;
use super::subscription::Delivery;

/// The payload of a received broadcast as it arrived: JSON, or raw bytes (a vsn 2.0.0 binary
/// frame with binary encoding).
///
/// ```
/// use supabase_core::realtime::BroadcastPayload;
/// let p = BroadcastPayload::Json(serde_json::json!({"x": 1}));
/// assert!(matches!(p, BroadcastPayload::Json(_)));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BroadcastPayload {
    /// A JSON payload.
    Json(Value),
    /// Raw bytes.
    Binary(Bytes),
}

/// A broadcast as the socket task hands it over, before decoding.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawBroadcast {
    pub(crate) event: String,
    pub(crate) payload: BroadcastPayload,
    pub(crate) meta: Option<Value>,
}

impl RawBroadcast {
    /// Reads the `{type, event, payload, meta?}` object of a `broadcast` message.
    pub(crate) fn from_json(payload: &Value) -> Option<RawBroadcast> {
        let event = payload.get("event")?.as_str()?.to_owned();
        Some(RawBroadcast {
            event,
            payload: BroadcastPayload::Json(payload.get("payload").cloned().unwrap_or(Value::Null)),
            meta: payload.get("meta").cloned(),
        })
    }
}

/// A received broadcast whose payload decoded into `T`.
///
/// ```
/// use supabase_core::realtime::Broadcast;
/// let b = Broadcast { event: "ping".to_owned(), payload: 1u8, meta: None };
/// assert_eq!(b.payload, 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Broadcast<T> {
    /// The user event name (`payload.event`).
    pub event: String,
    /// The decoded payload.
    pub payload: T,
    /// `meta` (`{id, replayed?}`) when the server sent it.
    pub meta: Option<Value>,
}

impl<T> Broadcast<T> {
    /// Whether the server replayed this message on join (`meta.replayed`), rather than it
    /// being sent live.
    ///
    /// ```
    /// use supabase_core::realtime::Broadcast;
    /// let b = Broadcast { event: "m".to_owned(), payload: (), meta: Some(serde_json::json!({"replayed": true, "id": "0b6c"})) };
    /// assert!(b.is_replayed());
    /// assert_eq!(b.message_id(), Some("0b6c"));
    /// ```
    pub fn is_replayed(&self) -> bool {
        self.meta
            .as_ref()
            .and_then(|m| m.get("replayed"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// The stored message's id (`meta.id`), present on replayed and stored messages.
    pub fn message_id(&self) -> Option<&str> {
        self.meta.as_ref()?.get("id")?.as_str()
    }
}

pub(crate) fn decode_typed<T: DeserializeOwned>(
    item: Delivery,
) -> Option<Result<Broadcast<T>, RealtimeError>> {
    let Delivery::Broadcast(raw) = item else {
        return None;
    };
    let decoded = match &raw.payload {
        BroadcastPayload::Json(v) => T::deserialize(v).map_err(|source| RealtimeError::Decode {
            event: raw.event.clone(),
            source,
            payload: v.to_string(),
        }),
        BroadcastPayload::Binary(b) => {
            let de = serde::de::value::BytesDeserializer::<serde_json::Error>::new(b);
            T::deserialize(de).map_err(|source| RealtimeError::Decode {
                event: raw.event.clone(),
                source,
                payload: format!("<{} binary bytes>", b.len()),
            })
        }
    };
    Some(decoded.map(|payload| Broadcast {
        event: raw.event.clone(),
        payload,
        meta: raw.meta.clone(),
    }))
}

pub(crate) fn decode_raw(
    item: Delivery,
) -> Option<Result<Broadcast<BroadcastPayload>, RealtimeError>> {
    let Delivery::Broadcast(raw) = item else {
        return None;
    };
    Some(Ok(Broadcast {
        event: raw.event.clone(),
        payload: raw.payload.clone(),
        meta: raw.meta.clone(),
    }))
}

/// How a push ended (`send_broadcast`, `track`, `untrack`).
///
/// ```
/// use supabase_core::realtime::PushStatus;
/// assert_eq!(PushStatus::Ok.as_str(), "ok");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PushStatus {
    /// Acknowledged (or sent, when no acknowledgement was asked for).
    Ok,
    /// The server answered with an error; its `response` is kept.
    Error(Value),
    /// No answer within the timeout.
    TimedOut,
}

impl PushStatus {
    /// realtime-js's string for the status: `ok`, `error` or `timed out`.
    ///
    /// ```
    /// use supabase_core::realtime::PushStatus;
    /// assert_eq!(PushStatus::TimedOut.as_str(), "timed out");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            PushStatus::Ok => "ok",
            PushStatus::Error(_) => "error",
            PushStatus::TimedOut => "timed out",
        }
    }
}

/// `<httpBase>`: the socket URL with ws→http, without the `/websocket` suffix, plus
/// `/api/broadcast`; the socket's query string stays on it.
pub(crate) fn http_endpoint(socket_url: &Url) -> Url {
    let mut url = socket_url.clone();
    let scheme = if url.scheme() == "wss" {
        "https"
    } else {
        "http"
    };
    let text = format!("{scheme}{}", &url.as_str()[url.scheme().len()..]);
    if let Ok(parsed) = Url::parse(&text) {
        url = parsed;
    }
    let mut path = url.path().trim_end_matches('/').to_owned();
    for suffix in ["/socket/websocket", "/socket", "/websocket"] {
        if path.to_ascii_lowercase().ends_with(suffix) {
            path.truncate(path.len() - suffix.len());
            break;
        }
    }
    url.set_path(&format!("{path}/api/broadcast"));
    url
}

/// The body of `POST /api/broadcast` for one message.
pub(crate) fn batch_body(sub_topic: &str, event: &str, payload: Value, private: bool) -> Value {
    json!({"messages": [{"topic": sub_topic, "event": event, "payload": payload, "private": private}]})
}

/// Reads the error message out of a REST broadcast answer: `error`, `message`, else the body.
pub(crate) fn rest_error(status: u16, body: String) -> RealtimeError {
    let message = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|v| {
            v.get("error")
                .or_else(|| v.get("message"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or(body);
    RealtimeError::Http {
        status,
        body: message,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn endpoint_keeps_query() {
        let u =
            Url::parse("wss://ref.supabase.co/realtime/v1/websocket?apikey=k&vsn=2.0.0").unwrap();
        assert_eq!(
            http_endpoint(&u).as_str(),
            "https://ref.supabase.co/realtime/v1/api/broadcast?apikey=k&vsn=2.0.0"
        );
        let u = Url::parse("ws://h:1/socket/websocket?apikey=k").unwrap();
        assert_eq!(
            http_endpoint(&u).as_str(),
            "http://h:1/api/broadcast?apikey=k"
        );
    }
}
