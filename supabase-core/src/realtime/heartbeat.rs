//! Heartbeats: one every interval on topic `phoenix`; one still unanswered when the next is
//! due is a timeout (every channel errors, the socket closes with 1000 "heartbeat timeout",
//! a reconnect is scheduled).

use serde_json::json;
use tokio::time::Instant;

use super::connection::Actor;
use super::frame::{Frame, Payload};

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

impl Actor {
    pub(crate) async fn send_heartbeat(&mut self) {
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

    pub(crate) async fn heartbeat_timeout(&mut self) {
        self.pending_heartbeat = None;
        for w in self.heartbeat_waiters.drain(..) {
            let _ = w.send(HeartbeatStatus::Timeout);
        }
        self.trigger_chan_error("heartbeat timeout");
        self.close_socket(Some("heartbeat timeout")).await;
        self.on_conn_close("heartbeat timeout");
        self.schedule_reconnect();
    }
}
