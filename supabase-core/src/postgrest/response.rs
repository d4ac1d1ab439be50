//! Turning a PostgREST HTTP response into data, count and status, or an error.

use std::fmt;

use http::{HeaderMap, Method};
use serde::de::{DeserializeOwned, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use serde_json::Value;

use super::request::ResponseMode;
use crate::{Error, PostgrestError};

/// A successful PostgREST response.
///
/// `data` is the body decoded into `T`: `Vec<Row>` for rows, `Row` with `single()`,
/// `Option<Row>` with `maybe_single()`, `String` with `csv()` or a text `explain()`, and
/// `()`/`Option<_>`/`serde_json::Value` when there is no body (HEAD, writes without `select`).
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// use supabase_core::{Client, CountMethod};
/// #[derive(serde::Deserialize)]
/// struct Country { id: i64, name: String }
/// let client = Client::new("https://xyz.supabase.co", "anon-key")?;
/// let res = client.from("countries").select("id, name").count(CountMethod::Exact)
///     .execute::<Vec<Country>>().await?;
/// println!("{} of {:?} rows, status {}", res.data.len(), res.count, res.status);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PostgrestResponse<T> {
    /// The decoded body.
    pub data: T,
    /// The row count from `Content-Range`, when a count was asked for.
    pub count: Option<u64>,
    /// The HTTP status (200, 201, 204, 206, …).
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
}

/// What a response turned into: the caller's data, the count and the status.
pub(crate) struct Interpreted<T> {
    pub(crate) data: T,
    pub(crate) count: Option<u64>,
    pub(crate) status: u16,
}

/// Reads a response by PostgREST's rules (see the fact sheet §1.10) and decodes the body
/// straight into `T`: one pass over the bytes, no intermediate `serde_json::Value` (which would
/// also hold numbers as `f64` and drop digits of a `numeric` that `types::Numeric` keeps).
pub(crate) fn interpret<T: DeserializeOwned>(
    method: &Method,
    mode: ResponseMode,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Interpreted<T>, Error> {
    if !(200..300).contains(&status) {
        let (data, status) = interpret_failure(mode, status, body)?;
        return Ok(Interpreted {
            data: synthesized(data, status, body)?,
            count: None,
            status,
        });
    }
    let count = if mode.counted {
        content_range_total(headers)
    } else {
        None
    };
    let data = if *method == Method::HEAD || body.is_empty() {
        synthesized(Value::Null, status, body)?
    } else if mode.text {
        synthesized(Value::String(lossy(body)), status, body)?
    } else if mode.maybe_single && first_byte(body) == Some(b'[') {
        match serde_json::from_slice::<AtMostOne<'_>>(body) {
            Ok(AtMostOne::Zero) => synthesized(Value::Null, status, body)?,
            Ok(AtMostOne::One(row)) => decode_json(row.get().as_bytes(), status, body)?,
            Ok(AtMostOne::Many(n)) => return Err(Error::Postgrest(several_rows(n))),
            Err(source) => return Err(decode_error(source, status, body)),
        }
    } else {
        decode_json(body, status, body)?
    };
    Ok(Interpreted {
        data,
        count,
        status,
    })
}

/// A non-2xx response: an error, or (404 with an empty array or no body) a made-up success.
pub(crate) fn interpret_failure(
    mode: ResponseMode,
    status: u16,
    body: &[u8],
) -> Result<(Value, u16), Error> {
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        if value.is_array() && status == 404 {
            // Rewritten to a success with no rows; `maybe_single` reads that as no row.
            let data = if mode.maybe_single {
                Value::Null
            } else {
                Value::Array(Vec::new())
            };
            return Ok((data, 200));
        }
        // Only an object shaped like a PostgREST error becomes one; any other JSON
        // (`{"error": …}` from a gateway) is kept whole as a raw-body error below.
        let postgrest_shaped = value.as_object().is_some_and(|obj| {
            ["code", "message", "details", "hint"]
                .iter()
                .any(|key| obj.contains_key(*key))
        });
        if postgrest_shaped {
            if let Some(err) = PostgrestError::from_body(status, body) {
                return Err(Error::Postgrest(err));
            }
        }
    }
    if status == 404 && body.is_empty() {
        return Ok((Value::Null, 204));
    }
    Err(Error::Http {
        status,
        body: lossy(body),
    })
}

/// The total of `Content-Range: 0-9/123` (`None` for `*`).
pub(crate) fn content_range_total(headers: &HeaderMap) -> Option<u64> {
    headers
        .get("content-range")
        .and_then(|v| v.to_str().ok())
        .and_then(|range| range.split_once('/'))
        .and_then(|(_, total)| total.trim().parse::<u64>().ok())
}

/// The `PGRST116` error `maybe_single` gives for several rows, as the server words it.
pub(crate) fn several_rows(n: usize) -> PostgrestError {
    PostgrestError {
        code: Some("PGRST116".to_owned()),
        message: "JSON object requested, multiple (or no) rows returned".to_owned(),
        details: Some(format!(
            "Results contain {n} rows, application/vnd.pgrst.object+json requires 1 row"
        )),
        hint: None,
        status: 406,
    }
}

fn first_byte(body: &[u8]) -> Option<u8> {
    body.iter().copied().find(|b| !b.is_ascii_whitespace())
}

fn lossy(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

pub(crate) fn decode_error(source: serde_json::Error, status: u16, body: &[u8]) -> Error {
    Error::Decode {
        source,
        status,
        body: lossy(body),
    }
}

/// Decodes `json` into `T`, keeping the whole raw `body` on failure.
pub(crate) fn decode_json<T: DeserializeOwned>(
    json: &[u8],
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    serde_json::from_slice(json).map_err(|source| decode_error(source, status, body))
}

/// A value the body did not hold (no body, text, a 404 rewritten to no rows), as `T`.
fn synthesized<T: DeserializeOwned>(data: Value, status: u16, body: &[u8]) -> Result<T, Error> {
    serde_json::from_value(data).map_err(|source| decode_error(source, status, body))
}

/// A JSON array read for `maybe_single`: its only element (unparsed), or how many it had.
/// The elements are only scanned, so several rows are the server's error whatever `T` is.
enum AtMostOne<'a> {
    Zero,
    One(&'a RawValue),
    Many(usize),
}

impl<'de> Deserialize<'de> for AtMostOne<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Rows;
        impl<'de> Visitor<'de> for Rows {
            type Value = AtMostOne<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON array of rows")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let Some(first) = seq.next_element::<&'de RawValue>()? else {
                    return Ok(AtMostOne::Zero);
                };
                let mut n = 1;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(if n == 1 {
                    AtMostOne::One(first)
                } else {
                    AtMostOne::Many(n)
                })
            }
        }
        deserializer.deserialize_seq(Rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: DeserializeOwned>(mode: ResponseMode, status: u16, body: &str) -> Result<T, Error> {
        interpret::<T>(
            &Method::GET,
            mode,
            status,
            &HeaderMap::new(),
            body.as_bytes(),
        )
        .map(|r| r.data)
    }

    const MAYBE: ResponseMode = ResponseMode {
        text: false,
        maybe_single: true,
        counted: false,
    };

    #[test]
    fn maybe_single_reads_zero_one_or_several_rows() {
        assert_eq!(read::<Option<Value>>(MAYBE, 200, "[]").ok(), Some(None));
        let one: Option<(i64,)> = read(MAYBE, 200, " [ [7] ] ").expect("one row");
        assert_eq!(one, Some((7,)));
        // Several rows are the server's error even when a row would not decode into `T`.
        match read::<Option<u8>>(MAYBE, 200, r#"[{"a":1},{"a":2},{"a":3}]"#) {
            Err(Error::Postgrest(e)) => {
                assert_eq!(e.code.as_deref(), Some("PGRST116"));
                assert_eq!(e.status, 406);
                assert!(e.details.unwrap_or_default().contains("3 rows"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn one_row_that_does_not_decode_keeps_the_whole_body() {
        let body = r#"[{"id":"x"}]"#;
        match read::<Option<(i64,)>>(MAYBE, 200, body) {
            Err(Error::Decode { body: kept, .. }) => assert_eq!(kept, body),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rows_decode_from_the_body_text_so_numeric_digits_survive() {
        #[derive(Deserialize)]
        struct Row<'a> {
            #[serde(borrow)]
            amount: &'a RawValue,
        }
        let rows: Vec<Box<RawValue>> = read(
            ResponseMode::default(),
            200,
            r#"[{"amount":12345678901234567890.10}]"#,
        )
        .expect("rows");
        let row: Row<'_> = serde_json::from_str(rows[0].get()).expect("row");
        assert_eq!(row.amount.get(), "12345678901234567890.10");
    }

    #[test]
    fn empty_bodies_and_a_404_array_become_no_rows() {
        assert_eq!(
            read::<Option<u8>>(ResponseMode::default(), 201, "").ok(),
            Some(None)
        );
        assert_eq!(
            read::<Vec<u8>>(ResponseMode::default(), 404, "[]").ok(),
            Some(vec![])
        );
        assert_eq!(read::<Option<u8>>(MAYBE, 404, "[]").ok(), Some(None));
    }
}
