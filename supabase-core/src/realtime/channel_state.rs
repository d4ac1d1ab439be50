//! A channel's protocol state inside the socket task: join / rejoin / leave, the push buffer,
//! reply matching, and routing of incoming messages to listeners.

use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::{json, Map, Value};
use tokio::sync::oneshot;
use tokio::time::Instant;

use super::backoff;
use super::broadcast::PushStatus;
use super::channel::{ChannelInner, SubscribeState};
use super::command::{PendingReply, PushResult};
use super::connection::Actor;
use super::error::RealtimeError;
use super::frame::{Frame, Payload};
use super::postgres_changes::PostgresChangesFilter;
use super::subscription::{Delivery, ListenKind, Listener};

/// Pushes kept while a channel is not joined (realtime-js `MAX_PUSH_BUFFER_SIZE`); the oldest
/// is dropped (and answered `error`) past this.
pub(crate) const MAX_PUSH_BUFFER: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Closed,
    Joining,
    Joined,
    Errored,
    Leaving,
}

pub(crate) struct PgBinding {
    pub(crate) filter: PostgresChangesFilter,
    pub(crate) id: Option<i64>,
}

pub(crate) struct BufferedPush {
    event: String,
    payload: Payload,
    wait_ack: bool,
    reply: oneshot::Sender<PushResult>,
    pub(crate) deadline: Instant,
}

pub(crate) struct ChannelState {
    pub(crate) inner: Arc<ChannelInner>,
    pub(crate) phase: Phase,
    pub(crate) join_ref: Option<String>,
    /// A join is wanted but the socket was not open to send it.
    pub(crate) join_unsent: bool,
    pub(crate) join_deadline: Option<Instant>,
    pub(crate) rejoin_at: Option<Instant>,
    pub(crate) rejoin_tries: u32,
    /// The token changed while this channel existed: joins carry `version` from then on.
    pub(crate) join_version: bool,
    pub(crate) bindings: Vec<PgBinding>,
    pub(crate) presence_bound: bool,
    pub(crate) listeners: Vec<Listener>,
    pub(crate) buffer: VecDeque<BufferedPush>,
}

impl ChannelState {
    pub(crate) fn new(inner: Arc<ChannelInner>) -> ChannelState {
        ChannelState {
            inner,
            phase: Phase::Closed,
            join_ref: None,
            join_unsent: false,
            join_deadline: None,
            rejoin_at: None,
            rejoin_tries: 0,
            join_version: false,
            bindings: Vec::new(),
            presence_bound: false,
            listeners: Vec::new(),
            buffer: VecDeque::new(),
        }
    }

    pub(crate) fn deliver(&mut self, wants: impl Fn(&ListenKind) -> bool, item: &Delivery) {
        self.listeners.retain_mut(|l| {
            if wants(&l.kind) {
                l.deliver(item.clone())
            } else {
                !l.is_closed()
            }
        });
    }

    pub(crate) fn emit_status(&mut self, state: SubscribeState) {
        crate::telemetry::event!(
            tracing::Level::INFO,
            realtime.topic = self.inner.topic.as_str(),
            realtime.status = state.as_str(),
            reason = match &state {
                SubscribeState::ChannelError(reason) => Some(reason.as_str()),
                _ => None,
            },
            "realtime channel status"
        );
        self.deliver(|k| *k == ListenKind::Status, &Delivery::Status(state));
    }

    pub(crate) fn schedule_rejoin(&mut self) {
        self.rejoin_tries += 1;
        let delay = backoff::rejoin_after(self.rejoin_tries);
        crate::telemetry::event!(
            tracing::Level::INFO,
            realtime.topic = self.inner.topic.as_str(),
            attempt = self.rejoin_tries,
            delay_ms = delay.as_millis() as u64,
            "realtime channel rejoin scheduled"
        );
        self.rejoin_at = Some(Instant::now() + delay);
    }

    /// Phoenix `onError`: a joining channel forgets its join; the channel is errored.
    pub(crate) fn on_error(&mut self, reason: &str, connected: bool) {
        if self.phase == Phase::Joining {
            self.join_ref = None;
            self.join_deadline = None;
            self.join_unsent = false;
        }
        self.phase = Phase::Errored;
        self.emit_status(SubscribeState::ChannelError(reason.to_owned()));
        if connected {
            self.schedule_rejoin();
        }
    }

    pub(crate) fn join_payload(&self, token: Option<&String>) -> Value {
        let entries = self
            .bindings
            .iter()
            .map(|b| b.filter.to_join_entry())
            .collect();
        let mut obj = Map::new();
        obj.insert(
            "config".into(),
            self.inner.config.join_config(self.presence_bound, entries),
        );
        if let Some(t) = token {
            obj.insert("access_token".into(), Value::String(t.clone()));
            if self.join_version {
                obj.insert(
                    "version".into(),
                    Value::String(super::VERSION_HEADER.into()),
                );
            }
        }
        Value::Object(obj)
    }

    pub(crate) fn frame(&self, ref_: String, event: &str, payload: Payload) -> Frame {
        Frame {
            join_ref: self.join_ref.clone(),
            ref_: Some(ref_),
            topic: self.inner.topic.clone(),
            event: event.to_owned(),
            payload,
        }
    }
}

fn response_text(response: &Value) -> String {
    let parts: Vec<String> = match response {
        Value::Object(o) => o
            .values()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect(),
        Value::Null => Vec::new(),
        other => vec![other.to_string()],
    };
    if parts.is_empty() {
        "error".into()
    } else {
        parts.join(", ")
    }
}

impl Actor {
    pub(crate) fn add_listener(
        &mut self,
        channel_id: u64,
        mut listener: Listener,
        binding: Option<PostgresChangesFilter>,
        presence: bool,
    ) {
        let Some(ch) = self.channel_mut(channel_id) else {
            return;
        };
        if let Some(filter) = binding {
            // The server collapses identical bindings; a second listener shares the first.
            let idx = match ch.bindings.iter().position(|b| b.filter == filter) {
                Some(i) => i,
                None => {
                    ch.bindings.push(PgBinding { filter, id: None });
                    ch.bindings.len() - 1
                }
            };
            listener.kind = ListenKind::Postgres(idx);
        }
        if presence {
            ch.presence_bound = true;
        }
        ch.listeners.push(listener);
    }

    /// Sends (or, while the socket is down, prepares) a join with a fresh ref.
    pub(crate) async fn rejoin(&mut self, i: usize) {
        let connected = self.is_connected();
        let timeout = self.options.timeout;
        let r = if connected {
            Some(self.make_ref())
        } else {
            None
        };
        let token = self.token.clone();
        let ch = &mut self.channels[i];
        if ch.phase == Phase::Leaving {
            return;
        }
        ch.phase = Phase::Joining;
        ch.join_deadline = Some(Instant::now() + timeout);
        let Some(r) = r else {
            ch.join_ref = None;
            ch.join_unsent = true;
            return;
        };
        ch.join_unsent = false;
        ch.join_ref = Some(r.clone());
        crate::telemetry::event!(
            tracing::Level::DEBUG,
            realtime.topic = ch.inner.topic.as_str(),
            "realtime channel joining"
        );
        let payload = ch.join_payload(token.as_ref());
        let frame = ch.frame(r, "phx_join", Payload::Json(payload));
        let _ = self.send_frame(frame).await;
    }

    pub(crate) async fn join_timed_out(&mut self, i: usize) {
        let connected = self.is_connected();
        self.channels[i].join_deadline = None;
        if connected && !self.channels[i].join_unsent {
            let r = self.make_ref();
            let frame = self.channels[i].frame(r, "phx_leave", Payload::Json(json!({})));
            let _ = self.send_frame(frame).await;
        }
        let connected = self.is_connected();
        let ch = &mut self.channels[i];
        ch.phase = Phase::Errored;
        ch.join_ref = None;
        ch.join_unsent = false;
        ch.emit_status(SubscribeState::TimedOut);
        if connected {
            ch.schedule_rejoin();
        }
    }

    pub(crate) async fn push(
        &mut self,
        channel_id: u64,
        event: String,
        payload: Payload,
        wait_ack: bool,
        rest_fallback: bool,
        reply: oneshot::Sender<PushResult>,
    ) {
        let Some(i) = self.index_of(channel_id) else {
            let _ = reply.send(PushResult::Failed(RealtimeError::Closed));
            return;
        };
        let can_push = self.is_connected() && self.channels[i].phase == Phase::Joined;
        if !can_push && rest_fallback {
            let _ = reply.send(PushResult::NotJoined);
            return;
        }
        if !self.channels[i].inner.joined_once() {
            let msg = format!(
                "tried to push '{event}' to '{}' before subscribe()",
                self.channels[i].inner.topic
            );
            let _ = reply.send(PushResult::Failed(RealtimeError::InvalidArgument(msg)));
            return;
        }
        if can_push {
            self.send_push(i, event, payload, wait_ack, reply).await;
            return;
        }
        let deadline = Instant::now() + self.options.timeout;
        let reply = if wait_ack {
            Some(reply)
        } else {
            let _ = reply.send(PushResult::Done(PushStatus::Ok));
            None
        };
        let (tx, _) = oneshot::channel();
        let ch = &mut self.channels[i];
        ch.buffer.push_back(BufferedPush {
            event,
            payload,
            wait_ack,
            reply: reply.unwrap_or(tx),
            deadline,
        });
        if ch.buffer.len() > MAX_PUSH_BUFFER {
            if let Some(old) = ch.buffer.pop_front() {
                let _ = old.reply.send(PushResult::Done(PushStatus::Error(
                    json!({"reason": "push buffer overflow"}),
                )));
            }
        }
    }

    pub(crate) async fn send_push(
        &mut self,
        i: usize,
        event: String,
        payload: Payload,
        wait_ack: bool,
        reply: oneshot::Sender<PushResult>,
    ) {
        let r = self.make_ref();
        let frame = self.channels[i].frame(r.clone(), &event, payload);
        let channel_id = self.channels[i].inner.id;
        match self.send_frame(frame).await {
            Err(RealtimeError::Closed) if wait_ack => {
                // The socket went down under us; the reply can no longer come.
                let _ = reply.send(PushResult::Done(PushStatus::TimedOut));
            }
            Err(e) if !matches!(e, RealtimeError::Closed) => {
                let _ = reply.send(PushResult::Failed(e));
            }
            _ if wait_ack => {
                let deadline = Instant::now() + self.options.timeout;
                self.pending.insert(
                    r,
                    PendingReply {
                        channel_id,
                        deadline,
                        reply,
                    },
                );
            }
            _ => {
                let _ = reply.send(PushResult::Done(PushStatus::Ok));
            }
        }
    }

    /// Leaves at once, as realtime-js does: the leave goes out and the channel closes without
    /// waiting for the reply.
    pub(crate) async fn leave(&mut self, channel_id: u64) -> PushStatus {
        let Some(i) = self.index_of(channel_id) else {
            return PushStatus::Ok;
        };
        {
            let ch = &mut self.channels[i];
            ch.rejoin_at = None;
            ch.join_deadline = None;
            ch.phase = Phase::Leaving;
        }
        if self.is_connected() {
            let r = self.make_ref();
            let frame = self.channels[i].frame(r, "phx_leave", Payload::Json(json!({})));
            let _ = self.send_frame(frame).await;
        }
        self.close_channel(channel_id);
        PushStatus::Ok
    }

    /// `phx_close` or the end of a leave: CLOSED, then the channel is forgotten.
    pub(crate) fn close_channel(&mut self, channel_id: u64) {
        if let Some(i) = self.index_of(channel_id) {
            let ch = &mut self.channels[i];
            ch.phase = Phase::Closed;
            for b in ch.buffer.drain(..) {
                let _ = b.reply.send(PushResult::Failed(RealtimeError::Closed));
            }
            ch.emit_status(SubscribeState::Closed);
        }
        self.remove_channel(channel_id);
    }

    pub(crate) fn expire_buffers(&mut self, now: Instant) {
        for ch in &mut self.channels {
            while ch.buffer.front().is_some_and(|b| b.deadline <= now) {
                if let Some(b) = ch.buffer.pop_front() {
                    let _ = b.reply.send(PushResult::Done(PushStatus::TimedOut));
                }
            }
        }
    }

    pub(crate) async fn on_join_reply(&mut self, i: usize, payload: &Value) {
        let status = payload
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let response = payload.get("response").cloned().unwrap_or(Value::Null);
        let connected = self.is_connected();
        if status != "ok" {
            let ch = &mut self.channels[i];
            ch.phase = Phase::Errored;
            ch.join_deadline = None;
            ch.emit_status(SubscribeState::ChannelError(response_text(&response)));
            if connected {
                ch.schedule_rejoin();
            }
            return;
        }
        {
            let ch = &mut self.channels[i];
            ch.phase = Phase::Joined;
            ch.join_deadline = None;
            ch.rejoin_at = None;
            ch.rejoin_tries = 0;
        }
        let buffered: Vec<BufferedPush> = self.channels[i].buffer.drain(..).collect();
        for b in buffered {
            self.send_push(i, b.event, b.payload, b.wait_ack, b.reply)
                .await;
        }
        if self.channels[i].phase != Phase::Joined {
            return;
        }
        let server = response.get("postgres_changes").and_then(Value::as_array);
        if let Some(server) = server {
            let ch = &mut self.channels[i];
            let ok = ch
                .bindings
                .iter()
                .enumerate()
                .all(|(k, b)| server.get(k).is_some_and(|s| b.filter.matches_reply(s)));
            if !ok {
                let id = ch.inner.id;
                ch.emit_status(SubscribeState::ChannelError(
                    "mismatch between server and client bindings for postgres changes".into(),
                ));
                self.leave(id).await;
                return;
            }
            for (k, b) in ch.bindings.iter_mut().enumerate() {
                b.id = server
                    .get(k)
                    .and_then(|s| s.get("id"))
                    .and_then(Value::as_i64);
            }
        }
        self.channels[i].emit_status(SubscribeState::Subscribed);
        self.refresh_token_in_background();
    }
}
