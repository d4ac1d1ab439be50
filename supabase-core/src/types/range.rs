//! Range types (`int4range`, `tstzrange`, ...) in PostgREST's text form: `[1,10)`, `empty`.

use std::fmt;
use std::ops::Bound;
use std::str::FromStr;

use super::{PgText, TypeParseError};

/// A value of a range type: `empty`, or a lower and an upper bound, each inclusive (`[`, `]`),
/// exclusive (`(`, `)`) or absent (unbounded). PostgREST sends ranges as their text form
/// (`"[1,10)"`, `"[\"2024-01-01 10:00:00+00\",\"2024-01-01 12:00:00+00\")"`, `"empty"`,
/// `"(,5]"`), which this type parses and prints back.
///
/// `T` is the range's subtype: `i32` (`int4range`), `i64` (`int8range`), [`super::Numeric`]
/// (`numrange`), `chrono::NaiveDate` (`daterange`), `chrono::NaiveDateTime` (`tsrange`),
/// `chrono::DateTime<Utc>` (`tstzrange`).
///
/// ```
/// use std::ops::Bound;
/// use supabase_core::types::PgRange;
///
/// let r: PgRange<i32> = serde_json::from_str(r#""[1,10)""#).unwrap();
/// assert_eq!(r, PgRange::new(Bound::Included(1), Bound::Excluded(10)));
/// assert!(r.contains(&9) && !r.contains(&10));
/// let open: PgRange<i64> = "(,5]".parse().unwrap();
/// assert_eq!(open.to_string(), "(,5]");
/// assert_eq!("empty".parse::<PgRange<i32>>().unwrap(), PgRange::Empty);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PgRange<T> {
    /// The empty range (`empty`).
    Empty,
    /// A non-empty range.
    Bounds {
        /// The lower bound.
        lower: Bound<T>,
        /// The upper bound.
        upper: Bound<T>,
    },
}

impl<T> PgRange<T> {
    /// A range with these bounds.
    ///
    /// ```
    /// use std::ops::Bound;
    /// let r = supabase_core::types::PgRange::new(Bound::Unbounded, Bound::Excluded(3));
    /// assert_eq!(r.to_string(), "(,3)");
    /// ```
    pub fn new(lower: Bound<T>, upper: Bound<T>) -> Self {
        PgRange::Bounds { lower, upper }
    }

    /// Whether this is the empty range.
    ///
    /// ```
    /// assert!(supabase_core::types::PgRange::<i32>::Empty.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        matches!(self, PgRange::Empty)
    }

    /// The lower bound (`None` for the empty range).
    ///
    /// ```
    /// use std::ops::Bound;
    /// let r: supabase_core::types::PgRange<i32> = "[1,2)".parse().unwrap();
    /// assert_eq!(r.lower(), Some(&Bound::Included(1)));
    /// ```
    pub fn lower(&self) -> Option<&Bound<T>> {
        match self {
            PgRange::Empty => None,
            PgRange::Bounds { lower, .. } => Some(lower),
        }
    }

    /// The upper bound (`None` for the empty range).
    ///
    /// ```
    /// use std::ops::Bound;
    /// let r: supabase_core::types::PgRange<i32> = "[1,2)".parse().unwrap();
    /// assert_eq!(r.upper(), Some(&Bound::Excluded(2)));
    /// ```
    pub fn upper(&self) -> Option<&Bound<T>> {
        match self {
            PgRange::Empty => None,
            PgRange::Bounds { upper, .. } => Some(upper),
        }
    }
}

impl<T: PartialOrd> PgRange<T> {
    /// Whether `value` lies in the range.
    ///
    /// ```
    /// let r: supabase_core::types::PgRange<i64> = "(1,3]".parse().unwrap();
    /// assert!(!r.contains(&1) && r.contains(&3));
    /// ```
    pub fn contains(&self, value: &T) -> bool {
        match self {
            PgRange::Empty => false,
            PgRange::Bounds { lower, upper } => {
                let above = match lower {
                    Bound::Included(l) => value >= l,
                    Bound::Excluded(l) => value > l,
                    Bound::Unbounded => true,
                };
                let below = match upper {
                    Bound::Included(u) => value <= u,
                    Bound::Excluded(u) => value < u,
                    Bound::Unbounded => true,
                };
                above && below
            }
        }
    }
}

/// Splits the text of one bound: double-quoted with `""`/`\` escapes, or bare up to the
/// delimiter. Returns the bound's text (`None` when empty: unbounded) and the rest.
fn bound<'a>(
    text: &'a str,
    whole: &str,
    delimiters: &[char],
) -> Result<(Option<String>, &'a str), TypeParseError> {
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    let mut quoted_any = false;
    while let Some(&(i, c)) = chars.peek() {
        match c {
            '"' => {
                quoted_any = true;
                chars.next();
                loop {
                    match chars.next() {
                        Some((_, '"')) if chars.peek().map(|&(_, c)| c) == Some('"') => {
                            chars.next();
                            out.push('"');
                        }
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.next() {
                            Some((_, escaped)) => out.push(escaped),
                            None => {
                                return Err(TypeParseError::new(
                                    "range",
                                    whole,
                                    "unfinished escape",
                                ))
                            }
                        },
                        Some((_, other)) => out.push(other),
                        None => {
                            return Err(TypeParseError::new("range", whole, "unterminated quote"))
                        }
                    }
                }
            }
            '\\' => {
                chars.next();
                match chars.next() {
                    Some((_, escaped)) => out.push(escaped),
                    None => return Err(TypeParseError::new("range", whole, "unfinished escape")),
                }
            }
            c if delimiters.contains(&c) => {
                let value = (quoted_any || !out.is_empty()).then_some(out);
                return Ok((value, &text[i..]));
            }
            other => {
                chars.next();
                out.push(other);
            }
        }
    }
    Err(TypeParseError::new(
        "range",
        whole,
        "missing bound delimiter",
    ))
}

impl<T: PgText> FromStr for PgRange<T> {
    type Err = TypeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        if trimmed.eq_ignore_ascii_case("empty") {
            return Ok(PgRange::Empty);
        }
        let (lower_inclusive, rest) = match trimmed.chars().next() {
            Some('[') => (true, &trimmed[1..]),
            Some('(') => (false, &trimmed[1..]),
            _ => {
                return Err(TypeParseError::new(
                    "range",
                    text,
                    "expected `[`, `(` or `empty`",
                ))
            }
        };
        let (lower, rest) = bound(rest, text, &[','])?;
        let rest = &rest[1..];
        let (upper, rest) = bound(rest, text, &[']', ')'])?;
        let upper_inclusive = rest.starts_with(']');
        if !rest[1..].trim().is_empty() {
            return Err(TypeParseError::new("range", text, "text after the range"));
        }
        let to_bound =
            |value: Option<String>, inclusive: bool| -> Result<Bound<T>, TypeParseError> {
                Ok(match value {
                    None => Bound::Unbounded,
                    Some(v) if inclusive => Bound::Included(T::from_pg_text(&v)?),
                    Some(v) => Bound::Excluded(T::from_pg_text(&v)?),
                })
            };
        Ok(PgRange::Bounds {
            lower: to_bound(lower, lower_inclusive)?,
            upper: to_bound(upper, upper_inclusive)?,
        })
    }
}

fn write_bound(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    let needs_quotes = text.is_empty()
        || text
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\\' | ',' | '(' | ')' | '[' | ']'));
    if !needs_quotes {
        return f.write_str(text);
    }
    f.write_str("\"")?;
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}

impl<T: PgText> fmt::Display for PgRange<T> {
    /// Postgres' text form; bounds with spaces or delimiters are double-quoted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (lower, upper) = match self {
            PgRange::Empty => return f.write_str("empty"),
            PgRange::Bounds { lower, upper } => (lower, upper),
        };
        match lower {
            Bound::Included(v) => {
                f.write_str("[")?;
                write_bound(f, &v.to_pg_text())?;
            }
            Bound::Excluded(v) => {
                f.write_str("(")?;
                write_bound(f, &v.to_pg_text())?;
            }
            Bound::Unbounded => f.write_str("(")?,
        }
        f.write_str(",")?;
        match upper {
            Bound::Included(v) => {
                write_bound(f, &v.to_pg_text())?;
                f.write_str("]")
            }
            Bound::Excluded(v) => {
                write_bound(f, &v.to_pg_text())?;
                f.write_str(")")
            }
            Bound::Unbounded => f.write_str(")"),
        }
    }
}

impl<T: PgText> serde::Serialize for PgRange<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, T: PgText> serde::Deserialize<'de> for PgRange<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl<T: PgText> crate::PgValue for PgRange<T> {
    fn pg_text(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(self.to_string())
    }
}

#[cfg(feature = "postgrest")]
impl<C, T> crate::RangeValue<C> for PgRange<T> {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::{DateTime, NaiveDate, Utc};

    #[test]
    fn text_forms() {
        let r: PgRange<DateTime<Utc>> = "[\"2024-01-01 10:00:00+00\",\"2024-01-01 12:00:00+00\")"
            .parse()
            .unwrap();
        assert_eq!(
            r.to_string(),
            "[\"2024-01-01 10:00:00+00\",\"2024-01-01 12:00:00+00\")"
        );
        let r: PgRange<NaiveDate> = "[2024-01-01,)".parse().unwrap();
        assert_eq!(r.upper(), Some(&Bound::Unbounded));
        assert_eq!(r.to_string(), "[2024-01-01,)");
        let r: PgRange<i32> = "(,)".parse().unwrap();
        assert!(r.contains(&i32::MIN));
        let r: PgRange<super::super::Numeric> = "[1.5,2.25]".parse().unwrap();
        assert_eq!(r.to_string(), "[1.5,2.25]");
        for bad in ["", "[1,2", "1,2)", "[1;2)", "[1,2)x", "[a,2)", "[\"1,2)"] {
            assert!(bad.parse::<PgRange<i32>>().is_err(), "{bad}");
        }
    }
}
