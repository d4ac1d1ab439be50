//! Human descriptions of transport failures: where the request went (scheme, host, port and path,
//! never the query string, which may carry tokens or filter values) and why it failed (connection
//! refused, timed out, name not resolved, TLS, reset), read from the error's source chain.
//!
//! reqwest's own message is `error sending request for url (...)`, which prints the whole URL and
//! hides the cause behind `source()`; a user staring at a log line needs both halves in one place.

use std::error::Error as StdError;
use std::fmt;

/// `Display` for a reqwest transport error: `could not connect to 127.0.0.1:54321 (GET
/// http://127.0.0.1:54321/rest/v1/todos): connection refused`.
pub(crate) struct Describe<'a>(pub(crate) &'a reqwest::Error);

impl fmt::Display for Describe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let err = self.0;
        let target = err.url().map(Target);
        let what = if err.is_connect() {
            "could not connect to"
        } else if err.is_timeout() {
            "timed out talking to"
        } else if err.is_body() || err.is_decode() {
            "could not read the response of"
        } else if err.is_builder() {
            "could not build the request to"
        } else {
            "request failed:"
        };
        match target {
            Some(t) => write!(f, "{what} {t}")?,
            None => f.write_str(what.trim_end_matches(':'))?,
        }
        write!(f, ": {}", Cause(err))
    }
}

/// `host:port (scheme://host:port/path)`, the query string dropped.
struct Target<'a>(&'a url::Url);

impl fmt::Display for Target<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.0;
        let host = url.host_str().unwrap_or("?");
        match url.port_or_known_default() {
            Some(port) => write!(f, "{host}:{port}")?,
            None => f.write_str(host)?,
        }
        write!(f, " ({}://{}", url.scheme(), host)?;
        if let Some(port) = url.port() {
            write!(f, ":{port}")?;
        }
        write!(f, "{})", url.path())
    }
}

/// The most specific cause in the source chain, named in plain words where it is a known kind.
struct Cause<'a>(&'a reqwest::Error);

impl fmt::Display for Cause<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut innermost: Option<String> = None;
        let mut current: Option<&(dyn StdError + 'static)> = self.0.source();
        while let Some(err) = current {
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                if let Some(words) = io_kind(io.kind()) {
                    return f.write_str(words);
                }
            }
            let text = err.to_string();
            if let Some(words) = known_text(&text) {
                return f.write_str(words);
            }
            innermost = Some(text);
            current = err.source();
        }
        if self.0.is_timeout() {
            return f.write_str("timed out");
        }
        match innermost {
            Some(text) => f.write_str(&text),
            None => f.write_str("no further detail"),
        }
    }
}

fn io_kind(kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind::*;
    Some(match kind {
        ConnectionRefused => "connection refused (is the server running on that port?)",
        ConnectionReset => "connection reset by the server",
        ConnectionAborted => "connection aborted",
        TimedOut => "timed out",
        NotConnected => "not connected",
        AddrNotAvailable => "address not available",
        UnexpectedEof => "the server closed the connection before answering",
        _ => return None,
    })
}

fn known_text(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("dns error") || lower.contains("failed to lookup address") {
        Some("the host name could not be resolved")
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
    {
        Some("TLS handshake failed (certificate or protocol)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refused_names_host_port_path_and_cause_without_query() {
        // Bind then drop a listener: nothing listens on that port any more.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr").port()
        };
        let err = reqwest::Client::new()
            .get(format!(
                "http://127.0.0.1:{port}/rest/v1/todos?access_token=sekrit"
            ))
            .send()
            .await
            .expect_err("nothing listens");
        let text = Describe(&err).to_string();
        assert!(
            text.starts_with(&format!("could not connect to 127.0.0.1:{port}")),
            "{text}"
        );
        assert!(text.contains("/rest/v1/todos"), "{text}");
        assert!(text.contains("connection refused"), "{text}");
        assert!(!text.contains("sekrit"), "{text}");
    }

    #[tokio::test]
    async fn unresolvable_host_says_so() {
        let err = reqwest::Client::new()
            .get("http://no-such-host.invalid/rest/v1/")
            .send()
            .await
            .expect_err("no such host");
        let text = Describe(&err).to_string();
        assert!(text.contains("no-such-host.invalid:80"), "{text}");
        assert!(text.contains("could not be resolved"), "{text}");
    }
}
