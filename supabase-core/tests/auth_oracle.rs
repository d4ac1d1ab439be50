//! Cross-check with the official auth-js (2.112.2, `tools/node/auth-oracle.mjs`): our client
//! runs a scenario of the newer Auth calls against the GoTrue fake (OAuth 2.1 server admin
//! and consent calls, custom providers, passkeys, WebAuthn MFA, the assurance level of a
//! given JWT, the `custom:` OAuth URL); auth-js then runs the same calls with the same ids
//! and session through a capturing `fetch`. Method, path, decoded query pairs, the headers
//! that matter (`apikey`, `Authorization`, `Content-Type`, `X-Supabase-Api-Version`) and the
//! JSON body must be identical, request by request.

#![cfg(feature = "auth")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod auth_support;

use std::path::PathBuf;

use auth_support::webauthn::{SoftAuthenticator, RP_ID, RP_ORIGIN};
use auth_support::{FakeGoTrue, Logged, ANON_KEY, SERVICE_KEY};
use serde_json::{json, Value};
use supabase_core::auth::*;
use supabase_core::Client;

fn client(fake: &FakeGoTrue, key: &str) -> Client {
    Client::builder(fake.project_url(), key)
        .auth_options(AuthOptions::new().auto_refresh(false))
        .build()
        .unwrap()
}

fn node_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/node")
}

const HEADERS: [&str; 4] = [
    "apikey",
    "authorization",
    "content-type",
    "x-supabase-api-version",
];

fn as_json(l: &Logged) -> Value {
    let query: Vec<Value> = l
        .query
        .as_deref()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| json!([k, v]))
                .collect()
        })
        .unwrap_or_default();
    let mut headers = serde_json::Map::new();
    for h in HEADERS {
        if let Some(v) = l.header(h) {
            headers.insert(h.into(), json!(v));
        }
    }
    json!({
        "method": l.method.as_str(),
        "path": l.path,
        "query": query,
        "headers": headers,
        "body": l.body.clone().unwrap_or(Value::Null),
    })
}

struct Scenario {
    steps: Vec<Value>,
}

impl Scenario {
    fn step(&mut self, op: &str, args: Value) {
        self.steps.push(json!({"op": op, "args": args}));
    }
}

#[tokio::test]
async fn newer_auth_calls_send_what_auth_js_sends() {
    let fake = FakeGoTrue::start().await;
    let user_id = fake.add_user("ann@example.com", "correct-horse-battery");
    let c = client(&fake, ANON_KEY);
    c.auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "ann@example.com",
            "correct-horse-battery",
        ))
        .await
        .unwrap();
    let session = c.auth().get_session().await.unwrap().unwrap();
    let admin = client(&fake, SERVICE_KEY);
    let other = client(&fake, ANON_KEY);
    let start = fake.log().len();
    let mut s = Scenario { steps: Vec::new() };

    // OAuth URL for a custom provider (no request).
    let oauth_url = c
        .auth()
        .sign_in_with_oauth(SignInWithOAuthCredentials::custom("acme"))
        .await
        .unwrap()
        .url;
    s.step(
        "signInWithOAuth",
        json!([{"provider": "custom:acme", "options": {"skipBrowserRedirect": true}}]),
    );

    // Admin: OAuth clients.
    let oauth = admin.auth().admin().oauth();
    let created = oauth
        .create_client(
            CreateOAuthClientParams::new(["https://tool.example.com/cb"]).client_name("Tool"),
        )
        .await
        .unwrap();
    s.step(
        "admin.oauth.createClient",
        json!([{"redirect_uris": ["https://tool.example.com/cb"], "client_name": "Tool"}]),
    );
    let id = created.client_id.clone();
    oauth.list_clients(Some(1), Some(10)).await.unwrap();
    s.step(
        "admin.oauth.listClients",
        json!([{"page": 1, "perPage": 10}]),
    );
    oauth.get_client(&id).await.unwrap();
    s.step("admin.oauth.getClient", json!([id]));
    oauth
        .update_client(&id, UpdateOAuthClientParams::new().client_name("Renamed"))
        .await
        .unwrap();
    s.step(
        "admin.oauth.updateClient",
        json!([id, {"client_name": "Renamed"}]),
    );
    oauth.regenerate_client_secret(&id).await.unwrap();
    s.step("admin.oauth.regenerateClientSecret", json!([id]));

    // Admin: custom providers.
    let providers = admin.auth().admin().custom_providers();
    let urls = [
        "https://git.example.com/authorize",
        "https://git.example.com/token",
        "https://git.example.com/user",
    ];
    providers
        .create_provider(CreateCustomProviderParams::oauth2(
            "custom:git",
            "Git",
            "cid",
            "csecret",
            urls,
        ))
        .await
        .unwrap();
    s.step(
        "admin.customProviders.createProvider",
        json!([{"provider_type": "oauth2", "identifier": "custom:git", "name": "Git", "client_id": "cid",
            "client_secret": "csecret", "authorization_url": urls[0], "token_url": urls[1], "userinfo_url": urls[2]}]),
    );
    providers
        .list_providers(Some(CustomProviderType::Oauth2))
        .await
        .unwrap();
    s.step(
        "admin.customProviders.listProviders",
        json!([{"type": "oauth2"}]),
    );
    providers.get_provider("custom:git").await.unwrap();
    s.step("admin.customProviders.getProvider", json!(["custom:git"]));
    providers
        .update_provider(
            "custom:git",
            UpdateCustomProviderParams::new().name("Git 2"),
        )
        .await
        .unwrap();
    s.step(
        "admin.customProviders.updateProvider",
        json!(["custom:git", {"name": "Git 2"}]),
    );
    providers.delete_provider("custom:git").await.unwrap();
    s.step(
        "admin.customProviders.deleteProvider",
        json!(["custom:git"]),
    );

    // The user's consent flow.
    let authz = fake
        .start_authorization(&id, "https://tool.example.com/cb", "email", "s")
        .unwrap();
    let consent = c.auth().oauth();
    consent.get_authorization_details(&authz).await.unwrap();
    s.step("oauth.getAuthorizationDetails", json!([authz]));
    consent.approve_authorization(&authz).await.unwrap();
    s.step(
        "oauth.approveAuthorization",
        json!([authz, {"skipBrowserRedirect": true}]),
    );
    let second = fake
        .start_authorization(&id, "https://tool.example.com/cb", "openid phone", "")
        .unwrap();
    consent.get_authorization_details(&second).await.unwrap();
    s.step("oauth.getAuthorizationDetails", json!([second]));
    consent.deny_authorization(&second).await.unwrap();
    s.step(
        "oauth.denyAuthorization",
        json!([second, {"skipBrowserRedirect": true}]),
    );
    consent.list_grants().await.unwrap();
    s.step("oauth.listGrants", json!([]));
    consent.revoke_grant(&id).await.unwrap();
    s.step("oauth.revokeGrant", json!([{"clientId": id}]));

    // Passkeys.
    let mut key = SoftAuthenticator::default();
    let passkeys = c.auth().passkey();
    let reg = passkeys.start_registration().await.unwrap();
    s.step("passkey.startRegistration", json!([]));
    let credential = key.register(&reg.options.challenge, b"oracle-key");
    let added = passkeys
        .verify_registration(
            &reg.challenge_id,
            &serde_json::from_value(credential.clone()).unwrap(),
        )
        .await
        .unwrap();
    s.step(
        "passkey.verifyRegistration",
        json!([{"challengeId": reg.challenge_id, "credential": credential}]),
    );
    passkeys.list().await.unwrap();
    s.step("passkey.list", json!([]));
    passkeys.update(&added.id, "Laptop").await.unwrap();
    s.step(
        "passkey.update",
        json!([{"passkeyId": added.id, "friendlyName": "Laptop"}]),
    );
    // A second passkey, removed by an admin.
    let reg2 = passkeys.start_registration().await.unwrap();
    s.step("passkey.startRegistration", json!([]));
    let credential2 = key.register(&reg2.options.challenge, b"oracle-key-2");
    let added2 = passkeys
        .verify_registration(
            &reg2.challenge_id,
            &serde_json::from_value(credential2.clone()).unwrap(),
        )
        .await
        .unwrap();
    s.step(
        "passkey.verifyRegistration",
        json!([{"challengeId": reg2.challenge_id, "credential": credential2}]),
    );
    admin
        .auth()
        .admin()
        .passkey()
        .delete_passkey(&user_id, &added2.id)
        .await
        .unwrap();
    s.step(
        "admin.passkey.deletePasskey",
        json!([{"userId": user_id, "passkeyId": added2.id}]),
    );
    other
        .auth()
        .passkey()
        .start_authentication(Some("captcha-1"))
        .await
        .unwrap();
    s.step(
        "passkey.startAuthentication",
        json!([{"options": {"captchaToken": "captcha-1"}}]),
    );
    let login = other
        .auth()
        .passkey()
        .start_authentication(None)
        .await
        .unwrap();
    s.step("passkey.startAuthentication", json!([]));
    let assertion = key.assert(&login.options.challenge, b"oracle-key", Some(&user_id));
    other
        .auth()
        .passkey()
        .verify_authentication(
            &login.challenge_id,
            &serde_json::from_value(assertion.clone()).unwrap(),
        )
        .await
        .unwrap();
    s.step(
        "passkey.verifyAuthentication",
        json!([{"challengeId": login.challenge_id, "credential": assertion}]),
    );
    admin
        .auth()
        .admin()
        .passkey()
        .list_passkeys(&user_id)
        .await
        .unwrap();
    s.step("admin.passkey.listPasskeys", json!([{"userId": user_id}]));
    passkeys.delete(&added.id).await.unwrap();
    s.step("passkey.delete", json!([{"passkeyId": added.id}]));
    oauth.delete_client(&id).await.unwrap();
    s.step("admin.oauth.deleteClient", json!([id]));

    // WebAuthn MFA and the assurance level of a given token; verify last (auth-js saves the
    // session it answers).
    let mfa = c.auth().mfa();
    let factor = mfa
        .enroll(MfaEnrollParams::webauthn().friendly_name("Key"))
        .await
        .unwrap();
    s.step(
        "mfa.enroll",
        json!([{"factorType": "webauthn", "friendlyName": "Key"}]),
    );
    let rp = WebAuthnRelyingParty::new(RP_ID).origin(RP_ORIGIN);
    let ch = mfa.challenge_webauthn(&factor.id, &rp).await.unwrap();
    s.step(
        "mfa.challenge",
        json!([{"factorId": factor.id, "webauthn": {"rpId": RP_ID, "rpOrigins": [RP_ORIGIN]}}]),
    );
    mfa.get_authenticator_assurance_level(Some(&session.access_token))
        .await
        .unwrap();
    s.step(
        "mfa.getAuthenticatorAssuranceLevel",
        json!([session.access_token]),
    );
    let WebAuthnCredentialOptions::Create(options) = &ch.options else {
        panic!("expected creation options")
    };
    let mfa_credential = key.register(&options.challenge, b"oracle-mfa");
    mfa.verify_webauthn(
        &factor.id,
        &ch.id,
        &rp,
        &WebAuthnCredential::Create(serde_json::from_value(mfa_credential.clone()).unwrap()),
    )
    .await
    .unwrap();
    s.step(
        "mfa.verify",
        json!([{"factorId": factor.id, "challengeId": ch.id,
            "webauthn": {"rpId": RP_ID, "rpOrigins": [RP_ORIGIN], "type": "create", "credential_response": mfa_credential}}]),
    );
    fake.assert_clean();

    // auth-js, same steps.
    let input = json!({
        "url": format!("{}auth/v1", fake.project_url()),
        "anonKey": ANON_KEY,
        "serviceKey": SERVICE_KEY,
        "session": session,
        "steps": s.steps,
    });
    let mut child = tokio::process::Command::new("node")
        .arg(node_dir().join("auth-oracle.mjs"))
        .current_dir(node_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node must be installed (scripts/install-deps)");
    {
        use tokio::io::AsyncWriteExt;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.to_string().as_bytes()).await.unwrap();
    }
    let out = child.wait_with_output().await.unwrap();
    assert!(
        out.status.success(),
        "auth-js oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let js: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(js["urls"], json!([oauth_url.as_str()]));
    let theirs = js["requests"].as_array().unwrap().clone();
    let ours: Vec<Value> = fake.log()[start..].iter().map(as_json).collect();
    for (i, (a, b)) in theirs.iter().zip(&ours).enumerate() {
        assert_eq!(a, b, "request {i} differs (left auth-js, right ours)");
    }
    assert_eq!(theirs.len(), ours.len(), "request counts differ");
    assert_eq!(ours.len(), 33);
}
