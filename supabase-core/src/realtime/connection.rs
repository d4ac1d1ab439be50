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
use serde_json::Value;
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
use super::channel_state::{ChannelState, Phase};
use super::client::{Registry, TokenFn};
use super::command::{Command, PendingReply, PushResult};
use super::config::{RealtimeIo, RealtimeOptions, Transport};
use super::error::RealtimeError;
use super::frame::{self, Frame, WireMessage};
use super::heartbeat::HeartbeatStatus;
use super::token::AuthSource;

type Ws = WebSocketStream<MaybeTlsStream<Box<dyn RealtimeIo>>>;

pub(crate) struct Actor {
    pub(crate) options: RealtimeOptions,
    pub(crate) socket_url: Url,
    pub(crate) cmd_rx: mpsc::UnboundedReceiver<Command>,
    pub(crate) weak_tx: mpsc::WeakUnboundedSender<Command>,
    pub(crate) ws: Option<Ws>,
    pub(crate) ref_counter: u64,
    pub(crate) channels: Vec<ChannelState>,
    pub(crate) pending: HashMap<String, PendingReply>,
    pub(crate) heartbeat_at: Option<Instant>,
    pub(crate) pending_heartbeat: Option<String>,
    pub(crate) heartbeat_sent_at: Option<Instant>,
    pub(crate) heartbeat_waiters: Vec<oneshot::Sender<HeartbeatStatus>>,
    pub(crate) reconnect_tries: u32,
    pub(crate) reconnect_at: Option<Instant>,
    pub(crate) want_connected: bool,
    pub(crate) token: Option<String>,
    pub(crate) manual_token: bool,
    pub(crate) token_fn: Option<TokenFn>,
    pub(crate) token_mirror: Arc<Mutex<Option<String>>>,
    pub(crate) connected: Arc<AtomicBool>,
    pub(crate) registry: Arc<Registry>,
    pub(crate) empty_disconnect_at: Option<Instant>,
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
            heartbeat_sent_at: None,
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

    pub(crate) fn next_deadline(&self) -> Option<Instant> {
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

    pub(crate) fn index_of(&self, channel_id: u64) -> Option<usize> {
        self.channels.iter().position(|c| c.inner.id == channel_id)
    }

    pub(crate) fn channel_mut(&mut self, channel_id: u64) -> Option<&mut ChannelState> {
        self.channels.iter_mut().find(|c| c.inner.id == channel_id)
    }

    /// Opens the websocket if it is wanted and not open.
    pub(crate) async fn connect(&mut self) {
        if self.ws.is_some() || !self.want_connected {
            return;
        }
        self.reconnect_at = None;
        // Rejoins after an outage carry a fresh token: heartbeats (which refresh it) stop while
        // the socket is down.
        if let (Some(f), false) = (self.token_fn.clone(), self.manual_token) {
            if let Ok(token) = tokio::time::timeout(self.options.timeout, f()).await {
                self.set_auth(token, AuthSource::Callback).await;
            }
        }
        crate::telemetry::event!(
            tracing::Level::DEBUG,
            server.address = self.socket_url.host_str().unwrap_or_default(),
            url.path = self.socket_url.path(),
            attempt = self.reconnect_tries,
            "realtime socket connecting"
        );
        let opening = open_websocket(self.socket_url.clone(), self.options.transport.clone());
        let attempt = tokio::time::timeout(self.options.timeout, opening).await;
        match attempt {
            Ok(Ok(ws)) => {
                crate::telemetry::event!(
                    tracing::Level::INFO,
                    server.address = self.socket_url.host_str().unwrap_or_default(),
                    url.path = self.socket_url.path(),
                    "realtime socket connected"
                );
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

    pub(crate) fn connect_failed(&mut self, reason: String) {
        crate::telemetry::event!(
            tracing::Level::WARN,
            server.address = self.socket_url.host_str().unwrap_or_default(),
            reason = reason.as_str(),
            "realtime socket connection failed"
        );
        self.trigger_chan_error(&reason);
        self.schedule_reconnect();
    }

    pub(crate) fn schedule_reconnect(&mut self) {
        if !self.want_connected {
            return;
        }
        self.reconnect_tries += 1;
        let delay = backoff::reconnect_after(self.reconnect_tries);
        crate::telemetry::event!(
            tracing::Level::INFO,
            attempt = self.reconnect_tries,
            delay_ms = delay.as_millis() as u64,
            "realtime socket reconnect scheduled"
        );
        self.reconnect_at = Some(Instant::now() + delay);
    }

    /// Socket open: joins that were waiting go out, errored channels rejoin at once.
    pub(crate) async fn on_open(&mut self) {
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

    pub(crate) async fn handle_ws(
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

    pub(crate) async fn on_frame(&mut self, frame: Frame) {
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
            let latency = self.heartbeat_sent_at.take().map(|t| t.elapsed());
            self.report_heartbeat(status, latency);
        }
        self.route(frame).await;
    }

    /// An unexpected close: channels error, reconnect is scheduled.
    pub(crate) async fn lost_connection(&mut self, reason: &str) {
        crate::telemetry::event!(tracing::Level::WARN, reason, "realtime socket lost");
        if let Some(mut ws) = self.ws.take() {
            let _ = ws.close(None).await;
        }
        self.on_conn_close(reason);
        self.schedule_reconnect();
    }

    pub(crate) fn on_conn_close(&mut self, reason: &str) {
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
    pub(crate) fn trigger_chan_error(&mut self, reason: &str) {
        let connected = self.is_connected();
        for ch in &mut self.channels {
            if matches!(ch.phase, Phase::Joining | Phase::Joined) {
                ch.on_error(reason, connected);
            }
        }
    }

    /// Closes the websocket: without a status, like `WebSocket.close()` in realtime-js's
    /// `disconnect()`, or with 1000 and a reason (heartbeat timeout).
    pub(crate) async fn close_socket(&mut self, reason: Option<&str>) {
        if let Some(mut ws) = self.ws.take() {
            let frame = reason.map(|r| CloseFrame {
                code: CloseCode::Normal,
                reason: r.to_owned().into(),
            });
            let _ = tokio::time::timeout(Duration::from_secs(1), ws.close(frame)).await;
        }
        self.connected.store(false, Ordering::SeqCst);
    }

    pub(crate) async fn handle_timers(&mut self) {
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
    pub(crate) async fn wss_runs_tls_over_the_transport() {
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
