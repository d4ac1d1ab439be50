//! The project's signing keys (`/.well-known/jwks.json`), cached for 10 minutes.

use std::sync::Mutex;

use http::Method;
use jsonwebtoken::jwk::{Jwk, JwkSet};

use super::error::AuthError;
use super::http::Call;
use super::inner::{lock, AuthInner};

/// How long fetched keys are trusted before they are fetched again.
const JWKS_TTL_SECS: f64 = 600.0;

#[derive(Default)]
pub(crate) struct JwksCache {
    keys: Mutex<Option<(f64, JwkSet)>>,
}

fn find(set: &JwkSet, kid: &str) -> Option<Jwk> {
    set.keys
        .iter()
        .find(|k| k.common.key_id.as_deref() == Some(kid))
        .cloned()
}

impl AuthInner {
    /// The key with `kid`: from the caller's set, the fresh cache, or a new fetch (which
    /// replaces the cache). `None` when no key matches (the caller then falls back to the
    /// server).
    pub(crate) async fn jwk_for(
        &self,
        kid: &str,
        given: Option<&JwkSet>,
    ) -> Result<Option<Jwk>, AuthError> {
        if let Some(jwk) = given.and_then(|set| find(set, kid)) {
            return Ok(Some(jwk));
        }
        let now = self.clock.now();
        {
            let cache = lock(&self.jwks.keys);
            if let Some((at, set)) = cache.as_ref() {
                if now - at < JWKS_TTL_SECS {
                    if let Some(jwk) = find(set, kid) {
                        return Ok(Some(jwk));
                    }
                }
            }
        }
        let set: JwkSet = self
            .send(Call::new(Method::GET, ".well-known/jwks.json"))
            .await?
            .json()?;
        if set.keys.is_empty() {
            return Ok(None);
        }
        let found = find(&set, kid);
        *lock(&self.jwks.keys) = Some((now, set));
        Ok(found)
    }
}
