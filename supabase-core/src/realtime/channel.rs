//! `RealtimeChannel`: the public handle of one topic.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use tokio::sync::oneshot;

use super::broadcast::PushStatus;
use super::client::Shared;
use super::command::{Command, PushResult};
use super::config::ChannelConfig;
use super::error::RealtimeError;
use super::frame::Payload;
use super::presence::{self, Presence, PresenceTracker};

/// A channel's subscribe status, as realtime-js reports it to the `subscribe` callback.
///
/// ```
/// use supabase_core::realtime::SubscribeState;
/// assert_eq!(SubscribeState::Subscribed.as_str(), "SUBSCRIBED");
/// assert_eq!(SubscribeState::ChannelError("x".into()).as_str(), "CHANNEL_ERROR");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SubscribeState {
    /// A (re)join succeeded.
    Subscribed,
    /// No join reply within the timeout; a rejoin is scheduled.
    TimedOut,
    /// The channel closed (server `phx_close`, or `unsubscribe`).
    Closed,
    /// A join error, a server `phx_error`, a lost socket, or a postgres binding mismatch.
    ChannelError(String),
}

impl SubscribeState {
    /// The realtime-js name.
    ///
    /// ```
    /// # use supabase_core::realtime::SubscribeState;
    /// assert_eq!(SubscribeState::TimedOut.as_str(), "TIMED_OUT");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            SubscribeState::Subscribed => "SUBSCRIBED",
            SubscribeState::TimedOut => "TIMED_OUT",
            SubscribeState::Closed => "CLOSED",
            SubscribeState::ChannelError(_) => "CHANNEL_ERROR",
        }
    }
}

/// What the socket task and the handles share about a channel.
pub(crate) struct ChannelInner {
    pub(crate) id: u64,
    pub(crate) topic: String,
    pub(crate) sub_topic: String,
    pub(crate) config: ChannelConfig,
    joined_once: AtomicBool,
    pub(crate) presence: Mutex<PresenceTracker>,
}

impl ChannelInner {
    pub(crate) fn new(id: u64, name: &str, config: ChannelConfig) -> ChannelInner {
        ChannelInner {
            id,
            topic: format!("realtime:{name}"),
            sub_topic: name.to_owned(),
            config,
            joined_once: AtomicBool::new(false),
            presence: Mutex::new(PresenceTracker::default()),
        }
    }

    pub(crate) fn joined_once(&self) -> bool {
        self.joined_once.load(Ordering::SeqCst)
    }
}

/// One Realtime channel (topic `realtime:<name>`): broadcast, presence and postgres_changes.
///
/// Get it with [`Client::channel`](crate::Client::channel) (the same name gives the same
/// channel). Add listeners, then [`subscribe`](Self::subscribe). Cloning is cheap.
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// use futures_util::StreamExt;
/// use supabase_core::Client;
///
/// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
/// let room = client.channel("room1");
/// let mut messages = room.on_broadcast::<serde_json::Value>("message");
/// room.subscribe().await?;
/// room.send_broadcast("message", &serde_json::json!({"text": "hi"})).await?;
/// if let Some(Ok(m)) = messages.next().await {
///     println!("{}", m.payload);
/// }
/// client.remove_channel(&room).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RealtimeChannel {
    pub(crate) inner: Arc<ChannelInner>,
    pub(crate) shared: Arc<Shared>,
}

impl fmt::Debug for RealtimeChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RealtimeChannel")
            .field("topic", &self.inner.topic)
            .finish_non_exhaustive()
    }
}

impl PartialEq for RealtimeChannel {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl RealtimeChannel {
    /// The topic, `realtime:<name>`.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// assert_eq!(client.channel("room1").topic(), "realtime:room1");
    /// ```
    pub fn topic(&self) -> &str {
        &self.inner.topic
    }

    /// The configuration the channel joins with.
    ///
    /// ```
    /// # use supabase_core::realtime::ChannelConfig;
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let ch = client.channel_with("room", ChannelConfig::new().private(true));
    /// assert!(ch.config().is_private());
    /// ```
    pub fn config(&self) -> &ChannelConfig {
        &self.inner.config
    }
    /// Joins the channel (connecting the socket if needed) and returns the first status:
    /// `Subscribed`, `TimedOut`, `ChannelError(reason)` or `Closed`. After an error the channel
    /// keeps retrying (1, 2, 5, 10 s); watch [`Self::statuses`]. A channel joins once; after
    /// `unsubscribe` make a new one.
    ///
    /// The access token is resolved before the join is sent, so the join carries it.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::realtime::SubscribeState;
    /// let room = client.channel("room1");
    /// assert_eq!(room.subscribe().await?, SubscribeState::Subscribed);
    /// # Ok(()) }
    /// ```
    pub async fn subscribe(&self) -> Result<SubscribeState, RealtimeError> {
        if self.inner.config.replay.is_some() && !self.inner.config.private {
            return Err(RealtimeError::InvalidArgument(format!(
                "tried to use replay on public channel '{}'. It must be a private channel.",
                self.inner.topic
            )));
        }
        if self.inner.joined_once.swap(true, Ordering::SeqCst) {
            return Err(RealtimeError::AlreadySubscribed(self.inner.topic.clone()));
        }
        self.shared.ensure_started();
        let mut statuses = self.statuses();
        self.shared.resolve_token().await;
        self.shared.send(Command::Subscribe {
            channel_id: self.inner.id,
        })?;
        match statuses.next().await {
            Some(Ok(state)) => Ok(state),
            Some(Err(e)) => Err(e),
            None => Err(RealtimeError::Closed),
        }
    }

    /// Leaves the channel (`phx_leave`); it closes at once (status CLOSED) and is removed from
    /// the client, like realtime-js. Returns `ok`.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let room = client.channel("room1");
    /// room.subscribe().await?;
    /// room.unsubscribe().await?;
    /// # Ok(()) }
    /// ```
    pub async fn unsubscribe(&self) -> Result<PushStatus, RealtimeError> {
        self.shared.ensure_started();
        let (tx, rx) = oneshot::channel();
        self.shared.send(Command::Leave {
            channel_id: self.inner.id,
            reply: tx,
        })?;
        rx.await.map_err(|_| RealtimeError::Closed)
    }

    pub(crate) async fn push(
        &self,
        event: &str,
        payload: Payload,
        wait_ack: bool,
        rest_fallback: bool,
    ) -> Result<PushResult, RealtimeError> {
        self.shared.ensure_started();
        let (tx, rx) = oneshot::channel();
        self.shared.send(Command::Push {
            channel_id: self.inner.id,
            event: event.to_owned(),
            payload,
            wait_ack,
            rest_fallback,
            reply: tx,
        })?;
        rx.await.map_err(|_| RealtimeError::Closed)
    }

    pub(crate) fn done(result: PushResult) -> Result<PushStatus, RealtimeError> {
        match result {
            PushResult::Done(s) => Ok(s),
            PushResult::Failed(e) => Err(e),
            PushResult::NotJoined => Ok(PushStatus::Error(json!({"reason": "channel not joined"}))),
        }
    }

    /// Sends a broadcast. On a joined channel it goes over the socket (a binary kind-3 frame in
    /// vsn 2.0.0); with `broadcast.ack` it waits for the server's reply, else it is `Ok` once
    /// sent. When the channel cannot push (not joined, socket down), it falls back to
    /// `POST /api/broadcast` as realtime-js does (`Ok` on 2xx).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let room = client.channel("room1");
    /// room.subscribe().await?;
    /// room.send_broadcast("cursor-pos", &serde_json::json!({"x": 1, "y": 2})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_broadcast<P: Serialize + ?Sized>(
        &self,
        event: &str,
        payload: &P,
    ) -> Result<PushStatus, RealtimeError> {
        let user = serde_json::to_value(payload).map_err(RealtimeError::Encode)?;
        let body = json!({"type": "broadcast", "event": event, "payload": user});
        match self
            .push(
                "broadcast",
                Payload::Json(body),
                self.inner.config.broadcast_ack,
                true,
            )
            .await?
        {
            PushResult::NotJoined => self.send_rest(event, user).await,
            other => Self::done(other),
        }
    }

    /// Sends a broadcast with a raw binary payload (vsn 2.0.0 only: kind-3 frame, encoding 0).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let room = client.channel("room1");
    /// room.subscribe().await?;
    /// room.send_broadcast_binary("blob", bytes::Bytes::from_static(b"\x00\x01")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_broadcast_binary(
        &self,
        event: &str,
        payload: Bytes,
    ) -> Result<PushStatus, RealtimeError> {
        if self.shared.options.vsn == super::Vsn::V1 {
            return Err(RealtimeError::InvalidArgument(
                "binary broadcast payloads need vsn 2.0.0".into(),
            ));
        }
        let payload = Payload::BinaryBroadcast {
            event: event.to_owned(),
            payload,
            meta: None,
        };
        Self::done(
            self.push("broadcast", payload, self.inner.config.broadcast_ack, false)
                .await?,
        )
    }
    /// Tracks this client's presence with `state` (any JSON object). Waits for the reply.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let room = client.channel("room1");
    /// room.subscribe().await?;
    /// room.track(&serde_json::json!({"user": "alice"})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn track<S: Serialize + ?Sized>(
        &self,
        state: &S,
    ) -> Result<PushStatus, RealtimeError> {
        let state = serde_json::to_value(state).map_err(RealtimeError::Encode)?;
        let body = json!({"type": "presence", "event": "track", "payload": state});
        Self::done(
            self.push("presence", Payload::Json(body), true, false)
                .await?,
        )
    }

    /// Stops tracking this client's presence. Waits for the reply.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// # let room = client.channel("room1");
    /// room.untrack().await?;
    /// # Ok(()) }
    /// ```
    pub async fn untrack(&self) -> Result<PushStatus, RealtimeError> {
        let body = json!({"type": "presence", "event": "untrack"});
        Self::done(
            self.push("presence", Payload::Json(body), true, false)
                .await?,
        )
    }

    /// The current presence state, each tracked state decoded into `T`.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let state = client.channel("room").presence_state::<serde_json::Value>().unwrap();
    /// assert!(state.is_empty());
    /// ```
    pub fn presence_state<T: DeserializeOwned>(
        &self,
    ) -> Result<HashMap<String, Vec<Presence<T>>>, RealtimeError> {
        presence::decode_state(&self.presence_state_raw())
    }

    /// The current presence state as JSON, keys in arrival order, metas with `presence_ref`.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// assert!(client.channel("room").presence_state_raw().is_empty());
    /// ```
    pub fn presence_state_raw(&self) -> Map<String, Value> {
        let tracker = match self.inner.presence.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        presence::user_state(&tracker.state)
    }

    /// How many live listener streams the channel has (dropped streams are not counted).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let room = client.channel("room1");
    /// let s = room.on_system();
    /// assert_eq!(room.listener_count().await?, 1);
    /// drop(s);
    /// assert_eq!(room.listener_count().await?, 0);
    /// # Ok(()) }
    /// ```
    pub async fn listener_count(&self) -> Result<usize, RealtimeError> {
        self.shared.ensure_started();
        let (tx, rx) = oneshot::channel();
        self.shared.send(Command::ListenerCount {
            channel_id: self.inner.id,
            reply: tx,
        })?;
        rx.await.map_err(|_| RealtimeError::Closed)
    }
}
