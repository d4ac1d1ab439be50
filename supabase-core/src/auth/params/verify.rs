//! `verify_otp`, `resend` and `reset_password_for_email` arguments.

use std::fmt;

use super::{Contact, Redacted};

/// The type of an email OTP or link being verified.
///
/// ```
/// use supabase_core::auth::EmailOtpType;
/// assert_eq!(EmailOtpType::Recovery.as_str(), "recovery");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EmailOtpType {
    /// `signup`
    Signup,
    /// `invite`
    Invite,
    /// `magiclink`
    Magiclink,
    /// `recovery` (emits PASSWORD_RECOVERY)
    Recovery,
    /// `email_change`
    EmailChange,
    /// `email`
    Email,
}

impl EmailOtpType {
    /// The wire name.
    ///
    /// ```
    /// use supabase_core::auth::EmailOtpType;
    /// assert_eq!(EmailOtpType::EmailChange.as_str(), "email_change");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            EmailOtpType::Signup => "signup",
            EmailOtpType::Invite => "invite",
            EmailOtpType::Magiclink => "magiclink",
            EmailOtpType::Recovery => "recovery",
            EmailOtpType::EmailChange => "email_change",
            EmailOtpType::Email => "email",
        }
    }
}

/// The type of a phone OTP being verified.
///
/// ```
/// use supabase_core::auth::MobileOtpType;
/// assert_eq!(MobileOtpType::PhoneChange.as_str(), "phone_change");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MobileOtpType {
    /// `sms`
    Sms,
    /// `phone_change`
    PhoneChange,
}

impl MobileOtpType {
    /// The wire name.
    ///
    /// ```
    /// use supabase_core::auth::MobileOtpType;
    /// assert_eq!(MobileOtpType::Sms.as_str(), "sms");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            MobileOtpType::Sms => "sms",
            MobileOtpType::PhoneChange => "phone_change",
        }
    }
}

#[derive(Clone)]
pub(crate) enum VerifyTarget {
    Contact(Contact, String),
    TokenHash(String),
}

/// Arguments of [`crate::auth::Auth::verify_otp`]: email or phone with the code, or a
/// `token_hash` from an email link.
///
/// ```
/// use supabase_core::auth::{EmailOtpType, VerifyOtpParams};
/// let p = VerifyOtpParams::email("ann@example.com", "123456", EmailOtpType::Email)
///     .redirect_to("https://app.example.com");
/// assert!(!format!("{p:?}").contains("123456"));
/// let p = VerifyOtpParams::token_hash("pkce_abc", EmailOtpType::Recovery);
/// # let _ = p;
/// ```
#[derive(Clone)]
#[must_use]
pub struct VerifyOtpParams {
    pub(crate) target: VerifyTarget,
    pub(crate) otp_type: &'static str,
    pub(crate) redirect_to: Option<String>,
    pub(crate) captcha_token: Option<String>,
}

impl fmt::Debug for VerifyOtpParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let target: &dyn fmt::Debug = match &self.target {
            VerifyTarget::Contact(c, _) => c,
            VerifyTarget::TokenHash(_) => &Redacted,
        };
        f.debug_struct("VerifyOtpParams")
            .field("target", target)
            .field("token", &Redacted)
            .field("type", &self.otp_type)
            .finish_non_exhaustive()
    }
}

impl VerifyOtpParams {
    /// An email and the code sent to it.
    pub fn email(
        email: impl Into<String>,
        token: impl Into<String>,
        otp_type: EmailOtpType,
    ) -> Self {
        Self::with(
            VerifyTarget::Contact(Contact::Email(email.into()), token.into()),
            otp_type.as_str(),
        )
    }

    /// A phone and the code sent to it.
    pub fn phone(
        phone: impl Into<String>,
        token: impl Into<String>,
        otp_type: MobileOtpType,
    ) -> Self {
        Self::with(
            VerifyTarget::Contact(Contact::Phone(phone.into()), token.into()),
            otp_type.as_str(),
        )
    }

    /// The `token_hash` of an email link.
    pub fn token_hash(token_hash: impl Into<String>, otp_type: EmailOtpType) -> Self {
        Self::with(
            VerifyTarget::TokenHash(token_hash.into()),
            otp_type.as_str(),
        )
    }

    fn with(target: VerifyTarget, otp_type: &'static str) -> Self {
        VerifyOtpParams {
            target,
            otp_type,
            redirect_to: None,
            captcha_token: None,
        }
    }

    /// `redirect_to` query parameter.
    pub fn redirect_to(mut self, url: impl Into<String>) -> Self {
        self.redirect_to = Some(url.into());
        self
    }

    /// A captcha token.
    pub fn captcha_token(mut self, token: impl Into<String>) -> Self {
        self.captcha_token = Some(token.into());
        self
    }

    pub(crate) fn is_recovery(&self) -> bool {
        self.otp_type == "recovery"
    }
}

/// What to resend.
///
/// ```
/// use supabase_core::auth::ResendType;
/// assert_eq!(ResendType::EmailChange.as_str(), "email_change");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResendType {
    /// The sign-up confirmation (email).
    Signup,
    /// The email change confirmation.
    EmailChange,
    /// The SMS OTP (phone).
    Sms,
    /// The phone change code.
    PhoneChange,
}

impl ResendType {
    /// The wire name.
    ///
    /// ```
    /// use supabase_core::auth::ResendType;
    /// assert_eq!(ResendType::Sms.as_str(), "sms");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            ResendType::Signup => "signup",
            ResendType::EmailChange => "email_change",
            ResendType::Sms => "sms",
            ResendType::PhoneChange => "phone_change",
        }
    }
}

/// Arguments of [`crate::auth::Auth::resend`].
///
/// ```
/// use supabase_core::auth::{ResendParams, ResendType};
/// let p = ResendParams::email("ann@example.com", ResendType::Signup)
///     .email_redirect_to("https://app.example.com");
/// # let _ = p;
/// ```
#[derive(Clone)]
#[must_use]
pub struct ResendParams {
    pub(crate) contact: Contact,
    pub(crate) resend_type: ResendType,
    pub(crate) redirect_to: Option<String>,
    pub(crate) captcha_token: Option<String>,
}

impl ResendParams {
    /// Resend to an email (`signup` or `email_change`).
    pub fn email(email: impl Into<String>, resend_type: ResendType) -> Self {
        Self::with(Contact::Email(email.into()), resend_type)
    }

    /// Resend to a phone (`sms` or `phone_change`).
    pub fn phone(phone: impl Into<String>, resend_type: ResendType) -> Self {
        Self::with(Contact::Phone(phone.into()), resend_type)
    }

    fn with(contact: Contact, resend_type: ResendType) -> Self {
        ResendParams {
            contact,
            resend_type,
            redirect_to: None,
            captcha_token: None,
        }
    }

    /// Where the link leads (email only).
    pub fn email_redirect_to(mut self, url: impl Into<String>) -> Self {
        self.redirect_to = Some(url.into());
        self
    }

    /// A captcha token.
    pub fn captcha_token(mut self, token: impl Into<String>) -> Self {
        self.captcha_token = Some(token.into());
        self
    }
}

/// Options of [`crate::auth::Auth::reset_password_for_email`].
///
/// ```
/// use supabase_core::auth::ResetPasswordOptions;
/// let o = ResetPasswordOptions::new().redirect_to("https://app.example.com/reset");
/// # let _ = o;
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct ResetPasswordOptions {
    pub(crate) redirect_to: Option<String>,
    pub(crate) captcha_token: Option<String>,
}

impl ResetPasswordOptions {
    /// No redirect, no captcha.
    pub fn new() -> Self {
        Self::default()
    }

    /// Where the reset link leads.
    pub fn redirect_to(mut self, url: impl Into<String>) -> Self {
        self.redirect_to = Some(url.into());
        self
    }

    /// A captcha token.
    pub fn captcha_token(mut self, token: impl Into<String>) -> Self {
        self.captcha_token = Some(token.into());
        self
    }
}

/// The `/verify` body: `{email|phone, token, type}` or `{token_hash, type}`, plus
/// `gotrue_meta_security`.
pub(crate) fn verify_body(p: &VerifyOtpParams) -> serde_json::Value {
    let mut body = serde_json::Map::new();
    match &p.target {
        VerifyTarget::Contact(contact, token) => {
            contact.insert_into(&mut body);
            body.insert("token".into(), token.clone().into());
        }
        VerifyTarget::TokenHash(hash) => {
            body.insert("token_hash".into(), hash.clone().into());
        }
    }
    body.insert("type".into(), p.otp_type.into());
    body.insert(
        "gotrue_meta_security".into(),
        super::meta_security(p.captcha_token.as_deref()),
    );
    serde_json::Value::Object(body)
}

impl fmt::Debug for ResendParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResendParams")
            .field("contact", &self.contact)
            .field("resend_type", &self.resend_type)
            .field("redirect_to", &self.redirect_to)
            .field(
                "captcha_token",
                &self.captcha_token.as_ref().map(|_| Redacted),
            )
            .finish()
    }
}

impl fmt::Debug for ResetPasswordOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResetPasswordOptions")
            .field("redirect_to", &self.redirect_to)
            .field(
                "captcha_token",
                &self.captcha_token.as_ref().map(|_| Redacted),
            )
            .finish()
    }
}
