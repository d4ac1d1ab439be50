//! Sign-up and the sign-in grants: password, id token, Web3, anonymous; `set_session`.

use http::Method;
use serde_json::{json, Map, Value};

use crate::auth::client::Auth;
use crate::auth::error::AuthError;
use crate::auth::events::AuthChangeEvent;
use crate::auth::http::Call;
use crate::auth::params::{
    meta_security, SignInAnonymouslyCredentials, SignInWithIdTokenCredentials,
    SignInWithPasswordCredentials, SignInWithWeb3Credentials, SignUpCredentials,
};
use crate::auth::types::{AuthResponse, Session};
use crate::Error;

impl Auth {
    /// Creates a user (`POST /signup`). The response has a session when the project confirms
    /// automatically (SIGNED_IN), else only the user.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::SignUpCredentials;
    /// let r = client.auth().sign_up(SignUpCredentials::email("ann@example.com", "pw-123456")).await?;
    /// if r.session.is_none() { println!("check your inbox"); }
    /// # Ok(()) }
    /// ```
    pub async fn sign_up(&self, credentials: SignUpCredentials) -> Result<AuthResponse, Error> {
        self.inner.ensure_init().await;
        let mut body = Map::new();
        credentials.contact.insert_into(&mut body);
        body.insert("password".into(), credentials.password.clone().into());
        body.insert(
            "data".into(),
            credentials.data.clone().unwrap_or_else(|| json!({})),
        );
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
                Call::new(Method::POST, "signup"),
                credentials.redirect_to.as_deref(),
            )
            .await?;
        let answer = self.inner.send(call.body(body)).await?;
        Ok(self
            .inner
            .finish(&answer.body, AuthChangeEvent::SignedIn)
            .await?)
    }

    /// Signs in with an email or phone and a password (`POST /token?grant_type=password`).
    /// A weak-password warning comes back in [`AuthResponse::weak_password`].
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::SignInWithPasswordCredentials;
    /// let r = client
    ///     .auth()
    ///     .sign_in_with_password(SignInWithPasswordCredentials::email("ann@example.com", "pw"))
    ///     .await?;
    /// assert!(r.session.is_some());
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_with_password(
        &self,
        credentials: SignInWithPasswordCredentials,
    ) -> Result<AuthResponse, Error> {
        self.inner.ensure_init().await;
        let mut body = Map::new();
        credentials.contact.insert_into(&mut body);
        body.insert("password".into(), credentials.password.clone().into());
        body.insert(
            "gotrue_meta_security".into(),
            meta_security(credentials.captcha_token.as_deref()),
        );
        let call = Call::new(Method::POST, "token")
            .query("grant_type", "password")
            .body(Value::Object(body));
        Ok(self.inner.grant(call, AuthChangeEvent::SignedIn).await?)
    }

    /// Creates an anonymous user and signs in as it (`POST /signup` with no email/phone).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let r = client.auth().sign_in_anonymously(Default::default()).await?;
    /// assert!(r.user.is_some_and(|u| u.is_anonymous));
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_anonymously(
        &self,
        credentials: SignInAnonymouslyCredentials,
    ) -> Result<AuthResponse, Error> {
        self.inner.ensure_init().await;
        let body = json!({
            "data": credentials.data.clone().unwrap_or_else(|| json!({})),
            "gotrue_meta_security": meta_security(credentials.captcha_token.as_deref()),
        });
        let call = Call::new(Method::POST, "signup").body(body);
        Ok(self.inner.grant(call, AuthChangeEvent::SignedIn).await?)
    }

    /// Signs in with an OIDC id token (`POST /token?grant_type=id_token`).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::SignInWithIdTokenCredentials;
    /// let r = client
    ///     .auth()
    ///     .sign_in_with_id_token(SignInWithIdTokenCredentials::new("google", "eyJ..."))
    ///     .await?;
    /// # let _ = r;
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_with_id_token(
        &self,
        credentials: SignInWithIdTokenCredentials,
    ) -> Result<AuthResponse, Error> {
        self.inner.ensure_init().await;
        let call = Call::new(Method::POST, "token")
            .query("grant_type", "id_token")
            .body(credentials.body(false));
        Ok(self.inner.grant(call, AuthChangeEvent::SignedIn).await?)
    }

    /// Signs in with a signed Web3 message (`POST /token?grant_type=web3`).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::SignInWithWeb3Credentials;
    /// let creds = SignInWithWeb3Credentials::ethereum("example.com wants you to sign in…", "0xabc…");
    /// let r = client.auth().sign_in_with_web3(creds).await?;
    /// # let _ = r;
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_with_web3(
        &self,
        credentials: SignInWithWeb3Credentials,
    ) -> Result<AuthResponse, Error> {
        self.inner.ensure_init().await;
        let mut body = Map::new();
        body.insert("chain".into(), credentials.chain.as_str().into());
        body.insert("message".into(), credentials.message.clone().into());
        body.insert("signature".into(), credentials.signature.clone().into());
        if let Some(token) = &credentials.captcha_token {
            body.insert(
                "gotrue_meta_security".into(),
                json!({ "captcha_token": token }),
            );
        }
        let call = Call::new(Method::POST, "token")
            .query("grant_type", "web3")
            .body(Value::Object(body));
        Ok(self.inner.grant(call, AuthChangeEvent::SignedIn).await?)
    }

    /// Adopts a session from its tokens (SIGNED_IN). An unexpired access token is checked
    /// with `GET /user`; an expired one (or one without `exp`) is refreshed first.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let session = client.auth().set_session("access-jwt", "refresh-token").await?;
    /// # let _ = session;
    /// # Ok(()) }
    /// ```
    pub async fn set_session(
        &self,
        access_token: &str,
        refresh_token: &str,
    ) -> Result<Session, Error> {
        self.inner.ensure_init().await;
        if access_token.is_empty() || refresh_token.is_empty() {
            return Err(AuthError::session_missing().into());
        }
        let now = self.inner.clock.now();
        let exp = crate::auth::claims::decode_unverified(access_token)
            .ok()
            .and_then(|d| d.payload.get("exp").and_then(Value::as_f64));
        let session = match exp {
            Some(exp) if exp > now => {
                let answer = self
                    .inner
                    .send(Call::new(Method::GET, "user").jwt(access_token))
                    .await?;
                let user = crate::auth::body::user_answer(&answer.body)?
                    .ok_or_else(AuthError::invalid_token_response)?;
                Session {
                    access_token: access_token.to_owned(),
                    refresh_token: refresh_token.to_owned(),
                    token_type: "bearer".to_owned(),
                    expires_in: (exp - now).round() as i64,
                    expires_at: Some(exp as i64),
                    user,
                    provider_token: None,
                    provider_refresh_token: None,
                    extra: Map::new(),
                }
            }
            _ => {
                self.inner
                    .refresh_grant(
                        refresh_token,
                        crate::auth::refresh::RefreshReason::SetSessionExpired,
                    )
                    .await?
            }
        };
        self.inner.save_session(&session).await?;
        self.inner.emit(AuthChangeEvent::SignedIn, Some(&session));
        Ok(session)
    }
}
