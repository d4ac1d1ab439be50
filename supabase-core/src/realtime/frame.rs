//! The Phoenix frame codec: vsn 1.0.0 JSON objects, vsn 2.0.0 JSON arrays, and the vsn 2.0.0
//! binary user-broadcast frames (kind 3 client to server, kind 4 server to client).

use bytes::Bytes;
use serde_json::{json, Value};

use super::config::Vsn;
use super::error::RealtimeError;

/// Binary frame kind of a client user-broadcast push.
const KIND_USER_BROADCAST_PUSH: u8 = 3;
/// Binary frame kind of a server user broadcast.
const KIND_USER_BROADCAST: u8 = 4;
/// Payload encoding byte: raw bytes.
const ENCODING_BINARY: u8 = 0;
/// Payload encoding byte: JSON text.
const ENCODING_JSON: u8 = 1;

/// The payload of a frame: JSON, or the raw bytes of a binary user broadcast.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Payload {
    Json(Value),
    /// A user broadcast whose payload is raw bytes (binary encoding 0).
    BinaryBroadcast {
        event: String,
        payload: Bytes,
        meta: Option<Value>,
    },
}

/// One Phoenix message, either direction.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frame {
    pub(crate) join_ref: Option<String>,
    pub(crate) ref_: Option<String>,
    pub(crate) topic: String,
    pub(crate) event: String,
    pub(crate) payload: Payload,
}

/// What goes on the wire: a text or a binary websocket message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WireMessage {
    Text(String),
    Binary(Vec<u8>),
}

impl Frame {
    /// The JSON payload, or `Value::Null` for a binary broadcast.
    pub(crate) fn json(&self) -> &Value {
        match &self.payload {
            Payload::Json(v) => v,
            Payload::BinaryBroadcast { .. } => &Value::Null,
        }
    }
}

/// Encodes a client frame for the given protocol version.
///
/// In vsn 2.0.0 a `broadcast` push whose payload has a string `event` goes out as a kind-3
/// binary frame, as realtime-js's serializer does; everything else is a JSON array.
/// vsn 1.0.0 writes the JSON object `{"topic","event","payload","ref","join_ref"}` (a frame
/// without a join ref, the heartbeat, leaves the key out, like `JSON.stringify` of `undefined`).
pub(crate) fn encode(frame: &Frame, vsn: Vsn) -> Result<WireMessage, RealtimeError> {
    match vsn {
        Vsn::V1 => {
            let payload = match &frame.payload {
                Payload::Json(v) => v.clone(),
                Payload::BinaryBroadcast { .. } => {
                    return Err(RealtimeError::InvalidArgument(
                        "binary broadcast payloads need vsn 2.0.0".into(),
                    ))
                }
            };
            let mut obj = serde_json::Map::new();
            obj.insert("topic".into(), Value::String(frame.topic.clone()));
            obj.insert("event".into(), Value::String(frame.event.clone()));
            obj.insert("payload".into(), payload);
            obj.insert("ref".into(), opt(&frame.ref_));
            if frame.topic != "phoenix" {
                obj.insert("join_ref".into(), opt(&frame.join_ref));
            }
            Ok(WireMessage::Text(Value::Object(obj).to_string()))
        }
        Vsn::V2 => {
            if frame.event == "broadcast" {
                match &frame.payload {
                    Payload::BinaryBroadcast { event, payload, .. } => {
                        return encode_user_broadcast_push(frame, event, ENCODING_BINARY, payload)
                            .map(WireMessage::Binary);
                    }
                    Payload::Json(v) => {
                        if let Some(event) = v.get("event").and_then(Value::as_str) {
                            let user = v.get("payload").cloned().unwrap_or_else(|| json!({}));
                            let bytes = serde_json::to_vec(&user).map_err(RealtimeError::Encode)?;
                            return encode_user_broadcast_push(frame, event, ENCODING_JSON, &bytes)
                                .map(WireMessage::Binary);
                        }
                    }
                }
            }
            let payload = match &frame.payload {
                Payload::Json(v) => v.clone(),
                Payload::BinaryBroadcast { .. } => Value::Null,
            };
            let arr = Value::Array(vec![
                opt(&frame.join_ref),
                opt(&frame.ref_),
                Value::String(frame.topic.clone()),
                Value::String(frame.event.clone()),
                payload,
            ]);
            Ok(WireMessage::Text(arr.to_string()))
        }
    }
}

fn opt(value: &Option<String>) -> Value {
    match value {
        Some(s) => Value::String(s.clone()),
        None => Value::Null,
    }
}

fn encode_user_broadcast_push(
    frame: &Frame,
    user_event: &str,
    encoding: u8,
    payload: &[u8],
) -> Result<Vec<u8>, RealtimeError> {
    let join_ref = frame.join_ref.as_deref().unwrap_or("").as_bytes();
    let ref_ = frame.ref_.as_deref().unwrap_or("").as_bytes();
    let topic = frame.topic.as_bytes();
    let event = user_event.as_bytes();
    let fields: [(&str, &[u8]); 4] = [
        ("join_ref", join_ref),
        ("ref", ref_),
        ("topic", topic),
        ("user event", event),
    ];
    let mut out = Vec::with_capacity(
        7 + join_ref.len() + ref_.len() + topic.len() + event.len() + payload.len(),
    );
    out.push(KIND_USER_BROADCAST_PUSH);
    for (name, field) in fields {
        out.push(u8::try_from(field.len()).map_err(|_| {
            RealtimeError::InvalidArgument(format!(
                "{name} is {} bytes long; a binary broadcast frame allows at most 255",
                field.len()
            ))
        })?);
    }
    out.push(0); // metadata length: no metadata keys are sent
    out.push(encoding);
    for (_, field) in fields {
        out.extend_from_slice(field);
    }
    out.extend_from_slice(payload);
    Ok(out)
}

/// Decodes a server text frame.
pub(crate) fn decode_text(text: &str, vsn: Vsn) -> Result<Frame, RealtimeError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| RealtimeError::Protocol(format!("frame is not JSON: {e}")))?;
    match vsn {
        Vsn::V2 => {
            let Value::Array(mut items) = value else {
                return Err(RealtimeError::Protocol(
                    "a vsn 2.0.0 text frame must be a JSON array".into(),
                ));
            };
            if items.len() != 5 {
                return Err(RealtimeError::Protocol(format!(
                    "a vsn 2.0.0 frame has 5 elements, got {}",
                    items.len()
                )));
            }
            let payload = items.pop().unwrap_or(Value::Null);
            let event = string_field(items.pop(), "event")?;
            let topic = string_field(items.pop(), "topic")?;
            let ref_ = ref_field(items.pop(), "ref")?;
            let join_ref = ref_field(items.pop(), "join_ref")?;
            Ok(Frame {
                join_ref,
                ref_,
                topic,
                event,
                payload: Payload::Json(payload),
            })
        }
        Vsn::V1 => {
            let Value::Object(mut obj) = value else {
                return Err(RealtimeError::Protocol(
                    "a vsn 1.0.0 frame must be a JSON object".into(),
                ));
            };
            Ok(Frame {
                join_ref: ref_field(obj.remove("join_ref"), "join_ref")?,
                ref_: ref_field(obj.remove("ref"), "ref")?,
                topic: string_field(obj.remove("topic"), "topic")?,
                event: string_field(obj.remove("event"), "event")?,
                payload: Payload::Json(obj.remove("payload").unwrap_or(Value::Null)),
            })
        }
    }
}

fn string_field(value: Option<Value>, name: &str) -> Result<String, RealtimeError> {
    match value {
        Some(Value::String(s)) => Ok(s),
        other => Err(RealtimeError::Protocol(format!(
            "frame field {name} must be a string, got {other:?}"
        ))),
    }
}

fn ref_field(value: Option<Value>, name: &str) -> Result<Option<String>, RealtimeError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        // Phoenix servers echo refs as strings; accept a number defensively.
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(RealtimeError::Protocol(format!(
            "frame field {name} must be a string or null, got {other}"
        ))),
    }
}

/// Decodes a server binary frame. Only kind 4 (user broadcast) exists for clients; other kinds
/// are a protocol error (realtime-js ignores them the same way).
pub(crate) fn decode_binary(bytes: &[u8]) -> Result<Frame, RealtimeError> {
    let short = || RealtimeError::Protocol("binary frame is shorter than its header says".into());
    let kind = *bytes.first().ok_or_else(short)?;
    if kind != KIND_USER_BROADCAST {
        return Err(RealtimeError::Protocol(format!(
            "unsupported binary frame kind {kind}"
        )));
    }
    if bytes.len() < 5 {
        return Err(short());
    }
    let (topic_len, event_len, meta_len, encoding) = (
        bytes[1] as usize,
        bytes[2] as usize,
        bytes[3] as usize,
        bytes[4],
    );
    let mut offset = 5;
    let mut take = |len: usize| -> Result<&[u8], RealtimeError> {
        let piece = bytes.get(offset..offset + len).ok_or_else(short)?;
        offset += len;
        Ok(piece)
    };
    let utf8 = |b: &[u8], what: &str| {
        std::str::from_utf8(b)
            .map(str::to_owned)
            .map_err(|_| RealtimeError::Protocol(format!("binary frame {what} is not UTF-8")))
    };
    let topic = utf8(take(topic_len)?, "topic")?;
    let user_event = utf8(take(event_len)?, "event")?;
    let meta_bytes = take(meta_len)?;
    let rest = &bytes[offset..];
    let meta = if meta_len > 0 {
        Some(serde_json::from_slice(meta_bytes).map_err(|e| {
            RealtimeError::Protocol(format!("binary frame metadata is not JSON: {e}"))
        })?)
    } else {
        None
    };
    let payload = match encoding {
        ENCODING_JSON => {
            let user: Value = serde_json::from_slice(rest).map_err(|e| {
                RealtimeError::Protocol(format!("binary frame payload is not JSON: {e}"))
            })?;
            let mut obj = serde_json::Map::new();
            obj.insert("type".into(), Value::String("broadcast".into()));
            obj.insert("event".into(), Value::String(user_event));
            obj.insert("payload".into(), user);
            if let Some(meta) = meta {
                obj.insert("meta".into(), meta);
            }
            Payload::Json(Value::Object(obj))
        }
        ENCODING_BINARY => Payload::BinaryBroadcast {
            event: user_event,
            payload: Bytes::copy_from_slice(rest),
            meta,
        },
        other => {
            return Err(RealtimeError::Protocol(format!(
                "unknown binary payload encoding {other}"
            )))
        }
    };
    Ok(Frame {
        join_ref: None,
        ref_: None,
        topic,
        event: "broadcast".into(),
        payload,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn frame(event: &str, payload: Value) -> Frame {
        Frame {
            join_ref: Some("1".into()),
            ref_: Some("2".into()),
            topic: "realtime:room".into(),
            event: event.into(),
            payload: Payload::Json(payload),
        }
    }

    #[test]
    fn vsn2_text_is_an_array() {
        let f = frame("phx_join", json!({"a": 1}));
        assert_eq!(
            encode(&f, Vsn::V2).unwrap(),
            WireMessage::Text(r#"["1","2","realtime:room","phx_join",{"a":1}]"#.into())
        );
        let WireMessage::Text(t) = encode(&f, Vsn::V2).unwrap() else {
            panic!()
        };
        assert_eq!(decode_text(&t, Vsn::V2).unwrap(), f);
    }

    #[test]
    fn vsn1_heartbeat_has_no_join_ref_key() {
        let hb = Frame {
            join_ref: None,
            ref_: Some("7".into()),
            topic: "phoenix".into(),
            event: "heartbeat".into(),
            payload: Payload::Json(json!({})),
        };
        assert_eq!(
            encode(&hb, Vsn::V1).unwrap(),
            WireMessage::Text(
                r#"{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"7"}"#.into()
            )
        );
    }

    #[test]
    fn broadcast_push_is_kind_3() {
        let f = frame(
            "broadcast",
            json!({"type": "broadcast", "event": "ev", "payload": {"x": 1}}),
        );
        let WireMessage::Binary(b) = encode(&f, Vsn::V2).unwrap() else {
            panic!()
        };
        let mut expected = vec![3, 1, 1, 13, 2, 0, 1];
        expected.extend_from_slice(b"12realtime:roomev{\"x\":1}");
        assert_eq!(b, expected);
    }

    #[test]
    fn kind_4_decodes_json_and_binary() {
        let mut b = vec![4, 4, 2, 8, 1];
        b.extend_from_slice(b"t:abev{\"id\":1}{\"y\":2}");
        let f = decode_binary(&b).unwrap();
        assert_eq!(f.topic, "t:ab");
        assert_eq!(
            f.json(),
            &json!({"type":"broadcast","event":"ev","payload":{"y":2},"meta":{"id":1}})
        );
        let mut b = vec![4, 1, 1, 0, 0];
        b.extend_from_slice(b"te\x00\xff");
        let f = decode_binary(&b).unwrap();
        assert!(
            matches!(f.payload, Payload::BinaryBroadcast { ref payload, .. } if &payload[..] == b"\x00\xff")
        );
        assert!(decode_binary(&[4, 9, 0, 0, 1, b'a']).is_err());
        assert!(decode_binary(&[1, 0]).is_err());
    }
}
