//! Realtime errors.

/// What can go wrong on a Realtime socket, channel or stream.
///
/// ```
/// use supabase_core::realtime::RealtimeError;
/// let err = RealtimeError::Lagged { missed: 3 };
/// assert_eq!(err.to_string(), "the consumer was too slow: 3 messages were missed");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RealtimeError {
    /// An argument was refused (an oversized binary frame field, binary data on vsn 1.0.0…).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// The websocket could not be opened.
    #[error("could not connect to realtime: {0}")]
    Connect(String),
    /// The server sent a frame this client cannot read.
    #[error("realtime protocol error: {0}")]
    Protocol(String),
    /// A value could not be serialized to JSON.
    #[error("could not serialize a realtime payload: {0}")]
    Encode(#[source] serde_json::Error),
    /// A received payload does not decode into the requested type. The raw payload is kept.
    #[error("could not decode the {event} payload: {source}; payload: {payload}")]
    Decode {
        /// The event (broadcast event name, `INSERT`, `presence`, …).
        event: String,
        /// The decoding error.
        #[source]
        source: serde_json::Error,
        /// The payload as received (JSON text).
        payload: String,
    },
    /// A stream's buffer was full: this many messages were not delivered to it.
    #[error("the consumer was too slow: {missed} messages were missed")]
    Lagged {
        /// How many messages were dropped for this stream.
        missed: u64,
    },
    /// `presence` and `postgres_changes` listeners must be added before `subscribe`.
    #[error("cannot add `{kind}` listeners to {topic} after subscribe()")]
    ListenerAfterSubscribe {
        /// `presence` or `postgres_changes`.
        kind: &'static str,
        /// The channel topic.
        topic: String,
    },
    /// A channel can be joined once; make a new one after `unsubscribe`.
    #[error("tried to subscribe to {0} more than once; create a new channel after unsubscribe")]
    AlreadySubscribed(String),
    /// The channel was removed or the socket task stopped.
    #[error("the realtime channel or socket is closed")]
    Closed,
    /// The REST broadcast endpoint answered with an error status.
    #[error("realtime broadcast failed with http status {status}: {body}")]
    Http {
        /// HTTP status.
        status: u16,
        /// The response body as received.
        body: String,
    },
    /// The REST broadcast request could not be sent.
    #[error("network error: {0}")]
    Network(#[source] reqwest::Error),
}
