//! Column names in PostgREST's URL grammar; used by the query builder and by [`crate::Table`]
//! (which compiles without the `postgrest` feature, for realtime payloads).

/// Writes a column name as PostgREST reads a field name in `select`, filter keys, `order` and
/// `on_conflict`: bare when it is only ASCII letters, digits, `_` and `$` and not one of the
/// query string's own keys (`select`, `order`, `limit`, `offset`, `on_conflict`, `columns`,
/// `and`, `or`, `not`); otherwise in double quotes with `\"` and `\\` escapes, which PostgREST
/// accepts in each of these places. Unquoted, `zip code` would lose its space in a select list
/// and a column named `order` would be taken for the `order` parameter.
///
/// ```
/// use supabase_core::quote_field_name;
/// assert_eq!(quote_field_name("created_at"), "created_at");
/// assert_eq!(quote_field_name("zip code"), r#""zip code""#);
/// assert_eq!(quote_field_name("userId"), "userId");
/// assert_eq!(quote_field_name("order"), r#""order""#);
/// assert_eq!(quote_field_name("a.b"), r#""a.b""#);
/// assert_eq!(quote_field_name(r#"say "hi""#), r#""say \"hi\"""#);
/// ```
pub fn quote_field_name(name: &str) -> std::borrow::Cow<'_, str> {
    const QUERY_KEYS: &[&str] = &[
        "select",
        "order",
        "limit",
        "offset",
        "on_conflict",
        "columns",
        "and",
        "or",
        "not",
    ];
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !QUERY_KEYS.contains(&name);
    if bare {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    std::borrow::Cow::Owned(out)
}
