//! The socket task: owns the websocket and every channel's protocol state. Public handles talk
//! to it through commands; it never waits on a consumer (see `subscription.rs`).
//!
//! Connection life: connect on the first subscribe; heartbeat every interval; a heartbeat
//! still unanswered when the next one is due closes the socket (1000, "heartbeat timeout");
//! any close that was not asked for schedules a reconnect after 1, 2, 5, then 10 s; on open,
//! errored channels rejoin at once with a fresh join ref (messages carrying an older join ref
//! are dropped by the router).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use url::Url;

use super::backoff;
use super::broadcast::PushStatus;
use super::channel::ChannelInner;
use super::channel_state::{ChannelState, Phase};
use super::client::{Registry, TokenFn};
use super::config::{RealtimeIo, RealtimeOptions, Transport};
use super::error::RealtimeError;
use super::frame::{self, Frame, Payload, WireMessage};
use super::postgres_changes::PostgresChangesFilter;
use super::subscription::Listener;

type Ws = WebSocketStream<MaybeTlsStream<Box<dyn RealtimeIo>>>;

/// Where a token given to the socket task came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthSource {
    /// `set_auth(Some(token))`: kept until `set_auth(None)`.
    Manual,
    /// Re-read from the token source (heartbeat, join); ignored while a manual token is set.
    Callback,
    /// `set_auth(None)`: back to the token source.
    Reset,
}

/// What a heartbeat ended with.
///
/// ```
/// use supabase_core::realtime::HeartbeatStatus;
/// assert_ne!(HeartbeatStatus::Ok, HeartbeatStatus::Timeout);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeartbeatStatus {
    /// The server answered `ok`.
    Ok,
    /// The server answered with another status.
    Error,
    /// The previous heartbeat was still unanswered: the socket was closed to reconnect.
    Timeout,
    /// The socket is not connected.
    Disconnected,
}

/// The outcome of a push command.
#[derive(Debug)]
pub(crate) enum PushResult {
    Done(PushStatus),
    /// The channel cannot push (not joined, or the socket is down): the caller may use REST.
    NotJoined,
    Failed(RealtimeError),
}

/// Requests from the public handles.
pub(crate) enum Command {
    Register(Arc<ChannelInner>),
    Listen {
        channel_id: u64,
        listener: Listener,
        binding: Option<PostgresChangesFilter>,
        presence: bool,
    },
    Unlisten {
        channel_id: u64,
        listener_id: u64,
    },
    Subscribe {
        channel_id: u64,
    },
    Push {
        channel_id: u64,
        event: String,
        payload: Payload,
        wait_ack: bool,
        rest_fallback: bool,
        reply: oneshot::Sender<PushResult>,
    },
    Leave {
        channel_id: u64,
        reply: oneshot::Sender<PushStatus>,
    },
    Remove {
        channel_id: u64,
    },
    SetAuth {
        token: Option<String>,
        source: AuthSource,
    },
    Heartbeat {
        reply: oneshot::Sender<HeartbeatStatus>,
    },
    Connect,
    Disconnect {
        reply: oneshot::Sender<()>,
    },
    ListenerCount {
        channel_id: u64,
        reply: oneshot::Sender<usize>,
    },
}

/// A push waiting for its `phx_reply`.
pub(crate) struct PendingReply {
    pub(crate) channel_id: u64,
    pub(crate) deadline: Instant,
    pub(crate) reply: oneshot::Sender<PushResult>,
}

pub(crate) struct Actor {
    pub(crate) options: RealtimeOptions,
    pub(crate) socket_url: Url,
    cmd_rx: mpsc::UnboundedReceiver<Command>,
    weak_tx: mpsc::WeakUnboundedSender<Command>,
    ws: Option<Ws>,
    ref_counter: u64,
    pub(crate) channels: Vec<ChannelState>,
    pub(crate) pending: HashMap<String, PendingReply>,
    heartbeat_at: Option<Instant>,
    pending_heartbeat: Option<String>,
    heartbeat_waiters: Vec<oneshot::Sender<HeartbeatStatus>>,
    reconnect_tries: u32,
    reconnect_at: Option<Instant>,
    want_connected: bool,
    pub(crate) token: Option<String>,
    manual_token: bool,
    token_fn: Option<TokenFn>,
    token_mirror: Arc<Mutex<Option<String>>>,
    connected: Arc<AtomicBool>,
    registry: Arc<Registry>,
    empty_disconnect_at: Option<Instant>,
}

pub(crate) struct ActorParts {
    pub(crate) options: RealtimeOptions,
    pub(crate) socket_url: Url,
    pub(crate) cmd_rx: mpsc::UnboundedReceiver<Command>,
    pub(crate) weak_tx: mpsc::WeakUnboundedSender<Command>,
    pub(crate) token_fn: Option<TokenFn>,
    pub(crate) token_mirror: Arc<Mutex<Option<String>>>,
    pub(crate) connected: Arc<AtomicBool>,
    pub(crate) registry: Arc<Registry>,
}

async fn next_ws(
    ws: &mut Option<Ws>,
) -> Option<Result<Message, tokio_tungstenite::tungstenite::Error>> {
    match ws {
        Some(ws) => ws.next().await,
        None => std::future::pending().await,
    }
}

async fn open_websocket(url: Url, transport: Option<Transport>) -> Result<Ws, String> {
    let io: Box<dyn RealtimeIo> = match transport {
        Some(t) => (t.0)(&url)
            .await
            .map_err(|e| format!("transport error: {e}"))?,
        None => {
            let host = url.host_str().unwrap_or_default();
            let port = url.port_or_known_default().unwrap_or(443);
            let tcp = TcpStream::connect(format!("{host}:{port}"))
                .await
                .map_err(|e| format!("tcp connect to {host}:{port} failed: {e}"))?;
            let _ = tcp.set_nodelay(true);
            Box::new(tcp)
        }
    };
    let (ws, _response) =
        tokio_tungstenite::client_async_tls_with_config(url.as_str(), io, None, None)
            .await
            .map_err(|e| format!("websocket error: {e}"))?;
    Ok(ws)
}

async fn sleep_opt(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

impl Actor {
    pub(crate) fn new(parts: ActorParts) -> Actor {
        Actor {
            options: parts.options,
            socket_url: parts.socket_url,
            cmd_rx: parts.cmd_rx,
            weak_tx: parts.weak_tx,
            ws: None,
            ref_counter: 0,
            channels: Vec::new(),
            pending: HashMap::new(),
            heartbeat_at: None,
            pending_heartbeat: None,
            heartbeat_waiters: Vec::new(),
            reconnect_tries: 0,
            reconnect_at: None,
            want_connected: false,
            token: None,
            manual_token: false,
            token_fn: parts.token_fn,
            token_mirror: parts.token_mirror,
            connected: parts.connected,
            registry: parts.registry,
            empty_disconnect_at: None,
        }
    }

    pub(crate) async fn run(mut self) {
        loop {
            let deadline = self.next_deadline();
            tokio::select! {
                biased;
                cmd = self.cmd_rx.recv() => match cmd {
                    Some(cmd) => self.handle_command(cmd).await,
                    None => {
                        self.close_socket(None).await;
                        return;
                    }
                },
                msg = next_ws(&mut self.ws) => self.handle_ws(msg).await,
                () = sleep_opt(deadline) => self.handle_timers().await,
            }
        }
    }

    pub(crate) fn make_ref(&mut self) -> String {
        self.ref_counter += 1;
        self.ref_counter.to_string()
    }

    pub(crate) fn is_connected(&self) -> bool {
        self.ws.is_some()
    }

    fn next_deadline(&self) -> Option<Instant> {
        let mut all = vec![
            self.heartbeat_at,
            self.reconnect_at,
            self.empty_disconnect_at,
        ];
        for ch in &self.channels {
            all.push(ch.join_deadline);
            all.push(ch.rejoin_at);
            all.push(ch.buffer.front().map(|b| b.deadline));
        }
        all.extend(self.pending.values().map(|p| Some(p.deadline)));
        all.into_iter().flatten().min()
    }

    async fn handle_command(&mut self, cmd: Command) {
        match cmd {
            Command::Register(inner) => {
                self.empty_disconnect_at = None;
                self.channels.push(ChannelState::new(inner));
            }
            Command::Listen {
                channel_id,
                listener,
                binding,
                presence,
            } => self.add_listener(channel_id, listener, binding, presence),
            Command::Unlisten {
                channel_id,
                listener_id,
            } => {
                if let Some(ch) = self.channel_mut(channel_id) {
                    ch.listeners.retain(|l| l.id != listener_id);
                }
            }
            Command::Subscribe { channel_id } => {
                self.want_connected = true;
                self.empty_disconnect_at = None;
                if let Some(i) = self.index_of(channel_id) {
                    self.rejoin(i).await;
                }
                self.connect().await;
            }
            Command::Push {
                channel_id,
                event,
                payload,
                wait_ack,
                rest_fallback,
                reply,
            } => {
                self.push(channel_id, event, payload, wait_ack, rest_fallback, reply)
                    .await
            }
            Command::Leave { channel_id, reply } => {
                let status = self.leave(channel_id).await;
                let _ = reply.send(status);
            }
            Command::Remove { channel_id } => self.remove_channel(channel_id),
            Command::SetAuth { token, source } => self.set_auth(token, source).await,
            Command::Heartbeat { reply } => {
                if !self.is_connected() {
                    let _ = reply.send(HeartbeatStatus::Disconnected);
                } else {
                    self.heartbeat_waiters.push(reply);
                    self.send_heartbeat().await;
                }
            }
            Command::Connect => {
                self.want_connected = true;
                self.connect().await;
            }
            Command::Disconnect { reply } => {
                self.want_connected = false;
                self.reconnect_at = None;
                self.reconnect_tries = 0;
                self.empty_disconnect_at = None;
                if self.ws.is_some() {
                    self.close_socket(None).await;
                    self.on_conn_close("disconnected");
                }
                let _ = reply.send(());
            }
            Command::ListenerCount { channel_id, reply } => {
                let n = self.channel_mut(channel_id).map_or(0, |ch| {
                    ch.listeners.retain(|l| !l.is_closed());
                    ch.listeners.len()
                });
                let _ = reply.send(n);
            }
        }
    }

    pub(crate) fn index_of(&self, channel_id: u64) -> Option<usize> {
        self.channels.iter().position(|c| c.inner.id == channel_id)
    }

    pub(crate) fn channel_mut(&mut self, channel_id: u64) -> Option<&mut ChannelState> {
        self.channels.iter_mut().find(|c| c.inner.id == channel_id)
    }

    /// Opens the websocket if it is wanted and not open.
    async fn connect(&mut self) {
        if self.ws.is_some() || !self.want_connected {
            return;
        }
        self.reconnect_at = None;
        let opening = open_websocket(self.socket_url.clone(), self.options.transport.clone());
        let attempt = tokio::time::timeout(self.options.timeout, opening).await;
        match attempt {
            Ok(Ok(ws)) => {
                self.ws = Some(ws);
                self.connected.store(true, Ordering::SeqCst);
                self.reconnect_tries = 0;
                self.pending_heartbeat = None;
                self.heartbeat_at = Some(Instant::now() + self.options.heartbeat_interval);
                self.on_open().await;
            }
            Ok(Err(e)) => self.connect_failed(e),
            Err(_) => self.connect_failed("websocket handshake timed out".into()),
        }
    }

    fn connect_failed(&mut self, reason: String) {
        self.trigger_chan_error(&reason);
        self.schedule_reconnect();
    }

    fn schedule_reconnect(&mut self) {
        if !self.want_connected {
            return;
        }
        self.reconnect_tries += 1;
        self.reconnect_at = Some(Instant::now() + backoff::reconnect_after(self.reconnect_tries));
    }

    /// Socket open: joins that were waiting go out, errored channels rejoin at once.
    async fn on_open(&mut self) {
        for i in 0..self.channels.len() {
            let ch = &mut self.channels[i];
            ch.rejoin_at = None;
            ch.rejoin_tries = 0;
            if ch.phase == Phase::Errored || (ch.phase == Phase::Joining && ch.join_unsent) {
                self.rejoin(i).await;
            }
        }
    }

    /// Sends a frame; a write error counts as a lost connection.
    pub(crate) async fn send_frame(&mut self, frame: Frame) -> Result<(), RealtimeError> {
        let wire = frame::encode(&frame, self.options.vsn)?;
        let Some(ws) = self.ws.as_mut() else {
            return Err(RealtimeError::Closed);
        };
        let msg = match wire {
            WireMessage::Text(t) => Message::text(t),
            WireMessage::Binary(b) => Message::binary(b),
        };
        if let Err(e) = ws.send(msg).await {
            self.lost_connection(&format!("socket write failed: {e}"))
                .await;
            return Err(RealtimeError::Closed);
        }
        Ok(())
    }

    async fn handle_ws(
        &mut self,
        msg: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>,
    ) {
        let decoded = match msg {
            Some(Ok(Message::Text(t))) => frame::decode_text(t.as_str(), self.options.vsn),
            Some(Ok(Message::Binary(b))) => frame::decode_binary(&b),
            Some(Ok(Message::Close(close))) => {
                let reason = match close {
                    Some(c) => format!(
                        "socket closed: {} ({})",
                        u16::from(c.code),
                        c.reason.as_str()
                    ),
                    None => "socket closed".to_owned(),
                };
                self.lost_connection(&reason).await;
                return;
            }
            Some(Ok(_)) => return,
            Some(Err(e)) => {
                self.lost_connection(&format!("socket error: {e}")).await;
                return;
            }
            None => {
                self.lost_connection("socket closed").await;
                return;
            }
        };
        // A frame this client cannot read is skipped, as realtime-js skips unknown binary kinds.
        if let Ok(frame) = decoded {
            self.on_frame(frame).await;
        }
    }

    async fn on_frame(&mut self, frame: Frame) {
        if frame.ref_.is_some() && frame.ref_ == self.pending_heartbeat {
            let ok = frame.json().get("status").and_then(Value::as_str) == Some("ok");
            self.pending_heartbeat = None;
            self.heartbeat_at = Some(Instant::now() + self.options.heartbeat_interval);
            let status = if ok {
                HeartbeatStatus::Ok
            } else {
                HeartbeatStatus::Error
            };
            for w in self.heartbeat_waiters.drain(..) {
                let _ = w.send(status);
            }
        }
        self.route(frame).await;
    }

    /// An unexpected close: channels error, reconnect is scheduled.
    async fn lost_connection(&mut self, reason: &str) {
        if let Some(mut ws) = self.ws.take() {
            let _ = ws.close(None).await;
        }
        self.on_conn_close(reason);
        self.schedule_reconnect();
    }

    fn on_conn_close(&mut self, reason: &str) {
        self.ws = None;
        self.connected.store(false, Ordering::SeqCst);
        self.heartbeat_at = None;
        self.pending_heartbeat = None;
        for w in self.heartbeat_waiters.drain(..) {
            let _ = w.send(HeartbeatStatus::Disconnected);
        }
        self.trigger_chan_error(reason);
    }

    /// Every channel that is joining or joined goes errored and hears CHANNEL_ERROR.
    fn trigger_chan_error(&mut self, reason: &str) {
        let connected = self.is_connected();
        for ch in &mut self.channels {
            if matches!(ch.phase, Phase::Joining | Phase::Joined) {
                ch.on_error(reason, connected);
            }
        }
    }

    /// Closes the websocket: without a status, like `WebSocket.close()` in realtime-js's
    /// `disconnect()`, or with 1000 and a reason (heartbeat timeout).
    async fn close_socket(&mut self, reason: Option<&str>) {
        if let Some(mut ws) = self.ws.take() {
            let frame = reason.map(|r| CloseFrame {
                code: CloseCode::Normal,
                reason: r.to_owned().into(),
            });
            let _ = tokio::time::timeout(Duration::from_secs(1), ws.close(frame)).await;
        }
        self.connected.store(false, Ordering::SeqCst);
    }

    async fn send_heartbeat(&mut self) {
        if !self.is_connected() {
            return;
        }
        if self.pending_heartbeat.is_some() {
            self.heartbeat_timeout().await;
            return;
        }
        let r = self.make_ref();
        self.pending_heartbeat = Some(r.clone());
        self.heartbeat_at = Some(Instant::now() + self.options.heartbeat_interval);
        let hb = Frame {
            join_ref: None,
            ref_: Some(r),
            topic: "phoenix".into(),
            event: "heartbeat".into(),
            payload: Payload::Json(json!({})),
        };
        if self.send_frame(hb).await.is_ok() {
            self.refresh_token_in_background();
        }
    }

    async fn heartbeat_timeout(&mut self) {
        self.pending_heartbeat = None;
        for w in self.heartbeat_waiters.drain(..) {
            let _ = w.send(HeartbeatStatus::Timeout);
        }
        self.trigger_chan_error("heartbeat timeout");
        self.close_socket(Some("heartbeat timeout")).await;
        self.on_conn_close("heartbeat timeout");
        self.schedule_reconnect();
    }

    /// Re-reads the token source (not while a manual token is set), like realtime-js's
    /// `setAuth()` on each heartbeat and after each join.
    pub(crate) fn refresh_token_in_background(&self) {
        if self.manual_token {
            return;
        }
        let (Some(f), Some(tx)) = (self.token_fn.clone(), self.weak_tx.upgrade()) else {
            return;
        };
        drop(tx);
        let weak = self.weak_tx.clone();
        tokio::spawn(async move {
            let token = f().await;
            if let Some(tx) = weak.upgrade() {
                let _ = tx.send(Command::SetAuth {
                    token,
                    source: AuthSource::Callback,
                });
            }
        });
    }

    async fn set_auth(&mut self, token: Option<String>, source: AuthSource) {
        match source {
            AuthSource::Callback if self.manual_token => return,
            AuthSource::Manual => self.manual_token = true,
            AuthSource::Reset => self.manual_token = false,
            AuthSource::Callback => {}
        }
        if token == self.token {
            return;
        }
        self.token = token.clone();
        match self.token_mirror.lock() {
            Ok(mut g) => *g = token.clone(),
            Err(p) => *p.into_inner() = token.clone(),
        }
        let ids: Vec<u64> = self.channels.iter().map(|c| c.inner.id).collect();
        for id in ids {
            let Some(ch) = self.channel_mut(id) else {
                continue;
            };
            ch.join_version = true;
            if ch.phase == Phase::Joined {
                let payload = json!({"access_token": token});
                let (tx, _rx) = oneshot::channel();
                self.push(
                    id,
                    "access_token".into(),
                    Payload::Json(payload),
                    false,
                    false,
                    tx,
                )
                .await;
            }
        }
    }

    async fn handle_timers(&mut self) {
        let now = Instant::now();
        if self.heartbeat_at.is_some_and(|t| t <= now) {
            self.heartbeat_at = None;
            self.send_heartbeat().await;
        }
        if self.reconnect_at.is_some_and(|t| t <= now) {
            self.reconnect_at = None;
            self.connect().await;
        }
        if self.empty_disconnect_at.is_some_and(|t| t <= now) {
            self.empty_disconnect_at = None;
            if self.channels.is_empty() {
                self.want_connected = false;
                if self.ws.is_some() {
                    self.close_socket(None).await;
                    self.on_conn_close("disconnected");
                }
            }
        }
        let expired: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, p)| p.deadline <= now)
            .map(|(r, _)| r.clone())
            .collect();
        for r in expired {
            if let Some(p) = self.pending.remove(&r) {
                let _ = p.reply.send(PushResult::Done(PushStatus::TimedOut));
            }
        }
        self.expire_buffers(now);
        for i in 0..self.channels.len() {
            if self.channels[i].join_deadline.is_some_and(|t| t <= now) {
                self.join_timed_out(i).await;
            }
            if self.channels[i].rejoin_at.is_some_and(|t| t <= now) {
                self.channels[i].rejoin_at = None;
                if self.is_connected() {
                    self.rejoin(i).await;
                }
            }
        }
    }

    /// Stops routing to a channel; when none is left the socket closes after the configured delay.
    pub(crate) fn remove_channel(&mut self, channel_id: u64) {
        if let Some(i) = self.index_of(channel_id) {
            let ch = self.channels.remove(i);
            self.pending.retain(|_, p| p.channel_id != channel_id);
            drop(ch);
        }
        self.registry.remove(channel_id);
        if self.channels.is_empty() && self.want_connected {
            self.empty_disconnect_at = Some(Instant::now() + self.options.empty_disconnect_delay());
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use tokio::io::AsyncReadExt;

    /// `wss` URLs run rustls over the transport: the first bytes are a TLS handshake record,
    /// and a peer that hangs up gives an error, not a panic.
    #[tokio::test]
    async fn wss_runs_tls_over_the_transport() {
        let (first_tx, first_rx) = oneshot::channel();
        let first_tx = Arc::new(Mutex::new(Some(first_tx)));
        let transport = Transport::new(move |_| {
            let (client, mut server) = tokio::io::duplex(1 << 14);
            let tx = first_tx.lock().unwrap().take();
            tokio::spawn(async move {
                let mut byte = [0u8; 1];
                let _ = server.read_exact(&mut byte).await;
                if let Some(tx) = tx {
                    let _ = tx.send(byte[0]);
                }
            });
            Box::pin(async move { Ok(Box::new(client) as Box<dyn RealtimeIo>) })
        });
        let url =
            Url::parse("wss://example.invalid/realtime/v1/websocket?apikey=k&vsn=2.0.0").unwrap();
        let err = open_websocket(url, Some(transport)).await.err().unwrap();
        assert!(err.starts_with("websocket error"), "{err}");
        assert_eq!(first_rx.await.unwrap(), 0x16, "a TLS ClientHello record");
    }
}
