//! Decoding of the row structs `query!` generates, without a serde derive per struct.
//!
//! A derived `Deserialize` is a field enum, two visitors and a `visit_map` loop: a few hundred
//! lines that the compiler type-checks once per `query!` call. The expansion now emits, per row
//! struct, only a [`RowFields`] impl (the JSON keys, the field types as a cons list, a
//! constructor); a struct nested in another also gets a one-line `Deserialize` impl calling
//! [`decode_row`], and the top-level rows decode through [`Rows`](super::row_list::Rows). The
//! decoding itself is
//! generic code here, type-checked once; `cargo check` of the calling crate never instantiates it.
//!
//! The behaviour is the derive's, error messages included: keys matched to fields (by name, or by
//! index as an integer key), unknown keys skipped, `duplicate field` on a repeated key, `missing
//! field` for an absent one except an `Option` field (then `None`; a float field, decoded by
//! [`float`](super::private::float) as with `deserialize_with`, has no such default), and the
//! sequence form `[v1, v2, ...]` in field order.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};

use super::private::PgFloat;

/// A row struct of a `query!` result, decoded by [`decode_row`].
///
/// ```
/// use supabase_core::__private::{decode_row, RowFields};
///
/// #[derive(Debug, PartialEq)]
/// struct Row { id: i64, name: Option<String> }
///
/// impl RowFields for Row {
///     const KEYS: &'static [&'static str] = &["id", "name"];
///     type Fields = (i64, (Option<String>, ()));
///     fn from_fields((id, (name, ())): Self::Fields) -> Self {
///         Row { id, name }
///     }
/// }
///
/// let mut json = serde_json::Deserializer::from_str(r#"{"name": "Rome", "id": 1}"#);
/// let row: Row = decode_row(&mut json).unwrap();
/// assert_eq!(row, Row { id: 1, name: Some("Rome".into()) });
/// ```
pub trait RowFields: Sized {
    /// The JSON key of each field, in field order.
    const KEYS: &'static [&'static str];
    /// The fields' [`Slot`] types, in field order, as a cons list `(A, (B, (C, ())))`.
    type Fields: Slots;
    /// The struct from its decoded fields.
    fn from_fields(fields: Self::Fields) -> Self;
}

/// One field of a row: how it decodes from a map value or a sequence element, and what an
/// absent key gives.
///
/// ```
/// use supabase_core::__private::Slot;
/// let absent: Result<Option<i64>, serde_json::Error> = <Option<i64> as Slot>::missing("n");
/// assert_eq!(absent.unwrap(), None);
/// let absent: Result<i64, serde_json::Error> = <i64 as Slot>::missing("n");
/// assert_eq!(absent.unwrap_err().to_string(), "missing field `n`");
/// ```
pub trait Slot: Sized {
    /// The value of the current map entry.
    fn from_map<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error>;
    /// The next element of a sequence, `None` at its end.
    fn from_seq<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Self>, A::Error>;
    /// The value of an absent key.
    fn missing<E: de::Error>(key: &'static str) -> Result<Self, E>;
}

impl<T: DeserializeOwned> Slot for T {
    fn from_map<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
        map.next_value()
    }

    fn from_seq<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Self>, A::Error> {
        seq.next_element()
    }

    fn missing<E: de::Error>(key: &'static str) -> Result<Self, E> {
        T::deserialize(Missing(key, PhantomData))
    }
}

/// A float field (`f32`, `f64`, or an `Option` of one): decoded by
/// [`float`](super::private::float), so `"NaN"`, `"Infinity"` and `"-Infinity"` are accepted;
/// an absent key is an error even for an `Option`, as with the derive's `deserialize_with`.
///
/// ```
/// use supabase_core::__private::{decode_row, Float, RowFields};
///
/// struct Reading { value: Option<f64> }
///
/// impl RowFields for Reading {
///     const KEYS: &'static [&'static str] = &["value"];
///     type Fields = (Float<Option<f64>>, ());
///     fn from_fields((value, ()): Self::Fields) -> Self {
///         Reading { value: value.0 }
///     }
/// }
///
/// let mut json = serde_json::Deserializer::from_str(r#"{"value": "-Infinity"}"#);
/// let row: Reading = decode_row(&mut json).unwrap();
/// assert_eq!(row.value, Some(f64::NEG_INFINITY));
/// ```
#[derive(Debug)]
pub struct Float<T>(pub T);

struct FloatSeed<T>(PhantomData<T>);

impl<'de, T: PgFloat> DeserializeSeed<'de> for FloatSeed<T> {
    type Value = Float<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Float<T>, D::Error> {
        T::decode(deserializer).map(Float)
    }
}

impl<T: PgFloat> Slot for Float<T> {
    fn from_map<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
        map.next_value_seed(FloatSeed(PhantomData))
    }

    fn from_seq<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<Option<Self>, A::Error> {
        seq.next_element_seed(FloatSeed(PhantomData))
    }

    fn missing<E: de::Error>(key: &'static str) -> Result<Self, E> {
        Err(E::missing_field(key))
    }
}

/// The fields of a row as a cons list of [`Slot`]s: `()` or `(Slot, Slots)`.
///
/// ```
/// fn slots<S: supabase_core::__private::Slots>() {}
/// slots::<(i64, (String, (Option<bool>, ())))>();
/// ```
pub trait Slots: Sized {
    /// The fields decoded so far.
    type Partial: Default;

    /// Decodes the current map value into field `index` (`duplicate field` if it has one).
    fn fill<'de, A: MapAccess<'de>>(
        partial: &mut Self::Partial,
        index: usize,
        keys: &'static [&'static str],
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// The fields once the map is read (`missing field` for the first absent non-`Option` one).
    fn finish<E: de::Error>(
        partial: Self::Partial,
        keys: &'static [&'static str],
    ) -> Result<Self, E>;

    /// The fields from a sequence, in order; `at` is the index of the first one here.
    fn from_seq<'de, A: SeqAccess<'de>>(
        seq: &mut A,
        at: usize,
        expected: &dyn de::Expected,
    ) -> Result<Self, A::Error>;
}

impl Slots for () {
    type Partial = ();

    fn fill<'de, A: MapAccess<'de>>(
        _: &mut (),
        index: usize,
        _: &'static [&'static str],
        _: &mut A,
    ) -> Result<(), A::Error> {
        // `KeySeed` only yields indexes of `KEYS`, which has one key per field.
        Err(de::Error::custom(format_args!(
            "query! row decoding: no field at index {index}"
        )))
    }

    fn finish<E: de::Error>(_: (), _: &'static [&'static str]) -> Result<(), E> {
        Ok(())
    }

    fn from_seq<'de, A: SeqAccess<'de>>(
        _: &mut A,
        _: usize,
        _: &dyn de::Expected,
    ) -> Result<(), A::Error> {
        Ok(())
    }
}

fn split(keys: &'static [&'static str]) -> (&'static str, &'static [&'static str]) {
    match keys {
        [first, rest @ ..] => (first, rest),
        [] => ("?", &[]),
    }
}

impl<H: Slot, T: Slots> Slots for (H, T) {
    type Partial = (Option<H>, T::Partial);

    fn fill<'de, A: MapAccess<'de>>(
        partial: &mut Self::Partial,
        index: usize,
        keys: &'static [&'static str],
        map: &mut A,
    ) -> Result<(), A::Error> {
        let (key, rest) = split(keys);
        if index > 0 {
            return T::fill(&mut partial.1, index - 1, rest, map);
        }
        if partial.0.is_some() {
            return Err(de::Error::duplicate_field(key));
        }
        partial.0 = Some(H::from_map(map)?);
        Ok(())
    }

    fn finish<E: de::Error>(
        partial: Self::Partial,
        keys: &'static [&'static str],
    ) -> Result<Self, E> {
        let (key, rest) = split(keys);
        let head = match partial.0 {
            Some(value) => value,
            None => H::missing(key)?,
        };
        Ok((head, T::finish(partial.1, rest)?))
    }

    fn from_seq<'de, A: SeqAccess<'de>>(
        seq: &mut A,
        at: usize,
        expected: &dyn de::Expected,
    ) -> Result<Self, A::Error> {
        let head = H::from_seq(seq)?.ok_or_else(|| de::Error::invalid_length(at, expected))?;
        Ok((head, T::from_seq(seq, at + 1, expected)?))
    }
}

/// Decodes a [`RowFields`] struct: what [`Rows`](super::row_list::Rows) calls for each row, and
/// the `Deserialize` impl `query!` gives a nested row struct.
///
/// ```
/// use supabase_core::__private::{decode_row, RowFields};
///
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
/// let mut json = serde_json::Deserializer::from_str(r#"{"id": 1, "id": 2}"#);
/// let err = decode_row::<Row, _>(&mut json).err().unwrap();
/// assert_eq!(err.to_string(), "duplicate field `id` at line 1 column 14");
/// ```
pub fn decode_row<'de, R: RowFields, D: Deserializer<'de>>(deserializer: D) -> Result<R, D::Error> {
    deserializer.deserialize_struct(struct_name::<R>(), R::KEYS, RowVisitor::<R>(PhantomData))
}

/// The struct's name as written (error messages say `expected struct Row`): the last segment of
/// its type name, so the expansion needs no constant for it.
fn struct_name<R>() -> &'static str {
    let full = std::any::type_name::<R>();
    full.rsplit("::").next().unwrap_or(full)
}

struct RowVisitor<R>(PhantomData<R>);

impl<'de, R: RowFields> Visitor<'de> for RowVisitor<R> {
    type Value = R;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", struct_name::<R>())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<R, A::Error> {
        let expected = Elements(struct_name::<R>(), R::KEYS.len());
        R::Fields::from_seq(&mut seq, 0, &expected).map(R::from_fields)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<R, A::Error> {
        let mut partial = <R::Fields as Slots>::Partial::default();
        while let Some(key) = map.next_key_seed(KeySeed(R::KEYS))? {
            match key {
                Some(index) => R::Fields::fill(&mut partial, index, R::KEYS, &mut map)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        R::Fields::finish(partial, R::KEYS).map(R::from_fields)
    }
}

/// `struct Row with 3 elements`, the expectation of a too-short sequence.
struct Elements(&'static str, usize);

impl de::Expected for Elements {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.1 == 1 { "" } else { "s" };
        write!(f, "struct {} with {} element{plural}", self.0, self.1)
    }
}

/// A map key: the index of the field it names, `None` for a key of no field.
struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Option<usize>, E> {
        Ok(usize::try_from(index).ok().filter(|&i| i < self.0.len()))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|k| *k == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|k| k.as_bytes() == key))
    }
}

/// The value of an absent key: `None` for an `Option`, else `missing field`.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}
