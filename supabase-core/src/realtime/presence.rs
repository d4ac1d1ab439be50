//! Presence: the Phoenix sync algorithm (`presence_state` / `presence_diff`), and the typed
//! views of it (`presence_state`, join/leave/sync events).

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::RealtimeError;
use super::subscription::Delivery;

/// One tracked presence: the server's `presence_ref` and the state that was tracked.
///
/// ```
/// use supabase_core::realtime::Presence;
/// let p = Presence { presence_ref: "F1".to_owned(), state: "online".to_owned() };
/// assert_eq!(p.state, "online");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Presence<T> {
    /// The server's reference of this presence (`phx_ref`).
    pub presence_ref: String,
    /// The tracked state.
    pub state: T,
}

/// A presence event, as realtime-js reports it (`sync`, `join`, `leave`).
///
/// ```
/// use supabase_core::realtime::PresenceEvent;
/// let e: PresenceEvent<serde_json::Value> = PresenceEvent::Sync;
/// assert!(matches!(e, PresenceEvent::Sync));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PresenceEvent<T> {
    /// The state was brought up to date (after each `presence_state` or applied diff).
    Sync,
    /// New presences for `key`.
    Join {
        /// The presence key.
        key: String,
        /// What was known for the key before.
        current_presences: Vec<Presence<T>>,
        /// The presences that joined.
        new_presences: Vec<Presence<T>>,
    },
    /// Presences gone from `key`.
    Leave {
        /// The presence key.
        key: String,
        /// What remains for the key.
        current_presences: Vec<Presence<T>>,
        /// The presences that left.
        left_presences: Vec<Presence<T>>,
    },
}

/// A presence event before decoding; the metas are already in the user's shape
/// (`phx_ref` renamed `presence_ref`, `phx_ref_prev` removed).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawPresenceEvent {
    Sync,
    Join {
        key: String,
        current: Vec<Value>,
        new: Vec<Value>,
    },
    Leave {
        key: String,
        current: Vec<Value>,
        left: Vec<Value>,
    },
}

/// The per-channel presence state and the diffs waiting for the first state.
#[derive(Debug, Default)]
pub(crate) struct PresenceTracker {
    /// key → `{"metas": [...]}`, in arrival order.
    pub(crate) state: Map<String, Value>,
    pending: Vec<Value>,
    join_ref: Option<String>,
}

impl PresenceTracker {
    /// A `presence_state` arrived for the channel joined as `join_ref`.
    pub(crate) fn on_state(
        &mut self,
        new_state: &Value,
        join_ref: Option<&str>,
        out: &mut Vec<RawPresenceEvent>,
    ) {
        self.join_ref = join_ref.map(str::to_owned);
        let new_state = new_state.as_object().cloned().unwrap_or_default();
        sync_state(&mut self.state, new_state, out);
        for diff in std::mem::take(&mut self.pending) {
            apply_diff(&mut self.state, &diff, out);
        }
        out.push(RawPresenceEvent::Sync);
    }

    /// A `presence_diff` arrived; it waits if no state has come for the current join.
    pub(crate) fn on_diff(
        &mut self,
        diff: &Value,
        join_ref: Option<&str>,
        out: &mut Vec<RawPresenceEvent>,
    ) {
        if self.join_ref.is_none() || self.join_ref.as_deref() != join_ref {
            self.pending.push(diff.clone());
        } else {
            apply_diff(&mut self.state, diff, out);
            out.push(RawPresenceEvent::Sync);
        }
    }
}

fn metas(presence: &Value) -> Vec<Value> {
    presence
        .get("metas")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn phx_ref(meta: &Value) -> Option<&Value> {
    meta.get("phx_ref")
}

fn with_metas(metas: Vec<Value>) -> Value {
    let mut obj = Map::new();
    obj.insert("metas".into(), Value::Array(metas));
    Value::Object(obj)
}

fn sync_state(
    state: &mut Map<String, Value>,
    new_state: Map<String, Value>,
    out: &mut Vec<RawPresenceEvent>,
) {
    let mut joins = Map::new();
    let mut leaves = Map::new();
    for (key, presence) in state.iter() {
        if !new_state.contains_key(key) {
            leaves.insert(key.clone(), presence.clone());
        }
    }
    for (key, new_presence) in new_state {
        match state.get(&key) {
            Some(current) => {
                let new_metas = metas(&new_presence);
                let cur_metas = metas(current);
                let new_refs: Vec<_> = new_metas.iter().filter_map(phx_ref).collect();
                let cur_refs: Vec<_> = cur_metas.iter().filter_map(phx_ref).collect();
                let joined: Vec<Value> = new_metas
                    .iter()
                    .filter(|m| !phx_ref(m).is_some_and(|r| cur_refs.contains(&r)))
                    .cloned()
                    .collect();
                let left: Vec<Value> = cur_metas
                    .iter()
                    .filter(|m| !phx_ref(m).is_some_and(|r| new_refs.contains(&r)))
                    .cloned()
                    .collect();
                if !joined.is_empty() {
                    joins.insert(key.clone(), with_metas(joined));
                }
                if !left.is_empty() {
                    leaves.insert(key, with_metas(left));
                }
            }
            None => {
                joins.insert(key, new_presence);
            }
        }
    }
    sync_diff(state, joins, leaves, out);
}

fn apply_diff(state: &mut Map<String, Value>, diff: &Value, out: &mut Vec<RawPresenceEvent>) {
    let part = |name: &str| {
        diff.get(name)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    sync_diff(state, part("joins"), part("leaves"), out);
}

fn sync_diff(
    state: &mut Map<String, Value>,
    joins: Map<String, Value>,
    leaves: Map<String, Value>,
    out: &mut Vec<RawPresenceEvent>,
) {
    for (key, new_presence) in joins {
        let current = state.get(&key).cloned();
        let mut merged = metas(&new_presence);
        if let Some(current) = &current {
            let joined_refs: Vec<Value> = merged.iter().filter_map(phx_ref).cloned().collect();
            let kept: Vec<Value> = metas(current)
                .into_iter()
                .filter(|m| !phx_ref(m).is_some_and(|r| joined_refs.contains(r)))
                .collect();
            merged.splice(0..0, kept);
        }
        state.insert(key.clone(), with_metas(merged));
        out.push(RawPresenceEvent::Join {
            key,
            current: current
                .as_ref()
                .map(|c| user_metas(&metas(c)))
                .unwrap_or_default(),
            new: user_metas(&metas(&new_presence)),
        });
    }
    for (key, left_presence) in leaves {
        let Some(current) = state.get(&key) else {
            continue;
        };
        let left = metas(&left_presence);
        let remove: Vec<&Value> = left.iter().filter_map(phx_ref).collect();
        let remaining: Vec<Value> = metas(current)
            .into_iter()
            .filter(|m| !phx_ref(m).is_some_and(|r| remove.contains(&r)))
            .collect();
        out.push(RawPresenceEvent::Leave {
            key: key.clone(),
            current: user_metas(&remaining),
            left: user_metas(&left),
        });
        if remaining.is_empty() {
            state.shift_remove(&key);
        } else {
            state.insert(key, with_metas(remaining));
        }
    }
}

/// `phx_ref` renamed `presence_ref`, `phx_ref_prev` removed (realtime-js `transformState`).
pub(crate) fn user_metas(metas: &[Value]) -> Vec<Value> {
    metas
        .iter()
        .map(|m| {
            let mut obj = m.as_object().cloned().unwrap_or_default();
            let r = obj.shift_remove("phx_ref").unwrap_or(Value::Null);
            obj.shift_remove("phx_ref_prev");
            obj.insert("presence_ref".into(), r);
            Value::Object(obj)
        })
        .collect()
}

/// The user view of a whole state: key → metas in the user's shape.
pub(crate) fn user_state(state: &Map<String, Value>) -> Map<String, Value> {
    state
        .iter()
        .map(|(k, v)| (k.clone(), Value::Array(user_metas(&metas(v)))))
        .collect()
}

fn decode_presence<T: DeserializeOwned>(meta: &Value) -> Result<Presence<T>, RealtimeError> {
    let mut obj = meta.as_object().cloned().unwrap_or_default();
    let presence_ref = match obj.shift_remove("presence_ref") {
        Some(Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let rest = Value::Object(obj);
    let state = T::deserialize(&rest).map_err(|source| RealtimeError::Decode {
        event: "presence".into(),
        source,
        payload: rest.to_string(),
    })?;
    Ok(Presence {
        presence_ref,
        state,
    })
}

pub(crate) fn decode_list<T: DeserializeOwned>(
    metas: &[Value],
) -> Result<Vec<Presence<T>>, RealtimeError> {
    metas.iter().map(decode_presence).collect()
}

/// Decodes a user-shaped state (see [`user_state`]).
pub(crate) fn decode_state<T: DeserializeOwned>(
    state: &Map<String, Value>,
) -> Result<HashMap<String, Vec<Presence<T>>>, RealtimeError> {
    state
        .iter()
        .map(|(k, v)| {
            Ok((
                k.clone(),
                decode_list(v.as_array().map(Vec::as_slice).unwrap_or_default())?,
            ))
        })
        .collect()
}

pub(crate) fn decode_event<T: DeserializeOwned>(
    item: Delivery,
) -> Option<Result<PresenceEvent<T>, RealtimeError>> {
    let Delivery::Presence(raw) = item else {
        return None;
    };
    Some(match &*raw {
        RawPresenceEvent::Sync => Ok(PresenceEvent::Sync),
        RawPresenceEvent::Join { key, current, new } => (|| {
            Ok(PresenceEvent::Join {
                key: key.clone(),
                current_presences: decode_list(current)?,
                new_presences: decode_list(new)?,
            })
        })(),
        RawPresenceEvent::Leave { key, current, left } => (|| {
            Ok(PresenceEvent::Leave {
                key: key.clone(),
                current_presences: decode_list(current)?,
                left_presences: decode_list(left)?,
            })
        })(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn diffs_wait_for_state_and_joins_merge() {
        let mut t = PresenceTracker::default();
        let mut out = Vec::new();
        t.on_diff(
            &json!({"joins": {"b": {"metas": [{"phx_ref": "2"}]}}, "leaves": {}}),
            Some("1"),
            &mut out,
        );
        assert!(out.is_empty());
        t.on_state(
            &json!({"a": {"metas": [{"phx_ref": "1", "n": 1}]}}),
            Some("1"),
            &mut out,
        );
        assert_eq!(out.len(), 3); // join a, join b, sync
        assert_eq!(t.state.keys().collect::<Vec<_>>(), ["a", "b"]);
        out.clear();
        t.on_diff(&json!({"joins": {"a": {"metas": [{"phx_ref": "3"}]}}, "leaves": {"b": {"metas": [{"phx_ref": "2"}]}}}), Some("1"), &mut out);
        assert_eq!(
            t.state,
            json!({"a": {"metas": [{"phx_ref": "1", "n": 1}, {"phx_ref": "3"}]}})
                .as_object()
                .cloned()
                .unwrap()
        );
        assert_eq!(
            out[1],
            RawPresenceEvent::Leave {
                key: "b".into(),
                current: vec![],
                left: vec![json!({"presence_ref": "2"})]
            }
        );
    }
}
