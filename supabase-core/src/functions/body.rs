//! The request body of an Edge Function call and the Content-Type it implies.

use std::fmt;

use bytes::Bytes;
use http::HeaderValue;

/// A request body, already encoded. Made by the `Invoke::body*` methods.
///
/// The Content-Type each kind sets when the caller did not give one follows functions-js:
///
/// | method | sent as | automatic Content-Type |
/// |---|---|---|
/// | `body` (any `Serialize`) | `serde_json` text | `application/json` |
/// | `body_bytes` | raw | `application/octet-stream` |
/// | `body_text` | raw UTF-8 | `text/plain` |
/// | `body_form` | `application/x-www-form-urlencoded` pairs | `application/x-www-form-urlencoded` |
///
/// A JSON body is JSON-encoded even when the caller sets another Content-Type (functions-js
/// does the same for plain objects); the other kinds are always sent raw. An empty text, bytes or
/// form body sends an empty body and no automatic Content-Type (an empty body is falsy in JS).
#[derive(Clone)]
pub(crate) enum Body {
    Json(Bytes),
    Bytes(Bytes),
    Text(Bytes),
    Form(Bytes),
}

impl Body {
    /// The encoded bytes to send.
    pub(crate) fn bytes(&self) -> Bytes {
        match self {
            Body::Json(b) | Body::Bytes(b) | Body::Text(b) | Body::Form(b) => b.clone(),
        }
    }

    /// The Content-Type to send when the caller gave none.
    pub(crate) fn auto_content_type(&self) -> Option<HeaderValue> {
        let value = match self {
            Body::Json(_) => "application/json",
            Body::Bytes(b) if !b.is_empty() => "application/octet-stream",
            Body::Text(b) if !b.is_empty() => "text/plain",
            Body::Form(b) if !b.is_empty() => "application/x-www-form-urlencoded",
            _ => return None,
        };
        Some(HeaderValue::from_static(value))
    }

    /// Encodes form pairs as `application/x-www-form-urlencoded`.
    pub(crate) fn form<I, K, V>(pairs: I) -> Body
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut encoder = form_urlencoded::Serializer::new(String::new());
        for (key, value) in pairs {
            encoder.append_pair(key.as_ref(), value.as_ref());
        }
        Body::Form(Bytes::from(encoder.finish()))
    }

    fn kind(&self) -> &'static str {
        match self {
            Body::Json(_) => "json",
            Body::Bytes(_) => "bytes",
            Body::Text(_) => "text",
            Body::Form(_) => "form",
        }
    }
}

/// Shows the kind and size only: a body may hold credentials.
impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({} bytes)", self.kind(), self.bytes().len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_pairs_are_urlencoded() {
        let body = Body::form([("a b", "1&2"), ("é", "=")]);
        assert_eq!(&body.bytes()[..], b"a+b=1%262&%C3%A9=%3D");
        assert_eq!(
            body.auto_content_type().as_ref().map(HeaderValue::as_bytes),
            Some(&b"application/x-www-form-urlencoded"[..])
        );
    }

    #[test]
    fn empty_raw_bodies_get_no_content_type() {
        assert!(Body::Text(Bytes::new()).auto_content_type().is_none());
        assert!(Body::Bytes(Bytes::new()).auto_content_type().is_none());
        assert!(Body::form(Vec::<(&str, &str)>::new())
            .auto_content_type()
            .is_none());
        assert!(Body::Json(Bytes::from_static(b"null"))
            .auto_content_type()
            .is_some());
    }

    #[test]
    fn debug_hides_the_content() {
        let body = Body::Text(Bytes::from_static(b"password=hunter2"));
        assert_eq!(format!("{body:?}"), "text(16 bytes)");
    }
}
