//! The Postgres text form of the element types of ranges.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::{Numeric, TypeParseError};

/// A type with a Postgres text form, as it appears inside a range (`[2024-01-01 10:00:00+00,)`).
///
/// Implemented for the subtypes of the built-in range types: `i32`, `i64`, [`Numeric`],
/// `chrono::NaiveDate`, `chrono::NaiveDateTime` and `chrono::DateTime<Utc>`.
///
/// ```
/// use supabase_core::types::{chrono::{DateTime, Utc}, PgText};
///
/// let t = DateTime::<Utc>::from_pg_text("2024-01-01 10:00:00+00").unwrap();
/// assert_eq!(t.to_pg_text(), "2024-01-01 10:00:00+00");
/// assert_eq!(i32::from_pg_text("-5").unwrap(), -5);
/// ```
pub trait PgText: Sized {
    /// Parses Postgres' text form.
    ///
    /// # Errors
    ///
    /// When the text is not a value of the type.
    ///
    /// ```
    /// use supabase_core::types::PgText;
    /// assert!(i64::from_pg_text("x").is_err());
    /// ```
    fn from_pg_text(text: &str) -> Result<Self, TypeParseError>;

    /// Writes Postgres' text form.
    ///
    /// ```
    /// use supabase_core::types::PgText;
    /// assert_eq!(7_i64.to_pg_text(), "7");
    /// ```
    fn to_pg_text(&self) -> String;
}

macro_rules! int_text {
    ($($ty:ty => $pg:literal),*) => {$(
        impl PgText for $ty {
            fn from_pg_text(text: &str) -> Result<Self, TypeParseError> {
                text.trim().parse().map_err(|e: std::num::ParseIntError| {
                    TypeParseError::new($pg, text, e.to_string())
                })
            }
            fn to_pg_text(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

int_text!(i32 => "int4", i64 => "int8");

impl PgText for Numeric {
    fn from_pg_text(text: &str) -> Result<Self, TypeParseError> {
        text.trim().parse()
    }
    fn to_pg_text(&self) -> String {
        self.as_str().to_owned()
    }
}

impl PgText for NaiveDate {
    fn from_pg_text(text: &str) -> Result<Self, TypeParseError> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|e| TypeParseError::new("date", text, e.to_string()))
    }
    fn to_pg_text(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

impl PgText for NaiveDateTime {
    fn from_pg_text(text: &str) -> Result<Self, TypeParseError> {
        NaiveDateTime::parse_from_str(&text.trim().replacen('T', " ", 1), "%Y-%m-%d %H:%M:%S%.f")
            .map_err(|e| TypeParseError::new("timestamp", text, e.to_string()))
    }
    fn to_pg_text(&self) -> String {
        self.format("%Y-%m-%d %H:%M:%S%.f").to_string()
    }
}

impl PgText for DateTime<Utc> {
    fn from_pg_text(text: &str) -> Result<Self, TypeParseError> {
        DateTime::parse_from_str(
            &text.trim().replacen('T', " ", 1),
            "%Y-%m-%d %H:%M:%S%.f%#z",
        )
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| TypeParseError::new("timestamptz", text, e.to_string()))
    }
    fn to_pg_text(&self) -> String {
        self.format("%Y-%m-%d %H:%M:%S%.f+00").to_string()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn chrono_text_forms() {
        let t = NaiveDateTime::from_pg_text("2024-02-29 13:45:30.5").unwrap();
        assert_eq!(t.to_pg_text(), "2024-02-29 13:45:30.500");
        let t = DateTime::<Utc>::from_pg_text("2024-01-01 12:00:00+05:30").unwrap();
        assert_eq!(t.to_pg_text(), "2024-01-01 06:30:00+00");
        let t = DateTime::<Utc>::from_pg_text("2024-01-01T12:00:00.25-02").unwrap();
        assert_eq!(t.to_pg_text(), "2024-01-01 14:00:00.250+00");
        assert!(NaiveDate::from_pg_text("2024-02-30").is_err());
        assert_eq!(
            NaiveDate::from_pg_text("0001-01-01").unwrap().to_pg_text(),
            "0001-01-01"
        );
    }
}
