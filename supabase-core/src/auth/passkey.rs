//! Passkeys: `auth.passkey()` (register, sign in, list, rename, delete) and
//! `auth.admin().passkey()` (a user's passkeys, for a service-role key).
//!
//! Each ceremony is two calls: the server's options (with a `challenge_id` that expires),
//! then the authenticator's answer ([`RegistrationCredential`] /
//! [`AuthenticationCredential`], see [`crate::auth`]'s WebAuthn types). Signing in with a
//! passkey saves the session and emits SIGNED_IN. auth-js keeps these behind
//! `experimental.passkey`; the server itself has a `passkey_disabled` error for projects
//! without them.

use chrono::{DateTime, Utc};
use http::Method;
use serde::Deserialize;
use serde_json::json;

use super::admin::{check_uuid, Admin};
use super::client::Auth;
use super::events::AuthChangeEvent;
use super::http::{segment, Call};
use super::types::AuthResponse;
use super::webauthn::{
    AuthenticationCredential, CredentialCreationOptions, CredentialRequestOptions,
    RegistrationCredential,
};
use crate::Error;

/// The options to register a passkey with.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[non_exhaustive]
pub struct PasskeyRegistrationOptions {
    /// The id to verify against.
    pub challenge_id: String,
    /// For the authenticator.
    pub options: CredentialCreationOptions,
    /// When the challenge expires (Unix seconds).
    pub expires_at: i64,
}

/// The options to sign in with a passkey.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[non_exhaustive]
pub struct PasskeyAuthenticationOptions {
    /// The id to verify against.
    pub challenge_id: String,
    /// For the authenticator.
    pub options: CredentialRequestOptions,
    /// When the challenge expires (Unix seconds).
    pub expires_at: i64,
}

/// A newly registered passkey.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct PasskeyMetadata {
    /// The passkey id.
    pub id: String,
    /// The name the server gave it (from the authenticator model).
    #[serde(default)]
    pub friendly_name: Option<String>,
    /// Created at.
    pub created_at: DateTime<Utc>,
}

/// A passkey of the user.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct PasskeyListItem {
    /// The passkey id.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub friendly_name: Option<String>,
    /// Created at.
    pub created_at: DateTime<Utc>,
    /// Last used to sign in.
    #[serde(default)]
    pub last_used_at: Option<DateTime<Utc>>,
}

/// The passkey API, from [`Auth::passkey`].
///
/// ```no_run
/// # async fn run(client: supabase_core::Client,
/// #     authenticator: impl Fn(&supabase_core::auth::CredentialCreationOptions) -> supabase_core::auth::RegistrationCredential,
/// # ) -> Result<(), supabase_core::Error> {
/// let passkeys = client.auth().passkey();
/// let start = passkeys.start_registration().await?;
/// let credential = authenticator(&start.options); // the platform's WebAuthn API
/// let added = passkeys.verify_registration(&start.challenge_id, &credential).await?;
/// passkeys.update(&added.id, "Work laptop").await?;
/// for p in passkeys.list().await? {
///     println!("{} {:?}", p.id, p.last_used_at);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Passkey {
    auth: Auth,
}

impl Auth {
    /// The passkey API.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let passkeys = client.auth().passkey();
    /// # let _ = passkeys;
    /// ```
    pub fn passkey(&self) -> Passkey {
        Passkey { auth: self.clone() }
    }
}

impl Passkey {
    /// Starts registering a passkey for the signed-in user
    /// (`POST /passkeys/registration/options`, body `{}`).
    pub async fn start_registration(&self) -> Result<PasskeyRegistrationOptions, Error> {
        let token = self.auth.access_token().await?;
        let call = Call::new(Method::POST, "passkeys/registration/options")
            .jwt(&token)
            .body(json!({}));
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// Finishes the registration with the authenticator's answer
    /// (`POST /passkeys/registration/verify` with `{challenge_id, credential}`).
    pub async fn verify_registration(
        &self,
        challenge_id: &str,
        credential: &RegistrationCredential,
    ) -> Result<PasskeyMetadata, Error> {
        let token = self.auth.access_token().await?;
        let call = Call::new(Method::POST, "passkeys/registration/verify")
            .jwt(&token)
            .json_body(&json!({ "challenge_id": challenge_id, "credential": credential }))?;
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// Starts signing in with a passkey (`POST /passkeys/authentication/options`, no session
    /// needed); a captcha token goes in `gotrue_meta_security`.
    pub async fn start_authentication(
        &self,
        captcha_token: Option<&str>,
    ) -> Result<PasskeyAuthenticationOptions, Error> {
        let meta = match captcha_token {
            Some(t) => json!({ "captcha_token": t }),
            None => json!({}),
        };
        let call = Call::new(Method::POST, "passkeys/authentication/options")
            .body(json!({ "gotrue_meta_security": meta }));
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// Signs in with the authenticator's answer (`POST /passkeys/authentication/verify`);
    /// the session is saved (SIGNED_IN).
    pub async fn verify_authentication(
        &self,
        challenge_id: &str,
        credential: &AuthenticationCredential,
    ) -> Result<AuthResponse, Error> {
        let call = Call::new(Method::POST, "passkeys/authentication/verify")
            .json_body(&json!({ "challenge_id": challenge_id, "credential": credential }))?;
        Ok(self
            .auth
            .inner
            .grant(call, AuthChangeEvent::SignedIn)
            .await?)
    }

    /// The user's passkeys (`GET /passkeys`).
    pub async fn list(&self) -> Result<Vec<PasskeyListItem>, Error> {
        let token = self.auth.access_token().await?;
        let call = Call::new(Method::GET, "passkeys").jwt(&token);
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// Renames a passkey (`PATCH /passkeys/{id}` with `{friendly_name}`, at most 120
    /// characters).
    pub async fn update(
        &self,
        passkey_id: &str,
        friendly_name: &str,
    ) -> Result<PasskeyListItem, Error> {
        let token = self.auth.access_token().await?;
        let path = format!("passkeys/{}", segment(passkey_id));
        let call = Call::new(Method::PATCH, &path)
            .jwt(&token)
            .body(json!({ "friendly_name": friendly_name }));
        Ok(self.auth.inner.send(call).await?.json()?)
    }

    /// Deletes a passkey (`DELETE /passkeys/{id}`, answered 204).
    pub async fn delete(&self, passkey_id: &str) -> Result<(), Error> {
        let token = self.auth.access_token().await?;
        let path = format!("passkeys/{}", segment(passkey_id));
        self.auth
            .inner
            .send(Call::new(Method::DELETE, &path).jwt(&token))
            .await?;
        Ok(())
    }
}

/// A user's passkeys for an admin, from [`Admin::passkey`].
///
/// ```no_run
/// # async fn run(admin_client: supabase_core::Client, user_id: &str) -> Result<(), supabase_core::Error> {
/// let admin = admin_client.auth().admin().passkey();
/// for p in admin.list_passkeys(user_id).await? {
///     admin.delete_passkey(user_id, &p.id).await?;
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AdminPasskey {
    auth: Auth,
}

impl Admin {
    /// The passkey admin API.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "service-key").unwrap();
    /// let passkeys = client.auth().admin().passkey();
    /// # let _ = passkeys;
    /// ```
    pub fn passkey(&self) -> AdminPasskey {
        AdminPasskey {
            auth: self.auth().clone(),
        }
    }
}

impl AdminPasskey {
    /// A user's passkeys (`GET /admin/users/{user_id}/passkeys`).
    pub async fn list_passkeys(&self, user_id: &str) -> Result<Vec<PasskeyListItem>, Error> {
        check_uuid(user_id, "user id")?;
        let path = format!("admin/users/{}/passkeys", segment(user_id));
        Ok(self
            .auth
            .inner
            .send(Call::new(Method::GET, &path))
            .await?
            .json()?)
    }

    /// Deletes a user's passkey (`DELETE /admin/users/{user_id}/passkeys/{passkey_id}`).
    pub async fn delete_passkey(&self, user_id: &str, passkey_id: &str) -> Result<(), Error> {
        check_uuid(user_id, "user id")?;
        check_uuid(passkey_id, "passkey id")?;
        let path = format!(
            "admin/users/{}/passkeys/{}",
            segment(user_id),
            segment(passkey_id)
        );
        self.auth
            .inner
            .send(Call::new(Method::DELETE, &path))
            .await?;
        Ok(())
    }
}
