//! `CREATE EXTENSION`: the base types of common extensions (`citext`, `hstore`, `ltree`,
//! pgvector's `vector`, PostGIS's `geometry`, ...) become known in the schema the extension is
//! created in (`with schema extensions`, as Supabase projects do; else `public`), so a column
//! `email extensions.citext` has the type the database gives it instead of an unknown one. The
//! types of an extension not listed here stay unknown (with a warning at the column).
//!
//! The known types are per run of the migrations source (a thread-local set up by
//! [`Scope::enter`]), since the schema model holds no base types of its own.

use std::cell::RefCell;

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

use super::apply::{At, State};
use super::names::ident;

/// The base types each known extension creates, and whether a type takes modifiers that
/// `format_type` prints after its name (pgvector's `vector(1536)`).
const EXTENSIONS: &[(&str, &[(&str, bool)])] = &[
    ("citext", &[("citext", false)]),
    ("hstore", &[("hstore", false)]),
    (
        "ltree",
        &[("ltree", false), ("lquery", false), ("ltxtquery", false)],
    ),
    ("cube", &[("cube", false)]),
    ("seg", &[("seg", false)]),
    (
        "isn",
        &[
            ("ean13", false),
            ("isbn", false),
            ("isbn13", false),
            ("ismn", false),
            ("ismn13", false),
            ("issn", false),
            ("issn13", false),
            ("upc", false),
        ],
    ),
    (
        "vector",
        &[("vector", true), ("halfvec", true), ("sparsevec", true)],
    ),
    ("postgis", &[("geometry", true), ("geography", true)]),
];

thread_local! {
    /// `(schema, type, takes modifiers)` of the extensions created so far in this run.
    static TYPES: RefCell<Vec<(String, String, bool)>> = const { RefCell::new(Vec::new()) };
}

/// The extension types of one run of the migrations source: entering clears them, leaving
/// (dropping the scope) clears them again.
pub(crate) struct Scope(());

impl Scope {
    pub(crate) fn enter() -> Scope {
        TYPES.with(|t| t.borrow_mut().clear());
        Scope(())
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        TYPES.with(|t| t.borrow_mut().clear());
    }
}

/// Whether `schema.name` is a base type of an extension created so far: `Some(takes
/// modifiers)`.
pub(crate) fn base_type(schema: &str, name: &str) -> Option<bool> {
    TYPES.with(|t| {
        t.borrow()
            .iter()
            .find(|(s, n, _)| s == schema && n == name)
            .map(|(_, _, m)| *m)
    })
}

/// The schemas holding an extension type `name`, in creation order.
pub(crate) fn schemas_with(name: &str) -> Vec<String> {
    TYPES.with(|t| {
        t.borrow()
            .iter()
            .filter(|(_, n, _)| n == name)
            .map(|(s, _, _)| s.clone())
            .collect()
    })
}

/// Applies `CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]`.
pub(crate) fn create(state: &mut State, at: &At<'_>) {
    let words: Vec<&Token> = at
        .statement
        .tokens
        .iter()
        .map(|t| &t.token)
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let mut i = 2;
    let is_kw = |t: Option<&&Token>, k: Keyword| matches!(t, Some(Token::Word(w)) if w.keyword == k && w.quote_style.is_none());
    if is_kw(words.get(i), Keyword::IF) {
        i += 3;
    }
    let name = match words.get(i) {
        Some(Token::Word(w)) => ident(&w.clone().into_ident(sqlparser::tokenizer::Span::empty())),
        Some(Token::SingleQuotedString(s)) => s.clone(),
        _ => return,
    };
    let mut schema = "public".to_string();
    for k in i + 1..words.len() {
        if is_kw(words.get(k), Keyword::SCHEMA) {
            if let Some(Token::Word(w)) = words.get(k + 1) {
                schema = ident(&w.clone().into_ident(sqlparser::tokenizer::Span::empty()));
            }
        }
    }
    let Some((_, types)) = EXTENSIONS.iter().find(|(e, _)| *e == name) else {
        return;
    };
    if state.model.schema(&schema).is_none() {
        state.warn(
            at,
            format!("CREATE EXTENSION {name} in unknown schema {schema}"),
        );
        return;
    }
    TYPES.with(|t| {
        let mut t = t.borrow_mut();
        for (ty, modifiers) in *types {
            if !t.iter().any(|(s, n, _)| *s == schema && n == ty) {
                t.push((schema.clone(), (*ty).to_string(), *modifiers));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::super::from_files;
    use crate::model::TypeRef;

    #[test]
    fn extension_types_resolve_in_their_schema() {
        let (model, warnings) = from_files(
            &[(
                "1.sql",
                "create extension if not exists citext with schema extensions;
                 create extension vector schema extensions;
                 create table t (email extensions.citext, tags extensions.citext[],
                                 embedding extensions.vector(1536));",
            )],
            &["public"],
        )
        .expect("model");
        assert!(warnings.is_empty(), "{warnings:?}");
        let t = model
            .schema("public")
            .and_then(|s| s.relation("t"))
            .expect("t");
        assert_eq!(
            t.columns[0].type_ref,
            TypeRef::Base {
                schema: "extensions".into(),
                name: "citext".into()
            }
        );
        assert_eq!(t.columns[1].sql_type, "extensions.citext[]");
        assert_eq!(t.columns[2].sql_type, "extensions.vector(1536)");
    }

    #[test]
    fn an_extension_not_created_leaves_the_type_unknown() {
        let (model, warnings) = from_files(
            &[("1.sql", "create table t (email extensions.citext);")],
            &["public"],
        )
        .expect("model");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let t = model
            .schema("public")
            .and_then(|s| s.relation("t"))
            .expect("t");
        assert!(matches!(t.columns[0].type_ref, TypeRef::Unknown { .. }));
    }
}
