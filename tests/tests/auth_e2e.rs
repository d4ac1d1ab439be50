//! End to end: sign in against a GoTrue-protocol fake that signs its access tokens with the
//! test stack's JWT secret (HS256, `sub`, `role: authenticated`), then query the real
//! PostgREST through a gateway serving both `/auth/v1` (the fake) and `/rest/v1` (PostgREST).
//! Row level security on `todos` must show each user only their rows, and sign-out must return
//! the client to the anon key.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use serde_json::{json, Value};
use supabase_core::auth::{AuthOptions, SignInWithPasswordCredentials, SignOutScope};
use supabase_core::{Client, Order};
use supabase_tests::proxy::{Gateway, Route};
use supabase_tests::{jwt, stack};

#[derive(Debug, PartialEq, Deserialize)]
struct Todo {
    id: i64,
    owner: String,
    task: String,
}

/// The smallest honest GoTrue for this test: the password grant for two users, and logout.
/// It checks the headers auth-js sends and refuses anything else.
struct MiniGoTrue {
    anon_key: String,
    secret: String,
    problems: Mutex<Vec<String>>,
}

impl MiniGoTrue {
    fn answer(&self, req: &Request<()>, body: &[u8]) -> Response<Full<Bytes>> {
        let h = |n: &str| {
            req.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
        };
        let mut problem = None;
        if h("apikey") != self.anon_key || h("x-supabase-api-version") != "2024-01-01" {
            problem = Some("missing apikey or api version".to_owned());
        }
        let reply = |status: u16, v: Value| {
            Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(Full::new(Bytes::from(v.to_string())))
                .unwrap()
        };
        let path = req.uri().path();
        let query = req.uri().query().unwrap_or("");
        let out = match (req.method().as_str(), path, query) {
            ("POST", "/token", "grant_type=password") if problem.is_none() => {
                let b: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
                if h("authorization") != format!("Bearer {}", self.anon_key) {
                    problem = Some("password grant without the key as bearer".into());
                }
                let users = [("alice@example.com", "alice"), ("bob@example.com", "bob")];
                match users.iter().find(|(e, _)| b["email"] == *e) {
                    Some((email, sub)) if b["password"] == "pw-for-tests" => {
                        let now = std::time::SystemTime::now()
                            .duration_since(std::time::UNIX_EPOCH)
                            .unwrap()
                            .as_secs();
                        let token = jwt::sign_hs256(
                            &json!({"aud": "authenticated", "role": "authenticated", "sub": sub,
                                    "email": email, "iat": now, "exp": now + 3600}),
                            &self.secret,
                        );
                        reply(
                            200,
                            json!({
                                "access_token": token, "token_type": "bearer", "expires_in": 3600,
                                "expires_at": now + 3600, "refresh_token": format!("rt-{sub}"),
                                "user": {"id": sub, "aud": "authenticated", "email": email,
                                         "app_metadata": {}, "user_metadata": {}},
                            }),
                        )
                    }
                    _ => reply(
                        400,
                        json!({"code": "invalid_credentials", "message": "Invalid login credentials"}),
                    ),
                }
            }
            ("POST", "/logout", "scope=local") if problem.is_none() => Response::builder()
                .status(204)
                .body(Full::new(Bytes::new()))
                .unwrap(),
            _ => {
                let p = problem
                    .clone()
                    .unwrap_or_else(|| format!("unexpected {} {path}?{query}", req.method()));
                problem = Some(p);
                reply(400, json!({"code": "fake_rejected"}))
            }
        };
        if let Some(p) = problem {
            self.problems.lock().unwrap().push(p);
        }
        out
    }
}

async fn start_gotrue(anon_key: &str, secret: &str) -> (String, Arc<MiniGoTrue>) {
    let fake = Arc::new(MiniGoTrue {
        anon_key: anon_key.to_owned(),
        secret: secret.to_owned(),
        problems: Mutex::new(Vec::new()),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = Arc::clone(&fake);
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                continue;
            };
            let fake = Arc::clone(&server);
            tokio::spawn(async move {
                let service = service_fn(move |req: Request<Incoming>| {
                    let fake = Arc::clone(&fake);
                    async move {
                        let (parts, body) = req.into_parts();
                        let bytes = body
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        Ok::<_, Infallible>(fake.answer(&Request::from_parts(parts, ()), &bytes))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), service)
                    .await;
            });
        }
    });
    (url, fake)
}

async fn todos(client: &Client) -> Vec<i64> {
    let rows: Vec<Todo> = client
        .from("todos")
        .select("id, owner, task")
        .order("id", Order::asc())
        .execute()
        .await
        .expect("todos")
        .data;
    rows.into_iter().map(|t| t.id).collect()
}

#[tokio::test]
async fn signed_in_user_sees_only_rows_rls_allows() {
    let stack = stack();
    let (gotrue_url, gotrue) = start_gotrue(&stack.anon_key, &stack.jwt_secret).await;
    let gateway = Gateway::start(vec![
        Route::new("/rest/v1", &stack.postgrest_url),
        Route::new("/auth/v1", &gotrue_url),
    ])
    .unwrap();
    let client = Client::builder(&gateway.url, &stack.anon_key)
        .auth_options(AuthOptions::new().auto_refresh(false))
        .build()
        .unwrap();

    assert_eq!(todos(&client).await, [2], "anon: the public row only");

    let signed = client
        .auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "alice@example.com",
            "pw-for-tests",
        ))
        .await
        .unwrap();
    assert_eq!(signed.user.unwrap().id, "alice");
    assert_eq!(todos(&client).await, [1, 2], "alice: her own rows");

    let bob = Client::builder(&gateway.url, &stack.anon_key)
        .auth_options(AuthOptions::new().auto_refresh(false))
        .build()
        .unwrap();
    bob.auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "bob@example.com",
            "pw-for-tests",
        ))
        .await
        .unwrap();
    assert_eq!(todos(&bob).await, [3], "bob: his row only");
    assert_eq!(todos(&client).await, [1, 2], "sessions are per client");

    let wrong = bob
        .auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "bob@example.com",
            "nope",
        ))
        .await
        .unwrap_err();
    assert_eq!(wrong.auth().unwrap().status(), 400);
    assert_eq!(todos(&bob).await, [3], "a failed sign-in keeps the session");

    client.auth().sign_out(SignOutScope::Local).await.unwrap();
    assert_eq!(todos(&client).await, [2], "signed out: back to anon");
    assert!(
        gotrue.problems.lock().unwrap().is_empty(),
        "{:?}",
        gotrue.problems.lock().unwrap()
    );
}
