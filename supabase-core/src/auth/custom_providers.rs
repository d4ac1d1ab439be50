//! `auth.admin().custom_providers()`: the project's own OAuth2 / OIDC sign-in providers
//! (`/admin/custom-providers`), for a service-role key.
//!
//! A custom provider's identifier starts with `custom:` (`custom:acme`); the same string is
//! the provider name in [`crate::auth::SignInWithOAuthCredentials`] and
//! [`crate::auth::SignInWithIdTokenCredentials`]. The identifier goes into the path as is
//! (the server matches the literal `custom:` prefix there).

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use http::Method;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::admin::Admin;
use super::client::Auth;
use super::http::Call;
use crate::Error;

/// `oauth2` or `oidc`.
///
/// ```
/// use supabase_core::auth::CustomProviderType;
/// assert_eq!(CustomProviderType::Oidc.as_str(), "oidc");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CustomProviderType {
    /// Plain OAuth 2.0: authorization, token and userinfo URLs.
    Oauth2,
    /// OpenID Connect: the issuer's discovery document.
    Oidc,
}

impl CustomProviderType {
    /// The wire name.
    pub fn as_str(&self) -> &'static str {
        match self {
            CustomProviderType::Oauth2 => "oauth2",
            CustomProviderType::Oidc => "oidc",
        }
    }
}

/// A custom provider as the server returns it (the client secret never comes back).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[non_exhaustive]
pub struct CustomProvider {
    /// The provider's UUID.
    pub id: String,
    /// `oauth2` or `oidc`.
    pub provider_type: String,
    /// `custom:…`.
    pub identifier: String,
    /// The display name.
    pub name: String,
    /// The client id at the provider.
    pub client_id: String,
    /// Other audiences accepted in ID tokens.
    #[serde(default)]
    pub acceptable_client_ids: Option<Vec<String>>,
    /// Scopes asked for (`openid` first for OIDC).
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// Claims copied into the user's metadata.
    #[serde(default)]
    pub custom_claims_allowlist: Option<Vec<String>>,
    /// Whether PKCE is used with the provider.
    #[serde(default)]
    pub pkce_enabled: bool,
    /// How the provider's user info maps onto the user.
    #[serde(default)]
    pub attribute_mapping: Option<Map<String, Value>>,
    /// Extra query parameters of the authorization request.
    #[serde(default)]
    pub authorization_params: Option<BTreeMap<String, String>>,
    /// Whether sign-in with it is on.
    #[serde(default)]
    pub enabled: bool,
    /// Whether users without an email may sign in.
    #[serde(default)]
    pub email_optional: bool,
    /// OIDC: the issuer.
    #[serde(default)]
    pub issuer: Option<String>,
    /// OIDC: the discovery document URL, when not the issuer's well-known one.
    #[serde(default)]
    pub discovery_url: Option<String>,
    /// OIDC: whether the nonce check is skipped.
    #[serde(default)]
    pub skip_nonce_check: bool,
    /// OAuth2: the authorization endpoint.
    #[serde(default)]
    pub authorization_url: Option<String>,
    /// OAuth2: the token endpoint.
    #[serde(default)]
    pub token_url: Option<String>,
    /// OAuth2: the userinfo endpoint.
    #[serde(default)]
    pub userinfo_url: Option<String>,
    /// OAuth2: the JWKS of ID tokens, if any.
    #[serde(default)]
    pub jwks_uri: Option<String>,
    /// OIDC: the discovery document the server fetched.
    #[serde(default)]
    pub discovery_document: Option<Value>,
    /// Created at.
    pub created_at: DateTime<Utc>,
    /// Updated at.
    pub updated_at: DateTime<Utc>,
}

macro_rules! body_setters {
    ($( $(#[$doc:meta])* $name:ident: $ty:ty, )*) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: $ty) -> Self {
                self.body.insert(stringify!($name).into(), Value::from(value));
                self
            }
        )*
    };
}

macro_rules! list_setters {
    ($( $(#[$doc:meta])* $name:ident, )*) => {
        $(
            $(#[$doc])*
            pub fn $name<I, S>(mut self, values: I) -> Self
            where
                I: IntoIterator<Item = S>,
                S: Into<String>,
            {
                let list: Vec<Value> = values.into_iter().map(|v| Value::String(v.into())).collect();
                self.body.insert(stringify!($name).into(), Value::Array(list));
                self
            }
        )*
    };
}

macro_rules! shared_setters {
    ($t:ty) => {
        impl $t {
            body_setters! {
                /// Whether PKCE is used (default on).
                pkce_enabled: bool,
                /// Whether sign-in with it is on (default on).
                enabled: bool,
                /// Whether users without an email may sign in (default off).
                email_optional: bool,
                /// OIDC: skip the nonce check.
                skip_nonce_check: bool,
                /// OIDC: the discovery document URL.
                discovery_url: &str,
                /// OAuth2: the JWKS URL of the provider's ID tokens.
                jwks_uri: &str,
            }

            list_setters! {
                /// Scopes to ask for.
                scopes,
                /// Other audiences accepted in ID tokens.
                acceptable_client_ids,
                /// Claims copied into the user's metadata.
                custom_claims_allowlist,
            }

            /// How the provider's user info maps onto the user.
            pub fn attribute_mapping(mut self, mapping: Map<String, Value>) -> Self {
                self.body
                    .insert("attribute_mapping".into(), Value::Object(mapping));
                self
            }

            /// Extra query parameters of the authorization request (not the reserved OAuth
            /// ones: `client_id`, `state`, `nonce`, …).
            pub fn authorization_param(mut self, key: &str, value: &str) -> Self {
                let params = self
                    .body
                    .entry("authorization_params")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(m) = params {
                    m.insert(key.into(), value.into());
                }
                self
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let keys: Vec<&String> = self.body.keys().collect();
                f.debug_struct(stringify!($t))
                    .field("fields", &keys)
                    .finish()
            }
        }
    };
}

/// The body of [`AdminCustomProviders::create_provider`].
///
/// ```
/// use supabase_core::auth::CreateCustomProviderParams;
/// let p = CreateCustomProviderParams::oidc("custom:acme", "Acme SSO", "client-id", "s3cret", "https://id.acme.example")
///     .scopes(["openid", "email"])
///     .authorization_param("prompt", "login");
/// assert!(!format!("{p:?}").contains("s3cret"));
/// ```
#[derive(Clone)]
#[must_use]
pub struct CreateCustomProviderParams {
    body: Map<String, Value>,
}

impl CreateCustomProviderParams {
    fn base(
        provider_type: CustomProviderType,
        identifier: &str,
        name: &str,
        client_id: &str,
        client_secret: &str,
    ) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("provider_type".into(), provider_type.as_str().into());
        body.insert("identifier".into(), identifier.into());
        body.insert("name".into(), name.into());
        body.insert("client_id".into(), client_id.into());
        body.insert("client_secret".into(), client_secret.into());
        body
    }

    /// An OIDC provider; the server fetches `{issuer}/.well-known/openid-configuration`.
    pub fn oidc(
        identifier: &str,
        name: &str,
        client_id: &str,
        client_secret: &str,
        issuer: &str,
    ) -> Self {
        let mut body = Self::base(
            CustomProviderType::Oidc,
            identifier,
            name,
            client_id,
            client_secret,
        );
        body.insert("issuer".into(), issuer.into());
        CreateCustomProviderParams { body }
    }

    /// A plain OAuth2 provider with its three endpoints (HTTPS, not loopback).
    pub fn oauth2(
        identifier: &str,
        name: &str,
        client_id: &str,
        client_secret: &str,
        endpoints: [&str; 3],
    ) -> Self {
        let mut body = Self::base(
            CustomProviderType::Oauth2,
            identifier,
            name,
            client_id,
            client_secret,
        );
        let [authorization_url, token_url, userinfo_url] = endpoints;
        body.insert("authorization_url".into(), authorization_url.into());
        body.insert("token_url".into(), token_url.into());
        body.insert("userinfo_url".into(), userinfo_url.into());
        CreateCustomProviderParams { body }
    }
}

/// The body of [`AdminCustomProviders::update_provider`]: only the fields set are sent.
///
/// ```
/// use supabase_core::auth::UpdateCustomProviderParams;
/// let p = UpdateCustomProviderParams::new().name("Acme").enabled(false);
/// # let _ = p;
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct UpdateCustomProviderParams {
    body: Map<String, Value>,
}

impl UpdateCustomProviderParams {
    /// Nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    body_setters! {
        /// A new display name.
        name: &str,
        /// A new client id.
        client_id: &str,
        /// A new client secret.
        client_secret: &str,
        /// OIDC: a new issuer (the discovery document is fetched again).
        issuer: &str,
        /// OAuth2: a new authorization endpoint.
        authorization_url: &str,
        /// OAuth2: a new token endpoint.
        token_url: &str,
        /// OAuth2: a new userinfo endpoint.
        userinfo_url: &str,
    }
}

shared_setters!(CreateCustomProviderParams);
shared_setters!(UpdateCustomProviderParams);

/// The custom provider admin API, from [`Admin::custom_providers`].
///
/// ```no_run
/// # async fn run(admin_client: supabase_core::Client) -> Result<(), supabase_core::Error> {
/// use supabase_core::auth::{CreateCustomProviderParams, CustomProviderType};
/// let providers = admin_client.auth().admin().custom_providers();
/// providers
///     .create_provider(CreateCustomProviderParams::oidc(
///         "custom:acme", "Acme", "client-id", "secret", "https://id.acme.example",
///     ))
///     .await?;
/// for p in providers.list_providers(Some(CustomProviderType::Oidc)).await? {
///     println!("{} {}", p.identifier, p.enabled);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AdminCustomProviders {
    auth: Auth,
}

impl Admin {
    /// The custom OAuth/OIDC provider API.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "service-key").unwrap();
    /// let providers = client.auth().admin().custom_providers();
    /// # let _ = providers;
    /// ```
    pub fn custom_providers(&self) -> AdminCustomProviders {
        AdminCustomProviders {
            auth: self.auth().clone(),
        }
    }
}

/// The identifier as a path segment: kept as is apart from characters that would change the
/// path or query (auth-js puts it in verbatim; the server wants the literal `custom:`).
fn identifier_segment(identifier: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'/')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'\\')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    percent_encoding::utf8_percent_encode(identifier, SET).to_string()
}

impl AdminCustomProviders {
    /// The providers (`GET /admin/custom-providers`, `?type=` when given).
    pub async fn list_providers(
        &self,
        provider_type: Option<CustomProviderType>,
    ) -> Result<Vec<CustomProvider>, Error> {
        let mut call = Call::new(Method::GET, "admin/custom-providers");
        if let Some(t) = provider_type {
            call = call.query("type", t.as_str());
        }
        #[derive(Deserialize)]
        struct Body {
            #[serde(default)]
            providers: Option<Vec<CustomProvider>>,
        }
        let body: Body = self.auth.inner.send(call).await?.json()?;
        Ok(body.providers.unwrap_or_default())
    }

    /// Creates a provider (`POST /admin/custom-providers`, answered 201). For OIDC the
    /// server fetches and checks the discovery document first (`validation_failed` when it
    /// cannot).
    pub async fn create_provider(
        &self,
        params: CreateCustomProviderParams,
    ) -> Result<CustomProvider, Error> {
        let call =
            Call::new(Method::POST, "admin/custom-providers").body(Value::Object(params.body));
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// A provider by identifier (`GET /admin/custom-providers/{identifier}`).
    pub async fn get_provider(&self, identifier: &str) -> Result<CustomProvider, Error> {
        let path = format!("admin/custom-providers/{}", identifier_segment(identifier));
        Ok(self
            .auth
            .inner
            .send(Call::new(Method::GET, &path))
            .await?
            .json()?)
    }

    /// Changes a provider (`PUT /admin/custom-providers/{identifier}`).
    pub async fn update_provider(
        &self,
        identifier: &str,
        params: UpdateCustomProviderParams,
    ) -> Result<CustomProvider, Error> {
        let path = format!("admin/custom-providers/{}", identifier_segment(identifier));
        let call = Call::new(Method::PUT, &path).body(Value::Object(params.body));
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// Deletes a provider (`DELETE /admin/custom-providers/{identifier}`, answered 204).
    pub async fn delete_provider(&self, identifier: &str) -> Result<(), Error> {
        let path = format!("admin/custom-providers/{}", identifier_segment(identifier));
        self.auth
            .inner
            .send(Call::new(Method::DELETE, &path))
            .await?;
        Ok(())
    }
}
