//! Smoke test of the real-server harness: the gateway reaches PostgREST, the fixture is loaded,
//! the API keys and user tokens are accepted, RLS applies and rpc works.
//!
//! Run: `cargo test -p supabase-tests --test harness`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use serde_json::{json, Value};

/// A GET through the gateway with `apikey` set to the anon key and `Authorization` to `token`.
async fn get(path: &str, token: &str) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let stack = supabase_tests::stack();
    let res = reqwest::Client::new()
        .get(format!("{}{path}", stack.rest_url()))
        .header("apikey", &stack.anon_key)
        .bearer_auth(token)
        .send()
        .await
        .expect("request through the gateway");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.json().await.expect("a JSON body");
    (status, headers, body)
}

#[tokio::test]
async fn countries_through_the_gateway() {
    let stack = supabase_tests::stack();
    let (status, _, body) = get("countries?select=id&order=id", &stack.anon_key).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ids: Vec<i64> = body
        .as_array()
        .expect("an array")
        .iter()
        .map(|row| row["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids, (1..=14).collect::<Vec<_>>());
}

#[tokio::test]
async fn query_string_and_response_headers_pass_through() {
    let stack = supabase_tests::stack();
    let res = reqwest::Client::new()
        .get(format!(
            "{}countries?select=name&name=in.(%22a%5C%22quote%22,%22Bonaire,%20Sint%20Eustatius%20and%20Saba%22)&order=id",
            stack.rest_url()
        ))
        .header("apikey", &stack.anon_key)
        .bearer_auth(&stack.anon_key)
        .header("Prefer", "count=exact")
        .header("Range", "0-0")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        res.headers()
            .get("content-range")
            .expect("Content-Range")
            .to_str()
            .expect("ascii"),
        "0-0/2"
    );
    let body: Value = res.json().await.expect("json");
    assert_eq!(
        body,
        json!([{ "name": "Bonaire, Sint Eustatius and Saba" }])
    );
}

#[tokio::test]
async fn rls_anon_versus_user_versus_service() {
    let stack = supabase_tests::stack();
    let ids = |body: &Value| -> Vec<i64> {
        body.as_array()
            .expect("an array")
            .iter()
            .map(|row| row["id"].as_i64().expect("id"))
            .collect()
    };
    let (_, _, anon) = get("todos?select=id&order=id", &stack.anon_key).await;
    assert_eq!(ids(&anon), vec![2]);
    let (_, _, alice) = get("todos?select=id&order=id", &stack.user_token("alice")).await;
    assert_eq!(ids(&alice), vec![1, 2]);
    let (_, _, bob) = get("todos?select=id&order=id", &stack.user_token("bob")).await;
    assert_eq!(ids(&bob), vec![3]);
    let (_, _, service) = get("todos?select=id&order=id", &stack.service_key).await;
    assert_eq!(ids(&service), vec![1, 2, 3]);

    let expired = stack.token(&json!({ "role": "authenticated", "sub": "alice", "exp": 1 }));
    let (status, _, body) = get("todos?select=id", &expired).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["code"], "PGRST301");
}

#[tokio::test]
async fn rpc_add_get_and_post() {
    let stack = supabase_tests::stack();
    let (status, _, body) = get("rpc/add?a=2&b=40", &stack.anon_key).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!(42));

    let res = reqwest::Client::new()
        .post(format!("{}rpc/add", stack.rest_url()))
        .header("apikey", &stack.anon_key)
        .bearer_auth(&stack.anon_key)
        .json(&json!({ "a": 1, "b": 2 }))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.expect("json"), json!(3));
}

#[tokio::test]
async fn writes_with_rollback_and_schema_switching() {
    let stack = supabase_tests::stack();
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{}scratch", stack.rest_url()))
        .header("apikey", &stack.anon_key)
        .bearer_auth(&stack.anon_key)
        .header("Prefer", "return=representation")
        .json(&json!({ "test": "harness_writes", "k": "a", "n": 1 }))
        .send()
        .await
        .expect("insert");
    assert_eq!(res.status(), StatusCode::CREATED);
    let rows: Value = res.json().await.expect("json");
    assert_eq!(rows[0]["status"], "new");
    assert_eq!(
        stack.psql("select count(*) from scratch where test = 'harness_writes'"),
        "1"
    );

    let res = client
        .delete(format!("{}countries?id=eq.13", stack.rest_url()))
        .header("apikey", &stack.anon_key)
        .bearer_auth(&stack.anon_key)
        .header("Prefer", "tx=rollback,return=representation")
        .send()
        .await
        .expect("delete");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        stack.psql("select name from countries where id = 13"),
        "100% *Real*_Land"
    );

    let res = client
        .get(format!("{}items?select=name&order=id", stack.rest_url()))
        .header("apikey", &stack.anon_key)
        .header("Accept-Profile", "api2")
        .send()
        .await
        .expect("items");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.expect("json"),
        json!([{ "name": "widget" }, { "name": "gadget" }, { "name": "doohickey" }])
    );
}

#[tokio::test]
async fn unknown_paths_get_a_json_404() {
    let stack = supabase_tests::stack();
    let res = reqwest::get(format!("{}auth/v1/user", stack.base_url))
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body: Value = res.json().await.expect("json");
    assert!(body["message"].is_string());
}

#[test]
fn explain_is_enabled() {
    let stack = supabase_tests::stack();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let res = reqwest::Client::new()
            .get(format!("{}countries?select=id", stack.rest_url()))
            .header("apikey", &stack.anon_key)
            .header("Accept", "application/vnd.pgrst.plan+json")
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::OK);
        let plan: Value = res.json().await.expect("json");
        assert!(plan[0]["Plan"].is_object(), "{plan}");
    });
}

/// A one-shot upstream: accepts one connection, returns the raw request it read (head and body)
/// through the channel, and answers with a fixed response.
fn one_shot_upstream() -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        // Read the head, then as many body bytes as Content-Length says.
        loop {
            let n = stream.read(&mut buf).expect("read");
            raw.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&raw).into_owned();
            if let Some(end) = text.find("\r\n\r\n") {
                let len = text[..end]
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().expect("length"))
                    })
                    .unwrap_or(0);
                if raw.len() >= end + 4 + len {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let body = r#"{"ok":true}"#;
        write!(
            stream,
            "HTTP/1.1 206 Partial Content\r\nContent-Type: application/json; charset=utf-8\r\nContent-Range: 0-0/*\r\nX-Custom: a, b\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("write");
        tx.send(String::from_utf8_lossy(&raw).into_owned())
            .expect("send");
    });
    (url, rx)
}

#[tokio::test]
async fn gateway_forwards_requests_byte_for_byte() {
    use supabase_tests::proxy::{Gateway, Route};
    let (upstream, captured) = one_shot_upstream();
    let gateway = Gateway::start(vec![Route::new("/rest/v1", &upstream)]).expect("gateway");
    // Encoded and raw reserved characters, an empty value, a repeated key: all must arrive as sent.
    let query = "select=id,name&name=in.(%22a%2Cb%22,c)&x=&x=%7B1,2%7D&y={a,b}&z=a%20b+c";
    let res = reqwest::Client::new()
        .patch(format!("{}rest/v1/some/path?{query}", gateway.url))
        .header("apikey", "key")
        .header("Prefer", "return=representation")
        .header("Accept-Profile", "api2")
        .body("{\"n\":1}")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.headers()["content-range"], "0-0/*");
    assert_eq!(res.headers()["x-custom"], "a, b");
    assert_eq!(res.text().await.expect("body"), r#"{"ok":true}"#);

    let raw = captured.recv().expect("captured request");
    let (head, body) = raw.split_once("\r\n\r\n").expect("head and body");
    let mut lines = head.lines();
    assert_eq!(
        lines.next(),
        Some(format!("PATCH /some/path?{query} HTTP/1.1").as_str())
    );
    let headers: Vec<String> = lines.map(str::to_ascii_lowercase).collect();
    for expected in [
        "apikey: key",
        "prefer: return=representation",
        "accept-profile: api2",
    ] {
        assert!(
            headers.iter().any(|h| h == expected),
            "{expected} in {headers:?}"
        );
    }
    let host = format!("host: {}", upstream.trim_start_matches("http://"));
    assert!(
        headers.contains(&host),
        "Host names the upstream: {headers:?}"
    );
    assert_eq!(body, "{\"n\":1}");
}
