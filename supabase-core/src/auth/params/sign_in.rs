//! Sign-up and sign-in credentials.

use std::fmt;

use serde_json::{Map, Value};

use super::{Contact, Redacted};

/// The channel an SMS-type OTP is sent on.
///
/// ```
/// use supabase_core::auth::OtpChannel;
/// assert_eq!(OtpChannel::Whatsapp.as_str(), "whatsapp");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OtpChannel {
    /// SMS (the default).
    #[default]
    Sms,
    /// WhatsApp.
    Whatsapp,
}

impl OtpChannel {
    /// The wire name.
    ///
    /// ```
    /// use supabase_core::auth::OtpChannel;
    /// assert_eq!(OtpChannel::Sms.as_str(), "sms");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            OtpChannel::Sms => "sms",
            OtpChannel::Whatsapp => "whatsapp",
        }
    }
}

/// Credentials for [`crate::auth::Auth::sign_up`]: an email or phone with a password.
///
/// ```
/// use supabase_core::auth::SignUpCredentials;
/// let c = SignUpCredentials::email("ann@example.com", "s3cret-pw")
///     .data(serde_json::json!({"name": "Ann"}))
///     .email_redirect_to("https://app.example.com/welcome");
/// assert!(!format!("{c:?}").contains("s3cret"));
/// ```
#[derive(Clone)]
#[must_use]
pub struct SignUpCredentials {
    pub(crate) contact: Contact,
    pub(crate) password: String,
    pub(crate) data: Option<Value>,
    pub(crate) redirect_to: Option<String>,
    pub(crate) captcha_token: Option<String>,
    pub(crate) channel: OtpChannel,
}

impl fmt::Debug for SignUpCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignUpCredentials")
            .field("contact", &self.contact)
            .field("password", &Redacted)
            .field("data", &self.data)
            .finish_non_exhaustive()
    }
}

impl SignUpCredentials {
    /// Email and password.
    pub fn email(email: impl Into<String>, password: impl Into<String>) -> Self {
        Self::with(Contact::Email(email.into()), password.into())
    }

    /// Phone and password.
    pub fn phone(phone: impl Into<String>, password: impl Into<String>) -> Self {
        Self::with(Contact::Phone(phone.into()), password.into())
    }

    fn with(contact: Contact, password: String) -> Self {
        SignUpCredentials {
            contact,
            password,
            data: None,
            redirect_to: None,
            captcha_token: None,
            channel: OtpChannel::Sms,
        }
    }

    /// User metadata (`data`, default `{}`).
    pub fn data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    /// Where the confirmation link leads (`redirect_to`; email only).
    pub fn email_redirect_to(mut self, url: impl Into<String>) -> Self {
        self.redirect_to = Some(url.into());
        self
    }

    /// A captcha token (`gotrue_meta_security.captcha_token`).
    pub fn captcha_token(mut self, token: impl Into<String>) -> Self {
        self.captcha_token = Some(token.into());
        self
    }

    /// The channel of the phone confirmation (phone only; default SMS).
    pub fn channel(mut self, channel: OtpChannel) -> Self {
        self.channel = channel;
        self
    }
}

/// Credentials for [`crate::auth::Auth::sign_in_with_password`].
///
/// ```
/// use supabase_core::auth::SignInWithPasswordCredentials;
/// let c = SignInWithPasswordCredentials::phone("+15550100", "pw");
/// # let _ = c;
/// ```
#[derive(Clone)]
#[must_use]
pub struct SignInWithPasswordCredentials {
    pub(crate) contact: Contact,
    pub(crate) password: String,
    pub(crate) captcha_token: Option<String>,
}

impl fmt::Debug for SignInWithPasswordCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInWithPasswordCredentials")
            .field("contact", &self.contact)
            .field("password", &Redacted)
            .finish_non_exhaustive()
    }
}

impl SignInWithPasswordCredentials {
    /// Email and password.
    pub fn email(email: impl Into<String>, password: impl Into<String>) -> Self {
        SignInWithPasswordCredentials {
            contact: Contact::Email(email.into()),
            password: password.into(),
            captcha_token: None,
        }
    }

    /// Phone and password.
    pub fn phone(phone: impl Into<String>, password: impl Into<String>) -> Self {
        SignInWithPasswordCredentials {
            contact: Contact::Phone(phone.into()),
            password: password.into(),
            captcha_token: None,
        }
    }

    /// A captcha token.
    pub fn captcha_token(mut self, token: impl Into<String>) -> Self {
        self.captcha_token = Some(token.into());
        self
    }
}

/// Credentials for [`crate::auth::Auth::sign_in_with_otp`]: a magic link or code by email, or
/// a code by SMS/WhatsApp.
///
/// ```
/// use supabase_core::auth::SignInWithOtpCredentials;
/// let c = SignInWithOtpCredentials::email("ann@example.com")
///     .should_create_user(false)
///     .email_redirect_to("https://app.example.com/welcome");
/// # let _ = c;
/// ```
#[derive(Clone)]
#[must_use]
pub struct SignInWithOtpCredentials {
    pub(crate) contact: Contact,
    pub(crate) create_user: bool,
    pub(crate) data: Option<Value>,
    pub(crate) redirect_to: Option<String>,
    pub(crate) captcha_token: Option<String>,
    pub(crate) channel: OtpChannel,
}

impl SignInWithOtpCredentials {
    /// An email OTP / magic link.
    pub fn email(email: impl Into<String>) -> Self {
        Self::with(Contact::Email(email.into()))
    }

    /// A phone OTP.
    pub fn phone(phone: impl Into<String>) -> Self {
        Self::with(Contact::Phone(phone.into()))
    }

    fn with(contact: Contact) -> Self {
        SignInWithOtpCredentials {
            contact,
            create_user: true,
            data: None,
            redirect_to: None,
            captcha_token: None,
            channel: OtpChannel::Sms,
        }
    }

    /// Create the user when unknown (`create_user`, default true).
    pub fn should_create_user(mut self, create: bool) -> Self {
        self.create_user = create;
        self
    }

    /// Metadata for a user created by this sign-in.
    pub fn data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    /// Where the magic link leads (email only).
    pub fn email_redirect_to(mut self, url: impl Into<String>) -> Self {
        self.redirect_to = Some(url.into());
        self
    }

    /// A captcha token.
    pub fn captcha_token(mut self, token: impl Into<String>) -> Self {
        self.captcha_token = Some(token.into());
        self
    }

    /// The channel (phone only; default SMS).
    pub fn channel(mut self, channel: OtpChannel) -> Self {
        self.channel = channel;
        self
    }
}

/// Credentials for [`crate::auth::Auth::sign_in_with_id_token`] (an OIDC id token from Google,
/// Apple, …).
///
/// ```
/// use supabase_core::auth::SignInWithIdTokenCredentials;
/// let c = SignInWithIdTokenCredentials::new("google", "eyJ...").nonce("n-1");
/// assert!(!format!("{c:?}").contains("eyJ"));
/// ```
#[derive(Clone)]
#[must_use]
pub struct SignInWithIdTokenCredentials {
    pub(crate) provider: String,
    pub(crate) id_token: String,
    pub(crate) access_token: Option<String>,
    pub(crate) nonce: Option<String>,
    pub(crate) captcha_token: Option<String>,
}

impl fmt::Debug for SignInWithIdTokenCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInWithIdTokenCredentials")
            .field("provider", &self.provider)
            .field("id_token", &Redacted)
            .finish_non_exhaustive()
    }
}

impl SignInWithIdTokenCredentials {
    /// The provider (`google`, `apple`, `azure`, `facebook`, `kakao`, …) and its id token.
    pub fn new(provider: impl Into<String>, id_token: impl Into<String>) -> Self {
        SignInWithIdTokenCredentials {
            provider: provider.into(),
            id_token: id_token.into(),
            access_token: None,
            nonce: None,
            captcha_token: None,
        }
    }

    /// An ID token from a custom OIDC provider made with the admin API: the provider becomes
    /// `custom:{identifier}`.
    ///
    /// ```
    /// use supabase_core::auth::SignInWithIdTokenCredentials;
    /// let c = SignInWithIdTokenCredentials::custom("acme", "eyJ...");
    /// # let _ = c;
    /// ```
    pub fn custom(identifier: &str, id_token: impl Into<String>) -> Self {
        Self::new(format!("custom:{identifier}"), id_token)
    }

    /// The provider's access token, when the id token has an `at_hash`.
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// The raw nonce whose hash is in the id token.
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }

    /// A captcha token.
    pub fn captcha_token(mut self, token: impl Into<String>) -> Self {
        self.captcha_token = Some(token.into());
        self
    }

    pub(crate) fn body(&self, link_identity: bool) -> Value {
        let mut body = Map::new();
        body.insert("provider".into(), self.provider.clone().into());
        body.insert("id_token".into(), self.id_token.clone().into());
        if let Some(t) = &self.access_token {
            body.insert("access_token".into(), t.clone().into());
        }
        if let Some(n) = &self.nonce {
            body.insert("nonce".into(), n.clone().into());
        }
        if link_identity {
            body.insert("link_identity".into(), true.into());
        }
        body.insert(
            "gotrue_meta_security".into(),
            super::meta_security(self.captcha_token.as_deref()),
        );
        Value::Object(body)
    }
}

/// Options of [`crate::auth::Auth::sign_in_anonymously`].
///
/// ```
/// use supabase_core::auth::SignInAnonymouslyCredentials;
/// let c = SignInAnonymouslyCredentials::new().data(serde_json::json!({"theme": "dark"}));
/// # let _ = c;
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct SignInAnonymouslyCredentials {
    pub(crate) data: Option<Value>,
    pub(crate) captcha_token: Option<String>,
}

impl SignInAnonymouslyCredentials {
    /// No metadata, no captcha.
    pub fn new() -> Self {
        Self::default()
    }

    /// User metadata.
    pub fn data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    /// A captcha token.
    pub fn captcha_token(mut self, token: impl Into<String>) -> Self {
        self.captcha_token = Some(token.into());
        self
    }
}

/// The chain of a Web3 sign-in.
///
/// ```
/// use supabase_core::auth::Web3Chain;
/// assert_eq!(Web3Chain::Solana.as_str(), "solana");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Web3Chain {
    /// Ethereum (SIWE message, hex signature).
    Ethereum,
    /// Solana (SIWS-style message, base64url signature).
    Solana,
}

impl Web3Chain {
    /// The wire name.
    ///
    /// ```
    /// use supabase_core::auth::Web3Chain;
    /// assert_eq!(Web3Chain::Ethereum.as_str(), "ethereum");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Web3Chain::Ethereum => "ethereum",
            Web3Chain::Solana => "solana",
        }
    }
}

/// Credentials for [`crate::auth::Auth::sign_in_with_web3`]: a signed message (the message and
/// signature form; the wallet interaction happens elsewhere).
///
/// ```
/// use supabase_core::auth::SignInWithWeb3Credentials;
/// let c = SignInWithWeb3Credentials::solana("example.com wants you to sign in…", &[1, 2, 255]);
/// assert_eq!(c.signature(), "AQL_");
/// ```
#[derive(Clone)]
#[must_use]
pub struct SignInWithWeb3Credentials {
    pub(crate) chain: Web3Chain,
    pub(crate) message: String,
    pub(crate) signature: String,
    pub(crate) captcha_token: Option<String>,
}

impl SignInWithWeb3Credentials {
    /// An Ethereum SIWE (EIP-4361) message and its `0x…` hex signature.
    pub fn ethereum(message: impl Into<String>, signature_hex: impl Into<String>) -> Self {
        SignInWithWeb3Credentials {
            chain: Web3Chain::Ethereum,
            message: message.into(),
            signature: signature_hex.into(),
            captcha_token: None,
        }
    }

    /// A Solana sign-in message and the raw signature bytes (sent as unpadded base64url).
    pub fn solana(message: impl Into<String>, signature: &[u8]) -> Self {
        use base64::Engine;
        SignInWithWeb3Credentials {
            chain: Web3Chain::Solana,
            message: message.into(),
            signature: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature),
            captcha_token: None,
        }
    }

    /// The signature as sent.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// A captcha token.
    pub fn captcha_token(mut self, token: impl Into<String>) -> Self {
        self.captcha_token = Some(token.into());
        self
    }
}

impl fmt::Debug for SignInWithOtpCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInWithOtpCredentials")
            .field("contact", &self.contact)
            .field("create_user", &self.create_user)
            .field("data", &self.data)
            .field("redirect_to", &self.redirect_to)
            .field(
                "captcha_token",
                &self.captcha_token.as_ref().map(|_| Redacted),
            )
            .field("channel", &self.channel)
            .finish()
    }
}

impl fmt::Debug for SignInAnonymouslyCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInAnonymouslyCredentials")
            .field("data", &self.data)
            .field(
                "captcha_token",
                &self.captcha_token.as_ref().map(|_| Redacted),
            )
            .finish()
    }
}

impl fmt::Debug for SignInWithWeb3Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInWithWeb3Credentials")
            .field("chain", &self.chain)
            .field("message", &self.message)
            .field("signature", &Redacted)
            .field(
                "captcha_token",
                &self.captcha_token.as_ref().map(|_| Redacted),
            )
            .finish()
    }
}
