//! Header helpers: the merge order of a call, and Debug output that hides credentials.

use std::fmt;

use http::HeaderMap;

/// Puts every header of `top` into `base`, replacing all values of the same name.
pub(crate) fn overlay(base: &mut HeaderMap, top: &HeaderMap) {
    for name in top.keys() {
        base.remove(name);
    }
    for (name, value) in top {
        base.append(name.clone(), value.clone());
    }
}

/// True for headers whose value is a credential (the crate-wide rule).
fn is_secret(name: &str) -> bool {
    crate::redact::is_secret_header(name)
}

/// A Debug view of `headers` with credential values replaced by `<redacted>`.
pub(crate) fn redacted(headers: &HeaderMap) -> impl fmt::Debug + '_ {
    struct Redacted<'a>(&'a HeaderMap);
    impl fmt::Debug for Redacted<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let mut map = f.debug_map();
            for (name, value) in self.0 {
                if is_secret(name.as_str()) {
                    map.entry(&name.as_str(), &"<redacted>");
                } else {
                    map.entry(&name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
                }
            }
            map.finish()
        }
    }
    Redacted(headers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn overlay_replaces_by_name() {
        let mut base = HeaderMap::new();
        base.insert("a", HeaderValue::from_static("1"));
        base.append("b", HeaderValue::from_static("1"));
        base.append("b", HeaderValue::from_static("2"));
        let mut top = HeaderMap::new();
        top.insert("B", HeaderValue::from_static("3"));
        overlay(&mut base, &top);
        assert_eq!(base.get_all("b").iter().count(), 1);
        assert_eq!(base["b"], "3");
        assert_eq!(base["a"], "1");
    }

    #[test]
    fn secrets_are_redacted() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("Bearer s3cret"));
        headers.insert("apikey", HeaderValue::from_static("s3cret"));
        headers.insert("x-api-key", HeaderValue::from_static("s3cret"));
        headers.insert("x-trace", HeaderValue::from_static("visible"));
        let text = format!("{:?}", redacted(&headers));
        assert!(!text.contains("s3cret"), "{text}");
        assert!(text.contains("visible"), "{text}");
    }
}
