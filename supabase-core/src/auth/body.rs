//! Reading GoTrue answers straight from the body bytes into the typed shapes, in one pass:
//! no `serde_json::Value` tree is built first (only the keys a type keeps as JSON, such as
//! [`Session::extra`], end up as `Value`).
//!
//! Token answers (`/token`, `/verify`, `/signup`, `/factors/{id}/verify`, passkey sign-in)
//! decode into [`TokenBody`]: a session when `access_token`, `refresh_token` and `expires_in`
//! are all set (auth-js's test), the user from `user`. Answers that are a user decode as a
//! bare user or `{user: …}`; only a bare user (told apart by a string `id` at the top) is read
//! a second time from the bytes, into [`User`] directly.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::error::{AuthError, AuthErrorKind, WeakPasswordReason};
use super::types::{Session, User, WeakPassword};

/// Whether a JSON value is a string, read without keeping it.
#[derive(Debug, Default, Clone, Copy)]
struct IsString(bool);

impl<'de> Deserialize<'de> for IsString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IsString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<IsString, E> {
                Ok(IsString(true))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<IsString, E> {
                Ok(IsString(false))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<IsString, E> {
                Ok(IsString(false))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<IsString, E> {
                Ok(IsString(false))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<IsString, E> {
                Ok(IsString(false))
            }
            fn visit_unit<E: de::Error>(self) -> Result<IsString, E> {
                Ok(IsString(false))
            }
            fn visit_none<E: de::Error>(self) -> Result<IsString, E> {
                Ok(IsString(false))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<IsString, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(IsString(false))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<IsString, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(IsString(false))
            }
        }
        d.deserialize_any(V)
    }
}

/// `weak_password` of a sign-up or sign-in answer.
#[derive(Debug, Deserialize)]
struct WeakPasswordBody {
    #[serde(default)]
    reasons: Vec<String>,
    #[serde(default)]
    message: String,
}

/// A token answer, decoded once.
#[derive(Debug, Deserialize)]
pub(crate) struct TokenBody {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    expires_at: Option<i64>,
    #[serde(default)]
    provider_token: Option<String>,
    #[serde(default)]
    provider_refresh_token: Option<String>,
    #[serde(default)]
    user: Option<User>,
    #[serde(default)]
    weak_password: Option<WeakPasswordBody>,
    #[serde(default)]
    id: Option<IsString>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// What a token answer holds.
pub(crate) struct TokenAnswer {
    pub(crate) session: Option<Session>,
    pub(crate) user: Option<User>,
    pub(crate) weak_password: Option<WeakPassword>,
}

fn decode_error(what: &str, e: serde_json::Error) -> AuthError {
    AuthError::new(
        AuthErrorKind::Unknown,
        200,
        format!("could not decode the {what}: {e}"),
    )
    .with_source(e)
}

/// Decodes a token answer; `now` fills `expires_at` when the server left it out.
pub(crate) fn token_answer(bytes: &[u8], now: i64) -> Result<TokenAnswer, AuthError> {
    let body: TokenBody = serde_json::from_slice(bytes).map_err(|e| decode_error("session", e))?;
    let weak_password = body.weak_password.map(|w| WeakPassword {
        reasons: w
            .reasons
            .iter()
            .map(|r| WeakPasswordReason::parse(r))
            .collect(),
        message: w.message,
    });
    let filled = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.is_empty());
    let has_session = filled(&body.access_token)
        && filled(&body.refresh_token)
        && body.expires_in.is_some_and(|n| n != 0);
    let (session, user) = match (has_session, body.user) {
        (true, Some(user)) => {
            let expires_in = body.expires_in.unwrap_or_default();
            let session = Session {
                access_token: body.access_token.unwrap_or_default(),
                refresh_token: body.refresh_token.unwrap_or_default(),
                token_type: body.token_type.unwrap_or_else(|| "bearer".to_owned()),
                expires_in,
                expires_at: Some(body.expires_at.unwrap_or(now + expires_in)),
                user: user.clone(),
                provider_token: body.provider_token,
                provider_refresh_token: body.provider_refresh_token,
                extra: body.extra,
            };
            (Some(session), Some(user))
        }
        (true, None) => {
            return Err(AuthError::new(
                AuthErrorKind::Unknown,
                200,
                "could not decode the session: missing field `user`",
            ))
        }
        (false, Some(user)) => (None, Some(user)),
        (false, None) if body.id.is_some_and(|i| i.0) => (None, Some(bare_user(bytes)?)),
        (false, None) => (None, None),
    };
    Ok(TokenAnswer {
        session,
        user,
        weak_password,
    })
}

fn bare_user(bytes: &[u8]) -> Result<User, AuthError> {
    serde_json::from_slice(bytes).map_err(|e| decode_error("user", e))
}

/// A user from an answer that is a bare user or `{user: …}`; `None` when neither.
pub(crate) fn user_answer(bytes: &[u8]) -> Result<Option<User>, AuthError> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        user: Option<User>,
        #[serde(default)]
        id: Option<IsString>,
    }
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| decode_error("user", e))?;
    match probe {
        Probe { user: Some(u), .. } => Ok(Some(u)),
        Probe {
            id: Some(IsString(true)),
            ..
        } => bare_user(bytes).map(Some),
        _ => Ok(None),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn token_bare_user_and_wrapped_user() {
        let t = token_answer(
            br#"{"access_token":"a","refresh_token":"r","expires_in":60,"user":{"id":"u"},"weak_password":{"reasons":["length"],"message":"m"},"sso":1}"#,
            100,
        )
        .unwrap();
        let s = t.session.unwrap();
        assert_eq!((s.expires_at, s.user.id.as_str()), (Some(160), "u"));
        assert_eq!(s.extra.get("sso"), Some(&Value::from(1)));
        assert!(!s.extra.contains_key("weak_password"));
        assert_eq!(t.weak_password.unwrap().message, "m");

        let bare = token_answer(br#"{"id":"u2","email":"x@example.com"}"#, 0).unwrap();
        assert!(bare.session.is_none());
        assert_eq!(bare.user.unwrap().id, "u2");
        let none = token_answer(br#"{"message_id":"m1","id":7}"#, 0).unwrap();
        assert!(none.user.is_none());
        // Empty tokens are no session (auth-js's truthiness test).
        let empty = token_answer(
            br#"{"access_token":"","refresh_token":"r","expires_in":60,"user":{"id":"u"}}"#,
            0,
        )
        .unwrap();
        assert!(empty.session.is_none() && empty.user.is_some());

        assert_eq!(
            user_answer(br#"{"user":{"id":"w"}}"#).unwrap().unwrap().id,
            "w"
        );
        assert_eq!(
            user_answer(br#"{"id":"b","aud":"x"}"#).unwrap().unwrap().id,
            "b"
        );
        assert!(user_answer(br#"{"url":"https://x"}"#).unwrap().is_none());
        assert!(user_answer(b"not json").is_err());
    }
}
