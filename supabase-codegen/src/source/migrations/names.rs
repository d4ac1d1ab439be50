//! Identifiers as Postgres folds them: unquoted names lower-cased, quoted names kept.

use sqlparser::ast::{Ident, ObjectName, ObjectNamePart};

/// An identifier as Postgres stores it.
pub(crate) fn ident(ident: &Ident) -> String {
    match ident.quote_style {
        Some('"') => ident.value.clone(),
        _ => ident.value.to_lowercase(),
    }
}

/// `schema.name` or `name`, folded: (`Some(schema)` or `None`, name).
pub(crate) fn object_name(name: &ObjectName) -> (Option<String>, String) {
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|part| match part {
            ObjectNamePart::Identifier(i) => ident(i),
            other => other.to_string(),
        })
        .collect();
    match parts.as_slice() {
        [.., schema, name] => (Some(schema.clone()), name.clone()),
        [name] => (None, name.clone()),
        [] => (None, String::new()),
    }
}

/// `schema.name` with `public` for an unqualified name (the default `search_path`).
pub(crate) fn qualified(name: &ObjectName) -> (String, String) {
    let (schema, name) = object_name(name);
    (schema.unwrap_or_else(|| "public".to_string()), name)
}
