//! Supabase Auth (GoTrue): `client.auth()`.
//!
//! The wire format follows auth-js (fact sheet §2): `{project}/auth/v1`, `apikey` and
//! `Authorization: Bearer <key>` on every call (the user's access token on calls made for the
//! user), `X-Supabase-Api-Version: 2024-01-01`, JSON bodies with `gotrue_meta_security`, and
//! `redirect_to` as a query parameter (in the body for SSO).
//!
//! The session is kept in a [`SessionStore`] ([`MemoryStore`] by default, [`FileStore`] to
//! survive restarts) under `sb-<project>-auth-token`, refreshed in the background (a tick every
//! 30 s refreshes when less than 120 s remain; [`Auth::get_session`] refreshes within 90 s of
//! expiry), one refresh at a time: concurrent callers share one refresh grant, a failed refresh
//! token is not retried for 60 s, and a transient failure never signs the user out. Changes are
//! announced as [`AuthEvent`]s. Once signed in, the client's PostgREST, Storage and Functions
//! requests carry the user's access token.
//!
//! Secrets (tokens, passwords, keys, OTPs) never appear in `Debug` or `Display` output.
//!
//! ```no_run
//! # async fn run() -> Result<(), supabase_core::Error> {
//! use futures_util::StreamExt;
//! use supabase_core::Client;
//! use supabase_core::auth::{AuthChangeEvent, SignInWithPasswordCredentials};
//!
//! let client = Client::new("https://xyz.supabase.co", "anon-key")?;
//! let mut events = client.auth().on_auth_state_change().await;
//! client
//!     .auth()
//!     .sign_in_with_password(SignInWithPasswordCredentials::email("ann@example.com", "pw"))
//!     .await?;
//! while let Some(e) = events.next().await {
//!     if e.event == AuthChangeEvent::SignedIn { break; }
//! }
//! # Ok(()) }
//! ```

mod admin;
mod admin_oauth;
mod body;
mod claims;
mod client;
mod custom_providers;
mod error;
mod events;
mod flows;
mod http;
mod inner;
mod jwks;
mod mfa;
mod mfa_webauthn;
mod oauth_server;
mod options;
mod params;
mod passkey;
mod pkce;
mod refresh;
mod store;
mod time;
mod types;
mod webauthn;

pub use admin::{
    Admin, AdminMfa, AdminUserAttributes, GenerateLinkParams, GenerateLinkResponse,
    GenerateLinkType, LinkProperties, UserList,
};
pub use admin_oauth::{
    AdminOAuth, CreateOAuthClientParams, OAuthClient, OAuthClientList, UpdateOAuthClientParams,
};
pub use claims::{GetClaimsOptions, JwtClaims};
pub use client::Auth;
pub use custom_providers::{
    AdminCustomProviders, CreateCustomProviderParams, CustomProvider, CustomProviderType,
    UpdateCustomProviderParams,
};
pub use error::{AuthError, AuthErrorKind, ErrorCode, WeakPasswordReason};
pub use events::{AuthChangeEvent, AuthEvent, AuthSubscription, CallbackSubscription};
pub use jsonwebtoken::jwk::JwkSet;
pub use mfa::{
    AssuranceLevel, AuthenticatorAssurance, Challenge, EnrolledFactor, FactorList, Mfa,
    MfaEnrollParams, TotpDetails,
};
pub use mfa_webauthn::{
    WebAuthnChallenge, WebAuthnCredential, WebAuthnCredentialOptions, WebAuthnRelyingParty,
};
pub use oauth_server::{
    AuthorizationDetails, OAuthAuthorizationClient, OAuthAuthorizationDetails,
    OAuthAuthorizationUser, OAuthGrant, OAuthRedirect, OAuthServer,
};
pub use options::{AuthOptions, FlowType};
pub use params::{
    EmailOtpType, MobileOtpType, OtpChannel, ResendParams, ResendType, ResetPasswordOptions,
    SignInAnonymouslyCredentials, SignInWithIdTokenCredentials, SignInWithOAuthCredentials,
    SignInWithOtpCredentials, SignInWithPasswordCredentials, SignInWithSsoCredentials,
    SignInWithWeb3Credentials, SignOutScope, SignUpCredentials, UserAttributes, VerifyOtpParams,
    Web3Chain,
};
pub use passkey::{
    AdminPasskey, Passkey, PasskeyAuthenticationOptions, PasskeyListItem, PasskeyMetadata,
    PasskeyRegistrationOptions,
};
pub use store::{FileStore, MemoryStore, SessionStore, StoreFuture};
pub use types::{
    AuthResponse, Factor, Identity, OAuthResponse, OtpResponse, Session, User, WeakPassword,
};
pub use webauthn::{
    AssertionResponse, AttestationResponse, AuthenticationCredential, AuthenticatorSelection,
    CredentialCreationOptions, CredentialDescriptor, CredentialParameter, CredentialRequestOptions,
    RegistrationCredential, RelyingParty, UserEntity,
};
