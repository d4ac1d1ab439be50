//! The Edge Functions client against real Deno serving the test functions of
//! `tests/deno/functions/main.ts` on 127.0.0.1 (fact sheet §4, §6, §7 item 23).
//!
//! One `#[test]` starts Deno once and runs every case in turn, printing `ok`/`FAIL` per case and
//! failing at the end if any case failed. The `echo` function answers with the method, path,
//! query, headers and body it received, so each case asserts what really went over the wire.
//! No case asserts on wall-clock time: the timeout case only checks the error kind, and the
//! stream case proves incremental delivery by releasing later events only after the first
//! chunk was read.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod functions_support;

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::FutureExt;
use http::Method;
use serde::Deserialize;
use serde_json::{json, Value};
use supabase_core::functions::{FunctionsError, Invoke, Region, ResponseBody};
use supabase_core::{Client, ClientBuilder, Error, TokenFuture, TokenSource};

use functions_support::DenoServer;

/// Looks like a legacy anon JWT (three base64url parts).
const JWT_KEY: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl";
const PUBLISHABLE_KEY: &str = "sb_publishable_abc123";
const SECRET_KEY: &str = "sb_secret_xyz789";

struct Ctx {
    base: String,
    http: supabase_core::reqwest::Client,
}

impl Ctx {
    fn builder(&self, key: &str) -> ClientBuilder {
        Client::builder(&self.base, key).http_client(self.http.clone())
    }

    fn client(&self, key: &str) -> Client {
        self.builder(key).build().unwrap()
    }

    fn call(&self, name: &str) -> Invoke {
        self.client(JWT_KEY).functions().invoke(name)
    }
}

#[derive(Debug)]
struct UserJwt(&'static str);

impl TokenSource for UserJwt {
    fn access_token(&self) -> TokenFuture<'_> {
        let token = self.0.to_owned();
        Box::pin(async move { Some(token) })
    }
}

/// What the `echo` function saw.
#[derive(Debug, Deserialize)]
struct Echo {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: serde_json::Map<String, Value>,
    has_authorization: bool,
    body: String,
    body_bytes: Vec<u8>,
}

impl Echo {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(Value::as_str)
    }
}

async fn echo(call: Invoke) -> Echo {
    let res = call.send::<Echo>().await.unwrap();
    assert_eq!(res.status, 200);
    res.data
}

fn functions_error(err: &Error) -> &FunctionsError {
    err.functions()
        .unwrap_or_else(|| panic!("expected Error::Functions, got {err:?}"))
}

// ---------------------------------------------------------------------------------------------
// Bodies and Content-Type (fact sheet §4 table).

async fn json_body_sets_application_json(ctx: &Ctx) {
    let seen = echo(
        ctx.call("echo")
            .body(json!({"a": 1, "b": [true, null], "c": "é"})),
    )
    .await;
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, "/functions/v1/echo");
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.body, r#"{"a":1,"b":[true,null],"c":"é"}"#);
}

async fn json_body_with_caller_content_type_is_still_json(ctx: &Ctx) {
    let seen = echo(
        ctx.call("echo")
            .header("Content-Type", "application/vnd.api+json")
            .body(json!([1, 2])),
    )
    .await;
    assert_eq!(
        seen.header("content-type"),
        Some("application/vnd.api+json")
    );
    assert_eq!(seen.body, "[1,2]");
}

async fn bytes_body_sets_octet_stream(ctx: &Ctx) {
    let raw: &[u8] = &[0, 255, 1, 128, b'\n'];
    let seen = echo(ctx.call("echo").body_bytes(Bytes::from_static(raw))).await;
    assert_eq!(
        seen.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(seen.body_bytes, raw);
}

async fn bytes_body_with_caller_content_type_is_raw(ctx: &Ctx) {
    let seen = echo(
        ctx.call("echo")
            .header("content-type", "image/png")
            .body_bytes(vec![137u8, 80, 78, 71]),
    )
    .await;
    assert_eq!(seen.header("content-type"), Some("image/png"));
    assert_eq!(seen.body_bytes, [137, 80, 78, 71]);
}

async fn text_body_sets_text_plain(ctx: &Ctx) {
    let seen = echo(ctx.call("echo").body_text("héllo {\"not\": json}")).await;
    assert_eq!(seen.header("content-type"), Some("text/plain"));
    assert_eq!(seen.body, "héllo {\"not\": json}");
}

async fn text_body_with_caller_content_type_is_raw(ctx: &Ctx) {
    let seen = echo(
        ctx.call("echo")
            .header("content-type", "text/csv")
            .body_text("a,b\n1,2\n"),
    )
    .await;
    assert_eq!(seen.header("content-type"), Some("text/csv"));
    assert_eq!(seen.body, "a,b\n1,2\n");
}

async fn form_body_is_urlencoded(ctx: &Ctx) {
    let seen = echo(
        ctx.call("echo")
            .body_form([("name", "Ada Lovelace"), ("note", "1+1=2 & ü")]),
    )
    .await;
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(seen.body, "name=Ada+Lovelace&note=1%2B1%3D2+%26+%C3%BC");

    let seen = echo(
        ctx.call("echo")
            .header(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )
            .body_form([("a", "1")]),
    )
    .await;
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    assert_eq!(seen.body, "a=1");
}

async fn no_body_sends_no_content_type(ctx: &Ctx) {
    let seen = echo(ctx.call("echo")).await;
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.header("content-type"), None);
    assert_eq!(seen.body, "");

    // An empty string is falsy in JS: sent empty, without an automatic Content-Type.
    let seen = echo(ctx.call("echo").body_text("")).await;
    assert_eq!(seen.header("content-type"), None);
    assert_eq!(seen.body, "");
}

// ---------------------------------------------------------------------------------------------
// Methods.

async fn every_method_goes_through(ctx: &Ctx) {
    let seen = echo(ctx.call("echo").method(Method::GET)).await;
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.body, "");
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let seen = echo(
            ctx.call("echo")
                .method(method.clone())
                .body(json!({"m": method.as_str()})),
        )
        .await;
        assert_eq!(seen.method, method.as_str());
        assert_eq!(seen.body, format!(r#"{{"m":"{}"}}"#, method.as_str()));
        assert_eq!(seen.header("content-type"), Some("application/json"));
    }
}

async fn bad_methods_and_get_bodies_are_refused(ctx: &Ctx) {
    let err = ctx
        .call("echo")
        .method(Method::GET)
        .body(json!({}))
        .send::<Value>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    for method in [Method::HEAD, Method::OPTIONS] {
        let err = ctx
            .call("echo")
            .method(method)
            .send_text()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Headers.

async fn header_merge_order(ctx: &Ctx) {
    let client = ctx
        .builder(JWT_KEY)
        .header("x-custom", "global")
        .header("x-global-only", "g")
        .build()
        .unwrap();
    let functions = client
        .functions()
        .with_header("x-functions-only", "f")
        .with_header("x-custom", "functions");

    // Per-call headers win over the functions client's, which win over the global ones.
    let seen = echo(functions.invoke("echo").header("x-custom", "call")).await;
    assert_eq!(seen.header("x-custom"), Some("call"));
    assert_eq!(seen.header("x-global-only"), Some("g"));
    assert_eq!(seen.header("x-functions-only"), Some("f"));
    assert!(seen
        .header("x-client-info")
        .is_some_and(|v| v.starts_with("supabase-core/")));
    let seen = echo(functions.invoke("echo")).await;
    assert_eq!(seen.header("x-custom"), Some("functions"));

    // Per-call apikey and Authorization win too.
    let seen = echo(
        functions
            .invoke("echo")
            .header("apikey", "call-key")
            .header("authorization", "Bearer call-token"),
    )
    .await;
    assert_eq!(seen.header("apikey"), Some("call-key"));
    assert_eq!(seen.header("authorization"), Some("Bearer call-token"));

    // A global Content-Type beats the automatic one (functions-js spreads client headers over
    // it); the call's own Content-Type beats both.
    let typed = ctx
        .builder(JWT_KEY)
        .header("content-type", "application/x-global")
        .build()
        .unwrap();
    let seen = echo(typed.functions().invoke("echo").body_text("t")).await;
    assert_eq!(seen.header("content-type"), Some("application/x-global"));
    let seen = echo(
        typed
            .functions()
            .invoke("echo")
            .header("content-type", "text/x-call")
            .body_text("t"),
    )
    .await;
    assert_eq!(seen.header("content-type"), Some("text/x-call"));

    // A global Authorization wins over the key and over a user token.
    let global_auth = ctx
        .builder(JWT_KEY)
        .header("authorization", "Bearer global")
        .token_source(Arc::new(UserJwt("user-jwt")))
        .build()
        .unwrap();
    let seen = echo(global_auth.functions().invoke("echo")).await;
    assert_eq!(seen.header("authorization"), Some("Bearer global"));
}

async fn bad_headers_are_kept_until_send(ctx: &Ctx) {
    let err = ctx
        .call("echo")
        .header("bad header", "v")
        .send_text()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    let err = ctx
        .client(JWT_KEY)
        .functions()
        .with_header("x-ok", "bad\nvalue")
        .invoke("echo")
        .send_text()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Authorization (fact sheet §6, gotcha 23).

async fn legacy_key_is_sent_as_bearer(ctx: &Ctx) {
    let seen = echo(ctx.call("echo")).await;
    assert_eq!(seen.header("apikey"), Some(JWT_KEY));
    let bearer = format!("Bearer {JWT_KEY}");
    assert_eq!(seen.header("authorization"), Some(bearer.as_str()));
}

async fn new_format_keys_send_no_authorization(ctx: &Ctx) {
    for key in [PUBLISHABLE_KEY, SECRET_KEY] {
        let seen = echo(ctx.client(key).functions().invoke("echo")).await;
        assert!(!seen.has_authorization, "{key}: {:?}", seen.headers);
        assert_eq!(seen.header("apikey"), Some(key));
    }
}

async fn user_token_wins_over_any_key(ctx: &Ctx) {
    for key in [JWT_KEY, PUBLISHABLE_KEY] {
        let client = ctx
            .builder(key)
            .token_source(Arc::new(UserJwt("user-access-token")))
            .build()
            .unwrap();
        let seen = echo(client.functions().invoke("echo")).await;
        assert_eq!(
            seen.header("authorization"),
            Some("Bearer user-access-token")
        );
        assert_eq!(seen.header("apikey"), Some(key));
    }
}

async fn with_auth_sets_the_bearer(ctx: &Ctx) {
    let functions = ctx
        .client(PUBLISHABLE_KEY)
        .functions()
        .with_auth("fn-token");
    let seen = echo(functions.invoke("echo")).await;
    assert_eq!(seen.header("authorization"), Some("Bearer fn-token"));
    assert!(!format!("{functions:?}").contains("fn-token"));
    assert!(!format!("{functions:?}").contains(PUBLISHABLE_KEY));
}

// ---------------------------------------------------------------------------------------------
// Region, query, names.

async fn region_sends_header_and_query(ctx: &Ctx) {
    let seen = echo(ctx.call("echo").region(Region::EuWest3)).await;
    assert_eq!(seen.header("x-region"), Some("eu-west-3"));
    assert_eq!(
        seen.query,
        [("forceFunctionRegion".to_owned(), "eu-west-3".to_owned())]
    );

    // The client's default region, a new region name, and `any` overriding the client's region.
    let functions = ctx.client(JWT_KEY).functions().with_region("ap-south-1");
    let seen = echo(functions.invoke("echo").query("a", "1")).await;
    assert_eq!(seen.header("x-region"), Some("ap-south-1"));
    assert_eq!(
        seen.query,
        [
            ("a".to_owned(), "1".to_owned()),
            ("forceFunctionRegion".to_owned(), "ap-south-1".to_owned())
        ]
    );
    let seen = echo(functions.invoke("echo").region("mars-north-1")).await;
    assert_eq!(seen.header("x-region"), Some("mars-north-1"));
    let seen = echo(functions.invoke("echo").region(Region::Any)).await;
    assert_eq!(seen.header("x-region"), None);
    assert!(seen.query.is_empty(), "{:?}", seen.query);

    // No region at all: nothing.
    let seen = echo(ctx.call("echo")).await;
    assert_eq!(seen.header("x-region"), None);
    assert!(seen.query.is_empty());
}

async fn names_are_percent_encoded_per_segment(ctx: &Ctx) {
    // `/` reaches a sub-route; `?`, `#`, space and non-ASCII stay inside the path.
    let seen = echo(ctx.call("echo/sub path/ü?x=1#frag").query("q", "a b&c")).await;
    assert_eq!(
        seen.path,
        "/functions/v1/echo/sub%20path/%C3%BC%3Fx=1%23frag"
    );
    assert_eq!(seen.query, [("q".to_owned(), "a b&c".to_owned())]);

    // A name the server does not know: its 404 body shows the encoded path.
    let err = ctx.call("no such fn").send_text().await.unwrap_err();
    let e = functions_error(&err);
    assert_eq!(e.status(), 404);
    let body: Value = e.json().unwrap();
    assert_eq!(body["path"], "/functions/v1/no%20such%20fn");

    let err = ctx.call("../rest/v1/x").send_text().await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Responses.

async fn typed_json_response(ctx: &Ctx) {
    #[derive(Deserialize)]
    struct Partial {
        method: String,
        body: String,
    }
    let res = ctx
        .call("echo")
        .body(json!({"x": 1}))
        .send::<Partial>()
        .await
        .unwrap();
    assert_eq!(res.status, 200);
    assert_eq!(res.media_type().as_deref(), Some("application/json"));
    assert_eq!(res.data.method, "POST");
    assert_eq!(res.data.body, r#"{"x":1}"#);

    // Not JSON: a decode error that keeps the body.
    let err = ctx.call("text").send::<Value>().await.unwrap_err();
    assert!(err.is_decode(), "{err:?}");
    assert_eq!(err.raw_body(), Some("hello from text"));
    assert_eq!(err.status(), Some(200));

    // 204 without a body reads as null.
    let res = ctx.call("empty").send::<()>().await.unwrap();
    assert_eq!(res.status, 204);
    let res = ctx.call("empty").send::<Option<Value>>().await.unwrap();
    assert_eq!(res.data, None);
}

async fn text_response(ctx: &Ctx) {
    let res = ctx.call("text").send_text().await.unwrap();
    assert_eq!(res.status, 200);
    assert_eq!(res.data, "hello from text");
    assert_eq!(res.headers["content-type"], "text/plain; charset=utf-8");
}

async fn bytes_response(ctx: &Ctx) {
    let res = ctx.call("binary").send_bytes().await.unwrap();
    assert_eq!(
        res.media_type().as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(res.data.len(), 256);
    assert!(res
        .data
        .iter()
        .enumerate()
        .all(|(i, b)| usize::from(*b) == i));
}

async fn sse_stream_arrives_incrementally(ctx: &Ctx) {
    let mut res = ctx
        .call("sse")
        .query("id", "stream-1")
        .send_stream()
        .await
        .unwrap();
    assert_eq!(res.media_type().as_deref(), Some("text/event-stream"));

    // The function holds back events 1 and 2 until released, so event 0 can only be read here
    // if the body is handed out as it comes (a buffering client would hang until the case's
    // 30 s limit).
    let mut first = Vec::new();
    while !first.ends_with(b"\n\n") {
        let chunk = res.data.next_chunk().await.unwrap().unwrap();
        first.extend_from_slice(&chunk);
    }
    assert_eq!(first, b"data: {\"n\":0}\n\n");

    let released: Value = ctx
        .call("sse-release")
        .query("id", "stream-1")
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(released["released"], true);

    let mut rest = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = res.data.next_chunk().await {
        rest.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert!(chunks >= 1);
    assert_eq!(
        String::from_utf8(rest).unwrap(),
        "data: {\"n\":1}\n\ndata: {\"n\":2}\n\n"
    );
}

async fn raw_response_decoded_by_content_type(ctx: &Ctx) {
    let typed = |ct: Option<&str>, body: &str| {
        let call = ctx.call("typed").query("body", body);
        match ct {
            Some(ct) => call.query("ct", ct),
            None => call,
        }
    };

    let res = typed(Some("application/json; charset=utf-8"), r#"{"a":[1]}"#)
        .send_raw()
        .await
        .unwrap();
    assert_eq!(res.data.as_json(), Some(&json!({"a": [1]})));

    for ct in [
        "application/octet-stream",
        "APPLICATION/PDF",
        "multipart/form-data; boundary=x",
    ] {
        let res = typed(Some(ct), "%PDF").send_raw().await.unwrap();
        assert_eq!(
            res.data.as_bytes().map(|b| &b[..]),
            Some(&b"%PDF"[..]),
            "{ct}"
        );
    }

    for ct in [Some("text/html"), Some("application/xml"), None] {
        let res = typed(ct, "<p>hi</p>").send_raw().await.unwrap();
        assert_eq!(res.data.as_text(), Some("<p>hi</p>"), "{ct:?}");
    }

    let res = typed(Some("text/event-stream"), "data: 1\n\n")
        .send_raw()
        .await
        .unwrap();
    let stream = res.data.into_stream().expect("a stream");
    assert_eq!(&stream.collect_bytes().await.unwrap()[..], b"data: 1\n\n");

    let err = typed(Some("application/json"), "{oops")
        .send_raw()
        .await
        .unwrap_err();
    assert!(err.is_decode(), "{err:?}");
    assert_eq!(err.raw_body(), Some("{oops"));

    // 204: no Content-Type, empty text.
    let res = ctx.call("empty").send_raw().await.unwrap();
    assert!(matches!(&res.data, ResponseBody::Text(t) if t.is_empty()));
}

// ---------------------------------------------------------------------------------------------
// Errors.

async fn non_2xx_is_http_error_with_everything(ctx: &Ctx) {
    let err = ctx.call("teapot").send::<Value>().await.unwrap_err();
    assert_eq!(err.status(), Some(418));
    let e = functions_error(&err);
    assert!(
        matches!(e, FunctionsError::Http { status: 418, .. }),
        "{e:?}"
    );
    assert!(!e.is_relay());
    assert_eq!(e.headers()["x-teapot"], "short and stout");
    assert_eq!(
        e.json::<Value>(),
        Some(json!({"error": "I'm a teapot", "code": "teapot"}))
    );
    assert!(err.to_string().contains("418"), "{err}");

    // Same for every send method, including the stream one.
    let err = ctx.call("teapot").send_stream().await.unwrap_err();
    assert_eq!(functions_error(&err).status(), 418);
    let err = ctx.call("teapot").send_raw().await.unwrap_err();
    assert_eq!(functions_error(&err).status(), 418);
}

async fn relay_error_is_checked_before_status(ctx: &Ctx) {
    for status in ["200", "502"] {
        let err = ctx
            .call("relay")
            .query("status", status)
            .send::<Value>()
            .await
            .unwrap_err();
        let e = functions_error(&err);
        assert!(e.is_relay(), "{status}: {e:?}");
        assert_eq!(e.status().to_string(), status);
        assert_eq!(e.json::<Value>(), Some(json!({"message": "relay failed"})));
    }
}

async fn slow_function_times_out(ctx: &Ctx) {
    let err = ctx
        .call("slow")
        .query("ms", "5000")
        .timeout(Duration::from_millis(200))
        .send_text()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");

    // The client's default timeout applies when the call sets none.
    let client = ctx
        .builder(JWT_KEY)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .functions()
        .invoke("slow")
        .query("ms", "5000")
        .send_text()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

async fn connection_refused_is_network_error(ctx: &Ctx) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder(format!("http://{addr}"), JWT_KEY)
        .http_client(ctx.http.clone())
        .build()
        .unwrap();
    let err = client
        .functions()
        .invoke("echo")
        .body(json!({}))
        .send::<Value>()
        .await
        .unwrap_err();
    assert!(err.is_network(), "{err:?}");
    assert_eq!(err.status(), None);
}

async fn debug_output_hides_secrets(ctx: &Ctx) {
    let client = ctx
        .builder(SECRET_KEY)
        .header("authorization", "Bearer global-secret")
        .build()
        .unwrap();
    let call = client
        .functions()
        .with_auth("fn-secret")
        .invoke("echo")
        .header("apikey", "call-secret")
        .body(json!({"password": "body-secret"}));
    let text = format!("{call:?}");
    for secret in [
        SECRET_KEY,
        "global-secret",
        "fn-secret",
        "call-secret",
        "body-secret",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

// ---------------------------------------------------------------------------------------------

type Case = for<'a> fn(&'a Ctx) -> Pin<Box<dyn Future<Output = ()> + 'a>>;

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        [$((stringify!($name), (|ctx| Box::pin($name(ctx))) as Case)),*]
    };
}

#[test]
fn edge_functions_against_deno() {
    let deno = DenoServer::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let http = supabase_core::reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap();
    let ctx = Ctx {
        base: deno.base.clone(),
        http,
    };

    runtime.block_on(async {
        // Wait until the server answers.
        let health = format!("{}/health", ctx.base);
        let mut up = false;
        for _ in 0..100 {
            if let Ok(res) = ctx.http.get(&health).send().await {
                up = res.status().is_success();
                if up {
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            up,
            "deno never answered /health; stderr:\n{}",
            deno.stderr()
        );
    });

    let cases = cases![
        json_body_sets_application_json,
        json_body_with_caller_content_type_is_still_json,
        bytes_body_sets_octet_stream,
        bytes_body_with_caller_content_type_is_raw,
        text_body_sets_text_plain,
        text_body_with_caller_content_type_is_raw,
        form_body_is_urlencoded,
        no_body_sends_no_content_type,
        every_method_goes_through,
        bad_methods_and_get_bodies_are_refused,
        header_merge_order,
        bad_headers_are_kept_until_send,
        legacy_key_is_sent_as_bearer,
        new_format_keys_send_no_authorization,
        user_token_wins_over_any_key,
        with_auth_sets_the_bearer,
        region_sends_header_and_query,
        names_are_percent_encoded_per_segment,
        typed_json_response,
        text_response,
        bytes_response,
        sse_stream_arrives_incrementally,
        raw_response_decoded_by_content_type,
        non_2xx_is_http_error_with_everything,
        relay_error_is_checked_before_status,
        slow_function_times_out,
        connection_refused_is_network_error,
        debug_output_hides_secrets,
    ];

    let mut failed = Vec::new();
    for (name, case) in cases {
        let outcome = runtime.block_on(async {
            // A stuck case fails instead of hanging the suite.
            let run = AssertUnwindSafe(case(&ctx)).catch_unwind();
            tokio::time::timeout(Duration::from_secs(30), run).await
        });
        match outcome {
            Ok(Ok(())) => eprintln!("ok   {name}"),
            Ok(Err(_)) => {
                eprintln!("FAIL {name} (panic above)");
                failed.push(name);
            }
            Err(_) => {
                eprintln!("FAIL {name} (did not finish within 30 s)");
                failed.push(name);
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases failed: {failed:?}\ndeno stderr:\n{}",
        failed.len(),
        cases.len(),
        deno.stderr()
    );
}
