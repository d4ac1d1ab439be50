//! WebAuthn MFA factors: enroll with [`super::MfaEnrollParams::webauthn`], then
//! [`Mfa::challenge_webauthn`] (creation options for a new factor, request options for a
//! verified one) and [`Mfa::verify_webauthn`] with the authenticator's answer.
//!
//! The bodies are auth-js's: the challenge sends `{factorId, webauthn: {rpId, rpOrigins?}}`,
//! the verification `{challenge_id, webauthn: {rpId, rpOrigins?, type, credential_response}}`
//! with `type` `create` (first use, registers the key) or `request`.

use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::events::AuthChangeEvent;
use super::http::{segment, Call};
use super::mfa::Mfa;
use super::types::Session;
use super::webauthn::{
    AuthenticationCredential, CredentialCreationOptions, CredentialRequestOptions,
    RegistrationCredential,
};
use super::AuthError;
use crate::Error;

/// The relying party a WebAuthn factor is bound to: the RP id (a domain) and the origins the
/// ceremony may run on.
///
/// ```
/// use supabase_core::auth::WebAuthnRelyingParty;
/// let rp = WebAuthnRelyingParty::new("example.com").origin("https://app.example.com");
/// # let _ = rp;
/// ```
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct WebAuthnRelyingParty {
    rp_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rp_origins: Option<Vec<String>>,
}

impl WebAuthnRelyingParty {
    /// The RP id.
    pub fn new(rp_id: impl Into<String>) -> Self {
        WebAuthnRelyingParty {
            rp_id: rp_id.into(),
            rp_origins: None,
        }
    }

    /// Adds an allowed origin.
    pub fn origin(mut self, origin: impl Into<String>) -> Self {
        self.rp_origins
            .get_or_insert_with(Vec::new)
            .push(origin.into());
        self
    }
}

/// The options of a WebAuthn challenge: `create` for a factor not yet verified (register
/// the key), `request` for a verified one (sign with it).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WebAuthnCredentialOptions {
    /// Register a credential.
    Create(Box<CredentialCreationOptions>),
    /// Sign with the registered credential.
    Request(CredentialRequestOptions),
}

/// A WebAuthn MFA challenge.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WebAuthnChallenge {
    /// The challenge id.
    pub id: String,
    /// When it expires (Unix seconds).
    pub expires_at: i64,
    /// What the authenticator is asked to do.
    pub options: WebAuthnCredentialOptions,
}

/// The authenticator's answer to a [`WebAuthnChallenge`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WebAuthnCredential {
    /// The answer to `create` options.
    Create(RegistrationCredential),
    /// The answer to `request` options.
    Request(AuthenticationCredential),
}

#[derive(Deserialize)]
struct ChallengeBody {
    id: String,
    #[serde(rename = "type")]
    factor_type: String,
    #[serde(default)]
    expires_at: i64,
    webauthn: Option<ChallengeData>,
}

/// `{type, credential_options: {publicKey}}`, the options typed by `type` in one pass.
#[derive(Deserialize)]
#[serde(tag = "type", content = "credential_options")]
enum ChallengeData {
    #[serde(rename = "create")]
    Create(Box<PublicKey<CredentialCreationOptions>>),
    #[serde(rename = "request")]
    Request(PublicKey<CredentialRequestOptions>),
}

#[derive(Deserialize)]
struct PublicKey<T> {
    #[serde(rename = "publicKey")]
    public_key: T,
}

fn decode_error(what: &str, e: impl std::fmt::Display) -> AuthError {
    AuthError::new(
        super::AuthErrorKind::Unknown,
        200,
        format!("could not decode the WebAuthn challenge: {what}: {e}"),
    )
}

impl Mfa {
    /// Creates a challenge for a WebAuthn factor (`POST /factors/{id}/challenge`).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client, factor_id: &str) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::{WebAuthnCredentialOptions, WebAuthnRelyingParty};
    /// let rp = WebAuthnRelyingParty::new("example.com").origin("https://app.example.com");
    /// let challenge = client.auth().mfa().challenge_webauthn(factor_id, &rp).await?;
    /// if let WebAuthnCredentialOptions::Request(options) = &challenge.options {
    ///     println!("sign {}", options.challenge);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn challenge_webauthn(
        &self,
        factor_id: &str,
        rp: &WebAuthnRelyingParty,
    ) -> Result<WebAuthnChallenge, Error> {
        let token = self.auth().access_token().await?;
        let path = format!("factors/{}/challenge", segment(factor_id));
        let call = Call::new(Method::POST, &path)
            .jwt(&token)
            .json_body(&json!({ "factorId": factor_id, "webauthn": rp }))?;
        let body: ChallengeBody = self.auth().inner.send(call).await?.json()?;
        let data = match (body.factor_type.as_str(), body.webauthn) {
            ("webauthn", Some(d)) => d,
            (other, _) => {
                return Err(
                    decode_error("factor type", format!("{other:?} without webauthn")).into(),
                )
            }
        };
        let options = match data {
            ChallengeData::Create(o) => WebAuthnCredentialOptions::Create(Box::new(o.public_key)),
            ChallengeData::Request(o) => WebAuthnCredentialOptions::Request(o.public_key),
        };
        Ok(WebAuthnChallenge {
            id: body.id,
            expires_at: body.expires_at,
            options,
        })
    }

    /// Answers a WebAuthn challenge (`POST /factors/{id}/verify`); the new (aal2) session is
    /// saved (MFA_CHALLENGE_VERIFIED). The first successful `Create` answer verifies the
    /// factor.
    pub async fn verify_webauthn(
        &self,
        factor_id: &str,
        challenge_id: &str,
        rp: &WebAuthnRelyingParty,
        credential: &WebAuthnCredential,
    ) -> Result<Session, Error> {
        let token = self.auth().access_token().await?;
        let mut webauthn = serde_json::to_value(rp).map_err(AuthError::encode)?;
        let (kind, response) = match credential {
            WebAuthnCredential::Create(c) => ("create", serde_json::to_value(c)),
            WebAuthnCredential::Request(c) => ("request", serde_json::to_value(c)),
        };
        if let Some(obj) = webauthn.as_object_mut() {
            obj.insert("type".into(), kind.into());
            obj.insert(
                "credential_response".into(),
                response.map_err(AuthError::encode)?,
            );
        }
        let path = format!("factors/{}/verify", segment(factor_id));
        let call = Call::new(Method::POST, &path)
            .jwt(&token)
            .body(json!({ "challenge_id": challenge_id, "webauthn": webauthn }));
        let answer = self.auth().inner.send(call).await?;
        self.finish_verify(&answer.body, AuthChangeEvent::MfaChallengeVerified)
            .await
    }
}
