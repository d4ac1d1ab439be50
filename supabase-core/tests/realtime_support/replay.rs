//! Broadcast replay and `replication_ready` for the Realtime fake, after supabase/realtime
//! (`payloads/broadcast.ex`, `payloads/broadcast/replay.ex`, `realtime_channel.ex`,
//! `messages.ex`): broadcasts on private channels are stored; a join whose
//! `config.broadcast.replay` is `{since, limit?}` gets, after its reply, the stored messages
//! of the topic inserted at or after `since` (ms), the newest `limit` (clamped to 1..=25, 25
//! when absent) oldest first, each pushed as `broadcast` with `meta: {replayed: true, id}`.
//! Replay on a public channel, or `since`/`limit` that are not integers, fail the join with the
//! server's reason.

use serde_json::{json, Value};

/// A broadcast the fake keeps (`realtime.messages`).
#[derive(Debug, Clone)]
pub struct StoredMessage {
    pub id: String,
    pub topic: String,
    pub event: String,
    pub payload: Value,
    pub inserted_at_ms: i64,
}

pub const HARD_LIMIT: i64 = 25;

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The `config.broadcast` object: `ack`/`self` booleans, optional `replay` object with only
/// `since`/`limit`, optional boolean `replication_ready`.
pub fn broadcast_shape_ok(b: &Value) -> bool {
    let Some(o) = b.as_object() else {
        return false;
    };
    o.iter().all(|(k, v)| match k.as_str() {
        "ack" | "self" | "replication_ready" => v.is_boolean(),
        "replay" => v
            .as_object()
            .is_some_and(|r| r.keys().all(|k| k == "since" || k == "limit")),
        _ => false,
    }) && o.contains_key("ack")
        && o.contains_key("self")
}

/// The join error for the replay config, if any (`None`: no replay or a valid one).
pub fn replay_error(config: &Value) -> Option<String> {
    let replay = config["broadcast"].get("replay")?;
    if config["private"] != json!(true) {
        return Some("UnableToReplayMessages: Replay is not allowed for public channels".into());
    }
    let since_ok = replay.get("since").is_some_and(|s| s.is_i64());
    let limit_ok = replay
        .get("limit")
        .map_or(true, |l| l.is_i64() || l.is_null());
    if !since_ok || !limit_ok {
        return Some("UnableToReplayMessages: Replay params are not valid".into());
    }
    None
}

/// The messages a valid replay config brings back, oldest first.
pub fn replayed(messages: &[StoredMessage], topic: &str, config: &Value) -> Vec<Value> {
    let Some(replay) = config["broadcast"].get("replay") else {
        return Vec::new();
    };
    let since = replay["since"].as_i64().unwrap_or(0);
    let limit = replay
        .get("limit")
        .and_then(Value::as_i64)
        .unwrap_or(HARD_LIMIT)
        .clamp(1, HARD_LIMIT) as usize;
    let sub_topic = topic.trim_start_matches("realtime:");
    let mut hits: Vec<&StoredMessage> = messages
        .iter()
        .filter(|m| m.topic == sub_topic && m.inserted_at_ms >= since)
        .collect();
    hits.sort_by_key(|m| std::cmp::Reverse(m.inserted_at_ms));
    hits.truncate(limit);
    hits.reverse();
    hits.iter()
        .map(|m| {
            json!({"payload": m.payload, "event": m.event, "type": "broadcast",
                "meta": {"replayed": true, "id": m.id}})
        })
        .collect()
}

/// The `system` push of an opted-in `replication_ready` join.
pub fn replication_ready(config: &Value, topic: &str) -> Option<Value> {
    (config["broadcast"]["replication_ready"] == json!(true)).then(|| {
        json!({"extension": "system", "status": "ok",
            "message": "Replication connection established",
            "channel": topic.trim_start_matches("realtime:")})
    })
}
