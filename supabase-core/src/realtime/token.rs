//! The access token: set explicitly (`set_auth`) or re-read from the token source on each
//! heartbeat and after each join; a changed token goes into later joins and is pushed
//! (`access_token`) to every joined channel.

use serde_json::json;
use tokio::sync::oneshot;

use super::channel_state::Phase;
use super::command::Command;
use super::connection::Actor;
use super::frame::Payload;

/// Where a token given to the socket task came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthSource {
    /// `set_auth(Some(token))`: kept until `set_auth(None)`.
    Manual,
    /// Re-read from the token source (heartbeat, join); ignored while a manual token is set.
    Callback,
    /// `set_auth(None)`: back to the token source.
    Reset,
}

impl Actor {
    /// Re-reads the token source (not while a manual token is set), like realtime-js's
    /// `setAuth()` on each heartbeat and after each join.
    pub(crate) fn refresh_token_in_background(&self) {
        if self.manual_token {
            return;
        }
        let (Some(f), Some(tx)) = (self.token_fn.clone(), self.weak_tx.upgrade()) else {
            return;
        };
        drop(tx);
        let weak = self.weak_tx.clone();
        tokio::spawn(async move {
            let token = f().await;
            if let Some(tx) = weak.upgrade() {
                let _ = tx.send(Command::SetAuth {
                    token,
                    source: AuthSource::Callback,
                });
            }
        });
    }

    pub(crate) async fn set_auth(&mut self, token: Option<String>, source: AuthSource) {
        match source {
            AuthSource::Callback if self.manual_token => return,
            AuthSource::Manual => self.manual_token = true,
            AuthSource::Reset => self.manual_token = false,
            AuthSource::Callback => {}
        }
        if token == self.token {
            return;
        }
        self.token = token.clone();
        match self.token_mirror.lock() {
            Ok(mut g) => *g = token.clone(),
            Err(p) => *p.into_inner() = token.clone(),
        }
        let ids: Vec<u64> = self.channels.iter().map(|c| c.inner.id).collect();
        for id in ids {
            let Some(ch) = self.channel_mut(id) else {
                continue;
            };
            ch.join_version = true;
            if ch.phase == Phase::Joined {
                let payload = json!({"access_token": token});
                let (tx, _rx) = oneshot::channel();
                self.push(
                    id,
                    "access_token".into(),
                    Payload::Json(payload),
                    false,
                    false,
                    tx,
                )
                .await;
            }
        }
    }
}
