//! The query pairs of a request being built, kept in one text buffer.
//!
//! Filters write their key and value straight into the buffer (no `String` per key, value or
//! formatted piece); each pair is two ranges into it. Rendering form-encodes the pairs into the
//! URL text in one pass.

use std::fmt::Write as _;

/// Query pairs in call order, `URLSearchParams` semantics: [`Params::append`] adds a pair,
/// [`Params::set`] replaces the first pair with that key and drops the others.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    /// Keys and values, back to back. A replaced value leaves its old text behind (unused).
    text: String,
    pairs: Vec<Pair>,
}

/// Byte ranges of one pair in [`Params::text`].
#[derive(Debug, Clone, Copy)]
struct Pair {
    key: (usize, usize),
    value: (usize, usize),
}

impl Params {
    /// Room for a typical chain (a select list and a handful of filters) without regrowing.
    pub(crate) fn with_capacity() -> Self {
        Params {
            text: String::with_capacity(192),
            pairs: Vec::with_capacity(8),
        }
    }

    fn key(&self, pair: &Pair) -> &str {
        self.text.get(pair.key.0..pair.key.1).unwrap_or_default()
    }

    fn value(&self, pair: &Pair) -> &str {
        self.text
            .get(pair.value.0..pair.value.1)
            .unwrap_or_default()
    }

    /// Appends `key=<what write puts in the buffer>` (filters: repeatable keys).
    pub(crate) fn append(&mut self, key: &str, write: impl FnOnce(&mut String)) {
        let key_start = self.text.len();
        self.text.push_str(key);
        let value_start = self.text.len();
        write(&mut self.text);
        self.pairs.push(Pair {
            key: (key_start, value_start),
            value: (value_start, self.text.len()),
        });
    }

    /// Appends `key=value`.
    #[cfg(test)]
    pub(crate) fn append_str(&mut self, key: &str, value: &str) {
        self.append(key, |buf| buf.push_str(value));
    }

    /// Sets `key` like `URLSearchParams.set`: the first pair with that key takes the new value
    /// in place and the others are dropped, or the pair is appended.
    pub(crate) fn set(&mut self, key: &str, write: impl FnOnce(&mut String)) {
        let first = self.pairs.iter().position(|p| self.key(p) == key);
        let value_start = self.text.len();
        write(&mut self.text);
        let value = (value_start, self.text.len());
        match first {
            Some(first) => {
                self.pairs[first].value = value;
                let text = &self.text;
                let mut index = 0;
                self.pairs.retain(|p| {
                    let keep = index <= first || text.get(p.key.0..p.key.1) != Some(key);
                    index += 1;
                    keep
                });
            }
            None => {
                let key_start = self.text.len();
                self.text.push_str(key);
                self.pairs.push(Pair {
                    key: (key_start, self.text.len()),
                    value,
                });
            }
        }
    }

    /// Sets `key` to its current value (of the first pair with that key), `separator`, and
    /// what `write` adds; or to what `write` adds when there is none (see [`Params::set`]).
    pub(crate) fn extend(&mut self, key: &str, separator: char, write: impl FnOnce(&mut String)) {
        let Some(current) = self.pairs.iter().find(|p| self.key(p) == key) else {
            return self.append(key, write);
        };
        let current = self.value(current).to_owned();
        self.set(key, |buf| {
            buf.push_str(&current);
            buf.push(separator);
            write(buf);
        });
    }

    /// Sets `key` to `value` (see [`Params::set`]).
    #[cfg(test)]
    pub(crate) fn set_str(&mut self, key: &str, value: &str) {
        self.set(key, |buf| buf.push_str(value));
    }

    /// Sets `key` to a number (see [`Params::set`]).
    pub(crate) fn set_u64(&mut self, key: &str, value: u64) {
        self.set(key, |buf| {
            let _ = write!(buf, "{value}");
        });
    }

    /// The pairs in order, decoded.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.pairs.iter().map(|p| (self.key(p), self.value(p)))
    }

    /// The number of pairs.
    pub(crate) fn len(&self) -> usize {
        self.pairs.len()
    }

    /// The total length of the keys and values, unencoded (a size hint for the URL).
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }
}

/// Appends `key=value` to a query string being written (`&` between pairs), form-encoded as
/// `URLSearchParams` and `form_urlencoded::Serializer::append_pair` do.
pub(crate) fn push_encoded_pair(out: &mut String, first: &mut bool, key: &str, value: &str) {
    if !std::mem::take(first) {
        out.push('&');
    }
    push_form_encoded(out, key);
    out.push('=');
    push_form_encoded(out, value);
}

/// `application/x-www-form-urlencoded` bytes, as `form_urlencoded::byte_serialize` writes them:
/// ASCII letters, digits and `*-._` as they are, space as `+`, any other byte as `%XX`. Runs
/// of plain bytes are copied at once.
fn push_form_encoded(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let run = plain_prefix(&bytes[start..]);
        // A plain run is ASCII (never inside a multi-byte character), so it is a `str` slice.
        if run > 0 {
            out.push_str(text.get(start..start + run).unwrap_or_default());
        }
        let at = start + run;
        match bytes.get(at) {
            Some(b' ') => out.push('+'),
            Some(&b) => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
            None => {}
        }
        start = at + 1;
    }
}

/// The length of the leading run of plain bytes, eight bytes per step while they all are.
fn plain_prefix(bytes: &[u8]) -> usize {
    let mut n = 0;
    for chunk in bytes.chunks_exact(8) {
        if !chunk
            .iter()
            .fold(true, |all, &b| all & PLAIN[usize::from(b)])
        {
            break;
        }
        n += 8;
    }
    n + bytes[n..]
        .iter()
        .position(|&b| !PLAIN[usize::from(b)])
        .unwrap_or(bytes.len() - n)
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The bytes `byte_serialize` leaves as they are.
static PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] =
            matches!(b as u8, b'*' | b'-' | b'.' | b'_' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z');
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &Params) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    #[test]
    fn set_replaces_the_first_and_drops_the_rest() {
        let mut p = Params::with_capacity();
        p.append_str("a", "1");
        p.append_str("b", "2");
        p.append_str("a", "3");
        p.set_str("a", "x");
        assert_eq!(
            pairs(&p),
            [("a".into(), "x".into()), ("b".into(), "2".into())]
        );
        p.set_u64("limit", 10);
        p.extend("a", ',', |buf| buf.push('y'));
        p.extend("new", ',', |buf| buf.push('z'));
        assert_eq!(
            pairs(&p),
            [
                ("a".into(), "x,y".into()),
                ("b".into(), "2".into()),
                ("limit".into(), "10".into()),
                ("new".into(), "z".into())
            ]
        );
        assert_eq!(p.len(), 4);
    }

    #[test]
    fn every_character_encodes_as_byte_serialize_does() {
        let mut all: String = (0u32..0x800).filter_map(char::from_u32).collect();
        all.push_str("😀 a\u{10FFFF}ß");
        for text in [all.as_str(), "plain", "", " ", "%", "é", "aé", "éa"] {
            let mut ours = String::new();
            push_form_encoded(&mut ours, text);
            let theirs: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn encoding_matches_the_form_serializer() {
        let cases = [
            ("select", "id,name"),
            ("name", "eq.a b+c&d=e"),
            ("naïve", "ilike.%land%"),
            ("x", ""),
            ("", "*"),
        ];
        let mut ours = String::new();
        let mut first = true;
        let mut theirs = form_urlencoded::Serializer::new(String::new());
        for (k, v) in cases {
            push_encoded_pair(&mut ours, &mut first, k, v);
            theirs.append_pair(k, v);
        }
        assert_eq!(ours, theirs.finish());
    }
}
