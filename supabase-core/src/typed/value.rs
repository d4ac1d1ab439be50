//! How a Rust value is written in a PostgREST filter (`col=eq.<text>`).

use std::borrow::Cow;

/// A Rust type with a text form PostgREST filters understand.
///
/// Implemented for the scalar types of the type map (integers, floats, `bool`, `String`,
/// `serde_json::Value`, and the `supabase_core::types` newtypes); generated enums implement it with
/// their database labels. The text is what the untyped builder would be given.
///
/// ```
/// use supabase_core::PgValue;
/// assert_eq!(42_i64.pg_text(), "42");
/// assert_eq!(true.pg_text(), "true");
/// assert_eq!("Rome".to_owned().pg_text(), "Rome");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no PostgREST text form",
    label = "cannot be used as a filter value",
    note = "implement `supabase_core::PgValue` for the type (generated enums do)"
)]
pub trait PgValue {
    /// The value as PostgREST reads it in a filter.
    fn pg_text(&self) -> Cow<'_, str>;
}

macro_rules! display_value {
    ($($ty:ty),*) => {$(
        impl PgValue for $ty {
            fn pg_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

display_value!(i8, i16, i32, i64, u8, u16, u32, u64, bool, char);

macro_rules! float_value {
    ($($ty:ty),*) => {$(
        impl PgValue for $ty {
            /// `NaN`, `Infinity` and `-Infinity` are spelled as PostgreSQL spells them.
            fn pg_text(&self) -> Cow<'_, str> {
                Cow::Owned(if self.is_nan() {
                    "NaN".to_owned()
                } else if self.is_infinite() {
                    if *self > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
                } else {
                    self.to_string()
                })
            }
        }
    )*};
}

float_value!(f32, f64);

impl PgValue for String {
    fn pg_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl PgValue for serde_json::Value {
    /// Strings as their text, everything else as JSON.
    fn pg_text(&self) -> Cow<'_, str> {
        match self {
            serde_json::Value::String(s) => Cow::Borrowed(s),
            other => Cow::Owned(other.to_string()),
        }
    }
}

#[cfg(feature = "types")]
display_value!(uuid::Uuid, chrono::NaiveTime);
