//! The row decoder of `query!` results (`__private::decode_row`) against serde's derive, which
//! the expansion used before: for every body, both decode to the same value or fail with the same
//! message. The structs are written as the macro writes them (`light`) and as it wrote them
//! before (`derived`), with the same names so that their `Debug` output can be compared.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub,
    dead_code,
    non_camel_case_types
)]

use serde::de::value::{Error as ValueError, MapDeserializer};
use serde::de::DeserializeOwned;

/// The result structs as `query!` now declares them.
mod light {
    use supabase_core::__private::{decode_row, serde, Float, RowFields};

    macro_rules! deserialize_with_decode_row {
        ($($name:ident),*) => {$(
            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    decode_row(d)
                }
            }
        )*};
    }

    deserialize_with_decode_row!(Row, RowCity, RowOrders, Pair, Empty);

    /// A row with every kind of field: scalars, `Option`s, floats, arrays, JSON, embeds, a key
    /// that is a Rust keyword.
    #[derive(Debug)]
    pub struct Row {
        pub id: i64,
        pub name: String,
        pub note: Option<String>,
        pub score: f64,
        pub ratio: Option<f32>,
        pub tags: Vec<String>,
        pub data: serde_json::Value,
        pub r#type: Option<bool>,
        pub city: Option<RowCity>,
        pub orders: Vec<RowOrders>,
    }

    impl RowFields for Row {
        const KEYS: &'static [&'static str] = &[
            "id", "name", "note", "score", "ratio", "tags", "data", "type", "city", "orders",
        ];
        #[allow(clippy::type_complexity)]
        type Fields = (
            i64,
            (
                String,
                (
                    Option<String>,
                    (
                        Float<f64>,
                        (
                            Float<Option<f32>>,
                            (
                                Vec<String>,
                                (
                                    serde_json::Value,
                                    (Option<bool>, (Option<RowCity>, (Vec<RowOrders>, ()))),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        );
        fn from_fields(
            (f0, (f1, (f2, (f3, (f4, (f5, (f6, (f7, (f8, (f9, ())))))))))): Self::Fields,
        ) -> Self {
            Row {
                id: f0,
                name: f1,
                note: f2,
                score: f3.0,
                ratio: f4.0,
                tags: f5,
                data: f6,
                r#type: f7,
                city: f8,
                orders: f9,
            }
        }
    }

    #[derive(Debug)]
    pub struct RowCity {
        pub id: i64,
        pub name: Option<String>,
    }

    impl RowFields for RowCity {
        const KEYS: &'static [&'static str] = &["id", "name"];
        type Fields = (i64, (Option<String>, ()));
        fn from_fields((id, (name, ())): Self::Fields) -> Self {
            RowCity { id, name }
        }
    }

    #[derive(Debug)]
    pub struct RowOrders {
        pub total: Option<f64>,
    }

    impl RowFields for RowOrders {
        const KEYS: &'static [&'static str] = &["total"];
        type Fields = (Float<Option<f64>>, ());
        fn from_fields((total, ()): Self::Fields) -> Self {
            RowOrders { total: total.0 }
        }
    }

    #[derive(Debug)]
    pub struct Pair {
        pub a: i64,
        pub b: Option<i64>,
    }

    impl RowFields for Pair {
        const KEYS: &'static [&'static str] = &["a", "b"];
        type Fields = (i64, (Option<i64>, ()));
        fn from_fields((a, (b, ())): Self::Fields) -> Self {
            Pair { a, b }
        }
    }

    #[derive(Debug)]
    pub struct Empty {}

    impl RowFields for Empty {
        const KEYS: &'static [&'static str] = &[];
        type Fields = ();
        fn from_fields((): Self::Fields) -> Self {
            Empty {}
        }
    }
}

/// The same structs with serde's derive, as `query!` declared them before.
mod derived {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    pub struct Row {
        pub id: i64,
        pub name: String,
        pub note: Option<String>,
        #[serde(deserialize_with = "supabase_core::__private::float")]
        pub score: f64,
        #[serde(deserialize_with = "supabase_core::__private::float")]
        pub ratio: Option<f32>,
        pub tags: Vec<String>,
        pub data: serde_json::Value,
        #[serde(rename = "type")]
        pub r#type: Option<bool>,
        pub city: Option<RowCity>,
        pub orders: Vec<RowOrders>,
    }

    #[derive(Debug, Deserialize)]
    pub struct RowCity {
        pub id: i64,
        pub name: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct RowOrders {
        #[serde(deserialize_with = "supabase_core::__private::float")]
        pub total: Option<f64>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Pair {
        pub a: i64,
        pub b: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Empty {}
}

/// `body` decoded as `L` and as `D`, from text and from a `serde_json::Value`, with the `Debug`
/// of the value or the error message; asserts both agree and returns the text decoding.
fn both<L: DeserializeOwned + std::fmt::Debug, D: DeserializeOwned + std::fmt::Debug>(
    body: &str,
) -> Result<String, String> {
    let show = |r: Result<String, serde_json::Error>| r.map_err(|e| e.to_string());
    let light = show(serde_json::from_str::<L>(body).map(|v| format!("{v:?}")));
    let derived = show(serde_json::from_str::<D>(body).map(|v| format!("{v:?}")));
    assert_eq!(light, derived, "from text: {body}");
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(body) {
        let light = show(serde_json::from_value::<L>(value.clone()).map(|v| format!("{v:?}")));
        let derived = show(serde_json::from_value::<D>(value).map(|v| format!("{v:?}")));
        assert_eq!(light, derived, "from a Value: {body}");
    }
    light
}

fn row(body: &str) -> Result<String, String> {
    both::<light::Row, derived::Row>(body)
}

/// A select's rows as `query!` reads them now (`Rows<Row>`, handed out as `Vec<Row>`) and as a
/// derived `Vec<Row>`.
fn rows(body: &str) -> Result<String, String> {
    both::<supabase_core::__private::Rows<light::Row>, Vec<derived::Row>>(body)
}

const FULL: &str = r#"{"id": 1, "name": "Rome", "note": null, "score": 2.5, "ratio": 0.5,
    "tags": ["a", "b"], "data": {"k": [1, null]}, "type": true,
    "city": {"id": 7, "name": "Lazio"}, "orders": [{"total": 10.25}, {"total": null}]}"#;

#[test]
fn a_full_row_decodes_to_the_derives_value() {
    let value = row(FULL).unwrap();
    assert!(value.starts_with("Row { id: 1, name: \"Rome\", note: None, score: 2.5"));
    assert!(value.contains("city: Some(RowCity { id: 7, name: Some(\"Lazio\") })"));
    assert!(value.contains("orders: [RowOrders { total: Some(10.25) }, RowOrders { total: None }]"));
    assert!(value.contains(" type: Some(true),"));
}

#[test]
fn keys_in_any_order_and_extra_keys_are_accepted() {
    let body = r#"{"orders": [], "extra": {"deep": [1, 2, {"x": null}]}, "city": null,
        "type": null, "data": 3, "tags": [], "ratio": null, "score": -1, "note": "n",
        "name": "", "id": -9, "zzz": 1}"#;
    let value = row(body).unwrap();
    assert!(value.contains("id: -9"), "{value}");
    assert!(value.contains("city: None"), "{value}");
}

#[test]
fn a_missing_field_is_an_error_except_an_option() {
    let err = row(
        r#"{"name": "x", "score": 1, "ratio": 1, "tags": [], "data": null,
        "type": null, "city": null, "orders": []}"#,
    )
    .unwrap_err();
    assert!(err.starts_with("missing field `id`"), "{err}");
    // `note`, `type` and `city` are `Option`s: absent is `None`.
    let value = row(
        r#"{"id": 1, "name": "x", "score": 1, "ratio": 1, "tags": [], "data": null, "orders": []}"#,
    )
    .unwrap();
    assert!(
        value.contains("note: None") && value.contains("city: None"),
        "{value}"
    );
    // A JSON field (`serde_json::Value`) is not an `Option`: absent is an error.
    let err = row(r#"{"id": 1, "name": "x", "score": 1, "ratio": 1, "tags": [], "orders": []}"#)
        .unwrap_err();
    assert!(err.starts_with("missing field `data`"), "{err}");
}

#[test]
fn a_missing_float_is_an_error_even_for_an_option() {
    let err = row(r#"{"id": 1, "name": "x", "score": 1, "tags": [], "data": null, "orders": []}"#)
        .unwrap_err();
    assert!(err.starts_with("missing field `ratio`"), "{err}");
    let err = row(
        r#"{"id": 1, "name": "x", "score": 1, "ratio": 1, "tags": [], "data": null,
        "orders": [{}]}"#,
    )
    .unwrap_err();
    assert!(err.starts_with("missing field `total`"), "{err}");
}

#[test]
fn the_first_missing_field_in_field_order_is_reported() {
    let err = row(r#"{"orders": []}"#).unwrap_err();
    assert!(err.starts_with("missing field `id`"), "{err}");
    let err = row(r#"{"id": 1}"#).unwrap_err();
    assert!(err.starts_with("missing field `name`"), "{err}");
}

#[test]
fn null_into_a_field_that_is_not_an_option_is_an_error() {
    let body = FULL.replace(r#""name": "Rome""#, r#""name": null"#);
    let err = row(&body).unwrap_err();
    assert!(
        err.starts_with("invalid type: null, expected a string"),
        "{err}"
    );
    let body = FULL.replace(r#""id": 1,"#, r#""id": null,"#);
    let err = row(&body).unwrap_err();
    assert!(err.starts_with("invalid type: null, expected i64"), "{err}");
    let body = FULL.replace(r#""score": 2.5"#, r#""score": null"#);
    assert!(row(&body).is_err());
}

#[test]
fn a_value_of_the_wrong_type_is_an_error() {
    let body = FULL.replace(r#""id": 1,"#, r#""id": "1","#);
    let err = row(&body).unwrap_err();
    assert!(
        err.starts_with("invalid type: string \"1\", expected i64"),
        "{err}"
    );
    let body = FULL.replace(r#""id": 1,"#, r#""id": 1.5,"#);
    assert!(row(&body).is_err());
    let body = FULL.replace(r#""tags": ["a", "b"]"#, r#""tags": "a""#);
    assert!(row(&body).is_err());
}

#[test]
fn a_duplicate_key_is_an_error() {
    let body = FULL.replace(r#""note": null"#, r#""note": null, "note": "again""#);
    let err = row(&body).unwrap_err();
    assert!(err.starts_with("duplicate field `note`"), "{err}");
    // In an embed too; a repeated unknown key is ignored.
    let body = FULL.replace(r#""id": 7,"#, r#""id": 7, "id": 8,"#);
    let err = row(&body).unwrap_err();
    assert!(err.starts_with("duplicate field `id`"), "{err}");
    let body = FULL.replace(r#""id": 1,"#, r#""id": 1, "x": 1, "x": 2,"#);
    assert!(row(&body).is_ok());
}

#[test]
fn float_special_values_decode_from_postgrest_strings() {
    for (text, expect) in [
        (r#""NaN""#, "NaN"),
        (r#""Infinity""#, "inf"),
        (r#""-Infinity""#, "-inf"),
        ("1e300", "1e300"),
        (r#""2.5""#, "2.5"),
    ] {
        let body = FULL.replace(r#""score": 2.5"#, &format!(r#""score": {text}"#));
        let value = row(&body).unwrap();
        assert!(value.contains(&format!("score: {expect},")), "{value}");
        let body = FULL.replace(r#""ratio": 0.5"#, &format!(r#""ratio": {text}"#));
        let value = row(&body).unwrap();
        assert!(value.contains("ratio: Some("), "{value}");
    }
    let body = FULL.replace(r#""score": 2.5"#, r#""score": "lots""#);
    let err = row(&body).unwrap_err();
    assert!(err.contains("expected a float, got \"lots\""), "{err}");
    let body = FULL.replace(r#"{"total": null}"#, r#"{"total": "-Infinity"}"#);
    assert!(row(&body).unwrap().contains("total: Some(-inf)"));
}

#[test]
fn nested_embeds_report_errors_from_inside() {
    let body = FULL.replace(r#""name": "Lazio""#, r#""name": 5"#);
    let err = row(&body).unwrap_err();
    assert!(
        err.starts_with("invalid type: integer `5`, expected a string"),
        "{err}"
    );
    let body = FULL.replace(r#"{"id": 7, "name": "Lazio"}"#, r#"{"name": "Lazio"}"#);
    let err = row(&body).unwrap_err();
    assert!(err.starts_with("missing field `id`"), "{err}");
    let body = FULL.replace(r#"{"id": 7, "name": "Lazio"}"#, r#""Lazio""#);
    let err = row(&body).unwrap_err();
    assert!(
        err.starts_with("invalid type: string \"Lazio\", expected struct RowCity"),
        "{err}"
    );
}

#[test]
fn a_body_that_is_not_a_row_names_the_struct() {
    for body in [r#""text""#, "7", "true", "null", r#"[{"id": 1}]"#] {
        assert!(row(body).is_err(), "{body}");
    }
    let err = row(r#""text""#).unwrap_err();
    assert!(
        err.starts_with("invalid type: string \"text\", expected struct Row"),
        "{err}"
    );
    let err = rows(r#"{"id": 1}"#).unwrap_err();
    assert!(
        err.starts_with("invalid type: map, expected a sequence"),
        "{err}"
    );
}

#[test]
fn a_list_of_rows_decodes() {
    let body = format!("[{FULL}, {FULL}]");
    let value = rows(&body).unwrap();
    assert_eq!(value.matches("Row { id: 1").count(), 2, "{value}");
    assert_eq!(rows("[]").unwrap(), "[]");
}

#[test]
fn a_list_of_rows_fails_as_a_vec_would() {
    assert_eq!(
        rows("{}").unwrap_err(),
        "invalid type: map, expected a sequence at line 1 column 0"
    );
    let err = rows(&format!(r#"[{FULL}, {{"id": 2}}]"#)).unwrap_err();
    assert!(err.starts_with("missing field `name`"), "{err}");
    let err = rows(r#"[{"id": "x"}]"#).unwrap_err();
    assert!(err.starts_with("invalid type: string"), "{err}");
}

#[test]
fn the_sequence_form_is_accepted_in_field_order() {
    let value = both::<light::Pair, derived::Pair>("[1, null]").unwrap();
    assert_eq!(value, "Pair { a: 1, b: None }");
    let err = both::<light::Pair, derived::Pair>("[1]").unwrap_err();
    assert!(
        err.starts_with("invalid length 1, expected struct Pair with 2 elements"),
        "{err}"
    );
    let err = both::<light::Pair, derived::Pair>("[]").unwrap_err();
    assert!(err.starts_with("invalid length 0"), "{err}");
    // Trailing elements: serde_json's error, after the struct's.
    assert!(both::<light::Pair, derived::Pair>("[1, 2, 3]").is_err());
    let value =
        both::<light::Row, derived::Row>(r#"[1, "n", null, "NaN", null, [], {}, false, null, []]"#)
            .unwrap();
    assert!(value.contains("score: NaN"), "{value}");
}

#[test]
fn a_struct_without_fields_takes_any_object() {
    assert_eq!(
        both::<light::Empty, derived::Empty>(r#"{"a": 1}"#).unwrap(),
        "Empty"
    );
    assert_eq!(both::<light::Empty, derived::Empty>("{}").unwrap(), "Empty");
}

/// A deserializer whose keys are integers (not JSON): keys name fields by index, as with the
/// derive.
#[test]
fn integer_keys_name_fields_by_index() {
    fn decode<T: DeserializeOwned + std::fmt::Debug>(
        entries: Vec<(u64, i64)>,
    ) -> Result<String, String> {
        let map = MapDeserializer::<_, ValueError>::new(entries.into_iter());
        T::deserialize(map)
            .map(|v| format!("{v:?}"))
            .map_err(|e| e.to_string())
    }
    for entries in [
        vec![(1, 5), (0, 4)],
        vec![(0, 4), (9, 1)],
        vec![(1, 5)],
        vec![(0, 1), (0, 2)],
    ] {
        assert_eq!(
            decode::<light::Pair>(entries.clone()),
            decode::<derived::Pair>(entries.clone()),
            "{entries:?}"
        );
    }
    assert_eq!(
        decode::<light::Pair>(vec![(0, 4), (7, 5)]).unwrap(),
        "Pair { a: 4, b: None }"
    );
    let err = decode::<light::Pair>(vec![(0, 4), (0, 5)]).unwrap_err();
    assert_eq!(err, "duplicate field `a`");
}

/// `(T, (T, ... ()))` of the listed types.
macro_rules! cons {
    () => { () };
    ($head:ty $(, $rest:ty)*) => { ($head, cons!($($rest),*)) };
}

/// The widest row struct `query!` gives the decoder (48 fields; wider ones keep serde's derive)
/// is within the compiler's default recursion limit.
#[test]
fn a_row_of_48_fields_decodes() {
    use supabase_core::__private::{Slot, Slots};
    type Wide = cons!(
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        Option<String>
    );
    fn slots<S: Slots>() {}
    slots::<Wide>();
    let none: Result<Option<String>, serde_json::Error> = Slot::missing("x");
    assert_eq!(none.unwrap(), None);
    let body = format!("[{}null]", "2, ".repeat(47));
    let mut seq = serde_json::Deserializer::from_str(&body);
    let wide: Wide = serde::de::Deserializer::deserialize_seq(&mut seq, WideSeq).unwrap();
    assert_eq!(wide.0, 2);

    struct WideSeq;
    impl<'de> serde::de::Visitor<'de> for WideSeq {
        type Value = Wide;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("48 values")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Wide, A::Error> {
            <Wide as Slots>::from_seq(&mut seq, 0, &self)
        }
    }
}
