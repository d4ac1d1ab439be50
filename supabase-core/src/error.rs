//! The crate's one error type.

use std::fmt;

/// Everything that can go wrong when building or sending a request.
///
/// Server errors keep the whole body: PostgREST's `code`, `message`, `details`
/// and `hint` plus the HTTP status, and a body that is not JSON is kept raw.
///
/// ```
/// use supabase_core::{Client, Error};
///
/// let err = Client::new("ftp://example.com", "key").unwrap_err();
/// assert!(matches!(err, Error::InvalidUrl { .. }));
/// assert_eq!(err.status(), None);
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The project URL is not an absolute `http://` or `https://` URL.
    #[error("invalid supabase url {url:?}: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// The API key is empty.
    #[error("the supabase api key is empty")]
    MissingKey,
    /// A builder argument was refused; the builder kept it until `execute`/`build`.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// A value could not be serialized to JSON.
    #[error("could not serialize the request body: {0}")]
    Serialize(#[source] serde_json::Error),
    /// PostgREST answered with an error.
    #[error("{0}")]
    Postgrest(#[from] PostgrestError),
    /// The server answered with a non-success status and a body that is not a JSON error
    /// (a proxy's HTML 502, for instance). The body is kept as it came.
    #[error("http status {status}: {}", truncate(body))]
    Http {
        /// HTTP status code.
        status: u16,
        /// The raw response body.
        body: String,
    },
    /// The Storage server answered with an error.
    #[cfg(feature = "storage")]
    #[error("{0}")]
    Storage(#[from] crate::storage::StorageError),
    /// An Edge Function call failed at the relay or the function answered non-2xx.
    #[cfg(feature = "functions")]
    #[error("{0}")]
    Functions(Box<crate::functions::FunctionsError>),
    /// A Realtime socket, channel or stream failed.
    #[cfg(feature = "realtime")]
    #[error("{0}")]
    Realtime(#[from] crate::realtime::RealtimeError),
    /// The Auth (GoTrue) client failed; see [`crate::auth::AuthError`].
    #[cfg(feature = "auth")]
    #[error("{0}")]
    Auth(Box<crate::auth::AuthError>),
    /// The request did not finish within its timeout. The message names the host, port and path
    /// (never the query string, which may carry secrets).
    #[error("request timed out: {}", crate::net_error::Describe(.0))]
    Timeout(#[source] reqwest::Error),
    /// The request could not be sent or the response could not be read. The message names the
    /// host, port and path (never the query string) and the cause: connection refused, name not
    /// resolved, TLS, reset.
    #[error("network error: {}", crate::net_error::Describe(.0))]
    Network(#[source] reqwest::Error),
    /// A success response could not be decoded into the requested type. The raw body is kept.
    #[error(
        "could not decode the response (status {status}): {source}; body: {}",
        truncate(body)
    )]
    Decode {
        /// The decoding error.
        #[source]
        source: serde_json::Error,
        /// HTTP status of the response.
        status: u16,
        /// The raw response body.
        body: String,
    },
}

fn truncate(body: &str) -> impl fmt::Display + '_ {
    struct Cut<'a>(&'a str);
    impl fmt::Display for Cut<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            const MAX: usize = 200;
            if self.0.len() <= MAX {
                return f.write_str(self.0);
            }
            let mut end = MAX;
            while !self.0.is_char_boundary(end) {
                end -= 1;
            }
            write!(f, "{}…", &self.0[..end])
        }
    }
    Cut(body)
}

#[cfg(feature = "functions")]
impl From<crate::functions::FunctionsError> for Error {
    fn from(err: crate::functions::FunctionsError) -> Self {
        Error::Functions(Box::new(err))
    }
}

impl Error {
    /// The HTTP status of the response behind this error, if there was one.
    ///
    /// ```
    /// use supabase_core::{Error, PostgrestError};
    /// let err = Error::Http { status: 502, body: "<html>bad gateway</html>".into() };
    /// assert_eq!(err.status(), Some(502));
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Postgrest(e) => Some(e.status),
            #[cfg(feature = "storage")]
            Error::Storage(e) => Some(e.status),
            #[cfg(feature = "functions")]
            Error::Functions(e) => Some(e.status()),
            Error::Http { status, .. } | Error::Decode { status, .. } => Some(*status),
            #[cfg(feature = "auth")]
            Error::Auth(e) if e.status() != 0 => Some(e.status()),
            _ => None,
        }
    }

    /// True when the request timed out.
    ///
    /// ```
    /// # use supabase_core::Error;
    /// assert!(!Error::MissingKey.is_timeout());
    /// ```
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// True when the request failed on the network (connect, reset, read).
    ///
    /// ```
    /// # use supabase_core::Error;
    /// assert!(!Error::MissingKey.is_network());
    /// ```
    pub fn is_network(&self) -> bool {
        matches!(self, Error::Network(_))
    }

    /// True when a success response could not be decoded into the requested type.
    ///
    /// ```
    /// # use supabase_core::Error;
    /// assert!(!Error::MissingKey.is_decode());
    /// ```
    pub fn is_decode(&self) -> bool {
        matches!(self, Error::Decode { .. })
    }

    /// The PostgREST error, when the server sent one.
    ///
    /// ```
    /// # use supabase_core::{Error, PostgrestError};
    /// let err = Error::Postgrest(PostgrestError {
    ///     code: Some("PGRST116".into()),
    ///     message: "JSON object requested, multiple (or no) rows returned".into(),
    ///     details: None,
    ///     hint: None,
    ///     status: 406,
    /// });
    /// assert_eq!(err.postgrest().and_then(|e| e.code.as_deref()), Some("PGRST116"));
    /// ```
    pub fn postgrest(&self) -> Option<&PostgrestError> {
        match self {
            Error::Postgrest(e) => Some(e),
            _ => None,
        }
    }

    /// The Auth error, when an Auth call failed.
    ///
    /// ```
    /// # use supabase_core::Error;
    /// use supabase_core::auth::AuthError;
    /// let err = Error::from(AuthError::session_missing());
    /// assert!(err.auth().is_some_and(|e| e.is_session_missing()));
    /// ```
    #[cfg(feature = "auth")]
    pub fn auth(&self) -> Option<&crate::auth::AuthError> {
        match self {
            Error::Auth(e) => Some(e),
            _ => None,
        }
    }

    /// The raw response body, when one was kept (non-JSON errors and decode failures).
    ///
    /// ```
    /// # use supabase_core::Error;
    /// let err = Error::Http { status: 502, body: "Bad Gateway".into() };
    /// assert_eq!(err.raw_body(), Some("Bad Gateway"));
    /// ```
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Http { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    pub(crate) fn from_reqwest(err: reqwest::Error) -> Self {
        // The error keeps its URL for `Debug` and `reqwest::Error::url`: never with a token.
        let err = crate::redact::scrub_reqwest(err);
        if err.is_timeout() {
            Error::Timeout(err)
        } else {
            Error::Network(err)
        }
    }
}

/// An error body sent by PostgREST (or made by the client for `maybe_single`), with the HTTP status.
///
/// ```
/// use supabase_core::PostgrestError;
/// let e = PostgrestError::from_body(409, br#"{"code":"23505","message":"duplicate key","details":"Key (id)=(1) already exists.","hint":null}"#)
///     .expect("json body");
/// assert_eq!(e.code.as_deref(), Some("23505"));
/// assert_eq!(e.status, 409);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PostgrestError {
    /// The error code: a PostgREST `PGRSTxxx` code or a PostgreSQL SQLSTATE.
    #[serde(default)]
    pub code: Option<String>,
    /// The human message.
    #[serde(default)]
    pub message: String,
    /// Extra detail from the server.
    #[serde(default)]
    pub details: Option<String>,
    /// A hint from the server.
    #[serde(default)]
    pub hint: Option<String>,
    /// The HTTP status of the response.
    #[serde(skip)]
    pub status: u16,
}

impl PostgrestError {
    /// Parses a PostgREST error body. Returns `None` when the body is not a JSON object.
    ///
    /// Fields that are not strings (numbers, objects) are kept as their JSON text.
    ///
    /// ```
    /// use supabase_core::PostgrestError;
    /// assert!(PostgrestError::from_body(502, b"<html>Bad Gateway</html>").is_none());
    /// ```
    pub fn from_body(status: u16, body: &[u8]) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        let obj = value.as_object()?;
        let text = |key: &str| -> Option<String> {
            match obj.get(key)? {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            }
        };
        Some(PostgrestError {
            code: text("code"),
            message: text("message").unwrap_or_default(),
            details: text("details"),
            hint: text("hint"),
            status,
        })
    }
}

impl fmt::Display for PostgrestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "postgrest error (status {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        write!(f, "): {}", self.message)?;
        if let Some(details) = &self.details {
            write!(f, "; details: {details}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "; hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PostgrestError {}
