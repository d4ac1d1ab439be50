//! Custom OAuth/OIDC providers: the admin API against the GoTrue fake (create both types,
//! list by type, get, update, delete; the server's refusals: missing fields, HTTP or loopback
//! URLs, reserved authorization params, protected mapping targets, an unreachable discovery
//! document, a duplicate, the quota, an unknown provider) and the `custom:` prefix in OAuth
//! and id-token sign-in. Every test ends with `fake.assert_clean()`.

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

fn code_of(e: Error) -> (u16, String, String) {
    match e {
        Error::Auth(a) => (
            a.status(),
            a.code().map(|c| c.as_str().to_owned()).unwrap_or_default(),
            a.message().to_owned(),
        ),
        other => panic!("expected an auth error, got {other:?}"),
    }
}

const OAUTH2_URLS: [&str; 3] = [
    "https://git.acme.example/oauth/authorize",
    "https://git.acme.example/oauth/token",
    "https://git.acme.example/api/user",
];

#[tokio::test]
async fn custom_provider_admin_lifecycle_and_refusals() {
    let fake = FakeGoTrue::start().await;
    let admin = client(&fake, SERVICE_KEY).auth().admin().custom_providers();
    fake.publish_discovery("https://id.acme.example");

    let oidc = admin
        .create_provider(
            CreateCustomProviderParams::oidc(
                "custom:acme-sso",
                "Acme SSO",
                "acme-client",
                "acme-secret",
                "https://id.acme.example",
            )
            .scopes(["email"])
            .authorization_param("prompt", "login"),
        )
        .await
        .unwrap();
    let body = fake.last("/auth/v1/admin/custom-providers").body.unwrap();
    assert_eq!(
        body,
        json!({"provider_type": "oidc", "identifier": "custom:acme-sso", "name": "Acme SSO",
            "client_id": "acme-client", "client_secret": "acme-secret", "issuer": "https://id.acme.example",
            "scopes": ["email"], "authorization_params": {"prompt": "login"}})
    );
    assert_eq!(oidc.provider_type, "oidc");
    assert_eq!(
        oidc.scopes.as_deref(),
        Some(&["openid".to_owned(), "email".to_owned()][..])
    );
    assert!(oidc.enabled && oidc.pkce_enabled);
    assert!(oidc.discovery_document.is_some());

    let oauth2 = admin
        .create_provider(
            CreateCustomProviderParams::oauth2(
                "custom:acme-git",
                "Acme Git",
                "git-client",
                "git-secret",
                OAUTH2_URLS,
            )
            .pkce_enabled(false),
        )
        .await
        .unwrap();
    assert_eq!(oauth2.token_url.as_deref(), Some(OAUTH2_URLS[1]));
    assert!(!oauth2.pkce_enabled);

    // List, by type.
    assert_eq!(admin.list_providers(None).await.unwrap().len(), 2);
    let only = admin
        .list_providers(Some(CustomProviderType::Oauth2))
        .await
        .unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(
        fake.last("/auth/v1/admin/custom-providers")
            .query
            .as_deref(),
        Some("type=oauth2")
    );

    // Get and update: the identifier goes into the path with its literal `custom:`.
    let got = admin.get_provider("custom:acme-git").await.unwrap();
    assert_eq!(got.id, oauth2.id);
    assert_eq!(
        fake.log().last().unwrap().path,
        "/auth/v1/admin/custom-providers/custom:acme-git"
    );
    let updated = admin
        .update_provider(
            "custom:acme-git",
            UpdateCustomProviderParams::new()
                .name("Acme Git (new)")
                .enabled(false),
        )
        .await
        .unwrap();
    assert_eq!(updated.name, "Acme Git (new)");
    assert!(!updated.enabled);
    let e = admin
        .update_provider(
            "custom:acme-sso",
            UpdateCustomProviderParams::new().issuer("https://moved.acme.example"),
        )
        .await
        .unwrap_err();
    assert_eq!(code_of(e).1, "validation_failed");
    assert_eq!(
        admin
            .get_provider("custom:acme-sso")
            .await
            .unwrap()
            .issuer
            .as_deref(),
        Some("https://id.acme.example")
    );

    // The server's refusals.
    let refusals = [
        (
            CreateCustomProviderParams::oidc("acme", "A", "c", "s", "https://id.acme.example"),
            "identifier must start with 'custom:' prefix, e.g. 'custom:acme'",
        ),
        (
            CreateCustomProviderParams::oidc("custom:x", "A", "c", "", "https://id.acme.example"),
            "client_secret is required",
        ),
        (
            CreateCustomProviderParams::oidc("custom:x", "A", "c", "s", "http://id.acme.example"),
            "URL must use HTTPS",
        ),
        (
            CreateCustomProviderParams::oauth2(
                "custom:x",
                "A",
                "c",
                "s",
                ["https://localhost/a", OAUTH2_URLS[1], OAUTH2_URLS[2]],
            ),
            "URL must not point to localhost or loopback addresses",
        ),
        (
            CreateCustomProviderParams::oauth2("custom:x", "A", "c", "s", OAUTH2_URLS)
                .authorization_param("state", "fixed"),
            "Cannot override reserved OAuth parameter: state",
        ),
        (
            CreateCustomProviderParams::oauth2("custom:x", "A", "c", "s", OAUTH2_URLS)
                .attribute_mapping(serde_json::from_value(json!({"role": "admin"})).unwrap()),
            "Cannot map to protected system field: role",
        ),
        (
            CreateCustomProviderParams::oidc("custom:x", "A", "c", "s", "https://unreachable.example"),
            "OIDC discovery from \"https://unreachable.example/.well-known/openid-configuration\" failed: fetch failed",
        ),
    ];
    for (params, message) in refusals {
        let e = admin.create_provider(params).await.unwrap_err();
        assert_eq!(
            code_of(e),
            (400, "validation_failed".into(), message.into())
        );
    }
    let e = admin
        .create_provider(CreateCustomProviderParams::oauth2(
            "custom:acme-git",
            "Again",
            "c",
            "s",
            OAUTH2_URLS,
        ))
        .await
        .unwrap_err();
    assert_eq!(code_of(e).1, "conflict");
    fake.set_max_custom_providers(2);
    let e = admin
        .create_provider(CreateCustomProviderParams::oauth2(
            "custom:third",
            "Third",
            "c",
            "s",
            OAUTH2_URLS,
        ))
        .await
        .unwrap_err();
    assert_eq!(code_of(e).1, "over_custom_provider_quota");

    // Without the prefix in the path, and unknown ones.
    let e = admin.get_provider("acme-git").await.unwrap_err();
    assert_eq!(code_of(e).1, "validation_failed");
    let e = admin.get_provider("custom:nobody").await.unwrap_err();
    assert_eq!(code_of(e).0, 404);
    admin.delete_provider("custom:acme-git").await.unwrap();
    let e = admin.delete_provider("custom:acme-git").await.unwrap_err();
    assert_eq!(
        code_of(e),
        (
            404,
            "custom_provider_not_found".into(),
            "Custom OAuth provider not found".into()
        )
    );
    fake.assert_clean();
}

#[tokio::test]
async fn custom_prefix_in_sign_in() {
    let fake = FakeGoTrue::start().await;
    let admin = client(&fake, SERVICE_KEY).auth().admin().custom_providers();
    fake.publish_discovery("https://id.acme.example");
    admin
        .create_provider(CreateCustomProviderParams::oidc(
            "custom:acme",
            "Acme",
            "acme-client",
            "acme-secret",
            "https://id.acme.example",
        ))
        .await
        .unwrap();
    admin
        .create_provider(CreateCustomProviderParams::oauth2(
            "custom:git",
            "Git",
            "c",
            "s",
            OAUTH2_URLS,
        ))
        .await
        .unwrap();
    let c = client(&fake, ANON_KEY);

    // OAuth: the provider is sent as `custom:acme`, encoded like any query value.
    let url = c
        .auth()
        .sign_in_with_oauth(SignInWithOAuthCredentials::custom("acme"))
        .await
        .unwrap()
        .url;
    assert!(
        url.as_str()
            .ends_with("/auth/v1/authorize?provider=custom%3Aacme"),
        "{url}"
    );

    // ID token: an OIDC custom provider signs in; unknown or non-OIDC ones are refused.
    let r = c
        .auth()
        .sign_in_with_id_token(SignInWithIdTokenCredentials::custom("acme", "tok"))
        .await
        .unwrap();
    assert!(r.session.is_some());
    assert_eq!(
        fake.last("/auth/v1/token").body.unwrap()["provider"],
        "custom:acme"
    );
    let e = c
        .auth()
        .sign_in_with_id_token(SignInWithIdTokenCredentials::custom("nobody", "tok"))
        .await
        .unwrap_err();
    assert_eq!(
        code_of(e),
        (
            400,
            "validation_failed".into(),
            "Custom provider \"custom:nobody\" not found".into()
        )
    );
    let e = c
        .auth()
        .sign_in_with_id_token(SignInWithIdTokenCredentials::custom("git", "tok"))
        .await
        .unwrap_err();
    assert_eq!(
        code_of(e).2,
        "Provider \"custom:git\" is not an OIDC provider"
    );
    fake.assert_clean();
}
