//! Auth events (`on_auth_state_change`) and their subscriptions.

use std::collections::BTreeMap;
use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll};

use futures_util::Stream;
use tokio::sync::mpsc;

use super::inner::{lock, AuthInner};
use super::types::Session;

/// What happened to the session.
///
/// ```
/// use supabase_core::auth::AuthChangeEvent;
/// assert_eq!(AuthChangeEvent::TokenRefreshed.as_str(), "TOKEN_REFRESHED");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthChangeEvent {
    /// Sent once to each new listener, with the session at that time (or none).
    InitialSession,
    /// A session was saved by a sign-in, a verification, a code exchange, `set_session`, or
    /// found in the store at start-up.
    SignedIn,
    /// The session was removed.
    SignedOut,
    /// A refresh grant succeeded.
    TokenRefreshed,
    /// `update_user` succeeded, or an identity was linked with an id token.
    UserUpdated,
    /// A password-recovery verification or code exchange succeeded.
    PasswordRecovery,
    /// `mfa().verify` succeeded and saved the new session.
    MfaChallengeVerified,
}

impl AuthChangeEvent {
    /// The name supabase-js uses.
    ///
    /// ```
    /// use supabase_core::auth::AuthChangeEvent;
    /// assert_eq!(AuthChangeEvent::SignedIn.as_str(), "SIGNED_IN");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            AuthChangeEvent::InitialSession => "INITIAL_SESSION",
            AuthChangeEvent::SignedIn => "SIGNED_IN",
            AuthChangeEvent::SignedOut => "SIGNED_OUT",
            AuthChangeEvent::TokenRefreshed => "TOKEN_REFRESHED",
            AuthChangeEvent::UserUpdated => "USER_UPDATED",
            AuthChangeEvent::PasswordRecovery => "PASSWORD_RECOVERY",
            AuthChangeEvent::MfaChallengeVerified => "MFA_CHALLENGE_VERIFIED",
        }
    }
}

impl fmt::Display for AuthChangeEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An event and the session after it (none after SIGNED_OUT).
///
/// ```
/// use supabase_core::auth::{AuthChangeEvent, AuthEvent};
/// let e = AuthEvent { event: AuthChangeEvent::SignedOut, session: None };
/// assert!(e.session.is_none());
/// ```
#[derive(Debug, Clone)]
pub struct AuthEvent {
    /// What happened.
    pub event: AuthChangeEvent,
    /// The session after it.
    pub session: Option<Session>,
}

type Callback = Arc<dyn Fn(&AuthEvent) + Send + Sync>;

enum Listener {
    Channel(mpsc::UnboundedSender<AuthEvent>),
    Callback(Callback),
}

#[derive(Default)]
pub(crate) struct Listeners {
    next: AtomicU64,
    map: Mutex<BTreeMap<u64, Listener>>,
}

impl Listeners {
    pub(crate) fn add_channel(&self) -> (u64, mpsc::UnboundedReceiver<AuthEvent>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        lock(&self.map).insert(id, Listener::Channel(tx));
        (id, rx)
    }

    pub(crate) fn add_callback(&self, f: Callback) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        lock(&self.map).insert(id, Listener::Callback(f));
        id
    }

    pub(crate) fn remove(&self, id: u64) {
        lock(&self.map).remove(&id);
    }

    /// Sends to one listener only (INITIAL_SESSION).
    pub(crate) fn emit_to(&self, id: u64, event: AuthChangeEvent, session: Option<&Session>) {
        let target = match lock(&self.map).get(&id) {
            Some(Listener::Channel(tx)) => Target::Channel(tx.clone()),
            Some(Listener::Callback(f)) => Target::Callback(Arc::clone(f)),
            None => return,
        };
        target.send(AuthEvent {
            event,
            session: session.cloned(),
        });
    }

    pub(crate) fn emit(&self, event: AuthChangeEvent, session: Option<&Session>) {
        let targets: Vec<Target> = lock(&self.map)
            .values()
            .map(|l| match l {
                Listener::Channel(tx) => Target::Channel(tx.clone()),
                Listener::Callback(f) => Target::Callback(Arc::clone(f)),
            })
            .collect();
        let event = AuthEvent {
            event,
            session: session.cloned(),
        };
        for target in targets {
            target.send(event.clone());
        }
    }
}

enum Target {
    Channel(mpsc::UnboundedSender<AuthEvent>),
    Callback(Callback),
}

impl Target {
    fn send(self, event: AuthEvent) {
        match self {
            Target::Channel(tx) => {
                let _ = tx.send(event);
            }
            Target::Callback(f) => f(&event),
        }
    }
}

/// A stream of [`AuthEvent`]s from [`super::Auth::on_auth_state_change`] or
/// [`super::Auth::subscribe`]. Dropping it, or [`AuthSubscription::unsubscribe`], stops it.
///
/// ```no_run
/// # async fn run(client: supabase_core::Client) {
/// use futures_util::StreamExt;
/// let mut events = client.auth().on_auth_state_change().await;
/// while let Some(e) = events.next().await {
///     println!("{}", e.event);
/// }
/// # }
/// ```
pub struct AuthSubscription {
    id: u64,
    rx: mpsc::UnboundedReceiver<AuthEvent>,
    auth: Weak<AuthInner>,
}

impl fmt::Debug for AuthSubscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthSubscription")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl AuthSubscription {
    pub(crate) fn new(
        id: u64,
        rx: mpsc::UnboundedReceiver<AuthEvent>,
        auth: &Arc<AuthInner>,
    ) -> Self {
        AuthSubscription {
            id,
            rx,
            auth: Arc::downgrade(auth),
        }
    }

    /// Stops the subscription; events already queued are dropped.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) {
    /// let events = client.auth().on_auth_state_change().await;
    /// events.unsubscribe();
    /// # }
    /// ```
    pub fn unsubscribe(self) {}

    /// The next event, or `None` once the Auth client is gone.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) {
    /// let mut events = client.auth().on_auth_state_change().await;
    /// let first = events.recv().await; // INITIAL_SESSION
    /// # let _ = first;
    /// # }
    /// ```
    pub async fn recv(&mut self) -> Option<AuthEvent> {
        self.rx.recv().await
    }

    /// The next event if one is already queued.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) {
    /// let mut events = client.auth().subscribe();
    /// assert!(events.try_recv().is_none());
    /// # }
    /// ```
    pub fn try_recv(&mut self) -> Option<AuthEvent> {
        self.rx.try_recv().ok()
    }
}

impl Drop for AuthSubscription {
    fn drop(&mut self) {
        if let Some(auth) = self.auth.upgrade() {
            auth.listeners.remove(self.id);
        }
    }
}

impl Stream for AuthSubscription {
    type Item = AuthEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<AuthEvent>> {
        self.rx.poll_recv(cx)
    }
}

/// A callback registered with [`super::Auth::on_auth_state_change_callback`]. It stays
/// registered until [`CallbackSubscription::unsubscribe`] (dropping the handle does not stop it).
///
/// ```no_run
/// # async fn run(client: supabase_core::Client) {
/// let sub = client.auth().on_auth_state_change_callback(|e| println!("{}", e.event)).await;
/// sub.unsubscribe();
/// # }
/// ```
#[derive(Debug)]
pub struct CallbackSubscription {
    id: u64,
    auth: Weak<AuthInner>,
}

impl CallbackSubscription {
    pub(crate) fn new(id: u64, auth: &Arc<AuthInner>) -> Self {
        CallbackSubscription {
            id,
            auth: Arc::downgrade(auth),
        }
    }

    /// Removes the callback.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) {
    /// client.auth().on_auth_state_change_callback(|_| {}).await.unsubscribe();
    /// # }
    /// ```
    pub fn unsubscribe(self) {
        if let Some(auth) = self.auth.upgrade() {
            auth.listeners.remove(self.id);
        }
    }
}
