//! Settings: the socket's ([`RealtimeOptions`]) and a channel's ([`ChannelConfig`]).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use url::Url;

use super::heartbeat::HeartbeatCallback;
use serde_json::{json, Value};

/// The Phoenix serializer version, sent as `vsn` in the socket URL.
///
/// ```
/// use supabase_core::realtime::Vsn;
/// assert_eq!(Vsn::default(), Vsn::V2);
/// assert_eq!(Vsn::V1.as_str(), "1.0.0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Vsn {
    /// `1.0.0`: every frame is a JSON object.
    V1,
    /// `2.0.0` (the default): JSON arrays, plus binary frames for user broadcasts.
    #[default]
    V2,
}

impl Vsn {
    /// The value sent in the URL.
    ///
    /// ```
    /// # use supabase_core::realtime::Vsn;
    /// assert_eq!(Vsn::V2.as_str(), "2.0.0");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Vsn::V1 => "1.0.0",
            Vsn::V2 => "2.0.0",
        }
    }
}

/// Socket settings. The defaults are realtime-js's: vsn 2.0.0, a heartbeat every 25 s,
/// a 10 s timeout for joins and pushes, reconnect after 1, 2, 5, then 10 s.
///
/// ```
/// use std::time::Duration;
/// use supabase_core::realtime::{RealtimeOptions, Vsn};
///
/// let options = RealtimeOptions::new()
///     .vsn(Vsn::V1)
///     .log_level("info")
///     .param("region", "eu")
///     .heartbeat_interval(Duration::from_secs(30))
///     .buffer_capacity(256);
/// assert_eq!(options.buffer_capacity_value(), 256);
/// ```
#[derive(Clone)]
#[must_use]
pub struct RealtimeOptions {
    pub(crate) vsn: Vsn,
    pub(crate) log_level: Option<String>,
    pub(crate) params: Vec<(String, String)>,
    pub(crate) heartbeat_interval: Duration,
    pub(crate) timeout: Duration,
    pub(crate) buffer_capacity: usize,
    pub(crate) disconnect_on_empty_after: Option<Duration>,
    pub(crate) transport: Option<Transport>,
    pub(crate) heartbeat_callback: Option<HeartbeatCallback>,
}

/// A byte stream the websocket runs over (see [`Transport`]).
pub trait RealtimeIo: AsyncRead + AsyncWrite + Unpin + Send + 'static {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + 'static> RealtimeIo for T {}

/// The future a [`Transport`] returns.
pub type TransportFuture =
    Pin<Box<dyn Future<Output = std::io::Result<Box<dyn RealtimeIo>>> + Send>>;

/// Opens the byte stream for the socket URL, like realtime-js's `transport` option: a proxy,
/// a Unix socket, or an in-memory pipe in tests. The websocket handshake (and TLS for `wss`)
/// runs over what it returns. The default is a TCP connection to the URL's host and port.
///
/// ```
/// use supabase_core::realtime::{RealtimeIo, RealtimeOptions, Transport};
///
/// let transport = Transport::new(|url| {
///     let addr = format!("{}:{}", url.host_str().unwrap_or_default(), url.port_or_known_default().unwrap_or(443));
///     Box::pin(async move {
///         let tcp = tokio::net::TcpStream::connect(addr).await?;
///         Ok(Box::new(tcp) as Box<dyn RealtimeIo>)
///     })
/// });
/// let options = RealtimeOptions::new().transport(transport);
/// # let _ = options;
/// ```
#[derive(Clone)]
pub struct Transport(pub(crate) Arc<dyn Fn(&Url) -> TransportFuture + Send + Sync>);

impl Transport {
    /// Wraps a connect function.
    ///
    /// ```
    /// # use supabase_core::realtime::Transport;
    /// let t = Transport::new(|_url| Box::pin(async { Err(std::io::Error::other("offline")) }));
    /// # let _ = t;
    /// ```
    pub fn new(connect: impl Fn(&Url) -> TransportFuture + Send + Sync + 'static) -> Transport {
        Transport(Arc::new(connect))
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Transport(..)")
    }
}

impl Default for RealtimeOptions {
    fn default() -> Self {
        RealtimeOptions {
            vsn: Vsn::V2,
            log_level: None,
            params: Vec::new(),
            heartbeat_interval: Duration::from_millis(25_000),
            timeout: Duration::from_millis(10_000),
            buffer_capacity: DEFAULT_BUFFER_CAPACITY,
            disconnect_on_empty_after: None,
            transport: None,
            heartbeat_callback: None,
        }
    }
}

/// How many undelivered messages one subscription stream may hold (see [`RealtimeOptions::buffer_capacity`]).
pub(crate) const DEFAULT_BUFFER_CAPACITY: usize = 1024;

impl RealtimeOptions {
    /// The defaults.
    ///
    /// ```
    /// # use supabase_core::realtime::RealtimeOptions;
    /// let _ = RealtimeOptions::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The serializer version (default 2.0.0).
    ///
    /// ```
    /// # use supabase_core::realtime::{RealtimeOptions, Vsn};
    /// let _ = RealtimeOptions::new().vsn(Vsn::V1);
    /// ```
    pub fn vsn(mut self, vsn: Vsn) -> Self {
        self.vsn = vsn;
        self
    }

    /// Adds `log_level=<level>` to the socket URL (before `vsn`).
    ///
    /// ```
    /// # use supabase_core::realtime::RealtimeOptions;
    /// let _ = RealtimeOptions::new().log_level("warn");
    /// ```
    pub fn log_level(mut self, level: impl Into<String>) -> Self {
        self.log_level = Some(level.into());
        self
    }

    /// An extra query parameter for the socket URL (after `apikey`).
    ///
    /// ```
    /// # use supabase_core::realtime::RealtimeOptions;
    /// let _ = RealtimeOptions::new().param("region", "eu");
    /// ```
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Calls `callback` for every heartbeat: `Sent`, then `Ok`/`Error` with the round-trip
    /// latency, or `Timeout` (realtime-js's `heartbeatCallback` option).
    ///
    /// ```
    /// # use supabase_core::realtime::{HeartbeatCallback, RealtimeOptions};
    /// let _ = RealtimeOptions::new().heartbeat_callback(HeartbeatCallback::new(|status, latency| {
    ///     println!("{status:?} {latency:?}");
    /// }));
    /// ```
    pub fn heartbeat_callback(mut self, callback: HeartbeatCallback) -> Self {
        self.heartbeat_callback = Some(callback);
        self
    }

    /// Time between heartbeats; a heartbeat unanswered when the next is due closes the
    /// socket (code 1000, "heartbeat timeout") and reconnects. Default 25 s.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use supabase_core::realtime::RealtimeOptions;
    /// let _ = RealtimeOptions::new().heartbeat_interval(Duration::from_secs(25));
    /// ```
    pub fn heartbeat_interval(mut self, interval: Duration) -> Self {
        self.heartbeat_interval = interval;
        self
    }

    /// Timeout of joins, leaves, acknowledged pushes, the websocket handshake and REST
    /// broadcasts. Default 10 s.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use supabase_core::realtime::RealtimeOptions;
    /// let _ = RealtimeOptions::new().timeout(Duration::from_secs(5));
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many messages each subscription stream buffers for a slow consumer (default 1024,
    /// at least 2).
    ///
    /// When a stream's buffer is full the socket task never waits: the new message is not
    /// queued and is counted. The next message that arrives once the consumer has made room
    /// is preceded by one [`RealtimeError::Lagged`](super::RealtimeError::Lagged) carrying
    /// the number of messages missed. Memory per stream is bounded by
    /// the capacity; other streams and the heartbeat are never held up by a slow consumer.
    ///
    /// ```
    /// # use supabase_core::realtime::RealtimeOptions;
    /// assert_eq!(RealtimeOptions::new().buffer_capacity(1).buffer_capacity_value(), 2);
    /// ```
    pub fn buffer_capacity(mut self, capacity: usize) -> Self {
        self.buffer_capacity = capacity.max(2);
        self
    }

    /// The configured per-stream buffer capacity.
    ///
    /// ```
    /// # use supabase_core::realtime::RealtimeOptions;
    /// assert_eq!(RealtimeOptions::new().buffer_capacity_value(), 1024);
    /// ```
    pub fn buffer_capacity_value(&self) -> usize {
        self.buffer_capacity
    }

    /// Disconnect the socket this long after the last channel is removed (default: two
    /// heartbeat intervals, 50 s; zero disconnects at once).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use supabase_core::realtime::RealtimeOptions;
    /// let _ = RealtimeOptions::new().disconnect_on_empty_channels_after(Duration::ZERO);
    /// ```
    pub fn disconnect_on_empty_channels_after(mut self, after: Duration) -> Self {
        self.disconnect_on_empty_after = Some(after);
        self
    }

    /// A custom byte-stream transport (default: TCP to the URL's host and port).
    ///
    /// ```
    /// # use supabase_core::realtime::{RealtimeOptions, Transport};
    /// let _ = RealtimeOptions::new().transport(Transport::new(|_| Box::pin(async { Err(std::io::Error::other("x")) })));
    /// ```
    pub fn transport(mut self, transport: Transport) -> Self {
        self.transport = Some(transport);
        self
    }

    pub(crate) fn empty_disconnect_delay(&self) -> Duration {
        self.disconnect_on_empty_after
            .unwrap_or(self.heartbeat_interval * 2)
    }
}

/// Which stored broadcasts a private channel replays on join: those sent at or after `since`
/// (Unix milliseconds), at most `limit` of them (the server clamps it to 1..=25; 25 when
/// unset), oldest first, each marked `meta.replayed`.
///
/// ```
/// use supabase_core::realtime::Replay;
/// let last_hour = Replay::since(1_700_000_000_000).limit(10);
/// # let _ = last_hour;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct Replay {
    pub(crate) since: i64,
    pub(crate) limit: Option<u32>,
}

impl Replay {
    /// Messages sent at or after `since_ms` (Unix milliseconds).
    pub fn since(since_ms: i64) -> Replay {
        Replay {
            since: since_ms,
            limit: None,
        }
    }

    /// At most `limit` messages (the server keeps it within 1..=25).
    pub fn limit(mut self, limit: u32) -> Replay {
        self.limit = Some(limit);
        self
    }
}

/// A channel's join configuration: broadcast `self`/`ack`/`replay`/`replication_ready`,
/// presence `key`, `private`.
///
/// ```
/// use supabase_core::realtime::ChannelConfig;
///
/// let config = ChannelConfig::new().broadcast_self(true).broadcast_ack(true).presence_key("user-1").private(true);
/// assert!(config.is_private());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct ChannelConfig {
    pub(crate) broadcast_self: bool,
    pub(crate) broadcast_ack: bool,
    pub(crate) presence_key: String,
    pub(crate) presence_enabled: bool,
    pub(crate) private: bool,
    pub(crate) replay: Option<Replay>,
    pub(crate) replication_ready: bool,
}

impl ChannelConfig {
    /// The defaults: no self, no ack, empty presence key (the server picks one), public.
    ///
    /// ```
    /// # use supabase_core::realtime::ChannelConfig;
    /// assert!(!ChannelConfig::new().is_private());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Receive your own broadcasts back from the server.
    ///
    /// ```
    /// # use supabase_core::realtime::ChannelConfig;
    /// let _ = ChannelConfig::new().broadcast_self(true);
    /// ```
    pub fn broadcast_self(mut self, on: bool) -> Self {
        self.broadcast_self = on;
        self
    }

    /// Wait for the server to acknowledge each socket broadcast.
    ///
    /// ```
    /// # use supabase_core::realtime::ChannelConfig;
    /// let _ = ChannelConfig::new().broadcast_ack(true);
    /// ```
    pub fn broadcast_ack(mut self, on: bool) -> Self {
        self.broadcast_ack = on;
        self
    }

    /// The presence key this client tracks under (empty: the server generates one).
    ///
    /// ```
    /// # use supabase_core::realtime::ChannelConfig;
    /// let _ = ChannelConfig::new().presence_key("user-1");
    /// ```
    pub fn presence_key(mut self, key: impl Into<String>) -> Self {
        self.presence_key = key.into();
        self
    }

    /// Ask for presence even without a presence listener.
    ///
    /// ```
    /// # use supabase_core::realtime::ChannelConfig;
    /// let _ = ChannelConfig::new().presence_enabled(true);
    /// ```
    pub fn presence_enabled(mut self, on: bool) -> Self {
        self.presence_enabled = on;
        self
    }

    /// A private channel (authorized by RLS policies on `realtime.messages`).
    ///
    /// ```
    /// # use supabase_core::realtime::ChannelConfig;
    /// let _ = ChannelConfig::new().private(true);
    /// ```
    pub fn private(mut self, on: bool) -> Self {
        self.private = on;
        self
    }

    /// Replay stored broadcasts on join (private channels only: subscribing a public channel
    /// with replay is refused before anything is sent, as realtime-js refuses it).
    ///
    /// ```
    /// # use supabase_core::realtime::{ChannelConfig, Replay};
    /// let _ = ChannelConfig::new().private(true).replay(Replay::since(1_700_000_000_000).limit(5));
    /// ```
    pub fn replay(mut self, replay: Replay) -> Self {
        self.replay = Some(replay);
        self
    }

    /// Ask the server for a `system` message once the replication connection behind the
    /// channel's postgres_changes is ready (`status` `ok`, message "Replication connection
    /// established"); if it is not ready in time the server closes the channel.
    ///
    /// ```
    /// # use supabase_core::realtime::ChannelConfig;
    /// let _ = ChannelConfig::new().replication_ready(true);
    /// ```
    pub fn replication_ready(mut self, on: bool) -> Self {
        self.replication_ready = on;
        self
    }

    /// Whether the channel is private.
    ///
    /// ```
    /// # use supabase_core::realtime::ChannelConfig;
    /// assert!(ChannelConfig::new().private(true).is_private());
    /// ```
    pub fn is_private(&self) -> bool {
        self.private
    }

    /// The `config` object of the join payload.
    pub(crate) fn join_config(
        &self,
        presence_listener: bool,
        postgres_changes: Vec<Value>,
    ) -> Value {
        let mut broadcast = json!({"ack": self.broadcast_ack, "self": self.broadcast_self});
        if let Some(obj) = broadcast.as_object_mut() {
            if let Some(r) = self.replay {
                let mut replay = json!({ "since": r.since });
                if let (Some(limit), Some(o)) = (r.limit, replay.as_object_mut()) {
                    o.insert("limit".into(), limit.into());
                }
                obj.insert("replay".into(), replay);
            }
            if self.replication_ready {
                obj.insert("replication_ready".into(), true.into());
            }
        }
        json!({
            "broadcast": broadcast,
            "presence": {"key": self.presence_key, "enabled": presence_listener || self.presence_enabled},
            "postgres_changes": postgres_changes,
            "private": self.private,
        })
    }
}

/// Parameters whose name marks a credential (`apikey`, `access_token`, …) show `<redacted>`.
impl fmt::Debug for RealtimeOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(k, v)| {
                let shown = if crate::redact::is_secret_param(k) {
                    crate::redact::REDACTED
                } else {
                    v.as_str()
                };
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("RealtimeOptions")
            .field("vsn", &self.vsn)
            .field("log_level", &self.log_level)
            .field("params", &params)
            .field("heartbeat_interval", &self.heartbeat_interval)
            .field("timeout", &self.timeout)
            .field("buffer_capacity", &self.buffer_capacity)
            .field("disconnect_on_empty_after", &self.disconnect_on_empty_after)
            .field("transport", &self.transport)
            .field("heartbeat_callback", &self.heartbeat_callback)
            .finish()
    }
}
