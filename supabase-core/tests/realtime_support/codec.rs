//! The fake server's own, strict frame codec (written separately from the client's): it
//! refuses anything realtime-js would not send.

use serde_json::{json, Value};

/// A client frame as the server read it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientFrame {
    pub join_ref: Option<String>,
    pub ref_: Option<String>,
    pub topic: String,
    pub event: String,
    pub payload: Value,
    /// Binary kind-3 frame; the payload is rebuilt as `{type, event, payload}`.
    pub binary: Option<u8>,
}

impl ClientFrame {
    /// The frame as a JSON object for logs and comparisons.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "join_ref": self.join_ref, "ref": self.ref_, "topic": self.topic,
            "event": self.event, "payload": self.payload,
        });
        if let Some(enc) = self.binary {
            v["binary_encoding"] = json!(enc);
        }
        v
    }
}

fn opt_ref(v: &Value, what: &str) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Some(s.clone()))
        }
        other => Err(format!(
            "{what} must be a decimal string or null, got {other}"
        )),
    }
}

fn string(v: &Value, what: &str) -> Result<String, String> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("{what} must be a string, got {v}"))
}

/// Parses a text frame of the given vsn.
pub fn parse_text(text: &str, vsn: &str) -> Result<ClientFrame, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}: {text}"))?;
    let frame = if vsn == "2.0.0" {
        let arr = v
            .as_array()
            .ok_or_else(|| format!("vsn 2 text frame is not an array: {text}"))?;
        if arr.len() != 5 {
            return Err(format!("vsn 2 frame must have 5 elements: {text}"));
        }
        ClientFrame {
            join_ref: opt_ref(&arr[0], "join_ref")?,
            ref_: opt_ref(&arr[1], "ref")?,
            topic: string(&arr[2], "topic")?,
            event: string(&arr[3], "event")?,
            payload: arr[4].clone(),
            binary: None,
        }
    } else {
        let obj = v
            .as_object()
            .ok_or_else(|| format!("vsn 1 frame is not an object: {text}"))?;
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let topic = string(obj.get("topic").unwrap_or(&Value::Null), "topic")?;
        let expected: &[&str] = if topic == "phoenix" {
            &["event", "payload", "ref", "topic"]
        } else {
            &["event", "join_ref", "payload", "ref", "topic"]
        };
        if keys != expected {
            return Err(format!(
                "vsn 1 frame keys {keys:?}, expected {expected:?}: {text}"
            ));
        }
        ClientFrame {
            join_ref: opt_ref(obj.get("join_ref").unwrap_or(&Value::Null), "join_ref")?,
            ref_: opt_ref(&obj["ref"], "ref")?,
            topic,
            event: string(&obj["event"], "event")?,
            payload: obj["payload"].clone(),
            binary: None,
        }
    };
    if !frame.payload.is_object() {
        return Err(format!("payload must be an object: {text}"));
    }
    if frame.event == "broadcast"
        && vsn == "2.0.0"
        && frame.payload.get("event").is_some_and(Value::is_string)
    {
        return Err("vsn 2 user broadcasts must be binary kind-3 frames".into());
    }
    Ok(frame)
}

/// Parses a binary kind-3 frame (vsn 2 only).
pub fn parse_binary(b: &[u8]) -> Result<ClientFrame, String> {
    if b.len() < 7 || b[0] != 3 {
        return Err(format!(
            "binary frame must be kind 3 with a 7-byte header: {b:?}"
        ));
    }
    let lens = [b[1] as usize, b[2] as usize, b[3] as usize, b[4] as usize];
    if b[5] != 0 {
        return Err("metadata must be empty".into());
    }
    let encoding = b[6];
    let mut at = 7;
    let mut parts = Vec::new();
    for len in lens {
        let piece = b
            .get(at..at + len)
            .ok_or("binary frame shorter than its lengths")?;
        parts.push(String::from_utf8(piece.to_vec()).map_err(|_| "binary field not UTF-8")?);
        at += len;
    }
    let rest = &b[at..];
    let user = match encoding {
        1 => serde_json::from_slice::<Value>(rest).map_err(|e| format!("JSON payload: {e}"))?,
        0 => json!({ "bytes": rest.to_vec() }),
        other => return Err(format!("bad encoding {other}")),
    };
    let nonempty = |s: &String| (!s.is_empty()).then(|| s.clone());
    let join_ref = nonempty(&parts[0]);
    let ref_ = nonempty(&parts[1]);
    for r in [&join_ref, &ref_] {
        opt_ref(&json!(r), "binary ref")?;
    }
    Ok(ClientFrame {
        join_ref,
        ref_,
        topic: parts[2].clone(),
        event: "broadcast".into(),
        payload: json!({"type": "broadcast", "event": parts[3], "payload": user}),
        binary: Some(encoding),
    })
}

/// Encodes a server frame as text for the vsn.
pub fn server_text(
    join_ref: Option<&str>,
    ref_: Option<&str>,
    topic: &str,
    event: &str,
    payload: &Value,
    vsn: &str,
) -> String {
    if vsn == "2.0.0" {
        json!([join_ref, ref_, topic, event, payload]).to_string()
    } else {
        json!({"join_ref": join_ref, "ref": ref_, "topic": topic, "event": event, "payload": payload}).to_string()
    }
}

/// A kind-4 user broadcast (JSON encoding).
pub fn server_binary_broadcast(topic: &str, event: &str, payload: &Value) -> Vec<u8> {
    let body = payload.to_string();
    let mut out = vec![4, topic.len() as u8, event.len() as u8, 0, 1];
    out.extend_from_slice(topic.as_bytes());
    out.extend_from_slice(event.as_bytes());
    out.extend_from_slice(body.as_bytes());
    out
}

/// A kind-4 user broadcast with a raw binary payload (encoding 0).
pub fn server_binary_broadcast_raw(topic: &str, event: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![4, topic.len() as u8, event.len() as u8, 0, 0];
    out.extend_from_slice(topic.as_bytes());
    out.extend_from_slice(event.as_bytes());
    out.extend_from_slice(payload);
    out
}
