//! What a view reads, for `DROP .. CASCADE`: dropping a table or view with `CASCADE` drops the
//! views over it (and the views over those), as PostgreSQL does. A view's dependencies are the
//! relations named after `FROM` or `JOIN` anywhere in its query (subqueries and `WITH` queries
//! included) that the model knows when the view is created.

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

use super::apply::State;
use super::names::ident;
use super::parse::Statement;

/// One view and the relations it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ViewDeps {
    pub(crate) view: (String, String),
    pub(crate) reads: Vec<(String, String)>,
}

/// Records what the view `schema.view`, created by `statement`, reads.
pub(crate) fn record(state: &mut State, schema: &str, view: &str, statement: &Statement) {
    let solid: Vec<&Token> = statement
        .tokens
        .iter()
        .map(|t| &t.token)
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let mut reads = Vec::new();
    for (i, t) in solid.iter().enumerate() {
        let Token::Word(w) = t else { continue };
        if w.quote_style.is_some() || !matches!(w.keyword, Keyword::FROM | Keyword::JOIN) {
            continue;
        }
        let part = |k: usize| match solid.get(k) {
            Some(Token::Word(w)) => Some(ident(
                &w.clone().into_ident(sqlparser::tokenizer::Span::empty()),
            )),
            _ => None,
        };
        let Some(first) = part(i + 1) else { continue };
        let name = if matches!(solid.get(i + 2), Some(Token::Period)) {
            part(i + 3).map(|n| (first, n))
        } else {
            Some(("public".to_string(), first))
        };
        if let Some((s, n)) = name {
            let known = state
                .model
                .schema(&s)
                .is_some_and(|sc| sc.relation(&n).is_some());
            if known && !reads.contains(&(s.clone(), n.clone())) {
                reads.push((s, n));
            }
        }
    }
    let view = (schema.to_string(), view.to_string());
    state.view_deps.retain(|d| d.view != view);
    state.view_deps.push(ViewDeps { view, reads });
}

/// `schema.name` was dropped with `CASCADE`: the views reading it (transitively) go too.
pub(crate) fn drop_cascade(state: &mut State, schema: &str, name: &str) {
    let mut gone = vec![(schema.to_string(), name.to_string())];
    let mut i = 0;
    while i < gone.len() {
        let dropped = gone[i].clone();
        for d in &state.view_deps {
            if d.reads.contains(&dropped) && !gone.contains(&d.view) {
                gone.push(d.view.clone());
            }
        }
        i += 1;
    }
    for (s, v) in &gone[1..] {
        if let Some(sc) = state.schema_mut(s) {
            sc.relations.retain(|r| r.name != *v);
        }
    }
    state.view_deps.retain(|d| !gone.contains(&d.view));
}
