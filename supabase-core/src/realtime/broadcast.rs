//! Broadcast: received messages (typed per event) and the REST endpoints `/api/broadcast`.

use bytes::Bytes;
use std::fmt;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
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
    pub(crate) payload: RawPayload,
    pub(crate) meta: Option<Value>,
}

/// The user payload of a received broadcast, as the frame carried it: JSON text (validated,
/// not parsed: each listener decodes it straight into its own type), an already parsed value
/// (vsn 1.0.0 frames), or raw bytes.
#[derive(Debug, Clone)]
pub(crate) enum RawPayload {
    Text(Box<RawValue>),
    Json(Value),
    Binary(Bytes),
}

impl PartialEq for RawPayload {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (RawPayload::Text(a), RawPayload::Text(b)) => a.get() == b.get(),
            (RawPayload::Json(a), RawPayload::Json(b)) => a == b,
            (RawPayload::Binary(a), RawPayload::Binary(b)) => a == b,
            _ => false,
        }
    }
}

/// The `{type, event, payload, meta?}` object of a `broadcast` message, read in one pass with
/// the user payload left as text. Reading fails (and the caller falls back to the general path
/// and [`RawBroadcast::from_json`]) on anything unusual: not an object, a non-string `event`, a
/// duplicate key.
pub(crate) struct BroadcastEnvelope<'a> {
    event: String,
    payload: Option<&'a RawValue>,
    /// `Some` whenever the key is present, `null` included (as `Value::get` sees it).
    meta: Option<Value>,
}

impl<'de> Deserialize<'de> for BroadcastEnvelope<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        de.deserialize_map(EnvelopeVisitor)
    }
}

struct EnvelopeVisitor;

impl<'de> Visitor<'de> for EnvelopeVisitor {
    type Value = BroadcastEnvelope<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a broadcast object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut event, mut payload, mut meta) = (None, None, None);
        // A key with escapes is not borrowable and fails here; the general path reads it.
        while let Some(key) = map.next_key::<&'de str>()? {
            match key {
                "event" if event.is_none() => event = Some(map.next_value::<String>()?),
                "payload" if payload.is_none() => payload = Some(map.next_value::<&RawValue>()?),
                "meta" if meta.is_none() => meta = Some(map.next_value::<Value>()?),
                "event" | "payload" | "meta" => return Err(de::Error::custom("duplicate key")),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(BroadcastEnvelope {
            event: event.ok_or_else(|| de::Error::missing_field("event"))?,
            payload,
            meta,
        })
    }
}

impl BroadcastEnvelope<'_> {
    pub(crate) fn into_raw(self) -> RawBroadcast {
        let payload = match self.payload {
            Some(raw) => raw.to_owned(),
            None => null_raw(),
        };
        RawBroadcast {
            event: self.event,
            payload: RawPayload::Text(payload),
            meta: self.meta,
        }
    }
}

/// `null` as raw JSON: a missing or `null` payload (as `payload.get("payload")` gave `Null`).
fn null_raw() -> Box<RawValue> {
    RawValue::NULL.to_owned()
}

impl RawBroadcast {
    /// Reads the `{type, event, payload, meta?}` object of a `broadcast` message.
    pub(crate) fn from_json(payload: &Value) -> Option<RawBroadcast> {
        let event = payload.get("event")?.as_str()?.to_owned();
        Some(RawBroadcast {
            event,
            payload: RawPayload::Json(payload.get("payload").cloned().unwrap_or(Value::Null)),
            meta: payload.get("meta").cloned(),
        })
    }

    /// Whether a listener for `wanted` (lower-cased, or `*`) takes this broadcast: the event
    /// name compared case-insensitively, without allocating for ASCII names.
    pub(crate) fn event_matches(&self, wanted: &str) -> bool {
        if wanted == "*" {
            return true;
        }
        if self.event.is_ascii() {
            return wanted.len() == self.event.len()
                && wanted
                    .bytes()
                    .zip(self.event.bytes())
                    .all(|(w, e)| w == e.to_ascii_lowercase());
        }
        self.event.to_lowercase() == wanted
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
        RawPayload::Text(text) => {
            serde_json::from_str(text.get()).map_err(|source| RealtimeError::Decode {
                event: raw.event.clone(),
                source,
                payload: text.get().to_owned(),
            })
        }
        RawPayload::Json(v) => T::deserialize(v).map_err(|source| RealtimeError::Decode {
            event: raw.event.clone(),
            source,
            payload: v.to_string(),
        }),
        RawPayload::Binary(b) => {
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
    let payload = match &raw.payload {
        RawPayload::Text(text) => match serde_json::from_str(text.get()) {
            Ok(value) => BroadcastPayload::Json(value),
            Err(source) => {
                return Some(Err(RealtimeError::Decode {
                    event: raw.event.clone(),
                    source,
                    payload: text.get().to_owned(),
                }))
            }
        },
        RawPayload::Json(v) => BroadcastPayload::Json(v.clone()),
        RawPayload::Binary(b) => BroadcastPayload::Binary(b.clone()),
    };
    Some(Ok(Broadcast {
        event: raw.event.clone(),
        payload,
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
