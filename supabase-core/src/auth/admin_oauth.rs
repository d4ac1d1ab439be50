//! `auth.admin().oauth()`: the clients of the project's OAuth 2.1 server
//! (`/admin/oauth/clients`), for a service-role key.
//!
//! The shapes are the server's: a client is `{client_id, client_secret?, client_type,
//! token_endpoint_auth_method, registration_type, redirect_uris, grant_types, response_types,
//! client_name?, client_uri?, logo_uri?, created_at, updated_at}`; the secret comes back only
//! from `create_client` (confidential clients) and `regenerate_client_secret`. The body of a
//! create or update holds only the fields the server reads.

use std::fmt;

use chrono::{DateTime, Utc};
use http::Method;
use serde::{Deserialize, Serialize};

use super::admin::{check_uuid, page_links, Admin};
use super::client::Auth;
use super::http::{segment, Call};
use crate::Error;

/// One OAuth client of the project. `Debug` hides the secret.
#[derive(Clone, Deserialize, PartialEq)]
#[non_exhaustive]
pub struct OAuthClient {
    /// The client id (a UUID).
    pub client_id: String,
    /// The plain secret: only right after creation or regeneration, for confidential clients.
    #[serde(default)]
    pub client_secret: Option<String>,
    /// `confidential` or `public`.
    pub client_type: String,
    /// `client_secret_basic`, `client_secret_post` or `none`.
    #[serde(default)]
    pub token_endpoint_auth_method: Option<String>,
    /// `manual` (made by an admin) or `dynamic` (dynamic registration).
    #[serde(default)]
    pub registration_type: Option<String>,
    /// Where the server may send the user back.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// `authorization_code` and/or `refresh_token`.
    #[serde(default)]
    pub grant_types: Vec<String>,
    /// Always `["code"]`.
    #[serde(default)]
    pub response_types: Vec<String>,
    /// The name shown on the consent screen.
    #[serde(default)]
    pub client_name: Option<String>,
    /// The client's home page.
    #[serde(default)]
    pub client_uri: Option<String>,
    /// The client's logo.
    #[serde(default)]
    pub logo_uri: Option<String>,
    /// Created at.
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    /// Updated at.
    #[serde(default)]
    pub updated_at: Option<DateTime<Utc>>,
}

impl fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthClient")
            .field("client_id", &self.client_id)
            .field("client_type", &self.client_type)
            .field("client_name", &self.client_name)
            .field("redirect_uris", &self.redirect_uris)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

/// One page of [`AdminOAuth::list_clients`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct OAuthClientList {
    /// The clients, newest first.
    pub clients: Vec<OAuthClient>,
    /// The next page (from `Link: …; rel="next"`), when the server paginates.
    pub next_page: Option<u32>,
    /// The last page (from `Link: …; rel="last"`).
    pub last_page: Option<u32>,
    /// `X-Total-Count`, when sent.
    pub total: Option<u64>,
}

/// The body of [`AdminOAuth::create_client`]: the redirect URIs are required, the rest is
/// optional and left out when unset (the server then makes a confidential client with
/// `client_secret_basic` and both grant types).
///
/// ```
/// use supabase_core::auth::CreateOAuthClientParams;
/// let p = CreateOAuthClientParams::new(["https://app.example.com/callback"])
///     .client_name("Example CLI")
///     .client_type("public");
/// # let _ = p;
/// ```
#[derive(Debug, Clone, Serialize)]
#[must_use]
pub struct CreateOAuthClientParams {
    redirect_uris: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grant_types: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_endpoint_auth_method: Option<String>,
}

macro_rules! optional_setters {
    ($( $(#[$doc:meta])* $name:ident, )*) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: impl Into<String>) -> Self {
                self.$name = Some(value.into());
                self
            }
        )*
    };
}

impl CreateOAuthClientParams {
    /// A client that may redirect to `redirect_uris` (1 to 10 absolute URIs; `http` only for
    /// localhost).
    pub fn new<I, S>(redirect_uris: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        CreateOAuthClientParams {
            redirect_uris: redirect_uris.into_iter().map(Into::into).collect(),
            client_name: None,
            client_uri: None,
            logo_uri: None,
            grant_types: None,
            client_type: None,
            token_endpoint_auth_method: None,
        }
    }

    optional_setters! {
        /// The name shown on the consent screen (up to 1024 characters).
        client_name,
        /// The client's home page.
        client_uri,
        /// The client's logo.
        logo_uri,
        /// `confidential` (the default) or `public`.
        client_type,
        /// `client_secret_basic`, `client_secret_post` or `none` (must fit the client type).
        token_endpoint_auth_method,
    }

    /// The grant types (`authorization_code`, `refresh_token`).
    pub fn grant_types<I, S>(mut self, grant_types: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.grant_types = Some(grant_types.into_iter().map(Into::into).collect());
        self
    }
}

/// The body of [`AdminOAuth::update_client`]: only the fields set are sent (at least one).
///
/// ```
/// use supabase_core::auth::UpdateOAuthClientParams;
/// let p = UpdateOAuthClientParams::new().client_name("Renamed").redirect_uris(["https://a.example"]);
/// # let _ = p;
/// ```
#[derive(Debug, Clone, Default, Serialize)]
#[must_use]
pub struct UpdateOAuthClientParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect_uris: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grant_types: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_endpoint_auth_method: Option<String>,
}

impl UpdateOAuthClientParams {
    /// Nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    optional_setters! {
        /// A new name.
        client_name,
        /// A new home page.
        client_uri,
        /// A new logo.
        logo_uri,
        /// A new token endpoint auth method (must fit the client type).
        token_endpoint_auth_method,
    }

    /// New redirect URIs (replace the old ones).
    pub fn redirect_uris<I, S>(mut self, uris: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.redirect_uris = Some(uris.into_iter().map(Into::into).collect());
        self
    }

    /// New grant types.
    pub fn grant_types<I, S>(mut self, grant_types: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.grant_types = Some(grant_types.into_iter().map(Into::into).collect());
        self
    }
}

/// The OAuth client admin API, from [`Admin::oauth`].
///
/// ```no_run
/// # async fn run(admin_client: supabase_core::Client) -> Result<(), supabase_core::Error> {
/// use supabase_core::auth::CreateOAuthClientParams;
/// let oauth = admin_client.auth().admin().oauth();
/// let created = oauth
///     .create_client(CreateOAuthClientParams::new(["https://app.example.com/cb"]).client_name("CLI"))
///     .await?;
/// let secret = created.client_secret; // shown once
/// let rotated = oauth.regenerate_client_secret(&created.client_id).await?;
/// oauth.delete_client(&rotated.client_id).await?;
/// # let _ = secret;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AdminOAuth {
    auth: Auth,
}

impl Admin {
    /// The OAuth 2.1 server's client API.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "service-key").unwrap();
    /// let oauth = client.auth().admin().oauth();
    /// # let _ = oauth;
    /// ```
    pub fn oauth(&self) -> AdminOAuth {
        AdminOAuth {
            auth: self.auth().clone(),
        }
    }
}

impl AdminOAuth {
    /// The clients (`GET /admin/oauth/clients?page=&per_page=`; both always sent, empty when
    /// not given, as auth-js does).
    pub async fn list_clients(
        &self,
        page: Option<u32>,
        per_page: Option<u32>,
    ) -> Result<OAuthClientList, Error> {
        let text = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        let call = Call::new(Method::GET, "admin/oauth/clients")
            .query("page", text(page))
            .query("per_page", text(per_page));
        let answer = self.auth.inner.send(call).await?;
        #[derive(Deserialize)]
        struct Body {
            #[serde(default)]
            clients: Vec<OAuthClient>,
        }
        let body: Body = answer.json()?;
        let links = page_links(&answer.headers);
        Ok(OAuthClientList {
            clients: body.clients,
            next_page: links.next,
            last_page: links.last,
            total: links.total,
        })
    }

    /// Registers a client (`POST /admin/oauth/clients`); a confidential client comes back
    /// with its secret.
    pub async fn create_client(
        &self,
        params: CreateOAuthClientParams,
    ) -> Result<OAuthClient, Error> {
        let call = Call::new(Method::POST, "admin/oauth/clients").json_body(&params)?;
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// A client (`GET /admin/oauth/clients/{client_id}`); the id must be a UUID.
    pub async fn get_client(&self, client_id: &str) -> Result<OAuthClient, Error> {
        check_uuid(client_id, "client id")?;
        let path = format!("admin/oauth/clients/{}", segment(client_id));
        Ok(self
            .auth
            .inner
            .send(Call::new(Method::GET, &path))
            .await?
            .json()?)
    }

    /// Changes a client (`PUT /admin/oauth/clients/{client_id}`).
    pub async fn update_client(
        &self,
        client_id: &str,
        params: UpdateOAuthClientParams,
    ) -> Result<OAuthClient, Error> {
        check_uuid(client_id, "client id")?;
        let path = format!("admin/oauth/clients/{}", segment(client_id));
        let call = Call::new(Method::PUT, &path).json_body(&params)?;
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// Deletes a client (`DELETE /admin/oauth/clients/{client_id}`, answered 204).
    pub async fn delete_client(&self, client_id: &str) -> Result<(), Error> {
        check_uuid(client_id, "client id")?;
        let path = format!("admin/oauth/clients/{}", segment(client_id));
        self.auth
            .inner
            .send(Call::new(Method::DELETE, &path))
            .await?;
        Ok(())
    }

    /// Makes a new secret for a confidential client
    /// (`POST /admin/oauth/clients/{client_id}/regenerate_secret`); the old one stops working.
    pub async fn regenerate_client_secret(&self, client_id: &str) -> Result<OAuthClient, Error> {
        check_uuid(client_id, "client id")?;
        let path = format!(
            "admin/oauth/clients/{}/regenerate_secret",
            segment(client_id)
        );
        Ok(self
            .auth
            .inner
            .send(Call::new(Method::POST, &path))
            .await?
            .json()?)
    }
}
