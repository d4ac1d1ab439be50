//! Keeping secrets out of `Debug`, `Display`, errors and traces: which header values and query
//! parameters are credentials, and how a URL or a header map is shown without them.
//!
//! The crate's convention is `<redacted>` in place of a secret. Header values that carry one are
//! also marked sensitive ([`http::HeaderValue::set_sensitive`]), so `http`'s own `Debug` of a
//! [`http::HeaderMap`] prints `Sensitive` instead of the value wherever the map ends up.

// Each helper serves some services; a build with only some of them leaves others unused.
#![cfg_attr(
    not(all(feature = "auth", feature = "storage", feature = "realtime")),
    allow(dead_code)
)]

use std::fmt;

use http::HeaderMap;
use url::Url;

/// What is printed in place of a secret.
pub(crate) const REDACTED: &str = "<redacted>";

/// `<redacted>` as a `Debug` value.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// `Some(<redacted>)` / `None`: shows whether an optional secret is set, never its value.
pub(crate) fn redacted_opt<T>(value: &Option<T>) -> Option<Redacted> {
    value.as_ref().map(|_| Redacted)
}

/// Words that make a header name or a query parameter a credential.
const SECRET_WORDS: [&str; 9] = [
    "token",
    "secret",
    "key",
    "password",
    "signature",
    "auth",
    "cookie",
    "session",
    "jwt",
];

/// True for header names whose value is a credential: `Authorization`, `apikey`, `Cookie`,
/// and any name containing `token`, `secret`, `key`, `password`, `signature`, `auth`,
/// `cookie`, `session` or `jwt` (`x-api-key`, `x-supabase-auth-token`, …). Case-insensitive.
///
/// `Upload-Offset` and other TUS headers and `X-Client-Info` are not secrets.
pub(crate) fn is_secret_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|word| lower.contains(word))
}

/// True for query parameters whose value is a credential (`token`, `apikey`, `access_token`,
/// `refresh_token`, `signature`, `sig`, `code`, `X-Amz-Signature`, …).
pub(crate) fn is_secret_param(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "sig" | "code" | "nonce" | "otp" | "verifier"
    ) || SECRET_WORDS.iter().any(|word| lower.contains(word))
}

/// Marks every credential value of `headers` sensitive (see [`is_secret_header`]).
pub(crate) fn mark_sensitive(headers: &mut HeaderMap) {
    for (name, value) in headers.iter_mut() {
        if is_secret_header(name.as_str()) {
            value.set_sensitive(true);
        }
    }
}

/// `value` marked sensitive when `name` is a credential header.
pub(crate) fn sensitive(
    name: &http::HeaderName,
    mut value: http::HeaderValue,
) -> http::HeaderValue {
    if is_secret_header(name.as_str()) {
        value.set_sensitive(true);
    }
    value
}

/// `url` with the value of every credential query parameter replaced by `<redacted>`; other
/// parameters are kept as they are. A URL without a query is returned unchanged.
pub(crate) fn scrub_url(url: &Url) -> Url {
    let Some(query) = url.query() else {
        return url.clone();
    };
    if !form_urlencoded::parse(query.as_bytes()).any(|(k, _)| is_secret_param(&k)) {
        return url.clone();
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| {
            let value = if is_secret_param(&k) {
                REDACTED.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), value)
        })
        .collect();
    let mut scrubbed = url.clone();
    scrubbed.query_pairs_mut().clear().extend_pairs(pairs);
    scrubbed
}

/// [`scrub_url`] for a URL held as text; text that is not an absolute URL is returned as is,
/// except that a query string is cut off (it may hold a token).
pub(crate) fn scrub_url_text(text: &str) -> String {
    match Url::parse(text) {
        Ok(url) => scrub_url(&url).to_string(),
        Err(_) => match text.split_once('?') {
            Some((before, _)) => format!("{before}?{REDACTED}"),
            None => text.to_owned(),
        },
    }
}

/// A `Debug` view of a URL held as text with its credential query parameters redacted.
pub(crate) struct ScrubbedUrl<'a>(pub(crate) &'a str);

impl fmt::Debug for ScrubbedUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&scrub_url_text(self.0), f)
    }
}

/// A reqwest error whose URL (kept for its `Debug` output and [`reqwest::Error::url`]) has its
/// credential query parameters redacted.
pub(crate) fn scrub_reqwest(err: reqwest::Error) -> reqwest::Error {
    match err.url().map(scrub_url) {
        Some(url) => err.with_url(url),
        None => err,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use http::HeaderValue;

    #[test]
    fn secret_headers() {
        for name in [
            "Authorization",
            "apikey",
            "Cookie",
            "x-api-key",
            "X-Supabase-Auth-Token",
            "proxy-authorization",
            "x-signature",
        ] {
            assert!(is_secret_header(name), "{name}");
        }
        for name in ["x-client-info", "upload-offset", "accept-profile", "prefer"] {
            assert!(!is_secret_header(name), "{name}");
        }
    }

    #[test]
    fn marked_headers_print_sensitive() {
        let mut headers = HeaderMap::new();
        headers.insert("apikey", HeaderValue::from_static("k-9f3"));
        headers.insert("authorization", HeaderValue::from_static("Bearer t-9f3"));
        headers.insert("prefer", HeaderValue::from_static("count=exact"));
        mark_sensitive(&mut headers);
        let text = format!("{headers:?}");
        assert!(!text.contains("9f3"), "{text}");
        assert!(text.contains("count=exact"), "{text}");
    }

    #[test]
    fn urls_lose_token_values_only() {
        let url = Url::parse(
            "https://h/storage/v1/object/sign/b/a.png?token=eyJ.sig&download=a.png&apikey=k1",
        )
        .unwrap();
        let text = scrub_url(&url).to_string();
        assert!(!text.contains("eyJ") && !text.contains("k1"), "{text}");
        assert!(text.contains("download=a.png"), "{text}");
        let plain = Url::parse("https://h/rest/v1/t?select=*").unwrap();
        assert_eq!(scrub_url(&plain), plain);
        assert_eq!(scrub_url_text("not a url?token=x"), "not a url?<redacted>");
    }
}
