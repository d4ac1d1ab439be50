//! The session lifecycle against the GoTrue fake: one refresh for 200 concurrent requests,
//! refresh timing on tokio's paused clock (auto-refresh ticks, `get_session`'s 90 s margin),
//! retries, the 60 s cooldown, never signing out on a transient failure, events in order,
//! the file store, and the session as the token source of the other services.

#![cfg(feature = "auth")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod auth_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth_support::{FakeGoTrue, Scripted, ANON_KEY};
use serde_json::json;
use supabase_core::auth::*;
use supabase_core::Client;

fn client(fake: &FakeGoTrue, options: AuthOptions) -> Client {
    Client::builder(fake.project_url(), ANON_KEY)
        .auth_options(options)
        .build()
        .unwrap()
}

async fn sign_in(fake: &FakeGoTrue, c: &Client) -> Session {
    let email = format!("u{}@example.com", fake.log().len());
    fake.add_user(&email, "long-enough-pw");
    c.auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            &email,
            "long-enough-pw",
        ))
        .await
        .unwrap()
        .session
        .unwrap()
}

async fn probe(c: &Client) -> Result<(), supabase_core::Error> {
    c.from("probe")
        .select("*")
        .execute::<serde_json::Value>()
        .await
        .map(|_| ())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_requests_share_one_refresh() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake, AuthOptions::new().auto_refresh(false));
    fake.push_expires_in(60); // inside get_session's 90 s margin: the next use refreshes
    let first = sign_in(&fake, &c).await;
    fake.set_refresh_delay(Duration::from_millis(150));
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { probe(&c).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().expect("no request fails");
    }
    assert_eq!(fake.refresh_calls(), 1, "exactly one refresh grant");
    let refreshed = c.auth().get_session().await.unwrap().unwrap();
    assert_ne!(refreshed.access_token, first.access_token);
    let tokens = fake.rest_tokens();
    assert_eq!(tokens.len(), 200);
    assert!(
        tokens.iter().all(|t| *t == refreshed.access_token),
        "every request waited for the new token"
    );
    // The refresh grant carried the API key, not the expiring user JWT.
    let grant = fake
        .requests("/auth/v1/token")
        .into_iter()
        .find(|l| l.query.as_deref() == Some("grant_type=refresh_token"))
        .unwrap();
    assert_eq!(
        grant.header("authorization"),
        Some(format!("Bearer {ANON_KEY}").as_str())
    );
    assert_eq!(
        grant.body.unwrap(),
        json!({"refresh_token": first.refresh_token})
    );
    fake.assert_clean();
}

#[tokio::test(start_paused = true)]
async fn auto_refresh_ticks_refresh_when_under_120_seconds() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake, AuthOptions::new());
    let mut events = c.auth().subscribe();
    sign_in(&fake, &c).await; // expires in 3600 s
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::SignedIn
    );
    tokio::time::sleep(Duration::from_secs(3600 - 125)).await;
    assert_eq!(fake.refresh_calls(), 0, "no refresh with 125 s left");
    tokio::time::sleep(Duration::from_secs(40)).await;
    assert_eq!(
        fake.refresh_calls(),
        1,
        "a tick with < 120 s left refreshed"
    );
    let e = events.recv().await.unwrap();
    assert_eq!(e.event, AuthChangeEvent::TokenRefreshed);
    assert!(
        e.session.is_some(),
        "TOKEN_REFRESHED carries the session (for Realtime)"
    );
    tokio::time::sleep(Duration::from_secs(1800)).await;
    assert_eq!(
        fake.refresh_calls(),
        1,
        "the new session is good for an hour"
    );
    c.auth().stop_auto_refresh();
    tokio::time::sleep(Duration::from_secs(3600)).await;
    assert_eq!(fake.refresh_calls(), 1, "stopped");
    c.auth().start_auto_refresh();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        fake.refresh_calls(),
        2,
        "restarting ticks at once and refreshes the expired session"
    );
    fake.assert_clean();
}

#[tokio::test(start_paused = true)]
async fn get_session_refreshes_within_90_seconds() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake, AuthOptions::new().auto_refresh(false));
    let s = sign_in(&fake, &c).await;
    tokio::time::sleep(Duration::from_secs(3600 - 95)).await;
    assert_eq!(
        c.auth().get_session().await.unwrap().unwrap().access_token,
        s.access_token
    );
    assert_eq!(fake.refresh_calls(), 0);
    tokio::time::sleep(Duration::from_secs(10)).await;
    let s2 = c.auth().get_session().await.unwrap().unwrap();
    assert_eq!(fake.refresh_calls(), 1);
    assert_ne!(s2.access_token, s.access_token);
    // refresh_session always refreshes.
    c.auth().refresh_session().await.unwrap();
    assert_eq!(fake.refresh_calls(), 2);
    fake.assert_clean();
}

#[tokio::test(start_paused = true)]
async fn transient_failures_retry_then_cool_down_and_never_sign_out() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake, AuthOptions::new().auto_refresh(false));
    fake.push_expires_in(80);
    let s = sign_in(&fake, &c).await;
    let mut events = c.auth().subscribe();
    for _ in 0..20 {
        fake.script("/auth/v1/token", Scripted::raw(503, "upstream down"));
    }
    let start = tokio::time::Instant::now();
    let got = c.auth().get_session().await.unwrap().unwrap();
    // Backoff 200 ms·2^n while under 30 s: 8 attempts (25.4 s of waiting).
    assert_eq!(fake.refresh_calls(), 8);
    assert_eq!(start.elapsed(), Duration::from_millis(25_400));
    assert_eq!(
        got.access_token, s.access_token,
        "the still-valid session is kept"
    );
    // Cooldown: the same refresh token is not tried again for 60 s.
    let e = c.auth().refresh_session().await.unwrap_err();
    assert!(e.auth().unwrap().is_retryable());
    assert_eq!(fake.refresh_calls(), 8);
    // The access token expires; still no sign-out on a transient failure.
    tokio::time::sleep(Duration::from_secs(60)).await;
    let e = c.auth().get_session().await.unwrap_err();
    assert!(e.auth().unwrap().is_retryable());
    assert!(fake.refresh_calls() > 8);
    assert!(events.try_recv().is_none(), "no SIGNED_OUT");
    tokio::time::sleep(Duration::from_secs(61)).await;
    // Once the scripted 503s are used up the server answers again and the refresh succeeds.
    while fake.refresh_calls() < 20 {
        let _ = c.auth().refresh_session().await;
        tokio::time::sleep(Duration::from_secs(61)).await;
    }
    let s2 = c.auth().get_session().await.unwrap().unwrap();
    assert_ne!(s2.access_token, s.access_token);
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::TokenRefreshed
    );
    fake.assert_clean();
}

#[tokio::test(start_paused = true)]
async fn unrecoverable_refresh_signs_out_only_when_expired() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake, AuthOptions::new().auto_refresh(false));
    fake.push_expires_in(100);
    sign_in(&fake, &c).await;
    let mut events = c.auth().subscribe();
    let used = || {
        Scripted::json(
            400,
            json!({"code": "refresh_token_already_used", "message": "Already Used"}),
        )
        .header("x-supabase-api-version", "2024-01-01")
    };
    fake.script("/auth/v1/token", used());
    let e = c.auth().refresh_session().await.unwrap_err();
    assert_eq!(
        e.auth().unwrap().code(),
        Some(&ErrorCode::RefreshTokenAlreadyUsed)
    );
    assert!(
        c.auth().get_session().await.unwrap().is_some(),
        "unexpired: kept"
    );
    tokio::time::sleep(Duration::from_secs(161)).await; // expired, cooldown over
    fake.script("/auth/v1/token", used());
    assert!(c.auth().get_session().await.is_err());
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::SignedOut
    );
    assert!(c.auth().get_session().await.unwrap().is_none());
    fake.assert_clean();
}

#[tokio::test]
async fn events_in_order_callbacks_and_unsubscribe() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake, AuthOptions::new().auto_refresh(false));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let sub = c
        .auth()
        .on_auth_state_change_callback(move |e| sink.lock().unwrap().push(e.event))
        .await;
    let mut stream = c.auth().on_auth_state_change().await;
    sign_in(&fake, &c).await;
    c.auth().refresh_session().await.unwrap();
    c.auth()
        .update_user(UserAttributes::new().data(json!({"a": 1})))
        .await
        .unwrap();
    c.auth().sign_out(SignOutScope::Local).await.unwrap();
    use AuthChangeEvent::*;
    let expected = vec![
        InitialSession,
        SignedIn,
        TokenRefreshed,
        UserUpdated,
        SignedOut,
    ];
    let mut got = Vec::new();
    for _ in 0..expected.len() {
        got.push(stream.recv().await.unwrap().event);
    }
    assert_eq!(got, expected);
    assert_eq!(*seen.lock().unwrap(), expected);
    sub.unsubscribe();
    stream.unsubscribe();
    sign_in(&fake, &c).await;
    assert_eq!(seen.lock().unwrap().len(), expected.len(), "unsubscribed");
    fake.assert_clean();
}

#[tokio::test]
async fn session_drives_rest_requests_until_sign_out() {
    let fake = FakeGoTrue::start().await;
    let c = client(&fake, AuthOptions::new().auto_refresh(false));
    probe(&c).await.unwrap();
    let s = sign_in(&fake, &c).await;
    probe(&c).await.unwrap();
    // Another handle (`client.auth()` again, or a clone of the client) is the same session.
    let other = c.clone();
    assert_eq!(
        other
            .auth()
            .get_session()
            .await
            .unwrap()
            .unwrap()
            .access_token,
        s.access_token
    );
    c.auth().sign_out(SignOutScope::Global).await.unwrap();
    probe(&c).await.unwrap();
    assert_eq!(
        fake.rest_tokens(),
        vec![
            ANON_KEY.to_owned(),
            s.access_token.clone(),
            ANON_KEY.to_owned()
        ]
    );
    // A token source given to the builder wins (third-party auth).
    #[derive(Debug)]
    struct Fixed;
    impl supabase_core::TokenSource for Fixed {
        fn access_token(&self) -> supabase_core::TokenFuture<'_> {
            Box::pin(async { Some(ANON_KEY.to_owned()) })
        }
    }
    let third = Client::builder(fake.project_url(), ANON_KEY)
        .token_source(Arc::new(Fixed))
        .build()
        .unwrap();
    sign_in(&fake, &third).await;
    probe(&third).await.unwrap();
    assert_eq!(fake.rest_tokens().last().unwrap(), ANON_KEY);
    fake.assert_clean();
}

#[tokio::test]
async fn file_store_survives_restart_and_bad_data_signs_out() {
    let fake = FakeGoTrue::start().await;
    let dir = std::env::temp_dir().join(format!(
        "auth-store-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    let store = || Arc::new(FileStore::new(&dir));
    let a = client(&fake, AuthOptions::new().auto_refresh(false).store(store()));
    let s = sign_in(&fake, &a).await;
    let file = dir.join("sb-127-auth-token.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let stored: Session = serde_json::from_str(&text).unwrap();
    assert_eq!(stored.access_token, s.access_token);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // A new client on the same store: SIGNED_IN at start-up, then INITIAL_SESSION.
    let b = client(&fake, AuthOptions::new().auto_refresh(false).store(store()));
    let mut events = b.auth().on_auth_state_change().await;
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::SignedIn
    );
    let initial = events.recv().await.unwrap();
    assert_eq!(initial.event, AuthChangeEvent::InitialSession);
    assert_eq!(initial.session.unwrap().access_token, s.access_token);
    // A stored session missing expires_at is invalid: removed, SIGNED_OUT, no session.
    std::fs::write(
        &file,
        r#"{"access_token":"a","refresh_token":"r","user":{"id":"u"}}"#,
    )
    .unwrap();
    let c = client(&fake, AuthOptions::new().auto_refresh(false).store(store()));
    let mut events = c.auth().subscribe();
    assert!(c.auth().get_session().await.unwrap().is_none());
    assert_eq!(
        events.recv().await.unwrap().event,
        AuthChangeEvent::SignedOut
    );
    assert!(!file.exists());
    let _ = std::fs::remove_dir_all(&dir);
    fake.assert_clean();
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}
