//! `numeric` as `rust_decimal::Decimal` (feature `decimal`).

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use super::{Numeric, TypeParseError};

impl Numeric {
    /// The value as a `rust_decimal::Decimal`.
    ///
    /// # Errors
    ///
    /// When the value is `NaN` or infinite, or has more digits than a `Decimal` holds (28 or
    /// 29 significant digits): never rounded silently.
    ///
    /// ```
    /// use supabase_core::types::Numeric;
    /// let n: Numeric = "12.50".parse().unwrap();
    /// assert_eq!(n.to_decimal().unwrap().to_string(), "12.50");
    /// assert!("NaN".parse::<Numeric>().unwrap().to_decimal().is_err());
    /// ```
    pub fn to_decimal(&self) -> Result<rust_decimal::Decimal, TypeParseError> {
        if !self.is_finite() {
            return Err(TypeParseError::new(
                "numeric",
                self.as_str(),
                "rust_decimal::Decimal has no NaN or infinity",
            ));
        }
        let parsed = if self.as_str().contains(['e', 'E']) {
            rust_decimal::Decimal::from_scientific(self.as_str())
        } else {
            rust_decimal::Decimal::from_str_exact(self.as_str())
        };
        parsed.map_err(|e| TypeParseError::new("numeric", self.as_str(), e.to_string()))
    }
}

impl From<rust_decimal::Decimal> for Numeric {
    fn from(value: rust_decimal::Decimal) -> Self {
        Numeric::from_str(&value.to_string()).unwrap_or_else(|_| unreachable_numeric())
    }
}

#[cold]
fn unreachable_numeric() -> Numeric {
    // `Decimal`'s Display always writes a decimal literal.
    Numeric::from(0_i8)
}

/// A `numeric` as a `rust_decimal::Decimal` (feature `decimal`), read exactly from PostgREST's
/// JSON number (through [`Numeric`]): a value a `Decimal` cannot hold (`NaN`, infinity, too many
/// digits) is an error, not a rounded number. Dereferences to the `Decimal`.
///
/// ```
/// use supabase_core::types::Decimal;
/// let d: Decimal = serde_json::from_str("1234567890123456789.123456789").unwrap();
/// assert_eq!(d.to_string(), "1234567890123456789.123456789");
/// assert_eq!(serde_json::to_string(&d).unwrap(), "1234567890123456789.123456789");
/// assert!(serde_json::from_str::<Decimal>(r#""NaN""#).is_err());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Decimal(pub rust_decimal::Decimal);

impl Deref for Decimal {
    type Target = rust_decimal::Decimal;
    fn deref(&self) -> &rust_decimal::Decimal {
        &self.0
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Decimal(value)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Numeric::from(self.0).serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let numeric = Numeric::deserialize(deserializer)?;
        numeric
            .to_decimal()
            .map(Decimal)
            .map_err(serde::de::Error::custom)
    }
}

impl crate::PgValue for Decimal {
    fn pg_text(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(self.0.to_string())
    }
}
