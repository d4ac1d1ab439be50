//! Comparing what PostgREST returned for an accepted query with what psql returned for the SQL.
//!
//! psql returns flat rows; PostgREST returns the same data with joined rows nested as embeds (a
//! to-one join as an object, a to-many join as an array). The comparison brings PostgREST's
//! answer to psql's shape without dropping anything:
//!
//! - a key that is one of psql's column names is a value, unless it holds an object or an
//!   array while psql's column never does (then it is an embed named like the column);
//! - any other key holding an object is a to-one embed: its fields join the row; holding an
//!   array of objects, a to-many embed: one row per element (cross product, in order); an empty
//!   array or a `null` embed contributes no columns (an outer join's row without a match);
//! - a value that is NULL and a column that is absent are the same (psql's NULL columns of an
//!   outer join without a match); every non-null value must match, name and value;
//! - rows are compared in order when the statement has a top-level ORDER BY, as multisets
//!   otherwise; numbers compare as numbers (`75.00` = `75`).
//!
//! A scalar answer (a function returning one value, `select fn(…)`) is compared with psql's
//! single column of its single row; `void` is an empty value in psql and `null` from PostgREST.

use std::collections::BTreeSet;

use serde_json::Value;

use super::sql::{has_order_by, PgRow};

/// The result of comparing one accepted query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Same rows.
    Same,
    /// PostgREST (or the typed decoding) failed.
    Errors(String),
    /// Different rows.
    Differs(String),
}

/// Compares the runner's report for one query (`{"raw": {"data"|"error"}, "typed_error"}`)
/// with psql's rows.
pub fn compare(sql: &str, pg: &[PgRow], report: &Value) -> Outcome {
    if let Some(error) = report["raw"]["error"].as_str() {
        return Outcome::Errors(error.to_owned());
    }
    if let Some(error) = report["typed_error"].as_str() {
        return Outcome::Errors(format!(
            "the rows did not decode into query!'s type: {error}"
        ));
    }
    let data = &report["raw"]["data"];
    // One row of one column from a function returning one composite row (`select c from fn()`)
    // is that row (an object with the column's key), not a scalar.
    let one_row_object = pg.len() == 1
        && pg[0].len() == 1
        && data
            .as_object()
            .is_some_and(|m| m.len() == 1 && m.contains_key(&pg[0][0].0));
    if pg.len() == 1
        && pg[0].len() == 1
        && !one_row_object
        && (!data.is_array() || pg[0][0].1.is_array())
    {
        let expected = &pg[0][0].1;
        let void = matches!(expected, Value::Null) || expected.as_str() == Some("");
        return if canon(expected) == canon(data) || (void && data.is_null()) {
            Outcome::Same
        } else {
            Outcome::Differs(format!("psql: {expected}\nPostgREST: {data}"))
        };
    }
    let items: Vec<&Value> = match data {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![data],
        Value::Null => Vec::new(),
        other => return Outcome::Differs(format!("psql: {} rows\nPostgREST: {other}", pg.len())),
    };
    // Columns psql returned, and among them those holding JSON objects or arrays (jsonb, arrays):
    // a PostgREST key of that name holding an object or array is that column's value; a key
    // holding an object or array where psql's column is a plain value is an embed.
    let columns: BTreeSet<&str> = pg.iter().flatten().map(|(k, _)| k.as_str()).collect();
    let composite: BTreeSet<&str> = pg
        .iter()
        .flatten()
        .filter(|(_, v)| v.is_object() || v.is_array())
        .map(|(k, _)| k.as_str())
        .collect();
    let mut got = Vec::new();
    for item in items {
        got.extend(flatten(item, &columns, &composite));
    }
    let mut got: Vec<String> = got.into_iter().map(|row| key(&row)).collect();
    let mut want: Vec<String> = pg.iter().map(key).collect();
    let ordered = has_order_by(sql);
    if ordered && got == want {
        return Outcome::Same;
    }
    let in_order = got.clone();
    got.sort();
    want.sort();
    if got == want {
        return if ordered {
            Outcome::Differs(format!(
                "same rows in another order\npsql: {}\nPostgREST: {}",
                pg.iter().map(key).collect::<Vec<_>>().join(" "),
                in_order.join(" ")
            ))
        } else {
            Outcome::Same
        };
    }
    let missing: Vec<&String> = want.iter().filter(|r| !got.contains(r)).take(3).collect();
    let extra: Vec<&String> = got.iter().filter(|r| !want.contains(r)).take(3).collect();
    Outcome::Differs(format!(
        "psql {} rows, PostgREST {} rows\nonly in psql: {missing:?}\nonly in PostgREST: {extra:?}",
        want.len(),
        got.len()
    ))
}

/// One PostgREST object as flat rows (see the module doc).
fn flatten(value: &Value, columns: &BTreeSet<&str>, composite: &BTreeSet<&str>) -> Vec<PgRow> {
    let Value::Object(map) = value else {
        return vec![vec![(String::new(), value.clone())]];
    };
    let mut rows: Vec<PgRow> = vec![Vec::new()];
    for (k, v) in map {
        let nested = v.is_object() || v.is_array();
        if columns.contains(k.as_str()) && (!nested || composite.contains(k.as_str())) {
            for row in &mut rows {
                row.push((k.clone(), v.clone()));
            }
            continue;
        }
        let sub: Vec<PgRow> = match v {
            Value::Object(_) => flatten(v, columns, composite),
            Value::Array(items) if items.iter().all(Value::is_object) => {
                let sub: Vec<PgRow> = items
                    .iter()
                    .flat_map(|i| flatten(i, columns, composite))
                    .collect();
                if sub.is_empty() {
                    vec![Vec::new()]
                } else {
                    sub
                }
            }
            Value::Null => vec![Vec::new()],
            other => vec![vec![(k.clone(), other.clone())]],
        };
        rows = rows
            .iter()
            .flat_map(|row| {
                sub.iter().map(move |s| {
                    let mut r = row.clone();
                    r.extend(s.iter().cloned());
                    r
                })
            })
            .collect();
    }
    rows
}

/// A row as a canonical string: non-null (name, value) pairs, sorted, numbers as numbers.
fn key(row: &PgRow) -> String {
    let mut pairs: Vec<String> = row
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| format!("{k}={}", canon(v)))
        .collect();
    pairs.sort();
    format!("{{{}}}", pairs.join(", "))
}

/// The value with every number as an `f64` (so `75.00` and `75` compare equal).
fn canon(value: &Value) -> Value {
    match value {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| value.clone(), Value::Number),
        Value::Array(items) => Value::Array(items.iter().map(canon).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), canon(v))).collect())
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn row(pairs: &[(&str, Value)]) -> PgRow {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    fn ok(data: Value) -> Value {
        json!({ "raw": { "data": data }, "typed_error": null })
    }

    #[test]
    fn nested_embeds_match_flat_rows() {
        let pg = vec![
            row(&[
                ("slug", json!("a")),
                ("id", json!(1)),
                ("meta", json!({"x": 1})),
            ]),
            row(&[
                ("slug", json!("a")),
                ("id", json!(2)),
                ("meta", json!({"x": 1})),
            ]),
            row(&[
                ("slug", json!("b")),
                ("id", Value::Null),
                ("meta", json!({})),
            ]),
        ];
        let data = json!([
            { "slug": "a", "meta": {"x": 1}, "messages": [{ "id": 1 }, { "id": 2 }] },
            { "slug": "b", "meta": {}, "messages": [] }
        ]);
        assert_eq!(
            compare("select … order by slug, id", &pg, &ok(data)),
            Outcome::Same
        );
    }

    #[test]
    fn an_embed_named_like_a_column() {
        let pg = vec![row(&[("slug", json!("a")), ("messages", json!(15))])];
        let data = json!([{ "slug": "a", "messages": [{ "messages": 15 }] }]);
        assert_eq!(compare("select …", &pg, &ok(data)), Outcome::Same);
        let wrong = json!([{ "slug": "a", "messages": [{ "messages": 14 }] }]);
        assert!(matches!(
            compare("select …", &pg, &ok(wrong)),
            Outcome::Differs(_)
        ));
    }

    #[test]
    fn order_and_values_matter() {
        let pg = vec![row(&[("n", json!(1))]), row(&[("n", json!(2))])];
        let swapped = ok(json!([{ "n": 2 }, { "n": 1 }]));
        assert!(matches!(
            compare("select n from t order by n", &pg, &swapped),
            Outcome::Differs(_)
        ));
        assert_eq!(compare("select n from t", &pg, &swapped), Outcome::Same);
        let wrong = ok(json!([{ "n": 1 }, { "n": 3 }]));
        assert!(matches!(
            compare("select n from t", &pg, &wrong),
            Outcome::Differs(_)
        ));
        let renamed = ok(json!([{ "m": 1 }, { "m": 2 }]));
        assert!(matches!(
            compare("select n from t", &pg, &renamed),
            Outcome::Differs(_)
        ));
    }

    #[test]
    fn scalars_and_errors() {
        let pg = vec![row(&[("f", json!(75.00))])];
        assert_eq!(compare("select f(1)", &pg, &ok(json!(75))), Outcome::Same);
        let void = vec![row(&[("f", json!(""))])];
        assert_eq!(
            compare("select f(1)", &void, &ok(Value::Null)),
            Outcome::Same
        );
        // One column of a function's one composite row is an object, and must match as a row.
        let one = vec![row(&[("won", json!(0))])];
        assert_eq!(
            compare("select won from f(1)", &one, &ok(json!({ "won": 0 }))),
            Outcome::Same
        );
        assert!(matches!(
            compare("select won from f(1)", &one, &ok(json!({ "won": 5 }))),
            Outcome::Differs(_)
        ));
        let err = json!({ "raw": { "error": "PGRST200" }, "typed_error": null });
        assert!(matches!(compare("select 1", &pg, &err), Outcome::Errors(_)));
    }
}
