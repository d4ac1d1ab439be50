//! Dates and timestamps that may be `infinity` or `-infinity`.

use std::fmt;

use super::{PgText, TypeParseError};

/// A `date`, `timestamp` or `timestamptz` value: Postgres allows `infinity` and `-infinity`
/// besides real values, and PostgREST sends them as those strings. Real values go through the
/// chrono type's own serde (ISO 8601, as PostgREST sends them).
///
/// ```
/// use supabase_core::types::{chrono::NaiveDate, Infinite};
///
/// let d: Infinite<NaiveDate> = serde_json::from_str(r#""infinity""#).unwrap();
/// assert_eq!(d, Infinite::Infinity);
/// let d: Infinite<NaiveDate> = serde_json::from_str(r#""2024-02-29""#).unwrap();
/// assert_eq!(d.value().map(|d| d.to_string()).as_deref(), Some("2024-02-29"));
/// assert_eq!(serde_json::to_string(&d).unwrap(), r#""2024-02-29""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Infinite<T> {
    /// `-infinity`: before every value.
    NegInfinity,
    /// A real value.
    Value(T),
    /// `infinity`: after every value.
    Infinity,
}

impl<T> Infinite<T> {
    /// The real value, `None` for the infinities.
    ///
    /// ```
    /// use supabase_core::types::Infinite;
    /// assert_eq!(Infinite::Value(3).value(), Some(&3));
    /// assert_eq!(Infinite::<i32>::Infinity.value(), None);
    /// ```
    pub fn value(&self) -> Option<&T> {
        match self {
            Infinite::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The real value, owned; `None` for the infinities.
    ///
    /// ```
    /// use supabase_core::types::Infinite;
    /// assert_eq!(Infinite::Value(3).into_value(), Some(3));
    /// ```
    pub fn into_value(self) -> Option<T> {
        match self {
            Infinite::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Infinite<T> {
    fn from(value: T) -> Self {
        Infinite::Value(value)
    }
}

impl<T: PgText> PgText for Infinite<T> {
    fn from_pg_text(text: &str) -> Result<Self, TypeParseError> {
        match text.trim() {
            "infinity" => Ok(Infinite::Infinity),
            "-infinity" => Ok(Infinite::NegInfinity),
            other => T::from_pg_text(other).map(Infinite::Value),
        }
    }
    fn to_pg_text(&self) -> String {
        match self {
            Infinite::NegInfinity => "-infinity".to_owned(),
            Infinite::Value(v) => v.to_pg_text(),
            Infinite::Infinity => "infinity".to_owned(),
        }
    }
}

impl<T: fmt::Display> fmt::Display for Infinite<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Infinite::NegInfinity => f.write_str("-infinity"),
            Infinite::Value(v) => v.fmt(f),
            Infinite::Infinity => f.write_str("infinity"),
        }
    }
}

impl<T: serde::Serialize> serde::Serialize for Infinite<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Infinite::NegInfinity => serializer.serialize_str("-infinity"),
            Infinite::Value(v) => v.serialize(serializer),
            Infinite::Infinity => serializer.serialize_str("infinity"),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> serde::Deserialize<'de> for Infinite<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::IntoDeserializer;
        let text = String::deserialize(deserializer)?;
        match text.as_str() {
            "infinity" => Ok(Infinite::Infinity),
            "-infinity" => Ok(Infinite::NegInfinity),
            other => {
                let value: Result<T, serde::de::value::Error> =
                    T::deserialize(other.into_deserializer());
                value.map(Infinite::Value).map_err(serde::de::Error::custom)
            }
        }
    }
}

impl<T: fmt::Display> crate::PgValue for Infinite<T> {
    fn pg_text(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(self.to_string())
    }
}
