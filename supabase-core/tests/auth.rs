//! The Auth client against the GoTrue fake (`auth_support`): every flow's request (method,
//! path, query, headers, body) is validated by the fake, responses and errors are decoded,
//! PKCE round-trips, get_claims verifies ES256/RS256 locally and falls back for HS256, MFA and
//! admin calls. Every test ends with `fake.assert_clean()`: no request was malformed.

#![cfg(feature = "auth")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod auth_support;

use std::sync::Arc;

use auth_support::{
    now, sign_asymmetric, sign_hs256, FakeGoTrue, Scripted, ANON_KEY, JWT_SECRET, SERVICE_KEY,
};
use jsonwebtoken::Algorithm;
use serde_json::json;
use supabase_core::auth::*;
use supabase_core::{Client, Error};

fn client_with(fake: &FakeGoTrue, key: &str, options: AuthOptions) -> Client {
    Client::builder(fake.project_url(), key)
        .auth_options(options.auto_refresh(false))
        .build()
        .unwrap()
}

fn client(fake: &FakeGoTrue) -> Client {
    client_with(fake, ANON_KEY, AuthOptions::new())
}

fn pkce_client(fake: &FakeGoTrue) -> (Client, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::new());
    let c = client_with(
        fake,
        ANON_KEY,
        AuthOptions::new()
            .flow_type(FlowType::Pkce)
            .store(store.clone()),
    );
    (c, store)
}

fn auth_err(e: Error) -> AuthError {
    match e {
        Error::Auth(a) => *a,
        other => panic!("expected an auth error, got {other:?}"),
    }
}

async fn signed_in(fake: &FakeGoTrue, c: &Client) -> (String, Session) {
    let id = fake.add_user("ann@example.com", "correct-horse-battery");
    let r = c
        .auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "ann@example.com",
            "correct-horse-battery",
        ))
        .await
        .unwrap();
    (id, r.session.unwrap())
}

#[tokio::test]
async fn sign_up_email_with_session_and_headers() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    let r = c
        .auth()
        .sign_up(
            SignUpCredentials::email("new@example.com", "long-enough-pw")
                .data(json!({"name": "N"}))
                .email_redirect_to("https://app.example/welcome?x=1 2"),
        )
        .await
        .unwrap();
    let s = r.session.expect("autoconfirm gives a session");
    assert_eq!(r.user.unwrap().user_metadata["name"], "N");
    assert!(s.expires_at.is_some());
    let req = fake.last("/auth/v1/signup");
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {ANON_KEY}").as_str())
    );
    assert_eq!(req.header("apikey"), Some(ANON_KEY));
    assert_eq!(req.header("x-supabase-api-version"), Some("2024-01-01"));
    assert_eq!(
        req.query.as_deref(),
        Some("redirect_to=https%3A%2F%2Fapp.example%2Fwelcome%3Fx%3D1+2")
    );
    let body = req.body.unwrap();
    assert_eq!(body["gotrue_meta_security"], json!({}));
    assert_eq!(body["code_challenge"], json!(null));
    assert_eq!(body["data"], json!({"name": "N"}));
    // The session now drives the client: stored and readable.
    assert_eq!(
        c.auth().get_session().await.unwrap().unwrap().access_token,
        s.access_token
    );
    fake.assert_clean();
}

#[tokio::test]
async fn sign_up_phone_and_unconfirmed_email() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    c.auth()
        .sign_up(
            SignUpCredentials::phone("+15550100", "long-enough-pw")
                .channel(OtpChannel::Whatsapp)
                .captcha_token("cap"),
        )
        .await
        .unwrap();
    let body = fake.last("/auth/v1/signup").body.unwrap();
    assert_eq!(body["channel"], "whatsapp");
    assert_eq!(
        body["gotrue_meta_security"],
        json!({"captcha_token": "cap"})
    );
    fake.set_autoconfirm(false);
    let c2 = client(&fake);
    let r = c2
        .auth()
        .sign_up(SignUpCredentials::email(
            "wait@example.com",
            "long-enough-pw",
        ))
        .await
        .unwrap();
    assert!(r.session.is_none());
    assert_eq!(r.user.unwrap().email.as_deref(), Some("wait@example.com"));
    assert!(c2.auth().get_session().await.unwrap().is_none());
    fake.assert_clean();
}

#[tokio::test]
async fn weak_password_422_in_both_error_shapes() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    let e = auth_err(
        c.auth()
            .sign_up(SignUpCredentials::email("a@example.com", "short"))
            .await
            .unwrap_err(),
    );
    assert_eq!(e.kind(), AuthErrorKind::WeakPassword);
    assert_eq!(e.status(), 422);
    assert_eq!(e.code(), Some(&ErrorCode::WeakPassword));
    assert_eq!(e.weak_password_reasons(), &[WeakPasswordReason::Length]);
    fake.set_legacy_errors(true);
    let e = auth_err(
        c.auth()
            .sign_up(SignUpCredentials::email("a@example.com", "short"))
            .await
            .unwrap_err(),
    );
    // Legacy: no version header on the answer, so the code comes from `error_code`.
    assert_eq!(e.code(), Some(&ErrorCode::WeakPassword));
    assert_eq!(e.message(), "Password should be at least 8 characters.");
    let e = auth_err(
        c.auth()
            .sign_in_with_password(SignInWithPasswordCredentials::email(
                "nobody@example.com",
                "x",
            ))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (e.kind(), e.status(), e.code()),
        (
            AuthErrorKind::Api,
            400,
            Some(&ErrorCode::InvalidCredentials)
        )
    );
    fake.assert_clean();
}

#[tokio::test]
async fn error_mapping_429_5xx_non_json_unknown_code() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    let auth = c.auth();
    let otp = || auth.sign_in_with_otp(SignInWithOtpCredentials::email("a@example.com"));
    fake.script(
        "/auth/v1/otp",
        Scripted::json(
            429,
            json!({"code": "over_email_send_rate_limit", "message": "slow down"}),
        )
        .header("x-supabase-api-version", "2024-01-01"),
    );
    let e = auth_err(otp().await.unwrap_err());
    assert_eq!(
        (e.status(), e.code(), e.is_retryable()),
        (429, Some(&ErrorCode::OverEmailSendRateLimit), false)
    );
    fake.script(
        "/auth/v1/otp",
        Scripted::raw(502, "<html>Bad Gateway</html>"),
    );
    let e = auth_err(otp().await.unwrap_err());
    assert!(e.is_retryable());
    assert_eq!(e.status(), 502);
    fake.script(
        "/auth/v1/otp",
        Scripted::json(
            503,
            json!({"code": "unexpected_failure", "message": "db down"}),
        )
        .header("x-supabase-api-version", "2024-01-01"),
    );
    let e = auth_err(otp().await.unwrap_err());
    assert!(e.is_retryable());
    assert_eq!(e.code(), Some(&ErrorCode::UnexpectedFailure));
    fake.script("/auth/v1/otp", Scripted::raw(418, "teapot"));
    let e = auth_err(otp().await.unwrap_err());
    assert_eq!((e.kind(), e.message()), (AuthErrorKind::Unknown, "teapot"));
    // Without the version header, a string `code` is not trusted: `error_code` is used.
    fake.script(
        "/auth/v1/otp",
        Scripted::json(
            400,
            json!({"code": 400, "error_code": "brand_new_code", "msg": "new"}),
        ),
    );
    let e = auth_err(otp().await.unwrap_err());
    assert_eq!(e.code().unwrap().as_str(), "brand_new_code");
    assert!(matches!(e.code(), Some(ErrorCode::Unknown(_))));
    fake.script(
        "/auth/v1/otp",
        Scripted::json(
            400,
            json!({"error": "invalid_grant", "error_description": "bad grant"}),
        ),
    );
    assert_eq!(auth_err(otp().await.unwrap_err()).message(), "bad grant");
    assert_eq!(
        fake.requests("/auth/v1/otp").len(),
        6,
        "no retries of a write"
    );
    fake.assert_clean();
}

#[tokio::test]
async fn network_failure_is_retryable_status_0() {
    let c = Client::builder("http://127.0.0.1:9/", ANON_KEY)
        .auth_options(AuthOptions::new().auto_refresh(false))
        .build()
        .unwrap();
    let e = auth_err(
        c.auth()
            .sign_in_with_otp(SignInWithOtpCredentials::email("a@example.com"))
            .await
            .unwrap_err(),
    );
    assert!(e.is_retryable());
    assert_eq!(e.status(), 0);
}

#[tokio::test]
async fn password_sign_in_weak_password_warning_and_user_timestamps() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    fake.add_user("w@example.com", "weakpass1");
    let r = c
        .auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "w@example.com",
            "weakpass1",
        ))
        .await
        .unwrap();
    let w = r.weak_password.unwrap();
    assert_eq!(w.reasons, vec![WeakPasswordReason::Characters]);
    let user = r.user.unwrap();
    assert_eq!(
        user.created_at.unwrap().to_rfc3339(),
        "2024-05-01T10:00:00.123456+00:00"
    );
    assert!(!r
        .session
        .as_ref()
        .unwrap()
        .extra
        .contains_key("weak_password"));
    let body = fake.last("/auth/v1/token").body.unwrap();
    assert_eq!(
        body,
        json!({"email": "w@example.com", "password": "weakpass1", "gotrue_meta_security": {}})
    );
    assert_eq!(
        fake.last("/auth/v1/token").query.as_deref(),
        Some("grant_type=password")
    );
    fake.assert_clean();
}

#[tokio::test]
async fn otp_flows_verify_and_resend() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    let r = c
        .auth()
        .sign_in_with_otp(
            SignInWithOtpCredentials::phone("+15550111").channel(OtpChannel::Whatsapp),
        )
        .await
        .unwrap();
    assert_eq!(r.message_id.as_deref(), Some("SM-123"));
    assert_eq!(
        fake.last("/auth/v1/otp").body.unwrap()["channel"],
        "whatsapp"
    );
    let e = auth_err(
        c.auth()
            .sign_in_with_otp(
                SignInWithOtpCredentials::email("none@example.com").should_create_user(false),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(e.code(), Some(&ErrorCode::OtpDisabled));
    assert_eq!(
        fake.last("/auth/v1/otp").body.unwrap()["create_user"],
        false
    );
    let id = fake.add_user("otp@example.com", "long-enough-pw");
    let mut events = c.auth().on_auth_state_change().await;
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::InitialSession
    );
    let token = fake.issue_otp(&id, "email");
    let r = c
        .auth()
        .verify_otp(
            VerifyOtpParams::email("otp@example.com", token, EmailOtpType::Email)
                .redirect_to("https://app"),
        )
        .await
        .unwrap();
    assert!(r.session.is_some());
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::SignedIn
    );
    assert_eq!(
        fake.last("/auth/v1/verify").query.as_deref(),
        Some("redirect_to=https%3A%2F%2Fapp")
    );
    let hash = fake.issue_otp(&id, "recovery");
    c.auth()
        .verify_otp(VerifyOtpParams::token_hash(hash, EmailOtpType::Recovery))
        .await
        .unwrap();
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::PasswordRecovery
    );
    let e = auth_err(
        c.auth()
            .verify_otp(VerifyOtpParams::phone(
                "+15550111",
                "000000",
                MobileOtpType::Sms,
            ))
            .await
            .unwrap_err(),
    );
    assert_eq!(e.code(), Some(&ErrorCode::OtpExpired));
    let r = c
        .auth()
        .resend(ResendParams::phone("+15550111", ResendType::Sms))
        .await
        .unwrap();
    assert_eq!(r.message_id.as_deref(), Some("SM-456"));
    c.auth()
        .resend(
            ResendParams::email("otp@example.com", ResendType::Signup)
                .email_redirect_to("https://app/x"),
        )
        .await
        .unwrap();
    assert_eq!(fake.last("/auth/v1/resend").body.unwrap()["type"], "signup");
    fake.assert_clean();
}

#[tokio::test]
async fn id_token_web3_anonymous_and_sso() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    c.auth()
        .sign_in_with_id_token(SignInWithIdTokenCredentials::new("google", "idt").nonce("n"))
        .await
        .unwrap();
    assert_eq!(
        fake.last("/auth/v1/token").body.unwrap(),
        json!({"provider": "google", "id_token": "idt", "nonce": "n", "gotrue_meta_security": {}})
    );
    let r = c
        .auth()
        .sign_in_with_web3(SignInWithWeb3Credentials::solana(
            "sign in",
            &[0xfb, 0xff, 0x01],
        ))
        .await
        .unwrap();
    assert!(r.session.is_some());
    assert_eq!(
        fake.last("/auth/v1/token").body.unwrap(),
        json!({"chain": "solana", "message": "sign in", "signature": "-_8B"})
    );
    c.auth()
        .sign_in_with_web3(SignInWithWeb3Credentials::ethereum("siwe", "0xdeadbeef"))
        .await
        .unwrap();
    let r = c
        .auth()
        .sign_in_anonymously(SignInAnonymouslyCredentials::new())
        .await
        .unwrap();
    assert!(r.user.unwrap().is_anonymous);
    assert_eq!(
        fake.last("/auth/v1/signup").body.unwrap(),
        json!({"data": {}, "gotrue_meta_security": {}})
    );
    let r = c
        .auth()
        .sign_in_with_sso(SignInWithSsoCredentials::domain("acme.com").redirect_to("https://app"))
        .await
        .unwrap();
    assert!(r.url.starts_with("https://idp.example/"));
    assert_eq!(
        fake.last("/auth/v1/sso").body.unwrap(),
        json!({"domain": "acme.com", "redirect_to": "https://app", "skip_http_redirect": true, "code_challenge": null, "code_challenge_method": null})
    );
    c.auth()
        .sign_in_with_sso(SignInWithSsoCredentials::provider_id("5f0a"))
        .await
        .unwrap();
    let e = auth_err(
        c.auth()
            .sign_in_with_sso(SignInWithSsoCredentials::domain("unknown.example"))
            .await
            .unwrap_err(),
    );
    assert_eq!(e.code(), Some(&ErrorCode::SsoProviderNotFound));
    let e = auth_err(
        c.auth()
            .sign_in_with_id_token(
                SignInWithIdTokenCredentials::new("google", "x").captcha_token("bad-captcha"),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(e.code(), Some(&ErrorCode::CaptchaFailed));
    fake.assert_clean();
}

#[tokio::test]
async fn oauth_url_implicit_and_pkce_round_trip() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    let r = c
        .auth()
        .sign_in_with_oauth(
            SignInWithOAuthCredentials::new("github")
                .redirect_to("https://app/cb?a=1")
                .scopes("repo gist")
                .query_param("prompt", "select account"),
        )
        .await
        .unwrap();
    assert_eq!(r.url, format!("{}auth/v1/authorize?provider=github&redirect_to=https%3A%2F%2Fapp%2Fcb%3Fa%3D1&scopes=repo%20gist&prompt=select+account", fake.project_url()));
    assert!(fake.log().is_empty(), "building the URL sends nothing");

    let (c, store) = pkce_client(&fake);
    let r = c
        .auth()
        .sign_in_with_oauth(SignInWithOAuthCredentials::new("github"))
        .await
        .unwrap();
    let url = url::Url::parse(&r.url).unwrap();
    let challenge = url
        .query_pairs()
        .find(|(k, _)| k == "code_challenge")
        .unwrap()
        .1
        .into_owned();
    assert_eq!(
        url.query_pairs()
            .find(|(k, _)| k == "code_challenge_method")
            .unwrap()
            .1,
        "s256"
    );
    let stored: String = serde_json::from_str(
        &store
            .get_item("sb-127-auth-token-code-verifier")
            .await
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(stored.len(), 112);
    let user = fake.add_user("pkce@example.com", "long-enough-pw");
    let code = fake.issue_pkce_code(&challenge, "s256", &user);
    let mut events = c.auth().on_auth_state_change().await;
    events.recv().await.unwrap();
    let r = c.auth().exchange_code_for_session(&code).await.unwrap();
    assert_eq!(r.user.unwrap().id, user);
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::SignedIn
    );
    assert_eq!(
        fake.last("/auth/v1/token").body.unwrap()["code_verifier"],
        stored.as_str()
    );
    assert!(
        store
            .get_item("sb-127-auth-token-code-verifier")
            .await
            .unwrap()
            .is_none(),
        "verifier deleted"
    );
    // A PKCE client with no verifier refuses before calling the server.
    let e = auth_err(c.auth().exchange_code_for_session(&code).await.unwrap_err());
    assert_eq!(e.code(), Some(&ErrorCode::PkceCodeVerifierNotFound));
    // Recovery marker: PASSWORD_RECOVERY after the exchange.
    c.auth()
        .reset_password_for_email(
            "pkce@example.com",
            ResetPasswordOptions::new().redirect_to("https://app/reset"),
        )
        .await
        .unwrap();
    let stored: String = serde_json::from_str(
        &store
            .get_item("sb-127-auth-token-code-verifier")
            .await
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert!(stored.ends_with("/recovery"));
    let body = fake.last("/auth/v1/recover").body.unwrap();
    assert_eq!(body["code_challenge_method"], "s256");
    let code = fake.issue_pkce_code(body["code_challenge"].as_str().unwrap(), "s256", &user);
    c.auth().exchange_code_for_session(&code).await.unwrap();
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::PasswordRecovery
    );
    // A wrong verifier is the server's bad_code_verifier.
    c.auth()
        .sign_in_with_otp(SignInWithOtpCredentials::email("pkce@example.com"))
        .await
        .unwrap();
    let code = fake.issue_pkce_code("A".repeat(43).as_str(), "s256", &user);
    let e = auth_err(c.auth().exchange_code_for_session(&code).await.unwrap_err());
    assert_eq!(e.code(), Some(&ErrorCode::BadCodeVerifier));
    fake.assert_clean();
}

#[tokio::test]
async fn user_calls_update_identities_reauth_and_token_source() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    let (id, session) = signed_in(&fake, &c).await;
    let u = c.auth().get_user().await.unwrap();
    assert_eq!(u.id, id);
    assert_eq!(
        fake.last("/auth/v1/user").header("authorization"),
        Some(format!("Bearer {}", session.access_token).as_str())
    );
    let mut events = c.auth().on_auth_state_change().await;
    events.recv().await.unwrap();
    let u = c
        .auth()
        .update_user(
            UserAttributes::new()
                .data(json!({"theme": "dark"}))
                .email("new@example.com")
                .email_redirect_to("https://app/e"),
        )
        .await
        .unwrap();
    assert_eq!(u.user_metadata["theme"], "dark");
    assert_eq!(u.new_email.as_deref(), Some("new@example.com"));
    let e = events.recv().await.unwrap();
    assert_eq!(e.event, AuthChangeEvent::UserUpdated);
    assert_eq!(e.session.unwrap().user.user_metadata["theme"], "dark");
    assert_eq!(
        c.auth()
            .get_session()
            .await
            .unwrap()
            .unwrap()
            .user
            .user_metadata["theme"],
        "dark"
    );
    let e = auth_err(
        c.auth()
            .update_user(UserAttributes::new().password("correct-horse-battery"))
            .await
            .unwrap_err(),
    );
    assert_eq!(e.code(), Some(&ErrorCode::SamePassword));
    let ids = c.auth().get_user_identities().await.unwrap();
    assert_eq!(ids.len(), 1);
    let e = auth_err(c.auth().unlink_identity(&ids[0]).await.unwrap_err());
    assert_eq!(e.code(), Some(&ErrorCode::SingleIdentityNotDeletable));
    c.auth()
        .link_identity_with_id_token(SignInWithIdTokenCredentials::new("google", "g"))
        .await
        .unwrap();
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::UserUpdated
    );
    let ids = c.auth().get_user_identities().await.unwrap();
    assert_eq!(ids.len(), 2);
    c.auth().unlink_identity(&ids[1]).await.unwrap();
    assert_eq!(
        fake.last(&format!("/auth/v1/user/identities/{}", ids[1].identity_id))
            .method,
        http::Method::DELETE
    );
    let r = c
        .auth()
        .link_identity(SignInWithOAuthCredentials::new("github").scopes("repo"))
        .await
        .unwrap();
    assert!(r.url.starts_with("https://github.com/"));
    assert_eq!(
        fake.last("/auth/v1/user/identities/authorize")
            .query
            .as_deref(),
        Some("provider=github&scopes=repo&skip_http_redirect=true")
    );
    c.auth().reauthenticate().await.unwrap();
    fake.assert_clean();
}

#[tokio::test]
async fn sign_out_scopes_and_session_not_found() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    signed_in(&fake, &c).await;
    c.auth().sign_out(SignOutScope::Others).await.unwrap();
    assert!(
        c.auth().get_session().await.unwrap().is_some(),
        "others keeps this session"
    );
    assert_eq!(
        fake.last("/auth/v1/logout").query.as_deref(),
        Some("scope=others")
    );
    c.auth().sign_out(SignOutScope::Local).await.unwrap();
    assert_eq!(
        fake.last("/auth/v1/logout").query.as_deref(),
        Some("scope=local"),
        "local still calls the server"
    );
    assert!(c.auth().get_session().await.unwrap().is_none());
    let e = auth_err(c.auth().get_user().await.unwrap_err());
    assert!(e.is_session_missing(), "no request without a session");
    // session_not_found from the server: session missing, local session removed, SIGNED_OUT.
    let c2 = client(&fake);
    c2.auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "ann@example.com",
            "correct-horse-battery",
        ))
        .await
        .unwrap();
    let c3 = client(&fake);
    c3.auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "ann@example.com",
            "correct-horse-battery",
        ))
        .await
        .unwrap();
    c3.auth().sign_out(SignOutScope::Global).await.unwrap();
    let mut events = c2.auth().on_auth_state_change().await;
    events.recv().await.unwrap();
    let e = auth_err(c2.auth().get_user().await.unwrap_err());
    assert!(e.is_session_missing());
    assert_eq!(e.status(), 400);
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::SignedOut
    );
    assert!(c2.auth().get_session().await.unwrap().is_none());
    // A 401/403/404 from logout counts as success.
    let c4 = client(&fake);
    c4.auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "ann@example.com",
            "correct-horse-battery",
        ))
        .await
        .unwrap();
    fake.script(
        "/auth/v1/logout",
        Scripted::json(404, json!({"code": "user_not_found", "message": "gone"}))
            .header("x-supabase-api-version", "2024-01-01"),
    );
    c4.auth().sign_out(SignOutScope::Global).await.unwrap();
    assert!(c4.auth().get_session().await.unwrap().is_none());
    fake.assert_clean();
}

#[tokio::test]
async fn set_session_valid_and_expired() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    let id = fake.add_user("s@example.com", "long-enough-pw");
    let (at, rt) = fake.mint_session(&id, 3600);
    let s = c.auth().set_session(&at, &rt).await.unwrap();
    assert_eq!(s.user.id, id);
    assert_eq!(
        fake.last("/auth/v1/user").header("authorization"),
        Some(format!("Bearer {at}").as_str())
    );
    assert_eq!(fake.refresh_calls(), 0);
    let expired = sign_hs256(
        &json!({"sub": id, "exp": now() - 10, "aud": "authenticated", "role": "authenticated"}),
        JWT_SECRET,
    );
    let (_, rt2) = fake.mint_session(&id, 3600);
    let s = c.auth().set_session(&expired, &rt2).await.unwrap();
    assert_eq!(
        fake.refresh_calls(),
        1,
        "an expired access token is refreshed"
    );
    assert_ne!(s.access_token, expired);
    assert!(auth_err(c.auth().set_session("", "x").await.unwrap_err()).is_session_missing());
    fake.assert_clean();
}

#[tokio::test]
async fn get_claims_local_verification_and_fallback() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    let (id, session) = signed_in(&fake, &c).await;
    // HS256 session token: verified by the server (GET /user).
    let before = fake.requests("/auth/v1/user").len();
    let claims = c.auth().get_claims().await.unwrap();
    assert!(!claims.verified_locally);
    assert_eq!(claims.claims["sub"], id.as_str());
    assert_eq!(fake.requests("/auth/v1/user").len(), before + 1);
    assert_eq!(
        fake.last("/auth/v1/user").header("authorization"),
        Some(format!("Bearer {}", session.access_token).as_str())
    );
    let good = json!({"sub": "u-1", "exp": now() + 600, "role": "authenticated"});
    for (alg, kid) in [
        (Algorithm::ES256, "test-es256"),
        (Algorithm::RS256, "test-rs256"),
    ] {
        let token = sign_asymmetric(&good, alg, kid);
        let claims = c
            .auth()
            .get_claims_with(GetClaimsOptions::new().jwt(&token))
            .await
            .unwrap();
        assert!(claims.verified_locally, "{alg:?}");
        assert_eq!(claims.claims["sub"], "u-1");
        assert_eq!(claims.header["kid"], kid);
    }
    assert_eq!(
        fake.requests("/auth/v1/.well-known/jwks.json").len(),
        1,
        "the JWKS is cached"
    );
    // Bad signature: an ES256 token re-labelled with the RS256 key's kid and alg fails.
    let es = sign_asymmetric(&good, Algorithm::RS256, "test-rs256");
    let mut parts: Vec<String> = es.split('.').map(str::to_owned).collect();
    let other = sign_asymmetric(
        &json!({"sub": "evil", "exp": now() + 600}),
        Algorithm::RS256,
        "test-rs256",
    );
    parts[1] = other.split('.').nth(1).unwrap().to_owned();
    let e = auth_err(
        c.auth()
            .get_claims_with(GetClaimsOptions::new().jwt(parts.join(".")))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (e.code(), e.message()),
        (Some(&ErrorCode::InvalidJwt), "Invalid JWT signature")
    );
    // Expired.
    let expired = sign_asymmetric(
        &json!({"sub": "u", "exp": now() - 5}),
        Algorithm::ES256,
        "test-es256",
    );
    let e = auth_err(
        c.auth()
            .get_claims_with(GetClaimsOptions::new().jwt(&expired))
            .await
            .unwrap_err(),
    );
    assert_eq!(e.kind(), AuthErrorKind::InvalidJwt);
    assert!(
        c.auth()
            .get_claims_with(GetClaimsOptions::new().jwt(&expired).allow_expired(true))
            .await
            .unwrap()
            .verified_locally
    );
    // Unknown kid: JWKS fetched again, no match, fallback to GET /user (which refuses a
    // token the server did not sign).
    let unknown = sign_asymmetric(&good, Algorithm::ES256, "rotated-away");
    let e = auth_err(
        c.auth()
            .get_claims_with(GetClaimsOptions::new().jwt(&unknown))
            .await
            .unwrap_err(),
    );
    assert_eq!(e.code(), Some(&ErrorCode::BadJwt));
    assert_eq!(fake.requests("/auth/v1/.well-known/jwks.json").len(), 2);
    let e = auth_err(
        c.auth()
            .get_claims_with(GetClaimsOptions::new().jwt("not.a.jwt!"))
            .await
            .unwrap_err(),
    );
    assert_eq!(e.kind(), AuthErrorKind::InvalidJwt);
    fake.assert_clean();
}

#[tokio::test]
async fn mfa_enroll_challenge_verify_levels_unenroll() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake);
    signed_in(&fake, &c).await;
    let mfa = c.auth().mfa();
    let aal = mfa.get_authenticator_assurance_level(None).await.unwrap();
    assert_eq!(
        (aal.current_level, aal.next_level),
        (Some(AssuranceLevel::Aal1), Some(AssuranceLevel::Aal1))
    );
    assert_eq!(aal.current_authentication_methods.len(), 1);
    let f = mfa
        .enroll(MfaEnrollParams::totp().friendly_name("app").issuer("Acme"))
        .await
        .unwrap();
    let totp = f.totp.clone().unwrap();
    assert_eq!(totp.qr_code, "data:image/svg+xml;utf-8,<svg>qr</svg>");
    assert!(!format!("{totp:?}").contains("TOTPSECRET"));
    assert_eq!(
        fake.last("/auth/v1/factors").body.unwrap(),
        json!({"friendly_name": "app", "factor_type": "totp", "issuer": "Acme"})
    );
    let phone = mfa
        .enroll(MfaEnrollParams::phone("+15550199"))
        .await
        .unwrap();
    assert_eq!(phone.phone.as_deref(), Some("+15550199"));
    let ch = mfa.challenge(&f.id, None).await.unwrap();
    assert!(ch.expires_at > now());
    let e = auth_err(mfa.verify(&f.id, &ch.id, "000000").await.unwrap_err());
    assert_eq!(e.code(), Some(&ErrorCode::MfaVerificationFailed));
    let mut events = c.auth().on_auth_state_change().await;
    events.recv().await.unwrap();
    let s = mfa.challenge_and_verify(&f.id, "123456").await.unwrap();
    assert!(
        s.expires_at.is_some(),
        "expires_at computed from expires_in"
    );
    let ev = events.recv().await.unwrap();
    assert_eq!(ev.event, AuthChangeEvent::MfaChallengeVerified);
    let aal = mfa.get_authenticator_assurance_level(None).await.unwrap();
    assert_eq!(aal.current_level, Some(AssuranceLevel::Aal2));
    let list = mfa.list_factors().await.unwrap();
    assert_eq!(
        (list.all.len(), list.totp.len(), list.phone.len()),
        (2, 1, 0)
    );
    assert_eq!(mfa.unenroll(&phone.id).await.unwrap(), phone.id);
    assert_eq!(mfa.list_factors().await.unwrap().all.len(), 1);
    fake.assert_clean();
}

#[tokio::test]
async fn admin_users_links_pagination_and_factors() {
    let fake = FakeGoTrue::start().await;
    let admin_client = client_with(&fake, SERVICE_KEY, AuthOptions::new());
    let admin = admin_client.auth().admin();
    let mut ids = Vec::new();
    for i in 0..23 {
        let u = admin
            .create_user(
                AdminUserAttributes::new()
                    .email(format!("u{i}@example.com"))
                    .password("long-enough-pw")
                    .email_confirm(true)
                    .user_metadata(json!({"i": i})),
            )
            .await
            .unwrap();
        ids.push(u.id);
    }
    assert_eq!(
        fake.last("/auth/v1/admin/users").body.unwrap()["email_confirm"],
        true
    );
    let e = auth_err(
        admin
            .create_user(AdminUserAttributes::new().email("u0@example.com"))
            .await
            .unwrap_err(),
    );
    assert_eq!(e.code(), Some(&ErrorCode::EmailExists));
    let page = admin.list_users(None, None).await.unwrap();
    assert_eq!(
        fake.last("/auth/v1/admin/users").query.as_deref(),
        Some("page=&per_page=")
    );
    assert_eq!(
        (page.users.len(), page.total, page.next_page, page.last_page),
        (23, Some(23), None, Some(1))
    );
    let page = admin.list_users(Some(2), Some(2)).await.unwrap();
    assert_eq!(
        (page.users.len(), page.next_page, page.last_page),
        (2, Some(3), Some(12)),
        "pages >= 10 parsed whole"
    );
    let u = admin.get_user_by_id(&ids[0]).await.unwrap();
    assert_eq!(u.email.as_deref(), Some("u0@example.com"));
    assert!(
        auth_err(admin.get_user_by_id("not-a-uuid").await.unwrap_err()).kind()
            == AuthErrorKind::InvalidCredentials
    );
    let u = admin
        .update_user_by_id(
            &ids[1],
            AdminUserAttributes::new()
                .user_metadata(json!({"x": 1}))
                .ban_duration("24h"),
        )
        .await
        .unwrap();
    assert_eq!(u.user_metadata["x"], 1);
    admin.delete_user(&ids[2], true).await.unwrap();
    assert_eq!(
        fake.last(&format!("/auth/v1/admin/users/{}", ids[2]))
            .body
            .unwrap(),
        json!({"should_soft_delete": true})
    );
    assert!(fake.user(&ids[2]).deleted);
    admin.delete_user(&ids[3], false).await.unwrap();
    let e = auth_err(admin.get_user_by_id(&ids[3]).await.unwrap_err());
    assert_eq!(
        (e.status(), e.code()),
        (404, Some(&ErrorCode::UserNotFound))
    );
    let invited = admin
        .invite_user_by_email(
            "inv@example.com",
            Some(json!({"team": "a"})),
            Some("https://app/inv"),
        )
        .await
        .unwrap();
    assert!(invited.invited_at.is_some());
    assert_eq!(
        fake.last("/auth/v1/invite").query.as_deref(),
        Some("redirect_to=https%3A%2F%2Fapp%2Finv")
    );
    for t in [
        GenerateLinkType::Signup,
        GenerateLinkType::Invite,
        GenerateLinkType::Magiclink,
        GenerateLinkType::Recovery,
        GenerateLinkType::EmailChangeCurrent,
        GenerateLinkType::EmailChangeNew,
    ] {
        let mut p = GenerateLinkParams::new(t, "u5@example.com").redirect_to("https://app/l");
        if matches!(
            t,
            GenerateLinkType::EmailChangeCurrent | GenerateLinkType::EmailChangeNew
        ) {
            p = p.new_email("u5-new@example.com");
        }
        if t == GenerateLinkType::Signup {
            p = p.password("long-enough-pw").data(json!({"a": 1}));
        }
        let r = admin.generate_link(p).await.unwrap();
        assert_eq!(r.properties.verification_type, t.as_str());
        assert_eq!(r.properties.email_otp, "654321");
        assert_eq!(r.user.email.as_deref(), Some("u5@example.com"));
        assert!(!r.user.extra.contains_key("action_link"));
    }
    assert_eq!(
        fake.last("/auth/v1/admin/generate_link").body.unwrap()["new_email"],
        "u5-new@example.com"
    );
    // Admin MFA.
    fake.update_user_rec(&ids[4], |u| {
        u.factors
            .push(json!({"id": "f-9", "factor_type": "totp", "status": "verified"}))
    });
    let factors = admin.mfa().list_factors(&ids[4]).await.unwrap();
    assert_eq!(factors.len(), 1);
    admin.mfa().delete_factor(&ids[4], "f-9").await.unwrap();
    let e = auth_err(admin.mfa().delete_factor(&ids[4], "f-9").await.unwrap_err());
    assert_eq!(e.code(), Some(&ErrorCode::MfaFactorNotFound));
    // Admin sign-out of a user's JWT.
    let user_client = client(&fake);
    user_client
        .auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "u6@example.com",
            "long-enough-pw",
        ))
        .await
        .unwrap();
    let jwt = user_client
        .auth()
        .get_session()
        .await
        .unwrap()
        .unwrap()
        .access_token;
    admin.sign_out(&jwt, SignOutScope::Global).await.unwrap();
    assert!(auth_err(user_client.auth().get_user().await.unwrap_err()).is_session_missing());
    // The anon key cannot reach the admin API (the fake rejects it; nothing passes).
    let anon = client(&fake);
    assert!(anon.auth().admin().list_users(None, None).await.is_err());
    assert_eq!(fake.rejections().len(), 1);
}

#[test]
fn secrets_never_in_debug() {
    let c = SignInWithPasswordCredentials::email("a@example.com", "hunter2-secret");
    assert!(!format!("{c:?}").contains("hunter2"));
    let s: Session = serde_json::from_value(json!({"access_token": "AT-SECRET", "refresh_token": "RT-SECRET", "expires_in": 1, "expires_at": 1, "user": {"id": "u"}})).unwrap();
    let d = format!("{s:?}");
    assert!(!d.contains("AT-SECRET") && !d.contains("RT-SECRET"));
    let client = Client::new("https://xyz.supabase.co", "KEY-SECRET").unwrap();
    assert!(!format!("{:?}", client.auth()).contains("KEY-SECRET"));
    assert!(!format!("{:?}", UserAttributes::new().password("pw-SECRET")).contains("pw-SECRET"));
    assert!(
        !format!("{:?}", AdminUserAttributes::new().password("pw-SECRET")).contains("pw-SECRET")
    );
    let e = AuthError::session_missing();
    assert_eq!(
        e.to_string(),
        "auth error (status 400): Auth session missing!"
    );
    // Every documented code round-trips.
    for code in [
        "bad_code_verifier",
        "bad_json",
        "bad_jwt",
        "bad_oauth_callback",
        "bad_oauth_state",
        "captcha_failed",
        "conflict",
        "email_conflict_identity_not_deletable",
        "email_exists",
        "email_not_confirmed",
        "email_provider_disabled",
        "flow_state_expired",
        "flow_state_not_found",
        "identity_already_exists",
        "identity_not_found",
        "insufficient_aal",
        "invite_not_found",
        "manual_linking_disabled",
        "mfa_challenge_expired",
        "mfa_factor_name_conflict",
        "mfa_factor_not_found",
        "mfa_ip_address_mismatch",
        "mfa_verification_failed",
        "mfa_verification_rejected",
        "no_authorization",
        "not_admin",
        "oauth_provider_not_supported",
        "otp_disabled",
        "otp_expired",
        "over_email_send_rate_limit",
        "over_request_rate_limit",
        "over_sms_send_rate_limit",
        "phone_exists",
        "phone_not_confirmed",
        "phone_provider_disabled",
        "provider_disabled",
        "provider_email_needs_verification",
        "reauthentication_needed",
        "reauthentication_not_valid",
        "same_password",
        "saml_assertion_no_email",
        "saml_assertion_no_user_id",
        "saml_entity_id_mismatch",
        "saml_idp_already_exists",
        "saml_idp_not_found",
        "saml_metadata_fetch_failed",
        "saml_provider_disabled",
        "saml_relay_state_expired",
        "saml_relay_state_not_found",
        "session_not_found",
        "signup_disabled",
        "single_identity_not_deletable",
        "sms_send_failed",
        "sso_domain_already_exists",
        "sso_provider_not_found",
        "too_many_enrolled_mfa_factors",
        "unexpected_audience",
        "unexpected_failure",
        "user_already_exists",
        "user_banned",
        "user_not_found",
        "user_sso_managed",
        "validation_failed",
        "weak_password",
        "invalid_credentials",
        "refresh_token_not_found",
        "refresh_token_already_used",
        "session_expired",
    ] {
        let parsed = ErrorCode::parse(code);
        assert!(
            !matches!(parsed, ErrorCode::Unknown(_)),
            "{code} has no variant"
        );
        assert_eq!(parsed.as_str(), code);
    }
}
