//! Rust names for Postgres names: snake_case fields and modules, UpperCamel types, raw
//! identifiers for keywords.

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use",
    "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits a Postgres name into lowercase words on anything that is not a letter or digit and on
/// lower→upper case changes.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn fix_start(mut name: String, fallback: &str) -> String {
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

/// A snake_case identifier (`r#type` for keywords).
pub(crate) fn snake(name: &str) -> String {
    let ident = fix_start(words(name).join("_"), "field");
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// An UpperCamel type or variant name.
pub(crate) fn camel(name: &str) -> String {
    let joined: String = words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect();
    let ident = fix_start(joined, "Value");
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// A Rust string literal.
pub(crate) fn literal(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("createdAt"), "created_at");
        assert_eq!(snake("my col"), "my_col");
        assert_eq!(snake("1st"), "_1st");
        assert_eq!(snake("self"), "self_");
        assert_eq!(camel("user_status"), "UserStatus");
        assert_eq!(camel("ONLINE"), "Online");
        assert_eq!(camel("in progress"), "InProgress");
        assert_eq!(camel("3d"), "_3d");
        assert_eq!(camel(""), "Value");
    }
}
