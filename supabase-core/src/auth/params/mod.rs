//! Arguments of the Auth calls, as builders.

mod oauth;
mod sign_in;
mod user;
mod verify;

pub(crate) use oauth::sso_body;
pub use oauth::{SignInWithOAuthCredentials, SignInWithSsoCredentials};
pub use sign_in::{
    OtpChannel, SignInAnonymouslyCredentials, SignInWithIdTokenCredentials,
    SignInWithOtpCredentials, SignInWithPasswordCredentials, SignInWithWeb3Credentials,
    SignUpCredentials, Web3Chain,
};
pub use user::{SignOutScope, UserAttributes};
pub(crate) use verify::verify_body;
pub use verify::{
    EmailOtpType, MobileOtpType, ResendParams, ResendType, ResetPasswordOptions, VerifyOtpParams,
};

use serde_json::{json, Value};

/// `gotrue_meta_security`: `{captcha_token}` or `{}`.
pub(crate) fn meta_security(captcha: Option<&str>) -> Value {
    match captcha {
        Some(token) => json!({ "captcha_token": token }),
        None => json!({}),
    }
}

/// An email address or a phone number.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Contact {
    Email(String),
    Phone(String),
}

impl Contact {
    pub(crate) fn insert_into(&self, body: &mut serde_json::Map<String, Value>) {
        match self {
            Contact::Email(e) => body.insert("email".into(), e.clone().into()),
            Contact::Phone(p) => body.insert("phone".into(), p.clone().into()),
        };
    }

    pub(crate) fn is_email(&self) -> bool {
        matches!(self, Contact::Email(_))
    }
}

impl std::fmt::Debug for Contact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Contact::Email(e) => write!(f, "Email({e:?})"),
            Contact::Phone(p) => write!(f, "Phone({p:?})"),
        }
    }
}

/// `"<redacted>"` for Debug output of secrets.
pub(crate) struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}
