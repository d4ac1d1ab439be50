//! Object paths: cleaning, validation, and percent-encoding for URLs.
//!
//! storage-js puts object paths into URLs as they are and lets `fetch` escape what it can.
//! This client is stricter on purpose: every path segment is percent-encoded, so a key with a
//! space, `#`, `?`, `%` or non-ASCII characters reaches the server intact. Keys made of letters,
//! digits, `-_.~/` and `!$&'()*+,;=:@` give the same URL as storage-js.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use crate::Error;

/// Bytes escaped inside one path segment: controls, space, `/` and everything not allowed
/// in a URL path segment (RFC 3986 `pchar`) or special to URL parsers. Non-ASCII is always
/// escaped.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// How a caller's path is tidied before use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tidy {
    /// storage-js `cleanPath` (upload, update, upload to a signed URL): runs of `/` are
    /// collapsed, then one leading and one trailing `/` removed.
    Clean,
    /// Every other call: leading slashes removed.
    StripLeading,
}

/// Tidies and validates an object path, giving the object key (not encoded).
///
/// Refused with [`Error::InvalidArgument`]: an empty path and a `.` or `..` segment.
pub(crate) fn object_key(path: &str, tidy: Tidy) -> Result<String, Error> {
    let key = match tidy {
        Tidy::Clean => {
            let mut collapsed = String::with_capacity(path.len());
            let mut last_slash = false;
            for c in path.chars() {
                if c == '/' && last_slash {
                    continue;
                }
                last_slash = c == '/';
                collapsed.push(c);
            }
            let s = collapsed.strip_prefix('/').unwrap_or(&collapsed);
            let s = s.strip_suffix('/').unwrap_or(s);
            s.to_owned()
        }
        Tidy::StripLeading => path.trim_start_matches('/').to_owned(),
    };
    if key.is_empty() {
        return Err(Error::InvalidArgument(format!(
            "the object path {path:?} is empty"
        )));
    }
    if key.split('/').any(|seg| seg == "." || seg == "..") {
        return Err(Error::InvalidArgument(format!(
            "the object path {path:?} has a `.` or `..` segment"
        )));
    }
    Ok(key)
}

/// Validates a bucket id: not empty, no `/`, not `.` or `..`.
pub(crate) fn bucket_id(id: &str) -> Result<&str, Error> {
    if id.is_empty() || id.contains('/') || id == "." || id == ".." {
        return Err(Error::InvalidArgument(format!(
            "invalid bucket id {id:?}: it must be non-empty, without `/`, and not `.` or `..`"
        )));
    }
    Ok(id)
}

/// Percent-encodes one path segment.
pub(crate) fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// Percent-encodes a key segment by segment, keeping the `/` between segments.
pub(crate) fn encode_key(key: &str) -> String {
    key.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// `{bucket}/{key}`, both encoded.
pub(crate) fn bucket_and_key(bucket: &str, key: &str) -> String {
    format!("{}/{}", encode_segment(bucket), encode_key(key))
}

/// The query-string escaping of a URL built from a server answer: what `encodeURI` escapes,
/// minus `%` (an existing escape stays as it is).
const QUERY: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// Escapes characters not allowed in a query string, keeping existing `%XX` escapes.
pub(crate) fn encode_query_text(query: &str) -> String {
    utf8_percent_encode(query, QUERY).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_collapses_and_strips_one_slash_each_side() {
        assert_eq!(
            object_key("/a//b/", Tidy::Clean).ok().as_deref(),
            Some("a/b")
        );
        assert_eq!(
            object_key("//a///b//", Tidy::Clean).ok().as_deref(),
            Some("a/b")
        );
        assert_eq!(
            object_key("///a", Tidy::StripLeading).ok().as_deref(),
            Some("a")
        );
        assert_eq!(
            object_key("a//b/", Tidy::StripLeading).ok().as_deref(),
            Some("a//b/")
        );
    }

    #[test]
    fn refuses_dot_segments_and_empty() {
        for bad in ["", "/", "//", "..", "a/../b", "./a", "a/.", "a/./b"] {
            assert!(object_key(bad, Tidy::Clean).is_err(), "{bad:?}");
            assert!(object_key(bad, Tidy::StripLeading).is_err(), "{bad:?}");
        }
        assert!(object_key("a/..b/.c", Tidy::Clean).is_ok());
    }

    #[test]
    fn encodes_each_segment() {
        assert_eq!(
            encode_key("a b/c#d?e%f/é.png"),
            "a%20b/c%23d%3Fe%25f/%C3%A9.png"
        );
        assert_eq!(encode_key("keep-_.~!$&'()*+,;=:@"), "keep-_.~!$&'()*+,;=:@");
        assert_eq!(encode_segment("x/y"), "x%2Fy");
    }
}
