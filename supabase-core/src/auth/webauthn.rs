//! WebAuthn in its JSON form, shared by passkeys and WebAuthn MFA factors.
//!
//! The server hands out `PublicKeyCredentialCreationOptions` / `…RequestOptions` with the
//! binary fields (challenge, user id, credential ids) as base64url text, and takes back the
//! authenticator's answer in the W3C `toJSON()` form (`id`, `rawId`, `type`,
//! `response.{clientDataJSON, attestationObject | authenticatorData, signature, userHandle}`,
//! `clientExtensionResults`, `authenticatorAttachment`). There is no browser here: the caller
//! passes the options to an authenticator (a platform API, a security-key library, a browser
//! through its own front end) and hands its answer back. auth-js's `register()` /
//! `signInWithPasskey()` wrappers, which call `navigator.credentials`, have no counterpart.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The relying party in creation options.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct RelyingParty {
    /// The RP id (a domain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The display name.
    #[serde(default)]
    pub name: String,
}

/// The user in creation options.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserEntity {
    /// The user handle (base64url).
    pub id: String,
    /// The account name.
    #[serde(default)]
    pub name: String,
    /// The name to show.
    #[serde(default)]
    pub display_name: String,
}

/// An acceptable key type: `{"type":"public-key","alg":-7}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct CredentialParameter {
    /// Always `public-key`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A COSE algorithm (-7 ES256, -257 RS256, -8 EdDSA).
    pub alg: i64,
}

/// A credential named in `excludeCredentials` / `allowCredentials`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct CredentialDescriptor {
    /// Always `public-key`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The credential id (base64url).
    pub id: String,
    /// `usb`, `nfc`, `ble`, `internal`, `hybrid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transports: Option<Vec<String>>,
}

/// What kind of authenticator the server wants.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthenticatorSelection {
    /// `platform` or `cross-platform`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_attachment: Option<String>,
    /// Whether a discoverable credential is required (legacy flag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_resident_key: Option<bool>,
    /// `discouraged`, `preferred` or `required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_key: Option<String>,
    /// `discouraged`, `preferred` or `required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_verification: Option<String>,
}

/// `PublicKeyCredentialCreationOptions` (registering a credential).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CredentialCreationOptions {
    /// The relying party.
    pub rp: RelyingParty,
    /// The user.
    pub user: UserEntity,
    /// The challenge (base64url); the authenticator signs it.
    pub challenge: String,
    /// Acceptable key types, most preferred first.
    #[serde(default)]
    pub pub_key_cred_params: Vec<CredentialParameter>,
    /// Milliseconds the ceremony may take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    /// Credentials the user already has (do not register them again).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_credentials: Vec<CredentialDescriptor>,
    /// Authenticator requirements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_selection: Option<AuthenticatorSelection>,
    /// Hints (`security-key`, `client-device`, `hybrid`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
    /// `none`, `indirect`, `direct` or `enterprise`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<String>,
    /// Acceptable attestation formats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attestation_formats: Vec<String>,
    /// Extensions, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Value>,
}

/// `PublicKeyCredentialRequestOptions` (signing in with a credential).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CredentialRequestOptions {
    /// The challenge (base64url).
    pub challenge: String,
    /// Milliseconds the ceremony may take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    /// The RP id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rp_id: Option<String>,
    /// The credentials that may answer (empty: any discoverable credential).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_credentials: Vec<CredentialDescriptor>,
    /// `discouraged`, `preferred` or `required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_verification: Option<String>,
    /// Hints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
    /// Extensions, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Value>,
}

/// `response` of a registration.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AttestationResponse {
    /// The client data (base64url of its JSON).
    #[serde(rename = "clientDataJSON")]
    pub client_data_json: String,
    /// The attestation object (base64url of its CBOR).
    pub attestation_object: String,
    /// The authenticator's transports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transports: Option<Vec<String>>,
}

/// `response` of an authentication.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AssertionResponse {
    /// The client data (base64url of its JSON).
    #[serde(rename = "clientDataJSON")]
    pub client_data_json: String,
    /// The authenticator data (base64url).
    pub authenticator_data: String,
    /// The signature over authenticator data and the client data hash (base64url).
    pub signature: String,
    /// The user handle (base64url), for discoverable credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_handle: Option<String>,
}

/// A new credential from an authenticator, in its JSON form.
///
/// ```
/// use supabase_core::auth::RegistrationCredential;
/// let c = RegistrationCredential::new("Y3JlZA", "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0", "o2NmbXRk");
/// let json = serde_json::to_value(&c).unwrap();
/// assert_eq!(json["rawId"], "Y3JlZA");
/// assert_eq!(json["response"]["clientDataJSON"], "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0");
/// assert_eq!(json["clientExtensionResults"], serde_json::json!({}));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RegistrationCredential {
    /// The credential id (base64url).
    pub id: String,
    /// The same id (base64url).
    pub raw_id: String,
    /// Always `public-key`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The authenticator's answer.
    pub response: AttestationResponse,
    /// `platform` or `cross-platform`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_attachment: Option<String>,
    /// Extension results (`{}` when none).
    #[serde(default = "empty_object")]
    pub client_extension_results: Value,
}

impl RegistrationCredential {
    /// A credential from its id, client data and attestation object (all base64url).
    pub fn new(
        id: impl Into<String>,
        client_data_json: impl Into<String>,
        attestation_object: impl Into<String>,
    ) -> Self {
        let id = id.into();
        RegistrationCredential {
            raw_id: id.clone(),
            id,
            kind: "public-key".into(),
            response: AttestationResponse {
                client_data_json: client_data_json.into(),
                attestation_object: attestation_object.into(),
                transports: None,
            },
            authenticator_attachment: None,
            client_extension_results: empty_object(),
        }
    }
}

/// An authenticator's signature for a challenge, in its JSON form.
///
/// ```
/// use supabase_core::auth::AuthenticationCredential;
/// let c = AuthenticationCredential::new("Y3JlZA", "e30", "AAAA", "MEUC").user_handle("dXNlcg");
/// let json = serde_json::to_value(&c).unwrap();
/// assert_eq!(json["response"]["userHandle"], "dXNlcg");
/// ```
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthenticationCredential {
    /// The credential id (base64url).
    pub id: String,
    /// The same id (base64url).
    pub raw_id: String,
    /// Always `public-key`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The authenticator's answer.
    pub response: AssertionResponse,
    /// `platform` or `cross-platform`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_attachment: Option<String>,
    /// Extension results (`{}` when none).
    #[serde(default = "empty_object")]
    pub client_extension_results: Value,
}

impl AuthenticationCredential {
    /// An assertion from the credential id, client data, authenticator data and signature
    /// (all base64url).
    pub fn new(
        id: impl Into<String>,
        client_data_json: impl Into<String>,
        authenticator_data: impl Into<String>,
        signature: impl Into<String>,
    ) -> Self {
        let id = id.into();
        AuthenticationCredential {
            raw_id: id.clone(),
            id,
            kind: "public-key".into(),
            response: AssertionResponse {
                client_data_json: client_data_json.into(),
                authenticator_data: authenticator_data.into(),
                signature: signature.into(),
                user_handle: None,
            },
            authenticator_attachment: None,
            client_extension_results: empty_object(),
        }
    }

    /// The user handle (discoverable credentials return it).
    #[must_use]
    pub fn user_handle(mut self, handle: impl Into<String>) -> Self {
        self.response.user_handle = Some(handle.into());
        self
    }
}

fn empty_object() -> Value {
    Value::Object(serde_json::Map::new())
}
