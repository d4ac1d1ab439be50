//! `bytea`: bytes, sent by PostgREST as `\x` followed by hex digits.

use std::fmt;
use std::str::FromStr;

use super::parse_error::{text_serde, TypeParseError};

/// A `bytea` value. PostgREST sends and reads it as text in Postgres' hex format
/// (`"\\xdeadbeef"` in JSON); this type decodes that text into bytes and encodes it back.
///
/// ```
/// use supabase_core::types::Bytea;
///
/// let b: Bytea = serde_json::from_str(r#""\\x00ff""#).unwrap();
/// assert_eq!(b.as_slice(), [0x00, 0xff]);
/// assert_eq!(serde_json::to_string(&b).unwrap(), r#""\\x00ff""#);
/// assert_eq!(Bytea::from(vec![1, 2]).to_string(), "\\x0102");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bytea(pub Vec<u8>);

impl Bytea {
    /// The bytes.
    ///
    /// ```
    /// assert!(supabase_core::types::Bytea::default().as_slice().is_empty());
    /// ```
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, owned.
    ///
    /// ```
    /// assert_eq!(supabase_core::types::Bytea(vec![7]).into_vec(), [7]);
    /// ```
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }
}

impl From<Vec<u8>> for Bytea {
    fn from(bytes: Vec<u8>) -> Self {
        Bytea(bytes)
    }
}

impl From<&[u8]> for Bytea {
    fn from(bytes: &[u8]) -> Self {
        Bytea(bytes.to_vec())
    }
}

impl AsRef<[u8]> for Bytea {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Display for Bytea {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\\x")?;
        for byte in &self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl FromStr for Bytea {
    type Err = TypeParseError;

    /// Parses the hex format (`\x` then pairs of hex digits; Postgres also allows whitespace
    /// between pairs).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let hex = text.strip_prefix("\\x").ok_or_else(|| {
            TypeParseError::new("bytea", text, "expected the hex format, starting with \\x")
        })?;
        let digits: Vec<u8> = hex.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        if digits.len() % 2 != 0 {
            return Err(TypeParseError::new(
                "bytea",
                text,
                "odd number of hex digits",
            ));
        }
        digits
            .chunks(2)
            .map(|pair| match (hex_digit(pair[0]), hex_digit(pair[1])) {
                (Some(hi), Some(lo)) => Ok(hi << 4 | lo),
                _ => Err(TypeParseError::new("bytea", text, "not a hex digit")),
            })
            .collect::<Result<Vec<u8>, _>>()
            .map(Bytea)
    }
}

text_serde!(Bytea, "bytea hex text such as \"\\\\xdeadbeef\"");

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hex_round_trip() {
        let b: Bytea = "\\xDEADbeef".parse().unwrap();
        assert_eq!(b.0, [0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(b.to_string(), "\\xdeadbeef");
        assert_eq!("\\x".parse::<Bytea>().unwrap(), Bytea(vec![]));
        assert!("\\x0".parse::<Bytea>().is_err());
        assert!("\\xzz".parse::<Bytea>().is_err());
        assert!("abc".parse::<Bytea>().is_err());
    }
}
