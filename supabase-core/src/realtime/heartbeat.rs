//! Heartbeats: one every interval on topic `phoenix`; one still unanswered when the next is
//! due is a timeout (every channel errors, the socket closes with 1000 "heartbeat timeout",
//! a reconnect is scheduled).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;

use super::connection::Actor;
use super::frame::{Frame, Payload};

/// A function told about every heartbeat (see [`super::RealtimeOptions::heartbeat_callback`]
/// and [`super::RealtimeClient::on_heartbeat`]): `Sent` when one goes out, then `Ok` or
/// `Error` with the round-trip time, or `Timeout` when it went unanswered. As in realtime-js,
/// `Disconnected` is not reported to it. It runs on the socket task: keep it short.
#[derive(Clone)]
pub struct HeartbeatCallback(
    pub(crate) Arc<dyn Fn(HeartbeatStatus, Option<Duration>) + Send + Sync>,
);

impl HeartbeatCallback {
    /// Wraps a function.
    ///
    /// ```
    /// use supabase_core::realtime::{HeartbeatCallback, HeartbeatStatus};
    /// let cb = HeartbeatCallback::new(|status, latency| {
    ///     if status == HeartbeatStatus::Ok {
    ///         println!("round trip {latency:?}");
    ///     }
    /// });
    /// # let _ = cb;
    /// ```
    pub fn new(f: impl Fn(HeartbeatStatus, Option<Duration>) + Send + Sync + 'static) -> Self {
        HeartbeatCallback(Arc::new(f))
    }
}

impl fmt::Debug for HeartbeatCallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HeartbeatCallback(..)")
    }
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
    /// A heartbeat went out (reported to the heartbeat callback only).
    Sent,
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
    /// Tells the heartbeat callback, if any (never `Disconnected`, as realtime-js).
    pub(crate) fn report_heartbeat(&self, status: HeartbeatStatus, latency: Option<Duration>) {
        if status == HeartbeatStatus::Disconnected {
            return;
        }
        if let Some(cb) = &self.options.heartbeat_callback {
            (cb.0)(status, latency);
        }
    }

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
        self.heartbeat_sent_at = Some(Instant::now());
        if self.send_frame(hb).await.is_ok() {
            self.report_heartbeat(HeartbeatStatus::Sent, None);
            self.refresh_token_in_background();
        }
    }

    pub(crate) async fn heartbeat_timeout(&mut self) {
        crate::telemetry::event!(
            tracing::Level::WARN,
            interval_ms = self.options.heartbeat_interval.as_millis() as u64,
            "realtime heartbeat timed out; closing the socket to reconnect"
        );
        self.pending_heartbeat = None;
        self.heartbeat_sent_at = None;
        for w in self.heartbeat_waiters.drain(..) {
            let _ = w.send(HeartbeatStatus::Timeout);
        }
        self.report_heartbeat(HeartbeatStatus::Timeout, None);
        self.trigger_chan_error("heartbeat timeout");
        self.close_socket(Some("heartbeat timeout")).await;
        self.on_conn_close("heartbeat timeout");
        self.schedule_reconnect();
    }
}
