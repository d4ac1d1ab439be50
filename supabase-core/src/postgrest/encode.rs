//! Encoding of filter values by PostgREST's URL grammar and Postgres array literals.
//!
//! PostgREST reads list values (`in.(a,b)`) and logic-tree values (`or=(a.eq.x,…)`) with
//! delimiters: `,` `(` `)` and, by its documented grammar, `.` `:` `*` are reserved too. A value
//! holding any of them, a quote, a backslash, or leading/trailing whitespace is written as `"…"` with `\"` and `\\`
//! escapes, so no value can add or change a filter. postgrest-js quotes only strings with `,()`
//! and escapes nothing; this is the stricter rule the server documents.

use std::fmt::{self, Display, Write as _};

/// Quotes a value for a PostgREST list or logic tree when it needs it.
///
/// ```
/// use supabase_core::quote_list_value;
/// assert_eq!(quote_list_value("plain"), "plain");
/// assert_eq!(quote_list_value("12.5"), "12.5");
/// assert_eq!(quote_list_value("a,b"), r#""a,b""#);
/// assert_eq!(quote_list_value(r#"say "hi" \o/"#), r#""say \"hi\" \\o/""#);
/// assert_eq!(quote_list_value(""), r#""""#);
/// ```
pub fn quote_list_value(value: &str) -> String {
    if !needs_list_quotes(value) {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len() + 2);
    push_quoted(&mut out, value);
    out
}

/// `"…"` with `\"` and `\\` escapes, appended to `out`.
fn push_quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

fn needs_list_quotes(value: &str) -> bool {
    if value.is_empty() {
        return true;
    }
    // All reserved characters are ASCII, so a byte scan finds them; a number (which may hold
    // `.`) is never quoted.
    let reserved = has_edge_whitespace(value)
        || value.bytes().any(|b| {
            matches!(
                b,
                b',' | b'.' | b':' | b'*' | b'(' | b')' | b'"' | b'\\' | b'{' | b'}'
            )
        });
    reserved && !is_plain_number(value)
}

/// Both PostgREST's list parser and Postgres's array parser trim unquoted values; inner
/// whitespace is kept as it is.
fn has_edge_whitespace(value: &str) -> bool {
    value.starts_with(char::is_whitespace) || value.ends_with(char::is_whitespace)
}

/// True for `-12`, `3.5`, `1e-3`: numbers, which never clash with PostgREST's delimiters.
fn is_plain_number(value: &str) -> bool {
    let body = value.strip_prefix('-').unwrap_or(value);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int) && frac.map_or(true, digits);
    let exponent_ok = exponent.map_or(true, |e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// Writes a Postgres array literal `{a,b}`, quoting elements that need it (`"a,b"`, `""`, `"NULL"`).
///
/// ```
/// use supabase_core::array_literal;
/// assert_eq!(array_literal(["is:closed", "severity:high"]), "{is:closed,severity:high}");
/// assert_eq!(array_literal(["a b", " c", "x,y", "NULL", r#"q"\"#]), r#"{a b," c","x,y","NULL","q\"\\"}"#);
/// ```
pub fn array_literal<I>(items: I) -> String
where
    I: IntoIterator,
    I::Item: Display,
{
    let mut out = String::new();
    push_array_literal(&mut out, items);
    out
}

/// [`array_literal`] appended to `out`: each element is written in place and quoted only if
/// it needs it.
pub(crate) fn push_array_literal<I>(out: &mut String, items: I)
where
    I: IntoIterator,
    I::Item: Display,
{
    out.push('{');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let start = out.len();
        let _ = write!(out, "{item}");
        if array_element_needs_quotes(&out[start..]) {
            let element = out.split_off(start);
            push_quoted(out, &element);
        }
    }
    out.push('}');
}

fn array_element_needs_quotes(element: &str) -> bool {
    element.is_empty()
        || element.eq_ignore_ascii_case("null")
        || element
            .chars()
            .any(|c| matches!(c, ',' | '{' | '}' | '"' | '\\'))
        || has_edge_whitespace(element)
}

/// `(a,b,"c,d")`: a PostgREST list for `in`, de-duplicated like postgrest-js, each value quoted when needed.
pub(crate) fn list<I>(items: I) -> String
where
    I: IntoIterator,
    I::Item: Display,
{
    let mut out = String::new();
    push_list(&mut out, items);
    out
}

/// [`list`] appended to `out`. Each value is written in place, then quoted if it needs it;
/// duplicates are dropped by comparing the quoted forms (quoting is one-to-one).
pub(crate) fn push_list<I>(out: &mut String, items: I)
where
    I: IntoIterator,
    I::Item: Display,
{
    out.push('(');
    let list_start = out.len();
    // Ranges of the values written so far; the first few without allocating.
    let mut small = [(0usize, 0usize); 8];
    let mut more: Vec<(usize, usize)> = Vec::new();
    let mut count = 0usize;
    for item in items {
        let separator = out.len();
        if count > 0 {
            out.push(',');
        }
        let start = out.len();
        let _ = write!(out, "{item}");
        if needs_list_quotes(&out[start..]) {
            let raw = out.split_off(start);
            push_quoted(out, &raw);
        }
        let range = (start, out.len());
        let text = &out[start..];
        let seen = small[..count.min(small.len())]
            .iter()
            .chain(more.iter())
            .any(|&(s, e)| &out[s..e] == text);
        if seen {
            out.truncate(separator);
            continue;
        }
        if count < small.len() {
            small[count] = range;
        } else {
            more.push(range);
        }
        count += 1;
    }
    // PostgREST reads `("")` as an empty list; `("","")` is the list holding the empty string.
    if count == 1 && &out[list_start..] == r#""""# {
        out.push_str(r#","""#);
    }
    out.push(')');
}

/// The right-hand side of `contains`, `contained_by` and `overlaps`.
///
/// A string is sent as it is (a range like `[1,5)`, or an array/JSON literal you wrote);
/// [`ContainValue::array`] builds a Postgres array literal with proper quoting; a JSON object is
/// sent as JSON text and a JSON array becomes an array literal.
///
/// ```
/// use supabase_core::ContainValue;
/// assert_eq!(ContainValue::array(["a", "b,c"]).to_string(), r#"{a,"b,c"}"#);
/// assert_eq!(ContainValue::from(serde_json::json!({"k": 1})).to_string(), r#"{"k":1}"#);
/// assert_eq!(ContainValue::from("[1,5)").to_string(), "[1,5)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainValue(String);

impl ContainValue {
    /// An array literal from any list of displayable values.
    ///
    /// ```
    /// assert_eq!(supabase_core::ContainValue::array([1, 2]).to_string(), "{1,2}");
    /// ```
    pub fn array<I>(items: I) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        ContainValue(array_literal(items))
    }

    /// A value sent exactly as written (PostgREST syntax).
    ///
    /// ```
    /// assert_eq!(supabase_core::ContainValue::raw("{1,2}").to_string(), "{1,2}");
    /// ```
    pub fn raw(text: impl Into<String>) -> Self {
        ContainValue(text.into())
    }

    /// The encoded text.
    ///
    /// ```
    /// assert_eq!(supabase_core::ContainValue::raw("x").as_str(), "x");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Display for ContainValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ContainValue {
    fn from(value: &str) -> Self {
        ContainValue(value.to_owned())
    }
}

impl From<String> for ContainValue {
    fn from(value: String) -> Self {
        ContainValue(value)
    }
}

impl<T: Display> From<Vec<T>> for ContainValue {
    fn from(value: Vec<T>) -> Self {
        ContainValue::array(value)
    }
}

impl<T: Display> From<&[T]> for ContainValue {
    fn from(value: &[T]) -> Self {
        ContainValue::array(value)
    }
}

impl<T: Display, const N: usize> From<[T; N]> for ContainValue {
    fn from(value: [T; N]) -> Self {
        ContainValue::array(value)
    }
}

impl From<serde_json::Value> for ContainValue {
    fn from(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::String(s) => ContainValue(s),
            serde_json::Value::Array(items) => ContainValue::array(items.iter().map(JsonScalar)),
            other => ContainValue(other.to_string()),
        }
    }
}

/// Displays a JSON value the way a JavaScript template literal would: strings without quotes.
pub(crate) struct JsonScalar<'a>(pub(crate) &'a serde_json::Value);

impl Display for JsonScalar<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            serde_json::Value::String(s) => f.write_str(s),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write!(f, "{}", JsonScalar(item))?;
                }
                Ok(())
            }
            other => write!(f, "{other}"),
        }
    }
}

#[cfg(test)]
fn clean_columns(columns: &str) -> String {
    let mut out = String::with_capacity(columns.len());
    push_clean_columns(&mut out, columns);
    out
}

/// Appends a select string to `out` without the whitespace outside double quotes
/// (`a, b ,"my col"` → `a,b,"my col"`).
pub(crate) fn push_clean_columns(out: &mut String, columns: &str) {
    if !columns.contains(|c: char| c.is_whitespace()) {
        out.push_str(columns);
        return;
    }
    let mut quoted = false;
    for c in columns.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            continue;
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_not_quoted() {
        for n in ["0", "-1", "3.25", "1e10", "-2.5E-3"] {
            assert_eq!(quote_list_value(n), n);
        }
        for not_number in ["1.", ".5", "1.2.3", "1.e5"] {
            assert!(
                quote_list_value(not_number).starts_with('"'),
                "{not_number}"
            );
        }
    }

    #[test]
    fn list_dedups_in_order() {
        assert_eq!(list(["b", "a", "b"]), "(b,a)");
        assert_eq!(list(["a(b)", "x"]), r#"("a(b)",x)"#);
        assert_eq!(list([""]), r#"("","")"#);
        assert_eq!(list(["", "a"]), r#"("",a)"#);
    }

    #[test]
    fn clean_columns_keeps_quoted_spaces() {
        assert_eq!(clean_columns("a, b ,\"my col\""), "a,b,\"my col\"");
        assert_eq!(clean_columns(" * , cities ( name ) "), "*,cities(name)");
    }
}
