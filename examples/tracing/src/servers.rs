//! Two loopback stand-ins, just enough for the example: an HTTP server answering
//! `GET /rest/v1/todos` (503 the first time) and GoTrue's `POST /auth/v1/token`, and a Phoenix
//! websocket (vsn 1.0.0) that accepts joins, answers heartbeats, and closes its first
//! connection a moment after the first join.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;

/// Starts the HTTP stand-in; returns its base URL.
pub(crate) async fn start_http() -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let todo_calls = Arc::new(AtomicUsize::new(0));
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve_http(stream, Arc::clone(&todo_calls)));
        }
    });
    Ok(url)
}

async fn serve_http(stream: TcpStream, todo_calls: Arc<AtomicUsize>) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let target = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut length = 0;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).await.unwrap_or(0) == 0 {
                return;
            }
            if header.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let (status, extra, answer) = if target.starts_with("/rest/v1/todos") {
            if todo_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                (503, "Retry-After: 0\r\n", String::new())
            } else {
                let rows =
                    json!([{"id": 1, "title": "write the report"}, {"id": 2, "title": "ship it"}]);
                (200, "", rows.to_string())
            }
        } else if target.starts_with("/auth/v1/token") {
            (200, "", session().to_string())
        } else {
            (404, "", json!({"message": "not here"}).to_string())
        };
        let reply = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{extra}content-length: {}\r\n\r\n{answer}",
            answer.len()
        );
        if reader.get_mut().write_all(reply.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// A token answer with a fresh (unsigned) access token and refresh token.
fn session() -> Value {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let user = json!({"id": "5b1f6a52-0d1e-4c57-9a0e-2f3c7d0e9a11", "aud": "authenticated",
        "role": "authenticated", "email": "ann@example.com"});
    let claims = json!({"sub": user["id"], "exp": now + 3600, "iat": now, "role": "authenticated"});
    let jwt = format!(
        "{}.{}.{}",
        encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        encode(&claims.to_string()),
        encode(&format!("signature-{n}"))
    );
    json!({
        "access_token": jwt,
        "refresh_token": format!("refresh-{n}"),
        "token_type": "bearer",
        "expires_in": 3600,
        "expires_at": now + 3600,
        "user": user,
    })
}

/// Starts the Phoenix stand-in; returns the realtime endpoint (`ws://…/realtime/v1`).
pub(crate) async fn start_phoenix() -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("ws://{}/realtime/v1", listener.local_addr()?);
    let connections = Arc::new(AtomicUsize::new(0));
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let first = connections.fetch_add(1, Ordering::SeqCst) == 0;
            tokio::spawn(serve_phoenix(stream, first));
        }
    });
    Ok(url)
}

async fn serve_phoenix(stream: TcpStream, drop_after_join: bool) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    while let Some(Ok(message)) = ws.next().await {
        let Message::Text(text) = message else {
            continue;
        };
        let Ok(frame) = serde_json::from_str::<Value>(text.as_str()) else {
            continue;
        };
        let event = frame["event"].as_str().unwrap_or_default();
        if !matches!(
            event,
            "phx_join" | "heartbeat" | "access_token" | "phx_leave"
        ) {
            continue;
        }
        let reply = json!({
            "topic": frame["topic"], "event": "phx_reply", "ref": frame["ref"],
            "join_ref": frame["join_ref"], "payload": {"status": "ok", "response": {}},
        });
        if ws.send(Message::text(reply.to_string())).await.is_err() {
            return;
        }
        if event == "phx_join" && drop_after_join {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let _ = ws.close(None).await;
            return;
        }
    }
}

/// Unpadded base64url, as JWTs use.
fn encode(text: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}
