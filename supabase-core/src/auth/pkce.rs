//! PKCE: the code verifier, its S256 challenge, and where the verifier is kept (§2.3).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::error::{AuthError, AuthErrorKind, ErrorCode};
use super::inner::AuthInner;
use super::options::FlowType;

/// The challenge method sent with a challenge (lowercase, as auth-js).
pub(crate) const METHOD: &str = "s256";
const RECOVERY_SUFFIX: &str = "/recovery";

/// A code verifier: 56 random bytes as 112 lowercase hex characters (auth-js's form).
pub(crate) fn verifier() -> String {
    let mut bytes = [0u8; 56];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `base64url(SHA-256(verifier))` without padding.
pub(crate) fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A challenge and its method, or both null when PKCE is off.
#[derive(Debug, Default)]
pub(crate) struct Challenge {
    pub(crate) challenge: Option<String>,
    pub(crate) method: Option<&'static str>,
}

impl Challenge {
    pub(crate) fn insert_into(&self, body: &mut serde_json::Value) {
        if let Some(obj) = body.as_object_mut() {
            obj.insert("code_challenge".into(), self.challenge.clone().into());
            obj.insert("code_challenge_method".into(), self.method.into());
        }
    }
}

impl AuthInner {
    fn verifier_key(&self) -> String {
        format!("{}-code-verifier", self.storage_key)
    }

    /// With PKCE on: makes and stores a verifier (marked `/recovery` for password recovery)
    /// and returns its challenge. With PKCE off: nulls.
    pub(crate) async fn pkce_challenge(&self, recovery: bool) -> Result<Challenge, AuthError> {
        if self.flow_type != FlowType::Pkce {
            return Ok(Challenge::default());
        }
        let verifier = verifier();
        let stored = if recovery {
            format!("{verifier}{RECOVERY_SUFFIX}")
        } else {
            verifier.clone()
        };
        let json = serde_json::Value::String(stored).to_string();
        self.store
            .set_item(&self.verifier_key(), json)
            .await
            .map_err(AuthError::storage)?;
        Ok(Challenge {
            challenge: Some(challenge(&verifier)),
            method: Some(METHOD),
        })
    }

    /// The stored verifier and whether it is marked for recovery. A PKCE client with none is
    /// an error (`pkce_code_verifier_not_found`); an implicit one gets `""`.
    pub(crate) async fn take_verifier(&self) -> Result<(String, bool), AuthError> {
        let stored = self
            .store
            .get_item(&self.verifier_key())
            .await
            .map_err(AuthError::storage)?;
        let text = stored.and_then(|s| serde_json::from_str::<String>(&s).ok());
        match text {
            Some(t) => match t.strip_suffix(RECOVERY_SUFFIX) {
                Some(v) => Ok((v.to_owned(), true)),
                None => Ok((t, false)),
            },
            None if self.flow_type == FlowType::Pkce => Err(AuthError::new(
                AuthErrorKind::PkceVerifierMissing,
                400,
                "PKCE code verifier not found in storage. This can happen if the auth flow was \
                 initiated in a different browser or device, or if the storage was cleared.",
            )
            .with_code(Some(ErrorCode::PkceCodeVerifierNotFound))),
            None => Ok((String::new(), false)),
        }
    }

    pub(crate) async fn remove_verifier(&self) -> Result<(), AuthError> {
        self.store
            .remove_item(&self.verifier_key())
            .await
            .map_err(AuthError::storage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifier_is_112_hex_and_challenge_is_rfc7636() {
        let v = verifier();
        assert_eq!(v.len(), 112);
        assert!(v
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        // RFC 7636 appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
