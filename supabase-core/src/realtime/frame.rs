//! The Phoenix frame codec: vsn 1.0.0 JSON objects, vsn 2.0.0 JSON arrays, and the vsn 2.0.0
//! binary user-broadcast frames (kind 3 client to server, kind 4 server to client).

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use serde::de::{self, DeserializeSeed, IgnoredAny, SeqAccess, Visitor};
use serde::Deserializer;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::broadcast::{BroadcastEnvelope, RawBroadcast, RawPayload};
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
    /// A user broadcast to send whose payload is raw bytes (binary encoding 0).
    BinaryBroadcast {
        event: String,
        payload: Bytes,
        meta: Option<Value>,
    },
    /// A received user broadcast, read in one pass (a kind-4 binary frame, or a vsn 2.0.0
    /// text `broadcast` frame): its user payload stays JSON text or bytes until a listener
    /// decodes it into its own type. Shared with every listener as it is.
    Broadcast(Arc<RawBroadcast>),
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
            Payload::BinaryBroadcast { .. } | Payload::Broadcast(_) => &Value::Null,
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
                Payload::BinaryBroadcast { .. } | Payload::Broadcast(_) => {
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
                    Payload::Broadcast(_) => {}
                }
            }
            let payload = match &frame.payload {
                Payload::Json(v) => v.clone(),
                Payload::BinaryBroadcast { .. } | Payload::Broadcast(_) => Value::Null,
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
///
/// vsn 2.0.0 frames are read in one pass into their parts: a `broadcast` payload straight into
/// its envelope with the user payload kept as text, any other payload into a `Value`. A frame
/// of any unusual shape is read again by the general path below, which keeps its errors.
pub(crate) fn decode_text(text: &str, vsn: Vsn) -> Result<Frame, RealtimeError> {
    if vsn == Vsn::V2 {
        let mut de = serde_json::Deserializer::from_str(text);
        if let Ok(frame) = de.deserialize_seq(V2FrameVisitor) {
            if de.end().is_ok() {
                return Ok(frame);
            }
        }
    }
    decode_text_value(text, vsn)
}

/// One vsn 2.0.0 array `[join_ref, ref, topic, event, payload]`, read element by element.
struct V2FrameVisitor;

impl<'de> Visitor<'de> for V2FrameVisitor {
    type Value = Frame;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a vsn 2.0.0 frame array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Frame, A::Error> {
        let missing = || de::Error::custom("a vsn 2.0.0 frame has 5 elements");
        let join_ref = seq.next_element_seed(RefSeed)?.ok_or_else(missing)?;
        let ref_ = seq.next_element_seed(RefSeed)?.ok_or_else(missing)?;
        let topic: String = seq.next_element()?.ok_or_else(missing)?;
        let event: String = seq.next_element()?.ok_or_else(missing)?;
        let payload = if event == "broadcast" {
            let envelope: BroadcastEnvelope<'de> = seq.next_element()?.ok_or_else(missing)?;
            Payload::Broadcast(Arc::new(envelope.into_raw()))
        } else {
            Payload::Json(seq.next_element()?.ok_or_else(missing)?)
        };
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(missing());
        }
        Ok(Frame {
            join_ref,
            ref_,
            topic,
            event,
            payload,
        })
    }
}

/// A ref: `null`, a string, or (defensively) an integer; anything else fails the fast path.
struct RefSeed;

impl<'de> DeserializeSeed<'de> for RefSeed {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Option<String>, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RefSeed {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, an integer or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
        Ok(Some(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Option<String>, E> {
        Ok(Some(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }
}

/// The general path: the whole frame as a `Value`, then its parts.
fn decode_text_value(text: &str, vsn: Vsn) -> Result<Frame, RealtimeError> {
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
        // Validated as JSON here (a frame that is not is skipped, as before), decoded by each
        // listener into its own type.
        ENCODING_JSON => {
            let user: &RawValue = serde_json::from_slice(rest).map_err(|e| {
                RealtimeError::Protocol(format!("binary frame payload is not JSON: {e}"))
            })?;
            RawPayload::Text(user.to_owned())
        }
        ENCODING_BINARY => RawPayload::Binary(Bytes::copy_from_slice(rest)),
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
        payload: Payload::Broadcast(Arc::new(RawBroadcast {
            event: user_event,
            payload,
            meta,
        })),
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

    fn broadcast(f: &Frame) -> &RawBroadcast {
        match &f.payload {
            Payload::Broadcast(raw) => raw,
            other => panic!("not a received broadcast: {other:?}"),
        }
    }

    fn text(raw: &RawBroadcast) -> &str {
        match &raw.payload {
            RawPayload::Text(t) => t.get(),
            other => panic!("not JSON text: {other:?}"),
        }
    }

    #[test]
    fn kind_4_decodes_json_and_binary() {
        let mut b = vec![4, 4, 2, 8, 1];
        b.extend_from_slice(b"t:abev{\"id\":1}{\"y\":2}");
        let f = decode_binary(&b).unwrap();
        assert_eq!((f.topic.as_str(), f.event.as_str()), ("t:ab", "broadcast"));
        let raw = broadcast(&f);
        assert_eq!(raw.event, "ev");
        assert_eq!(text(raw), r#"{"y":2}"#);
        assert_eq!(raw.meta, Some(json!({"id": 1})));
        let mut b = vec![4, 1, 1, 0, 0];
        b.extend_from_slice(b"te\x00\xff");
        let f = decode_binary(&b).unwrap();
        assert!(matches!(&broadcast(&f).payload, RawPayload::Binary(p) if &p[..] == b"\x00\xff"));
        assert!(decode_binary(&[4, 9, 0, 0, 1, b'a']).is_err());
        assert!(decode_binary(&[1, 0]).is_err());
        let mut not_json = vec![4, 1, 1, 0, 1];
        not_json.extend_from_slice(b"te{nope");
        assert!(decode_binary(&not_json).is_err());
    }

    #[test]
    fn vsn2_text_broadcast_is_read_in_one_pass() {
        let t = r#"[null,null,"realtime:room","broadcast",{"type":"broadcast","event":"Tick","payload":{"seq":1, "s":"\u00e9"},"meta":{"id":"x"}}]"#;
        let f = decode_text(t, Vsn::V2).unwrap();
        assert_eq!((f.join_ref.as_deref(), f.ref_.as_deref()), (None, None));
        assert_eq!(f.topic, "realtime:room");
        let raw = broadcast(&f);
        assert_eq!(raw.event, "Tick");
        assert_eq!(text(raw), r#"{"seq":1, "s":"\u00e9"}"#);
        assert_eq!(raw.meta, Some(json!({"id": "x"})));
        assert!(raw.event_matches("tick") && raw.event_matches("*") && !raw.event_matches("tock"));
        // A missing or null payload is `null`, a null meta is kept as present.
        let f = decode_text(
            r#"["1",2,"t","broadcast",{"event":"e","meta":null}]"#,
            Vsn::V2,
        )
        .unwrap();
        assert_eq!(
            (f.join_ref.as_deref(), f.ref_.as_deref()),
            (Some("1"), Some("2"))
        );
        assert_eq!(text(broadcast(&f)), "null");
        assert_eq!(broadcast(&f).meta, Some(Value::Null));
    }

    #[test]
    fn unusual_text_frames_take_the_general_path() {
        // Each reads exactly as the whole-`Value` decode reads it.
        for t in [
            r#"[null,null,"t","broadcast",["e",1]]"#,
            r#"[null,null,"t","broadcast",{"event":1,"payload":{}}]"#,
            r#"[null,null,"t","broadcast",{"event":"a","event":"b","payload":{}}]"#,
            r#"[null,null,"t","broadcast",{"ev\u0065nt":"a","payload":{}}]"#,
            r#"[null,1.5,"t","phx_reply",{"status":"ok"}]"#,
            r#"[null,null,"t","phx_reply",{"status":"ok"}]"#,
        ] {
            let fast = decode_text(t, Vsn::V2).map_err(|e| e.to_string());
            let general = decode_text_value(t, Vsn::V2).map_err(|e| e.to_string());
            assert_eq!(fast, general, "{t}");
        }
        for bad in [
            r#"[null,null,"t","broadcast",{"event":"a"},1]"#,
            r#"[null,null,"t","broadcast"]"#,
            r#"[null,null,"t","broadcast",{"event":"a"}] x"#,
            r#"{"topic":"t"}"#,
        ] {
            let fast = decode_text(bad, Vsn::V2).map_err(|e| e.to_string());
            assert_eq!(
                fast,
                decode_text_value(bad, Vsn::V2).map_err(|e| e.to_string())
            );
            assert!(fast.is_err(), "{bad}");
        }
    }
}
