//! The error of parsing a Postgres text form.

/// A Postgres text form that does not parse as the expected type.
///
/// ```
/// use supabase_core::types::{Bytea, TypeParseError};
/// let err: TypeParseError = "deadbeef".parse::<Bytea>().unwrap_err();
/// assert!(err.to_string().contains("bytea"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error("invalid {type_name} text {text:?}: {reason}")]
pub struct TypeParseError {
    /// The Postgres type that was expected (`bytea`, `interval`, ...).
    pub type_name: &'static str,
    /// The text that did not parse.
    pub text: String,
    /// Why it did not parse.
    pub reason: String,
}

impl TypeParseError {
    pub(crate) fn new(type_name: &'static str, text: &str, reason: impl Into<String>) -> Self {
        TypeParseError {
            type_name,
            text: text.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Implements `Serialize`/`Deserialize` as a JSON string of the type's `Display`/`FromStr` text,
/// and `PgValue` with the same text.
macro_rules! text_serde {
    ($ty:ty, $expecting:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct TextVisitor;
                impl serde::de::Visitor<'_> for TextVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(TextVisitor)
            }
        }

        impl crate::PgValue for $ty {
            fn pg_text(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Owned(self.to_string())
            }
        }
    };
}

pub(crate) use text_serde;
