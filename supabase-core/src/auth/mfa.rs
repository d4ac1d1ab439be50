//! `auth.mfa()`: enrolling, challenging and verifying second factors (§2.5).

use std::fmt;

use chrono::{DateTime, Utc};
use http::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::client::Auth;
use super::error::AuthError;
use super::events::AuthChangeEvent;
use super::http::{segment, Call};
use super::params::OtpChannel;
use super::types::{Factor, Session};
use crate::Error;

/// What kind of factor to enroll.
///
/// ```
/// use supabase_core::auth::MfaEnrollParams;
/// let totp = MfaEnrollParams::totp().friendly_name("phone app").issuer("Acme");
/// let phone = MfaEnrollParams::phone("+15550100");
/// # let _ = (totp, phone);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct MfaEnrollParams {
    factor_type: &'static str,
    friendly_name: Option<String>,
    issuer: Option<String>,
    phone: Option<String>,
}

impl MfaEnrollParams {
    /// A TOTP (authenticator app) factor.
    pub fn totp() -> Self {
        MfaEnrollParams {
            factor_type: "totp",
            friendly_name: None,
            issuer: None,
            phone: None,
        }
    }

    /// A phone (SMS/WhatsApp code) factor.
    pub fn phone(phone: impl Into<String>) -> Self {
        MfaEnrollParams {
            factor_type: "phone",
            friendly_name: None,
            issuer: None,
            phone: Some(phone.into()),
        }
    }

    /// A WebAuthn factor (a security key or platform authenticator); name it with
    /// [`MfaEnrollParams::friendly_name`]. Then [`Mfa::challenge_webauthn`] and
    /// [`Mfa::verify_webauthn`] register the key.
    ///
    /// ```
    /// use supabase_core::auth::MfaEnrollParams;
    /// let key = MfaEnrollParams::webauthn().friendly_name("YubiKey");
    /// # let _ = key;
    /// ```
    pub fn webauthn() -> Self {
        MfaEnrollParams {
            factor_type: "webauthn",
            friendly_name: None,
            issuer: None,
            phone: None,
        }
    }

    /// A name for the factor.
    pub fn friendly_name(mut self, name: impl Into<String>) -> Self {
        self.friendly_name = Some(name.into());
        self
    }

    /// The issuer shown in the authenticator app (TOTP).
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }
}

/// The TOTP secret material of a new factor. `Debug` hides the secret and URI.
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct TotpDetails {
    /// The QR code as a data URL (`data:image/svg+xml;utf-8,<svg…>`).
    pub qr_code: String,
    /// The shared secret.
    pub secret: String,
    /// The `otpauth://` URI.
    pub uri: String,
}

impl fmt::Debug for TotpDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TotpDetails")
            .field("secret", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// A newly enrolled (unverified) factor.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct EnrolledFactor {
    /// The factor id.
    pub id: String,
    /// `totp`, `phone` or `webauthn`.
    #[serde(rename = "type")]
    pub factor_type: String,
    /// The friendly name.
    #[serde(default)]
    pub friendly_name: Option<String>,
    /// TOTP details.
    #[serde(default)]
    pub totp: Option<TotpDetails>,
    /// The phone of a phone factor.
    #[serde(default)]
    pub phone: Option<String>,
}

/// A challenge to answer with [`Mfa::verify`].
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Challenge {
    /// The challenge id.
    pub id: String,
    /// The factor type.
    #[serde(rename = "type", default)]
    pub factor_type: String,
    /// When it expires (Unix seconds).
    pub expires_at: i64,
}

impl Challenge {
    /// The expiry as a date-time.
    pub fn expires_at_datetime(&self) -> Option<DateTime<Utc>> {
        DateTime::<Utc>::from_timestamp(self.expires_at, 0)
    }
}

/// The user's factors: all of them, and the verified ones by type.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct FactorList {
    /// Every factor.
    pub all: Vec<Factor>,
    /// Verified TOTP factors.
    pub totp: Vec<Factor>,
    /// Verified phone factors.
    pub phone: Vec<Factor>,
    /// Verified WebAuthn factors.
    pub webauthn: Vec<Factor>,
}

/// An authenticator assurance level.
///
/// ```
/// use supabase_core::auth::AssuranceLevel;
/// assert_eq!(AssuranceLevel::parse("aal2"), Some(AssuranceLevel::Aal2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AssuranceLevel {
    /// One factor.
    Aal1,
    /// Two factors.
    Aal2,
}

impl AssuranceLevel {
    /// `aal1`/`aal2`.
    pub fn parse(s: &str) -> Option<AssuranceLevel> {
        match s {
            "aal1" => Some(AssuranceLevel::Aal1),
            "aal2" => Some(AssuranceLevel::Aal2),
            _ => None,
        }
    }
}

/// The current and next assurance levels.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AuthenticatorAssurance {
    /// The JWT's `aal` (none without a session).
    pub current_level: Option<AssuranceLevel>,
    /// `aal2` when a verified factor exists, else the current level.
    pub next_level: Option<AssuranceLevel>,
    /// The JWT's `amr` entries.
    pub current_authentication_methods: Vec<Value>,
}

/// The MFA API of the signed-in user, from [`Auth::mfa`].
///
/// ```no_run
/// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
/// use supabase_core::auth::MfaEnrollParams;
/// let mfa = client.auth().mfa();
/// let factor = mfa.enroll(MfaEnrollParams::totp()).await?;
/// // show factor.totp.qr_code, then with the code the user types:
/// mfa.challenge_and_verify(&factor.id, "123456").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Mfa {
    auth: Auth,
}

impl Mfa {
    pub(crate) fn auth(&self) -> &Auth {
        &self.auth
    }

    /// Saves the session of a verify answer and emits `event`.
    pub(crate) async fn finish_verify(
        &self,
        body: &[u8],
        event: AuthChangeEvent,
    ) -> Result<Session, Error> {
        let session = self
            .auth
            .inner
            .session_from(body)?
            .ok_or_else(AuthError::invalid_token_response)?;
        self.auth.inner.save_session(&session).await?;
        self.auth.inner.emit(event, Some(&session));
        Ok(session)
    }
}

impl Auth {
    /// The MFA API.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let mfa = client.auth().mfa();
    /// # let _ = mfa;
    /// ```
    pub fn mfa(&self) -> Mfa {
        Mfa { auth: self.clone() }
    }
}

impl Mfa {
    /// Enrolls a factor (`POST /factors`). For TOTP, `qr_code` comes back as a data URL.
    pub async fn enroll(&self, params: MfaEnrollParams) -> Result<EnrolledFactor, Error> {
        let token = self.auth.access_token().await?;
        let mut body = json!({
            "friendly_name": params.friendly_name,
            "factor_type": params.factor_type,
        });
        if let Some(obj) = body.as_object_mut() {
            if let Some(issuer) = &params.issuer {
                obj.insert("issuer".into(), issuer.clone().into());
            }
            if let Some(phone) = &params.phone {
                obj.insert("phone".into(), phone.clone().into());
            }
        }
        let call = Call::new(Method::POST, "factors").jwt(&token).body(body);
        let mut factor: EnrolledFactor = self.auth.inner.send(call).await?.json()?;
        if let Some(totp) = factor.totp.as_mut() {
            if !totp.qr_code.starts_with("data:") {
                totp.qr_code = format!("data:image/svg+xml;utf-8,{}", totp.qr_code);
            }
        }
        Ok(factor)
    }

    /// Creates a challenge for a factor (`POST /factors/{id}/challenge`); phone factors take a
    /// channel.
    pub async fn challenge(
        &self,
        factor_id: &str,
        channel: Option<OtpChannel>,
    ) -> Result<Challenge, Error> {
        let token = self.auth.access_token().await?;
        // auth-js sends its params object as is, camelCase `factorId` included.
        let mut body = json!({ "factorId": factor_id });
        if let (Some(obj), Some(c)) = (body.as_object_mut(), channel) {
            obj.insert("channel".into(), c.as_str().into());
        }
        let path = format!("factors/{}/challenge", segment(factor_id));
        let call = Call::new(Method::POST, &path).jwt(&token).body(body);
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// Answers a challenge (`POST /factors/{id}/verify`); the new (aal2) session is saved
    /// (MFA_CHALLENGE_VERIFIED).
    pub async fn verify(
        &self,
        factor_id: &str,
        challenge_id: &str,
        code: &str,
    ) -> Result<Session, Error> {
        let token = self.auth.access_token().await?;
        let path = format!("factors/{}/verify", segment(factor_id));
        let call = Call::new(Method::POST, &path)
            .jwt(&token)
            .body(json!({ "challenge_id": challenge_id, "code": code }));
        let answer = self.auth.inner.send(call).await?;
        self.finish_verify(&answer.body, AuthChangeEvent::MfaChallengeVerified)
            .await
    }

    /// [`Mfa::challenge`] then [`Mfa::verify`].
    pub async fn challenge_and_verify(
        &self,
        factor_id: &str,
        code: &str,
    ) -> Result<Session, Error> {
        let challenge = self.challenge(factor_id, None).await?;
        self.verify(factor_id, &challenge.id, code).await
    }

    /// Removes a factor (`DELETE /factors/{id}`); returns its id.
    pub async fn unenroll(&self, factor_id: &str) -> Result<String, Error> {
        let token = self.auth.access_token().await?;
        let path = format!("factors/{}", segment(factor_id));
        #[derive(Deserialize)]
        struct Body {
            #[serde(default)]
            id: Option<String>,
        }
        let body: Body = self
            .auth
            .inner
            .send(Call::new(Method::DELETE, &path).jwt(&token))
            .await?
            .json()?;
        Ok(body.id.unwrap_or_else(|| factor_id.to_owned()))
    }

    /// The user's factors (from `GET /user`).
    pub async fn list_factors(&self) -> Result<FactorList, Error> {
        let user = self.auth.get_user().await?;
        let all = user.factors.unwrap_or_default();
        let verified = |t: &str| {
            all.iter()
                .filter(|f| f.factor_type == t && f.is_verified())
                .cloned()
                .collect::<Vec<_>>()
        };
        Ok(FactorList {
            totp: verified("totp"),
            phone: verified("phone"),
            webauthn: verified("webauthn"),
            all: all.clone(),
        })
    }

    /// The assurance levels: `aal` and `amr` from the access token, the next level `aal2`
    /// when the user has a verified factor.
    ///
    /// Without `jwt` this reads the current session and makes no request (no session: all
    /// empty). With `jwt` (a token from elsewhere, as auth-js's
    /// `getAuthenticatorAssuranceLevel(jwt)`), the user's factors come from `GET /user` with
    /// that token.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client, token: &str) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::AssuranceLevel;
    /// let mine = client.auth().mfa().get_authenticator_assurance_level(None).await?;
    /// let theirs = client.auth().mfa().get_authenticator_assurance_level(Some(token)).await?;
    /// if theirs.next_level == Some(AssuranceLevel::Aal2) && theirs.current_level != theirs.next_level {
    ///     println!("ask for the second factor");
    /// }
    /// # let _ = mine;
    /// # Ok(()) }
    /// ```
    pub async fn get_authenticator_assurance_level(
        &self,
        jwt: Option<&str>,
    ) -> Result<AuthenticatorAssurance, Error> {
        let (token, factors) = match jwt {
            Some(jwt) => {
                // Decode first: a malformed token fails before any request, as in auth-js.
                super::claims::decode_unverified(jwt)?;
                let user = self.auth.get_user_with_jwt(jwt).await?;
                (jwt.to_owned(), user.factors)
            }
            None => match self.auth.get_session().await? {
                Some(session) => (session.access_token, session.user.factors),
                None => {
                    return Ok(AuthenticatorAssurance {
                        current_level: None,
                        next_level: None,
                        current_authentication_methods: Vec::new(),
                    })
                }
            },
        };
        let payload = super::claims::decode_unverified(&token)?.payload;
        let current = payload
            .get("aal")
            .and_then(Value::as_str)
            .and_then(AssuranceLevel::parse);
        let has_verified = factors
            .as_ref()
            .is_some_and(|fs| fs.iter().any(Factor::is_verified));
        Ok(AuthenticatorAssurance {
            current_level: current,
            next_level: if has_verified {
                Some(AssuranceLevel::Aal2)
            } else {
                current
            },
            current_authentication_methods: payload
                .get("amr")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
        })
    }
}
