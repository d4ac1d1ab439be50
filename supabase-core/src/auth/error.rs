//! `AuthError`: every way an Auth call can fail, with GoTrue's string error code.

use std::fmt;
use std::sync::Arc;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, )*) => {
        /// GoTrue's stable string error code (`code` in the 2024-01-01 error shape,
        /// `error_code` in the legacy one).
        ///
        /// Every code of Supabase's "Error codes" list has a variant, plus the codes the client
        /// makes itself (`invalid_jwt`, `pkce_code_verifier_not_found`). A code this version does
        /// not know is kept as [`ErrorCode::Unknown`] with the raw string.
        ///
        /// ```
        /// use supabase_core::auth::ErrorCode;
        /// assert_eq!(ErrorCode::parse("weak_password"), ErrorCode::WeakPassword);
        /// assert_eq!(ErrorCode::WeakPassword.as_str(), "weak_password");
        /// assert_eq!(ErrorCode::parse("brand_new").as_str(), "brand_new");
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
            /// A code this version does not know, as the server sent it.
            Unknown(String),
        }

        impl ErrorCode {
            /// Maps the server's string to a variant (unknown strings are kept).
            ///
            /// ```
            /// use supabase_core::auth::ErrorCode;
            /// assert_eq!(ErrorCode::parse("otp_expired"), ErrorCode::OtpExpired);
            /// ```
            pub fn parse(code: &str) -> ErrorCode {
                match code {
                    $( $text => ErrorCode::$variant, )*
                    other => ErrorCode::Unknown(other.to_owned()),
                }
            }

            /// The code as the server spells it.
            ///
            /// ```
            /// use supabase_core::auth::ErrorCode;
            /// assert_eq!(ErrorCode::SessionNotFound.as_str(), "session_not_found");
            /// ```
            pub fn as_str(&self) -> &str {
                match self {
                    $( ErrorCode::$variant => $text, )*
                    ErrorCode::Unknown(s) => s,
                }
            }
        }
    };
}

error_codes! {
    /// The PKCE code verifier does not match.
    BadCodeVerifier = "bad_code_verifier",
    /// The request body is not valid JSON.
    BadJson = "bad_json",
    /// The JWT in `Authorization` is not valid.
    BadJwt = "bad_jwt",
    /// The OAuth callback lacks required attributes.
    BadOauthCallback = "bad_oauth_callback",
    /// The OAuth state is malformed.
    BadOauthState = "bad_oauth_state",
    /// The captcha could not be verified.
    CaptchaFailed = "captcha_failed",
    /// A database conflict (often concurrent refreshes).
    Conflict = "conflict",
    /// Unlinking would move the account to an email used by another account.
    EmailConflictIdentityNotDeletable = "email_conflict_identity_not_deletable",
    /// The email address already exists.
    EmailExists = "email_exists",
    /// The email address is not confirmed.
    EmailNotConfirmed = "email_not_confirmed",
    /// Email sign-ups are disabled.
    EmailProviderDisabled = "email_provider_disabled",
    /// The PKCE flow state expired.
    FlowStateExpired = "flow_state_expired",
    /// The PKCE flow state no longer exists.
    FlowStateNotFound = "flow_state_not_found",
    /// The identity is already linked to a user.
    IdentityAlreadyExists = "identity_already_exists",
    /// The identity does not exist.
    IdentityNotFound = "identity_not_found",
    /// A higher authenticator assurance level is needed.
    InsufficientAal = "insufficient_aal",
    /// The invite expired or was used.
    InviteNotFound = "invite_not_found",
    /// Manual identity linking is disabled.
    ManualLinkingDisabled = "manual_linking_disabled",
    /// Wrong email/phone or password.
    InvalidCredentials = "invalid_credentials",
    /// The MFA challenge expired.
    MfaChallengeExpired = "mfa_challenge_expired",
    /// Two factors of a user have the same friendly name.
    MfaFactorNameConflict = "mfa_factor_name_conflict",
    /// The MFA factor no longer exists.
    MfaFactorNotFound = "mfa_factor_not_found",
    /// MFA enrollment began and ended on different IP addresses.
    MfaIpAddressMismatch = "mfa_ip_address_mismatch",
    /// The MFA code is wrong.
    MfaVerificationFailed = "mfa_verification_failed",
    /// The MFA verification hook rejected further attempts.
    MfaVerificationRejected = "mfa_verification_rejected",
    /// No `Authorization` header was sent.
    NoAuthorization = "no_authorization",
    /// The caller is not an admin.
    NotAdmin = "not_admin",
    /// The OAuth provider is not supported.
    OauthProviderNotSupported = "oauth_provider_not_supported",
    /// OTP sign-in is disabled.
    OtpDisabled = "otp_disabled",
    /// The OTP expired.
    OtpExpired = "otp_expired",
    /// Too many emails were sent to this address.
    OverEmailSendRateLimit = "over_email_send_rate_limit",
    /// Too many requests from this client.
    OverRequestRateLimit = "over_request_rate_limit",
    /// Too many SMS were sent to this number.
    OverSmsSendRateLimit = "over_sms_send_rate_limit",
    /// The phone number already exists.
    PhoneExists = "phone_exists",
    /// The phone number is not confirmed.
    PhoneNotConfirmed = "phone_not_confirmed",
    /// Phone sign-ups are disabled.
    PhoneProviderDisabled = "phone_provider_disabled",
    /// The OAuth provider is disabled.
    ProviderDisabled = "provider_disabled",
    /// The provider's email must be verified first.
    ProviderEmailNeedsVerification = "provider_email_needs_verification",
    /// The user must reauthenticate.
    ReauthenticationNeeded = "reauthentication_needed",
    /// The reauthentication code is wrong.
    ReauthenticationNotValid = "reauthentication_not_valid",
    /// The refresh token was already used.
    RefreshTokenAlreadyUsed = "refresh_token_already_used",
    /// The refresh token does not exist.
    RefreshTokenNotFound = "refresh_token_not_found",
    /// The new password equals the old one.
    SamePassword = "same_password",
    /// The SAML assertion has no email.
    SamlAssertionNoEmail = "saml_assertion_no_email",
    /// The SAML assertion has no user id.
    SamlAssertionNoUserId = "saml_assertion_no_user_id",
    /// The SAML entity id does not match.
    SamlEntityIdMismatch = "saml_entity_id_mismatch",
    /// The SAML identity provider already exists.
    SamlIdpAlreadyExists = "saml_idp_already_exists",
    /// The SAML identity provider was not found.
    SamlIdpNotFound = "saml_idp_not_found",
    /// The SAML metadata could not be fetched.
    SamlMetadataFetchFailed = "saml_metadata_fetch_failed",
    /// SAML SSO is disabled.
    SamlProviderDisabled = "saml_provider_disabled",
    /// The SAML relay state expired.
    SamlRelayStateExpired = "saml_relay_state_expired",
    /// The SAML relay state was not found.
    SamlRelayStateNotFound = "saml_relay_state_not_found",
    /// The session expired.
    SessionExpired = "session_expired",
    /// The session no longer exists.
    SessionNotFound = "session_not_found",
    /// Sign-ups are disabled.
    SignupDisabled = "signup_disabled",
    /// The only identity of a user cannot be unlinked.
    SingleIdentityNotDeletable = "single_identity_not_deletable",
    /// Sending an SMS failed.
    SmsSendFailed = "sms_send_failed",
    /// The SSO domain already exists.
    SsoDomainAlreadyExists = "sso_domain_already_exists",
    /// The SSO provider was not found.
    SsoProviderNotFound = "sso_provider_not_found",
    /// Too many MFA factors are enrolled.
    TooManyEnrolledMfaFactors = "too_many_enrolled_mfa_factors",
    /// The `X-JWT-AUD` audience does not match.
    UnexpectedAudience = "unexpected_audience",
    /// The Auth service is degraded.
    UnexpectedFailure = "unexpected_failure",
    /// The user already exists.
    UserAlreadyExists = "user_already_exists",
    /// The user is banned.
    UserBanned = "user_banned",
    /// The user no longer exists.
    UserNotFound = "user_not_found",
    /// SSO users cannot change some fields.
    UserSsoManaged = "user_sso_managed",
    /// Parameters are not in the expected format.
    ValidationFailed = "validation_failed",
    /// The password is too weak.
    WeakPassword = "weak_password",
    /// WebAuthn MFA enrollment is turned off.
    MfaWebauthnEnrollNotEnabled = "mfa_webauthn_enroll_not_enabled",
    /// WebAuthn MFA verification is turned off.
    MfaWebauthnVerifyNotEnabled = "mfa_webauthn_verify_not_enabled",
    /// No OAuth client with that id (OAuth 2.1 server).
    OauthClientNotFound = "oauth_client_not_found",
    /// No pending authorization with that id, or it expired (OAuth 2.1 server).
    OauthAuthorizationNotFound = "oauth_authorization_not_found",
    /// The user has no active grant for that client (OAuth 2.1 server).
    OauthConsentNotFound = "oauth_consent_not_found",
    /// Dynamic client registration is turned off (OAuth 2.1 server).
    OauthDynamicClientRegistrationDisabled = "oauth_dynamic_client_registration_disabled",
    /// No custom OAuth/OIDC provider with that identifier.
    CustomProviderNotFound = "custom_provider_not_found",
    /// The project has as many custom providers as it may.
    OverCustomProviderQuota = "over_custom_provider_quota",
    /// Passkeys are turned off.
    PasskeyDisabled = "passkey_disabled",
    /// The user has as many passkeys as they may.
    TooManyPasskeys = "too_many_passkeys",
    /// The WebAuthn credential is unknown.
    WebauthnCredentialNotFound = "webauthn_credential_not_found",
    /// The WebAuthn challenge is unknown or was already used.
    WebauthnChallengeNotFound = "webauthn_challenge_not_found",
    /// The WebAuthn challenge expired.
    WebauthnChallengeExpired = "webauthn_challenge_expired",
    /// The WebAuthn credential did not verify.
    WebauthnVerificationFailed = "webauthn_verification_failed",
    /// The WebAuthn credential is already registered.
    WebauthnCredentialExists = "webauthn_credential_exists",
    /// (Client) the JWT is malformed, expired or badly signed.
    InvalidJwt = "invalid_jwt",
    /// (Client) no PKCE code verifier was stored.
    PkceCodeVerifierNotFound = "pkce_code_verifier_not_found",
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a password was refused (`weak_password.reasons`).
///
/// ```
/// use supabase_core::auth::WeakPasswordReason;
/// assert_eq!(WeakPasswordReason::parse("pwned"), WeakPasswordReason::Pwned);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WeakPasswordReason {
    /// Too short.
    Length,
    /// Missing required character classes.
    Characters,
    /// Found in a breach corpus.
    Pwned,
    /// A reason this version does not know.
    Other(String),
}

impl WeakPasswordReason {
    /// Maps the server's string to a reason.
    ///
    /// ```
    /// use supabase_core::auth::WeakPasswordReason;
    /// assert_eq!(WeakPasswordReason::parse("length"), WeakPasswordReason::Length);
    /// ```
    pub fn parse(s: &str) -> WeakPasswordReason {
        match s {
            "length" => WeakPasswordReason::Length,
            "characters" => WeakPasswordReason::Characters,
            "pwned" => WeakPasswordReason::Pwned,
            other => WeakPasswordReason::Other(other.to_owned()),
        }
    }
}

/// The class of an [`AuthError`] (auth-js's error classes).
///
/// ```
/// use supabase_core::auth::{AuthError, AuthErrorKind};
/// assert_eq!(AuthError::session_missing().kind(), AuthErrorKind::SessionMissing);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthErrorKind {
    /// The server answered with an error (`AuthApiError`).
    Api,
    /// A network failure or a 500–504/520–530 answer: worth retrying later.
    Retryable,
    /// The password is too weak (422 `weak_password`).
    WeakPassword,
    /// No session: nobody is signed in, or the server no longer knows the session.
    SessionMissing,
    /// Missing or contradictory credentials given to the client.
    InvalidCredentials,
    /// A grant answered without a session or user.
    InvalidTokenResponse,
    /// A PKCE exchange without a stored code verifier.
    PkceVerifierMissing,
    /// A JWT that is malformed, expired or badly signed.
    InvalidJwt,
    /// A refresh whose result was thrown away because the session changed meanwhile.
    RefreshDiscarded,
    /// The session store failed.
    Storage,
    /// A non-JSON error answer, or one the client cannot classify.
    Unknown,
}

/// An error from the Auth (GoTrue) client.
///
/// It keeps the server's string code ([`ErrorCode`]), the HTTP status (0 when no answer came),
/// the message, and for weak passwords the reasons. [`AuthError::is_retryable`] says whether
/// trying again later can help. Messages never contain tokens, keys or passwords.
///
/// ```
/// use supabase_core::auth::{AuthError, AuthErrorKind};
/// let e = AuthError::session_missing();
/// assert_eq!(e.status(), 400);
/// assert!(e.is_session_missing());
/// assert!(!e.is_retryable());
/// ```
#[derive(Debug, Clone)]
pub struct AuthError {
    kind: AuthErrorKind,
    code: Option<ErrorCode>,
    status: u16,
    message: String,
    reasons: Vec<WeakPasswordReason>,
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl AuthError {
    pub(crate) fn new(kind: AuthErrorKind, status: u16, message: impl Into<String>) -> Self {
        AuthError {
            kind,
            code: None,
            status,
            message: message.into(),
            reasons: Vec::new(),
            source: None,
        }
    }

    pub(crate) fn with_code(mut self, code: Option<ErrorCode>) -> Self {
        self.code = code;
        self
    }

    pub(crate) fn with_reasons(mut self, reasons: Vec<WeakPasswordReason>) -> Self {
        self.reasons = reasons;
        self
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    /// "Auth session missing!" with the synthetic status 400, as auth-js.
    ///
    /// ```
    /// use supabase_core::auth::AuthError;
    /// assert_eq!(AuthError::session_missing().message(), "Auth session missing!");
    /// ```
    pub fn session_missing() -> Self {
        AuthError::new(AuthErrorKind::SessionMissing, 400, "Auth session missing!")
    }

    pub(crate) fn invalid_credentials(message: impl Into<String>) -> Self {
        AuthError::new(AuthErrorKind::InvalidCredentials, 400, message)
    }

    pub(crate) fn invalid_token_response() -> Self {
        AuthError::new(
            AuthErrorKind::InvalidTokenResponse,
            500,
            "Auth session or user missing",
        )
    }

    pub(crate) fn invalid_jwt(message: impl Into<String>) -> Self {
        AuthError::new(AuthErrorKind::InvalidJwt, 400, message)
            .with_code(Some(ErrorCode::InvalidJwt))
    }

    /// A request body that could not be turned into JSON (nothing was sent).
    pub(crate) fn encode(err: serde_json::Error) -> Self {
        AuthError::new(
            AuthErrorKind::Unknown,
            0,
            format!("could not encode the request body: {err}"),
        )
        .with_source(err)
    }

    pub(crate) fn storage(err: std::io::Error) -> Self {
        AuthError::new(
            AuthErrorKind::Storage,
            0,
            format!("session store failed: {err}"),
        )
        .with_source(err)
    }

    /// The class of the error.
    ///
    /// ```
    /// use supabase_core::auth::{AuthError, AuthErrorKind};
    /// assert_eq!(AuthError::session_missing().kind(), AuthErrorKind::SessionMissing);
    /// ```
    pub fn kind(&self) -> AuthErrorKind {
        self.kind
    }

    /// The server's error code, when there was one.
    ///
    /// ```
    /// use supabase_core::auth::AuthError;
    /// assert_eq!(AuthError::session_missing().code(), None);
    /// ```
    pub fn code(&self) -> Option<&ErrorCode> {
        self.code.as_ref()
    }

    /// The HTTP status (0 when the request never got an answer).
    ///
    /// ```
    /// use supabase_core::auth::AuthError;
    /// assert_eq!(AuthError::session_missing().status(), 400);
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The message (the server's `msg`/`message`/`error_description`/`error`).
    ///
    /// ```
    /// use supabase_core::auth::AuthError;
    /// assert!(!AuthError::session_missing().message().is_empty());
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Why the password was refused (empty unless [`AuthErrorKind::WeakPassword`]).
    ///
    /// ```
    /// use supabase_core::auth::AuthError;
    /// assert!(AuthError::session_missing().weak_password_reasons().is_empty());
    /// ```
    pub fn weak_password_reasons(&self) -> &[WeakPasswordReason] {
        &self.reasons
    }

    /// True for network failures and 500–504/520–530 answers.
    ///
    /// ```
    /// use supabase_core::auth::AuthError;
    /// assert!(!AuthError::session_missing().is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        self.kind == AuthErrorKind::Retryable
    }

    /// True when no session exists (locally, or on the server: `session_not_found`).
    ///
    /// ```
    /// use supabase_core::auth::AuthError;
    /// assert!(AuthError::session_missing().is_session_missing());
    /// ```
    pub fn is_session_missing(&self) -> bool {
        self.kind == AuthErrorKind::SessionMissing
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "auth error (status {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        write!(f, "): {}", self.message)?;
        if !self.reasons.is_empty() {
            write!(f, "; reasons: {:?}", self.reasons)?;
        }
        Ok(())
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<AuthError> for crate::Error {
    fn from(err: AuthError) -> Self {
        crate::Error::Auth(Box::new(err))
    }
}
