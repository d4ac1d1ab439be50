//! Conversion of postgres_changes values by column type (realtime-js `convertChangeData`,
//! with exact integers, exact `numeric` text and a real Postgres array parser).

use serde_json::{Map, Value};

/// Converts each value of `record` by the type of its column.
pub(crate) fn convert_change_data(
    columns: &[Value],
    record: &Map<String, Value>,
) -> Map<String, Value> {
    record
        .iter()
        .map(|(name, value)| {
            let ty = columns
                .iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
                .and_then(|c| c.get("type"))
                .and_then(Value::as_str);
            let converted = match ty {
                Some(ty) => convert_cell(ty, value.clone()),
                None => value.clone(),
            };
            (name.clone(), converted)
        })
        .collect()
}

pub(crate) fn convert_cell(ty: &str, value: Value) -> Value {
    if let Some(element) = ty.strip_prefix('_') {
        return match &value {
            Value::String(s) => match parse_array(s) {
                Some(items) => Value::Array(
                    items
                        .into_iter()
                        .map(|v| convert_cell(element, v))
                        .collect(),
                ),
                None => value,
            },
            _ => value,
        };
    }
    let Value::String(s) = &value else {
        return value;
    };
    match ty {
        "bool" => match s.as_str() {
            "t" => Value::Bool(true),
            "f" => Value::Bool(false),
            _ => value,
        },
        "int2" | "int4" | "int8" | "oid" => {
            let t = s.trim();
            t.parse::<i64>()
                .map(Value::from)
                .or_else(|_| t.parse::<u64>().map(Value::from))
                .unwrap_or(value)
        }
        "float4" | "float8" => match s.trim().parse::<f64>() {
            Ok(f) if f.is_finite() => serde_json::Number::from_f64(f)
                .map(Value::Number)
                .unwrap_or(value),
            _ => value,
        },
        "json" | "jsonb" => serde_json::from_str(s).unwrap_or(value),
        "timestamp" => Value::String(s.replacen(' ', "T", 1)),
        _ => value,
    }
}

/// Parses a one-dimensional Postgres array literal `{a,"b c",NULL}` into strings and nulls.
fn parse_array(text: &str) -> Option<Vec<Value>> {
    let inner = text.strip_prefix('{')?.strip_suffix('}')?;
    let mut items = Vec::new();
    if inner.is_empty() {
        return Some(items);
    }
    let mut chars = inner.chars().peekable();
    loop {
        let mut item = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            loop {
                match chars.next()? {
                    '\\' => item.push(chars.next()?),
                    '"' => break,
                    c => item.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                item.push(c);
                chars.next();
            }
        }
        items.push(if !quoted && item.eq_ignore_ascii_case("NULL") {
            Value::Null
        } else {
            Value::String(item)
        });
        match chars.next() {
            None => return Some(items),
            Some(',') => continue,
            Some(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_cells() {
        assert_eq!(
            convert_cell("int8", json!("9007199254740993")),
            json!(9007199254740993_i64)
        );
        assert_eq!(convert_cell("float8", json!("1.5")), json!(1.5));
        assert_eq!(convert_cell("float8", json!("NaN")), json!("NaN"));
        assert_eq!(convert_cell("numeric", json!("1.10")), json!("1.10"));
        assert_eq!(
            convert_cell("timestamp", json!("2024-01-01 10:00:00")),
            json!("2024-01-01T10:00:00")
        );
        assert_eq!(convert_cell("jsonb", json!("{\"a\":1}")), json!({"a": 1}));
        assert_eq!(
            convert_cell("_int4", json!("{1,2,NULL}")),
            json!([1, 2, null])
        );
        assert_eq!(
            convert_cell("_text", json!(r#"{a,"b, \"c\"",NULL,"NULL"}"#)),
            json!(["a", "b, \"c\"", null, "NULL"])
        );
        assert_eq!(convert_cell("_bool", json!("{t,f}")), json!([true, false]));
        assert_eq!(convert_cell("_text", json!("{}")), json!([]));
        assert_eq!(convert_cell("bool", json!(true)), json!(true));
    }
}
