//! Object keys and bucket ids: tidying, validation, and percent-encoding for URLs.
//!
//! The rule: a key either reaches the server exactly as the caller wrote it, or is refused
//! before any request with an error naming the offending character. Three facts fix it.
//!
//! 1. **What the server stores.** Supabase Storage accepts only ASCII letters, digits and
//!    `_/!-.*'() &$=@;:+,?` in object keys (and the same minus `/` in bucket ids, at most 100
//!    characters); anything else (`#`, `%`, `~`, `[`, controls, any non-ASCII character) is
//!    answered with `InvalidKey`. This client refuses those keys itself, naming the character.
//! 2. **How the server reads a URL path.** Storage runs on Fastify, whose router
//!    (find-my-way) cuts the path at the first `?` or `#`, and on deployments that enable
//!    it also at the first `;` (Fastify 4's default), treating the rest as the query string.
//!    It then decodes `%XX` escapes, including `%3F`, `%3B` and `%2F`, in the bucket and key
//!    parameters; a `+` stays a `+`. So `?` and `;` are always sent as `%3F` and `%3B`, and
//!    the space as `%20`; the other accepted punctuation goes as it is, as storage-js sends it.
//!    Sending `;` raw is what let `upload("dir/x;y.txt")` store `dir/x` on such a server.
//! 3. **What the URL parser does.** A `.` or `..` path segment is resolved away by every URL
//!    parser (also when written `%2E`), so such keys could never be addressed: they are
//!    refused, as are empty keys.
//!
//! Keys sent in JSON bodies (`remove`, `move_`, `copy`, `create_signed_urls`) go through the
//! same validation, so no call accepts a key another call could not reach.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};

use crate::Error;

/// The punctuation Supabase Storage accepts in object keys besides ASCII letters and digits
/// (its `isValidKey`).
pub(crate) const KEY_PUNCTUATION: &str = "_/!-.*'() &$=@;:+,?";

/// Bytes escaped inside one path segment: everything except ASCII letters, digits and the
/// punctuation that no URL parser or router on the way treats specially
/// (`-_.!*'()&$=@:+,`). `;`, `?`, space and `/` are escaped.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'&')
    .remove(b'$')
    .remove(b'=')
    .remove(b'@')
    .remove(b':')
    .remove(b'+')
    .remove(b',');

/// Whether Supabase Storage accepts `c` in an object key.
pub(crate) fn key_char_allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || KEY_PUNCTUATION.contains(c)
}

/// The first character of `text` the server refuses in a key (bucket ids also refuse `/`),
/// described for an error message.
fn refused_char(text: &str, bucket: bool) -> Option<String> {
    let (i, c) = text
        .chars()
        .enumerate()
        .find(|&(_, c)| !key_char_allowed(c) || (bucket && c == '/'))?;
    let shown = if c.is_control() || c == ' ' {
        format!("U+{:04X}", c as u32)
    } else {
        format!("`{c}` (U+{:04X})", c as u32)
    };
    Some(format!("{shown} at character {}", i + 1))
}

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
/// Refused with [`Error::InvalidArgument`]: an empty path, a `.` or `..` segment, and a
/// character the server does not accept in keys (named in the message).
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
            "the object path {path:?} has a `.` or `..` segment, which no URL can address"
        )));
    }
    if let Some(what) = refused_char(&key, false) {
        return Err(Error::InvalidArgument(format!(
            "the object key {key:?} has {what}, which Supabase Storage does not accept in \
             object keys (allowed: ASCII letters, digits and {KEY_PUNCTUATION})"
        )));
    }
    Ok(key)
}

/// Validates a bucket id: 1 to 100 characters the server accepts in bucket names (those of
/// keys without `/`), not `.` or `..`.
pub(crate) fn bucket_id(id: &str) -> Result<&str, Error> {
    if id.is_empty() || id.chars().count() > 100 || id == "." || id == ".." {
        return Err(Error::InvalidArgument(format!(
            "invalid bucket id {id:?}: it must have 1 to 100 characters and not be `.` or `..`"
        )));
    }
    if let Some(what) = refused_char(id, true) {
        return Err(Error::InvalidArgument(format!(
            "invalid bucket id {id:?}: it has {what}, which Supabase Storage does not accept in \
             bucket names (allowed: ASCII letters, digits and _!-.*'() &$=@;:+,?)"
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
    fn refuses_characters_the_server_refuses_naming_them() {
        for (bad, named) in [
            ("a#b", "`#` (U+0023) at character 2"),
            ("100%", "`%` (U+0025) at character 4"),
            ("x/é.png", "`é` (U+00E9) at character 3"),
            ("tab\there", "U+0009 at character 4"),
            ("a~b", "`~` (U+007E)"),
            ("[x]", "`[` (U+005B) at character 1"),
        ] {
            let e = match object_key(bad, Tidy::StripLeading) {
                Err(e) => e.to_string(),
                Ok(k) => panic!("{bad:?} accepted as {k:?}"),
            };
            assert!(e.contains(named), "{bad:?}: {e}");
        }
        assert!(object_key("a b/c;d?e+f&g=h$i@j:k,l!m*n'o(p)q-r_s.t", Tidy::Clean).is_ok());
        assert!(matches!(bucket_id("a/b"), Err(e) if e.to_string().contains("`/`")));
        assert!(bucket_id(&"a".repeat(101)).is_err());
        assert!(bucket_id(&"a".repeat(100)).is_ok());
        assert!(bucket_id("my bucket;1").is_ok());
    }

    #[test]
    fn encodes_each_segment() {
        assert_eq!(encode_key("a b/c;d?e+f/x.png"), "a%20b/c%3Bd%3Fe+f/x.png");
        assert_eq!(encode_key("keep-_.!$&'()*+,=:@"), "keep-_.!$&'()*+,=:@");
        assert_eq!(encode_key("a#b%c/é"), "a%23b%25c/%C3%A9");
        assert_eq!(encode_segment("x/y"), "x%2Fy");
    }
}
