//! `Fits`: which Rust values a typed filter accepts for a column of a given type.

use std::borrow::Cow;

use super::value::PgValue;

/// A Rust value that can stand for a value of a column whose Rust type is `Target`.
///
/// The value of the column's own type fits, and so does a reference to it; `&str` fits `String`
/// columns; anything that fits `T` fits a nullable `Option<T>` column (test for NULL with
/// `is_null`, not with `eq`).
///
/// ```
/// use supabase_core::Fits;
/// fn text<V: Fits<T>, T>(v: V) -> String { v.fit_text().into_owned() }
/// assert_eq!(text::<_, String>("Rome"), "Rome");
/// assert_eq!(text::<_, Option<i64>>(7_i64), "7");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not fit a column of type `{Target}`",
    label = "expected a value of the column's type `{Target}`",
    note = "typed filters take a value of the column's Rust type (or a reference to one; `&str` for text); to test for NULL use `is_null`/`is_not_null`"
)]
pub trait Fits<Target: ?Sized> {
    /// The value's text in a filter.
    fn fit_text(&self) -> Cow<'_, str>;
}

impl<T: PgValue> Fits<T> for T {
    fn fit_text(&self) -> Cow<'_, str> {
        self.pg_text()
    }
}

impl<T: PgValue> Fits<T> for &T {
    fn fit_text(&self) -> Cow<'_, str> {
        (**self).pg_text()
    }
}

impl Fits<String> for &str {
    fn fit_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: PgValue, V: Fits<T>> Fits<Option<T>> for V {
    fn fit_text(&self) -> Cow<'_, str> {
        Fits::<T>::fit_text(self)
    }
}
