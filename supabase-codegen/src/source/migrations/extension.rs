//! `CREATE EXTENSION`: the base types of common extensions (`citext`, `hstore`, `ltree`,
//! pgvector's `vector`, PostGIS's `geometry`, ...) become known in the schema the extension is
//! created in (`with schema extensions`, as Supabase projects do; else `public`), so a column
//! `email extensions.citext` has the type the database gives it instead of an unknown one. The
//! types of an extension not listed here stay unknown (with a warning at the column).
//!
//! The functions of those extensions are known too, so that an unqualified call in a default
//! (`default uuid_generate_v4()`, which a Supabase role finds through its `search_path`) is
//! printed qualified like `pg_get_expr` prints it (`extensions.uuid_generate_v4()`).
//!
//! What is known is per run of the migrations source (a thread-local set up by
//! [`Scope::enter`], with the run's `search_path`), since the schema model holds no base types
//! of its own.

use std::cell::RefCell;

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

use super::apply::{At, State};
use super::names::ident;

/// One known extension: its base types (and whether `format_type` prints their modifiers
/// after the name, like pgvector's `vector(1536)`) and the functions user migrations call.
struct Extension {
    name: &'static str,
    types: &'static [(&'static str, bool)],
    functions: &'static [&'static str],
}

const fn e(
    name: &'static str,
    types: &'static [(&'static str, bool)],
    functions: &'static [&'static str],
) -> Extension {
    Extension {
        name,
        types,
        functions,
    }
}

const EXTENSIONS: &[Extension] = &[
    e("citext", &[("citext", false)], &[]),
    e(
        "hstore",
        &[("hstore", false)],
        &["hstore", "akeys", "avals", "hstore_to_json"],
    ),
    e(
        "ltree",
        &[("ltree", false), ("lquery", false), ("ltxtquery", false)],
        &["nlevel", "subltree", "subpath", "text2ltree", "ltree2text"],
    ),
    e("cube", &[("cube", false)], &["cube"]),
    e("seg", &[("seg", false)], &[]),
    e(
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
        &[],
    ),
    e(
        "vector",
        &[("vector", true), ("halfvec", true), ("sparsevec", true)],
        &[],
    ),
    e("postgis", &[("geometry", true), ("geography", true)], &[]),
    e(
        "uuid-ossp",
        &[],
        &[
            "uuid_generate_v1",
            "uuid_generate_v1mc",
            "uuid_generate_v3",
            "uuid_generate_v4",
            "uuid_generate_v5",
            "uuid_nil",
        ],
    ),
    e(
        "pgcrypto",
        &[],
        &["gen_random_bytes", "gen_salt", "crypt", "digest", "hmac"],
    ),
    e(
        "pg_trgm",
        &[],
        &["similarity", "word_similarity", "show_trgm"],
    ),
    e("unaccent", &[], &["unaccent"]),
    e("moddatetime", &[], &["moddatetime"]),
    e("pg_hashids", &[], &["id_encode", "id_decode"]),
];

thread_local! {
    /// `(schema, type, takes modifiers)` of the extensions created so far in this run.
    static TYPES: RefCell<Vec<(String, String, bool)>> = const { RefCell::new(Vec::new()) };
    /// `(schema, function)` of the extensions created so far in this run.
    static FUNCTIONS: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
    /// The run's `search_path`.
    static SEARCH_PATH: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// One run of the migrations source: entering sets its `search_path` and forgets the
/// extensions of any earlier run; leaving (dropping the scope) clears everything.
pub(crate) struct Scope(());

impl Scope {
    pub(crate) fn enter(search_path: &[&str]) -> Scope {
        clear();
        SEARCH_PATH.with(|p| *p.borrow_mut() = search_path.iter().map(|s| s.to_string()).collect());
        Scope(())
    }
}

fn clear() {
    TYPES.with(|t| t.borrow_mut().clear());
    FUNCTIONS.with(|t| t.borrow_mut().clear());
    SEARCH_PATH.with(|t| t.borrow_mut().clear());
}

impl Drop for Scope {
    fn drop(&mut self) {
        clear();
    }
}

/// The run's `search_path` (`public` when none was set).
pub(crate) fn search_path() -> Vec<String> {
    let path = SEARCH_PATH.with(|p| p.borrow().clone());
    if path.is_empty() {
        vec!["public".to_string()]
    } else {
        path
    }
}

/// Whether an extension created in `schema` has a function `name`.
pub(crate) fn has_function(schema: &str, name: &str) -> bool {
    FUNCTIONS.with(|f| f.borrow().iter().any(|(s, n)| s == schema && n == name))
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

/// The first schema of the `search_path` holding an extension type `name`.
pub(crate) fn visible_type_schema(name: &str) -> Option<String> {
    search_path()
        .into_iter()
        .find(|s| base_type(s, name).is_some())
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
    if !EXTENSIONS.iter().any(|e| e.name == name) {
        return;
    }
    if state.model.schema(&schema).is_none() {
        state.warn(
            at,
            format!("CREATE EXTENSION {name} in unknown schema {schema}"),
        );
        return;
    }
    install(&name, &schema);
}

/// The extensions every Supabase project has in `extensions` before its first migration
/// (`uuid-ossp` and `pgcrypto`): their functions resolve without a `CREATE EXTENSION`.
pub(crate) fn preinstalled() {
    for name in ["uuid-ossp", "pgcrypto"] {
        install(name, "extensions");
    }
}

/// Makes the types and functions of the extension `name` known in `schema`.
fn install(name: &str, schema: &str) {
    let schema = schema.to_string();
    let Some(extension) = EXTENSIONS.iter().find(|e| e.name == name) else {
        return;
    };
    TYPES.with(|t| {
        let mut t = t.borrow_mut();
        for (ty, modifiers) in extension.types {
            if !t.iter().any(|(s, n, _)| *s == schema && n == ty) {
                t.push((schema.clone(), (*ty).to_string(), *modifiers));
            }
        }
    });
    FUNCTIONS.with(|f| {
        let mut f = f.borrow_mut();
        for function in extension.functions {
            if !f.iter().any(|(s, n)| *s == schema && n == function) {
                f.push((schema.clone(), (*function).to_string()));
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
