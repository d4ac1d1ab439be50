//! The project URL and the service URLs resolved against it.

use url::Url;

use crate::Error;

/// A validated Supabase project URL: absolute `http`/`https`, always ending with `/`.
///
/// Service URLs are resolved relative to it, so a path prefix survives
/// (`https://host/prefix/` gives `https://host/prefix/rest/v1/`).
///
/// ```
/// use supabase_core::ProjectUrl;
///
/// let url = ProjectUrl::parse(" https://xyz.supabase.co/prefix ").unwrap();
/// assert_eq!(url.as_str(), "https://xyz.supabase.co/prefix/");
/// assert_eq!(url.service("rest/v1").as_str(), "https://xyz.supabase.co/prefix/rest/v1/");
/// assert!(ProjectUrl::parse("ftp://example.com").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectUrl(Url);

impl ProjectUrl {
    /// Validates and normalizes a project URL.
    ///
    /// The input is trimmed, must start with `http://` or `https://` (any case) and have a host;
    /// a trailing `/` is added. A query string or fragment is refused.
    ///
    /// ```
    /// use supabase_core::ProjectUrl;
    /// assert_eq!(ProjectUrl::parse("HTTP://localhost:54321").unwrap().as_str(), "http://localhost:54321/");
    /// assert!(ProjectUrl::parse("").is_err());
    /// ```
    pub fn parse(input: &str) -> Result<Self, Error> {
        let trimmed = input.trim();
        let invalid = |reason: &str| Error::InvalidUrl {
            url: input.to_owned(),
            reason: reason.to_owned(),
        };
        if trimmed.is_empty() {
            return Err(invalid("the url is empty"));
        }
        let lower = trimmed.get(..8).unwrap_or(trimmed).to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(invalid("it must start with http:// or https://"));
        }
        let mut url = Url::parse(trimmed).map_err(|e| invalid(&e.to_string()))?;
        if url.host_str().map_or(true, str::is_empty) {
            return Err(invalid("it has no host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("it must not carry a query string or fragment"));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(ProjectUrl(url))
    }

    /// The normalized URL text, with its trailing slash.
    ///
    /// ```
    /// # use supabase_core::ProjectUrl;
    /// assert_eq!(ProjectUrl::parse("http://h").unwrap().as_str(), "http://h/");
    /// ```
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The normalized URL.
    ///
    /// ```
    /// # use supabase_core::ProjectUrl;
    /// assert_eq!(ProjectUrl::parse("http://h:1").unwrap().url().port(), Some(1));
    /// ```
    pub fn url(&self) -> &Url {
        &self.0
    }

    /// The URL of a service (`rest/v1`, `auth/v1`, `storage/v1`, `functions/v1`), with a trailing slash.
    ///
    /// ```
    /// # use supabase_core::ProjectUrl;
    /// let url = ProjectUrl::parse("http://h/base/").unwrap();
    /// assert_eq!(url.service("auth/v1").as_str(), "http://h/base/auth/v1/");
    /// ```
    pub fn service(&self, path: &str) -> Url {
        let mut url = self.0.clone();
        let joined = format!("{}{}/", self.0.path(), path.trim_matches('/'));
        url.set_path(&joined);
        url
    }

    /// The realtime URL: `realtime/v1` with the scheme changed to `ws`/`wss`.
    ///
    /// ```
    /// # use supabase_core::ProjectUrl;
    /// let url = ProjectUrl::parse("https://h/").unwrap();
    /// assert_eq!(url.realtime().as_str(), "wss://h/realtime/v1/");
    /// ```
    pub fn realtime(&self) -> Url {
        let http = self.service("realtime/v1");
        let scheme = if http.scheme() == "https" {
            "wss"
        } else {
            "ws"
        };
        let text = format!("{scheme}{}", &http.as_str()[http.scheme().len()..]);
        Url::parse(&text).unwrap_or(http)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn keeps_path_prefix_and_adds_slash() {
        let url = ProjectUrl::parse("https://example.com/a/b").unwrap();
        assert_eq!(url.as_str(), "https://example.com/a/b/");
        assert_eq!(
            url.service("rest/v1").as_str(),
            "https://example.com/a/b/rest/v1/"
        );
        assert_eq!(
            url.realtime().as_str(),
            "wss://example.com/a/b/realtime/v1/"
        );
    }

    #[test]
    fn refuses_bad_urls() {
        for bad in [
            "",
            "   ",
            "example.com",
            "ftp://x",
            "http://",
            "https://h/?a=1",
            "ws://h",
        ] {
            assert!(ProjectUrl::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
