//! The public Auth calls, by family.

mod oauth;
mod otp;
mod sign_in;
mod user;

use serde_json::Value;

use super::error::{AuthError, AuthErrorKind, WeakPasswordReason};
use super::events::AuthChangeEvent;
use super::http::Call;
use super::inner::AuthInner;
use super::params::Contact;
use super::types::{AuthResponse, User, WeakPassword};

/// A user from a response that is a bare user or `{user: …}`; `None` when neither.
pub(crate) fn user_from(value: &Value) -> Result<Option<User>, AuthError> {
    let candidate = match value.get("user") {
        Some(u) if u.is_object() => u,
        _ if value.get("id").is_some_and(Value::is_string) => value,
        _ => return Ok(None),
    };
    serde_json::from_value(candidate.clone())
        .map(Some)
        .map_err(|e| {
            AuthError::new(
                AuthErrorKind::Unknown,
                200,
                format!("could not decode the user: {e}"),
            )
        })
}

fn weak_password_from(value: &Value) -> Option<WeakPassword> {
    let w = value.get("weak_password")?;
    if w.is_null() {
        return None;
    }
    Some(WeakPassword {
        reasons: w
            .get("reasons")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(WeakPasswordReason::parse)
                    .collect()
            })
            .unwrap_or_default(),
        message: w
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
    })
}

impl AuthInner {
    /// Saves the session of a token response (if any) and emits `event` for it.
    pub(crate) async fn finish(
        &self,
        value: &Value,
        event: AuthChangeEvent,
    ) -> Result<AuthResponse, AuthError> {
        let session = self.session_from(value)?;
        let user = match &session {
            Some(s) => Some(s.user.clone()),
            None => user_from(value)?,
        };
        if let Some(s) = &session {
            self.save_session(s).await?;
            self.emit(event, Some(s));
        }
        Ok(AuthResponse {
            user,
            session,
            weak_password: weak_password_from(value),
        })
    }

    /// Like [`AuthInner::finish`], but a missing session or user is an error (grants).
    pub(crate) async fn finish_grant(
        &self,
        value: &Value,
        event: AuthChangeEvent,
    ) -> Result<AuthResponse, AuthError> {
        let response = self.finish(value, event).await?;
        if response.session.is_none() || response.user.is_none() {
            return Err(AuthError::invalid_token_response());
        }
        Ok(response)
    }

    /// Sends a `POST /token?grant_type=…` (or another call answering with a session) and
    /// finishes it as a grant: the session is saved and `event` emitted.
    pub(crate) async fn grant(
        &self,
        call: Call<'_>,
        event: AuthChangeEvent,
    ) -> Result<AuthResponse, AuthError> {
        let value: Value = self.send(call).await?.json()?;
        self.finish_grant(&value, event).await
    }

    /// For an email contact: adds the PKCE challenge (when the flow is PKCE) to `body` and
    /// `redirect_to` to `call`, as every email-link flow does. Other contacts are left alone.
    pub(crate) async fn email_link<'a>(
        &self,
        contact: &Contact,
        body: &mut Value,
        call: Call<'a>,
        redirect_to: Option<&'a str>,
    ) -> Result<Call<'a>, AuthError> {
        if !contact.is_email() {
            return Ok(call);
        }
        self.pkce_challenge(false).await?.insert_into(body);
        Ok(call.redirect_to(redirect_to))
    }
}
