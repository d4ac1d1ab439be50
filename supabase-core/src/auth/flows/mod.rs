//! The public Auth calls, by family.

mod oauth;
mod otp;
mod sign_in;
mod user;

use serde_json::Value;

use super::error::AuthError;
use super::events::AuthChangeEvent;
use super::http::Call;
use super::inner::AuthInner;
use super::params::Contact;
use super::types::AuthResponse;

impl AuthInner {
    /// Saves the session of a token response (if any) and emits `event` for it.
    pub(crate) async fn finish(
        &self,
        body: &[u8],
        event: AuthChangeEvent,
    ) -> Result<AuthResponse, AuthError> {
        let answer = super::body::token_answer(body, self.clock.now_secs())?;
        if let Some(s) = &answer.session {
            self.save_session(s).await?;
            self.emit(event, Some(s));
        }
        Ok(AuthResponse {
            user: answer.user,
            session: answer.session,
            weak_password: answer.weak_password,
        })
    }

    /// Like [`AuthInner::finish`], but a missing session or user is an error (grants).
    pub(crate) async fn finish_grant(
        &self,
        body: &[u8],
        event: AuthChangeEvent,
    ) -> Result<AuthResponse, AuthError> {
        let response = self.finish(body, event).await?;
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
        let answer = self.send(call).await?;
        self.finish_grant(&answer.body, event).await
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
