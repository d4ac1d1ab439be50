//! The signed-in user: get/update, identities, reauthentication, sign-out.

use http::Method;
use serde_json::Value;

use crate::auth::client::Auth;
use crate::auth::error::{AuthError, AuthErrorKind};
use crate::auth::events::AuthChangeEvent;
use crate::auth::http::{segment, Call};
use crate::auth::params::{SignInWithIdTokenCredentials, SignOutScope, UserAttributes};
use crate::auth::types::{AuthResponse, Identity, User};
use crate::Error;

impl Auth {
    /// The signed-in user, fetched from the server (`GET /user`). If the server no longer
    /// knows the session (`session_not_found`), the local session is removed (SIGNED_OUT).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let user = client.auth().get_user().await?;
    /// println!("{:?}", user.email);
    /// # Ok(()) }
    /// ```
    pub async fn get_user(&self) -> Result<User, Error> {
        let token = self.access_token().await?;
        match self.fetch_user(&token).await {
            Err(e) if e.is_session_missing() => {
                self.inner.remove_session().await?;
                self.inner.remove_verifier().await?;
                self.inner.emit(AuthChangeEvent::SignedOut, None);
                Err(e.into())
            }
            other => Ok(other?),
        }
    }

    /// The user of the access token `jwt` (`GET /user`), without touching the session.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let user = client.auth().get_user_with_jwt("eyJ...").await?;
    /// # let _ = user;
    /// # Ok(()) }
    /// ```
    pub async fn get_user_with_jwt(&self, jwt: &str) -> Result<User, Error> {
        Ok(self.fetch_user(jwt).await?)
    }

    pub(crate) async fn fetch_user(&self, jwt: &str) -> Result<User, AuthError> {
        let answer = self
            .inner
            .send(Call::new(Method::GET, "user").jwt(jwt))
            .await?;
        crate::auth::body::user_answer(&answer.body)?.ok_or_else(|| {
            AuthError::new(AuthErrorKind::Unknown, 200, "the response holds no user")
        })
    }

    /// Updates the signed-in user (`PUT /user`) and the stored session's user (USER_UPDATED).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::UserAttributes;
    /// let user = client
    ///     .auth()
    ///     .update_user(UserAttributes::new().data(serde_json::json!({"theme": "dark"})))
    ///     .await?;
    /// # let _ = user;
    /// # Ok(()) }
    /// ```
    pub async fn update_user(&self, attributes: UserAttributes) -> Result<User, Error> {
        let token = self.access_token().await?;
        let mut body = Value::Object(attributes.body());
        let challenge = if attributes.email.is_some() {
            self.inner.pkce_challenge(false).await?
        } else {
            Default::default()
        };
        challenge.insert_into(&mut body);
        let call = Call::new(Method::PUT, "user")
            .jwt(&token)
            .redirect_to(attributes.email_redirect_to.as_deref())
            .body(body);
        let answer = self.inner.send(call).await?;
        let user = crate::auth::body::user_answer(&answer.body)?.ok_or_else(|| {
            AuthError::new(AuthErrorKind::Unknown, 200, "the response holds no user")
        })?;
        let session = self.inner.replace_user(&user).await?;
        self.inner
            .emit(AuthChangeEvent::UserUpdated, session.as_ref());
        Ok(user)
    }

    /// The identities linked to the signed-in user (`GET /user`).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// for identity in client.auth().get_user_identities().await? {
    ///     println!("{}", identity.provider);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_user_identities(&self) -> Result<Vec<Identity>, Error> {
        Ok(self.get_user().await?.identities.unwrap_or_default())
    }

    /// Links an identity from an OIDC id token to the signed-in user
    /// (`POST /token?grant_type=id_token` with `link_identity: true`); USER_UPDATED.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::SignInWithIdTokenCredentials;
    /// client
    ///     .auth()
    ///     .link_identity_with_id_token(SignInWithIdTokenCredentials::new("google", "eyJ..."))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn link_identity_with_id_token(
        &self,
        credentials: SignInWithIdTokenCredentials,
    ) -> Result<AuthResponse, Error> {
        let token = self.access_token().await?;
        let call = Call::new(Method::POST, "token")
            .query("grant_type", "id_token")
            .jwt(&token)
            .body(credentials.body(true));
        Ok(self.inner.grant(call, AuthChangeEvent::UserUpdated).await?)
    }

    /// Unlinks an identity (`DELETE /user/identities/{identity_id}`).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// let identities = client.auth().get_user_identities().await?;
    /// if let Some(github) = identities.iter().find(|i| i.provider == "github") {
    ///     client.auth().unlink_identity(github).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn unlink_identity(&self, identity: &Identity) -> Result<(), Error> {
        let token = self.access_token().await?;
        let path = format!("user/identities/{}", segment(&identity.identity_id));
        self.inner
            .send(Call::new(Method::DELETE, &path).jwt(&token))
            .await?;
        Ok(())
    }

    /// Sends a reauthentication nonce by email or SMS (`GET /reauthenticate`), for
    /// [`UserAttributes::nonce`].
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// client.auth().reauthenticate().await?;
    /// # Ok(()) }
    /// ```
    pub async fn reauthenticate(&self) -> Result<(), Error> {
        let token = self.access_token().await?;
        self.inner
            .send(Call::new(Method::GET, "reauthenticate").jwt(&token))
            .await?;
        Ok(())
    }

    /// Signs out (`POST /logout?scope=…`, called for every scope). Unless the scope is
    /// `others`, the local session is removed (SIGNED_OUT). A 401, 403, 404 or missing
    /// session from the server counts as success.
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::SignOutScope;
    /// client.auth().sign_out(SignOutScope::Local).await?;
    /// # Ok(()) }
    /// ```
    pub async fn sign_out(&self, scope: SignOutScope) -> Result<(), Error> {
        self.inner.ensure_init().await;
        let token = match self.inner.session_fresh().await {
            Ok(session) => session.map(|s| s.access_token),
            Err(_) => self.inner.current().map(|s| s.access_token),
        };
        if let Some(token) = token {
            self.inner.logout(&token, scope).await?;
        }
        if scope != SignOutScope::Others {
            self.inner.remove_session().await?;
            self.inner.remove_verifier().await?;
            self.inner.emit(AuthChangeEvent::SignedOut, None);
        }
        Ok(())
    }
}

impl crate::auth::inner::AuthInner {
    /// `POST /logout?scope=…` with `jwt`; 401/403/404/session-missing are success.
    pub(crate) async fn logout(&self, jwt: &str, scope: SignOutScope) -> Result<(), AuthError> {
        let call = Call::new(Method::POST, "logout")
            .query("scope", scope.as_str())
            .jwt(jwt);
        match self.send(call).await {
            Ok(_) => Ok(()),
            Err(e)
                if e.is_session_missing()
                    || (e.kind() == AuthErrorKind::Api
                        && matches!(e.status(), 401 | 403 | 404)) =>
            {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}
