//! Refreshing the session: one refresh at a time, retries on transient failures, a 60 s
//! cooldown for a failed refresh token, and the 30 s auto-refresh ticker (fact sheet §2.9).

use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use http::Method;
use serde_json::json;

use super::error::{AuthError, AuthErrorKind};
use super::events::AuthChangeEvent;
use super::http::Call;
use super::inner::{lock, AuthInner};
use super::types::Session;
use crate::telemetry::event;

/// The auto-refresh tick.
pub(crate) const TICK: Duration = Duration::from_secs(30);
/// The ticker refreshes when `floor(remaining / 30 s) <= 3`, i.e. less than 120 s remain.
const TICK_THRESHOLD: i64 = 3;
/// A failed refresh token returns its cached failure for this long.
const FAILURE_COOLDOWN_SECS: f64 = 60.0;
/// Retries of a retryable refresh failure stop when the next backoff would pass this.
const RETRY_BUDGET: Duration = Duration::from_secs(30);

/// Why a refresh grant is sent; traced with it as `reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefreshReason {
    /// `refresh_session` / `refresh_session_with`.
    Requested,
    /// `get_session` (or a request's token) found the session within 90 s of expiry.
    Expiring,
    /// The 30 s auto-refresh tick found less than 120 s left.
    AutoRefresh,
    /// The stored session found at start-up was close to expiry.
    StoredSessionExpiring,
    /// `set_session` was given an expired access token.
    SetSessionExpired,
}

impl RefreshReason {
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RefreshReason::Requested => "requested",
            RefreshReason::Expiring => "expiring",
            RefreshReason::AutoRefresh => "auto_refresh",
            RefreshReason::StoredSessionExpiring => "stored_session_expiring",
            RefreshReason::SetSessionExpired => "set_session_expired",
        }
    }
}

#[derive(Default)]
pub(crate) struct RefreshState {
    /// Held while a refresh grant is in flight: concurrent callers wait, then share its result.
    flight: tokio::sync::Mutex<()>,
    /// The last successful rotation: (old refresh token, new session).
    last: Mutex<Option<(String, Session)>>,
    /// The last failure: (refresh token, when, error).
    failed: Mutex<Option<(String, f64, AuthError)>>,
}

impl AuthInner {
    fn cached_failure(&self, refresh_token: &str) -> Option<AuthError> {
        let failed = lock(&self.refresh.failed);
        match failed.as_ref() {
            Some((token, at, err))
                if token == refresh_token && self.clock.now() - *at < FAILURE_COOLDOWN_SECS =>
            {
                Some(err.clone())
            }
            _ => None,
        }
    }

    fn already_rotated(&self, refresh_token: &str) -> Option<Session> {
        let last = lock(&self.refresh.last);
        match last.as_ref() {
            Some((old, new)) if old == refresh_token => {
                // Prefer what is stored now (it may have been refreshed again, or updated).
                Some(self.current().unwrap_or_else(|| new.clone()))
            }
            _ => None,
        }
    }

    /// Refreshes with `refresh_token`, sharing the result with concurrent callers.
    ///
    /// Exactly one grant is sent per refresh token: a caller that waited for an in-flight
    /// refresh of the same token gets its session (or its cached failure).
    pub(crate) async fn refresh_with(
        &self,
        refresh_token: &str,
        reason: RefreshReason,
    ) -> Result<Session, AuthError> {
        if let Some(err) = self.cached_failure(refresh_token) {
            return Err(err);
        }
        let _flight = self.refresh.flight.lock().await;
        if let Some(session) = self.already_rotated(refresh_token) {
            return Ok(session);
        }
        if let Some(err) = self.cached_failure(refresh_token) {
            return Err(err);
        }
        match self.refresh_grant(refresh_token, reason).await {
            Ok(session) => {
                if !self.save_if_current(refresh_token, &session).await? {
                    return Err(AuthError::new(
                        AuthErrorKind::RefreshDiscarded,
                        409,
                        "the session changed while it was being refreshed; the result was discarded",
                    ));
                }
                *lock(&self.refresh.last) = Some((refresh_token.to_owned(), session.clone()));
                self.emit(AuthChangeEvent::TokenRefreshed, Some(&session));
                Ok(session)
            }
            Err(err) => {
                *lock(&self.refresh.failed) =
                    Some((refresh_token.to_owned(), self.clock.now(), err.clone()));
                if !err.is_retryable() {
                    let expired = self.current().is_some_and(|s| {
                        s.refresh_token == refresh_token
                            && (s.expires_at.unwrap_or(0) as f64) <= self.clock.now()
                    });
                    if expired && self.remove_if_current(refresh_token).await? {
                        self.emit(AuthChangeEvent::SignedOut, None);
                    }
                }
                Err(err)
            }
        }
    }

    /// `POST /token?grant_type=refresh_token` with the API key as bearer, retried with
    /// backoff (200 ms, 400 ms, …) on retryable failures while under 30 s in total.
    pub(crate) async fn refresh_grant(
        &self,
        refresh_token: &str,
        reason: RefreshReason,
    ) -> Result<Session, AuthError> {
        event!(
            tracing::Level::INFO,
            reason = reason.as_str(),
            "refreshing the auth session"
        );
        let started = tokio::time::Instant::now();
        let mut attempt: u32 = 0;
        loop {
            let call = Call::new(Method::POST, "token")
                .query("grant_type", "refresh_token")
                .body(json!({ "refresh_token": refresh_token }));
            let result = match self.send(call).await {
                Ok(answer) => self
                    .session_from(&answer.body)?
                    .ok_or_else(AuthError::invalid_token_response),
                Err(e) => Err(e),
            };
            match result {
                Err(e) if e.is_retryable() => {
                    attempt += 1;
                    let backoff = Duration::from_millis(200 * (1u64 << (attempt - 1).min(16)));
                    if started.elapsed() + backoff >= RETRY_BUDGET {
                        refresh_failed(reason, &e);
                        return Err(e);
                    }
                    event!(
                        tracing::Level::INFO,
                        reason = reason.as_str(),
                        attempt,
                        delay_ms = backoff.as_millis() as u64,
                        "error.type" = error_type(&e).as_ref(),
                        "auth session refresh failed; retrying"
                    );
                    tokio::time::sleep(backoff).await;
                }
                Err(e) => {
                    refresh_failed(reason, &e);
                    return Err(e);
                }
                other => return other,
            }
        }
    }

    /// The session, refreshed first when it expires within 90 s (auth-js `getSession`).
    pub(crate) async fn session_fresh(&self) -> Result<Option<Session>, AuthError> {
        let Some(session) = self.current() else {
            return Ok(None);
        };
        let expires_at = session.expires_at.unwrap_or(0) as f64;
        if expires_at - self.clock.now() >= super::inner::EXPIRY_MARGIN_SECS {
            return Ok(Some(session));
        }
        match self
            .refresh_with(&session.refresh_token, RefreshReason::Expiring)
            .await
        {
            Ok(new) => Ok(Some(new)),
            Err(err) => {
                // A failed refresh keeps a still-valid access token usable.
                let still_valid = expires_at > self.clock.now();
                match self.current() {
                    Some(cur) if still_valid && cur.refresh_token == session.refresh_token => {
                        Ok(Some(cur))
                    }
                    Some(cur) if err.kind() == AuthErrorKind::RefreshDiscarded => Ok(Some(cur)),
                    _ => Err(err),
                }
            }
        }
    }

    /// One auto-refresh tick: refresh when less than 120 s remain, unless a refresh is in flight.
    pub(crate) async fn tick(&self) {
        let Some(session) = self.current() else {
            return;
        };
        let remaining_ms =
            session.expires_at.unwrap_or(0) as f64 * 1000.0 - self.clock.now() * 1000.0;
        let ticks = (remaining_ms / TICK.as_millis() as f64).floor() as i64;
        if ticks > TICK_THRESHOLD {
            return;
        }
        if self.refresh.flight.try_lock().is_err() {
            return;
        }
        let _ = self
            .refresh_with(&session.refresh_token, RefreshReason::AutoRefresh)
            .await;
    }
}

/// Traces a refresh that gave up.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn refresh_failed(reason: RefreshReason, err: &AuthError) {
    event!(
        tracing::Level::WARN,
        reason = reason.as_str(),
        "error.type" = error_type(err).as_ref(),
        http.response.status_code = err.status(),
        "auth session refresh failed"
    );
}

/// The error's code, else its HTTP status, else `network` (no answer).
#[cfg(feature = "tracing")]
fn error_type(err: &AuthError) -> std::borrow::Cow<'_, str> {
    match (err.code(), err.status()) {
        (Some(code), _) => code.as_str().into(),
        (None, 0) => "network".into(),
        (None, status) => status.to_string().into(),
    }
}

/// Starts the auto-refresh ticker (no-op outside a tokio runtime or when already running).
pub(crate) fn start_ticker(inner: &Arc<AuthInner>) {
    let mut slot = lock(&inner.ticker);
    if slot.as_ref().is_some_and(|h| !h.is_finished()) {
        return;
    }
    let Ok(handle) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let weak: Weak<AuthInner> = Arc::downgrade(inner);
    *slot = Some(handle.spawn(async move {
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let Some(inner) = weak.upgrade() else {
                return;
            };
            inner.tick().await;
        }
    }));
}

/// Stops the ticker.
pub(crate) fn stop_ticker(inner: &AuthInner) {
    if let Some(handle) = lock(&inner.ticker).take() {
        handle.abort();
    }
}
