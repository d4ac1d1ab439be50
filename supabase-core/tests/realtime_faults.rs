//! Realtime timing and fault tests on tokio's paused clock (virtual time: the clock jumps to
//! the next timer whenever every task is idle, so 25 s heartbeats take no wall time). The fake
//! server runs on the same runtime and the client reaches it through an in-memory pipe
//! (`FakeRealtime::transport`): with real sockets tokio would advance the paused clock while
//! loopback bytes are in flight.

#![cfg(feature = "realtime")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod realtime_support;

use std::time::Duration;

use futures_util::{FutureExt, StreamExt};
use serde_json::{json, Value};
use supabase_core::realtime::{
    HeartbeatStatus, RealtimeClient, RealtimeError, RealtimeOptions, SubscribeState, Subscription,
    Vsn,
};
use tokio::time::Instant;

use realtime_support::{FakeRealtime, JoinPolicy, API_KEY};

async fn next<T: std::fmt::Debug>(s: &mut Subscription<T>) -> Result<T, RealtimeError> {
    tokio::time::timeout(Duration::from_secs(600), s.next())
        .await
        .expect("stream timed out")
        .expect("stream ended")
}

fn client(fake: &FakeRealtime, vsn: Vsn) -> RealtimeClient {
    let options = RealtimeOptions::new().vsn(vsn).transport(fake.transport());
    RealtimeClient::new(&fake.endpoint(), API_KEY, options).unwrap()
}

async fn check_round(
    round: i32,
    streams: &mut [Subscription<supabase_core::realtime::Broadcast<Value>>],
) {
    for (i, s) in streams.iter_mut().enumerate() {
        assert_eq!(
            next(s).await.unwrap().payload,
            json!({"round": round, "ch": i})
        );
    }
}

fn secs(from: Instant, to: Instant) -> f64 {
    (to - from).as_secs_f64()
}

#[tokio::test(start_paused = true)]
async fn heartbeat_every_25s_timeout_closes_and_reconnects_with_backoff() {
    let fake = FakeRealtime::start().await;
    let rt = client(&fake, Vsn::V2);
    let ch = rt.channel("hb");
    let mut statuses = ch.statuses();
    ch.subscribe().await.unwrap();
    assert_eq!(
        next(&mut statuses).await.unwrap(),
        SubscribeState::Subscribed
    );
    let t0 = fake.state().conns[0].opened_at;

    let heartbeats = |f: &FakeRealtime, conn: usize| -> Vec<f64> {
        let st = f.state();
        let c = &st.conns[conn];
        c.frames
            .iter()
            .zip(&c.frame_times)
            .filter(|(fr, _)| fr["topic"] == "phoenix")
            .map(|(_, t)| secs(c.opened_at, *t))
            .collect()
    };
    fake.wait_for("two heartbeats", |s| {
        s.conns[0]
            .frames
            .iter()
            .filter(|f| f["topic"] == "phoenix")
            .count()
            == 2
    })
    .await;
    assert_eq!(heartbeats(&fake, 0), [25.0, 50.0]);
    let hb = &fake.frames(0)[1];
    assert_eq!(
        (
            hb["join_ref"].clone(),
            hb["event"].clone(),
            hb["payload"].clone()
        ),
        (Value::Null, json!("heartbeat"), json!({}))
    );

    // The server stops answering: the heartbeat due at 100 s finds the one from 75 s pending.
    fake.set_heartbeats_paused(true);
    fake.wait_for("reconnect", |s| s.conns.len() == 2).await;
    assert_eq!(heartbeats(&fake, 0), [25.0, 50.0, 75.0]);
    assert_eq!(
        fake.state().conns[0].closed_with,
        Some(Some((1000, "heartbeat timeout".to_owned())))
    );
    let reconnected = fake.state().conns[1].opened_at;
    assert_eq!(
        secs(t0, reconnected),
        101.0,
        "timeout at 100 s, reconnect 1 s later"
    );
    assert_eq!(
        next(&mut statuses).await.unwrap(),
        SubscribeState::ChannelError("heartbeat timeout".into())
    );
    assert_eq!(
        next(&mut statuses).await.unwrap(),
        SubscribeState::Subscribed
    );
    let rejoin_ref = fake.frames(1)[0]["join_ref"].clone();
    assert_ne!(
        rejoin_ref,
        fake.frames(0)[0]["join_ref"],
        "a rejoin uses a fresh join ref"
    );
    fake.set_heartbeats_paused(false);

    // Reconnect backoff when the server refuses connections: 1, 2, 5, 10, 10 s.
    fake.state().refuse_connections = true;
    let before = fake.state().attempts.len();
    fake.drop_all();
    fake.wait_for("five failed attempts", |s| s.attempts.len() == before + 5)
        .await;
    let attempts = fake.state().attempts[before..].to_vec();
    let gaps: Vec<f64> = attempts.windows(2).map(|w| secs(w[0], w[1])).collect();
    assert_eq!(gaps, [2.0, 5.0, 10.0, 10.0]);
    fake.state().refuse_connections = false;
    fake.wait_for("back", |s| {
        s.conns.len() == 3 && s.conns[2].joined.len() == 1
    })
    .await;
    assert_eq!(rt.send_heartbeat().await.unwrap(), HeartbeatStatus::Ok);
    fake.assert_clean();
}

#[tokio::test(start_paused = true)]
async fn fifty_channels_survive_drops_and_heartbeat_loss_without_loss_or_duplicates() {
    let fake = FakeRealtime::start().await;
    let rt = client(&fake, Vsn::V2);
    let mut streams = Vec::new();
    let mut statuses = Vec::new();
    let mut channels = Vec::new();
    for i in 0..50 {
        let ch = rt.channel(&format!("c{i}"));
        streams.push(ch.on_broadcast::<Value>("m"));
        statuses.push(ch.statuses());
        channels.push(ch);
    }
    for ch in &channels {
        assert_eq!(ch.subscribe().await.unwrap(), SubscribeState::Subscribed);
    }
    let send_round = |round: i32| {
        for i in 0..50 {
            fake.broadcast(
                &format!("realtime:c{i}"),
                "m",
                json!({"round": round, "ch": i}),
            );
        }
    };
    send_round(1);
    check_round(1, &mut streams).await;

    // 1. The server drops the connection.
    fake.drop_all();
    fake.wait_for("50 rejoined on conn 1", |s| {
        s.conns.len() == 2 && s.conns[1].joined.len() == 50
    })
    .await;
    let old_ref = fake.frames(0)[0]["join_ref"].as_str().unwrap().to_owned();
    // A late message carrying the old join ref must be dropped.
    fake.push_raw(
        Some(&old_ref),
        None,
        "realtime:c0",
        "broadcast",
        json!({"type": "broadcast", "event": "m", "payload": {"stale": true}}),
    );
    send_round(2);
    check_round(2, &mut streams).await;

    // 2. The server stops answering heartbeats.
    fake.set_heartbeats_paused(true);
    fake.wait_for("reconnect after heartbeat timeout", |s| s.conns.len() == 3)
        .await;
    fake.set_heartbeats_paused(false);
    fake.wait_for("50 rejoined on conn 2", |s| s.conns[2].joined.len() == 50)
        .await;
    send_round(3);
    check_round(3, &mut streams).await;

    // Nothing else is waiting in any stream: no duplicate, nothing stale.
    tokio::task::yield_now().await;
    for s in &mut streams {
        assert!(
            s.next().now_or_never().is_none(),
            "an extra message was delivered"
        );
    }
    for st in &mut statuses {
        let mut seen = Vec::new();
        for _ in 0..5 {
            seen.push(next(st).await.unwrap().as_str());
        }
        assert_eq!(
            seen,
            [
                "SUBSCRIBED",
                "CHANNEL_ERROR",
                "SUBSCRIBED",
                "CHANNEL_ERROR",
                "SUBSCRIBED"
            ]
        );
        assert!(st.next().now_or_never().is_none());
    }
    // Each connection saw exactly one join per channel, each with its own fresh ref.
    for conn in 0..3 {
        let joins: Vec<Value> = fake
            .frames(conn)
            .into_iter()
            .filter(|f| f["event"] == "phx_join")
            .collect();
        assert_eq!(joins.len(), 50, "conn {conn}");
    }
    fake.assert_clean();
}

#[tokio::test(start_paused = true)]
async fn join_timeout_leaves_and_rejoins_with_channel_backoff() {
    let fake = FakeRealtime::start().await;
    fake.set_join_policy("realtime:slow", JoinPolicy::Ignore);
    let rt = client(&fake, Vsn::V1);
    let ch = rt.channel("slow");
    let mut statuses = ch.statuses();
    assert_eq!(ch.subscribe().await.unwrap(), SubscribeState::TimedOut);
    assert_eq!(next(&mut statuses).await.unwrap(), SubscribeState::TimedOut);
    assert_eq!(next(&mut statuses).await.unwrap(), SubscribeState::TimedOut);
    fake.set_join_policy("realtime:slow", JoinPolicy::Accept);
    assert_eq!(
        next(&mut statuses).await.unwrap(),
        SubscribeState::Subscribed
    );
    let st = fake.state();
    let c = &st.conns[0];
    let timeline: Vec<(String, f64)> = c
        .frames
        .iter()
        .zip(&c.frame_times)
        .filter(|(f, _)| f["topic"] != "phoenix")
        .map(|(f, t)| {
            (
                f["event"].as_str().unwrap().to_owned(),
                secs(c.opened_at, *t),
            )
        })
        .collect();
    let expected: Vec<(String, f64)> = [
        ("phx_join", 0.0),
        ("phx_leave", 10.0),
        ("phx_join", 11.0),
        ("phx_leave", 21.0),
        ("phx_join", 23.0),
    ]
    .iter()
    .map(|(e, t)| (e.to_string(), *t))
    .collect();
    assert_eq!(timeline, expected);
    drop(st);
    fake.assert_clean();
}

#[tokio::test(start_paused = true)]
async fn server_phx_error_errors_the_channel_and_it_rejoins() {
    let fake = FakeRealtime::start().await;
    let rt = client(&fake, Vsn::V2);
    let ch = rt.channel("e");
    let mut statuses = ch.statuses();
    ch.subscribe().await.unwrap();
    assert_eq!(
        next(&mut statuses).await.unwrap(),
        SubscribeState::Subscribed
    );
    // Pushes made while errored are buffered and sent after the rejoin.
    fake.push_to_topic("realtime:e", "phx_error", json!({"reason": "crash"}));
    assert!(matches!(
        next(&mut statuses).await.unwrap(),
        SubscribeState::ChannelError(_)
    ));
    let errored_at = Instant::now();
    let state_a = json!({"a": 1});
    let track = ch.track(&state_a);
    let (status, state) = tokio::join!(track, next(&mut statuses));
    eprintln!(
        "{:#?} {:?}",
        fake.frames(0),
        fake.state().conns[0].frame_times
    );
    assert_eq!(state.unwrap(), SubscribeState::Subscribed);
    assert_eq!(status.unwrap(), supabase_core::realtime::PushStatus::Ok);
    assert_eq!(secs(errored_at, Instant::now()), 1.0);
    let events: Vec<String> = fake
        .frames(0)
        .iter()
        .map(|f| f["event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(events, ["phx_join", "phx_join", "presence"]);
    fake.assert_clean();
}

#[tokio::test(start_paused = true)]
async fn socket_closes_after_the_last_channel_and_when_every_handle_is_dropped() {
    let fake = FakeRealtime::start().await;
    let rt = client(&fake, Vsn::V2);
    let ch = rt.channel("only");
    ch.subscribe().await.unwrap();
    let t = Instant::now();
    rt.remove_channel(&ch).await.unwrap();
    fake.wait_for("closed after 50 s", |s| !s.conns[0].open)
        .await;
    assert_eq!(secs(t, Instant::now()), 50.0, "two heartbeat intervals");
    assert!(!rt.is_connected());

    // Dropping the client, its channels and their streams stops the socket task.
    let rt = client(&fake, Vsn::V2);
    let ch = rt.channel("x");
    let stream = ch.on_system();
    ch.subscribe().await.unwrap();
    drop((rt, ch, stream));
    fake.wait_for("closed on drop", |s| !s.conns[1].open).await;
    fake.assert_clean();
}

#[tokio::test(start_paused = true)]
async fn pushes_wait_in_a_bounded_buffer_until_joined() {
    let fake = FakeRealtime::start().await;
    fake.set_join_policy("realtime:buf", JoinPolicy::Ignore);
    let rt = client(&fake, Vsn::V2);
    let ch = rt.channel("buf");
    let joining = tokio::spawn({
        let ch = ch.clone();
        async move { ch.subscribe().await }
    });
    fake.wait_for("join", |s| {
        s.conns.first().is_some_and(|c| !c.frames.is_empty())
    })
    .await;
    let states: Vec<Value> = (0..101).map(|i| json!({"i": i})).collect();
    let pushes = futures_util::future::join_all(states.iter().map(|s| ch.track(s))).await;
    // 101 pushes for a buffer of 100: the oldest is answered at once with an error, the others
    // time out with the join (10 s) and are never sent.
    let overflow = pushes
        .iter()
        .filter(|p| matches!(p, Ok(supabase_core::realtime::PushStatus::Error(_))))
        .count();
    let timed_out = pushes
        .iter()
        .filter(|p| matches!(p, Ok(supabase_core::realtime::PushStatus::TimedOut)))
        .count();
    assert_eq!((overflow, timed_out), (1, 100));
    assert_eq!(joining.await.unwrap().unwrap(), SubscribeState::TimedOut);
    fake.set_join_policy("realtime:buf", JoinPolicy::Accept);
    let mut statuses = ch.statuses();
    assert_eq!(
        next(&mut statuses).await.unwrap(),
        SubscribeState::Subscribed
    );
    assert!(
        fake.frames(0).iter().all(|f| f["event"] != "presence"),
        "expired pushes are dropped"
    );
    fake.assert_clean();
}
