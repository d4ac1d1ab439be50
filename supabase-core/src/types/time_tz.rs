//! `timetz`: a time of day with a UTC offset.

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveTime};

use super::parse_error::{text_serde, TypeParseError};

/// A `time with time zone`: a time of day and a fixed UTC offset. PostgREST sends
/// `"13:45:30.5+02:00"`; Postgres' text form `13:45:30.5+02` parses too.
///
/// ```
/// use supabase_core::types::TimeTz;
///
/// let t: TimeTz = serde_json::from_str(r#""13:45:30.5+02:00""#).unwrap();
/// assert_eq!(t.offset.local_minus_utc(), 7200);
/// assert_eq!(t.to_string(), "13:45:30.5+02:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeTz {
    /// The local time of day.
    pub time: NaiveTime,
    /// The offset from UTC.
    pub offset: FixedOffset,
}

impl FromStr for TimeTz {
    type Err = TypeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = |reason: String| TypeParseError::new("timetz", text, reason);
        let at = text
            .rfind(['+', '-'])
            .ok_or_else(|| err("missing UTC offset".to_owned()))?;
        let time = NaiveTime::parse_from_str(text[..at].trim(), "%H:%M:%S%.f")
            .map_err(|e| err(e.to_string()))?;
        let sign = if text[at..].starts_with('-') { -1 } else { 1 };
        let mut seconds = 0;
        let mut parts = text[at + 1..].split(':');
        for unit in [3600, 60, 1] {
            if let Some(part) = parts.next() {
                let n: i32 = part.parse().map_err(|_| err("bad UTC offset".to_owned()))?;
                seconds += n * unit;
            }
        }
        if parts.next().is_some() {
            return Err(err("bad UTC offset".to_owned()));
        }
        let offset = FixedOffset::east_opt(sign * seconds)
            .ok_or_else(|| err("UTC offset out of range".to_owned()))?;
        Ok(TimeTz { time, offset })
    }
}

impl fmt::Display for TimeTz {
    /// `HH:MM:SS[.fraction]±HH:MM[:SS]`, as PostgREST sends it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.time.format("%H:%M:%S"))?;
        let nanos = self.time.format("%f").to_string();
        let fraction = nanos.trim_end_matches('0');
        if !fraction.is_empty() {
            write!(f, ".{fraction}")?;
        }
        let secs = self.offset.local_minus_utc();
        let sign = if secs < 0 { '-' } else { '+' };
        let secs = secs.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", secs / 3600, secs / 60 % 60)?;
        if secs % 60 != 0 {
            write!(f, ":{:02}", secs % 60)?;
        }
        Ok(())
    }
}

text_serde!(TimeTz, "a time with UTC offset such as \"13:45:30+02:00\"");

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn offsets() {
        assert_eq!(
            "00:00:00-03:30".parse::<TimeTz>().unwrap().to_string(),
            "00:00:00-03:30"
        );
        assert_eq!(
            "10:00:00+05".parse::<TimeTz>().unwrap().to_string(),
            "10:00:00+05:00"
        );
        assert_eq!(
            "10:00:00.123456+00".parse::<TimeTz>().unwrap().to_string(),
            "10:00:00.123456+00:00"
        );
        assert!("10:00:00".parse::<TimeTz>().is_err());
        assert!("xx+01".parse::<TimeTz>().is_err());
    }
}
