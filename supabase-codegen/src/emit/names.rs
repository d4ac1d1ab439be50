//! Rust names for Postgres names: snake_case fields and modules, UpperCamel types, raw
//! identifiers for keywords, and a [`Namer`] that keeps the names of one scope unique.
//!
//! Identifiers are ASCII: Latin letters with accents lose them (`café` → `cafe`, `straße` →
//! `strasse`), any other non-ASCII letter or digit becomes a word of its own, `u` and its code
//! point in hex (`名前` → `u540d_u524d`), so that no lint about Unicode identifiers fires and
//! every name stays readable in an editor. The real name is never lost: every field carries
//! `#[serde(rename = "…")]` and every constant the real text.
//!
//! ```text
//! "zip code" → zip_code      "userId" → user_id      "type" → r#type     "1st" → _1st
//! "user_id" and "userId" in one table → user_id and user_id_2
//! ```

use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use",
    "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The ASCII letters of a Latin letter with a diacritic (lowercase), if it is one.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ß' => "ss",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Splits a Postgres name into lowercase ASCII words on anything that is not a letter or digit
/// and on lower→upper case changes.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                flush(&mut current, &mut words);
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            current.push(c.to_ascii_lowercase());
        } else if let Some(ascii) = c.to_lowercase().next().and_then(fold) {
            if c.is_uppercase() && prev_lower {
                flush(&mut current, &mut words);
            }
            prev_lower = true;
            current.push_str(ascii);
        } else if c.is_alphanumeric() {
            flush(&mut current, &mut words);
            words.push(format!("u{:x}", u32::from(c)));
            prev_lower = false;
        } else {
            flush(&mut current, &mut words);
            prev_lower = false;
        }
    }
    flush(&mut current, &mut words);
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

/// `SCREAMING_SNAKE` for constants (never a keyword).
pub(crate) fn upper(name: &str) -> String {
    snake(name).trim_start_matches("r#").to_uppercase()
}

/// A Postgres name as shown inside a doc comment's backticks: control characters escaped
/// (a newline would end the comment), backticks replaced by `'`.
pub(crate) fn shown(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '`' => "'".to_owned(),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// A Rust string literal.
pub(crate) fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// Unique identifiers within one Rust scope.
#[derive(Debug, Default)]
pub(crate) struct Namer {
    used: BTreeSet<String>,
    /// Names are `SCREAMING_SNAKE` constants: suffixes are `_2`, never `2`.
    screaming: bool,
}

impl Namer {
    /// A scope where `reserved` names are already taken.
    pub(crate) fn new(reserved: &[&str]) -> Namer {
        Namer {
            used: reserved.iter().map(|s| (*s).to_owned()).collect(),
            screaming: false,
        }
    }

    /// A scope of `SCREAMING_SNAKE` constants.
    pub(crate) fn screaming() -> Namer {
        Namer {
            used: BTreeSet::new(),
            screaming: true,
        }
    }

    /// `ident` if free, else `ident_2`, `ident_3` … (`Ident2` for UpperCamel names, `Ident1_2`
    /// after a digit); marks the result as used.
    pub(crate) fn take(&mut self, ident: &str) -> String {
        let plain = ident.trim_start_matches("r#");
        let camel = !self.screaming && plain.starts_with(|c: char| c.is_ascii_uppercase());
        let mut candidate = ident.to_owned();
        let mut n = 2;
        while self.used.contains(candidate.trim_start_matches("r#")) {
            candidate = if camel && !plain.ends_with(|c: char| c.is_ascii_digit()) {
                format!("{plain}{n}")
            } else {
                format!("{plain}_{n}")
            };
            n += 1;
        }
        self.used
            .insert(candidate.trim_start_matches("r#").to_owned());
        candidate
    }
}

/// Identifiers for `names` (in order) made by `make`, unique within the scope `namer`: a name
/// whose identifier is the name itself (`user_id`) keeps it; the others (`userId`) take a
/// suffix when theirs is taken.
pub(crate) fn unique<S: AsRef<str>>(
    namer: &mut Namer,
    names: &[S],
    make: fn(&str) -> String,
) -> Vec<String> {
    let mut out: Vec<Option<String>> = vec![None; names.len()];
    for (i, name) in names.iter().enumerate() {
        let ident = make(name.as_ref());
        if ident == name.as_ref() && !namer.used.contains(&ident) {
            out[i] = Some(namer.take(&ident));
        }
    }
    for (i, name) in names.iter().enumerate() {
        if out[i].is_none() {
            out[i] = Some(namer.take(&make(name.as_ref())));
        }
    }
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("createdAt"), "created_at");
        assert_eq!(snake("my col"), "my_col");
        assert_eq!(snake("zip code"), "zip_code");
        assert_eq!(snake("e-mail"), "e_mail");
        assert_eq!(snake("1st"), "_1st");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("Café Crème"), "cafe_creme");
        assert_eq!(snake("Straße"), "strasse");
        assert_eq!(snake("名前"), "u540d_u524d");
        assert_eq!(snake("Ωmega"), "u3a9_mega");
        assert_eq!(camel("user_status"), "UserStatus");
        assert_eq!(camel("ONLINE"), "Online");
        assert_eq!(camel("in progress"), "InProgress");
        assert_eq!(camel("3d"), "_3d");
        assert_eq!(camel(""), "Value");
        assert_eq!(camel("señal"), "Senal");
        assert_eq!(upper("type"), "TYPE");
    }

    #[test]
    fn collisions_take_a_suffix_and_exact_names_win() {
        let mut scope = Namer::default();
        assert_eq!(
            unique(
                &mut scope,
                &["userId", "user_id", "UserID", "type", "Type"],
                snake
            ),
            ["user_id_2", "user_id", "user_id_3", "r#type", "type_2"]
        );
        let mut scope = Namer::new(&["functions"]);
        assert_eq!(unique(&mut scope, &["functions"], snake), ["functions_2"]);
        let mut scope = Namer::default();
        assert_eq!(
            unique(
                &mut scope,
                &["ONLINE", "online", "Online", "a1", "A1"],
                camel
            ),
            ["Online2", "Online3", "Online", "A1_2", "A1"]
        );
    }
}
