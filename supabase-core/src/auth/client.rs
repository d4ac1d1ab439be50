//! `Auth`: the handle returned by `client.auth()`, its session accessors and events.

use std::fmt;
use std::sync::Arc;

use http::HeaderMap;
use url::Url;

use super::error::AuthError;
use super::events::{AuthChangeEvent, AuthEvent, AuthSubscription, CallbackSubscription};
use super::inner::AuthInner;
use super::options::{AuthOptions, FlowType};
use super::refresh::RefreshReason;
use super::types::Session;
use crate::{Error, TokenFuture, TokenSource};

/// The Auth (GoTrue) client, `{project}/auth/v1`. Made by [`crate::Client::auth`].
///
/// Every `client.auth()` returns a handle to the same session; clones are cheap. Once a user
/// signs in, the client's PostgREST, Storage and Functions requests carry the user's access
/// token (refreshed as needed), and sign-out returns them to the API key.
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// use supabase_core::Client;
/// use supabase_core::auth::SignInWithPasswordCredentials;
///
/// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
/// let auth = client.auth();
/// let signed_in = auth
///     .sign_in_with_password(SignInWithPasswordCredentials::email("ann@example.com", "pw"))
///     .await?;
/// println!("signed in as {:?}", signed_in.user.map(|u| u.id));
/// // Now queries run as the user (row level security applies).
/// let rows: Vec<serde_json::Value> = client.from("todos").select("*").execute().await?.data;
/// # let _ = rows;
/// auth.sign_out(Default::default()).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Auth {
    pub(crate) inner: Arc<AuthInner>,
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("url", &self.inner.url.as_str())
            .field("storage_key", &self.inner.storage_key)
            .field("flow_type", &self.inner.flow_type)
            .field("signed_in", &self.inner.current().is_some())
            .finish_non_exhaustive()
    }
}

impl Auth {
    pub(crate) fn new(
        url: Url,
        http: reqwest::Client,
        static_headers: &HeaderMap,
        key: &str,
        options: AuthOptions,
    ) -> Auth {
        Auth {
            inner: Arc::new(AuthInner::new(url, http, static_headers, key, options)),
        }
    }

    /// The Auth base URL, `{project}/auth/v1/`.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "k").unwrap();
    /// assert_eq!(client.auth().url().as_str(), "https://xyz.supabase.co/auth/v1/");
    /// ```
    pub fn url(&self) -> &Url {
        &self.inner.url
    }

    /// The key the session is stored under (`sb-<first label of the host>-auth-token` unless
    /// set).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "k").unwrap();
    /// assert_eq!(client.auth().storage_key(), "sb-xyz-auth-token");
    /// ```
    pub fn storage_key(&self) -> &str {
        &self.inner.storage_key
    }

    /// The flow type (implicit or PKCE).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// use supabase_core::auth::FlowType;
    /// let client = Client::new("https://xyz.supabase.co", "k").unwrap();
    /// assert_eq!(client.auth().flow_type(), FlowType::Implicit);
    /// ```
    pub fn flow_type(&self) -> FlowType {
        self.inner.flow_type
    }

    /// Loads the stored session (done automatically by the first call that needs it): a
    /// stored, unexpired session emits SIGNED_IN, one about to expire is refreshed, an invalid
    /// one is removed. Starts auto-refresh when it is on.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) {
    /// client.auth().initialize().await;
    /// # }
    /// ```
    pub async fn initialize(&self) {
        self.inner.ensure_init().await;
    }

    /// The current session, refreshed first when it expires within 90 s. `None` when nobody
    /// is signed in.
    ///
    /// If that refresh fails while the access token is still valid, the current session is
    /// returned without an error.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// if let Some(session) = client.auth().get_session().await? {
    ///     println!("expires at {:?}", session.expires_at_datetime());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_session(&self) -> Result<Option<Session>, Error> {
        self.inner.ensure_init().await;
        Ok(self.inner.session_fresh().await?)
    }

    /// Refreshes the session now with its refresh token (TOKEN_REFRESHED). Concurrent calls
    /// share one refresh.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let session = client.auth().refresh_session().await?;
    /// # let _ = session;
    /// # Ok(()) }
    /// ```
    pub async fn refresh_session(&self) -> Result<Session, Error> {
        self.inner.ensure_init().await;
        let Some(current) = self.inner.current() else {
            return Err(AuthError::session_missing().into());
        };
        Ok(self
            .inner
            .refresh_with(&current.refresh_token, RefreshReason::Requested)
            .await?)
    }

    /// Refreshes with the given refresh token (for a session kept elsewhere).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let session = client.auth().refresh_session_with("refresh-token").await?;
    /// # let _ = session;
    /// # Ok(()) }
    /// ```
    pub async fn refresh_session_with(&self, refresh_token: &str) -> Result<Session, Error> {
        self.inner.ensure_init().await;
        if refresh_token.is_empty() {
            return Err(AuthError::session_missing().into());
        }
        let stored = self.inner.current().map(|s| s.refresh_token);
        if stored.as_deref() != Some(refresh_token) {
            // Not the stored session's token: refresh it and adopt the result.
            let session = self
                .inner
                .refresh_grant(refresh_token, RefreshReason::Requested)
                .await?;
            self.inner.save_session(&session).await?;
            self.inner
                .emit(AuthChangeEvent::TokenRefreshed, Some(&session));
            return Ok(session);
        }
        Ok(self
            .inner
            .refresh_with(refresh_token, RefreshReason::Requested)
            .await?)
    }

    /// Starts the background refresh (a tick every 30 s; refresh when less than 120 s
    /// remain). Needs a tokio runtime; started automatically when auto-refresh is on.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) {
    /// client.auth().start_auto_refresh();
    /// # }
    /// ```
    pub fn start_auto_refresh(&self) {
        super::refresh::start_ticker(&self.inner);
    }

    /// Stops the background refresh.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) {
    /// client.auth().stop_auto_refresh();
    /// # }
    /// ```
    pub fn stop_auto_refresh(&self) {
        super::refresh::stop_ticker(&self.inner);
    }

    /// A stream of auth events, starting with INITIAL_SESSION (the session after
    /// initialization).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) {
    /// use futures_util::StreamExt;
    /// let mut events = client.auth().on_auth_state_change().await;
    /// while let Some(e) = events.next().await {
    ///     println!("{} {:?}", e.event, e.session.map(|s| s.user.id));
    /// }
    /// # }
    /// ```
    pub async fn on_auth_state_change(&self) -> AuthSubscription {
        let (id, rx) = self.inner.listeners.add_channel();
        self.inner.ensure_init().await;
        let session = self.inner.current();
        self.inner
            .listeners
            .emit_to(id, AuthChangeEvent::InitialSession, session.as_ref());
        AuthSubscription::new(id, rx, &self.inner)
    }

    /// Calls `callback` for every auth event, starting with INITIAL_SESSION. The callback runs
    /// on the task that caused the event; keep it short.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) {
    /// let sub = client.auth().on_auth_state_change_callback(|e| println!("{}", e.event)).await;
    /// sub.unsubscribe();
    /// # }
    /// ```
    pub async fn on_auth_state_change_callback(
        &self,
        callback: impl Fn(&AuthEvent) + Send + Sync + 'static,
    ) -> CallbackSubscription {
        let id = self.inner.listeners.add_callback(Arc::new(callback));
        self.inner.ensure_init().await;
        let session = self.inner.current();
        self.inner
            .listeners
            .emit_to(id, AuthChangeEvent::InitialSession, session.as_ref());
        CallbackSubscription::new(id, &self.inner)
    }

    /// A stream of the events from now on, without INITIAL_SESSION and without initializing.
    /// Meant for other services (Realtime): SIGNED_IN and TOKEN_REFRESHED carry the new access
    /// token, SIGNED_OUT means back to the API key.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let mut events = client.auth().subscribe();
    /// assert!(events.try_recv().is_none());
    /// ```
    pub fn subscribe(&self) -> AuthSubscription {
        let (id, rx) = self.inner.listeners.add_channel();
        AuthSubscription::new(id, rx, &self.inner)
    }

    /// A [`TokenSource`] yielding this session's access token (refreshed as needed).
    pub(crate) fn token_source(&self) -> Arc<dyn TokenSource> {
        Arc::new(SessionToken(self.clone()))
    }

    /// The access token of the current session (refreshed if needed), else session missing.
    pub(crate) async fn access_token(&self) -> Result<String, AuthError> {
        self.inner.ensure_init().await;
        match self.inner.session_fresh().await? {
            Some(s) => Ok(s.access_token),
            None => Err(AuthError::session_missing()),
        }
    }
}

/// The session as the client's token source.
struct SessionToken(Auth);

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken")
    }
}

impl TokenSource for SessionToken {
    fn access_token(&self) -> TokenFuture<'_> {
        Box::pin(async move { self.0.access_token().await.ok() })
    }
}
