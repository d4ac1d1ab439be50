//! Routing of incoming frames: topic and join-ref membership, replies, close/error, and the
//! broadcast, presence, postgres_changes and system messages handed to listeners.

use std::sync::Arc;

use serde_json::Value;

use super::broadcast::{PushStatus, RawBroadcast, RawPayload};
use super::channel_state::Phase;
use super::command::PushResult;
use super::connection::Actor;
use super::frame::{Frame, Payload};
use super::postgres_changes::PostgresChangePayload;
use super::subscription::{Delivery, ListenKind};
use super::system::SystemMessage;

impl Actor {
    /// Hands an incoming frame to every channel it belongs to.
    pub(crate) async fn route(&mut self, frame: Frame) {
        let mut i = 0;
        while i < self.channels.len() {
            let ch = &self.channels[i];
            let member = ch.inner.topic == frame.topic
                && (frame.join_ref.is_none() || frame.join_ref == ch.join_ref);
            if !member {
                i += 1;
                continue;
            }
            let id = ch.inner.id;
            self.dispatch(i, &frame).await;
            // The channel may have been removed (close); only advance if it is still here.
            if self.channels.get(i).is_some_and(|c| c.inner.id == id) {
                i += 1;
            }
        }
    }

    pub(crate) async fn dispatch(&mut self, i: usize, frame: &Frame) {
        let not_this_join = frame.ref_.is_some() && frame.ref_ != self.channels[i].join_ref;
        let payload = frame.json();
        match frame.event.as_str() {
            "phx_reply" => {
                let ch = &self.channels[i];
                if ch.phase == Phase::Joining && frame.ref_.is_some() && frame.ref_ == ch.join_ref {
                    self.on_join_reply(i, payload).await;
                } else if let Some(r) = &frame.ref_ {
                    if self
                        .pending
                        .get(r)
                        .is_some_and(|p| p.channel_id == ch.inner.id)
                    {
                        if let Some(p) = self.pending.remove(r) {
                            let status = match payload.get("status").and_then(Value::as_str) {
                                Some("ok") => PushStatus::Ok,
                                _ => PushStatus::Error(
                                    payload.get("response").cloned().unwrap_or(Value::Null),
                                ),
                            };
                            let _ = p.reply.send(PushResult::Done(status));
                        }
                    }
                }
            }
            "phx_close" if !not_this_join => {
                let id = self.channels[i].inner.id;
                self.close_channel(id);
            }
            "phx_error" if !not_this_join => {
                let connected = self.is_connected();
                let reason = if payload.is_null() {
                    "channel error".to_owned()
                } else {
                    payload.to_string()
                };
                self.channels[i].on_error(&reason, connected);
            }
            "broadcast" => {
                let raw = match &frame.payload {
                    Payload::Broadcast(raw) => Some(Arc::clone(raw)),
                    Payload::Json(v) => RawBroadcast::from_json(v).map(Arc::new),
                    Payload::BinaryBroadcast {
                        event,
                        payload,
                        meta,
                    } => Some(Arc::new(RawBroadcast {
                        event: event.clone(),
                        payload: RawPayload::Binary(payload.clone()),
                        meta: meta.clone(),
                    })),
                };
                if let Some(raw) = raw {
                    let item = Delivery::Broadcast(Arc::clone(&raw));
                    self.channels[i].deliver(
                        |k| matches!(k, ListenKind::Broadcast(e) if raw.event_matches(e)),
                        &item,
                    );
                }
            }
            "presence_state" | "presence_diff" => {
                let ch = &mut self.channels[i];
                let mut events = Vec::new();
                {
                    let mut tracker = match ch.inner.presence.lock() {
                        Ok(g) => g,
                        Err(p) => p.into_inner(),
                    };
                    if frame.event == "presence_state" {
                        tracker.on_state(payload, ch.join_ref.as_deref(), &mut events);
                    } else {
                        tracker.on_diff(payload, ch.join_ref.as_deref(), &mut events);
                    }
                }
                for e in events {
                    let item = Delivery::Presence(Arc::new(e));
                    ch.deliver(|k| *k == ListenKind::Presence, &item);
                }
            }
            "postgres_changes" => {
                let (Some(ids), Some(data)) = (
                    payload.get("ids").and_then(Value::as_array),
                    payload.get("data"),
                ) else {
                    return;
                };
                let change = PostgresChangePayload::from_server_data(data);
                let kind = change.event_type.to_lowercase();
                let ch = &mut self.channels[i];
                let wanted: Vec<usize> = ch
                    .bindings
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| {
                        b.id.is_some_and(|id| ids.iter().any(|v| v.as_i64() == Some(id)))
                            && (b.filter.event.as_str() == "*"
                                || b.filter.event.as_str().to_lowercase() == kind)
                    })
                    .map(|(k, _)| k)
                    .collect();
                if !wanted.is_empty() {
                    let item = Delivery::Postgres(Arc::new(change));
                    ch.deliver(
                        |k| matches!(k, ListenKind::Postgres(idx) if wanted.contains(idx)),
                        &item,
                    );
                }
            }
            "system" => {
                let item = Delivery::System(Arc::new(SystemMessage::from_payload(payload.clone())));
                self.channels[i].deliver(|k| *k == ListenKind::System, &item);
            }
            _ => {}
        }
    }
}
