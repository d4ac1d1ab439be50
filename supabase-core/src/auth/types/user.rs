//! `User`, `Identity` and `Factor` as GoTrue returns them.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::auth::time::opt_datetime;

/// A user as GoTrue returns it (`GET /user`, inside sessions, admin calls).
///
/// Timestamps are parsed to `chrono::DateTime<Utc>`; keys this version does not model are
/// kept in [`User::extra`].
///
/// ```
/// use supabase_core::auth::User;
/// let user: User = serde_json::from_value(serde_json::json!({
///     "id": "9a3c0c8e-0000-4000-8000-000000000001",
///     "aud": "authenticated",
///     "email": "ann@example.com",
///     "created_at": "2024-05-01T10:00:00.123456Z",
///     "app_metadata": {"provider": "email"},
///     "user_metadata": {},
/// })).unwrap();
/// assert_eq!(user.email.as_deref(), Some("ann@example.com"));
/// assert_eq!(user.created_at.unwrap().timestamp(), 1714557600);
/// ```
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// The user id (a UUID).
    pub id: String,
    /// The audience, usually `authenticated`.
    #[serde(default)]
    pub aud: String,
    /// The Postgres role, usually `authenticated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// When the email was confirmed.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub email_confirmed_at: Option<DateTime<Utc>>,
    /// When the phone was confirmed.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_confirmed_at: Option<DateTime<Utc>>,
    /// When the user was confirmed (email or phone).
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub confirmed_at: Option<DateTime<Utc>>,
    /// When the confirmation was sent.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub confirmation_sent_at: Option<DateTime<Utc>>,
    /// When a recovery was sent.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub recovery_sent_at: Option<DateTime<Utc>>,
    /// When an email change was sent.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub email_change_sent_at: Option<DateTime<Utc>>,
    /// The pending new email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_email: Option<String>,
    /// The pending new phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_phone: Option<String>,
    /// When a phone change was sent.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_change_sent_at: Option<DateTime<Utc>>,
    /// When a reauthentication nonce was sent.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub reauthentication_sent_at: Option<DateTime<Utc>>,
    /// When the user was invited.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub invited_at: Option<DateTime<Utc>>,
    /// The last sign-in.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_sign_in_at: Option<DateTime<Utc>>,
    /// Server-controlled metadata (`provider`, `providers`, …).
    #[serde(default)]
    pub app_metadata: Map<String, Value>,
    /// User-controlled metadata (`data` at sign-up).
    #[serde(default)]
    pub user_metadata: Map<String, Value>,
    /// Linked identities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identities: Option<Vec<Identity>>,
    /// MFA factors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factors: Option<Vec<Factor>>,
    /// When the user was created.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<DateTime<Utc>>,
    /// When the user was last updated.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    /// Banned until this time.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub banned_until: Option<DateTime<Utc>>,
    /// Soft-deleted at this time.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub deleted_at: Option<DateTime<Utc>>,
    /// An anonymous user.
    #[serde(default)]
    pub is_anonymous: bool,
    /// A user from SSO.
    #[serde(default)]
    pub is_sso_user: bool,
    /// Keys not modelled above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("aud", &self.aud)
            .field("role", &self.role)
            .field("email", &self.email)
            .field("phone", &self.phone)
            .field("is_anonymous", &self.is_anonymous)
            .finish_non_exhaustive()
    }
}

/// An identity linked to a user (email, phone, or an OAuth/SSO provider).
///
/// ```
/// use supabase_core::auth::Identity;
/// let i: Identity = serde_json::from_value(serde_json::json!({
///     "identity_id": "i-1", "id": "gh-42", "user_id": "u-1", "provider": "github",
///     "created_at": "2024-05-01T10:00:00Z", "updated_at": null,
/// })).unwrap();
/// assert_eq!(i.provider, "github");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Identity {
    /// The identity's own id (use it with `unlink_identity`).
    #[serde(default)]
    pub identity_id: String,
    /// The provider's user id.
    #[serde(default)]
    pub id: String,
    /// The user this identity belongs to.
    #[serde(default)]
    pub user_id: String,
    /// What the provider said about the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_data: Option<Map<String, Value>>,
    /// The provider (`email`, `phone`, `github`, …).
    #[serde(default)]
    pub provider: String,
    /// The email, when the provider has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The last sign-in with this identity.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_sign_in_at: Option<DateTime<Utc>>,
    /// Created at.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<DateTime<Utc>>,
    /// Updated at.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<DateTime<Utc>>,
}

/// An MFA factor of a user.
///
/// ```
/// use supabase_core::auth::Factor;
/// let f: Factor = serde_json::from_value(serde_json::json!({
///     "id": "f-1", "factor_type": "totp", "status": "verified",
///     "created_at": "2024-05-01T10:00:00Z", "updated_at": "2024-05-01T10:00:00Z",
/// })).unwrap();
/// assert!(f.is_verified());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Factor {
    /// The factor id.
    pub id: String,
    /// The name the user gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
    /// `totp`, `phone` or `webauthn`.
    #[serde(default)]
    pub factor_type: String,
    /// `verified` or `unverified`.
    #[serde(default)]
    pub status: String,
    /// The phone number of a phone factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Created at.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<DateTime<Utc>>,
    /// Updated at.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    /// The last challenge.
    #[serde(
        default,
        deserialize_with = "opt_datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_challenged_at: Option<DateTime<Utc>>,
}

impl Factor {
    /// True when `status` is `verified`.
    ///
    /// ```
    /// use supabase_core::auth::Factor;
    /// assert!(!Factor::default().is_verified());
    /// ```
    pub fn is_verified(&self) -> bool {
        self.status == "verified"
    }
}
