//! Subscription streams: bounded delivery from the socket task to a consumer, with the
//! buffer-full policy, and clean-up when a stream is dropped.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::Stream;
use tokio::sync::mpsc;

use super::broadcast::RawBroadcast;
use super::channel::SubscribeState;
use super::command::Command;
use super::error::RealtimeError;
use super::postgres_changes::PostgresChangePayload;
use super::presence::RawPresenceEvent;
use super::system::SystemMessage;

/// What the socket task hands to a stream.
#[derive(Debug, Clone)]
pub(crate) enum Delivery {
    Broadcast(Arc<RawBroadcast>),
    Presence(Arc<RawPresenceEvent>),
    Postgres(Arc<PostgresChangePayload>),
    System(Arc<SystemMessage>),
    Status(SubscribeState),
    /// This many messages were dropped because the buffer was full.
    Lagged(u64),
}

/// Which messages a listener wants.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ListenKind {
    /// A broadcast event name, lower-cased, or `*`.
    Broadcast(String),
    Presence,
    /// Index into the channel's postgres bindings.
    Postgres(usize),
    System,
    Status,
}

/// The socket task's end of a stream.
pub(crate) struct Listener {
    pub(crate) id: u64,
    pub(crate) kind: ListenKind,
    tx: mpsc::Sender<Delivery>,
    missed: u64,
}

impl fmt::Debug for Listener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Listener")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish()
    }
}

impl Listener {
    /// Hands one message over without ever waiting. Returns false once the stream is gone.
    ///
    /// Policy when the buffer is full: the message is dropped and counted; when room frees
    /// up, the consumer first receives `Lagged(count)`, then newer messages.
    pub(crate) fn deliver(&mut self, item: Delivery) -> bool {
        use mpsc::error::TrySendError;
        if self.missed > 0 {
            match self.tx.try_send(Delivery::Lagged(self.missed)) {
                Ok(()) => self.missed = 0,
                Err(TrySendError::Full(_)) => {
                    self.missed += 1;
                    return true;
                }
                Err(TrySendError::Closed(_)) => return false,
            }
        }
        match self.tx.try_send(item) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => {
                self.missed += 1;
                true
            }
            Err(TrySendError::Closed(_)) => false,
        }
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }
}

/// Tells the socket task to forget a listener when its stream is dropped.
pub(crate) struct DropGuard {
    pub(crate) cmd: mpsc::UnboundedSender<Command>,
    pub(crate) channel_id: u64,
    pub(crate) listener_id: u64,
}

impl Drop for DropGuard {
    fn drop(&mut self) {
        let _ = self.cmd.send(Command::Unlisten {
            channel_id: self.channel_id,
            listener_id: self.listener_id,
        });
    }
}

/// Makes a listener/stream pair.
pub(crate) fn pair<T>(
    id: u64,
    kind: ListenKind,
    capacity: usize,
    guard: DropGuard,
    decode: fn(Delivery) -> Option<Result<T, RealtimeError>>,
) -> (Listener, Subscription<T>) {
    let (tx, rx) = mpsc::channel(capacity);
    (
        Listener {
            id,
            kind,
            tx,
            missed: 0,
        },
        Subscription {
            rx,
            decode,
            _guard: guard,
        },
    )
}

/// A stream of messages from one channel listener: broadcasts, presence events, database
/// changes, system messages or subscribe states, each decoded into `T`.
///
/// Items are `Result`s: a payload that does not decode into `T` is an
/// [`RealtimeError::Decode`] item (the raw payload is kept) and the stream goes on; a consumer
/// too slow for the buffer gets one [`RealtimeError::Lagged`] item saying how many messages it
/// missed (see [`RealtimeOptions::buffer_capacity`](super::RealtimeOptions::buffer_capacity)).
/// Dropping the stream removes the listener. The stream ends when the channel is removed.
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// use futures_util::StreamExt;
/// use supabase_core::Client;
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Cursor { x: i32, y: i32 }
///
/// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
/// let channel = client.channel("room1");
/// let mut cursors = channel.on_broadcast::<Cursor>("cursor-pos");
/// channel.subscribe().await?;
/// while let Some(message) = cursors.next().await {
///     match message {
///         Ok(m) => println!("{} at {:?}", m.event, m.payload),
///         Err(e) => eprintln!("{e}"),
///     }
/// }
/// # Ok(()) }
/// ```
pub struct Subscription<T> {
    rx: mpsc::Receiver<Delivery>,
    decode: fn(Delivery) -> Option<Result<T, RealtimeError>>,
    _guard: DropGuard,
}

impl<T> fmt::Debug for Subscription<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("listener", &self._guard.listener_id)
            .finish_non_exhaustive()
    }
}

impl<T> Unpin for Subscription<T> {}

impl<T> Stream for Subscription<T> {
    type Item = Result<T, RealtimeError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match this.rx.poll_recv(cx) {
                Poll::Ready(Some(Delivery::Lagged(missed))) => {
                    return Poll::Ready(Some(Err(RealtimeError::Lagged { missed })))
                }
                Poll::Ready(Some(item)) => {
                    if let Some(out) = (this.decode)(item) {
                        return Poll::Ready(Some(out));
                    }
                }
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
