//! HS256 JSON Web Tokens for the test PostgREST: the `anon` and `service_role` API keys and
//! per-user `authenticated` access tokens, signed with the harness's JWT secret.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

/// The secret PostgREST verifies tokens with (`jwt-secret`); at least 32 characters as PostgREST
/// requires.
pub const TEST_JWT_SECRET: &str = "supabase-tests-jwt-secret-at-least-32-characters-long";

/// The `exp` of the long-lived API keys: 2100-01-01T00:00:00Z, so the keys are the same on every
/// run.
pub const API_KEY_EXP: u64 = 4_102_444_800;

/// Signs `claims` as a compact JWT (`header.payload.signature`) with HMAC-SHA256 and `secret`.
///
/// The header is `{"alg":"HS256","typ":"JWT"}`; all three parts are base64url without padding.
pub fn sign_hs256(claims: &Value, secret: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signing_input = format!("{header}.{payload}");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC-SHA256 accepts a key of any length");
    mac.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

/// An API key like Supabase's: a JWT with `role` (`anon` or `service_role`), `iss`, `iat` and a
/// fixed far-future `exp`.
pub fn api_key(role: &str, secret: &str) -> String {
    sign_hs256(
        &json!({
            "iss": "supabase-tests",
            "role": role,
            "iat": 1_700_000_000u64,
            "exp": API_KEY_EXP,
        }),
        secret,
    )
}

/// A user access token like GoTrue's: `role` and `aud` `authenticated`, the given `sub`, issued
/// now and expiring in `ttl_secs` seconds.
pub fn user_token(sub: &str, ttl_secs: u64, secret: &str) -> String {
    let now = now_secs();
    sign_hs256(
        &json!({
            "aud": "authenticated",
            "role": "authenticated",
            "sub": sub,
            "iat": now,
            "exp": now + ttl_secs,
        }),
        secret,
    )
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7515 appendix A.1's key and payload give its published signature. The header differs
    /// from the RFC's (whose JSON contains line breaks), so the signature is checked on the RFC's
    /// exact signing input through the same HMAC path.
    #[test]
    fn hmac_matches_rfc7515_a1() {
        let key = URL_SAFE_NO_PAD
            .decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")
            .expect("base64url key");
        let input = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("key");
        mac.update(input.as_bytes());
        assert_eq!(
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
    }

    #[test]
    fn token_has_three_base64url_parts_and_the_claims() {
        let token = sign_hs256(&json!({"role": "anon"}), TEST_JWT_SECRET);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let payload = URL_SAFE_NO_PAD.decode(parts[1]).expect("payload");
        assert_eq!(payload, br#"{"role":"anon"}"#);
        let header = URL_SAFE_NO_PAD.decode(parts[0]).expect("header");
        assert_eq!(header, br#"{"alg":"HS256","typ":"JWT"}"#);
    }
}
