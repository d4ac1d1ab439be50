//! `auth.oauth()`: the signed-in user's side of the project's OAuth 2.1 server — the consent
//! screen (authorization details, approve, deny) and the grants the user gave.
//!
//! A third-party app sends the user to `/oauth/authorize`; the server redirects to the
//! project's consent page with `?authorization_id=…`. That page, signed in as the user, calls
//! [`OAuthServer::get_authorization_details`] and then [`OAuthServer::approve_authorization`]
//! or [`OAuthServer::deny_authorization`], and sends the browser to the `redirect_url` it gets
//! back (auth-js does the redirect itself in a browser; here the caller does it).

use chrono::{DateTime, Utc};
use http::Method;
use serde::Deserialize;
use serde_json::json;

use super::client::Auth;
use super::http::{segment, Call};
use crate::Error;

/// The app asking for access, as the consent screen shows it.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthAuthorizationClient {
    /// The client id.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its home page.
    #[serde(default)]
    pub uri: Option<String>,
    /// Its logo.
    #[serde(default)]
    pub logo_uri: Option<String>,
}

/// The user an authorization is for.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthAuthorizationUser {
    /// The user id.
    pub id: String,
    /// The user's email.
    #[serde(default)]
    pub email: Option<String>,
}

/// A pending authorization request, for the consent screen.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthAuthorizationDetails {
    /// The id to approve or deny.
    pub authorization_id: String,
    /// Where the user goes afterwards.
    #[serde(default)]
    pub redirect_uri: Option<String>,
    /// The app.
    pub client: OAuthAuthorizationClient,
    /// The user.
    pub user: OAuthAuthorizationUser,
    /// The space-separated scopes asked for.
    #[serde(default)]
    pub scope: Option<String>,
}

/// Where to send the browser after a consent decision.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthRedirect {
    /// The app's redirect URI with `code` and `state` (approved) or `error=access_denied`
    /// (denied).
    pub redirect_url: String,
}

/// What [`OAuthServer::get_authorization_details`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthorizationDetails {
    /// The user has to decide: show the consent screen.
    Consent(OAuthAuthorizationDetails),
    /// The user already granted these scopes to this app: the server approved it at once;
    /// send the browser to the redirect.
    AlreadyApproved(OAuthRedirect),
}

/// A grant the user gave an app.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthGrant {
    /// The app.
    pub client: OAuthAuthorizationClient,
    /// The scopes granted.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// When.
    pub granted_at: DateTime<Utc>,
}

/// The user's OAuth 2.1 server API, from [`Auth::oauth`].
///
/// ```no_run
/// # async fn run(client: supabase_core::Client, authorization_id: &str) -> Result<(), supabase_core::Error> {
/// use supabase_core::auth::AuthorizationDetails;
/// let oauth = client.auth().oauth();
/// match oauth.get_authorization_details(authorization_id).await? {
///     AuthorizationDetails::Consent(details) => {
///         println!("{:?} asks for {:?}", details.client.name, details.scope);
///         let next = oauth.approve_authorization(authorization_id).await?;
///         println!("redirect to {}", next.redirect_url);
///     }
///     AuthorizationDetails::AlreadyApproved(next) => println!("redirect to {}", next.redirect_url),
///     _ => {}
/// }
/// for grant in oauth.list_grants().await? {
///     println!("{} may use {:?}", grant.client.id, grant.scopes);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct OAuthServer {
    auth: Auth,
}

impl Auth {
    /// The OAuth 2.1 server API of the signed-in user.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let oauth = client.auth().oauth();
    /// # let _ = oauth;
    /// ```
    pub fn oauth(&self) -> OAuthServer {
        OAuthServer { auth: self.clone() }
    }
}

impl OAuthServer {
    /// The authorization request behind `authorization_id`
    /// (`GET /oauth/authorizations/{id}`). If the user already consented to these scopes the
    /// server approves at once and only a redirect comes back.
    pub async fn get_authorization_details(
        &self,
        authorization_id: &str,
    ) -> Result<AuthorizationDetails, Error> {
        let token = self.auth.access_token().await?;
        let path = format!("oauth/authorizations/{}", segment(authorization_id));
        let answer = self
            .auth
            .inner
            .send(Call::new(Method::GET, &path).jwt(&token))
            .await?;
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Details(OAuthAuthorizationDetails),
            Redirect(OAuthRedirect),
        }
        Ok(match answer.json::<Either>()? {
            Either::Details(d) => AuthorizationDetails::Consent(d),
            Either::Redirect(r) => AuthorizationDetails::AlreadyApproved(r),
        })
    }

    /// Approves the request (`POST /oauth/authorizations/{id}/consent` with
    /// `{"action":"approve"}`); the redirect carries the authorization code.
    pub async fn approve_authorization(
        &self,
        authorization_id: &str,
    ) -> Result<OAuthRedirect, Error> {
        self.consent(authorization_id, "approve").await
    }

    /// Denies the request (`{"action":"deny"}`); the redirect carries
    /// `error=access_denied`.
    pub async fn deny_authorization(&self, authorization_id: &str) -> Result<OAuthRedirect, Error> {
        self.consent(authorization_id, "deny").await
    }

    async fn consent(&self, authorization_id: &str, action: &str) -> Result<OAuthRedirect, Error> {
        let token = self.auth.access_token().await?;
        let path = format!("oauth/authorizations/{}/consent", segment(authorization_id));
        let call = Call::new(Method::POST, &path)
            .jwt(&token)
            .body(json!({ "action": action }));
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// The apps the user granted access to (`GET /user/oauth/grants`).
    pub async fn list_grants(&self) -> Result<Vec<OAuthGrant>, Error> {
        let token = self.auth.access_token().await?;
        let call = Call::new(Method::GET, "user/oauth/grants").jwt(&token);
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// Revokes the user's grant to a client (`DELETE /user/oauth/grants?client_id=…`): the
    /// app's sessions and refresh tokens for this user stop working.
    pub async fn revoke_grant(&self, client_id: &str) -> Result<(), Error> {
        let token = self.auth.access_token().await?;
        let call = Call::new(Method::DELETE, "user/oauth/grants")
            .jwt(&token)
            .query("client_id", client_id);
        self.auth.inner.send(call).await?;
        Ok(())
    }
}
