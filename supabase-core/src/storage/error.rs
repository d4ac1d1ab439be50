//! The Storage error: the server's body with the real status taken from its `statusCode`.

use std::fmt;

/// An error answered by the Storage server.
///
/// Storage answers most errors with HTTP 400 and puts the real status in the body as a string
/// (`"statusCode":"404"`); [`StorageError::status_code`] holds that, [`StorageError::status`]
/// the HTTP status.
///
/// ```
/// use supabase_core::storage::StorageError;
/// let e = StorageError::from_response(400, br#"{"statusCode":"404","code":"NoSuchKey","error":"not_found","message":"Object not found"}"#);
/// assert_eq!(e.status, 400);
/// assert_eq!(e.status_code, "404");
/// assert_eq!(e.code.as_deref(), Some("NoSuchKey"));
/// assert_eq!(e.message, "Object not found");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StorageError {
    /// The HTTP status of the response.
    pub status: u16,
    /// The semantic status: the body's `statusCode`, else its `code`, else the HTTP status.
    pub status_code: String,
    /// The body's `code` (`NoSuchKey`, `NoSuchBucket`, `InvalidJWT`, `Duplicate`, …).
    pub code: Option<String>,
    /// The human message.
    pub message: String,
    /// The raw response body, kept whole.
    pub body: String,
}

impl StorageError {
    /// Reads a Storage error response. A non-JSON body keeps its text as the message.
    ///
    /// ```
    /// use supabase_core::storage::StorageError;
    /// let e = StorageError::from_response(502, b"<html>Bad Gateway</html>");
    /// assert_eq!(e.status_code, "502");
    /// assert_eq!(e.body, "<html>Bad Gateway</html>");
    /// ```
    pub fn from_response(status: u16, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body).into_owned();
        let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let field = |key: &str| -> Option<String> {
            match json.as_ref()?.get(key)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Null
                | serde_json::Value::Object(_)
                | serde_json::Value::Array(_) => None,
                other => Some(other.to_string()),
            }
        };
        // The Iceberg routes nest the error: `{"error": {"message", "type", "code"}}`.
        let nested = |key: &str| -> Option<String> {
            match json.as_ref()?.get("error")?.get(key)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let message = ["msg", "message", "error_description", "error"]
            .iter()
            .find_map(|k| field(k))
            .or_else(|| nested("message"))
            .unwrap_or_else(|| {
                if json.is_some() || text.trim().is_empty() {
                    if text.trim().is_empty() {
                        format!("HTTP {status} error")
                    } else {
                        text.clone()
                    }
                } else {
                    text.clone()
                }
            });
        let code = field("code").or_else(|| nested("type"));
        let status_code = field("statusCode")
            .or_else(|| nested("code"))
            .or_else(|| code.clone())
            .unwrap_or_else(|| status.to_string());
        StorageError {
            status,
            status_code,
            code,
            message,
            body: text,
        }
    }

    /// The semantic status as a number, when `statusCode` is numeric (`"404"` → 404).
    ///
    /// ```
    /// use supabase_core::storage::StorageError;
    /// let e = StorageError::from_response(400, br#"{"statusCode":"409","code":"Duplicate","message":"exists"}"#);
    /// assert_eq!(e.semantic_status(), Some(409));
    /// ```
    pub fn semantic_status(&self) -> Option<u16> {
        self.status_code.parse().ok()
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "storage error (http {}, status {}",
            self.status, self.status_code
        )?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        write!(f, "): {}", self.message)
    }
}

impl std::error::Error for StorageError {}
