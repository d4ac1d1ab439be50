//! Edge Functions errors: the relay's, and a function's own non-2xx answer.

use std::fmt;

use http::HeaderMap;

/// An Edge Function call that reached the server but did not succeed.
///
/// ```
/// use supabase_core::functions::FunctionsError;
/// let e = FunctionsError::Http { status: 418, headers: Default::default(), body: b"teapot".to_vec() };
/// assert_eq!(e.status(), 418);
/// assert_eq!(e.body_text(), "teapot");
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum FunctionsError {
    /// The relay in front of the functions failed (`x-relay-error: true`), whatever the status.
    Relay {
        /// HTTP status.
        status: u16,
        /// Response headers.
        headers: HeaderMap,
        /// The raw body.
        body: Vec<u8>,
    },
    /// The function answered with a non-2xx status.
    Http {
        /// HTTP status.
        status: u16,
        /// Response headers.
        headers: HeaderMap,
        /// The raw body.
        body: Vec<u8>,
    },
}

impl FunctionsError {
    /// The HTTP status.
    ///
    /// ```
    /// # use supabase_core::functions::FunctionsError;
    /// let e = FunctionsError::Relay { status: 502, headers: Default::default(), body: vec![] };
    /// assert_eq!(e.status(), 502);
    /// ```
    pub fn status(&self) -> u16 {
        match self {
            FunctionsError::Relay { status, .. } | FunctionsError::Http { status, .. } => *status,
        }
    }

    /// The response headers.
    ///
    /// ```
    /// # use supabase_core::functions::FunctionsError;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("x-relay-error", http::HeaderValue::from_static("true"));
    /// let e = FunctionsError::Relay { status: 200, headers, body: vec![] };
    /// assert_eq!(e.headers()["x-relay-error"], "true");
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        match self {
            FunctionsError::Relay { headers, .. } | FunctionsError::Http { headers, .. } => headers,
        }
    }

    /// True for a relay error (`x-relay-error: true`), false for the function's own non-2xx.
    ///
    /// ```
    /// # use supabase_core::functions::FunctionsError;
    /// assert!(FunctionsError::Relay { status: 200, headers: Default::default(), body: vec![] }.is_relay());
    /// assert!(!FunctionsError::Http { status: 500, headers: Default::default(), body: vec![] }.is_relay());
    /// ```
    pub fn is_relay(&self) -> bool {
        matches!(self, FunctionsError::Relay { .. })
    }

    /// The raw body.
    ///
    /// ```
    /// # use supabase_core::functions::FunctionsError;
    /// let e = FunctionsError::Http { status: 400, headers: Default::default(), body: b"{}".to_vec() };
    /// assert_eq!(e.body(), b"{}");
    /// ```
    pub fn body(&self) -> &[u8] {
        match self {
            FunctionsError::Relay { body, .. } | FunctionsError::Http { body, .. } => body,
        }
    }

    /// The body as text (lossy UTF-8).
    ///
    /// ```
    /// # use supabase_core::functions::FunctionsError;
    /// let e = FunctionsError::Http { status: 400, headers: Default::default(), body: b"bad".to_vec() };
    /// assert_eq!(e.body_text(), "bad");
    /// ```
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(self.body()).into_owned()
    }

    /// The body decoded as JSON into `T`, when it is JSON.
    ///
    /// ```
    /// # use supabase_core::functions::FunctionsError;
    /// let e = FunctionsError::Http { status: 400, headers: Default::default(), body: br#"{"error":"x"}"#.to_vec() };
    /// let v: serde_json::Value = e.json().unwrap();
    /// assert_eq!(v["error"], "x");
    /// ```
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(self.body()).ok()
    }
}

impl fmt::Display for FunctionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, status) = match self {
            FunctionsError::Relay { status, .. } => ("relay error", status),
            FunctionsError::Http { status, .. } => ("function returned an error", status),
        };
        let text = self.body_text();
        let cut: String = text.chars().take(200).collect();
        write!(f, "edge function {kind} (status {status}): {cut}")
    }
}

impl std::error::Error for FunctionsError {}

impl crate::Error {
    /// The Edge Functions error (relay or non-2xx answer), when this is one.
    ///
    /// ```
    /// use supabase_core::Error;
    /// use supabase_core::functions::FunctionsError;
    /// let err = Error::from(FunctionsError::Http { status: 418, headers: Default::default(), body: vec![] });
    /// assert_eq!(err.functions().map(FunctionsError::status), Some(418));
    /// assert!(Error::MissingKey.functions().is_none());
    /// ```
    pub fn functions(&self) -> Option<&FunctionsError> {
        match self {
            crate::Error::Functions(e) => Some(e),
            _ => None,
        }
    }
}
