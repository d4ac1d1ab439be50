//! `macaddr` and `macaddr8`: hardware addresses.

use std::fmt;
use std::str::FromStr;

use super::parse_error::{text_serde, TypeParseError};

fn parse_hex_bytes<const N: usize>(
    type_name: &'static str,
    text: &str,
) -> Result<[u8; N], TypeParseError> {
    let digits: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b':' | b'-' | b'.'))
        .collect();
    if digits.len() != N * 2 {
        return Err(TypeParseError::new(
            type_name,
            text,
            format!("expected {N} bytes"),
        ));
    }
    let mut out = [0u8; N];
    for (slot, pair) in out.iter_mut().zip(digits.chunks(2)) {
        let pair = std::str::from_utf8(pair)
            .map_err(|_| TypeParseError::new(type_name, text, "not hex"))?;
        *slot = u8::from_str_radix(pair, 16)
            .map_err(|_| TypeParseError::new(type_name, text, "not hex"))?;
    }
    Ok(out)
}

fn write_colons(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            f.write_str(":")?;
        }
        write!(f, "{b:02x}")?;
    }
    Ok(())
}

/// A `macaddr` (6 bytes), printed `08:00:2b:01:02:03` as Postgres does; the input forms
/// Postgres accepts with `:`, `-` or `.` separators parse too.
///
/// ```
/// use supabase_core::types::MacAddr;
/// let mac: MacAddr = serde_json::from_str(r#""08:00:2b:01:02:03""#).unwrap();
/// assert_eq!(mac.0, [8, 0, 0x2b, 1, 2, 3]);
/// assert_eq!("0800.2b01.0203".parse::<MacAddr>().unwrap(), mac);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MacAddr(pub [u8; 6]);

impl FromStr for MacAddr {
    type Err = TypeParseError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_hex_bytes("macaddr", text).map(MacAddr)
    }
}

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_colons(f, &self.0)
    }
}

text_serde!(MacAddr, "a macaddr such as \"08:00:2b:01:02:03\"");

/// A `macaddr8` (8 bytes, EUI-64), printed `08:00:2b:01:02:03:04:05`.
///
/// ```
/// use supabase_core::types::MacAddr8;
/// let mac: MacAddr8 = "08:00:2b:01:02:03:04:05".parse().unwrap();
/// assert_eq!(mac.to_string(), "08:00:2b:01:02:03:04:05");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MacAddr8(pub [u8; 8]);

impl FromStr for MacAddr8 {
    type Err = TypeParseError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_hex_bytes("macaddr8", text).map(MacAddr8)
    }
}

impl fmt::Display for MacAddr8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_colons(f, &self.0)
    }
}

text_serde!(MacAddr8, "a macaddr8 such as \"08:00:2b:01:02:03:04:05\"");
