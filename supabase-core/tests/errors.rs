//! Error handling, retries, timeouts, counts and headers of the PostgREST client, checked
//! against a scripted loopback HTTP server (fact sheet §1.10, §1.11, §7 items 8–10).
//!
//! No test asserts on wall-clock time; retried statuses always carry `Retry-After: 0`. The one
//! network-error retry waits the client's 1 s backoff.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use supabase_core::{
    Client, ClientBuilder, CountMethod, Error, ExplainOptions, TokenFuture, TokenSource,
};
use support::{closed_port_url, FakeServer, Recorded, Reply, Step};

const KEY: &str = "anon-key-for-tests";

/// A reqwest client that ignores any proxy settings of the environment.
fn http() -> supabase_core::reqwest::Client {
    supabase_core::reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client")
}

fn builder_for(url: &str) -> ClientBuilder {
    Client::builder(url, KEY).http_client(http())
}

fn client(server: &FakeServer) -> Client {
    builder_for(&server.url()).build().expect("client")
}

/// A retried status that asks for an immediate retry.
fn retry_now(status: u16) -> Reply {
    Reply::status(status).header("retry-after", "0")
}

fn rows() -> Value {
    json!([{"id": 1, "name": "Afghanistan"}, {"id": 2, "name": "Albania"}])
}

fn retry_counts(requests: &[Recorded]) -> Vec<Option<String>> {
    requests
        .iter()
        .map(|r| r.header("x-retry-count").map(str::to_owned))
        .collect()
}

/// The Accept header carries nothing PostgREST-specific (reqwest's default `*/*` or none).
fn assert_plain_accept(request: &Recorded) {
    let accept = request.header("accept");
    assert!(
        matches!(accept, None | Some("*/*")),
        "unexpected Accept {accept:?}"
    );
}

#[derive(Debug)]
struct UserJwt(&'static str);

impl TokenSource for UserJwt {
    fn access_token(&self) -> TokenFuture<'_> {
        let token = self.0.to_owned();
        Box::pin(async move { Some(token) })
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Non-JSON error bodies.

const PROXY_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n\
<p>The upstream server returned an invalid response. Ray ID: 7f1e2d3c4b5a6978 &bull; \
Your IP: 203.0.113.7 &bull; Performance &amp; security by Cloudflare</p>\r\n</body>\r\n</html>\r\n";

#[tokio::test]
async fn html_502_is_http_error_with_whole_raw_body_and_not_retried() {
    assert!(PROXY_502.len() > 200, "longer than the Display cut");
    let server = FakeServer::start(vec![Step::expect(
        "GET",
        "/rest/v1/countries?select=id%2Cname",
    )
    .reply(
        Reply::status(502)
            .header("content-type", "text/html")
            .header("retry-after", "0")
            .body(PROXY_502),
    )])
    .await;

    let err = client(&server)
        .from("countries")
        .select("id, name")
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();

    match &err {
        Error::Http { status, body } => {
            assert_eq!(*status, 502);
            assert_eq!(body, PROXY_502);
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    assert_eq!(err.status(), Some(502));
    assert_eq!(err.raw_body(), Some(PROXY_502));
    assert!(err.postgrest().is_none());
    assert!(!err.is_network() && !err.is_timeout() && !err.is_decode());
    // Only the Display text is cut; the kept body above is whole.
    let shown = err.to_string();
    assert!(shown.starts_with("http status 502: <html>"), "{shown}");
    assert!(shown.len() < PROXY_502.len(), "{shown}");
    // Retries are on for this GET, but 502 is not a retried status.
    assert_eq!(server.request_count(), 1);
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 2. PostgREST JSON error bodies.

#[tokio::test]
async fn json_400_keeps_code_message_details_hint_and_status() {
    let body = json!({
        "code": "PGRST100",
        "details": "unexpected \"x\" expecting \"not\" or operator (eq, gt, ...)",
        "hint": "Check the filter syntax",
        "message": "\"failed to parse filter (x.1)\" (line 1, column 1)"
    });
    let server = FakeServer::start(vec![Step::expect(
        "GET",
        "/rest/v1/countries?select=*&id=x.1",
    )
    .reply(Reply::status(400).json(&body))])
    .await;

    let err = client(&server)
        .from("countries")
        .select("*")
        .filter("id", "x", "1")
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();

    let Error::Postgrest(e) = &err else {
        panic!("expected Error::Postgrest, got {err:?}");
    };
    assert_eq!(e.status, 400);
    assert_eq!(e.code.as_deref(), Some("PGRST100"));
    assert_eq!(
        e.details.as_deref(),
        Some("unexpected \"x\" expecting \"not\" or operator (eq, gt, ...)")
    );
    assert_eq!(e.hint.as_deref(), Some("Check the filter syntax"));
    assert_eq!(
        e.message,
        "\"failed to parse filter (x.1)\" (line 1, column 1)"
    );
    assert_eq!(err.status(), Some(400));
    assert_eq!(server.request_count(), 1);
    server.verify();
}

#[tokio::test]
async fn json_409_unique_violation_keeps_sqlstate_and_null_hint() {
    let body = json!({
        "code": "23505",
        "details": "Key (id)=(1) already exists.",
        "hint": null,
        "message": "duplicate key value violates unique constraint \"countries_pkey\""
    });
    let server = FakeServer::start(vec![
        Step::expect("POST", "/rest/v1/countries").reply(Reply::status(409).json(&body))
    ])
    .await;

    let err = client(&server)
        .from("countries")
        .insert(json!({"id": 1, "name": "Afghanistan"}))
        .execute::<Value>()
        .await
        .unwrap_err();

    let e = err.postgrest().expect("a PostgREST error");
    assert_eq!(e.status, 409);
    assert_eq!(e.code.as_deref(), Some("23505"));
    assert_eq!(e.details.as_deref(), Some("Key (id)=(1) already exists."));
    assert_eq!(e.hint, None);
    assert_eq!(
        e.message,
        "duplicate key value violates unique constraint \"countries_pkey\""
    );
    assert_eq!(err.status(), Some(409));
    assert_eq!(
        server.requests()[0].body_json(),
        json!({"id": 1, "name": "Afghanistan"})
    );
    server.verify();
}

#[tokio::test]
async fn json_401_jwt_error_keeps_null_details_and_hint() {
    let body = json!({
        "code": "PGRST301",
        "details": null,
        "hint": null,
        "message": "JWSError JWSInvalidSignature"
    });
    let server = FakeServer::start(vec![
        Step::expect("GET", "/rest/v1/todos?select=*").reply(Reply::status(401).json(&body))
    ])
    .await;

    let err = client(&server)
        .from("todos")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();

    let e = err.postgrest().expect("a PostgREST error");
    assert_eq!(
        *e,
        supabase_core::PostgrestError {
            code: Some("PGRST301".into()),
            message: "JWSError JWSInvalidSignature".into(),
            details: None,
            hint: None,
            status: 401,
        }
    );
    assert_eq!(err.status(), Some(401));
    assert_eq!(server.request_count(), 1);
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 3. single(): the server's 406.

#[tokio::test]
async fn single_sends_object_accept_and_server_406_is_postgrest_error() {
    let body = json!({
        "code": "PGRST116",
        "details": "The result contains 0 rows",
        "hint": null,
        "message": "Cannot coerce the result to a single JSON object"
    });
    let server = FakeServer::start(vec![Step::expect(
        "GET",
        "/rest/v1/countries?select=*&id=eq.99",
    )
    .reply(Reply::status(406).json(&body))])
    .await;

    let err = client(&server)
        .from("countries")
        .select("*")
        .eq("id", 99)
        .single()
        .execute::<Value>()
        .await
        .unwrap_err();

    let e = err.postgrest().expect("a PostgREST error");
    assert_eq!(e.status, 406);
    assert_eq!(e.code.as_deref(), Some("PGRST116"));
    assert_eq!(e.details.as_deref(), Some("The result contains 0 rows"));
    assert_eq!(e.hint, None);
    assert_eq!(
        e.message,
        "Cannot coerce the result to a single JSON object"
    );
    assert_eq!(err.status(), Some(406));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].header("accept"),
        Some("application/vnd.pgrst.object+json")
    );
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 4. maybe_single(): decided on the client.

#[tokio::test]
async fn maybe_single_sends_plain_request_and_picks_zero_or_one_row_on_client() {
    let target = "/rest/v1/countries?select=*&name=eq.Albania";
    let server = FakeServer::start(vec![
        Step::expect("GET", target).reply(Reply::status(200).json(&json!([]))),
        Step::expect("GET", target)
            .reply(Reply::status(200).json(&json!([{"id": 2, "name": "Albania"}]))),
        Step::expect("GET", target).reply(Reply::status(200).json(&json!([
            {"id": 2, "name": "Albania"},
            {"id": 3, "name": "Albania"}
        ]))),
    ])
    .await;
    let client = client(&server);
    let query = || {
        client
            .from("countries")
            .select("*")
            .eq("name", "Albania")
            .maybe_single()
    };

    let none = query().execute::<Option<Value>>().await.expect("zero rows");
    assert_eq!(none.data, None);
    assert_eq!(none.status, 200);

    let one = query().execute::<Option<Value>>().await.expect("one row");
    assert_eq!(one.data, Some(json!({"id": 2, "name": "Albania"})));

    let err = query().execute::<Option<Value>>().await.unwrap_err();
    let e = err.postgrest().expect("client-made PGRST116");
    assert_eq!(e.status, 406);
    assert_eq!(e.code.as_deref(), Some("PGRST116"));
    assert_eq!(
        e.details.as_deref(),
        Some("Results contain 2 rows, application/vnd.pgrst.object+json requires 1 row")
    );
    assert_eq!(e.hint, None);
    assert_eq!(
        e.message,
        "JSON object requested, multiple (or no) rows returned"
    );
    assert_eq!(err.status(), Some(406));

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_plain_accept(request);
    }
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 5. Retries of reads.

#[tokio::test]
async fn get_retries_503_twice_then_succeeds_with_retry_count_headers() {
    let target = "/rest/v1/countries?select=*";
    let server = FakeServer::start(vec![
        Step::expect("GET", target).reply(retry_now(503).body("busy")),
        Step::expect("GET", target).reply(retry_now(503).json(&json!({
            "code": "PGRST001", "details": null, "hint": null,
            "message": "Database client error. Retrying the connection."
        }))),
        Step::expect("GET", target).reply(Reply::status(200).json(&rows())),
    ])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .expect("success on the third attempt");
    assert_eq!(res.status, 200);
    assert_eq!(Value::Array(res.data), rows());

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        retry_counts(&requests),
        vec![None, Some("1".to_owned()), Some("2".to_owned())]
    );
    for request in &requests {
        // Every attempt is the same request otherwise.
        assert_eq!(request.header("apikey"), Some(KEY));
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {KEY}").as_str())
        );
        assert_eq!(request.header("accept-profile"), Some("public"));
        assert!(request.body.is_empty());
    }
    server.verify();
}

#[tokio::test]
async fn get_retries_520() {
    let target = "/rest/v1/countries?select=id";
    let server = FakeServer::start(vec![
        Step::expect("GET", target).reply(
            retry_now(520)
                .header("content-type", "text/html")
                .body("<html>520: Web server is returning an unknown error</html>"),
        ),
        Step::expect("GET", target).reply(Reply::status(200).json(&json!([{"id": 1}]))),
    ])
    .await;

    let res = client(&server)
        .from("countries")
        .select("id")
        .execute::<Vec<Value>>()
        .await
        .expect("success after a 520");
    assert_eq!(res.data, vec![json!({"id": 1})]);
    assert_eq!(
        retry_counts(&server.requests()),
        vec![None, Some("1".to_owned())]
    );
    server.verify();
}

#[tokio::test]
async fn get_gives_up_after_four_attempts_and_returns_503_json_error() {
    let target = "/rest/v1/countries?select=*";
    let body = json!({
        "code": "PGRST001", "details": "connection refused", "hint": null,
        "message": "Database client error. Retrying the connection."
    });
    let server = FakeServer::start(
        (0..4)
            .map(|_| Step::expect("GET", target).reply(retry_now(503).json(&body)))
            .collect(),
    )
    .await;

    let err = client(&server)
        .from("countries")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();

    let e = err.postgrest().expect("the last 503 as a PostgREST error");
    assert_eq!(e.status, 503);
    assert_eq!(e.code.as_deref(), Some("PGRST001"));
    assert_eq!(e.details.as_deref(), Some("connection refused"));
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(
        retry_counts(&requests),
        vec![
            None,
            Some("1".to_owned()),
            Some("2".to_owned()),
            Some("3".to_owned())
        ]
    );
    server.verify();
}

#[tokio::test]
async fn get_gives_up_after_four_attempts_and_returns_raw_503_body() {
    let target = "/rest/v1/countries?select=*";
    let server = FakeServer::start(
        (0..4)
            .map(|i| {
                Step::expect("GET", target)
                    .reply(retry_now(503).body(format!("upstream overloaded #{i}")))
            })
            .collect(),
    )
    .await;

    let err = client(&server)
        .from("countries")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();

    match &err {
        Error::Http { status, body } => {
            assert_eq!(*status, 503);
            // The body of the last attempt; the retried ones were drained and dropped.
            assert_eq!(body, "upstream overloaded #3");
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    assert_eq!(server.request_count(), 4);
    server.verify();
}

#[tokio::test]
async fn head_is_retried_on_503() {
    let target = "/rest/v1/countries?select=*";
    let server = FakeServer::start(vec![
        Step::expect("HEAD", target).reply(retry_now(503)),
        Step::expect("HEAD", target).reply(Reply::status(200).header("content-range", "*/7")),
    ])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .count(CountMethod::Exact)
        .head()
        .execute::<()>()
        .await
        .expect("success after a 503");
    assert_eq!(res.count, Some(7));
    assert_eq!(
        retry_counts(&server.requests()),
        vec![None, Some("1".to_owned())]
    );
    server.verify();
}

#[tokio::test]
async fn rpc_get_is_retried_on_503() {
    let target = "/rest/v1/rpc/add?a=1&b=2";
    let server = FakeServer::start(vec![
        Step::expect("GET", target).reply(retry_now(503)),
        Step::expect("GET", target).reply(Reply::status(200).json(&json!(3))),
    ])
    .await;

    let res = client(&server)
        .rpc("add", json!({"a": 1, "b": 2}))
        .get()
        .execute::<i64>()
        .await
        .expect("success after a 503");
    assert_eq!(res.data, 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].header("x-retry-count"), Some("1"));
    assert!(requests.iter().all(|r| r.body.is_empty()));
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 6. What is never retried.

#[tokio::test]
async fn writes_answered_503_are_sent_once() {
    let unavailable = || {
        retry_now(503).json(&json!({
            "code": "PGRST001", "details": null, "hint": null, "message": "unavailable"
        }))
    };
    let server = FakeServer::start(vec![
        Step::expect("POST", "/rest/v1/countries").reply(unavailable()),
        Step::expect("POST", "/rest/v1/countries?on_conflict=id").reply(unavailable()),
        Step::expect("PATCH", "/rest/v1/countries?id=eq.1").reply(unavailable()),
        Step::expect("DELETE", "/rest/v1/countries?id=eq.1").reply(retry_now(520)),
    ])
    .await;
    let client = client(&server);
    let row = json!({"id": 1, "name": "x"});

    let insert = client
        .from("countries")
        .insert(&row)
        .execute::<Value>()
        .await;
    assert_eq!(insert.unwrap_err().status(), Some(503));
    assert_eq!(server.request_count(), 1);

    let upsert = client
        .from("countries")
        .upsert(&row)
        .on_conflict("id")
        .execute::<Value>()
        .await;
    assert_eq!(upsert.unwrap_err().status(), Some(503));
    assert_eq!(server.request_count(), 2);

    let update = client
        .from("countries")
        .update(json!({"name": "y"}))
        .eq("id", 1)
        .execute::<Value>()
        .await;
    assert_eq!(update.unwrap_err().status(), Some(503));
    assert_eq!(server.request_count(), 3);

    let delete = client
        .from("countries")
        .delete()
        .eq("id", 1)
        .execute::<Value>()
        .await;
    assert!(matches!(
        delete.unwrap_err(),
        Error::Http { status: 520, .. }
    ));
    assert_eq!(server.request_count(), 4);

    assert!(server
        .requests()
        .iter()
        .all(|r| r.header("x-retry-count").is_none()));
    server.verify();
}

#[tokio::test]
async fn rpc_post_answered_503_is_sent_once() {
    let server = FakeServer::start(vec![
        Step::expect("POST", "/rest/v1/rpc/add").reply(retry_now(503).body("unavailable"))
    ])
    .await;

    let err = client(&server)
        .rpc("add", json!({"a": 1, "b": 2}))
        .execute::<i64>()
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Http { status: 503, body } if body == "unavailable"));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].body_json(), json!({"a": 1, "b": 2}));
    server.verify();
}

#[tokio::test]
async fn get_with_retry_false_is_sent_once() {
    let server = FakeServer::start(vec![
        Step::expect("GET", "/rest/v1/countries?select=*").reply(retry_now(503).body("busy"))
    ])
    .await;

    let err = client(&server)
        .from("countries")
        .select("*")
        .retry(false)
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.raw_body(), Some("busy"));
    assert_eq!(server.request_count(), 1);
    server.verify();
}

#[tokio::test]
async fn client_retry_false_turns_off_get_retries() {
    let server = FakeServer::start(vec![
        Step::expect("GET", "/rest/v1/countries?select=*").reply(retry_now(520).body("oops"))
    ])
    .await;
    let client = builder_for(&server.url())
        .retry(false)
        .build()
        .expect("client");

    let err = client
        .from("countries")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(520));
    assert_eq!(server.request_count(), 1);
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 7. Network errors.

#[tokio::test]
async fn get_is_retried_after_a_dropped_connection() {
    // No Retry-After on a network error: this test waits the client's 1 s backoff once.
    let target = "/rest/v1/countries?select=*";
    let server = FakeServer::start(vec![
        Step::expect("GET", target).drop_connection(),
        Step::expect("GET", target).reply(Reply::status(200).json(&rows())),
    ])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .expect("success after reconnecting");
    assert_eq!(Value::Array(res.data), rows());

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(retry_counts(&requests), vec![None, Some("1".to_owned())]);
    assert_ne!(requests[0].connection, requests[1].connection);
    server.verify();
}

#[tokio::test]
async fn post_with_a_dropped_connection_is_network_error_and_not_retried() {
    let server = FakeServer::start(vec![
        Step::expect("POST", "/rest/v1/countries").drop_connection()
    ])
    .await;

    let err = client(&server)
        .from("countries")
        .insert(json!({"id": 1}))
        .execute::<Value>()
        .await
        .unwrap_err();
    assert!(err.is_network(), "expected a network error, got {err:?}");
    assert!(!err.is_timeout());
    assert_eq!(err.status(), None);
    assert_eq!(server.request_count(), 1);
    server.verify();
}

#[tokio::test]
async fn get_with_retry_false_and_a_dropped_connection_is_sent_once() {
    let server = FakeServer::start(vec![
        Step::expect("GET", "/rest/v1/countries?select=*").drop_connection()
    ])
    .await;

    let err = client(&server)
        .from("countries")
        .select("*")
        .retry(false)
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();
    assert!(err.is_network(), "expected a network error, got {err:?}");
    assert_eq!(server.request_count(), 1);
    server.verify();
}

#[tokio::test]
async fn connection_refused_is_network_error() {
    let client = builder_for(&closed_port_url().await)
        .build()
        .expect("client");

    let err = client
        .from("countries")
        .select("*")
        .retry(false)
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();
    assert!(err.is_network(), "expected a network error, got {err:?}");
    assert!(!err.is_timeout());
    assert_eq!(err.status(), None);
}

// ---------------------------------------------------------------------------------------------
// 8. Timeouts.

#[tokio::test]
async fn slow_answer_past_query_timeout_is_timeout_and_not_retried() {
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(
            Reply::status(200)
                .json(&rows())
                .delay(Duration::from_secs(5)),
        )])
    .await;

    let err = client(&server)
        .from("countries")
        .select("*")
        .timeout(Duration::from_millis(200))
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "expected a timeout, got {err:?}");
    assert!(!err.is_network());
    assert_eq!(err.status(), None);
    // Retries are on for this GET, but a timeout is not retried.
    assert_eq!(server.request_count(), 1);
    server.verify();
}

#[tokio::test]
async fn client_timeout_applies_to_queries() {
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(
            Reply::status(200)
                .json(&rows())
                .delay(Duration::from_secs(5)),
        )])
    .await;
    let client = builder_for(&server.url())
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");

    let err = client
        .from("countries")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "expected a timeout, got {err:?}");
    assert_eq!(server.request_count(), 1);
    server.verify();
}

#[tokio::test]
async fn body_stalled_past_timeout_is_timeout_and_not_retried() {
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(
            Reply::status(200)
                .json(&rows())
                .body_delay(Duration::from_secs(5)),
        )])
    .await;

    let err = client(&server)
        .from("countries")
        .select("*")
        .timeout(Duration::from_millis(200))
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "expected a timeout, got {err:?}");
    assert_eq!(server.request_count(), 1);
    server.verify();
}

#[tokio::test]
async fn query_timeout_overrides_client_timeout() {
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(
            Reply::status(200)
                .json(&rows())
                .delay(Duration::from_millis(300)),
        )])
    .await;
    let client = builder_for(&server.url())
        .timeout(Duration::from_millis(50))
        .build()
        .expect("client");

    let res = client
        .from("countries")
        .select("*")
        .timeout(Duration::from_secs(30))
        .execute::<Vec<Value>>()
        .await
        .expect("the longer query timeout applies");
    assert_eq!(res.data.len(), 2);
    server.verify();
}

#[tokio::test]
async fn write_past_timeout_is_timeout() {
    let server = FakeServer::start(vec![Step::expect("POST", "/rest/v1/countries")
        .reply(Reply::status(201).delay(Duration::from_secs(5)))])
    .await;

    let err = client(&server)
        .from("countries")
        .insert(json!({"id": 1}))
        .timeout(Duration::from_millis(200))
        .execute::<Value>()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "expected a timeout, got {err:?}");
    assert_eq!(server.request_count(), 1);
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 9. Counts.

#[tokio::test]
async fn exact_count_is_read_from_content_range_and_206_kept() {
    let server = FakeServer::start(vec![Step::expect(
        "GET",
        "/rest/v1/countries?select=*&offset=0&limit=25",
    )
    .reply(
        Reply::status(206)
            .header("content-range", "0-24/3573")
            .json(&rows()),
    )])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .count(CountMethod::Exact)
        .range(0, 24)
        .execute::<Vec<Value>>()
        .await
        .expect("partial content is a success");
    assert_eq!(res.count, Some(3573));
    assert_eq!(res.status, 206);
    assert_eq!(res.data.len(), 2);
    assert_eq!(server.requests()[0].header("prefer"), Some("count=exact"));
    server.verify();
}

#[tokio::test]
async fn count_of_empty_result_is_zero() {
    let server = FakeServer::start(vec![Step::expect(
        "GET",
        "/rest/v1/countries?select=*&id=lt.0",
    )
    .reply(
        Reply::status(200)
            .header("content-range", "*/0")
            .json(&json!([])),
    )])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .count(CountMethod::Planned)
        .lt("id", 0)
        .execute::<Vec<Value>>()
        .await
        .expect("empty result");
    assert_eq!(res.count, Some(0));
    assert!(res.data.is_empty());
    assert_eq!(server.requests()[0].header("prefer"), Some("count=planned"));
    server.verify();
}

#[tokio::test]
async fn unknown_total_in_content_range_gives_no_count() {
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(
            Reply::status(200)
                .header("content-range", "0-1/*")
                .json(&rows()),
        )])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .count(CountMethod::Estimated)
        .execute::<Vec<Value>>()
        .await
        .expect("rows");
    assert_eq!(res.count, None);
    assert_eq!(res.data.len(), 2);
    server.verify();
}

#[tokio::test]
async fn count_not_asked_is_none_even_with_content_range() {
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(
            Reply::status(200)
                .header("content-range", "0-1/2")
                .json(&rows()),
        )])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .expect("rows");
    assert_eq!(res.count, None);
    assert_eq!(
        res.headers
            .get("content-range")
            .and_then(|v| v.to_str().ok()),
        Some("0-1/2")
    );
    assert_eq!(server.requests()[0].header("prefer"), None);
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 10. Success statuses whose body does not decode.

#[tokio::test]
async fn success_with_non_json_body_is_decode_error_keeping_body_and_status() {
    let body = "<html><body>Welcome to nginx!</body></html>";
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(
            Reply::status(200)
                .header("content-type", "text/html")
                .body(body),
        )])
    .await;

    let err = client(&server)
        .from("countries")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();
    assert!(err.is_decode(), "expected a decode error, got {err:?}");
    match &err {
        Error::Decode {
            status, body: raw, ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(raw, body);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.raw_body(), Some(body));
    assert_eq!(server.request_count(), 1);
    server.verify();
}

#[tokio::test]
async fn success_json_of_wrong_shape_is_decode_error_keeping_body() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Country {
        id: i64,
        name: String,
    }
    let body = r#"[{"id":"one","name":"Afghanistan"}]"#;
    let server = FakeServer::start(vec![Step::expect(
        "GET",
        "/rest/v1/countries?select=id%2Cname",
    )
    .reply(
        Reply::status(200)
            .header("content-type", "application/json")
            .body(body),
    )])
    .await;

    let err = client(&server)
        .from("countries")
        .select("id,name")
        .execute::<Vec<Country>>()
        .await
        .unwrap_err();
    assert!(err.is_decode(), "expected a decode error, got {err:?}");
    assert_eq!(err.raw_body(), Some(body));
    assert_eq!(err.status(), Some(200));
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 11. 404 rewrites.

#[tokio::test]
async fn not_found_with_json_array_is_empty_success_with_status_200() {
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(Reply::status(404).json(&json!([])))])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .expect("404 with an array is a success");
    assert!(res.data.is_empty());
    assert_eq!(res.status, 200);
    assert_eq!(res.count, None);
    server.verify();
}

#[tokio::test]
async fn not_found_with_empty_body_is_204_with_null_data() {
    let server = FakeServer::start(vec![
        Step::expect("DELETE", "/rest/v1/countries?id=eq.1").reply(Reply::status(404))
    ])
    .await;

    let res = client(&server)
        .from("countries")
        .delete()
        .eq("id", 1)
        .execute::<Value>()
        .await
        .expect("404 with no body is a success");
    assert_eq!(res.data, Value::Null);
    assert_eq!(res.status, 204);
    server.verify();
}

#[tokio::test]
async fn not_found_with_json_object_is_postgrest_error() {
    let body = json!({
        "code": "PGRST205", "details": null,
        "hint": "Perhaps you meant the table 'public.countries'",
        "message": "Could not find the table 'public.countrie' in the schema cache"
    });
    let server = FakeServer::start(vec![
        Step::expect("GET", "/rest/v1/countrie?select=*").reply(Reply::status(404).json(&body))
    ])
    .await;

    let err = client(&server)
        .from("countrie")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();
    let e = err.postgrest().expect("a PostgREST error");
    assert_eq!(e.status, 404);
    assert_eq!(e.code.as_deref(), Some("PGRST205"));
    assert_eq!(
        e.hint.as_deref(),
        Some("Perhaps you meant the table 'public.countries'")
    );
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 12. HEAD.

#[tokio::test]
async fn head_with_count_reads_no_body_and_parses_count() {
    let server = FakeServer::start(vec![Step::expect("HEAD", "/rest/v1/countries?select=*")
        .reply(
            // The fake advertises the JSON's length but, as HTTP requires for HEAD, sends no body.
            Reply::status(206)
                .header("content-range", "0-1/250")
                .json(&rows()),
        )])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .count(CountMethod::Exact)
        .head()
        .execute::<()>()
        .await
        .expect("HEAD succeeds");
    assert_eq!(res.count, Some(250));
    assert_eq!(res.status, 206);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("prefer"), Some("count=exact"));
    assert_eq!(requests[0].header("accept-profile"), Some("public"));
    assert_eq!(requests[0].header("content-type"), None);
    assert!(requests[0].body.is_empty());
    server.verify();
}

#[tokio::test]
async fn head_data_is_null() {
    let server = FakeServer::start(vec![Step::expect("HEAD", "/rest/v1/countries?select=*")
        .reply(Reply::status(200).header("content-range", "*/3"))])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .count(CountMethod::Exact)
        .head()
        .execute::<Option<Value>>()
        .await
        .expect("HEAD succeeds");
    assert_eq!(res.data, None);
    assert_eq!(res.count, Some(3));
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 13. Headers and bodies sent.

#[tokio::test]
async fn read_sends_apikey_bearer_client_info_and_accept_profile() {
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(Reply::status(200).json(&json!([])))])
    .await;

    client(&server)
        .from("countries")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .expect("rows");

    let request = &server.requests()[0];
    assert_eq!(request.header("apikey"), Some(KEY));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(
        request.header("x-client-info"),
        Some(concat!("supabase-core/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(request.header("accept-profile"), Some("public"));
    assert_eq!(request.header("content-profile"), None);
    assert_eq!(request.header("content-type"), None);
    assert_eq!(request.header("x-retry-count"), None);
    assert_eq!(request.header("prefer"), None);
    assert_plain_accept(request);
    assert!(request.body.is_empty());
    server.verify();
}

#[tokio::test]
async fn bulk_insert_sends_exact_body_columns_content_type_and_content_profile() {
    let rows_in = json!([
        {"name": "Ann", "age": 31},
        {"name": "Bob", "email": "bob@example.com"}
    ]);
    let rows_out = json!([
        {"id": 1, "name": "Ann", "age": 31, "email": null},
        {"id": 2, "name": "Bob", "age": null, "email": "bob@example.com"}
    ]);
    let server = FakeServer::start(vec![Step::expect(
        "POST",
        "/rest/v1/people?columns=%22name%22%2C%22age%22%2C%22email%22&select=*",
    )
    .reply(Reply::status(201).json(&rows_out))])
    .await;

    let res = client(&server)
        .schema("api")
        .from("people")
        .insert(&rows_in)
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .expect("inserted");
    assert_eq!(res.status, 201);
    assert_eq!(Value::Array(res.data), rows_out);

    let request = &server.requests()[0];
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        r#"[{"name":"Ann","age":31},{"name":"Bob","email":"bob@example.com"}]"#
    );
    assert_eq!(request.body_json(), rows_in);
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("content-profile"), Some("api"));
    assert_eq!(request.header("accept-profile"), None);
    assert_eq!(request.header("prefer"), Some("return=representation"));
    assert_eq!(request.header("apikey"), Some(KEY));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    server.verify();
}

#[tokio::test]
async fn patch_delete_and_rpc_send_json_content_type_and_content_profile() {
    let server = FakeServer::start(vec![
        Step::expect("PATCH", "/rest/v1/countries?id=eq.1").reply(Reply::status(204)),
        Step::expect("DELETE", "/rest/v1/countries?id=eq.1").reply(Reply::status(204)),
        Step::expect("POST", "/rest/v1/rpc/hello").reply(Reply::status(200).json(&json!("hi"))),
    ])
    .await;
    let client = client(&server);

    let patched = client
        .from("countries")
        .update(json!({"name": "Y"}))
        .eq("id", 1)
        .execute::<Value>()
        .await
        .expect("patched");
    assert_eq!((patched.status, patched.data), (204, Value::Null));
    let deleted = client
        .from("countries")
        .delete()
        .eq("id", 1)
        .execute::<()>()
        .await
        .expect("deleted");
    assert_eq!(deleted.status, 204);
    let hello = client
        .rpc("hello", ())
        .execute::<String>()
        .await
        .expect("rpc");
    assert_eq!(hello.data, "hi");

    let requests = server.requests();
    for request in &requests {
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.header("content-profile"), Some("public"));
        assert_eq!(request.header("accept-profile"), None);
    }
    assert_eq!(requests[0].body, br#"{"name":"Y"}"#);
    assert!(requests[1].body.is_empty(), "DELETE sends no body");
    assert_eq!(requests[2].body, b"{}", "a body-less rpc still sends {{}}");
    server.verify();
}

#[tokio::test]
async fn token_source_jwt_replaces_bearer_but_not_apikey() {
    let server =
        FakeServer::start(vec![Step::expect("GET", "/rest/v1/todos?select=*")
            .reply(Reply::status(200).json(&json!([])))])
        .await;
    let client = builder_for(&server.url())
        .token_source(Arc::new(UserJwt("user.jwt.token")))
        .build()
        .expect("client");

    client
        .from("todos")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .expect("rows");

    let request = &server.requests()[0];
    assert_eq!(
        request.header("authorization"),
        Some("Bearer user.jwt.token")
    );
    assert_eq!(request.header("apikey"), Some(KEY));
    server.verify();
}

#[tokio::test]
async fn global_authorization_header_wins_over_token_source() {
    let server =
        FakeServer::start(vec![Step::expect("GET", "/rest/v1/todos?select=*")
            .reply(Reply::status(200).json(&json!([])))])
        .await;
    let client = builder_for(&server.url())
        .header("Authorization", "Bearer service-role-jwt")
        .token_source(Arc::new(UserJwt("user.jwt.token")))
        .build()
        .expect("client");

    client
        .from("todos")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .expect("rows");

    let request = &server.requests()[0];
    // `header` also checks it was sent only once.
    assert_eq!(
        request.header("authorization"),
        Some("Bearer service-role-jwt")
    );
    assert_eq!(request.header("apikey"), Some(KEY));
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// 14. Text responses.

#[tokio::test]
async fn csv_data_is_the_raw_text() {
    let csv = "id,name\n1,Afghanistan\n2,\"Albania, Republic of\"\n";
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(
            Reply::status(200)
                .header("content-type", "text/csv; charset=utf-8")
                .body(csv),
        )])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .csv()
        .execute::<String>()
        .await
        .expect("csv");
    assert_eq!(res.data, csv);
    assert_eq!(server.requests()[0].header("accept"), Some("text/csv"));
    server.verify();
}

#[tokio::test]
async fn csv_data_is_text_even_when_it_looks_like_json() {
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/numbers?select=n")
        .reply(
            Reply::status(200)
                .header("content-type", "text/csv")
                .body("42"),
        )])
    .await;

    let res = client(&server)
        .from("numbers")
        .select("n")
        .csv()
        .execute::<String>()
        .await
        .expect("csv");
    assert_eq!(res.data, "42");
    server.verify();
}

#[tokio::test]
async fn explain_text_data_is_the_raw_text() {
    let plan = "Aggregate  (cost=17.65..17.68 rows=1 width=112)\n  ->  Seq Scan on countries  (cost=0.00..15.10 rows=510 width=36)\n";
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(
            Reply::status(200)
                .header(
                    "content-type",
                    "application/vnd.pgrst.plan+text; for=\"application/json\"; charset=utf-8",
                )
                .body(plan),
        )])
    .await;

    let res = client(&server)
        .from("countries")
        .select("*")
        .explain(ExplainOptions::default())
        .execute::<String>()
        .await
        .expect("plan");
    assert_eq!(res.data, plan);
    assert_eq!(
        server.requests()[0].header("accept"),
        Some(r#"application/vnd.pgrst.plan+text; for="application/json"; options=;"#)
    );
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// Regressions for bugs these tests found in `postgrest/response.rs`.

#[tokio::test]
async fn maybe_single_with_404_json_array_is_no_row() {
    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Country {
        id: i64,
    }
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=id")
        .reply(Reply::status(404).json(&json!([])))])
    .await;

    let res = client(&server)
        .from("countries")
        .select("id")
        .maybe_single()
        .execute::<Option<Country>>()
        .await
        .expect("zero rows");
    assert_eq!(res.data, None);
    assert_eq!(res.status, 200);
    server.verify();
}

#[tokio::test]
async fn json_error_object_without_postgrest_fields_keeps_raw_body() {
    let body = r#"{"error":"rate limit exceeded","retry_in":30}"#;
    let server = FakeServer::start(vec![Step::expect("GET", "/rest/v1/countries?select=*")
        .reply(
            Reply::status(429)
                .header("content-type", "application/json")
                .body(body),
        )])
    .await;

    let err = client(&server)
        .from("countries")
        .select("*")
        .execute::<Vec<Value>>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.raw_body(), Some(body), "got {err:?}");
    server.verify();
}
