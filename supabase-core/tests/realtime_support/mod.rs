//! A Phoenix/Realtime server on loopback for the Realtime tests: it speaks vsn 1.0.0 and
//! 2.0.0 (with binary broadcast frames), validates every client frame strictly (shape, refs
//! increasing, join payload schema, pushes only on joined topics with the current join ref) and
//! records a violation for anything wrong; tests end with `assert_clean()`.
//!
//! Behaviour follows the Realtime server: heartbeat replies, join replies with postgres ids,
//! "Subscribed to PostgreSQL", presence_state after a join with presence, presence diffs on
//! track/untrack, broadcast fan-out (self/ack), leave → reply + phx_close. Test knobs: drop
//! every connection, stop answering heartbeats, ignore or refuse joins, inject frames.

#![allow(dead_code)]

pub mod codec;
pub mod replay;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::Message;

use codec::ClientFrame;

pub const API_KEY: &str = "anon-key";

/// How the server answers joins.
#[derive(Debug, Clone, PartialEq)]
pub enum JoinPolicy {
    Accept,
    /// No reply at all (the client times out).
    Ignore,
    /// `{status:"error", response:{reason}}`.
    Refuse(String),
    /// Reply ok but with these postgres_changes entries instead of the echo.
    PostgresReply(Value),
}

#[derive(Debug, Clone)]
pub struct Joined {
    pub join_ref: String,
    pub config: Value,
    pub pg_ids: Vec<i64>,
    pub access_token: Option<String>,
}

pub struct Conn {
    pub vsn: String,
    pub url: String,
    pub frames: Vec<Value>,
    /// When each frame arrived (tokio time: virtual in paused tests).
    pub frame_times: Vec<tokio::time::Instant>,
    pub opened_at: tokio::time::Instant,
    pub joined: HashMap<String, Joined>,
    pub tokens: Vec<(String, String)>,
    /// The client's close frame: `Some(None)` for a close without status, `Some(Some((code, reason)))`.
    pub closed_with: Option<Option<(u16, String)>>,
    last_ref: u64,
    tx: mpsc::UnboundedSender<Out>,
    pub open: bool,
}

enum Out {
    Text(String),
    Binary(Vec<u8>),
    Drop,
}

#[derive(Default)]
pub struct State {
    pub conns: Vec<Conn>,
    pub violations: Vec<String>,
    pub heartbeats_paused: bool,
    pub join_policy: HashMap<String, JoinPolicy>,
    /// topic → (key, meta) in join order.
    pub presences: HashMap<String, Vec<(String, Value, usize)>>,
    pub binary_broadcasts: bool,
    presence_counter: u64,
    /// REST requests: (method, path with query, headers lower-cased, body).
    pub rest: Vec<(String, String, HashMap<String, String>, String)>,
    /// Refuse websocket connections (drop the TCP stream before the handshake).
    pub refuse_connections: bool,
    /// When each connection attempt arrived.
    pub attempts: Vec<tokio::time::Instant>,
    /// Status the REST endpoint answers with.
    pub rest_status: u16,
    /// Broadcasts kept for replay (private channels).
    pub messages: Vec<replay::StoredMessage>,
}

#[derive(Clone)]
pub struct FakeRealtime {
    pub addr: std::net::SocketAddr,
    state: Arc<Mutex<State>>,
    version: Arc<watch::Sender<u64>>,
}

impl FakeRealtime {
    pub async fn start() -> FakeRealtime {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            binary_broadcasts: true,
            rest_status: 202,
            ..State::default()
        }));
        let (version, _) = watch::channel(0u64);
        let fake = FakeRealtime {
            addr,
            state,
            version: Arc::new(version),
        };
        let server = fake.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = server.clone();
                tokio::spawn(async move { s.serve(stream).await });
            }
        });
        fake
    }

    /// Keeps a broadcast for replay as if it had been sent on private `sub_topic` at
    /// `inserted_at_ms`; returns its id.
    pub fn store_message(
        &self,
        sub_topic: &str,
        event: &str,
        payload: Value,
        inserted_at_ms: i64,
    ) -> String {
        let mut st = self.state();
        let id = format!("msg-{}", st.messages.len() + 1);
        st.messages.push(replay::StoredMessage {
            id: id.clone(),
            topic: sub_topic.to_owned(),
            event: event.to_owned(),
            payload,
            inserted_at_ms,
        });
        id
    }

    /// The project URL to give a `Client` (`http://127.0.0.1:port`).
    pub fn project_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The realtime endpoint for a standalone `RealtimeClient`.
    pub fn endpoint(&self) -> String {
        format!("ws://{}/realtime/v1", self.addr)
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn bump(&self) {
        self.version.send_modify(|v| *v += 1);
    }

    /// Waits until `pred` holds (woken by every server event). Panics after 120 s (virtual
    /// time in paused tests).
    pub async fn wait_for(&self, what: &str, pred: impl Fn(&State) -> bool) {
        let mut rx = self.version.subscribe();
        let fut = async {
            loop {
                if pred(&self.state()) {
                    return;
                }
                rx.changed().await.unwrap();
            }
        };
        if tokio::time::timeout(Duration::from_secs(120), fut)
            .await
            .is_err()
        {
            panic!(
                "timed out waiting for {what}; violations: {:?}",
                self.state().violations
            );
        }
    }

    pub fn assert_clean(&self) {
        let v = self.state().violations.clone();
        assert!(
            v.is_empty(),
            "the fake server saw protocol violations: {v:#?}"
        );
    }

    pub fn frames(&self, conn: usize) -> Vec<Value> {
        self.state().conns[conn].frames.clone()
    }

    pub fn conn_count(&self) -> usize {
        self.state().conns.len()
    }

    pub fn set_heartbeats_paused(&self, paused: bool) {
        self.state().heartbeats_paused = paused;
    }

    pub fn set_join_policy(&self, topic: &str, policy: JoinPolicy) {
        self.state().join_policy.insert(topic.to_owned(), policy);
    }

    pub fn set_binary_broadcasts(&self, on: bool) {
        self.state().binary_broadcasts = on;
    }

    /// Drops every open connection without a close frame.
    pub fn drop_all(&self) {
        let mut st = self.state();
        for c in st.conns.iter_mut().filter(|c| c.open) {
            let _ = c.tx.send(Out::Drop);
            c.open = false;
            c.joined.clear();
        }
        st.presences.clear();
        drop(st);
        self.bump();
    }

    /// Sends `event`/`payload` on `topic` to every connection joined to it, with its join ref.
    pub fn push_to_topic(&self, topic: &str, event: &str, payload: Value) {
        let st = self.state();
        for c in st.conns.iter().filter(|c| c.open) {
            if let Some(j) = c.joined.get(topic) {
                let text =
                    codec::server_text(Some(&j.join_ref), None, topic, event, &payload, &c.vsn);
                let _ = c.tx.send(Out::Text(text));
            }
        }
    }

    /// Sends a frame with an explicit join ref (for stale-ref tests) to every open connection.
    pub fn push_raw(
        &self,
        join_ref: Option<&str>,
        ref_: Option<&str>,
        topic: &str,
        event: &str,
        payload: Value,
    ) {
        let st = self.state();
        for c in st.conns.iter().filter(|c| c.open) {
            let text = codec::server_text(join_ref, ref_, topic, event, &payload, &c.vsn);
            let _ = c.tx.send(Out::Text(text));
        }
    }

    /// Raw websocket messages to every open connection (for malformed-frame tests).
    pub fn push_garbage(&self, text: Option<&str>, binary: Option<Vec<u8>>) {
        let st = self.state();
        for c in st.conns.iter().filter(|c| c.open) {
            if let Some(t) = text {
                let _ = c.tx.send(Out::Text(t.to_owned()));
            }
            if let Some(b) = &binary {
                let _ = c.tx.send(Out::Binary(b.clone()));
            }
        }
    }

    /// A server broadcast (as binary kind 4 to vsn 2 clients when enabled) to everyone on `topic`.
    pub fn broadcast(&self, topic: &str, event: &str, payload: Value) {
        let st = self.state();
        for c in st
            .conns
            .iter()
            .filter(|c| c.open && c.joined.contains_key(topic))
        {
            send_broadcast(c, st.binary_broadcasts, topic, event, &payload);
        }
    }

    /// A postgres change for the connections whose binding `index` matches on `topic`.
    pub fn postgres_change(&self, topic: &str, index: usize, data: Value) {
        let st = self.state();
        for c in st.conns.iter().filter(|c| c.open) {
            if let Some(j) = c.joined.get(topic) {
                let Some(id) = j.pg_ids.get(index) else {
                    continue;
                };
                let payload = json!({"ids": [id], "data": data});
                let text = codec::server_text(
                    Some(&j.join_ref),
                    None,
                    topic,
                    "postgres_changes",
                    &payload,
                    &c.vsn,
                );
                let _ = c.tx.send(Out::Text(text));
            }
        }
    }

    /// Number of joined topics over open connections.
    pub fn joined_topics(&self) -> usize {
        self.state()
            .conns
            .iter()
            .filter(|c| c.open)
            .map(|c| c.joined.len())
            .sum()
    }

    async fn serve(self, stream: TcpStream) {
        let mut head = [0u8; 5];
        if stream.peek(&mut head).await.is_ok() && &head == b"POST " {
            return self.serve_rest(stream).await;
        }
        self.serve_ws(stream).await;
    }

    /// A transport that connects the client through an in-memory pipe instead of TCP (no real
    /// IO, so tokio's paused clock only advances when every task is idle).
    pub fn transport(&self) -> supabase_core::realtime::Transport {
        let fake = self.clone();
        supabase_core::realtime::Transport::new(move |_url| {
            let (client, server) = tokio::io::duplex(1 << 16);
            tokio::spawn(fake.clone().serve_ws(server));
            Box::pin(
                async move { Ok(Box::new(client) as Box<dyn supabase_core::realtime::RealtimeIo>) },
            )
        })
    }

    #[allow(clippy::result_large_err)] // tungstenite's handshake callback signature
    async fn serve_ws<S>(self, stream: S)
    where
        S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        {
            let mut st = self.state();
            st.attempts.push(tokio::time::Instant::now());
            if st.refuse_connections {
                drop(st);
                self.bump();
                return;
            }
        }
        let mut url = String::new();
        let ws = tokio_tungstenite::accept_hdr_async(stream, |req: &Request, resp: Response| {
            url = req.uri().to_string();
            Ok(resp)
        })
        .await;
        let Ok(ws) = ws else { return };
        let (mut sink, mut source) = ws.split();
        let (tx, mut rx) = mpsc::unbounded_channel();
        let idx;
        let vsn;
        {
            let mut st = self.state();
            let parsed = url::Url::parse(&format!("http://x{url}")).unwrap();
            let q: Vec<(String, String)> = parsed
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            vsn = q
                .iter()
                .find(|(k, _)| k == "vsn")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            if parsed.path() != "/realtime/v1/websocket" {
                st.violations.push(format!("socket path {}", parsed.path()));
            }
            if q.first() != Some(&("apikey".to_owned(), API_KEY.to_owned())) {
                st.violations
                    .push(format!("apikey must come first and be right: {url}"));
            }
            if q.last().map(|(k, _)| k.as_str()) != Some("vsn")
                || !(vsn == "1.0.0" || vsn == "2.0.0")
            {
                st.violations
                    .push(format!("vsn must come last and be 1.0.0 or 2.0.0: {url}"));
            }
            idx = st.conns.len();
            st.conns.push(Conn {
                vsn: vsn.clone(),
                url,
                frames: Vec::new(),
                frame_times: Vec::new(),
                opened_at: tokio::time::Instant::now(),
                joined: HashMap::new(),
                tokens: Vec::new(),
                closed_with: None,
                last_ref: 0,
                tx,
                open: true,
            });
        }
        self.bump();
        loop {
            tokio::select! {
                out = rx.recv() => match out {
                    Some(Out::Text(t)) => { if sink.send(Message::text(t)).await.is_err() { break; } }
                    Some(Out::Binary(b)) => { if sink.send(Message::binary(b)).await.is_err() { break; } }
                    Some(Out::Drop) | None => return,
                },
                msg = source.next() => {
                    let parsed = match msg {
                        Some(Ok(Message::Text(t))) => codec::parse_text(t.as_str(), &vsn),
                        Some(Ok(Message::Binary(b))) if vsn == "2.0.0" => codec::parse_binary(&b),
                        Some(Ok(Message::Binary(_))) => Err("binary frame on vsn 1.0.0".into()),
                        Some(Ok(Message::Close(frame))) => {
                            self.state().conns[idx].closed_with = Some(frame.map(|f| (u16::from(f.code), f.reason.as_str().to_owned())));
                            break;
                        }
                        None | Some(Err(_)) => break,
                        Some(Ok(_)) => continue,
                    };
                    match parsed {
                        Ok(frame) => self.handle(idx, frame),
                        Err(e) => self.state().violations.push(e),
                    }
                    self.bump();
                }
            }
        }
        let mut st = self.state();
        st.conns[idx].open = false;
        let topics: Vec<String> = st.conns[idx].joined.keys().cloned().collect();
        st.conns[idx].joined.clear();
        for t in topics {
            leave_presence(&mut st, idx, &t);
        }
        drop(st);
        self.bump();
    }

    /// `POST …/api/broadcast`: records the request, fans the messages out, answers `rest_status`.
    async fn serve_rest(self, mut stream: TcpStream) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            let n = stream.read(&mut chunk).await.unwrap_or(0);
            if n == 0 {
                return;
            }
            buf.extend_from_slice(&chunk[..n]);
            if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
        let mut lines = head.split("\r\n");
        let request_line: Vec<&str> = lines.next().unwrap_or_default().split(' ').collect();
        let headers: HashMap<String, String> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let len: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + len {
            let n = stream.read(&mut chunk).await.unwrap_or(0);
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let body = String::from_utf8_lossy(&buf[head_end..]).to_string();
        let status = {
            let mut st = self.state();
            st.rest.push((
                request_line[0].to_owned(),
                request_line.get(1).copied().unwrap_or_default().to_owned(),
                headers,
                body.clone(),
            ));
            if st.rest_status == 202 {
                if let Ok(v) = serde_json::from_str::<Value>(&body) {
                    for m in v["messages"].as_array().into_iter().flatten() {
                        let topic = format!("realtime:{}", m["topic"].as_str().unwrap_or_default());
                        for c in st
                            .conns
                            .iter()
                            .filter(|c| c.open && c.joined.contains_key(&topic))
                        {
                            send_broadcast(
                                c,
                                st.binary_broadcasts,
                                &topic,
                                m["event"].as_str().unwrap_or_default(),
                                &m["payload"],
                            );
                        }
                    }
                }
            }
            st.rest_status
        };
        self.bump();
        let answer =
            format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        let _ = stream.write_all(answer.as_bytes()).await;
        let _ = stream.shutdown().await;
    }

    fn handle(&self, idx: usize, f: ClientFrame) {
        let mut st = self.state();
        let st = &mut *st;
        st.conns[idx].frames.push(f.to_json());
        st.conns[idx].frame_times.push(tokio::time::Instant::now());
        // Refs come from one increasing counter.
        match f.ref_.as_deref().map(str::parse::<u64>) {
            Some(Ok(r)) if r > st.conns[idx].last_ref => st.conns[idx].last_ref = r,
            _ => {
                let m = format!(
                    "ref must be present and increasing (last {}): {}",
                    st.conns[idx].last_ref,
                    f.to_json()
                );
                st.violations.push(m);
                return;
            }
        }
        let vsn = st.conns[idx].vsn.clone();
        let reply = |c: &Conn, join_ref: Option<&str>, status: &str, response: Value| {
            let text = codec::server_text(
                join_ref,
                f.ref_.as_deref(),
                &f.topic,
                "phx_reply",
                &json!({"status": status, "response": response}),
                &vsn,
            );
            let _ = c.tx.send(Out::Text(text));
        };
        if f.topic == "phoenix" {
            if f.event != "heartbeat" || f.join_ref.is_some() || f.payload != json!({}) {
                st.violations
                    .push(format!("bad phoenix frame {}", f.to_json()));
            } else if !st.heartbeats_paused {
                reply(&st.conns[idx], None, "ok", json!({}));
            }
            return;
        }
        if !f.topic.starts_with("realtime:") {
            st.violations
                .push(format!("topic without realtime: prefix {}", f.to_json()));
            return;
        }
        if f.event == "phx_join" {
            if let Err(e) = check_join(&f) {
                st.violations.push(e);
                return;
            }
            let policy = st
                .join_policy
                .get(&f.topic)
                .cloned()
                .unwrap_or(JoinPolicy::Accept);
            let join_ref = f.join_ref.clone().unwrap_or_default();
            match policy {
                JoinPolicy::Ignore => {}
                JoinPolicy::Refuse(reason) => reply(
                    &st.conns[idx],
                    Some(&join_ref),
                    "error",
                    json!({"reason": reason}),
                ),
                JoinPolicy::Accept | JoinPolicy::PostgresReply(_)
                    if replay::replay_error(&f.payload["config"]).is_some() =>
                {
                    let reason = replay::replay_error(&f.payload["config"]).unwrap_or_default();
                    reply(
                        &st.conns[idx],
                        Some(&join_ref),
                        "error",
                        json!({"reason": reason}),
                    );
                }
                JoinPolicy::Accept | JoinPolicy::PostgresReply(_) => {
                    let config = f.payload["config"].clone();
                    let bindings = config["postgres_changes"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                    let ids: Vec<i64> = (0..bindings.len())
                        .map(|i| topic_hash(&f.topic) + i as i64)
                        .collect();
                    let entries: Vec<Value> = match &policy {
                        JoinPolicy::PostgresReply(v) => v.as_array().cloned().unwrap_or_default(),
                        _ => bindings
                            .iter()
                            .zip(&ids)
                            .map(|(b, id)| {
                                let mut e = b.clone();
                                e["id"] = json!(id);
                                e
                            })
                            .collect(),
                    };
                    let token = f
                        .payload
                        .get("access_token")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    st.conns[idx].joined.insert(
                        f.topic.clone(),
                        Joined {
                            join_ref: join_ref.clone(),
                            config: config.clone(),
                            pg_ids: ids,
                            access_token: token,
                        },
                    );
                    reply(
                        &st.conns[idx],
                        Some(&join_ref),
                        "ok",
                        json!({"postgres_changes": entries}),
                    );
                    let c = &st.conns[idx];
                    if !bindings.is_empty() {
                        let sys = json!({"extension": "postgres_changes", "status": "ok", "message": "Subscribed to PostgreSQL", "channel": f.topic.trim_start_matches("realtime:")});
                        let _ = c.tx.send(Out::Text(codec::server_text(
                            Some(&join_ref),
                            None,
                            &f.topic,
                            "system",
                            &sys,
                            &vsn,
                        )));
                    }
                    // Replayed messages follow the join reply (the channel sends them to itself
                    // once the join is done), then the replication-ready notice.
                    for m in replay::replayed(&st.messages, &f.topic, &config) {
                        let _ = c.tx.send(Out::Text(codec::server_text(
                            Some(&join_ref),
                            None,
                            &f.topic,
                            "broadcast",
                            &m,
                            &vsn,
                        )));
                    }
                    if let Some(sys) = replay::replication_ready(&config, &f.topic) {
                        let _ = c.tx.send(Out::Text(codec::server_text(
                            Some(&join_ref),
                            None,
                            &f.topic,
                            "system",
                            &sys,
                            &vsn,
                        )));
                    }
                    if config["presence"]["enabled"] == json!(true) {
                        let state = presence_state(st.presences.get(&f.topic));
                        let _ = c.tx.send(Out::Text(codec::server_text(
                            Some(&join_ref),
                            None,
                            &f.topic,
                            "presence_state",
                            &state,
                            &vsn,
                        )));
                    }
                }
            }
            return;
        }
        // Everything else needs the topic joined with the current join ref.
        let Some(joined) = st.conns[idx].joined.get(&f.topic).cloned() else {
            if f.event != "phx_leave" {
                st.violations.push(format!(
                    "{} on a topic that is not joined: {}",
                    f.event,
                    f.to_json()
                ));
            }
            return;
        };
        if f.join_ref.as_deref() != Some(joined.join_ref.as_str()) {
            st.violations.push(format!(
                "stale or missing join_ref (current {}): {}",
                joined.join_ref,
                f.to_json()
            ));
            return;
        }
        match f.event.as_str() {
            "phx_leave" => {
                if f.payload != json!({}) {
                    st.violations
                        .push(format!("leave payload must be empty {}", f.to_json()));
                }
                reply(&st.conns[idx], Some(&joined.join_ref), "ok", json!({}));
                let close = codec::server_text(
                    Some(&joined.join_ref),
                    Some(&joined.join_ref),
                    &f.topic,
                    "phx_close",
                    &json!({}),
                    &vsn,
                );
                let _ = st.conns[idx].tx.send(Out::Text(close));
                st.conns[idx].joined.remove(&f.topic);
                leave_presence(st, idx, &f.topic);
            }
            "access_token" => {
                let keys: Vec<&String> = f
                    .payload
                    .as_object()
                    .map(|o| o.keys().collect())
                    .unwrap_or_default();
                match f.payload.get("access_token").and_then(Value::as_str) {
                    Some(t) if keys.len() == 1 => {
                        st.conns[idx].tokens.push((f.topic.clone(), t.to_owned()))
                    }
                    _ => st
                        .violations
                        .push(format!("bad access_token push {}", f.to_json())),
                }
            }
            "broadcast" => {
                let p = &f.payload;
                let ok = p["type"] == "broadcast"
                    && p["event"].is_string()
                    && p.as_object().is_some_and(|o| o.len() == 3);
                if !ok {
                    st.violations.push(format!("bad broadcast {}", f.to_json()));
                    return;
                }
                let event = p["event"].as_str().unwrap_or_default().to_owned();
                let user = p["payload"].clone();
                if joined.config["private"] == json!(true) && f.binary != Some(0) {
                    let id = format!("msg-{}", st.messages.len() + 1);
                    st.messages.push(replay::StoredMessage {
                        id,
                        topic: f.topic.trim_start_matches("realtime:").to_owned(),
                        event: event.clone(),
                        payload: user.clone(),
                        inserted_at_ms: replay::now_ms(),
                    });
                }
                if event == "__flood" {
                    // Benchmark helper: answer with `count` ticks to the sender only.
                    let c = &st.conns[idx];
                    for seq in 0..user["count"].as_u64().unwrap_or(0) {
                        let tick = json!({"seq": seq, "user": "alice", "text": "the quick brown fox jumps over the lazy dog", "pos": {"x": 12.5, "y": -3.25}});
                        send_broadcast(c, st.binary_broadcasts, &f.topic, "tick", &tick);
                    }
                    return;
                }
                for (i, c) in st.conns.iter().enumerate().filter(|(_, c)| c.open) {
                    if let Some(j) = c.joined.get(&f.topic) {
                        if i != idx || joined.config["broadcast"]["self"] == json!(true) {
                            let _ = j;
                            if f.binary == Some(0) {
                                let bytes: Vec<u8> = user["bytes"]
                                    .as_array()
                                    .into_iter()
                                    .flatten()
                                    .filter_map(Value::as_u64)
                                    .map(|b| b as u8)
                                    .collect();
                                let _ = c.tx.send(Out::Binary(codec::server_binary_broadcast_raw(
                                    &f.topic, &event, &bytes,
                                )));
                            } else {
                                send_broadcast(c, st.binary_broadcasts, &f.topic, &event, &user);
                            }
                        }
                    }
                }
                if joined.config["broadcast"]["ack"] == json!(true) {
                    reply(&st.conns[idx], Some(&joined.join_ref), "ok", json!({}));
                }
            }
            "presence" => {
                let p = &f.payload;
                match (p["type"].as_str(), p["event"].as_str()) {
                    (Some("presence"), Some("track"))
                        if p["payload"].is_object()
                            && p.as_object().is_some_and(|o| o.len() == 3) =>
                    {
                        st.presence_counter += 1;
                        let key = joined.config["presence"]["key"]
                            .as_str()
                            .filter(|k| !k.is_empty())
                            .map(str::to_owned)
                            .unwrap_or_else(|| format!("gen-{idx}"));
                        let mut meta = p["payload"].clone();
                        meta["phx_ref"] = json!(format!("pr{}", st.presence_counter));
                        let list = st.presences.entry(f.topic.clone()).or_default();
                        let mut leaves = json!({});
                        if let Some(pos) = list
                            .iter()
                            .position(|(k, _, owner)| *k == key && *owner == idx)
                        {
                            let (_, old, _) = list.remove(pos);
                            meta["phx_ref_prev"] = old["phx_ref"].clone();
                            leaves = json!({ key.clone(): {"metas": [old]} });
                        }
                        list.push((key.clone(), meta.clone(), idx));
                        let diff = json!({"joins": { key: {"metas": [meta]} }, "leaves": leaves});
                        send_diff(st, &f.topic, &diff);
                        reply(&st.conns[idx], Some(&joined.join_ref), "ok", json!({}));
                    }
                    (Some("presence"), Some("untrack"))
                        if p.as_object().is_some_and(|o| o.len() == 2) =>
                    {
                        leave_presence(st, idx, &f.topic);
                        reply(&st.conns[idx], Some(&joined.join_ref), "ok", json!({}));
                    }
                    _ => st
                        .violations
                        .push(format!("bad presence push {}", f.to_json())),
                }
            }
            other => st
                .violations
                .push(format!("unknown event {other}: {}", f.to_json())),
        }
    }
}

fn topic_hash(topic: &str) -> i64 {
    1000 + topic
        .bytes()
        .fold(0i64, |h, b| (h * 31 + b as i64) % 1_000_000)
        * 100
}

fn check_join(f: &ClientFrame) -> Result<(), String> {
    let err = |m: &str| Err(format!("bad join ({m}): {}", f.to_json()));
    if f.join_ref.is_none() || f.join_ref != f.ref_ {
        return err("ref must equal join_ref");
    }
    let p = f.payload.as_object().ok_or("join payload not an object")?;
    for k in p.keys() {
        if !["config", "access_token", "version"].contains(&k.as_str()) {
            return err("unknown key");
        }
    }
    if p.get("access_token").is_some_and(|t| !t.is_string())
        || p.get("version").is_some_and(|t| !t.is_string())
    {
        return err("access_token/version must be strings");
    }
    let c = &p.get("config").cloned().unwrap_or_default();
    let shape = replay::broadcast_shape_ok(&c["broadcast"])
        && c["presence"]["key"].is_string()
        && c["presence"]["enabled"].is_boolean()
        && c["presence"].as_object().is_some_and(|o| o.len() == 2)
        && c["private"].is_boolean()
        && c["postgres_changes"].is_array()
        && c.as_object().is_some_and(|o| o.len() == 4);
    if !shape {
        return err("config shape");
    }
    for b in c["postgres_changes"].as_array().into_iter().flatten() {
        let o = b.as_object().ok_or("binding not an object")?;
        let ev = b["event"].as_str().unwrap_or_default();
        if !["*", "INSERT", "UPDATE", "DELETE"].contains(&ev) || !b["schema"].is_string() {
            return err("binding event/schema");
        }
        if o.keys()
            .any(|k| !["event", "schema", "table", "filter"].contains(&k.as_str()))
        {
            return err("binding keys");
        }
    }
    Ok(())
}

fn send_broadcast(c: &Conn, binary: bool, topic: &str, event: &str, user: &Value) {
    if c.vsn == "2.0.0" && binary {
        let _ = c.tx.send(Out::Binary(codec::server_binary_broadcast(
            topic, event, user,
        )));
    } else {
        let payload = json!({"type": "broadcast", "event": event, "payload": user});
        let _ = c.tx.send(Out::Text(codec::server_text(
            None,
            None,
            topic,
            "broadcast",
            &payload,
            &c.vsn,
        )));
    }
}

fn presence_state(list: Option<&Vec<(String, Value, usize)>>) -> Value {
    let mut state = serde_json::Map::new();
    for (key, meta, _) in list.into_iter().flatten() {
        let entry = state
            .entry(key.clone())
            .or_insert_with(|| json!({"metas": []}));
        entry["metas"].as_array_mut().unwrap().push(meta.clone());
    }
    Value::Object(state)
}

fn send_diff(st: &State, topic: &str, diff: &Value) {
    for c in st.conns.iter().filter(|c| c.open) {
        if let Some(j) = c.joined.get(topic) {
            if j.config["presence"]["enabled"] == json!(true) {
                let _ = c.tx.send(Out::Text(codec::server_text(
                    Some(&j.join_ref),
                    None,
                    topic,
                    "presence_diff",
                    diff,
                    &c.vsn,
                )));
            }
        }
    }
}

fn leave_presence(st: &mut State, idx: usize, topic: &str) {
    let Some(list) = st.presences.get_mut(topic) else {
        return;
    };
    let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(list)
        .into_iter()
        .partition(|(_, _, o)| *o == idx);
    *list = kept;
    if gone.is_empty() {
        return;
    }
    let mut leaves = serde_json::Map::new();
    for (key, meta, _) in gone {
        let e = leaves.entry(key).or_insert_with(|| json!({"metas": []}));
        e["metas"].as_array_mut().unwrap().push(meta);
    }
    send_diff(st, topic, &json!({"joins": {}, "leaves": leaves}));
}
