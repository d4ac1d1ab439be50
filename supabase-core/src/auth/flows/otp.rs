//! Passwordless and link flows: OTP, verify, resend, password reset, SSO, PKCE code exchange.

use http::Method;
use serde_json::{json, Map, Value};

use crate::auth::client::Auth;
use crate::auth::events::AuthChangeEvent;
use crate::auth::http::Call;
use crate::auth::params::sso_body;
use crate::auth::params::verify_body;
use crate::auth::params::{
    meta_security, ResendParams, ResetPasswordOptions, SignInWithOtpCredentials,
    SignInWithSsoCredentials, VerifyOtpParams,
};
use crate::auth::types::{AuthResponse, OAuthResponse, OtpResponse};
use crate::Error;

/// `{message_id?}` of an OTP answer (other keys ignored).
fn message_id(body: &[u8]) -> Result<OtpResponse, crate::auth::error::AuthError> {
    #[derive(serde::Deserialize)]
    struct Body {
        #[serde(default)]
        message_id: Option<serde_json::Value>,
    }
    let body: Body = serde_json::from_slice(body).map_err(|e| {
        crate::auth::error::AuthError::new(
            crate::auth::error::AuthErrorKind::Unknown,
            200,
            format!("could not decode the auth response: {e}"),
        )
    })?;
    Ok(OtpResponse {
        message_id: body.message_id.and_then(|m| m.as_str().map(str::to_owned)),
    })
}

impl Auth {
    /// Sends a magic link / code by email, or a code by SMS or WhatsApp (`POST /otp`).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::SignInWithOtpCredentials;
    /// client
    ///     .auth()
    ///     .sign_in_with_otp(SignInWithOtpCredentials::email("ann@example.com").should_create_user(false))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_with_otp(
        &self,
        credentials: SignInWithOtpCredentials,
    ) -> Result<OtpResponse, Error> {
        self.inner.ensure_init().await;
        let mut body = Map::new();
        credentials.contact.insert_into(&mut body);
        body.insert(
            "data".into(),
            credentials.data.clone().unwrap_or_else(|| json!({})),
        );
        body.insert("create_user".into(), credentials.create_user.into());
        body.insert(
            "gotrue_meta_security".into(),
            meta_security(credentials.captcha_token.as_deref()),
        );
        if !credentials.contact.is_email() {
            body.insert("channel".into(), credentials.channel.as_str().into());
        }
        let mut body = Value::Object(body);
        let call = self
            .inner
            .email_link(
                &credentials.contact,
                &mut body,
                Call::new(Method::POST, "otp"),
                credentials.redirect_to.as_deref(),
            )
            .await?;
        let answer = self.inner.send(call.body(body)).await?;
        Ok(message_id(&answer.body)?)
    }

    /// Verifies an OTP or a `token_hash` (`POST /verify`). A session that comes back is
    /// saved: PASSWORD_RECOVERY for `recovery`, SIGNED_IN otherwise.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::{MobileOtpType, VerifyOtpParams};
    /// let r = client
    ///     .auth()
    ///     .verify_otp(VerifyOtpParams::phone("+15550100", "123456", MobileOtpType::Sms))
    ///     .await?;
    /// # let _ = r;
    /// # Ok(()) }
    /// ```
    pub async fn verify_otp(&self, params: VerifyOtpParams) -> Result<AuthResponse, Error> {
        self.inner.ensure_init().await;
        let call = Call::new(Method::POST, "verify")
            .redirect_to(params.redirect_to.as_deref())
            .body(verify_body(&params));
        let answer = self.inner.send(call).await?;
        let event = if params.is_recovery() {
            AuthChangeEvent::PasswordRecovery
        } else {
            AuthChangeEvent::SignedIn
        };
        Ok(self.inner.finish(&answer.body, event).await?)
    }

    /// Resends a sign-up, email change, SMS or phone change message (`POST /resend`).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::{ResendParams, ResendType};
    /// client.auth().resend(ResendParams::email("ann@example.com", ResendType::Signup)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn resend(&self, params: ResendParams) -> Result<OtpResponse, Error> {
        self.inner.ensure_init().await;
        let mut body = Map::new();
        params.contact.insert_into(&mut body);
        body.insert("type".into(), params.resend_type.as_str().into());
        body.insert(
            "gotrue_meta_security".into(),
            meta_security(params.captcha_token.as_deref()),
        );
        let mut body = Value::Object(body);
        let call = self
            .inner
            .email_link(
                &params.contact,
                &mut body,
                Call::new(Method::POST, "resend"),
                params.redirect_to.as_deref(),
            )
            .await?;
        let answer = self.inner.send(call.body(body)).await?;
        Ok(message_id(&answer.body)?)
    }

    /// Sends a password-reset email (`POST /recover`). With PKCE the verifier is stored marked
    /// for recovery, so the code exchange emits PASSWORD_RECOVERY.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::ResetPasswordOptions;
    /// client
    ///     .auth()
    ///     .reset_password_for_email("ann@example.com", ResetPasswordOptions::new().redirect_to("https://app/reset"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn reset_password_for_email(
        &self,
        email: &str,
        options: ResetPasswordOptions,
    ) -> Result<(), Error> {
        self.inner.ensure_init().await;
        let mut body = json!({ "email": email });
        self.inner
            .pkce_challenge(true)
            .await?
            .insert_into(&mut body);
        if let Some(obj) = body.as_object_mut() {
            obj.insert(
                "gotrue_meta_security".into(),
                meta_security(options.captcha_token.as_deref()),
            );
        }
        let call = Call::new(Method::POST, "recover")
            .redirect_to(options.redirect_to.as_deref())
            .body(body);
        self.inner.send(call).await?;
        Ok(())
    }

    /// Starts enterprise SSO (`POST /sso`) and returns the identity provider's URL.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::SignInWithSsoCredentials;
    /// let r = client.auth().sign_in_with_sso(SignInWithSsoCredentials::domain("acme.com")).await?;
    /// println!("open {}", r.url);
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_with_sso(
        &self,
        credentials: SignInWithSsoCredentials,
    ) -> Result<OAuthResponse, Error> {
        self.inner.ensure_init().await;
        let mut body = sso_body(&credentials);
        self.inner
            .pkce_challenge(false)
            .await?
            .insert_into(&mut body);
        let value: Value = self
            .inner
            .send(Call::new(Method::POST, "sso").body(body))
            .await?
            .json()?;
        let url = value
            .get("url")
            .and_then(Value::as_str)
            .ok_or_else(crate::auth::error::AuthError::invalid_token_response)?;
        Ok(OAuthResponse {
            provider: None,
            url: url.to_owned(),
        })
    }

    /// Trades a PKCE `code` for a session (`POST /token?grant_type=pkce`) with the stored
    /// verifier, which is then deleted. PASSWORD_RECOVERY when the verifier was made by
    /// `reset_password_for_email`, SIGNED_IN otherwise.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let r = client.auth().exchange_code_for_session("code-from-the-callback-url").await?;
    /// # let _ = r;
    /// # Ok(()) }
    /// ```
    pub async fn exchange_code_for_session(&self, auth_code: &str) -> Result<AuthResponse, Error> {
        self.inner.ensure_init().await;
        let (verifier, recovery) = self.inner.take_verifier().await?;
        let call = Call::new(Method::POST, "token")
            .query("grant_type", "pkce")
            .body(json!({ "auth_code": auth_code, "code_verifier": verifier }));
        let result = self.inner.send(call).await;
        self.inner.remove_verifier().await?;
        let answer = result?;
        let event = if recovery {
            AuthChangeEvent::PasswordRecovery
        } else {
            AuthChangeEvent::SignedIn
        };
        Ok(self.inner.finish_grant(&answer.body, event).await?)
    }
}
