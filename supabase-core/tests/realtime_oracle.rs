//! Cross-check with the official client: `@supabase/realtime-js` 2.112.2 (tools/node, with
//! `ws` as its WebSocket) and this crate run the same scenario against the same fake Phoenix
//! server, for vsn 2.0.0 and 1.0.0, and must send the same frames.
//!
//! The scenario (tools/node/realtime-oracle.mjs and `rust_scenario` below): set the token,
//! join `room1` (broadcast ack+self, presence key, a presence listener, a postgres_changes
//! binding with a filter) and `room2` (private), an acknowledged broadcast, a plain broadcast
//! with non-ASCII text, track, a heartbeat, a token change (access_token pushes to both
//! channels), untrack, unsubscribe room2, remove all channels.
//!
//! What is compared: the socket URL path and query, the close frame, then every client→server frame in order,
//! as the fake decoded it (`join_ref`, `ref`, `topic`, `event`, JSON `payload`, and for binary
//! kind-3 frames the payload encoding byte). Normalised: ref and join_ref values are replaced
//! by `r1`, `r2`, … in order of first appearance (realtime-js also spends refs on internal
//! callbacks, so the raw numbers differ; equal refs stay equal, different refs stay
//! different), and a join payload's `version` value becomes `<version>` (its presence is
//! still compared). Nothing else is touched.

#![cfg(feature = "realtime")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod realtime_support;

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::{json, Value};
use supabase_core::realtime::{
    ChannelConfig, HeartbeatCallback, HeartbeatStatus, PostgresChangeEvent, PostgresChangesFilter,
    PushStatus, RealtimeClient, RealtimeOptions, Replay, SubscribeState, Vsn,
};

use realtime_support::{FakeRealtime, API_KEY};

fn node_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/node")
}

async fn run_node(fake: &FakeRealtime, vsn: &str) {
    let out = tokio::process::Command::new("node")
        .arg(node_dir().join("realtime-oracle.mjs"))
        .arg(fake.endpoint())
        .arg(vsn)
        .arg("scenario")
        .current_dir(node_dir())
        .output()
        .await
        .expect("node must be installed (scripts/install-deps)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "realtime-js oracle failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("remove all [\"ok\"]"), "{stdout}");
    // The heartbeat callback heard what ours hears (rust_scenario): sent, then ok with a latency.
    assert!(
        stdout.contains("heartbeat statuses sent,ok(number)"),
        "{stdout}"
    );
}

async fn rust_scenario(fake: &FakeRealtime, vsn: Vsn) {
    let rt =
        RealtimeClient::new(&fake.endpoint(), API_KEY, RealtimeOptions::new().vsn(vsn)).unwrap();
    rt.set_auth(Some("user-token-1".into())).await.unwrap();
    let room1 = rt.channel_with(
        "room1",
        ChannelConfig::new()
            .broadcast_ack(true)
            .broadcast_self(true)
            .replication_ready(true)
            .presence_key("alice"),
    );
    let _b = room1.on_broadcast::<Value>("cursor");
    let _p = room1.on_presence::<Value>().unwrap();
    let _c = room1
        .on_postgres_changes(
            PostgresChangesFilter::new(PostgresChangeEvent::Insert)
                .schema("public")
                .table("todos")
                .filter("id=eq.1"),
        )
        .unwrap();
    assert_eq!(room1.subscribe().await.unwrap(), SubscribeState::Subscribed);
    let room2 = rt.channel_with(
        "room2",
        ChannelConfig::new()
            .private(true)
            .replay(Replay::since(1_700_000_000_000).limit(5)),
    );
    let _all = room2.on_broadcast::<Value>("*");
    assert_eq!(room2.subscribe().await.unwrap(), SubscribeState::Subscribed);
    assert_eq!(
        room1
            .send_broadcast("cursor", &json!({"x": 1, "y": 2}))
            .await
            .unwrap(),
        PushStatus::Ok
    );
    assert_eq!(
        room2
            .send_broadcast("note", &json!({"text": "héllo", "n": [1, 2]}))
            .await
            .unwrap(),
        PushStatus::Ok
    );
    assert_eq!(
        room1
            .track(&json!({"user": "alice", "online_at": "2024-01-01T00:00:00Z"}))
            .await
            .unwrap(),
        PushStatus::Ok
    );
    let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let h = std::sync::Arc::clone(&heard);
    rt.on_heartbeat(HeartbeatCallback::new(move |status, latency| {
        h.lock().unwrap().push((status, latency.is_some()));
    }))
    .unwrap();
    assert_eq!(rt.send_heartbeat().await.unwrap(), HeartbeatStatus::Ok);
    assert_eq!(
        *heard.lock().unwrap(),
        [(HeartbeatStatus::Sent, false), (HeartbeatStatus::Ok, true)]
    );
    rt.set_auth(Some("user-token-2".into())).await.unwrap();
    assert_eq!(room1.untrack().await.unwrap(), PushStatus::Ok);
    assert_eq!(room2.unsubscribe().await.unwrap(), PushStatus::Ok);
    assert_eq!(rt.remove_all_channels().await.unwrap(), [PushStatus::Ok]);
}

/// The documented normalisation: refs by first appearance, `version` value masked.
fn normalise(frames: &[Value]) -> Vec<Value> {
    let mut names: HashMap<String, String> = HashMap::new();
    let mut rename = |v: &Value| -> Value {
        match v.as_str() {
            Some(s) => {
                let n = names.len() + 1;
                json!(names
                    .entry(s.to_owned())
                    .or_insert_with(|| format!("r{n}"))
                    .clone())
            }
            None => v.clone(),
        }
    };
    frames
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f["join_ref"] = rename(&f["join_ref"]);
            f["ref"] = rename(&f["ref"]);
            if f["event"] == "phx_join" && f["payload"].get("version").is_some() {
                f["payload"]["version"] = json!("<version>");
            }
            f
        })
        .collect()
}

async fn compare(vsn: Vsn) {
    let js = FakeRealtime::start().await;
    run_node(&js, vsn.as_str()).await;
    let ours = FakeRealtime::start().await;
    rust_scenario(&ours, vsn).await;
    ours.wait_for("the close", |s| s.conns.iter().all(|c| !c.open))
        .await;
    js.assert_clean();
    ours.assert_clean();
    let (js_state, our_state) = (js.state(), ours.state());
    assert_eq!(js_state.conns.len(), 1);
    assert_eq!(our_state.conns.len(), 1);
    let port = |s: &str, f: &FakeRealtime| s.replace(&f.addr.port().to_string(), "<port>");
    assert_eq!(
        port(&js_state.conns[0].url, &js),
        port(&our_state.conns[0].url, &ours)
    );
    let (a, b) = (
        normalise(&js_state.conns[0].frames),
        normalise(&our_state.conns[0].frames),
    );
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "frame {i} differs (left realtime-js, right ours)");
    }
    assert_eq!(a.len(), b.len(), "frame counts differ:\n{a:#?}\n{b:#?}");
    // The scenario covers what it claims.
    let events: Vec<&str> = b.iter().map(|f| f["event"].as_str().unwrap()).collect();
    assert_eq!(
        events,
        [
            "phx_join",
            "phx_join",
            "broadcast",
            "broadcast",
            "presence",
            "heartbeat",
            "access_token",
            "access_token",
            "presence",
            "phx_leave",
            "phx_leave"
        ]
    );
    if vsn == Vsn::V2 {
        assert!(b
            .iter()
            .filter(|f| f["event"] == "broadcast")
            .all(|f| f["binary_encoding"] == 1));
    }
}

/// Second scenario: two channels joined, the server drops the connection, both clients
/// reconnect after 1 s and rejoin (fresh join refs), then one acknowledged broadcast and
/// remove-all. Frames of both connections are compared with the same normalisation.
#[tokio::test]
async fn same_rejoin_frames_as_realtime_js_after_a_drop() {
    let js = FakeRealtime::start().await;
    let node = tokio::process::Command::new("node")
        .arg(node_dir().join("realtime-oracle.mjs"))
        .arg(js.endpoint())
        .arg("2.0.0")
        .arg("reconnect")
        .current_dir(node_dir())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node must be installed (scripts/install-deps)");
    js.wait_for("realtime-js joined twice", |s| {
        s.conns.first().is_some_and(|c| c.joined.len() == 2)
    })
    .await;
    js.drop_all();
    let out = node.wait_with_output().await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("remove all [\"ok\",\"ok\"]"),
        "{stdout}"
    );

    let ours = FakeRealtime::start().await;
    let rt = RealtimeClient::new(&ours.endpoint(), API_KEY, RealtimeOptions::new()).unwrap();
    let r1 = rt.channel("r1");
    let _m1 = r1.on_broadcast::<Value>("m");
    let r2 = rt.channel_with("r2", ChannelConfig::new().broadcast_ack(true));
    let _m2 = r2.on_broadcast::<Value>("m");
    let (mut s1, mut s2) = (r1.statuses(), r2.statuses());
    let (a, b) = tokio::join!(r1.subscribe(), r2.subscribe());
    assert_eq!(
        (a.unwrap(), b.unwrap()),
        (SubscribeState::Subscribed, SubscribeState::Subscribed)
    );
    ours.drop_all();
    for s in [&mut s1, &mut s2] {
        let mut seen = Vec::new();
        while seen.len() < 3 {
            seen.push(
                futures_util::StreamExt::next(s)
                    .await
                    .unwrap()
                    .unwrap()
                    .as_str(),
            );
        }
        assert_eq!(seen, ["SUBSCRIBED", "CHANNEL_ERROR", "SUBSCRIBED"]);
    }
    assert_eq!(
        r2.send_broadcast("m", &json!({"after": "reconnect"}))
            .await
            .unwrap(),
        PushStatus::Ok
    );
    rt.remove_all_channels().await.unwrap();
    ours.wait_for("the close", |s| {
        s.conns.len() == 2 && s.conns.iter().all(|c| !c.open)
    })
    .await;

    js.assert_clean();
    ours.assert_clean();
    let (js_state, our_state) = (js.state(), ours.state());
    assert_eq!(js_state.conns.len(), 2, "realtime-js reconnected once");
    for conn in 0..2 {
        assert_eq!(
            normalise(&js_state.conns[conn].frames),
            normalise(&our_state.conns[conn].frames),
            "connection {conn}"
        );
    }
    let rejoins: Vec<&Value> = our_state.conns[1]
        .frames
        .iter()
        .filter(|f| f["event"] == "phx_join")
        .collect();
    assert_eq!(rejoins.len(), 2);
    assert_ne!(
        rejoins[0]["join_ref"],
        our_state.conns[0].frames[0]["join_ref"]
    );
}

#[tokio::test]
async fn same_frames_as_realtime_js_vsn2() {
    compare(Vsn::V2).await;
}

#[tokio::test]
async fn same_frames_as_realtime_js_vsn1() {
    compare(Vsn::V1).await;
}

/// Runs the oracle in a stdin/stdout mode (`filters`, `transforms`).
async fn node_json(mode: &str, input: &Value) -> Value {
    use tokio::io::AsyncWriteExt;
    let mut child = tokio::process::Command::new("node")
        .arg(node_dir().join("realtime-oracle.mjs"))
        .args(["-", "-", mode])
        .current_dir(node_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node must be installed (scripts/install-deps)");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.to_string().as_bytes()).await.unwrap();
    drop(stdin);
    let out = child.wait_with_output().await.unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// postgres_changes filter strings: our `RealtimeFilter` against realtime-js's
/// `postgresChangesFilter()` builder on values that need quoting, escaping or nothing.
#[tokio::test]
async fn filter_strings_match_realtime_js() {
    use supabase_core::realtime::{IsValue, RealtimeFilter};
    let texts = [
        "plain",
        "a,b",
        "(x)",
        "say \"hi\"",
        "back\\slash",
        " lead",
        "trail ",
        "héllo wörld",
        "",
        "a.b:c",
        "100%",
        "*star*",
        "tab\there",
        "q\"(,)\\",
    ];
    let mut cases = Vec::new();
    for op in [
        "eq",
        "neq",
        "gt",
        "gte",
        "lt",
        "lte",
        "like",
        "ilike",
        "match",
        "imatch",
        "isDistinct",
    ] {
        for t in texts {
            cases.push(json!({"op": op, "column": "col", "value": t}));
        }
        cases.push(json!({"op": op, "column": "n", "value": 42}));
        cases.push(json!({"op": op, "column": "n", "value": -1.5}));
    }
    cases.push(json!({"op": "in", "column": "id", "value": [1, 2, 2, 3]}));
    cases.push(json!({"op": "in", "column": "name", "value": texts}));
    cases.push(json!({"op": "in", "column": "name", "value": ["x", "a,b", "x", "a,b"]}));
    for v in [json!(null), json!(true), json!(false), json!("unknown")] {
        cases.push(json!({"op": "is", "column": "flag", "value": v}));
    }
    for t in texts {
        cases.push(json!({"op": "not", "column": "col", "operator": "like", "value": t}));
    }
    let expected = node_json("filters", &Value::Array(cases.clone())).await;

    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let ours: Vec<String> = cases
        .iter()
        .map(|c| {
            let (col, v) = (c["column"].as_str().unwrap(), &c["value"]);
            let f = RealtimeFilter::new();
            let f = match c["op"].as_str().unwrap() {
                "eq" => f.eq(col, text(v)),
                "neq" => f.neq(col, text(v)),
                "gt" => f.gt(col, text(v)),
                "gte" => f.gte(col, text(v)),
                "lt" => f.lt(col, text(v)),
                "lte" => f.lte(col, text(v)),
                "like" => f.like(col, text(v)),
                "ilike" => f.ilike(col, text(v)),
                "match" => f.match_(col, text(v)),
                "imatch" => f.imatch(col, text(v)),
                "isDistinct" => f.is_distinct(col, text(v)),
                "in" => f.in_(col, v.as_array().unwrap().iter().map(text)),
                "is" => f.is(
                    col,
                    match v {
                        Value::Null => IsValue::Null,
                        Value::Bool(true) => IsValue::True,
                        Value::Bool(false) => IsValue::False,
                        _ => IsValue::Unknown,
                    },
                ),
                "not" => f.not(col, c["operator"].as_str().unwrap(), text(v)),
                other => panic!("{other}"),
            };
            f.build()
        })
        .collect();
    assert_eq!(expected.as_array().unwrap().len(), ours.len());
    for (i, (js, ours)) in expected.as_array().unwrap().iter().zip(&ours).enumerate() {
        assert_eq!(js.as_str().unwrap(), ours, "case {i}: {}", cases[i]);
    }
}

/// Same JSON value, numbers compared by value (realtime-js has only doubles).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// postgres_changes value conversion against realtime-js's `convertChangeData`: identical on
/// every type realtime-js handles well; on the documented differences, ours keeps the exact
/// value where realtime-js loses it.
#[tokio::test]
async fn change_conversion_matches_realtime_js() {
    use supabase_core::realtime::PostgresChangePayload;
    let cell =
        |ty: &str, v: Value| json!({"columns": [{"name": "c", "type": ty}], "record": {"c": v}});
    let agree = vec![
        cell("bool", json!("t")),
        cell("bool", json!("f")),
        cell("bool", json!(true)),
        cell("bool", json!("x")),
        cell("int2", json!("7")),
        cell("int4", json!("-42")),
        cell("int8", json!("123456789")),
        cell("int4", json!(5)),
        cell("oid", json!("16384")),
        cell("float4", json!("1.5")),
        cell("float8", json!("-0.25")),
        cell("float8", json!("NaN")),
        cell("float8", json!("1e3")),
        cell("json", json!("{\"a\":[1,2]}")),
        cell("jsonb", json!("\"s\"")),
        cell("jsonb", json!("not json")),
        cell("jsonb", json!({"already": "parsed"})),
        cell("timestamp", json!("2024-01-02 03:04:05.123")),
        cell("timestamptz", json!("2024-01-02 03:04:05+00")),
        cell("text", json!("a b")),
        cell("date", json!("2024-01-02")),
        cell("uuid", json!("6d0b1f54-0f5e-4b7c-9c2e-4d6c7a1e2f00")),
        cell("_int4", json!("{1,2,3}")),
        cell("_float8", json!("{1.5,2}")),
        cell("_bool", json!("{t,f}")),
        cell("_text", json!("{a,b,c}")),
        cell("_text", json!("{}")),
        cell("_int4", json!([1, 2])),
        cell("int4", Value::Null),
        cell("unknown_type", json!("kept")),
        json!({"columns": [{"name": "a", "type": "int4"}], "record": {"a": "1", "b": "no column"}}),
    ];
    let js = node_json("transforms", &Value::Array(agree.clone())).await;
    for (case, js) in agree.iter().zip(js.as_array().unwrap()) {
        let data = json!({"type": "INSERT", "columns": case["columns"], "record": case["record"]});
        let ours = Value::Object(PostgresChangePayload::from_server_data(&data).new);
        assert!(same(&ours, js), "{case}: ours {ours}, realtime-js {js}");
    }

    // Deliberate differences (documented on PostgresChangePayload).
    let differ = [
        (cell("numeric", json!("10.50")), json!({"c": "10.50"})),
        (
            cell("int8", json!("9007199254740993")),
            json!({"c": 9007199254740993_i64}),
        ),
        (
            cell("_text", json!("{\"a b\",c}")),
            json!({"c": ["a b", "c"]}),
        ),
        (cell("_int4", json!("{1,NULL}")), json!({"c": [1, null]})),
        (cell("float8", json!("Infinity")), json!({"c": "Infinity"})),
    ];
    let cases: Vec<Value> = differ.iter().map(|(c, _)| c.clone()).collect();
    let js = node_json("transforms", &Value::Array(cases)).await;
    for ((case, ours_expected), js) in differ.iter().zip(js.as_array().unwrap()) {
        let data = json!({"type": "INSERT", "columns": case["columns"], "record": case["record"]});
        let ours = Value::Object(PostgresChangePayload::from_server_data(&data).new);
        assert_eq!(&ours, ours_expected, "{case}");
        assert_ne!(&ours, js, "{case}: expected realtime-js to differ");
    }
}
