//! Realtime against the loopback Phoenix server (`realtime_support`), which validates every
//! frame (vsn 1 objects, vsn 2 arrays and binary frames, join payload schema, refs, join refs)
//! and answers like the Realtime server. Every test ends with `fake.assert_clean()`.

#![cfg(feature = "realtime")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod realtime_support;

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};
use supabase_core::realtime::{
    BroadcastPayload, ChannelConfig, PostgresChangeEvent, PostgresChangesFilter, PresenceEvent,
    PushStatus, RealtimeClient, RealtimeError, RealtimeFilter, RealtimeOptions, SubscribeState,
    Subscription, Vsn,
};
use supabase_core::{Client, Table, TokenFuture, TokenSource};

use realtime_support::{FakeRealtime, JoinPolicy, API_KEY};

async fn next<T: std::fmt::Debug>(s: &mut Subscription<T>) -> Result<T, RealtimeError> {
    tokio::time::timeout(Duration::from_secs(20), s.next())
        .await
        .expect("stream timed out")
        .expect("stream ended")
}

fn standalone(fake: &FakeRealtime, vsn: Vsn) -> RealtimeClient {
    RealtimeClient::new(&fake.endpoint(), API_KEY, RealtimeOptions::new().vsn(vsn)).unwrap()
}

#[derive(Debug)]
struct Tokens(std::sync::Mutex<String>);
impl TokenSource for Tokens {
    fn access_token(&self) -> TokenFuture<'_> {
        let t = self.0.lock().unwrap().clone();
        Box::pin(async move { Some(t) })
    }
}

#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
struct Cursor {
    x: i32,
    y: i32,
}

#[tokio::test]
async fn join_payload_url_and_same_topic_same_channel() {
    let fake = FakeRealtime::start().await;
    let client = Client::new(fake.project_url(), API_KEY).unwrap();
    let a = client.channel("room1");
    assert_eq!(a, client.clone().channel("room1"));
    assert_eq!(client.get_channels().len(), 1);
    assert_eq!(a.subscribe().await.unwrap(), SubscribeState::Subscribed);
    let (url, frames) = {
        let st = fake.state();
        (st.conns[0].url.clone(), st.conns[0].frames.clone())
    };
    assert_eq!(
        url,
        format!("/realtime/v1/websocket?apikey={API_KEY}&vsn=2.0.0")
    );
    let join = &frames[0];
    assert_eq!(join["event"], "phx_join");
    assert_eq!(join["join_ref"], join["ref"]);
    // No user signed in: supabase-js sends the API key as the access token.
    assert_eq!(
        join["payload"],
        json!({"config": {"broadcast": {"ack": false, "self": false}, "presence": {"key": "", "enabled": false},
               "postgres_changes": [], "private": false}, "access_token": API_KEY,
               // The token was resolved after the channel was made: realtime-js marks that with `version`.
               "version": concat!("supabase-core/", env!("CARGO_PKG_VERSION"))})
    );
    // Subscribing twice is refused; unsubscribe closes and forgets the channel.
    assert!(matches!(
        a.subscribe().await,
        Err(RealtimeError::AlreadySubscribed(_))
    ));
    let mut statuses = a.statuses();
    assert_eq!(client.remove_channel(&a).await.unwrap(), PushStatus::Ok);
    assert_eq!(next(&mut statuses).await.unwrap(), SubscribeState::Closed);
    assert!(client.get_channels().is_empty());
    assert_ne!(client.channel("room1"), a);
    fake.wait_for("leave", |s| {
        s.conns[0].frames.iter().any(|f| f["event"] == "phx_leave")
    })
    .await;
    fake.assert_clean();
}

#[tokio::test]
async fn broadcast_vsn2_binary_self_ack_and_typed() {
    let fake = FakeRealtime::start().await;
    let a = standalone(&fake, Vsn::V2);
    let b = standalone(&fake, Vsn::V2);
    let ca = a.channel_with(
        "room",
        ChannelConfig::new()
            .broadcast_self(true)
            .broadcast_ack(true),
    );
    let cb = b.channel("room");
    let mut a_cursor = ca.on_broadcast::<Cursor>("cursor");
    let mut b_cursor = cb.on_broadcast::<Cursor>("CURSOR");
    let mut b_all = cb.on_broadcast_raw("*");
    assert_eq!(ca.subscribe().await.unwrap(), SubscribeState::Subscribed);
    assert_eq!(cb.subscribe().await.unwrap(), SubscribeState::Subscribed);

    assert_eq!(
        ca.send_broadcast("cursor", &Cursor { x: 1, y: 2 })
            .await
            .unwrap(),
        PushStatus::Ok
    );
    assert_eq!(
        next(&mut b_cursor).await.unwrap().payload,
        Cursor { x: 1, y: 2 }
    );
    assert_eq!(
        next(&mut a_cursor).await.unwrap().payload,
        Cursor { x: 1, y: 2 },
        "self: true echoes"
    );
    let raw = next(&mut b_all).await.unwrap();
    assert_eq!(
        (raw.event.as_str(), raw.payload),
        ("cursor", BroadcastPayload::Json(json!({"x": 1, "y": 2})))
    );

    // A payload that does not decode is reported, and the stream goes on.
    cb.send_broadcast("cursor", &json!({"x": "nope"}))
        .await
        .unwrap();
    let err = next(&mut a_cursor).await.unwrap_err();
    assert!(
        matches!(&err, RealtimeError::Decode { event, payload, .. } if event == "cursor" && payload.contains("nope")),
        "{err}"
    );
    cb.send_broadcast("cursor", &Cursor { x: 3, y: 4 })
        .await
        .unwrap();
    assert_eq!(
        next(&mut a_cursor).await.unwrap().payload,
        Cursor { x: 3, y: 4 }
    );

    // Binary payloads travel as kind-3 (encoding 0) and come back as kind-4 bytes.
    ca.send_broadcast_binary("blob", bytes::Bytes::from_static(b"\x00\xffhi"))
        .await
        .unwrap();
    let got = next(&mut b_all).await.unwrap();
    assert_eq!(
        (got.event.as_str(), got.payload),
        (
            "blob",
            BroadcastPayload::Binary(bytes::Bytes::from_static(b"\x00\xffhi"))
        )
    );
    let frames = fake.frames(0);
    let sent: Vec<&Value> = frames
        .iter()
        .filter(|f| f["event"] == "broadcast")
        .collect();
    assert_eq!(sent[0]["binary_encoding"], 1);
    assert_eq!(
        sent[0]["payload"],
        json!({"type": "broadcast", "event": "cursor", "payload": {"x": 1, "y": 2}})
    );
    assert_eq!(sent[0]["join_ref"], frames[0]["join_ref"]);
    fake.wait_for("binary", |s| {
        s.conns[0].frames.iter().any(|f| f["binary_encoding"] == 0)
    })
    .await;
    fake.assert_clean();
}

#[tokio::test]
async fn broadcast_vsn1_text_frames_and_rest_fallback() {
    let fake = FakeRealtime::start().await;
    let a = standalone(&fake, Vsn::V1);
    let ca = a.channel_with("chat", ChannelConfig::new().private(true));
    let mut msgs = ca.on_broadcast::<Value>("msg");
    ca.subscribe().await.unwrap();
    let b = standalone(&fake, Vsn::V1);
    let cb = b.channel("chat");
    cb.subscribe().await.unwrap();
    cb.send_broadcast("msg", &json!({"n": 1})).await.unwrap();
    assert_eq!(next(&mut msgs).await.unwrap().payload, json!({"n": 1}));
    assert!(matches!(
        cb.send_broadcast_binary("b", bytes::Bytes::new()).await,
        Err(RealtimeError::InvalidArgument(_))
    ));
    {
        let st = fake.state();
        assert!(st.conns[0].url.ends_with("vsn=1.0.0"));
        let f = st.conns[1]
            .frames
            .iter()
            .find(|f| f["event"] == "broadcast")
            .unwrap();
        assert!(f.get("binary_encoding").is_none());
    }
    // Not joined: send falls back to POST /api/broadcast with the socket query kept.
    let c = standalone(&fake, Vsn::V1);
    c.set_auth(Some("user-jwt".into())).await.unwrap();
    let cc = c.channel_with("chat", ChannelConfig::new().private(true));
    let _own = cc.on_broadcast::<Value>("msg");
    cc.subscribe().await.unwrap();
    c.disconnect().await.unwrap();
    assert_eq!(
        cc.send_broadcast("msg", &json!({"n": 2})).await.unwrap(),
        PushStatus::Ok
    );
    assert_eq!(next(&mut msgs).await.unwrap().payload, json!({"n": 2}));
    let (method, path, headers, body) = fake.state().rest[0].clone();
    assert_eq!(method, "POST");
    assert_eq!(
        path,
        format!("/realtime/v1/api/broadcast?apikey={API_KEY}&vsn=1.0.0")
    );
    assert_eq!(headers["apikey"], API_KEY);
    assert_eq!(headers["authorization"], "Bearer user-jwt");
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"messages": [{"topic": "chat", "event": "msg", "payload": {"n": 2}, "private": true}]})
    );
    // A channel never subscribed also falls back to REST, as in realtime-js.
    let d = standalone(&fake, Vsn::V1);
    let fresh = d.channel("chat");
    assert_eq!(
        fresh.send_broadcast("msg", &json!({"n": 3})).await.unwrap(),
        PushStatus::Ok
    );
    assert_eq!(next(&mut msgs).await.unwrap().payload, json!({"n": 3}));
    assert_eq!(fake.state().rest.len(), 2);
    fake.assert_clean();
}

#[tokio::test]
async fn http_send_uses_the_single_endpoint() {
    let fake = FakeRealtime::start().await;
    let a = standalone(&fake, Vsn::V2);
    let ch = a.channel_with("a b", ChannelConfig::new().private(true));
    ch.http_send("ev/1", &json!({"k": 1})).await.unwrap();
    fake.state().rest_status = 500;
    let err = ch.http_send("ev", &json!({})).await.unwrap_err();
    assert!(
        matches!(err, RealtimeError::Http { status: 500, .. }),
        "{err}"
    );
    let st = fake.state();
    assert_eq!(st.rest[0].1, format!("/realtime/v1/api/broadcast/a%20b/events/ev%2F1?apikey={API_KEY}&vsn=2.0.0&private=true"));
    assert_eq!(st.rest[0].3, r#"{"k":1}"#);
    assert!(
        !st.rest[0].2.contains_key("authorization"),
        "no token known yet"
    );
}

#[tokio::test]
async fn presence_track_untrack_and_state() {
    let fake = FakeRealtime::start().await;
    let a = standalone(&fake, Vsn::V2);
    let b = standalone(&fake, Vsn::V1);
    let ca = a.channel_with("lobby", ChannelConfig::new().presence_key("alice"));
    let cb = b.channel_with("lobby", ChannelConfig::new().presence_key("bob"));
    let mut ea = ca.on_presence::<Value>().unwrap();
    let mut eb = cb.on_presence::<Value>().unwrap();
    ca.subscribe().await.unwrap();
    assert_eq!(
        next(&mut ea).await.unwrap(),
        PresenceEvent::Sync,
        "initial empty presence_state"
    );
    cb.subscribe().await.unwrap();
    assert_eq!(next(&mut eb).await.unwrap(), PresenceEvent::Sync);

    assert_eq!(
        ca.track(&json!({"status": "online"})).await.unwrap(),
        PushStatus::Ok
    );
    for e in [&mut ea, &mut eb] {
        match next(e).await.unwrap() {
            PresenceEvent::Join {
                key,
                current_presences,
                new_presences,
            } => {
                assert_eq!(key, "alice");
                assert!(current_presences.is_empty());
                assert_eq!(new_presences[0].state, json!({"status": "online"}));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(next(e).await.unwrap(), PresenceEvent::Sync);
    }
    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Status {
        status: String,
    }
    let state = cb.presence_state::<Status>().unwrap();
    assert_eq!(
        state["alice"][0].state,
        Status {
            status: "online".into()
        }
    );
    assert!(state["alice"][0].presence_ref.starts_with("pr"));
    assert!(cb.presence_state_raw()["alice"][0].get("phx_ref").is_none());

    ca.untrack().await.unwrap();
    match next(&mut eb).await.unwrap() {
        PresenceEvent::Leave {
            key,
            current_presences,
            left_presences,
        } => {
            assert_eq!(key, "alice");
            assert!(current_presences.is_empty());
            assert_eq!(left_presences.len(), 1);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(next(&mut eb).await.unwrap(), PresenceEvent::Sync);
    assert!(cb.presence_state::<Value>().unwrap().is_empty());
    // Frames: presence pushes as realtime-js writes them.
    let frames = fake.frames(0);
    let pushes: Vec<&Value> = frames
        .iter()
        .filter(|f| f["event"] == "presence")
        .map(|f| &f["payload"])
        .collect();
    assert_eq!(
        pushes,
        [
            &json!({"type": "presence", "event": "track", "payload": {"status": "online"}}),
            &json!({"type": "presence", "event": "untrack"})
        ]
    );
    assert_eq!(
        frames[0]["payload"]["config"]["presence"],
        json!({"key": "alice", "enabled": true})
    );
    // Presence listeners must come before subscribe.
    assert!(matches!(
        ca.on_presence::<Value>(),
        Err(RealtimeError::ListenerAfterSubscribe {
            kind: "presence",
            ..
        })
    ));
    fake.assert_clean();
}

#[tokio::test]
async fn presence_sync_sequences_follow_phoenix() {
    let fake = FakeRealtime::start().await;
    let a = standalone(&fake, Vsn::V2);
    let ch = a.channel("p");
    let mut ev = ch.on_presence::<Value>().unwrap();
    fake.set_join_policy("realtime:p", JoinPolicy::Accept);
    ch.subscribe().await.unwrap();
    assert_eq!(next(&mut ev).await.unwrap(), PresenceEvent::Sync);
    let meta = |r: &str| json!({"phx_ref": r, "n": r});
    // A state with two keys, then a diff: join merges (current metas kept at the front),
    // leave removes by ref, an emptied key is deleted.
    fake.push_to_topic(
        "realtime:p",
        "presence_state",
        json!({"u1": {"metas": [meta("1")]}, "u2": {"metas": [meta("2")]}}),
    );
    let mut seen = Vec::new();
    for _ in 0..3 {
        seen.push(next(&mut ev).await.unwrap());
    }
    assert!(matches!(&seen[0], PresenceEvent::Join { key, .. } if key == "u1"));
    assert!(matches!(&seen[1], PresenceEvent::Join { key, .. } if key == "u2"));
    assert_eq!(seen[2], PresenceEvent::Sync);
    fake.push_to_topic(
        "realtime:p",
        "presence_diff",
        json!({"joins": {"u1": {"metas": [meta("3")]}}, "leaves": {"u2": {"metas": [meta("2")]}}}),
    );
    match next(&mut ev).await.unwrap() {
        PresenceEvent::Join {
            key,
            current_presences,
            new_presences,
        } => {
            assert_eq!(key, "u1");
            assert_eq!(current_presences.len(), 1);
            assert_eq!(new_presences[0].presence_ref, "3");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(next(&mut ev).await.unwrap(), PresenceEvent::Leave { key, .. } if key == "u2")
    );
    assert_eq!(next(&mut ev).await.unwrap(), PresenceEvent::Sync);
    let raw = ch.presence_state_raw();
    assert_eq!(raw.keys().collect::<Vec<_>>(), ["u1"]);
    let refs: Vec<&Value> = raw["u1"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["presence_ref"])
        .collect();
    assert_eq!(refs, [&json!("1"), &json!("3")]);
    // A new state: u1 loses ref 1 (leave), u3 appears (join).
    fake.push_to_topic(
        "realtime:p",
        "presence_state",
        json!({"u1": {"metas": [meta("3")]}, "u3": {"metas": [meta("4")]}}),
    );
    let mut kinds = Vec::new();
    for _ in 0..3 {
        kinds.push(match next(&mut ev).await.unwrap() {
            PresenceEvent::Join { key, .. } => format!("join {key}"),
            PresenceEvent::Leave {
                key,
                left_presences,
                ..
            } => format!("leave {key} {}", left_presences[0].presence_ref),
            PresenceEvent::Sync => "sync".into(),
            other => panic!("{other:?}"),
        });
    }
    assert_eq!(kinds, ["join u3", "leave u1 1", "sync"]);
    // A diff with another join ref is stale and dropped.
    fake.push_raw(
        Some("999"),
        None,
        "realtime:p",
        "presence_diff",
        json!({"joins": {"x": {"metas": [meta("9")]}}, "leaves": {}}),
    );
    fake.push_to_topic(
        "realtime:p",
        "presence_diff",
        json!({"joins": {}, "leaves": {"u3": {"metas": [meta("4")]}}}),
    );
    assert!(
        matches!(next(&mut ev).await.unwrap(), PresenceEvent::Leave { key, .. } if key == "u3")
    );
    assert!(!ch.presence_state_raw().contains_key("x"));
    fake.assert_clean();
}

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct Todo {
    id: i64,
    task: String,
    done: bool,
    tags: Vec<String>,
    meta: Value,
    created: String,
}

impl Table for Todo {
    const SCHEMA: &'static str = "public";
    const NAME: &'static str = "todos";
    const COLUMNS: &'static [&'static str] = &["id", "task", "done", "tags", "meta", "created"];
    const PRIMARY_KEY: &'static [&'static str] = &["id"];
}

fn columns() -> Value {
    json!([{"name": "id", "type": "int8"}, {"name": "task", "type": "text"}, {"name": "done", "type": "bool"},
           {"name": "tags", "type": "_text"}, {"name": "meta", "type": "jsonb"}, {"name": "created", "type": "timestamp"},
           {"name": "price", "type": "numeric"}])
}

#[tokio::test]
async fn postgres_changes_bindings_conversion_and_typed_rows() {
    let fake = FakeRealtime::start().await;
    let client = Client::new(fake.project_url(), API_KEY).unwrap();
    let ch = client.channel("db");
    let filter = RealtimeFilter::new()
        .eq("task", "a,b")
        .in_("id", [1, 2, 1])
        .build();
    let mut all = ch
        .on_postgres_changes(
            PostgresChangesFilter::new(PostgresChangeEvent::All)
                .table("todos")
                .filter(filter.clone()),
        )
        .unwrap();
    let mut typed = ch
        .on_table_changes::<Todo>(PostgresChangeEvent::Insert, None)
        .unwrap();
    let mut system = ch.on_system();
    // An identical binding is shared, not sent twice.
    let _dup = ch
        .on_table_changes::<Todo>(PostgresChangeEvent::Insert, None)
        .unwrap();
    assert_eq!(ch.subscribe().await.unwrap(), SubscribeState::Subscribed);
    let sys = next(&mut system).await.unwrap();
    assert!(sys.is_postgres_ready() && sys.message == "Subscribed to PostgreSQL");
    let join = &fake.frames(0)[0];
    assert_eq!(
        join["payload"]["config"]["postgres_changes"],
        json!([{"event": "*", "schema": "public", "table": "todos", "filter": "task=eq.\"a,b\",id=in.(1,2)"},
               {"event": "INSERT", "schema": "public", "table": "todos"}])
    );
    let record = json!({"id": "7", "task": "write", "done": "t", "tags": "{a,\"b c\"}", "meta": "{\"p\":1}",
                        "created": "2024-01-02 03:04:05", "price": "10.50"});
    let data = |ty: &str| {
        json!({"schema": "public", "table": "todos", "commit_timestamp": "2024-01-02T03:04:05Z",
        "type": ty, "columns": columns(), "record": record, "old_record": {"id": "7"}, "errors": null})
    };
    fake.postgres_change("realtime:db", 1, data("INSERT"));
    fake.postgres_change("realtime:db", 0, data("UPDATE"));
    let row = next(&mut typed).await.unwrap();
    assert_eq!(
        row.new.unwrap(),
        Todo {
            id: 7,
            task: "write".into(),
            done: true,
            tags: vec!["a".into(), "b c".into()],
            meta: json!({"p": 1}),
            created: "2024-01-02T03:04:05".into()
        }
    );
    let upd = next(&mut all).await.unwrap();
    assert_eq!(upd.event_type, "UPDATE");
    assert_eq!(upd.new["price"], json!("10.50"), "numeric stays exact text");
    assert_eq!(upd.new["done"], json!(true));
    assert_eq!(upd.old, json!({"id": 7}).as_object().cloned().unwrap());
    // The INSERT-only binding ignores the UPDATE; a row that does not decode is an error item.
    let mut bad = data("INSERT");
    bad["record"]["done"] = json!("maybe");
    fake.postgres_change("realtime:db", 1, bad);
    let err = next(&mut typed).await.unwrap_err();
    assert!(
        matches!(&err, RealtimeError::Decode { event, .. } if event == "INSERT"),
        "{err}"
    );
    let del = json!({"schema": "public", "table": "todos", "commit_timestamp": "t", "type": "DELETE", "columns": columns(), "old_record": {"id": "8"}, "errors": null});
    fake.postgres_change("realtime:db", 0, del);
    let d = next(&mut all).await.unwrap();
    assert_eq!(
        (d.event_type.as_str(), d.new.is_empty(), d.old["id"].clone()),
        ("DELETE", true, json!(8))
    );
    assert!(matches!(
        ch.on_postgres_changes(PostgresChangesFilter::new(PostgresChangeEvent::All)),
        Err(RealtimeError::ListenerAfterSubscribe { .. })
    ));
    fake.assert_clean();
}

#[tokio::test]
async fn postgres_binding_mismatch_is_a_channel_error() {
    let fake = FakeRealtime::start().await;
    fake.set_join_policy(
        "realtime:m",
        JoinPolicy::PostgresReply(
            json!([{"id": 1, "event": "*", "schema": "public", "table": "other"}]),
        ),
    );
    let a = standalone(&fake, Vsn::V2);
    let ch = a.channel("m");
    let _c = ch
        .on_postgres_changes(PostgresChangesFilter::new(PostgresChangeEvent::All).table("todos"))
        .unwrap();
    let mut statuses = ch.statuses();
    let first = ch.subscribe().await.unwrap();
    assert_eq!(
        first,
        SubscribeState::ChannelError(
            "mismatch between server and client bindings for postgres changes".into()
        )
    );
    assert_eq!(next(&mut statuses).await.unwrap(), first);
    assert_eq!(next(&mut statuses).await.unwrap(), SubscribeState::Closed);
    fake.wait_for("leave", |s| {
        s.conns[0].frames.iter().any(|f| f["event"] == "phx_leave")
    })
    .await;
    assert!(a.get_channels().is_empty());
    fake.assert_clean();
}

#[tokio::test]
async fn tokens_from_the_token_source_and_set_auth() {
    let fake = FakeRealtime::start().await;
    let source = Arc::new(Tokens(std::sync::Mutex::new("jwt-1".into())));
    let client = Client::builder(fake.project_url(), API_KEY)
        .token_source(source.clone())
        .build()
        .unwrap();
    let ch = client.channel("t");
    ch.subscribe().await.unwrap();
    assert_eq!(fake.frames(0)[0]["payload"]["access_token"], "jwt-1");
    // Refreshed token: read on the next heartbeat and pushed to the joined channel.
    *source.0.lock().unwrap() = "jwt-2".into();
    client.realtime().send_heartbeat().await.unwrap();
    fake.wait_for("token push", |s| {
        s.conns[0].tokens.iter().any(|(_, t)| t == "jwt-2")
    })
    .await;
    // An explicit token wins until set_auth(None).
    client
        .realtime()
        .set_auth(Some("manual".into()))
        .await
        .unwrap();
    fake.wait_for("manual push", |s| {
        s.conns[0].tokens.last().is_some_and(|(_, t)| t == "manual")
    })
    .await;
    client.realtime().send_heartbeat().await.unwrap();
    client.realtime().set_auth(None).await.unwrap();
    fake.wait_for("back to source", |s| {
        s.conns[0].tokens.last().is_some_and(|(_, t)| t == "jwt-2")
    })
    .await;
    let tokens: Vec<String> = fake.state().conns[0]
        .tokens
        .iter()
        .map(|(_, t)| t.clone())
        .collect();
    assert_eq!(tokens, ["jwt-2", "manual", "jwt-2"]);
    // After an outage the rejoin carries the token read at reconnect time, before any heartbeat.
    *source.0.lock().unwrap() = "jwt-3".into();
    client.realtime().set_auth(None).await.unwrap();
    fake.wait_for("jwt-3 pushed", |s| {
        s.conns[0].tokens.last().is_some_and(|(_, t)| t == "jwt-3")
    })
    .await;
    *source.0.lock().unwrap() = "jwt-4".into();
    fake.drop_all();
    fake.wait_for("rejoined", |s| {
        s.conns.len() == 2 && s.conns[1].joined.contains_key("realtime:t")
    })
    .await;
    assert_eq!(
        fake.state().conns[1].joined["realtime:t"]
            .access_token
            .as_deref(),
        Some("jwt-4")
    );
    // A later channel's join carries the current token.
    let ch2 = client.channel("t2");
    ch2.subscribe().await.unwrap();
    let frames = fake.frames(1);
    let join2 = frames.iter().rfind(|f| f["event"] == "phx_join").unwrap();
    assert_eq!(join2["topic"], "realtime:t2");
    assert_eq!(join2["payload"]["access_token"], "jwt-4");
    // Made after the last token change: no `version`, as in realtime-js.
    assert!(join2["payload"].get("version").is_none());
    fake.assert_clean();
}

#[tokio::test]
async fn join_error_close_and_stale_join_refs() {
    let fake = FakeRealtime::start().await;
    fake.set_join_policy(
        "realtime:no",
        JoinPolicy::Refuse("Unauthorized: private channel".into()),
    );
    let a = standalone(&fake, Vsn::V2);
    let no = a.channel("no");
    assert_eq!(
        no.subscribe().await.unwrap(),
        SubscribeState::ChannelError("Unauthorized: private channel".into())
    );

    let ch = a.channel("x");
    let mut msgs = ch.on_broadcast::<Value>("*");
    let mut statuses = ch.statuses();
    ch.subscribe().await.unwrap();
    assert_eq!(
        next(&mut statuses).await.unwrap(),
        SubscribeState::Subscribed
    );
    let join_ref = fake.state().conns[0].joined["realtime:x"].join_ref.clone();
    // A message with an old join ref is dropped; one with the current ref (or none) passes.
    let bc = |n: i32| json!({"type": "broadcast", "event": "e", "payload": {"n": n}});
    fake.push_raw(Some("1"), None, "realtime:x", "broadcast", bc(1));
    fake.push_raw(Some(&join_ref), None, "realtime:x", "broadcast", bc(2));
    fake.push_raw(None, None, "realtime:x", "broadcast", bc(3));
    assert_eq!(next(&mut msgs).await.unwrap().payload, json!({"n": 2}));
    assert_eq!(next(&mut msgs).await.unwrap().payload, json!({"n": 3}));
    // A phx_close with another ref is ignored; the current one closes the channel.
    fake.push_raw(
        Some(&join_ref),
        Some("12345"),
        "realtime:x",
        "phx_close",
        json!({}),
    );
    fake.push_raw(
        Some(&join_ref),
        Some(&join_ref),
        "realtime:x",
        "phx_close",
        json!({}),
    );
    assert_eq!(next(&mut statuses).await.unwrap(), SubscribeState::Closed);
    assert!(
        msgs.next().await.is_none(),
        "the streams of a closed channel end"
    );
    assert!(a.get_channels().iter().all(|c| c.topic() != "realtime:x"));
    fake.assert_clean();
}

#[tokio::test]
async fn slow_consumer_gets_lagged_and_memory_stays_bounded() {
    let fake = FakeRealtime::start().await;
    let a = RealtimeClient::new(
        &fake.endpoint(),
        API_KEY,
        RealtimeOptions::new().buffer_capacity(4),
    )
    .unwrap();
    let ch = a.channel("flood");
    let mut slow = ch.on_broadcast::<Value>("m");
    let _other = ch.on_system();
    ch.subscribe().await.unwrap();
    for n in 0..20 {
        fake.broadcast("realtime:flood", "m", json!({"n": n}));
    }
    // The socket task is never blocked: a heartbeat still round-trips while the stream is full.
    assert_eq!(
        a.send_heartbeat().await.unwrap(),
        supabase_core::realtime::HeartbeatStatus::Ok
    );
    for n in 0..4 {
        assert_eq!(next(&mut slow).await.unwrap().payload, json!({"n": n}));
    }
    fake.broadcast("realtime:flood", "m", json!({"n": 20}));
    assert!(matches!(
        next(&mut slow).await,
        Err(RealtimeError::Lagged { missed: 16 })
    ));
    assert_eq!(next(&mut slow).await.unwrap().payload, json!({"n": 20}));
    // Dropping a stream removes its listener.
    assert_eq!(ch.listener_count().await.unwrap(), 2);
    drop(slow);
    assert_eq!(ch.listener_count().await.unwrap(), 1);
    fake.assert_clean();
}

#[tokio::test]
async fn rest_broadcast_from_a_client_carries_its_headers_and_token() {
    let fake = FakeRealtime::start().await;
    let source = Arc::new(Tokens(std::sync::Mutex::new("user-jwt".into())));
    let client = Client::builder(fake.project_url(), API_KEY)
        .header("x-app", "demo")
        .token_source(source)
        .build()
        .unwrap();
    let ch = client.channel("news");
    assert_eq!(
        ch.send_broadcast("n", &json!({"a": 1})).await.unwrap(),
        PushStatus::Ok
    );
    let st = fake.state();
    let (_, path, headers, _) = &st.rest[0];
    assert_eq!(
        path,
        &format!("/realtime/v1/api/broadcast?apikey={API_KEY}&vsn=2.0.0")
    );
    assert_eq!(headers["authorization"], "Bearer user-jwt");
    assert_eq!(headers["apikey"], API_KEY);
    assert_eq!(headers["x-app"], "demo");
    assert!(headers["x-client-info"].starts_with("supabase-core/"));
}

#[tokio::test]
async fn malformed_server_frames_are_skipped_and_metadata_is_kept() {
    let fake = FakeRealtime::start().await;
    let a = standalone(&fake, Vsn::V2);
    let ch = a.channel("g");
    let mut msgs = ch.on_broadcast_raw("*");
    let mut statuses = ch.statuses();
    ch.subscribe().await.unwrap();
    assert_eq!(
        next(&mut statuses).await.unwrap(),
        SubscribeState::Subscribed
    );
    // Not JSON, a vsn 1 object on a vsn 2 socket, an unknown binary kind, a truncated kind 4.
    fake.push_garbage(Some("not json"), Some(vec![1, 0, 0]));
    fake.push_garbage(
        Some(
            r#"{"topic":"realtime:g","event":"broadcast","payload":{},"ref":null,"join_ref":null}"#,
        ),
        Some(vec![4, 200, 1, 0, 1, b'x']),
    );
    // A kind-4 frame with metadata.
    let mut frame = vec![4, 10, 1, 18, 1];
    frame.extend_from_slice(b"realtime:ge{\"id\":\"m-1\",\"n\":2}{\"ok\":true}");
    fake.push_garbage(None, Some(frame));
    let m = next(&mut msgs).await.unwrap();
    assert_eq!(m.event, "e");
    assert_eq!(m.payload, BroadcastPayload::Json(json!({"ok": true})));
    assert_eq!(m.meta, Some(json!({"id": "m-1", "n": 2})));
    assert!(a.is_connected(), "the socket stays up");
    assert_eq!(
        a.send_heartbeat().await.unwrap(),
        supabase_core::realtime::HeartbeatStatus::Ok
    );
    fake.assert_clean();
}
