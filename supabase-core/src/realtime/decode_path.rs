//! The receive path of a broadcast without the socket: one server binary frame through the
//! codec, the router's broadcast shape and a subscription's typed decode, exactly the calls the
//! socket task and [`Subscription`](super::Subscription) make. For the decode benchmark
//! (`benches/realtime_broadcast.rs`), which feeds pre-encoded frames straight to it.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::broadcast::{decode_typed, Broadcast, RawBroadcast, RawPayload};
use super::error::RealtimeError;
use super::frame::{decode_binary, Payload};
use super::subscription::Delivery;

/// Decodes one vsn 2.0.0 binary kind-4 frame into a typed broadcast, as a subscription would
/// hand it out. Not a stable API: it exists for the benchmark.
///
/// ```
/// let mut frame = vec![4u8, 1, 1, 0, 1];
/// frame.extend_from_slice(b"te");
/// frame.extend_from_slice(br#"{"x":1}"#);
/// let b = supabase_core::realtime::decode_broadcast_frame::<serde_json::Value>(&frame).unwrap();
/// assert_eq!((b.event.as_str(), b.payload["x"].as_i64()), ("e", Some(1)));
/// ```
#[doc(hidden)]
pub fn decode_broadcast_frame<T: DeserializeOwned>(
    frame: &[u8],
) -> Result<Broadcast<T>, RealtimeError> {
    let frame = decode_binary(frame)?;
    let raw = match frame.payload {
        Payload::Broadcast(raw) => Some(raw),
        Payload::Json(v) => RawBroadcast::from_json(&v).map(Arc::new),
        Payload::BinaryBroadcast {
            event,
            payload,
            meta,
        } => Some(Arc::new(RawBroadcast {
            event,
            payload: RawPayload::Binary(payload),
            meta,
        })),
    }
    .ok_or_else(|| RealtimeError::Protocol("a broadcast without an event".into()))?;
    decode_typed(Delivery::Broadcast(raw))
        .unwrap_or_else(|| Err(RealtimeError::Protocol("not a broadcast".into())))
}
