//! `interval`: months, days and microseconds, as Postgres keeps them.

use std::fmt;
use std::str::FromStr;

use super::parse_error::{text_serde, TypeParseError};

/// An `interval`: Postgres keeps months, days and microseconds apart (a month is not a fixed
/// number of days, nor a day of hours across a DST change). PostgREST sends the text form of
/// the default `IntervalStyle` (`postgres`): `1 year 2 mons 3 days 04:05:06.5`, `-1 mons`,
/// `-1 days +02:03:04`; this type parses it and prints the same form.
///
/// ```
/// use supabase_core::types::Interval;
///
/// let iv: Interval = serde_json::from_str(r#""1 day 02:03:04""#).unwrap();
/// assert_eq!(iv, Interval { months: 0, days: 1, microseconds: 7_384_000_000 });
/// assert_eq!(iv.to_string(), "1 day 02:03:04");
/// assert_eq!("-1 mons".parse::<Interval>().unwrap().months, -1);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Interval {
    /// Months (a year is 12).
    pub months: i32,
    /// Days.
    pub days: i32,
    /// Microseconds of the time part.
    pub microseconds: i64,
}

fn parse_time(token: &str, whole: &str) -> Result<i64, TypeParseError> {
    let err = |reason: &str| TypeParseError::new("interval", whole, reason);
    let (negative, unsigned) = match token.as_bytes().first() {
        Some(b'-') => (true, &token[1..]),
        Some(b'+') => (false, &token[1..]),
        _ => (false, token),
    };
    let mut parts = unsigned.split(':');
    let hours: i64 = parts
        .next()
        .and_then(|h| h.parse().ok())
        .ok_or_else(|| err("bad hours"))?;
    let minutes: i64 = parts
        .next()
        .and_then(|m| m.parse().ok())
        .ok_or_else(|| err("bad minutes"))?;
    let seconds = parts.next().unwrap_or("0");
    if parts.next().is_some() {
        return Err(err("too many `:`"));
    }
    let (whole_seconds, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let whole_seconds: i64 = whole_seconds.parse().map_err(|_| err("bad seconds"))?;
    if fraction.len() > 6 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err("bad fraction of a second"));
    }
    let micros: i64 = format!("{fraction:0<6}")
        .parse()
        .map_err(|_| err("bad fraction"))?;
    let total = ((hours * 60 + minutes) * 60 + whole_seconds) * 1_000_000 + micros;
    Ok(if negative { -total } else { total })
}

impl FromStr for Interval {
    type Err = TypeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = |reason: &str| TypeParseError::new("interval", text, reason);
        let mut interval = Interval::default();
        let mut tokens = text.split_whitespace().peekable();
        if tokens.peek().is_none() {
            return Err(err("empty"));
        }
        while let Some(token) = tokens.next() {
            if token.contains(':') {
                interval.microseconds += parse_time(token, text)?;
                continue;
            }
            let n: i32 = token.parse().map_err(|_| err("expected a number"))?;
            let unit = tokens
                .next()
                .ok_or_else(|| err("a number without a unit"))?;
            match unit {
                "year" | "years" => interval.months += n * 12,
                "mon" | "mons" => interval.months += n,
                "day" | "days" => interval.days += n,
                _ => return Err(err("unknown unit (only IntervalStyle `postgres` is read)")),
            }
        }
        Ok(interval)
    }
}

impl fmt::Display for Interval {
    /// IntervalStyle `postgres`, as Postgres prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let years = self.months / 12;
        let months = self.months % 12;
        let mut first = true;
        let mut negative_before = false;
        let mut field = |f: &mut fmt::Formatter<'_>, value: i64, unit: &str| -> fmt::Result {
            if value == 0 {
                return Ok(());
            }
            if !first {
                f.write_str(" ")?;
            }
            let sign = if negative_before && value > 0 {
                "+"
            } else {
                ""
            };
            let plural = if value == 1 { "" } else { "s" };
            write!(f, "{sign}{value} {unit}{plural}")?;
            negative_before |= value < 0;
            first = false;
            Ok(())
        };
        field(f, years.into(), "year")?;
        field(f, months.into(), "mon")?;
        field(f, self.days.into(), "day")?;
        let printed_any = years != 0 || months != 0 || self.days != 0;
        let negative_before = self.months < 0 || self.days < 0;
        if self.microseconds != 0 || !printed_any {
            if printed_any {
                f.write_str(" ")?;
            }
            let sign = if self.microseconds < 0 {
                "-"
            } else if negative_before {
                "+"
            } else {
                ""
            };
            let total = self.microseconds.unsigned_abs();
            let micros = total % 1_000_000;
            let seconds = total / 1_000_000;
            write!(
                f,
                "{sign}{:02}:{:02}:{:02}",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60
            )?;
            if micros != 0 {
                let fraction = format!("{micros:06}");
                write!(f, ".{}", fraction.trim_end_matches('0'))?;
            }
        }
        Ok(())
    }
}

text_serde!(Interval, "an interval such as \"1 day 02:03:04\"");

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn postgres_style_round_trip() {
        for text in [
            "00:00:00",
            "1 day 02:03:04",
            "-1 mons",
            "1 year 2 mons 3 days 04:05:06.5",
            "-1 days +02:03:04",
            "-2 years -00:00:00.000001",
            "100:00:00",
            "2 years",
        ] {
            let iv: Interval = text.parse().unwrap();
            assert_eq!(iv.to_string(), text);
        }
        assert!("1 fortnight".parse::<Interval>().is_err());
        assert!("P1D".parse::<Interval>().is_err());
        assert!("".parse::<Interval>().is_err());
    }
}
