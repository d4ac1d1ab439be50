//! Passkeys and WebAuthn MFA against the GoTrue fake, with a software authenticator
//! (`auth_support::webauthn`): the fake checks client data, RP id hash, attestation and the
//! ES256 signature as the server's WebAuthn library does. Includes the ugly answers: expired
//! and reused challenges, a wrong signature, a credential registered twice, too many
//! passkeys, names too long, a foreign passkey id. Every test ends with `fake.assert_clean()`.

#![cfg(feature = "auth")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod auth_support;

use auth_support::webauthn::{b64, SoftAuthenticator, RP_ID, RP_ORIGIN};
use auth_support::{FakeGoTrue, ANON_KEY, SERVICE_KEY};
use futures_util::StreamExt;
use serde_json::{json, Value};
use supabase_core::auth::*;
use supabase_core::{Client, Error};

fn client(fake: &FakeGoTrue, key: &str) -> Client {
    Client::builder(fake.project_url(), key)
        .auth_options(AuthOptions::new().auto_refresh(false))
        .build()
        .unwrap()
}

fn code_of(e: Error) -> (u16, String) {
    match e {
        Error::Auth(a) => (
            a.status(),
            a.code().map(|c| c.as_str().to_owned()).unwrap_or_default(),
        ),
        other => panic!("expected an auth error, got {other:?}"),
    }
}

async fn signed_in(fake: &FakeGoTrue, email: &str) -> (Client, String) {
    let id = fake.add_user(email, "correct-horse-battery");
    let c = client(fake, ANON_KEY);
    c.auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            email,
            "correct-horse-battery",
        ))
        .await
        .unwrap();
    (c, id)
}

fn reg(v: Value) -> RegistrationCredential {
    serde_json::from_value(v).unwrap()
}

fn assertion(v: Value) -> AuthenticationCredential {
    serde_json::from_value(v).unwrap()
}

#[tokio::test]
async fn passkey_register_sign_in_manage_and_admin() {
    let fake = FakeGoTrue::start().await;
    let (c, user_id) = signed_in(&fake, "ann@example.com").await;
    let passkeys = c.auth().passkey();
    let mut key = SoftAuthenticator::default();

    let start = passkeys.start_registration().await.unwrap();
    assert_eq!(
        fake.last("/auth/v1/passkeys/registration/options").body,
        Some(json!({}))
    );
    assert_eq!(start.options.rp.id.as_deref(), Some(RP_ID));
    assert_eq!(start.options.user.name, "ann@example.com");
    assert_eq!(start.options.pub_key_cred_params[0].alg, -7);
    let cred = reg(key.register(&start.options.challenge, b"cred-one"));
    let added = passkeys
        .verify_registration(&start.challenge_id, &cred)
        .await
        .unwrap();
    // The body carries the credential in its JSON form, as auth-js passes it.
    let body = fake
        .last("/auth/v1/passkeys/registration/verify")
        .body
        .unwrap();
    assert_eq!(body["challenge_id"], start.challenge_id.as_str());
    assert_eq!(body["credential"]["rawId"], b64(b"cred-one"));
    assert_eq!(body["credential"]["clientExtensionResults"], json!({}));

    // Registering the same authenticator credential again: excluded and refused.
    let again = passkeys.start_registration().await.unwrap();
    assert_eq!(again.options.exclude_credentials[0].id, b64(b"cred-one"));
    let e = passkeys
        .verify_registration(
            &again.challenge_id,
            &reg(key.register(&again.options.challenge, b"cred-one")),
        )
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (422, "webauthn_credential_exists".into()));

    // List, rename.
    let list = passkeys.list().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, added.id);
    assert_eq!(list[0].last_used_at, None);
    let renamed = passkeys.update(&added.id, "Work laptop").await.unwrap();
    assert_eq!(renamed.friendly_name.as_deref(), Some("Work laptop"));
    assert_eq!(
        fake.last(&format!("/auth/v1/passkeys/{}", added.id)).body,
        Some(json!({"friendly_name": "Work laptop"}))
    );
    let e = passkeys
        .update(&added.id, &"x".repeat(121))
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (400, "validation_failed".into()));
    let e = passkeys.update(&added.id, "").await.unwrap_err();
    assert_eq!(code_of(e), (400, "validation_failed".into()));
    let e = passkeys.update("not-a-uuid", "x").await.unwrap_err();
    assert_eq!(code_of(e), (404, "validation_failed".into()));

    // Sign in with it on another client: session saved, SIGNED_IN.
    let other = client(&fake, ANON_KEY);
    let mut events = other.auth().on_auth_state_change().await;
    assert_eq!(
        events.next().await.unwrap().event,
        AuthChangeEvent::InitialSession
    );
    let opts = other
        .auth()
        .passkey()
        .start_authentication(None)
        .await
        .unwrap();
    assert_eq!(
        fake.last("/auth/v1/passkeys/authentication/options").body,
        Some(json!({"gotrue_meta_security": {}}))
    );
    assert_eq!(opts.options.rp_id.as_deref(), Some(RP_ID));
    let signed = other
        .auth()
        .passkey()
        .verify_authentication(
            &opts.challenge_id,
            &assertion(key.assert(&opts.options.challenge, b"cred-one", Some(&user_id))),
        )
        .await
        .unwrap();
    assert_eq!(signed.user.unwrap().id, user_id);
    assert_eq!(
        events.next().await.unwrap().event,
        AuthChangeEvent::SignedIn
    );
    assert_eq!(
        other.auth().get_session().await.unwrap().unwrap().user.id,
        user_id
    );
    assert!(passkeys.list().await.unwrap()[0].last_used_at.is_some());

    // The captcha token goes in gotrue_meta_security.
    other
        .auth()
        .passkey()
        .start_authentication(Some("tok"))
        .await
        .unwrap();
    assert_eq!(
        fake.last("/auth/v1/passkeys/authentication/options").body,
        Some(json!({"gotrue_meta_security": {"captcha_token": "tok"}}))
    );

    // Admin: list and delete; ids are checked first.
    let admin = client(&fake, SERVICE_KEY).auth().admin().passkey();
    let listed = admin.list_passkeys(&user_id).await.unwrap();
    assert_eq!(listed[0].friendly_name.as_deref(), Some("Work laptop"));
    let before = fake.log().len();
    assert!(admin.delete_passkey(&user_id, "nope").await.is_err());
    assert_eq!(fake.log().len(), before);
    admin.delete_passkey(&user_id, &added.id).await.unwrap();
    assert!(passkeys.list().await.unwrap().is_empty());
    let e = passkeys.delete(&added.id).await.unwrap_err();
    assert_eq!(code_of(e), (404, "validation_failed".into()));
    fake.assert_clean();
}

#[tokio::test]
async fn passkey_ugly_answers() {
    let fake = FakeGoTrue::start().await;
    let (c, user_id) = signed_in(&fake, "ann@example.com").await;
    let passkeys = c.auth().passkey();
    let mut key = SoftAuthenticator::default();
    let start = passkeys.start_registration().await.unwrap();
    passkeys
        .verify_registration(
            &start.challenge_id,
            &reg(key.register(&start.options.challenge, b"k1")),
        )
        .await
        .unwrap();

    // Reusing a challenge: consumed on first use.
    let e = passkeys
        .verify_registration(
            &start.challenge_id,
            &reg(key.register(&start.options.challenge, b"k2")),
        )
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (400, "webauthn_challenge_not_found".into()));

    // An expired challenge.
    let late = passkeys.start_registration().await.unwrap();
    fake.expire_webauthn_challenge(&late.challenge_id);
    let e = passkeys
        .verify_registration(
            &late.challenge_id,
            &reg(key.register(&late.options.challenge, b"k3")),
        )
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (400, "webauthn_challenge_expired".into()));

    // A credential made for another challenge, or from another origin.
    let s1 = passkeys.start_registration().await.unwrap();
    let e = passkeys
        .verify_registration(&s1.challenge_id, &reg(key.register("b3RoZXI", b"k4")))
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (400, "webauthn_verification_failed".into()));
    let s2 = passkeys.start_registration().await.unwrap();
    let mut phish = SoftAuthenticator {
        origin: "https://app.example.com.evil.test".into(),
        ..SoftAuthenticator::default()
    };
    let e = passkeys
        .verify_registration(
            &s2.challenge_id,
            &reg(phish.register(&s2.options.challenge, b"k5")),
        )
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (400, "webauthn_verification_failed".into()));

    // Signing in: a tampered signature, an unknown credential, a challenge id that is not a UUID.
    let anon = client(&fake, ANON_KEY).auth().passkey();
    let o = anon.start_authentication(None).await.unwrap();
    let mut bad = key.assert(&o.options.challenge, b"k1", Some(&user_id));
    let sig = bad["response"]["signature"].as_str().unwrap().to_owned();
    let flipped = format!(
        "{}{}",
        &sig[..sig.len() - 2],
        if sig.ends_with("AA") { "AB" } else { "AA" }
    );
    bad["response"]["signature"] = json!(flipped);
    let e = anon
        .verify_authentication(&o.challenge_id, &assertion(bad))
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (400, "webauthn_verification_failed".into()));
    let o = anon.start_authentication(None).await.unwrap();
    let e = anon
        .verify_authentication(
            &o.challenge_id,
            &assertion(key.assert(&o.options.challenge, b"never-registered", Some(&user_id))),
        )
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (400, "webauthn_verification_failed".into()));
    let e = anon
        .verify_authentication("abc", &assertion(key.assert("x", b"k1", None)))
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (400, "validation_failed".into()));

    // Too many passkeys.
    fake.set_max_passkeys(1);
    let e = passkeys.start_registration().await.unwrap_err();
    assert_eq!(code_of(e), (422, "too_many_passkeys".into()));

    // Signed out: registration needs a session and sends nothing.
    let before = fake.log().len();
    let e = client(&fake, ANON_KEY)
        .auth()
        .passkey()
        .start_registration()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Auth(a) if a.is_session_missing()));
    assert_eq!(fake.log().len(), before);
    fake.assert_clean();
}

#[tokio::test]
async fn webauthn_mfa_enroll_register_sign_and_aal() {
    let fake = FakeGoTrue::start().await;
    let (c, _) = signed_in(&fake, "ann@example.com").await;
    let mfa = c.auth().mfa();
    let rp = WebAuthnRelyingParty::new(RP_ID).origin(RP_ORIGIN);
    let mut key = SoftAuthenticator::default();

    let factor = mfa
        .enroll(MfaEnrollParams::webauthn().friendly_name("YubiKey"))
        .await
        .unwrap();
    assert_eq!(factor.factor_type, "webauthn");
    assert_eq!(
        fake.last("/auth/v1/factors").body,
        Some(json!({"friendly_name": "YubiKey", "factor_type": "webauthn"}))
    );

    // First challenge: creation options; answering registers the key and gives aal2.
    let ch = mfa.challenge_webauthn(&factor.id, &rp).await.unwrap();
    let challenge_path = format!("/auth/v1/factors/{}/challenge", factor.id);
    assert_eq!(
        fake.last(&challenge_path).body,
        Some(json!({"factorId": factor.id, "webauthn": {"rpId": RP_ID, "rpOrigins": [RP_ORIGIN]}}))
    );
    let WebAuthnCredentialOptions::Create(create) = &ch.options else {
        panic!("expected creation options, got {:?}", ch.options)
    };
    let cred = reg(key.register(&create.challenge, b"mfa-key"));
    let session = mfa
        .verify_webauthn(&factor.id, &ch.id, &rp, &WebAuthnCredential::Create(cred))
        .await
        .unwrap();
    let verify_path = format!("/auth/v1/factors/{}/verify", factor.id);
    let body = fake.last(&verify_path).body.unwrap();
    assert_eq!(body["webauthn"]["type"], "create");
    assert_eq!(body["webauthn"]["rpId"], RP_ID);
    assert_eq!(
        body["webauthn"]["credential_response"]["id"],
        b64(b"mfa-key")
    );
    assert_eq!(
        c.auth().get_session().await.unwrap().unwrap().access_token,
        session.access_token
    );
    let aal = mfa.get_authenticator_assurance_level(None).await.unwrap();
    assert_eq!(aal.current_level, Some(AssuranceLevel::Aal2));
    assert_eq!(mfa.list_factors().await.unwrap().webauthn.len(), 1);

    // Later: request options naming the key; a signature from it verifies.
    let ch = mfa.challenge_webauthn(&factor.id, &rp).await.unwrap();
    let WebAuthnCredentialOptions::Request(req) = &ch.options else {
        panic!("expected request options")
    };
    assert_eq!(req.allow_credentials[0].id, b64(b"mfa-key"));
    let answer = assertion(key.assert(&req.challenge, b"mfa-key", None));
    mfa.verify_webauthn(
        &factor.id,
        &ch.id,
        &rp,
        &WebAuthnCredential::Request(answer),
    )
    .await
    .unwrap();

    // A signature over another challenge: the server's 500; an expired challenge: 422.
    let ch = mfa.challenge_webauthn(&factor.id, &rp).await.unwrap();
    let wrong = assertion(key.assert("d3Jvbmc", b"mfa-key", None));
    let e = mfa
        .verify_webauthn(&factor.id, &ch.id, &rp, &WebAuthnCredential::Request(wrong))
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (500, "unexpected_failure".into()));
    let ch = mfa.challenge_webauthn(&factor.id, &rp).await.unwrap();
    fake.expire_webauthn_challenge(&ch.id);
    let WebAuthnCredentialOptions::Request(req) = &ch.options else {
        panic!("expected request options")
    };
    let late = assertion(key.assert(&req.challenge, b"mfa-key", None));
    let e = mfa
        .verify_webauthn(&factor.id, &ch.id, &rp, &WebAuthnCredential::Request(late))
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (422, "mfa_challenge_expired".into()));

    // The assurance level of a token from elsewhere: decoded, factors from GET /user with it.
    let (token, _) =
        fake.mint_session(&c.auth().get_session().await.unwrap().unwrap().user.id, 600);
    let other = client(&fake, ANON_KEY);
    let aal = other
        .auth()
        .mfa()
        .get_authenticator_assurance_level(Some(&token))
        .await
        .unwrap();
    assert_eq!(aal.current_level, Some(AssuranceLevel::Aal1));
    assert_eq!(aal.next_level, Some(AssuranceLevel::Aal2));
    assert_eq!(aal.current_authentication_methods.len(), 1);
    assert_eq!(
        fake.last("/auth/v1/user").header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    let before = fake.log().len();
    let e = other
        .auth()
        .mfa()
        .get_authenticator_assurance_level(Some("not.a.jwt"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Auth(a) if a.kind() == AuthErrorKind::InvalidJwt));
    assert_eq!(fake.log().len(), before);
    fake.assert_clean();
}
