//! `float4` / `float8`: numbers, except `NaN`, `Infinity` and `-Infinity`, which PostgREST
//! sends as JSON strings.

use std::fmt;

macro_rules! float_type {
    ($name:ident, $float:ty, $pg:literal, $example:literal) => {
        #[doc = concat!("A `", $pg, "` value: a JSON number, or the strings `\"NaN\"`, `\"Infinity\"` and")]
        /// `"-Infinity"` that PostgREST sends for the values JSON numbers cannot hold (and that
        /// this type sends back the same way).
        ///
        /// ```
        #[doc = concat!("use supabase_core::types::", stringify!($name), ";")]
        ///
        #[doc = concat!("let x: ", stringify!($name), " = serde_json::from_str(\"", $example, "\").unwrap();")]
        #[doc = concat!("assert_eq!(x.0, ", $example, ");")]
        #[doc = concat!("let inf: ", stringify!($name), " = serde_json::from_str(r#\"\"-Infinity\"\"#).unwrap();")]
        /// assert!(inf.0.is_infinite());
        /// assert_eq!(serde_json::to_string(&inf).unwrap(), r#""-Infinity""#);
        /// ```
        #[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
        pub struct $name(pub $float);

        impl From<$float> for $name {
            fn from(value: $float) -> Self {
                $name(value)
            }
        }

        impl From<$name> for $float {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl fmt::Display for $name {
            /// Postgres' spelling: `NaN`, `Infinity`, `-Infinity`, or the number.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if self.0.is_nan() {
                    f.write_str("NaN")
                } else if self.0.is_infinite() {
                    f.write_str(if self.0 > 0.0 { "Infinity" } else { "-Infinity" })
                } else {
                    write!(f, "{}", self.0)
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                if self.0.is_finite() {
                    serializer.serialize_some(&self.0)
                } else {
                    serializer.collect_str(self)
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct FloatVisitor;
                impl serde::de::Visitor<'_> for FloatVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a ", $pg, ": a number, \"NaN\", \"Infinity\" or \"-Infinity\""))
                    }
                    #[allow(clippy::cast_possible_truncation)]
                    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<$name, E> {
                        Ok($name(v as $float))
                    }
                    #[allow(clippy::cast_precision_loss)]
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$name, E> {
                        Ok($name(v as $float))
                    }
                    #[allow(clippy::cast_precision_loss)]
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$name, E> {
                        Ok($name(v as $float))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        match v {
                            "NaN" => Ok($name(<$float>::NAN)),
                            "Infinity" => Ok($name(<$float>::INFINITY)),
                            "-Infinity" => Ok($name(<$float>::NEG_INFINITY)),
                            other => other.parse().map($name).map_err(|_| {
                                E::invalid_value(serde::de::Unexpected::Str(other), &self)
                            }),
                        }
                    }
                }
                deserializer.deserialize_any(FloatVisitor)
            }
        }

        impl crate::PgValue for $name {
            fn pg_text(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Owned(self.to_string())
            }
        }
    };
}

float_type!(Float4, f32, "float4", "1.5");
float_type!(Float8, f64, "float8", "2.25");

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn numbers_and_special_strings() {
        let x: Float8 = serde_json::from_str("1e300").unwrap();
        assert_eq!(x.0, 1e300);
        let x: Float8 = serde_json::from_str("3").unwrap();
        assert_eq!(serde_json::to_string(&x).unwrap(), "3.0");
        let nan: Float4 = serde_json::from_str("\"NaN\"").unwrap();
        assert!(nan.0.is_nan());
        assert_eq!(serde_json::to_string(&nan).unwrap(), "\"NaN\"");
        let inf: Float8 = serde_json::from_str("\"Infinity\"").unwrap();
        assert_eq!(serde_json::to_value(inf).unwrap(), "Infinity");
        assert!(serde_json::from_str::<Float8>("\"nope\"").is_err());
        assert!(serde_json::from_str::<Float8>("true").is_err());
    }
}
