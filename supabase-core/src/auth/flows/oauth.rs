//! OAuth: the authorize URL (sign-in and identity linking), §2.3.

use http::Method;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::auth::client::Auth;
use crate::auth::error::AuthError;
use crate::auth::http::Call;
use crate::auth::params::SignInWithOAuthCredentials;
use crate::auth::types::OAuthResponse;
use crate::Error;

/// What `encodeURIComponent` leaves alone: `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

fn enc(text: &str) -> String {
    utf8_percent_encode(text, URI_COMPONENT).to_string()
}

impl Auth {
    /// The query of an authorize URL, in auth-js's order: provider, redirect_to, scopes, the
    /// PKCE challenge, the caller's parameters (form-encoded).
    async fn authorize_query(
        &self,
        credentials: &SignInWithOAuthCredentials,
    ) -> Result<String, AuthError> {
        let mut parts = vec![format!("provider={}", enc(&credentials.provider))];
        if let Some(url) = &credentials.redirect_to {
            parts.push(format!("redirect_to={}", enc(url)));
        }
        if let Some(scopes) = &credentials.scopes {
            parts.push(format!("scopes={}", enc(scopes)));
        }
        let challenge = self.inner.pkce_challenge(false).await?;
        if let (Some(c), Some(m)) = (challenge.challenge, challenge.method) {
            parts.push(format!(
                "code_challenge={}&code_challenge_method={}",
                enc(&c),
                m
            ));
        }
        if !credentials.query_params.is_empty() {
            let mut form = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &credentials.query_params {
                form.append_pair(k, v);
            }
            parts.push(form.finish());
        }
        Ok(parts.join("&"))
    }

    /// The URL to send the user to for an OAuth sign-in (`{auth}/authorize?provider=…`).
    /// No request is made; with PKCE a verifier is stored for
    /// [`Auth::exchange_code_for_session`].
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::SignInWithOAuthCredentials;
    /// let r = client
    ///     .auth()
    ///     .sign_in_with_oauth(SignInWithOAuthCredentials::new("github").redirect_to("https://app/cb"))
    ///     .await?;
    /// println!("open {}", r.url);
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_with_oauth(
        &self,
        credentials: SignInWithOAuthCredentials,
    ) -> Result<OAuthResponse, Error> {
        self.inner.ensure_init().await;
        let query = self.authorize_query(&credentials).await?;
        Ok(OAuthResponse {
            provider: Some(credentials.provider.clone()),
            url: format!("{}authorize?{query}", self.inner.url),
        })
    }

    /// Links an OAuth identity to the signed-in user: asks the server for the provider URL
    /// (`GET /user/identities/authorize?…&skip_http_redirect=true`).
    ///
    /// ```no_run
    /// # async fn run(client: supabase_core::Client) -> Result<(), supabase_core::Error> {
    /// use supabase_core::auth::SignInWithOAuthCredentials;
    /// let r = client.auth().link_identity(SignInWithOAuthCredentials::new("github")).await?;
    /// println!("open {}", r.url);
    /// # Ok(()) }
    /// ```
    pub async fn link_identity(
        &self,
        credentials: SignInWithOAuthCredentials,
    ) -> Result<OAuthResponse, Error> {
        let token = self.access_token().await?;
        let query = format!(
            "{}&skip_http_redirect=true",
            self.authorize_query(&credentials).await?
        );
        let call = Call::new(Method::GET, "user/identities/authorize")
            .raw_query(query)
            .jwt(&token);
        #[derive(serde::Deserialize)]
        struct Body {
            #[serde(default)]
            url: Option<String>,
        }
        let body: Body = self.inner.send(call).await?.json()?;
        let link = body.url.ok_or_else(AuthError::invalid_token_response)?;
        Ok(OAuthResponse {
            provider: Some(credentials.provider.clone()),
            url: link,
        })
    }
}
