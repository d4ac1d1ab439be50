//! `AuthInner`: the shared state behind every [`super::Auth`] handle.

use std::sync::{Arc, Mutex, MutexGuard};

use http::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use super::error::AuthError;
use super::events::{AuthChangeEvent, Listeners};
use super::jwks::JwksCache;
use super::options::{AuthOptions, FlowType};
use super::refresh::RefreshState;
use super::store::SessionStore;
use super::time::Clock;
use super::types::{Session, User};

/// Refresh in `get_session` when less than this many seconds remain (3 ticks of 30 s).
pub(crate) const EXPIRY_MARGIN_SECS: f64 = 90.0;

pub(crate) struct AuthInner {
    pub(crate) url: Url,
    pub(crate) http: reqwest::Client,
    pub(crate) headers: HeaderMap,
    pub(crate) flow_type: FlowType,
    pub(crate) auto_refresh: bool,
    pub(crate) storage_key: String,
    pub(crate) store: Arc<dyn SessionStore>,
    pub(crate) clock: Clock,
    /// The session as last saved; the store mirrors it.
    session: Mutex<Option<Session>>,
    /// Serializes session writes so the store sees them in order.
    persist: tokio::sync::Mutex<()>,
    pub(crate) init: tokio::sync::OnceCell<()>,
    pub(crate) refresh: RefreshState,
    pub(crate) listeners: Listeners,
    pub(crate) ticker: Mutex<Option<tokio::task::JoinHandle<()>>>,
    pub(crate) jwks: JwksCache,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

impl AuthInner {
    pub(crate) fn new(
        url: Url,
        http: reqwest::Client,
        static_headers: &HeaderMap,
        key: &str,
        options: AuthOptions,
    ) -> AuthInner {
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(&format!("Bearer {key}")) {
            headers.insert(http::header::AUTHORIZATION, v);
        }
        if let Ok(v) = HeaderValue::from_str(key) {
            headers.insert(HeaderName::from_static("apikey"), v);
        }
        // Global headers override both (supabase-js passes them last).
        for name in static_headers.keys() {
            headers.remove(name);
            for value in static_headers.get_all(name) {
                headers.append(name.clone(), value.clone());
            }
        }
        if !headers.contains_key("x-supabase-api-version") {
            headers.insert(
                HeaderName::from_static("x-supabase-api-version"),
                HeaderValue::from_static(super::http::API_VERSION),
            );
        }
        let storage_key = options
            .storage_key
            .clone()
            .unwrap_or_else(|| default_storage_key(&url));
        AuthInner {
            url,
            http,
            headers,
            flow_type: options.flow_type,
            auto_refresh: options.auto_refresh,
            storage_key,
            store: options.store,
            clock: Clock::new(),
            session: Mutex::new(None),
            persist: tokio::sync::Mutex::new(()),
            init: tokio::sync::OnceCell::new(),
            refresh: RefreshState::default(),
            listeners: Listeners::default(),
            ticker: Mutex::new(None),
            jwks: JwksCache::default(),
        }
    }

    /// The session in memory, without refreshing.
    pub(crate) fn current(&self) -> Option<Session> {
        lock(&self.session).clone()
    }

    /// Saves `session` (memory and store).
    pub(crate) async fn save_session(&self, session: &Session) -> Result<(), AuthError> {
        let _order = self.persist.lock().await;
        *lock(&self.session) = Some(session.clone());
        let text = serde_json::to_string(session).map_err(|e| {
            AuthError::storage(std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        })?;
        self.store
            .set_item(&self.storage_key, text)
            .await
            .map_err(AuthError::storage)
    }

    /// Saves `session` only if the stored one still has `refresh_token` (the refresh commit
    /// guard). Returns false when the session changed meanwhile.
    pub(crate) async fn save_if_current(
        &self,
        refresh_token: &str,
        session: &Session,
    ) -> Result<bool, AuthError> {
        let _order = self.persist.lock().await;
        {
            let mut guard = lock(&self.session);
            match guard.as_ref() {
                Some(s) if s.refresh_token == refresh_token => *guard = Some(session.clone()),
                _ => return Ok(false),
            }
        }
        let text = serde_json::to_string(session).map_err(|e| {
            AuthError::storage(std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        })?;
        self.store
            .set_item(&self.storage_key, text)
            .await
            .map_err(AuthError::storage)?;
        Ok(true)
    }

    /// Removes the session (memory and store). Emits nothing.
    pub(crate) async fn remove_session(&self) -> Result<(), AuthError> {
        let _order = self.persist.lock().await;
        *lock(&self.session) = None;
        self.store
            .remove_item(&self.storage_key)
            .await
            .map_err(AuthError::storage)
    }

    /// Removes the session if it still carries `refresh_token`; true when removed.
    pub(crate) async fn remove_if_current(&self, refresh_token: &str) -> Result<bool, AuthError> {
        let _order = self.persist.lock().await;
        {
            let mut guard = lock(&self.session);
            match guard.as_ref() {
                Some(s) if s.refresh_token == refresh_token => *guard = None,
                _ => return Ok(false),
            }
        }
        self.store
            .remove_item(&self.storage_key)
            .await
            .map_err(AuthError::storage)?;
        Ok(true)
    }

    /// Replaces the user of the current session (after `update_user`).
    pub(crate) async fn replace_user(&self, user: &User) -> Result<Option<Session>, AuthError> {
        let Some(mut session) = self.current() else {
            return Ok(None);
        };
        session.user = user.clone();
        self.save_session(&session).await?;
        Ok(Some(session))
    }

    /// A session from a token response: only when `access_token`, `refresh_token` and
    /// `expires_in` are all present (auth-js `_sessionResponse`); `expires_at` computed from
    /// `expires_in` when missing.
    /// The session of a token answer (one pass over the body), `None` when it holds none.
    pub(crate) fn session_from(&self, body: &[u8]) -> Result<Option<Session>, AuthError> {
        Ok(super::body::token_answer(body, self.clock.now_secs())?.session)
    }

    /// Emits `event` with the current session.
    pub(crate) fn emit(&self, event: AuthChangeEvent, session: Option<&Session>) {
        crate::telemetry::event!(
            tracing::Level::INFO,
            auth.event = event.as_str(),
            auth.session.expires_at = session.and_then(|s| s.expires_at),
            "auth state changed"
        );
        self.listeners.emit(event, session);
    }

    /// Loads the stored session once (auth-js `initialize`): a stored, unexpired session
    /// gives SIGNED_IN; one close to expiry is refreshed; an invalid one is removed.
    pub(crate) async fn ensure_init(self: &Arc<Self>) {
        let this = Arc::clone(self);
        self.init
            .get_or_init(|| async move {
                this.load_stored().await;
                if this.auto_refresh {
                    super::refresh::start_ticker(&this);
                }
            })
            .await;
    }

    async fn load_stored(self: &Arc<Self>) {
        let Ok(Some(text)) = self.store.get_item(&self.storage_key).await else {
            return;
        };
        let parsed: Option<Session> = serde_json::from_str(&text).ok();
        let Some(session) = parsed.filter(Session::is_storable) else {
            let _ = self.store.remove_item(&self.storage_key).await;
            self.emit(AuthChangeEvent::SignedOut, None);
            return;
        };
        *lock(&self.session) = Some(session.clone());
        let remaining = session.expires_at.unwrap_or(0) as f64 - self.clock.now();
        if remaining < EXPIRY_MARGIN_SECS {
            let _ = self
                .refresh_with(
                    &session.refresh_token,
                    super::refresh::RefreshReason::StoredSessionExpiring,
                )
                .await;
        } else {
            self.emit(AuthChangeEvent::SignedIn, Some(&session));
        }
    }
}

/// `sb-<first DNS label of the host>-auth-token`.
fn default_storage_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("");
    let label = host.split('.').next().unwrap_or("");
    format!("sb-{label}-auth-token")
}
