//! `RealtimeClient`: the socket handle, the channel registry, and the `Client` accessors.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use tokio::sync::{mpsc, oneshot};
use url::Url;

use super::broadcast::PushStatus;
use super::channel::{ChannelInner, RealtimeChannel};
use super::command::Command;
use super::config::{ChannelConfig, RealtimeOptions};
use super::connection::{Actor, ActorParts};
use super::error::RealtimeError;
use super::heartbeat::{HeartbeatCallback, HeartbeatStatus};
use super::token::AuthSource;
use crate::TokenFuture;

/// Produces the current access token (`None`: no token).
pub(crate) type TokenFn = Arc<dyn Fn() -> TokenFuture<'static> + Send + Sync>;

/// `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` is escaped.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// The channels a client knows, by creation order.
#[derive(Default)]
pub(crate) struct Registry {
    channels: Mutex<Vec<Arc<ChannelInner>>>,
}

impl Registry {
    fn lock(&self) -> MutexGuard<'_, Vec<Arc<ChannelInner>>> {
        match self.channels.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    pub(crate) fn remove(&self, id: u64) {
        self.lock().retain(|c| c.id != id);
    }
}

/// State shared by the client, its channels and their streams.
pub(crate) struct Shared {
    pub(crate) cmd: mpsc::UnboundedSender<Command>,
    actor: Mutex<Option<Actor>>,
    pub(crate) options: RealtimeOptions,
    pub(crate) socket_url: Url,
    pub(crate) api_key: String,
    pub(crate) http: reqwest::Client,
    /// Headers every REST broadcast carries (the client's global headers, `apikey`, `X-Client-Info`).
    pub(crate) rest_headers: http::HeaderMap,
    token_fn: Option<TokenFn>,
    manual: AtomicBool,
    token_mirror: Arc<Mutex<Option<String>>>,
    connected: Arc<AtomicBool>,
    registry: Arc<Registry>,
    ids: AtomicU64,
}

impl Shared {
    pub(crate) fn next_id(&self) -> u64 {
        self.ids.fetch_add(1, Ordering::Relaxed)
    }

    /// Starts the socket task on first use (needs a tokio runtime then, not before).
    pub(crate) fn ensure_started(&self) {
        let actor = match self.actor.lock() {
            Ok(mut g) => g.take(),
            Err(p) => p.into_inner().take(),
        };
        if let Some(actor) = actor {
            tokio::spawn(actor.run());
        }
    }

    pub(crate) fn send(&self, cmd: Command) -> Result<(), RealtimeError> {
        self.cmd.send(cmd).map_err(|_| RealtimeError::Closed)
    }

    /// Reads the token source (unless a manual token is set) and hands the value over.
    pub(crate) async fn resolve_token(&self) {
        if self.manual.load(Ordering::SeqCst) {
            return;
        }
        if let Some(f) = &self.token_fn {
            let token = f().await;
            let _ = self.send(Command::SetAuth {
                token,
                source: AuthSource::Callback,
            });
        }
    }

    pub(crate) fn current_token(&self) -> Option<String> {
        match self.token_mirror.lock() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// The token for a REST broadcast: the socket's current token, else a fresh read of the
    /// token source (supabase-js's fetch wrapper always sends the session token or the key).
    pub(crate) async fn rest_token(&self) -> Option<String> {
        if let Some(t) = self.current_token() {
            return Some(t);
        }
        match &self.token_fn {
            Some(f) if !self.manual.load(Ordering::SeqCst) => f().await,
            _ => None,
        }
    }
}

/// The Realtime socket: one websocket shared by every channel of a client.
///
/// Usually reached through [`Client::realtime`](crate::Client::realtime) /
/// [`Client::channel`](crate::Client::channel). Cloning is cheap.
///
/// ```
/// use supabase_core::realtime::{RealtimeClient, RealtimeOptions};
///
/// let rt = RealtimeClient::new("wss://xyz.supabase.co/realtime/v1", "anon-key", RealtimeOptions::new().log_level("info")).unwrap();
/// assert_eq!(
///     rt.endpoint_url().as_str(),
///     "wss://xyz.supabase.co/realtime/v1/websocket?apikey=anon-key&log_level=info&vsn=2.0.0"
/// );
/// ```
#[derive(Clone)]
pub struct RealtimeClient {
    shared: Arc<Shared>,
}

impl fmt::Debug for RealtimeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RealtimeClient")
            .field("endpoint", &self.shared.socket_url.path())
            .finish_non_exhaustive()
    }
}

impl RealtimeClient {
    /// A client for the Realtime endpoint `endpoint` (`wss://<host>/realtime/v1`; `/websocket`
    /// is appended) with API key `api_key`. No token is sent until [`Self::set_auth`].
    ///
    /// ```
    /// # use supabase_core::realtime::{RealtimeClient, RealtimeOptions};
    /// assert!(RealtimeClient::new("wss://h/realtime/v1", "", RealtimeOptions::new()).is_err());
    /// ```
    pub fn new(
        endpoint: &str,
        api_key: &str,
        options: RealtimeOptions,
    ) -> Result<RealtimeClient, RealtimeError> {
        if api_key.trim().is_empty() {
            return Err(RealtimeError::InvalidArgument(
                "API key is required to connect to Realtime".into(),
            ));
        }
        let url = Url::parse(endpoint).map_err(|e| {
            RealtimeError::InvalidArgument(format!("invalid realtime url {endpoint:?}: {e}"))
        })?;
        if !matches!(url.scheme(), "ws" | "wss") {
            return Err(RealtimeError::InvalidArgument(format!(
                "the realtime url must be ws:// or wss://, got {endpoint:?}"
            )));
        }
        Ok(Self::build(
            url,
            api_key,
            options,
            reqwest::Client::new(),
            http::HeaderMap::new(),
            None,
        ))
    }

    pub(crate) fn build(
        endpoint: Url,
        api_key: &str,
        options: RealtimeOptions,
        http: reqwest::Client,
        rest_headers: http::HeaderMap,
        token_fn: Option<TokenFn>,
    ) -> RealtimeClient {
        let mut query = vec![("apikey".to_owned(), api_key.to_owned())];
        query.extend(options.params.iter().cloned());
        if let Some(level) = &options.log_level {
            query.push(("log_level".into(), level.clone()));
        }
        query.push(("vsn".into(), options.vsn.as_str().into()));
        let query: Vec<String> = query
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    utf8_percent_encode(k, URI_COMPONENT),
                    utf8_percent_encode(v, URI_COMPONENT)
                )
            })
            .collect();
        let mut socket_url = endpoint;
        let path = format!("{}/websocket", socket_url.path().trim_end_matches('/'));
        socket_url.set_path(&path);
        socket_url.set_query(Some(&query.join("&")));
        let (tx, rx) = mpsc::unbounded_channel();
        let token_mirror = Arc::new(Mutex::new(None));
        let connected = Arc::new(AtomicBool::new(false));
        let registry = Arc::new(Registry::default());
        let actor = Actor::new(ActorParts {
            options: options.clone(),
            socket_url: socket_url.clone(),
            cmd_rx: rx,
            weak_tx: tx.downgrade(),
            token_fn: token_fn.clone(),
            token_mirror: Arc::clone(&token_mirror),
            connected: Arc::clone(&connected),
            registry: Arc::clone(&registry),
        });
        RealtimeClient {
            shared: Arc::new(Shared {
                cmd: tx,
                actor: Mutex::new(Some(actor)),
                options,
                socket_url,
                api_key: api_key.to_owned(),
                http,
                rest_headers,
                token_fn,
                manual: AtomicBool::new(false),
                token_mirror,
                connected,
                registry,
                ids: AtomicU64::new(1),
            }),
        }
    }

    /// The websocket URL: `<endpoint>/websocket?apikey=…[&params][&log_level=…]&vsn=…`.
    ///
    /// ```
    /// # use supabase_core::realtime::{RealtimeClient, RealtimeOptions, Vsn};
    /// let rt = RealtimeClient::new("ws://127.0.0.1:4000/socket", "k y", RealtimeOptions::new().vsn(Vsn::V1)).unwrap();
    /// assert_eq!(rt.endpoint_url().as_str(), "ws://127.0.0.1:4000/socket/websocket?apikey=k%20y&vsn=1.0.0");
    /// ```
    pub fn endpoint_url(&self) -> &Url {
        &self.shared.socket_url
    }

    /// The channel `realtime:<name>` with the default config; an existing channel of that
    /// topic is returned as is.
    ///
    /// ```
    /// # use supabase_core::realtime::{RealtimeClient, RealtimeOptions};
    /// let rt = RealtimeClient::new("wss://h/realtime/v1", "k", RealtimeOptions::new()).unwrap();
    /// assert_eq!(rt.channel("a"), rt.channel("a"));
    /// ```
    pub fn channel(&self, name: &str) -> RealtimeChannel {
        self.channel_with(name, ChannelConfig::new())
    }

    /// The channel `realtime:<name>` with `config` (ignored if the channel already exists).
    ///
    /// ```
    /// # use supabase_core::realtime::{ChannelConfig, RealtimeClient, RealtimeOptions};
    /// let rt = RealtimeClient::new("wss://h/realtime/v1", "k", RealtimeOptions::new()).unwrap();
    /// let ch = rt.channel_with("a", ChannelConfig::new().broadcast_self(true));
    /// assert_eq!(rt.get_channels(), vec![ch]);
    /// ```
    pub fn channel_with(&self, name: &str, config: ChannelConfig) -> RealtimeChannel {
        let topic = format!("realtime:{name}");
        let mut channels = self.shared.registry.lock();
        if let Some(existing) = channels.iter().find(|c| c.topic == topic) {
            return RealtimeChannel {
                inner: Arc::clone(existing),
                shared: Arc::clone(&self.shared),
            };
        }
        let inner = Arc::new(ChannelInner::new(self.shared.next_id(), name, config));
        channels.push(Arc::clone(&inner));
        let _ = self.shared.send(Command::Register(Arc::clone(&inner)));
        RealtimeChannel {
            inner,
            shared: Arc::clone(&self.shared),
        }
    }

    /// Every channel not yet closed, in creation order.
    ///
    /// ```
    /// # use supabase_core::realtime::{RealtimeClient, RealtimeOptions};
    /// let rt = RealtimeClient::new("wss://h/realtime/v1", "k", RealtimeOptions::new()).unwrap();
    /// assert!(rt.get_channels().is_empty());
    /// ```
    pub fn get_channels(&self) -> Vec<RealtimeChannel> {
        self.shared
            .registry
            .lock()
            .iter()
            .map(|inner| RealtimeChannel {
                inner: Arc::clone(inner),
                shared: Arc::clone(&self.shared),
            })
            .collect()
    }

    /// Unsubscribes `channel` and forgets it.
    ///
    /// ```no_run
    /// # async fn run(rt: supabase_core::realtime::RealtimeClient) -> Result<(), supabase_core::realtime::RealtimeError> {
    /// let ch = rt.channel("room");
    /// rt.remove_channel(&ch).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_channel(
        &self,
        channel: &RealtimeChannel,
    ) -> Result<PushStatus, RealtimeError> {
        let status = channel.unsubscribe().await?;
        if status == PushStatus::Ok {
            self.shared.send(Command::Remove {
                channel_id: channel.inner.id,
            })?;
        }
        Ok(status)
    }

    /// Unsubscribes and forgets every channel, then disconnects.
    ///
    /// ```no_run
    /// # async fn run(rt: supabase_core::realtime::RealtimeClient) -> Result<(), supabase_core::realtime::RealtimeError> {
    /// rt.remove_all_channels().await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_all_channels(&self) -> Result<Vec<PushStatus>, RealtimeError> {
        let mut out = Vec::new();
        for channel in self.get_channels() {
            out.push(channel.unsubscribe().await?);
            self.shared.send(Command::Remove {
                channel_id: channel.inner.id,
            })?;
        }
        self.disconnect().await?;
        Ok(out)
    }

    /// Sets the access token: `Some(token)` is used from now on (and not replaced by the token
    /// source) until `set_auth(None)` goes back to the token source. A changed token is pushed
    /// (`access_token`) to every joined channel and used by later joins.
    ///
    /// ```no_run
    /// # async fn run(rt: supabase_core::realtime::RealtimeClient) -> Result<(), supabase_core::realtime::RealtimeError> {
    /// rt.set_auth(Some("user-jwt".into())).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_auth(&self, token: Option<String>) -> Result<(), RealtimeError> {
        self.shared.ensure_started();
        match token {
            Some(token) => {
                self.shared.manual.store(true, Ordering::SeqCst);
                self.shared.send(Command::SetAuth {
                    token: Some(token),
                    source: AuthSource::Manual,
                })
            }
            None => {
                self.shared.manual.store(false, Ordering::SeqCst);
                let token = match &self.shared.token_fn {
                    Some(f) => f().await,
                    None => None,
                };
                self.shared.send(Command::SetAuth {
                    token,
                    source: AuthSource::Reset,
                })
            }
        }
    }

    /// Opens the socket (subscribing does it too). Returns once the attempt is started.
    ///
    /// ```no_run
    /// # async fn run(rt: supabase_core::realtime::RealtimeClient) -> Result<(), supabase_core::realtime::RealtimeError> {
    /// rt.connect()?;
    /// # Ok(()) }
    /// ```
    pub fn connect(&self) -> Result<(), RealtimeError> {
        self.shared.ensure_started();
        self.shared.send(Command::Connect)
    }

    /// Closes the socket cleanly (code 1000); no reconnect follows.
    ///
    /// ```no_run
    /// # async fn run(rt: supabase_core::realtime::RealtimeClient) -> Result<(), supabase_core::realtime::RealtimeError> {
    /// rt.disconnect().await?;
    /// # Ok(()) }
    /// ```
    pub async fn disconnect(&self) -> Result<(), RealtimeError> {
        self.shared.ensure_started();
        let (tx, rx) = oneshot::channel();
        self.shared.send(Command::Disconnect { reply: tx })?;
        rx.await.map_err(|_| RealtimeError::Closed)
    }

    /// Calls `callback` for every heartbeat from now on, replacing an earlier one:
    /// `Sent`, then `Ok`/`Error` with the round-trip latency, or `Timeout`
    /// (realtime-js's `onHeartbeat`).
    ///
    /// ```no_run
    /// # async fn run(rt: supabase_core::realtime::RealtimeClient) -> Result<(), supabase_core::realtime::RealtimeError> {
    /// use supabase_core::realtime::{HeartbeatCallback, HeartbeatStatus};
    /// rt.on_heartbeat(HeartbeatCallback::new(|status, latency| {
    ///     if status == HeartbeatStatus::Timeout {
    ///         eprintln!("realtime connection is unhealthy");
    ///     } else if let Some(rtt) = latency {
    ///         println!("heartbeat {status:?} in {rtt:?}");
    ///     }
    /// }))?;
    /// # Ok(()) }
    /// ```
    pub fn on_heartbeat(&self, callback: HeartbeatCallback) -> Result<(), RealtimeError> {
        self.shared.send(Command::OnHeartbeat(callback))
    }

    /// Sends a heartbeat now and waits for its outcome. If the previous heartbeat is still
    /// unanswered this is a heartbeat timeout: the socket closes and reconnects.
    ///
    /// ```no_run
    /// # async fn run(rt: supabase_core::realtime::RealtimeClient) -> Result<(), supabase_core::realtime::RealtimeError> {
    /// let status = rt.send_heartbeat().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_heartbeat(&self) -> Result<HeartbeatStatus, RealtimeError> {
        self.shared.ensure_started();
        let (tx, rx) = oneshot::channel();
        self.shared.send(Command::Heartbeat { reply: tx })?;
        rx.await.map_err(|_| RealtimeError::Closed)
    }

    /// Whether the websocket is open.
    ///
    /// ```
    /// # use supabase_core::realtime::{RealtimeClient, RealtimeOptions};
    /// let rt = RealtimeClient::new("wss://h/realtime/v1", "k", RealtimeOptions::new()).unwrap();
    /// assert!(!rt.is_connected());
    /// ```
    pub fn is_connected(&self) -> bool {
        self.shared.connected.load(Ordering::SeqCst)
    }
}
