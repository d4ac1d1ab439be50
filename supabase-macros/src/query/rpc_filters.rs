//! The filter rule of a function's rows: PostgREST 12 applies the filters and the ordering of a
//! function call (`/rpc/fn?select=a,b&c=eq.1&order=d`) to the selected columns only, so a column
//! used in WHERE or ORDER BY that is not in the select list answers 42703 ("column … does not
//! exist") at run time. `query!` adds such a column to the request's select list and leaves it
//! out of the row type (the decoder ignores the extra key).

use std::collections::HashSet;

use sqlparser::ast::{Expr, OrderByKind, Query, Select};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::error::{SqlError, SqlResult};
use super::lower::Item;
use super::resolve::Source;

/// The columns of the function's rows named in WHERE or ORDER BY but not selected, in order of
/// appearance: the request selects them too. A column whose name is the output key of another
/// select item (an alias) would appear twice in one JSON object: that is refused.
pub(crate) fn unselected_filter_columns(
    select: &Select,
    query: &Query,
    source: &Source<'_>,
    items: &[Item],
) -> SqlResult<Vec<String>> {
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
    let mut hidden: Vec<String> = Vec::new();
    for expr in exprs {
        for name in column_words(expr) {
            let of_rows = source.columns.iter().any(|c| c.name == name);
            if !of_rows || selected.contains(name.as_str()) || hidden.contains(&name) {
                continue;
            }
            if let Some(item) = items.iter().find(|i| i.key == name) {
                return Err(SqlError::new(
                    format!(
                        "`{name}` is filtered or ordered on and is also the name of this select \
                         item: PostgREST 12 filters a function's rows on the selected columns, so \
                         `query!` selects `{name}` too, and one row cannot hold two `{name}` \
                         keys; give this item another alias"
                    ),
                    item.span,
                ));
            }
            hidden.push(name);
        }
    }
    Ok(hidden)
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
