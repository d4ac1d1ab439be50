//! The OAuth 2.1 server calls against the GoTrue fake: admin clients (create / list / get /
//! update / delete / regenerate secret) and the user's consent flow (authorization details,
//! approve, deny, auto-approval of an earlier consent, list and revoke grants), with the
//! server's answers to bad input (validation_failed, bad_json, unknown client, expired
//! authorization, revoked grant). Every test ends with `fake.assert_clean()`.

#![cfg(feature = "auth")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod auth_support;

use auth_support::{FakeGoTrue, ANON_KEY, SERVICE_KEY};
use serde_json::json;
use supabase_core::auth::*;
use supabase_core::{Client, Error};

fn client(fake: &FakeGoTrue, key: &str) -> Client {
    Client::builder(fake.project_url(), key)
        .auth_options(AuthOptions::new().auto_refresh(false))
        .build()
        .unwrap()
}

fn auth_err(e: Error) -> AuthError {
    match e {
        Error::Auth(a) => *a,
        other => panic!("expected an auth error, got {other:?}"),
    }
}

fn code_of(e: Error) -> (u16, String) {
    let a = auth_err(e);
    (
        a.status(),
        a.code().map(|c| c.as_str().to_owned()).unwrap_or_default(),
    )
}

#[tokio::test]
async fn admin_clients_lifecycle_and_validation() {
    let fake = FakeGoTrue::start().await;
    let admin = client(&fake, SERVICE_KEY).auth().admin().oauth();

    let created = admin
        .create_client(
            CreateOAuthClientParams::new(["https://app.example.com/cb"])
                .client_name("Example CLI")
                .client_uri("https://app.example.com"),
        )
        .await
        .unwrap();
    let body = fake.last("/auth/v1/admin/oauth/clients").body.unwrap();
    assert_eq!(
        body,
        json!({"redirect_uris": ["https://app.example.com/cb"], "client_name": "Example CLI", "client_uri": "https://app.example.com"})
    );
    assert_eq!(created.client_type, "confidential");
    assert_eq!(
        created.token_endpoint_auth_method.as_deref(),
        Some("client_secret_basic")
    );
    assert_eq!(created.response_types, ["code"]);
    assert_eq!(created.grant_types, ["authorization_code", "refresh_token"]);
    assert_eq!(created.registration_type.as_deref(), Some("manual"));
    let first_secret = created.client_secret.clone().unwrap();
    assert!(!format!("{created:?}").contains(&first_secret));

    // A public client: no secret, auth method none.
    let public = admin
        .create_client(
            CreateOAuthClientParams::new(["myapp://callback", "http://localhost:3000/cb"])
                .client_type("public"),
        )
        .await
        .unwrap();
    assert_eq!(public.client_secret, None);
    assert_eq!(public.token_endpoint_auth_method.as_deref(), Some("none"));

    // List (newest first), with page/per_page always sent as auth-js does.
    let list = admin.list_clients(Some(1), Some(10)).await.unwrap();
    assert_eq!(
        fake.last("/auth/v1/admin/oauth/clients").query.as_deref(),
        Some("page=1&per_page=10")
    );
    let ids: Vec<&str> = list.clients.iter().map(|c| c.client_id.as_str()).collect();
    assert_eq!(ids, [public.client_id.as_str(), created.client_id.as_str()]);
    assert!(list.clients.iter().all(|c| c.client_secret.is_none()));

    // Get, update, regenerate.
    let got = admin.get_client(&created.client_id).await.unwrap();
    assert_eq!(got.client_name.as_deref(), Some("Example CLI"));
    let updated = admin
        .update_client(
            &created.client_id,
            UpdateOAuthClientParams::new()
                .client_name("Renamed")
                .token_endpoint_auth_method("client_secret_post"),
        )
        .await
        .unwrap();
    assert_eq!(updated.client_name.as_deref(), Some("Renamed"));
    assert_eq!(
        updated.token_endpoint_auth_method.as_deref(),
        Some("client_secret_post")
    );
    let rotated = admin
        .regenerate_client_secret(&created.client_id)
        .await
        .unwrap();
    let new_secret = rotated.client_secret.clone().unwrap();
    assert_ne!(new_secret, first_secret);
    assert!(fake.client_secret_matches(&created.client_id, &new_secret));
    assert!(!fake.client_secret_matches(&created.client_id, &first_secret));

    // The server's refusals.
    let e = admin
        .regenerate_client_secret(&public.client_id)
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (400, "validation_failed".into()));
    let e = admin
        .update_client(
            &public.client_id,
            UpdateOAuthClientParams::new().token_endpoint_auth_method("client_secret_basic"),
        )
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (400, "validation_failed".into()));
    let e = admin
        .update_client(&public.client_id, UpdateOAuthClientParams::new())
        .await
        .unwrap_err();
    let a = auth_err(e);
    assert_eq!(a.message(), "No fields provided for update");
    for bad in [
        CreateOAuthClientParams::new(Vec::<String>::new()),
        CreateOAuthClientParams::new(["http://app.example.com/cb"]),
        CreateOAuthClientParams::new(["https://app.example.com/cb#frag"]),
        CreateOAuthClientParams::new(["javascript://x.example/alert"]),
        CreateOAuthClientParams::new(["https://a.example/cb"]).grant_types(["implicit"]),
        CreateOAuthClientParams::new(["https://a.example/cb"])
            .client_type("public")
            .token_endpoint_auth_method("client_secret_basic"),
    ] {
        let e = admin.create_client(bad).await.unwrap_err();
        assert_eq!(code_of(e), (400, "validation_failed".into()));
    }

    // Unknown client, and ids that are not UUIDs never leave the client.
    let unknown = "00000000-0000-4000-8000-000000000000";
    let e = admin.get_client(unknown).await.unwrap_err();
    assert_eq!(code_of(e), (404, "oauth_client_not_found".into()));
    let before = fake.log().len();
    let e = admin.delete_client("../users").await.unwrap_err();
    assert_eq!(auth_err(e).kind(), AuthErrorKind::InvalidCredentials);
    assert_eq!(fake.log().len(), before);

    // Delete: 204, then gone.
    admin.delete_client(&public.client_id).await.unwrap();
    let e = admin.get_client(&public.client_id).await.unwrap_err();
    assert_eq!(code_of(e), (404, "oauth_client_not_found".into()));
    assert_eq!(
        admin.list_clients(None, None).await.unwrap().clients.len(),
        1
    );
    assert_eq!(
        fake.last("/auth/v1/admin/oauth/clients").query.as_deref(),
        Some("page=&per_page=")
    );
    fake.assert_clean();
}

#[tokio::test]
async fn wrong_json_types_are_the_servers_bad_json() {
    let fake = FakeGoTrue::start().await;
    // A raw request with a string where the server wants a list: the Go decoder's failure.
    let r = reqwest::Client::new()
        .post(format!("{}auth/v1/admin/oauth/clients", fake.project_url()))
        .header("apikey", SERVICE_KEY)
        .header("authorization", format!("Bearer {SERVICE_KEY}"))
        .header("x-client-info", "test")
        .header("x-supabase-api-version", "2024-01-01")
        .header("content-type", "application/json;charset=UTF-8")
        .body(json!({"redirect_uris": "https://a.example/cb"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "bad_json");
    fake.assert_clean();
}

async fn user_and_client(fake: &FakeGoTrue) -> (Client, OAuthClient) {
    let admin = client(fake, SERVICE_KEY).auth().admin().oauth();
    let app = admin
        .create_client(
            CreateOAuthClientParams::new(["https://tool.example.com/cb?src=x"])
                .client_name("Tool")
                .logo_uri("https://tool.example.com/logo.png"),
        )
        .await
        .unwrap();
    fake.add_user("ann@example.com", "correct-horse-battery");
    let c = client(fake, ANON_KEY);
    c.auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "ann@example.com",
            "correct-horse-battery",
        ))
        .await
        .unwrap();
    (c, app)
}

#[tokio::test]
async fn consent_approve_deny_auto_approve_and_grants() {
    let fake = FakeGoTrue::start().await;
    let (c, app) = user_and_client(&fake).await;
    let oauth = c.auth().oauth();

    // First visit: details for the consent screen.
    let id = fake
        .start_authorization(
            &app.client_id,
            "https://tool.example.com/cb?src=x",
            "openid email",
            "st 1",
        )
        .unwrap();
    let AuthorizationDetails::Consent(details) =
        oauth.get_authorization_details(&id).await.unwrap()
    else {
        panic!("expected a consent screen")
    };
    assert_eq!(details.authorization_id, id);
    assert_eq!(details.client.name.as_deref(), Some("Tool"));
    assert_eq!(
        details.client.logo_uri.as_deref(),
        Some("https://tool.example.com/logo.png")
    );
    assert_eq!(details.user.email.as_deref(), Some("ann@example.com"));
    assert_eq!(details.scope.as_deref(), Some("openid email"));
    let l = fake.last(&format!("/auth/v1/oauth/authorizations/{id}"));
    assert!(l.header("authorization").unwrap().starts_with("Bearer ey"));

    // Approve: code and state on the registered redirect URI.
    let approved = oauth.approve_authorization(&id).await.unwrap();
    let body = fake
        .last(&format!("/auth/v1/oauth/authorizations/{id}/consent"))
        .body
        .unwrap();
    assert_eq!(body, json!({"action": "approve"}));
    let url = url::Url::parse(&approved.redirect_url).unwrap();
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(pairs[0].0, "code");
    assert_eq!(pairs[1], ("src".into(), "x".into()));
    assert_eq!(pairs[2], ("state".into(), "st 1".into()));
    // Decided: a second decision is refused.
    let e = oauth.deny_authorization(&id).await.unwrap_err();
    assert_eq!(code_of(e), (400, "validation_failed".into()));

    // Same scopes again: the server approves at once and only a redirect comes back.
    let again = fake
        .start_authorization(
            &app.client_id,
            "https://tool.example.com/cb?src=x",
            "email",
            "",
        )
        .unwrap();
    let AuthorizationDetails::AlreadyApproved(r) =
        oauth.get_authorization_details(&again).await.unwrap()
    else {
        panic!("expected an automatic approval")
    };
    assert!(r.redirect_url.contains("code="));
    assert!(!r.redirect_url.contains("state="));

    // A wider scope needs consent; deny it.
    let wider = fake
        .start_authorization(
            &app.client_id,
            "https://tool.example.com/cb?src=x",
            "openid phone",
            "s2",
        )
        .unwrap();
    assert!(matches!(
        oauth.get_authorization_details(&wider).await.unwrap(),
        AuthorizationDetails::Consent(_)
    ));
    let denied = oauth.deny_authorization(&wider).await.unwrap();
    assert!(denied
        .redirect_url
        .contains("error=access_denied&error_description=User+denied+the+request&src=x&state=s2"));

    // Grants: one, with the approved scopes.
    let grants = oauth.list_grants().await.unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].client.id, app.client_id);
    assert_eq!(grants[0].scopes, ["openid", "email"]);

    // Revoke: gone; revoking again is the server's 404; consent is asked again.
    oauth.revoke_grant(&app.client_id).await.unwrap();
    assert_eq!(
        fake.last("/auth/v1/user/oauth/grants").query.as_deref(),
        Some(format!("client_id={}", app.client_id).as_str())
    );
    assert!(oauth.list_grants().await.unwrap().is_empty());
    let e = oauth.revoke_grant(&app.client_id).await.unwrap_err();
    assert_eq!(code_of(e), (404, "oauth_consent_not_found".into()));
    let after = fake
        .start_authorization(
            &app.client_id,
            "https://tool.example.com/cb?src=x",
            "email",
            "",
        )
        .unwrap();
    assert!(matches!(
        oauth.get_authorization_details(&after).await.unwrap(),
        AuthorizationDetails::Consent(_)
    ));
    let e = oauth.revoke_grant("not-a-uuid").await.unwrap_err();
    assert_eq!(code_of(e), (400, "validation_failed".into()));
    fake.assert_clean();
}

#[tokio::test]
async fn expired_unknown_and_foreign_authorizations() {
    let fake = FakeGoTrue::start().await;
    let (c, app) = user_and_client(&fake).await;
    let oauth = c.auth().oauth();
    assert_eq!(
        fake.start_authorization(&app.client_id, "https://evil.example/cb", "email", ""),
        Err("invalid redirect_uri".into())
    );

    let id = fake
        .start_authorization(
            &app.client_id,
            "https://tool.example.com/cb?src=x",
            "email",
            "",
        )
        .unwrap();
    fake.expire_authorization(&id);
    let e = oauth.get_authorization_details(&id).await.unwrap_err();
    assert_eq!(code_of(e), (404, "oauth_authorization_not_found".into()));
    let e = oauth
        .approve_authorization("authz-unknown")
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (404, "oauth_authorization_not_found".into()));

    // Approving without having loaded the details first: the authorization has no user yet.
    let fresh = fake
        .start_authorization(
            &app.client_id,
            "https://tool.example.com/cb?src=x",
            "email",
            "",
        )
        .unwrap();
    let e = oauth.approve_authorization(&fresh).await.unwrap_err();
    assert_eq!(code_of(e), (404, "oauth_authorization_not_found".into()));

    // Another user cannot read or decide someone else's authorization.
    oauth.get_authorization_details(&fresh).await.unwrap();
    fake.add_user("bob@example.com", "bob-password-123");
    let bob = client(&fake, ANON_KEY);
    bob.auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "bob@example.com",
            "bob-password-123",
        ))
        .await
        .unwrap();
    let e = bob
        .auth()
        .oauth()
        .get_authorization_details(&fresh)
        .await
        .unwrap_err();
    assert_eq!(code_of(e), (404, "oauth_authorization_not_found".into()));

    // Signed out: no request, session missing.
    let anon = client(&fake, ANON_KEY);
    let e = anon.auth().oauth().list_grants().await.unwrap_err();
    assert!(auth_err(e).is_session_missing());
    fake.assert_clean();
}
