//! The rows of a `query!` select, decoded as a whole: [`Rows`].
//!
//! A `Vec<Row>` decodes through `Row: Deserialize`, which needs an impl per row struct in the
//! calling crate, each one more function body for the compiler to check at every `query!` call.
//! `Rows<Row>` decodes its elements through [`RowFields`] directly, with code type-checked once,
//! here; [`Query`](crate::Query) then hands the `Vec<Row>` out (`Vec<R>: From<Rows<R>>`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use super::row_decode::{decode_row, RowFields};

/// The rows of a response, decoded through [`RowFields`] without a `Deserialize` impl per row
/// struct. What a `query!` select decodes its body into before handing out `Vec<Row>`.
///
/// ```
/// use supabase_core::__private::{Rows, RowFields};
///
/// #[derive(Debug, PartialEq)]
/// struct Row { id: i64 }
///
/// impl RowFields for Row {
///     const KEYS: &'static [&'static str] = &["id"];
///     type Fields = (i64, ());
///     fn from_fields((id, ()): Self::Fields) -> Self {
///         Row { id }
///     }
/// }
///
/// let rows: Rows<Row> = serde_json::from_str(r#"[{"id": 1}, {"id": 2}]"#).unwrap();
/// assert_eq!(Vec::from(rows), [Row { id: 1 }, Row { id: 2 }]);
/// ```
pub struct Rows<R>(pub Vec<R>);

impl<R: fmt::Debug> fmt::Debug for Rows<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<R> From<Rows<R>> for Vec<R> {
    fn from(rows: Rows<R>) -> Vec<R> {
        rows.0
    }
}

impl<'de, R: RowFields> Deserialize<'de> for Rows<R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(RowsVisitor(PhantomData))
    }
}

struct RowsVisitor<R>(PhantomData<R>);

impl<'de, R: RowFields> Visitor<'de> for RowsVisitor<R> {
    type Value = Rows<R>;

    // What serde's `Vec<T>` says, so the errors are those of the `Vec<Row>` it stands for.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Rows<R>, A::Error> {
        // At most as many slots as serde's own `Vec` reserves up front for a size hint.
        let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(row) = seq.next_element_seed(RowSeed(PhantomData))? {
            rows.push(row);
        }
        Ok(Rows(rows))
    }
}

struct RowSeed<R>(PhantomData<R>);

impl<'de, R: RowFields> DeserializeSeed<'de> for RowSeed<R> {
    type Value = R;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<R, D::Error> {
        decode_row(deserializer)
    }
}
