//! Supabase Realtime over Phoenix channels (`client.channel(name)`): broadcast, presence and
//! postgres_changes, on one websocket per client.
//!
//! The wire follows realtime-js 2.112.2 over `@supabase/phoenix` 0.4.5 (fact sheet §5):
//! `…/realtime/v1/websocket?apikey=…[&log_level=…]&vsn=2.0.0`; vsn 2.0.0 JSON-array frames and
//! binary user-broadcast frames (vsn 1.0.0 JSON objects also supported); a heartbeat every
//! 25 s whose miss closes the socket (1000, "heartbeat timeout"); reconnects after 1, 2, 5 and
//! 10 s; channel rejoins after 1, 2, 5 and 10 s with fresh join refs, messages with stale join
//! refs dropped; the access token in the join payload and in `access_token` pushes.
//!
//! Method names follow the Python client: [`RealtimeChannel::subscribe`],
//! [`unsubscribe`](RealtimeChannel::unsubscribe), [`on_broadcast`](RealtimeChannel::on_broadcast),
//! [`on_presence`](RealtimeChannel::on_presence),
//! [`on_postgres_changes`](RealtimeChannel::on_postgres_changes),
//! [`on_system`](RealtimeChannel::on_system), [`send_broadcast`](RealtimeChannel::send_broadcast),
//! [`track`](RealtimeChannel::track), [`untrack`](RealtimeChannel::untrack),
//! [`presence_state`](RealtimeChannel::presence_state), [`RealtimeClient::set_auth`],
//! [`remove_channel`](RealtimeClient::remove_channel),
//! [`remove_all_channels`](RealtimeClient::remove_all_channels),
//! [`get_channels`](RealtimeClient::get_channels). Messages arrive as [`Subscription`] streams
//! instead of callbacks.
//!
//! **Slow consumers.** Each stream has a bounded buffer
//! ([`RealtimeOptions::buffer_capacity`], 1024 by default). The socket task never waits for a
//! consumer: when a stream's buffer is full, new messages for that stream are dropped and
//! counted, and the next message delivered after the consumer has made room is preceded by
//! one [`RealtimeError::Lagged`] with the count. Pushes made while a channel is not joined
//! are kept (at most 100; past that the oldest is answered with an error) and sent on join;
//! a kept push whose timeout passes first is answered `TimedOut` and never sent.
//!
//! **Tokens.** A socket made by [`Client::realtime`](crate::Client::realtime) reads the
//! client's [`TokenSource`](crate::TokenSource) (the user's access token, else the API key, as
//! supabase-js does) before each join and on each heartbeat; a changed token is pushed to the
//! joined channels. [`RealtimeClient::set_auth`] sets one explicitly.
//!
//! **Transport.** [`RealtimeOptions::transport`] replaces the TCP connection (proxies,
//! in-memory pipes in tests); TLS for `wss` runs over it (rustls, webpki roots).
//!
//! Deliberate differences from realtime-js: the token is resolved before a join is sent (the
//! JS may send a join without it); a second identical postgres_changes listener shares the
//! first binding instead of being silently ignored; integers convert exactly, `numeric`
//! values stay strings (no float rounding) and Postgres array text is parsed with quoting and
//! `NULL`; on a postgres binding mismatch CHANNEL_ERROR is reported before CLOSED; an explicit
//! `set_auth(Some(token))` is not replaced by the token source until `set_auth(None)`; joins
//! after a token change carry `version: "supabase-core/<version>"` where realtime-js writes
//! `realtime-js/<version>`; the join config always has both `broadcast.ack` and
//! `broadcast.self` (realtime-js drops the one a caller's partial `broadcast` object omits).
//!
//! ```no_run
//! # async fn run() -> Result<(), supabase_core::Error> {
//! use futures_util::StreamExt;
//! use supabase_core::Client;
//! use supabase_core::realtime::{ChannelConfig, PostgresChangeEvent, PostgresChangesFilter, PresenceEvent};
//!
//! let client = Client::new("https://xyz.supabase.co", "anon-key")?;
//! let room = client.channel_with("room1", ChannelConfig::new().presence_key("alice"));
//! let mut chat = room.on_broadcast::<serde_json::Value>("message");
//! let mut presence = room.on_presence::<serde_json::Value>()?;
//! let mut todos = room.on_postgres_changes(PostgresChangesFilter::new(PostgresChangeEvent::All).table("todos"))?;
//! room.subscribe().await?;
//! room.track(&serde_json::json!({"online_at": "2024-01-01T00:00:00Z"})).await?;
//! while let Some(Ok(PresenceEvent::Join { key, .. })) = presence.next().await {
//!     println!("{key} joined");
//! }
//! # let _ = (chat.next().await, todos.next().await);
//! # Ok(()) }
//! ```

mod accessors;
mod backoff;
mod broadcast;
mod channel;
mod channel_state;
mod client;
mod command;
mod config;
mod connection;
mod convert;
mod decode_path;
mod error;
mod filter;
mod frame;
mod heartbeat;
mod listeners;
mod postgres_changes;
mod presence;
mod rest;
mod router;
mod subscription;
mod system;
mod token;

pub use broadcast::{Broadcast, BroadcastPayload, PushStatus};
pub use channel::{RealtimeChannel, SubscribeState};
pub use client::RealtimeClient;
pub(crate) use client::TokenFn;
pub use config::{
    ChannelConfig, RealtimeIo, RealtimeOptions, Replay, Transport, TransportFuture, Vsn,
};
#[doc(hidden)]
pub use decode_path::decode_broadcast_frame;
pub use error::RealtimeError;
pub use filter::{IsValue, RealtimeFilter};
pub use heartbeat::{HeartbeatCallback, HeartbeatStatus};
pub use postgres_changes::{
    PostgresChangeEvent, PostgresChangePayload, PostgresChangesFilter, TableChange,
};
pub use presence::{Presence, PresenceEvent};
pub use subscription::Subscription;
pub use system::SystemMessage;

/// The `version` sent in join payloads after a token change.
pub(crate) const VERSION_HEADER: &str = crate::client::CLIENT_INFO;
