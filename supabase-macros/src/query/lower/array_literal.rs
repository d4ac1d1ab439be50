//! PostgreSQL's text form of a one-dimensional array (`'{a,"b c",3}'`), read into its items.

/// The items of `text`, or `None` when it is not a one-dimensional array literal without NULL
/// (a NULL item would need `is null` beside the list, and a nested array is another type).
pub(super) fn items(text: &str) -> Option<Vec<String>> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    let mut items = Vec::new();
    if inner.trim().is_empty() {
        return Some(items);
    }
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next()? {
                    '\\' => item.push(chars.next()?),
                    '"' => break,
                    c => item.push(c),
                }
            }
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                if matches!(c, '{' | '}' | '"') {
                    return None;
                }
                if c == '\\' {
                    chars.next();
                    item.push(chars.next()?);
                    continue;
                }
                item.push(c);
                chars.next();
            }
            let trimmed = item.trim_end();
            if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("null") {
                return None;
            }
            item = trimmed.to_owned();
        }
        items.push(item);
        match chars.next() {
            None => return Some(items),
            Some(',') => {}
            Some(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::items;

    fn owned(items: &[&str]) -> Option<Vec<String>> {
        Some(items.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn plain_quoted_and_escaped_items() {
        assert_eq!(
            items("{published,completed}"),
            owned(&["published", "completed"])
        );
        assert_eq!(items("{ a , b }"), owned(&["a", "b"]));
        assert_eq!(
            items(r#"{"in progress","say \"hi\"",x}"#),
            owned(&["in progress", r#"say "hi""#, "x"])
        );
        assert_eq!(items(r#"{"NULL"}"#), owned(&["NULL"]));
        assert_eq!(items("{1,2.5}"), owned(&["1", "2.5"]));
        assert_eq!(items("{}"), owned(&[]));
    }

    #[test]
    fn not_a_flat_array_without_null() {
        assert_eq!(items("published"), None);
        assert_eq!(items("{a,NULL}"), None);
        assert_eq!(items("{{1,2},{3,4}}"), None);
        assert_eq!(items("{a,,b}"), None);
        assert_eq!(items(r#"{"open}"#), None);
    }
}
