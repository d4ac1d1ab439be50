//! Literals checked at compile time: a string compared with an enum column names one of its
//! labels, and a cast literal (`'2024-01-31'::date`, `'active'::status`, `'5'::int`) parses as
//! its type. A cast of a parameter or literal must name a type of the column's kind.

use sqlparser::tokenizer::Span as SqlSpan;

use super::Lower;
use crate::query::error::{unknown, SqlError, SqlResult};
use crate::query::resolve::Col;

/// The kind of a type, for casts: values of one kind compare with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Number,
    Text,
    Bool,
    Date,
    Timestamp,
    Time,
    Uuid,
    Json,
}

fn kind(name: &str) -> Option<Kind> {
    let name = name.split('(').next().unwrap_or("").trim();
    Some(match name {
        "smallint" | "int2" | "int" | "integer" | "int4" | "bigint" | "int8" => Kind::Integer,
        "numeric" | "decimal" | "real" | "float4" | "double precision" | "float8" | "float"
        | "money" => Kind::Number,
        "text" | "varchar" | "character varying" | "char" | "character" | "bpchar" | "citext"
        | "name" => Kind::Text,
        "boolean" | "bool" => Kind::Bool,
        "date" => Kind::Date,
        "timestamp"
        | "timestamptz"
        | "timestamp with time zone"
        | "timestamp without time zone" => Kind::Timestamp,
        "time" | "timetz" | "time with time zone" | "time without time zone" => Kind::Time,
        "uuid" => Kind::Uuid,
        "json" | "jsonb" => Kind::Json,
        _ => return None,
    })
}

fn compatible(target: Kind, column: Kind) -> bool {
    target == column
        || matches!(
            (target, column),
            (Kind::Integer | Kind::Number, Kind::Integer | Kind::Number)
                | (Kind::Date | Kind::Timestamp, Kind::Date | Kind::Timestamp)
        )
}

fn digits(text: &str, len: usize) -> Option<u32> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD` with a real day of the month.
fn is_date(text: &str) -> bool {
    let mut parts = text.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `HH:MM[:SS[.fraction]]`, then an optional `Z` or `±HH[:MM]` offset.
fn is_time(text: &str) -> bool {
    let end = text.find(['Z', '+', '-']).unwrap_or(text.len());
    let (clock, zone) = text.split_at(end);
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || zone[1..]
            .split(':')
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()));
    let mut parts = clock.split(':');
    let (Some(h), Some(m)) = (parts.next(), parts.next()) else {
        return false;
    };
    let seconds_ok = match parts.next() {
        None => true,
        Some(s) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
            digits(whole, 2).is_some_and(|s| s < 60)
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
    };
    zone_ok
        && parts.next().is_none()
        && digits(h, 2).is_some_and(|h| h < 24)
        && digits(m, 2).is_some_and(|m| m < 60)
        && seconds_ok
}

fn is_timestamp(text: &str) -> bool {
    match text.split_once(['T', ' ']) {
        Some((date, time)) => is_date(date) && is_time(time.trim()),
        None => is_date(text),
    }
}

fn is_uuid(text: &str) -> bool {
    let hex: String = text.chars().filter(|&c| c != '-').collect();
    let groups: Vec<usize> = text.split('-').map(str::len).collect();
    hex.len() == 32
        && hex.chars().all(|c| c.is_ascii_hexdigit())
        && (groups == [32] || groups == [8, 4, 4, 4, 12])
}

/// Why `text` is not a value of `kind`, if it is not.
fn literal_error(text: &str, kind: Kind) -> Option<&'static str> {
    let ok = match kind {
        Kind::Integer => text.trim().parse::<i64>().is_ok(),
        Kind::Number => {
            text.trim().parse::<f64>().is_ok()
                || matches!(text.trim(), "NaN" | "Infinity" | "-Infinity")
        }
        Kind::Bool => matches!(
            text.trim().to_ascii_lowercase().as_str(),
            "t" | "f" | "true" | "false" | "yes" | "no" | "on" | "off" | "1" | "0"
        ),
        Kind::Date => is_date(text),
        Kind::Timestamp => is_timestamp(text),
        Kind::Time => is_time(text),
        Kind::Uuid => is_uuid(text),
        Kind::Json => serde_json::from_str::<serde_json::Value>(text).is_ok(),
        Kind::Text => true,
    };
    if ok {
        return None;
    }
    Some(match kind {
        Kind::Integer => "an integer",
        Kind::Number => "a number",
        Kind::Bool => "a boolean (true/false)",
        Kind::Date => "a date (YYYY-MM-DD)",
        Kind::Timestamp => "a timestamp (YYYY-MM-DD[ HH:MM[:SS[.ffffff]]][Z|±HH:MM])",
        Kind::Time => "a time (HH:MM[:SS[.ffffff]])",
        Kind::Uuid => "a uuid",
        Kind::Json => "valid JSON",
        Kind::Text => "text",
    })
}

impl Lower<'_> {
    /// The labels of the enum type `name` (`status` or `public.status`), if it is one.
    fn enum_labels(&self, name: &str) -> Option<&[String]> {
        let (schema, bare) = match name.rsplit_once('.') {
            Some((schema, bare)) => (Some(schema), bare),
            None => (None, name),
        };
        let bare = bare.trim_matches('"');
        self.catalog
            .model
            .schemas
            .iter()
            .filter(|s| schema.map_or(true, |schema| s.name == schema))
            .flat_map(|s| s.enums.iter())
            .find(|e| e.name == bare)
            .map(|e| e.labels.as_slice())
    }

    /// A string literal compared with `col`: a label of its enum, when it is an enum column.
    pub(super) fn check_text_literal(&self, text: &str, col: &Col, at: SqlSpan) -> SqlResult<()> {
        if let Some(labels) = self.enum_labels(&col.pg) {
            if !labels.iter().any(|l| l == text) {
                return Err(SqlError::new(
                    unknown(
                        "label",
                        text,
                        &format!(" of the enum `{}`", col.pg),
                        labels.iter().map(String::as_str),
                    ),
                    at,
                ));
            }
        }
        Ok(())
    }

    /// A cast to `target` of a value compared with `col` (`key`): the type is of the column's
    /// kind, and a literal (`literal`) parses as the type.
    pub(crate) fn check_cast(
        &self,
        target: &str,
        col: &Col,
        key: &str,
        literal: Option<&str>,
        at: SqlSpan,
    ) -> SqlResult<()> {
        if let Some(labels) = self.enum_labels(target) {
            let bare = target
                .rsplit('.')
                .next()
                .unwrap_or(target)
                .trim_matches('"');
            if bare != col.pg {
                return Err(SqlError::new(
                    format!(
                        "a value cast to the enum `{bare}` is compared with `{key}`, a column of type `{}`",
                        col.pg
                    ),
                    at,
                ));
            }
            if let Some(text) = literal {
                if !labels.iter().any(|l| l == text) {
                    return Err(SqlError::new(
                        unknown(
                            "label",
                            text,
                            &format!(" of the enum `{bare}`"),
                            labels.iter().map(String::as_str),
                        ),
                        at,
                    ));
                }
            }
            return Ok(());
        }
        let Some(target_kind) = kind(target) else {
            if target == col.pg {
                return Ok(());
            }
            return Err(SqlError::new(
                format!("a value cast to `{target}` is compared with `{key}`, a column of type `{}`; cast to the column's type or drop the cast", col.pg),
                at,
            ));
        };
        if let Some(column_kind) = kind(&col.pg) {
            if !compatible(target_kind, column_kind) {
                return Err(SqlError::new(
                    format!(
                        "a value cast to `{target}` is compared with `{key}`, a column of type `{}`",
                        col.pg
                    ),
                    at,
                ));
            }
        }
        if let Some(text) = literal {
            if let Some(expected) = literal_error(text, target_kind) {
                return Err(SqlError::new(
                    format!("'{text}' is not {expected}, so the cast to `{target}` fails"),
                    at,
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_forms() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(is_timestamp("2024-01-31 10:00:00+00"));
        assert!(is_timestamp("2024-01-31T10:00:00.123Z"));
        assert!(!is_timestamp("2024-01-31 25:00"));
        assert!(is_uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        assert!(!is_uuid("a0eebc99-9c0b-4ef8-bb6d"));
        assert_eq!(literal_error("12x", Kind::Integer), Some("an integer"));
        assert_eq!(literal_error("1.5", Kind::Number), None);
    }
}
