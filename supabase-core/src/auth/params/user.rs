//! `update_user` attributes and the sign-out scope.

use std::fmt;

use serde_json::{Map, Value};

use super::{OtpChannel, Redacted};

/// Changes for [`crate::auth::Auth::update_user`]. Only the fields set are sent.
///
/// ```
/// use supabase_core::auth::UserAttributes;
/// let a = UserAttributes::new().password("n3w-secret").data(serde_json::json!({"age": 30}));
/// assert!(!format!("{a:?}").contains("n3w-secret"));
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct UserAttributes {
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) password: Option<String>,
    pub(crate) current_password: Option<String>,
    pub(crate) nonce: Option<String>,
    pub(crate) data: Option<Value>,
    pub(crate) channel: Option<OtpChannel>,
    pub(crate) email_redirect_to: Option<String>,
}

impl fmt::Debug for UserAttributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserAttributes")
            .field("email", &self.email)
            .field("phone", &self.phone)
            .field("password", &self.password.as_ref().map(|_| Redacted))
            .field("data", &self.data)
            .finish_non_exhaustive()
    }
}

impl UserAttributes {
    /// Nothing changed yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new email (confirmation needed).
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// A new phone (confirmation needed).
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// A new password.
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// The current password, when the project requires it to change the password.
    pub fn current_password(mut self, password: impl Into<String>) -> Self {
        self.current_password = Some(password.into());
        self
    }

    /// The reauthentication nonce (from [`crate::auth::Auth::reauthenticate`]).
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }

    /// New user metadata (merged by the server).
    pub fn data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    /// The channel of a phone change code.
    pub fn channel(mut self, channel: OtpChannel) -> Self {
        self.channel = Some(channel);
        self
    }

    /// Where the email change link leads (`redirect_to` query parameter).
    pub fn email_redirect_to(mut self, url: impl Into<String>) -> Self {
        self.email_redirect_to = Some(url.into());
        self
    }

    pub(crate) fn body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                body.insert(k.into(), v.clone().into());
            }
        };
        put("email", &self.email);
        put("phone", &self.phone);
        put("password", &self.password);
        put("current_password", &self.current_password);
        put("nonce", &self.nonce);
        if let Some(d) = &self.data {
            body.insert("data".into(), d.clone());
        }
        if let Some(c) = self.channel {
            body.insert("channel".into(), c.as_str().into());
        }
        body
    }
}

/// Which sessions [`crate::auth::Auth::sign_out`] ends.
///
/// ```
/// use supabase_core::auth::SignOutScope;
/// assert_eq!(SignOutScope::default().as_str(), "global");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SignOutScope {
    /// Every session of the user (default).
    #[default]
    Global,
    /// Only this session.
    Local,
    /// Every other session; this one stays signed in.
    Others,
}

impl SignOutScope {
    /// The wire name.
    ///
    /// ```
    /// use supabase_core::auth::SignOutScope;
    /// assert_eq!(SignOutScope::Others.as_str(), "others");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            SignOutScope::Global => "global",
            SignOutScope::Local => "local",
            SignOutScope::Others => "others",
        }
    }
}
