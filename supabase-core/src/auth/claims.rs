//! `get_claims`: the claims of the access token, verified locally for RS256/ES256 against the
//! project's JWKS, or by the server for HS256 (§2.4).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};

use super::client::Auth;
use super::error::AuthError;
use crate::Error;

/// A JWT split into its decoded parts, not verified.
pub(crate) struct Decoded {
    pub(crate) header: Map<String, Value>,
    pub(crate) payload: Map<String, Value>,
    pub(crate) signature: Vec<u8>,
}

fn is_base64url(part: &str) -> bool {
    part.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
}

/// Splits and decodes a JWT without verifying it.
pub(crate) fn decode_unverified(jwt: &str) -> Result<Decoded, AuthError> {
    let parts: Vec<&str> = jwt.split('.').collect();
    if parts.len() != 3 || !parts.iter().all(|p| is_base64url(p)) {
        return Err(AuthError::invalid_jwt("Invalid JWT structure"));
    }
    let json = |part: &str| -> Result<Map<String, Value>, AuthError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part.trim_end_matches('='))
            .map_err(|_| AuthError::invalid_jwt("Invalid JWT structure"))?;
        serde_json::from_slice(&bytes).map_err(|_| AuthError::invalid_jwt("Invalid JWT structure"))
    };
    Ok(Decoded {
        header: json(parts[0])?,
        payload: json(parts[1])?,
        signature: URL_SAFE_NO_PAD
            .decode(parts[2].trim_end_matches('='))
            .map_err(|_| AuthError::invalid_jwt("Invalid JWT structure"))?,
    })
}

/// What [`Auth::get_claims`] returns.
///
/// ```no_run
/// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
/// let claims = client.auth().get_claims().await?;
/// println!("sub = {:?}, alg = {:?}", claims.claims.get("sub"), claims.header.get("alg"));
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct JwtClaims {
    /// The payload (`sub`, `role`, `aal`, `amr`, `exp`, `session_id`, …).
    pub claims: Map<String, Value>,
    /// The header (`alg`, `kid`, `typ`).
    pub header: Map<String, Value>,
    /// The raw signature bytes.
    pub signature: Vec<u8>,
    /// True when the signature was checked locally against the JWKS; false when the server
    /// vouched for the token (HS256, no `kid`, or no matching key).
    pub verified_locally: bool,
}

/// Options of [`Auth::get_claims_with`].
///
/// ```
/// use supabase_core::auth::GetClaimsOptions;
/// let o = GetClaimsOptions::new().allow_expired(true);
/// # let _ = o;
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct GetClaimsOptions {
    jwt: Option<String>,
    jwks: Option<JwkSet>,
    allow_expired: bool,
}

impl GetClaimsOptions {
    /// Defaults: the session's token, the project's JWKS, expired tokens refused.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks this token instead of the session's.
    pub fn jwt(mut self, jwt: impl Into<String>) -> Self {
        self.jwt = Some(jwt.into());
        self
    }

    /// Keys to try before the project's JWKS.
    pub fn jwks(mut self, jwks: JwkSet) -> Self {
        self.jwks = Some(jwks);
        self
    }

    /// Accepts an expired token.
    pub fn allow_expired(mut self, allow: bool) -> Self {
        self.allow_expired = allow;
        self
    }
}

impl Auth {
    /// The verified claims of the session's access token. See [`Auth::get_claims_with`].
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let sub = client.auth().get_claims().await?.claims.get("sub").cloned();
    /// # let _ = sub;
    /// # Ok(()) }
    /// ```
    pub async fn get_claims(&self) -> Result<JwtClaims, Error> {
        self.get_claims_with(GetClaimsOptions::new()).await
    }

    /// The verified claims of a token. RS256 and ES256 tokens with a `kid` are checked
    /// locally against the project's `/.well-known/jwks.json` (cached 10 minutes); HS256
    /// tokens, tokens without a `kid` and unknown keys are checked by the server
    /// (`GET /user`). An expired token (unless allowed), a malformed one or a bad signature
    /// is an `invalid_jwt` error.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::GetClaimsOptions;
    /// let claims = client.auth().get_claims_with(GetClaimsOptions::new().jwt("eyJ...")).await?;
    /// # let _ = claims;
    /// # Ok(()) }
    /// ```
    pub async fn get_claims_with(&self, options: GetClaimsOptions) -> Result<JwtClaims, Error> {
        let token = match &options.jwt {
            Some(t) => t.clone(),
            None => self.access_token().await?,
        };
        let decoded = decode_unverified(&token)?;
        if !options.allow_expired {
            let exp = decoded.payload.get("exp").and_then(Value::as_f64);
            match exp {
                None => return Err(AuthError::invalid_jwt("JWT has no expiry time").into()),
                Some(exp) if exp <= self.inner.clock.now() => {
                    return Err(AuthError::invalid_jwt("JWT has expired").into())
                }
                _ => {}
            }
        }
        let alg = decoded.header.get("alg").and_then(Value::as_str);
        let kid = decoded.header.get("kid").and_then(Value::as_str);
        if let (Some(alg), Some(kid)) = (alg, kid) {
            if !alg.starts_with("HS") {
                if let Some(jwk) = self.inner.jwk_for(kid, options.jwks.as_ref()).await? {
                    let algorithm = match alg {
                        "RS256" => Algorithm::RS256,
                        "ES256" => Algorithm::ES256,
                        other => {
                            return Err(AuthError::invalid_jwt(format!(
                                "unsupported JWT algorithm {other}"
                            ))
                            .into())
                        }
                    };
                    verify(&token, &jwk, algorithm)?;
                    return Ok(JwtClaims {
                        claims: decoded.payload,
                        header: decoded.header,
                        signature: decoded.signature,
                        verified_locally: true,
                    });
                }
            }
        }
        self.fetch_user(&token).await?;
        Ok(JwtClaims {
            claims: decoded.payload,
            header: decoded.header,
            signature: decoded.signature,
            verified_locally: false,
        })
    }
}

fn verify(token: &str, jwk: &jsonwebtoken::jwk::Jwk, alg: Algorithm) -> Result<(), AuthError> {
    let key = DecodingKey::from_jwk(jwk)
        .map_err(|e| AuthError::invalid_jwt(format!("unusable JWK: {e}")))?;
    let mut validation = Validation::new(alg);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(token, &key, &validation)
        .map(|_| ())
        .map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => {
                AuthError::invalid_jwt("Invalid JWT signature")
            }
            _ => AuthError::invalid_jwt(format!("Invalid JWT: {e}")),
        })
}

/// The signature is left out: with the claims it would rebuild the token.
impl std::fmt::Debug for JwtClaims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtClaims")
            .field("claims", &self.claims)
            .field("header", &self.header)
            .field("signature", &crate::redact::Redacted)
            .field("verified_locally", &self.verified_locally)
            .finish()
    }
}

impl std::fmt::Debug for GetClaimsOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GetClaimsOptions")
            .field("jwt", &crate::redact::redacted_opt(&self.jwt))
            .field("jwks", &self.jwks)
            .field("allow_expired", &self.allow_expired)
            .finish()
    }
}
