//! The filter rule of a function's rows: PostgREST 12 applies the filters and the ordering of a
//! function call (`/rpc/fn?select=a,b&c=eq.1&order=d`) to the selected columns only, so a column
//! used in WHERE or ORDER BY that is not in the select list answers 42703 ("column … does not
//! exist") at run time. `query!` refuses that at compile time and says how to write it.

use std::collections::HashSet;

use sqlparser::ast::{Expr, OrderByKind, Query, Select, Spanned};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::error::SqlResult;
use super::lower::{unsupported, Item};
use super::resolve::Source;

/// Checks that every column of the function's rows named in WHERE or ORDER BY is selected.
pub(crate) fn filters_on_selected(
    select: &Select,
    query: &Query,
    source: &Source<'_>,
    items: &[Item],
) -> SqlResult<()> {
    let selected: HashSet<&str> = items.iter().filter_map(|i| i.column.as_deref()).collect();
    let mut exprs: Vec<&Expr> = Vec::new();
    if let Some(selection) = &select.selection {
        exprs.push(selection);
    }
    if let Some(order_by) = &query.order_by {
        if let OrderByKind::Expressions(list) = &order_by.kind {
            exprs.extend(list.iter().map(|o| &o.expr));
        }
    }
    for expr in exprs {
        for name in column_words(expr) {
            let of_rows = source.columns.iter().any(|c| c.name == name);
            if of_rows && !selected.contains(name.as_str()) {
                return Err(unsupported(
                    &format!(
                        "a filter or ordering on `{name}`, which is not selected: PostgREST 12 \
                         filters and orders a function's rows after picking the selected \
                         columns (it would answer 42703); add `{name}` to the select list"
                    ),
                    expr.span(),
                ));
            }
        }
    }
    Ok(())
}

/// The identifiers of an expression as PostgreSQL reads them (unquoted ones folded to lower
/// case); string literals and parameters are other tokens and never match.
fn column_words(expr: &Expr) -> Vec<String> {
    let text = expr.to_string();
    let Ok(tokens) = Tokenizer::new(&PostgreSqlDialect {}, &text).tokenize() else {
        return Vec::new();
    };
    tokens
        .into_iter()
        .filter_map(|t| match t {
            Token::Word(w) if w.quote_style.is_some() => Some(w.value),
            Token::Word(w) => Some(w.value.to_lowercase()),
            _ => None,
        })
        .collect()
}
