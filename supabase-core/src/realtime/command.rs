//! Commands from the public handles to the socket task, and how the task carries them out.

use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::time::Instant;

use super::broadcast::PushStatus;
use super::channel::ChannelInner;
use super::channel_state::ChannelState;
use super::connection::Actor;
use super::error::RealtimeError;
use super::frame::Payload;
use super::heartbeat::HeartbeatStatus;
use super::postgres_changes::PostgresChangesFilter;
use super::subscription::Listener;
use super::token::AuthSource;

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
    OnHeartbeat(super::heartbeat::HeartbeatCallback),
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

impl Actor {
    pub(crate) async fn handle_command(&mut self, cmd: Command) {
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
            Command::OnHeartbeat(callback) => self.options.heartbeat_callback = Some(callback),
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
}
