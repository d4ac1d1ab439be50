//! Broadcast replay on join, `replication_ready`, and the heartbeat callback, against the
//! loopback Realtime server (`realtime_support`, replay rules in `realtime_support/replay.rs`).
//! Every test ends with `fake.assert_clean()`.

#![cfg(feature = "realtime")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod realtime_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};
use supabase_core::realtime::{
    Broadcast, ChannelConfig, HeartbeatCallback, HeartbeatStatus, RealtimeClient, RealtimeError,
    RealtimeOptions, Replay, SubscribeState, Subscription,
};

use realtime_support::{FakeRealtime, API_KEY};

async fn next<T: std::fmt::Debug>(s: &mut Subscription<T>) -> Result<T, RealtimeError> {
    tokio::time::timeout(Duration::from_secs(20), s.next())
        .await
        .expect("stream timed out")
        .expect("stream ended")
}

fn client(fake: &FakeRealtime, options: RealtimeOptions) -> RealtimeClient {
    RealtimeClient::new(&fake.endpoint(), API_KEY, options).unwrap()
}

fn join_frame(fake: &FakeRealtime, topic: &str) -> Value {
    fake.frames(0)
        .into_iter()
        .rev()
        .find(|f| f["event"] == "phx_join" && f["topic"] == topic)
        .unwrap()
}

#[tokio::test]
async fn replay_brings_back_the_newest_stored_messages_marked() {
    let fake = FakeRealtime::start().await;
    let t0 = 1_700_000_000_000i64;
    for i in 0..30 {
        fake.store_message("orders", "status", json!({"n": i}), t0 + i * 1000);
    }
    fake.store_message("elsewhere", "status", json!({"n": -1}), t0 + 50_000);
    let rt = client(&fake, RealtimeOptions::new());

    // since t0+5s, limit 3: the three newest, oldest first, marked.
    let ch = rt.channel_with(
        "orders",
        ChannelConfig::new()
            .private(true)
            .replay(Replay::since(t0 + 5_000).limit(3)),
    );
    let mut msgs = ch.on_broadcast::<Value>("status");
    assert_eq!(ch.subscribe().await.unwrap(), SubscribeState::Subscribed);
    assert_eq!(
        join_frame(&fake, "realtime:orders")["payload"]["config"]["broadcast"],
        json!({"ack": false, "self": false, "replay": {"since": t0 + 5_000, "limit": 3}})
    );
    let mut got: Vec<Broadcast<Value>> = Vec::new();
    for _ in 0..3 {
        got.push(next(&mut msgs).await.unwrap());
    }
    let ns: Vec<i64> = got
        .iter()
        .map(|b| b.payload["n"].as_i64().unwrap())
        .collect();
    assert_eq!(ns, [27, 28, 29]);
    assert!(got.iter().all(Broadcast::is_replayed));
    assert_eq!(got[0].message_id(), Some("msg-28"));

    // A live message afterwards is not marked.
    fake.broadcast("realtime:orders", "status", json!({"n": 100}));
    let live = next(&mut msgs).await.unwrap();
    assert_eq!(live.payload["n"], 100);
    assert!(!live.is_replayed());
    fake.assert_clean();
}

#[tokio::test]
async fn replay_limit_is_clamped_and_defaults_to_25() {
    let fake = FakeRealtime::start().await;
    let t0 = 1_700_000_000_000i64;
    for i in 0..40 {
        fake.store_message("feed", "e", json!(i), t0 + i);
    }
    let rt = client(&fake, RealtimeOptions::new());
    // limit 100 -> 25, no limit -> 25, limit 0 -> 1.
    for (replay, expected_first) in [
        (Replay::since(t0).limit(100), 15),
        (Replay::since(t0), 15),
        (Replay::since(t0 + 38).limit(0), 39),
    ] {
        let ch = rt.channel_with("feed", ChannelConfig::new().private(true).replay(replay));
        let mut msgs = ch.on_broadcast::<Value>("e");
        assert_eq!(ch.subscribe().await.unwrap(), SubscribeState::Subscribed);
        let first = next(&mut msgs).await.unwrap();
        assert_eq!(first.payload, json!(expected_first));
        let count = 40 - expected_first as usize;
        for _ in 1..count {
            assert!(next(&mut msgs).await.unwrap().is_replayed());
        }
        ch.unsubscribe().await.unwrap();
        let extra = tokio::time::timeout(Duration::from_millis(200), msgs.next()).await;
        assert!(
            !matches!(extra, Ok(Some(Ok(ref b))) if b.is_replayed()),
            "more than {count} replayed: {extra:?}"
        );
    }
    // A message sent on a private channel is stored and replayed to the next joiner.
    let a = rt.channel_with("chat", ChannelConfig::new().private(true));
    a.subscribe().await.unwrap();
    a.send_broadcast("say", &json!({"text": "hi"}))
        .await
        .unwrap();
    let b = client(&fake, RealtimeOptions::new()).channel_with(
        "chat",
        ChannelConfig::new().private(true).replay(Replay::since(0)),
    );
    let mut said = b.on_broadcast::<Value>("say");
    b.subscribe().await.unwrap();
    let m = next(&mut said).await.unwrap();
    assert_eq!(m.payload, json!({"text": "hi"}));
    assert!(m.is_replayed());
    fake.assert_clean();
}

#[tokio::test]
async fn replay_on_a_public_channel_is_refused_before_sending() {
    let fake = FakeRealtime::start().await;
    let rt = client(&fake, RealtimeOptions::new());
    let ch = rt.channel_with("lobby", ChannelConfig::new().replay(Replay::since(0)));
    let err = ch.subscribe().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid argument: tried to use replay on public channel 'realtime:lobby'. It must be a private channel."
    );
    assert_eq!(fake.conn_count(), 0);
    fake.assert_clean();
}

#[tokio::test]
async fn replication_ready_system_message() {
    let fake = FakeRealtime::start().await;
    let rt = client(&fake, RealtimeOptions::new());
    let ch = rt.channel_with("db", ChannelConfig::new().replication_ready(true));
    let mut system = ch.on_system();
    assert_eq!(ch.subscribe().await.unwrap(), SubscribeState::Subscribed);
    assert_eq!(
        join_frame(&fake, "realtime:db")["payload"]["config"]["broadcast"],
        json!({"ack": false, "self": false, "replication_ready": true})
    );
    let m = next(&mut system).await.unwrap();
    assert_eq!(
        (m.extension.as_str(), m.status.as_str(), m.message.as_str()),
        ("system", "ok", "Replication connection established")
    );
    fake.assert_clean();
}

type Seen = Arc<Mutex<Vec<(HeartbeatStatus, Option<Duration>)>>>;

fn recorder() -> (Seen, HeartbeatCallback) {
    let seen: Seen = Arc::default();
    let s = Arc::clone(&seen);
    (
        seen,
        HeartbeatCallback::new(move |status, latency| s.lock().unwrap().push((status, latency))),
    )
}

#[tokio::test]
async fn heartbeat_callback_reports_sent_ok_latency_and_timeout() {
    let fake = FakeRealtime::start().await;
    let (seen, cb) = recorder();
    let rt = client(&fake, RealtimeOptions::new().heartbeat_callback(cb));
    let ch = rt.channel("hb");
    ch.subscribe().await.unwrap();

    assert_eq!(rt.send_heartbeat().await.unwrap(), HeartbeatStatus::Ok);
    {
        let s = seen.lock().unwrap();
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0], (HeartbeatStatus::Sent, None));
        assert_eq!(s[1].0, HeartbeatStatus::Ok);
        assert!(s[1].1.is_some(), "ok carries the round-trip time");
    }

    // A second callback replaces the first; an unanswered heartbeat times out.
    let (later, cb2) = recorder();
    rt.on_heartbeat(cb2).unwrap();
    fake.set_heartbeats_paused(true);
    let first = tokio::spawn({
        let rt = rt.clone();
        async move { rt.send_heartbeat().await }
    });
    fake.wait_for("the heartbeat", |s| {
        s.conns[0]
            .frames
            .iter()
            .filter(|f| f["event"] == "heartbeat")
            .count()
            == 2
    })
    .await;
    assert_eq!(rt.send_heartbeat().await.unwrap(), HeartbeatStatus::Timeout);
    assert_eq!(first.await.unwrap().unwrap(), HeartbeatStatus::Timeout);
    assert_eq!(
        *later.lock().unwrap(),
        [
            (HeartbeatStatus::Sent, None),
            (HeartbeatStatus::Timeout, None)
        ]
    );
    assert_eq!(
        seen.lock().unwrap().len(),
        2,
        "the replaced callback hears nothing more"
    );
    fake.set_heartbeats_paused(false);
    fake.assert_clean();
}
