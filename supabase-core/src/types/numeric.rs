//! `numeric`: an exact decimal, kept as its text so no digit is lost.

use std::fmt;
use std::str::FromStr;

use serde_json::value::RawValue;

use super::parse_error::TypeParseError;

/// A `numeric` value, kept exactly as Postgres wrote it (`12345678901234567890.123456789`,
/// `-0.50`, `NaN`, `Infinity`, `-Infinity`): never converted through `f64`.
///
/// PostgREST sends a finite numeric as a JSON number; this type reads the number's own digits
/// (through `serde_json`'s raw values, so decode rows with `serde_json`) and writes them back as
/// the same JSON number. `NaN` and the infinities travel as JSON strings, as PostgREST sends
/// them. With feature `decimal` it converts to and from `rust_decimal::Decimal`.
///
/// ```
/// use supabase_core::types::Numeric;
///
/// let n: Numeric = serde_json::from_str("12345678901234567890.123456789").unwrap();
/// assert_eq!(serde_json::to_string(&n).unwrap(), "12345678901234567890.123456789");
/// let nan: Numeric = serde_json::from_str(r#""NaN""#).unwrap();
/// assert!(nan.is_nan());
/// assert_eq!("1.50".parse::<Numeric>().unwrap().as_str(), "1.50");
/// assert!("1.5.0".parse::<Numeric>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Numeric(String);

impl Numeric {
    /// The text, as Postgres (or the caller) wrote it.
    ///
    /// ```
    /// assert_eq!(supabase_core::types::Numeric::from(42_i64).as_str(), "42");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is `NaN`.
    ///
    /// ```
    /// assert!("NaN".parse::<supabase_core::types::Numeric>().unwrap().is_nan());
    /// ```
    pub fn is_nan(&self) -> bool {
        self.0 == "NaN"
    }

    /// Whether this is a number (not `NaN`, `Infinity` or `-Infinity`).
    ///
    /// ```
    /// assert!("-Infinity".parse::<supabase_core::types::Numeric>().map(|n| !n.is_finite()).unwrap());
    /// ```
    pub fn is_finite(&self) -> bool {
        !matches!(self.0.as_str(), "NaN" | "Infinity" | "-Infinity")
    }
}

/// Whether `text` is a decimal literal: sign, digits with an optional point, optional exponent.
fn is_decimal_literal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, frac),
        None => (mantissa, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.map_or(true, |e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    (!int.is_empty() || !frac.is_empty()) && digits(int) && digits(frac) && exponent_ok
}

impl FromStr for Numeric {
    type Err = TypeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "NaN" | "Infinity" | "-Infinity" => Ok(Numeric(text.to_owned())),
            _ if is_decimal_literal(text) => Ok(Numeric(text.to_owned())),
            _ => Err(TypeParseError::new(
                "numeric",
                text,
                "expected a decimal number, NaN, Infinity or -Infinity",
            )),
        }
    }
}

impl fmt::Display for Numeric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! from_int {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Numeric {
            fn from(value: $ty) -> Self {
                Numeric(value.to_string())
            }
        }
    )*};
}

from_int!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128);

impl serde::Serialize for Numeric {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.is_finite() {
            return serializer.serialize_str(&self.0);
        }
        // A JSON number needs a leading digit and no `+`: normalize what `FromStr` accepts.
        let mut text = self.0.trim_start_matches('+').to_owned();
        let digits_at = usize::from(text.starts_with('-'));
        if text[digits_at..].starts_with(['.', 'e', 'E']) {
            text.insert(digits_at, '0');
        }
        if let Some(i) = text.find(".e").or_else(|| text.find(".E")) {
            text.insert(i + 1, '0');
        }
        if text.ends_with('.') {
            text.push('0');
        }
        match RawValue::from_string(text) {
            Ok(raw) => raw.serialize(serializer),
            Err(_) => serializer.serialize_str(&self.0),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Numeric {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let raw = raw.get();
        if raw.starts_with('"') {
            let text: String = serde_json::from_str(raw).map_err(D::Error::custom)?;
            text.parse().map_err(D::Error::custom)
        } else {
            raw.parse().map_err(D::Error::custom)
        }
    }
}

impl crate::PgValue for Numeric {
    fn pg_text(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(&self.0)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn exact_digits() {
        for text in [
            "0",
            "-1.50",
            "1e5",
            "0.000000000000000000000000000001",
            "99999999999999999999999999999999999999.5",
        ] {
            let n: Numeric = serde_json::from_str(text).unwrap();
            assert_eq!(n.as_str(), text);
            assert_eq!(serde_json::to_string(&n).unwrap(), text);
        }
        let n: Numeric = serde_json::from_str("\"123.4\"").unwrap();
        assert_eq!(n.as_str(), "123.4");
        let n: Numeric = serde_json::from_value(serde_json::json!(12)).unwrap();
        assert_eq!(n.as_str(), "12");
        assert_eq!(
            serde_json::to_string(&".5".parse::<Numeric>().unwrap()).unwrap(),
            "0.5"
        );
        assert_eq!(
            serde_json::to_string(&"Infinity".parse::<Numeric>().unwrap()).unwrap(),
            "\"Infinity\""
        );
        assert!(serde_json::from_str::<Numeric>("true").is_err());
        assert!(serde_json::from_str::<Numeric>("\"abc\"").is_err());
        for bad in ["", "-", ".", "1e", "e5", "1..2", "0x10"] {
            assert!(bad.parse::<Numeric>().is_err(), "{bad}");
        }
    }
}
