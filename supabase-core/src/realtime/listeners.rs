//! Listeners: the streams a channel hands out (broadcast, presence, postgres_changes, system,
//! subscribe states).

use serde::de::DeserializeOwned;

use super::broadcast::{self, Broadcast, BroadcastPayload};
use super::channel::{RealtimeChannel, SubscribeState};
use super::command::Command;
use super::error::RealtimeError;
use super::postgres_changes::{
    self, PostgresChangeEvent, PostgresChangePayload, PostgresChangesFilter, TableChange,
};
use super::presence::{self, PresenceEvent};
use super::subscription::{self, Delivery, DropGuard, ListenKind, Subscription};
use super::system::{self, SystemMessage};
use crate::Table;

impl RealtimeChannel {
    pub(crate) fn listen<T>(
        &self,
        kind: ListenKind,
        binding: Option<PostgresChangesFilter>,
        decode: fn(Delivery) -> Option<Result<T, RealtimeError>>,
    ) -> Subscription<T> {
        let id = self.shared.next_id();
        let guard = DropGuard {
            cmd: self.shared.cmd.clone(),
            channel_id: self.inner.id,
            listener_id: id,
        };
        let presence = kind == ListenKind::Presence;
        let (listener, stream) =
            subscription::pair(id, kind, self.shared.options.buffer_capacity, guard, decode);
        let _ = self.shared.cmd.send(Command::Listen {
            channel_id: self.inner.id,
            listener,
            binding,
            presence,
        });
        stream
    }

    pub(crate) fn check_not_subscribed(&self, kind: &'static str) -> Result<(), RealtimeError> {
        if self.inner.joined_once() {
            return Err(RealtimeError::ListenerAfterSubscribe {
                kind,
                topic: self.inner.topic.clone(),
            });
        }
        Ok(())
    }

    /// Broadcasts of `event` (`"*"` for all; matched case-insensitively), payloads decoded into `T`.
    ///
    /// A payload that does not decode is an `Err(RealtimeError::Decode)` item; the stream goes on.
    /// Binary payloads decode through serde's bytes (use [`Self::on_broadcast_raw`] to get them as is).
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// #[derive(serde::Deserialize)]
    /// struct Cursor { x: f64, y: f64 }
    /// let cursors = client.channel("room").on_broadcast::<Cursor>("cursor-pos");
    /// # drop(cursors);
    /// ```
    pub fn on_broadcast<T: DeserializeOwned + 'static>(
        &self,
        event: &str,
    ) -> Subscription<Broadcast<T>> {
        self.listen(
            ListenKind::Broadcast(event.to_lowercase()),
            None,
            broadcast::decode_typed::<T>,
        )
    }

    /// Broadcasts of `event` (`"*"` for all) with the payload as it arrived (JSON or bytes).
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let all = client.channel("room").on_broadcast_raw("*");
    /// # drop(all);
    /// ```
    pub fn on_broadcast_raw(&self, event: &str) -> Subscription<Broadcast<BroadcastPayload>> {
        self.listen(
            ListenKind::Broadcast(event.to_lowercase()),
            None,
            broadcast::decode_raw,
        )
    }

    /// Presence events (sync, join, leave) with tracked states decoded into `T`. Must be called
    /// before [`Self::subscribe`]; it turns `presence.enabled` on in the join.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let events = client.channel("room").on_presence::<serde_json::Value>().unwrap();
    /// # drop(events);
    /// ```
    pub fn on_presence<T: DeserializeOwned + 'static>(
        &self,
    ) -> Result<Subscription<PresenceEvent<T>>, RealtimeError> {
        self.check_not_subscribed("presence")?;
        Ok(self.listen(ListenKind::Presence, None, presence::decode_event::<T>))
    }

    /// Database changes matching `filter`, with values converted by column type. Must be called
    /// before [`Self::subscribe`]. An identical binding is sent once and shared.
    ///
    /// ```
    /// # use supabase_core::realtime::{PostgresChangeEvent, PostgresChangesFilter};
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let changes = client
    ///     .channel("db")
    ///     .on_postgres_changes(PostgresChangesFilter::new(PostgresChangeEvent::All).table("todos"))
    ///     .unwrap();
    /// # drop(changes);
    /// ```
    pub fn on_postgres_changes(
        &self,
        filter: PostgresChangesFilter,
    ) -> Result<Subscription<PostgresChangePayload>, RealtimeError> {
        self.check_not_subscribed("postgres_changes")?;
        Ok(self.listen(
            ListenKind::Postgres(0),
            Some(filter),
            postgres_changes::decode_untyped,
        ))
    }

    /// Database changes of the table of `T`, the new row decoded into `T` (a decode failure is
    /// an error item, never dropped). `filter` is an optional `col=op.value` filter.
    ///
    /// ```
    /// # use supabase_core::Table;
    /// # use supabase_core::realtime::{PostgresChangeEvent, RealtimeFilter};
    /// #[derive(serde::Deserialize)]
    /// struct Todo { id: i64, task: String }
    /// impl Table for Todo {
    ///     const SCHEMA: &'static str = "public";
    ///     const NAME: &'static str = "todos";
    ///     const COLUMNS: &'static [&'static str] = &["id", "task"];
    ///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
    /// }
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let inserts = client
    ///     .channel("todos")
    ///     .on_table_changes::<Todo>(PostgresChangeEvent::Insert, Some(RealtimeFilter::new().gt("id", 10).build()))
    ///     .unwrap();
    /// # drop(inserts);
    /// ```
    pub fn on_table_changes<T: Table>(
        &self,
        event: PostgresChangeEvent,
        filter: Option<String>,
    ) -> Result<Subscription<TableChange<T>>, RealtimeError> {
        self.check_not_subscribed("postgres_changes")?;
        let mut binding = PostgresChangesFilter::for_table::<T>(event);
        if let Some(f) = filter {
            binding = binding.filter(f);
        }
        Ok(self.listen(
            ListenKind::Postgres(0),
            Some(binding),
            postgres_changes::decode_typed::<T>,
        ))
    }

    /// `system` messages ("Subscribed to PostgreSQL", token errors…).
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let system = client.channel("room").on_system();
    /// # drop(system);
    /// ```
    pub fn on_system(&self) -> Subscription<SystemMessage> {
        self.listen(ListenKind::System, None, system::decode)
    }

    /// Every subscribe status over the channel's life (SUBSCRIBED after each rejoin, errors…).
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let statuses = client.channel("room").statuses();
    /// # drop(statuses);
    /// ```
    pub fn statuses(&self) -> Subscription<SubscribeState> {
        fn decode(item: Delivery) -> Option<Result<SubscribeState, RealtimeError>> {
            match item {
                Delivery::Status(s) => Some(Ok(s)),
                _ => None,
            }
        }
        self.listen(ListenKind::Status, None, decode)
    }
}
