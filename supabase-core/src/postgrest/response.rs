//! Turning a PostgREST HTTP response into data, count and status, or an error.

use http::{HeaderMap, Method};
use serde::de::DeserializeOwned;
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

/// Reads a response body by PostgREST's rules into a JSON value (see the fact sheet §1.10).
pub(crate) fn interpret(
    method: &Method,
    mode: ResponseMode,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(Value, Option<u64>, u16, DataSource), Error> {
    let text = || String::from_utf8_lossy(body).into_owned();
    if !(200..300).contains(&status) {
        if let Ok(value) = serde_json::from_slice::<Value>(body) {
            if value.is_array() && status == 404 {
                // Rewritten to a success with no rows; `maybe_single` reads that as no row.
                let data = if mode.maybe_single {
                    Value::Null
                } else {
                    Value::Array(Vec::new())
                };
                return Ok((data, None, 200, DataSource::Synthesized));
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
            return Ok((Value::Null, None, 204, DataSource::Synthesized));
        }
        return Err(Error::Http {
            status,
            body: text(),
        });
    }

    let count = if mode.counted {
        headers
            .get("content-range")
            .and_then(|v| v.to_str().ok())
            .and_then(|range| range.split_once('/'))
            .and_then(|(_, total)| total.trim().parse::<u64>().ok())
    } else {
        None
    };

    let mut source = DataSource::Synthesized;
    let mut data = if *method == Method::HEAD {
        Value::Null
    } else if mode.text {
        Value::String(text())
    } else if body.is_empty() {
        Value::Null
    } else {
        source = DataSource::Body;
        serde_json::from_slice(body).map_err(|source| Error::Decode {
            source,
            status,
            body: text(),
        })?
    };

    if mode.maybe_single {
        if let Value::Array(rows) = &mut data {
            match rows.len() {
                0 => {
                    data = Value::Null;
                    source = DataSource::Synthesized;
                }
                1 => {
                    data = rows.pop().unwrap_or(Value::Null);
                    source = DataSource::OnlyElement;
                }
                n => {
                    return Err(Error::Postgrest(PostgrestError {
                        code: Some("PGRST116".to_owned()),
                        message: "JSON object requested, multiple (or no) rows returned".to_owned(),
                        details: Some(format!(
                            "Results contain {n} rows, application/vnd.pgrst.object+json requires 1 row"
                        )),
                        hint: None,
                        status: 406,
                    }))
                }
            }
        }
    }
    Ok((data, count, status, source))
}

/// Where the interpreted value came from, so the caller's type can be decoded from the body's
/// own text: a `serde_json::Value` holds numbers as `f64`, which would drop digits of a
/// `numeric` (and its trailing zeros) that `types::Numeric` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DataSource {
    /// The value is the body's JSON.
    Body,
    /// The value is the only element of the body's JSON array (`maybe_single`).
    OnlyElement,
    /// The value was made up (no body, text, HEAD, a 404 rewritten to no rows).
    Synthesized,
}

/// Decodes the interpreted value into the caller's type, keeping the raw body on failure.
pub(crate) fn decode<T: DeserializeOwned>(
    data: Value,
    source: DataSource,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    let decoded = match source {
        DataSource::Body => serde_json::from_slice::<T>(body),
        DataSource::OnlyElement => serde_json::from_slice::<(T,)>(body).map(|(one,)| one),
        DataSource::Synthesized => serde_json::from_value(data),
    };
    decoded.map_err(|source| Error::Decode {
        source,
        status,
        body: String::from_utf8_lossy(body).into_owned(),
    })
}
