//! `Session`: the tokens of a signed-in user, as stored and as GoTrue returns them.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::User;
use crate::auth::error::WeakPasswordReason;

/// A signed-in user's session: access and refresh tokens, expiry, and the user.
///
/// Stored as JSON under the storage key, like supabase-js (extra keys kept). `Debug` never
/// shows the tokens.
///
/// ```
/// use supabase_core::auth::Session;
/// let s: Session = serde_json::from_value(serde_json::json!({
///     "access_token": "secret-jwt", "refresh_token": "secret-rt", "token_type": "bearer",
///     "expires_in": 3600, "expires_at": 1700003600,
///     "user": {"id": "u-1", "aud": "authenticated"},
/// })).unwrap();
/// assert_eq!(s.expires_at, Some(1700003600));
/// assert!(!format!("{s:?}").contains("secret"));
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Session {
    /// The JWT sent as `Authorization: Bearer` on the user's behalf.
    pub access_token: String,
    /// The single-use token that buys the next session.
    pub refresh_token: String,
    /// `bearer`.
    #[serde(default = "bearer")]
    pub token_type: String,
    /// Lifetime of the access token in seconds, when issued.
    #[serde(default)]
    pub expires_in: i64,
    /// Expiry of the access token, seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// The user.
    pub user: User,
    /// The OAuth provider's access token, when the sign-in went through one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_token: Option<String>,
    /// The OAuth provider's refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_refresh_token: Option<String>,
    /// Other keys of the token response, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn bearer() -> String {
    "bearer".to_owned()
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("expires_at", &self.expires_at)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// The expiry as a date-time, when known.
    ///
    /// ```
    /// # use supabase_core::auth::Session;
    /// # let s: Session = serde_json::from_value(serde_json::json!({
    /// #     "access_token": "a", "refresh_token": "r", "expires_at": 0, "user": {"id": "u"}})).unwrap();
    /// assert_eq!(s.expires_at_datetime().unwrap().timestamp(), 0);
    /// ```
    pub fn expires_at_datetime(&self) -> Option<DateTime<Utc>> {
        self.expires_at
            .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
    }

    /// auth-js's validity rule for a stored session: both tokens and `expires_at` present.
    pub(crate) fn is_storable(&self) -> bool {
        !self.access_token.is_empty() && !self.refresh_token.is_empty() && self.expires_at.is_some()
    }
}

/// The password-strength warning that may come with a password sign-in (`weak_password`).
///
/// ```
/// use supabase_core::auth::{WeakPassword, WeakPasswordReason};
/// let w = WeakPassword { reasons: vec![WeakPasswordReason::Length], message: "short".into() };
/// assert_eq!(w.reasons.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeakPassword {
    /// Why it is weak.
    pub reasons: Vec<WeakPasswordReason>,
    /// The server's message.
    pub message: String,
}

/// What a sign-in or sign-up returns: the user and, when one was created, the session.
///
/// ```
/// use supabase_core::auth::AuthResponse;
/// let r = AuthResponse::default();
/// assert!(r.session.is_none() && r.user.is_none());
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct AuthResponse {
    /// The user, when the server returned one.
    pub user: Option<User>,
    /// The session, when the server returned one (none while a confirmation is pending).
    pub session: Option<Session>,
    /// A password-strength warning (`sign_in_with_password`).
    pub weak_password: Option<WeakPassword>,
}

/// What an OTP request returns: for phone OTPs, the provider's message id.
///
/// ```
/// use supabase_core::auth::OtpResponse;
/// assert!(OtpResponse::default().message_id.is_none());
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct OtpResponse {
    /// `message_id` from the server (phone OTPs).
    pub message_id: Option<String>,
}

/// A URL to send the user to (OAuth, SSO, identity linking).
///
/// ```
/// use supabase_core::auth::OAuthResponse;
/// let r = OAuthResponse { provider: Some("github".into()), url: "https://x/authorize".into() };
/// assert_eq!(r.provider.as_deref(), Some("github"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthResponse {
    /// The provider, for OAuth and linking (none for SSO).
    pub provider: Option<String>,
    /// Where to send the browser.
    pub url: String,
}
