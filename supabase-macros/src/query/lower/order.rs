//! ORDER BY, LIMIT and OFFSET.

use sqlparser::ast::{Expr, LimitClause, OrderByKind, Query, SelectItem, SetExpr, Spanned, Value};

use super::aggregate::aggregate;
use super::column_ref::{column_ref, pgrst_name};
use super::select_list::embed_head;
use super::{expression_feature, inexpressible, unsupported, Lower};
use crate::query::error::{SqlError, SqlResult};
use crate::query::plan::{Count, Step};
use crate::query::resolve::Source;

impl Lower<'_> {
    /// ORDER BY, LIMIT, OFFSET. Returns the select entries ordering needs beyond the select
    /// list: an empty, aliased second embed of a to-one joined table (`__sort_c:companies!inner()`)
    /// to order by one of its columns the select list does not return (PostgREST 12 orders by
    /// `rel(col)` only among the columns the embed `rel` returns, any of them when it returns
    /// none; an empty embed adds no key to the rows).
    pub(crate) fn order_and_limit(
        &mut self,
        query: &Query,
        sources: &[Source<'_>],
        steps: &mut Vec<Step>,
    ) -> SqlResult<Vec<String>> {
        let mut extra: Vec<String> = Vec::new();
        if let Some(order_by) = &query.order_by {
            let OrderByKind::Expressions(exprs) = &order_by.kind else {
                return Err(unsupported("ORDER BY ALL", order_by.span()));
            };
            let aliases = select_aliases(query);
            let mut child_seen = false;
            for item in exprs {
                let desc = item.options.asc == Some(false);
                let nulls = item.options.nulls_first;
                // ORDER BY an output name: the aliased column, or an aggregate (which
                // PostgREST 12 cannot order by).
                let mut expr = &item.expr;
                // ORDER BY 2: the second select item.
                if let Expr::Value(v) = expr {
                    if let Value::Number(n, _) = &v.value {
                        let items = select_items(query);
                        let Some(nth) = n
                            .parse::<usize>()
                            .ok()
                            .and_then(|n| n.checked_sub(1))
                            .and_then(|i| items.get(i))
                        else {
                            return Err(SqlError::new(
                                format!(
                                    "ORDER BY {n}: the select list has {} item{}",
                                    items.len(),
                                    if items.len() == 1 { "" } else { "s" }
                                ),
                                item.expr.span(),
                            ));
                        };
                        expr = nth;
                    }
                }
                if let Expr::Identifier(ident) = expr {
                    if let Some((_, aliased)) = aliases.iter().find(|(a, _)| *a == ident.value) {
                        if is_aggregate(aliased) {
                            return Err(inexpressible(
                                "ORDER BY an aggregate (PostgREST orders by columns only)",
                                item.expr.span(),
                            ));
                        }
                        if column_ref(sources, expr).is_err() {
                            expr = aliased;
                        }
                    }
                }
                if is_aggregate(expr) {
                    return Err(inexpressible(
                        "ORDER BY an aggregate (PostgREST orders by columns only)",
                        item.expr.span(),
                    ));
                }
                let Some(col) = column_ref(sources, expr)? else {
                    if let Some(feature) = expression_feature(expr) {
                        return Err(inexpressible(&feature, item.expr.span()));
                    }
                    return Err(unsupported(
                        "ORDER BY of this expression; order by a column or a json path of one",
                        item.expr.span(),
                    ));
                };
                if col.text.contains("::") {
                    // PostgREST's order grammar has no cast (PGRST100).
                    return Err(inexpressible(
                        "ORDER BY a cast of a column (PostgREST orders by a column or a json path as stored)",
                        item.expr.span(),
                    ));
                }
                if col.source == 0 {
                    if child_seen {
                        return Err(inexpressible(
                            "ORDER BY a column of the FROM table after a column of a one-to-many join (PostgREST orders the parent rows, then the embedded rows inside each)",
                            item.expr.span(),
                        ));
                    }
                    steps.push(Step::Order(col.text, desc, nulls));
                    continue;
                }
                let Some(embed) = &sources[col.source].embed else {
                    continue;
                };
                if embed.parent != 0 {
                    return Err(inexpressible(
                        "ORDER BY a column of a table joined through another join",
                        item.expr.span(),
                    ));
                }
                if embed.many {
                    // The rows of a one-to-many join, ordered inside each parent.
                    child_seen = true;
                    steps.push(Step::OrderIn(pgrst_name(&embed.key), col.text, desc, nulls));
                } else {
                    if child_seen {
                        return Err(inexpressible(
                            "ORDER BY a column of the FROM table after a column of a one-to-many join (PostgREST orders the parent rows, then the embedded rows inside each)",
                            item.expr.span(),
                        ));
                    }
                    // A to-one join orders the parents: `order=rel(col)`, where PostgREST 12
                    // names the column by its output name in the embed.
                    let output = match output_name(query, sources, col.source, &col.column.name) {
                        Some(output) => output,
                        // Nothing of the joined table is returned: its embed is empty
                        // (`rel!inner()`), and PostgREST 12 orders by any of its columns.
                        None if col.plain && empty_embed(query, sources, col.source) => {
                            col.column.name.clone()
                        }
                        None if col.plain => {
                            let alias = pgrst_name(&format!("__sort_{}", embed.key));
                            let entry =
                                format!("{alias}:{}()", embed_head(&sources[col.source], embed));
                            if !extra.contains(&entry) {
                                extra.push(entry);
                            }
                            steps.push(Step::Order(
                                format!("{alias}({})", pgrst_name(&col.column.name)),
                                desc,
                                nulls,
                            ));
                            continue;
                        }
                        None => {
                            return Err(unsupported(
                                "ORDER BY an expression of a joined table's column that the select list does not return; select it too",
                                item.expr.span(),
                            ))
                        }
                    };
                    steps.push(Step::Order(
                        format!("{}({})", pgrst_name(&embed.key), pgrst_name(&output)),
                        desc,
                        nulls,
                    ));
                }
            }
        }
        let (limit, offset) = match &query.limit_clause {
            None => (None, None),
            Some(LimitClause::LimitOffset {
                limit,
                offset,
                limit_by,
            }) => {
                if let Some(by) = limit_by.first() {
                    return Err(unsupported("LIMIT BY", by.span()));
                }
                (limit.as_ref(), offset.as_ref().map(|o| &o.value))
            }
            Some(clause @ LimitClause::OffsetCommaLimit { .. }) => {
                return Err(unsupported(
                    "LIMIT offset, count; write LIMIT n OFFSET m",
                    clause.span(),
                ))
            }
        };
        let mut number = |expr: &Expr, what: &str| -> SqlResult<Count> {
            match expr {
                Expr::Nested(inner) => number_of(self, inner, what),
                other => number_of(self, other, what),
            }
        };
        match (limit, offset) {
            (Some(limit), None) => match number(limit, "LIMIT")? {
                Count::Lit(n) => steps.push(Step::Limit(n)),
                Count::Param(index) => steps.push(Step::LimitParam(index)),
            },
            (Some(limit), Some(offset)) => {
                let count = number(limit, "LIMIT")?;
                let from = number(offset, "OFFSET")?;
                match (from, count) {
                    (Count::Lit(from), Count::Lit(count)) => {
                        if count == 0 {
                            return Err(SqlError::new(
                                "LIMIT 0 with an OFFSET asks for no rows",
                                limit.span(),
                            ));
                        }
                        steps.push(Step::Range(from, from + count - 1));
                    }
                    (from, count) => steps.push(Step::RangeParam(from, count)),
                }
            }
            // PostgREST takes `offset=` alone: every row after the first `n`.
            (None, Some(offset)) => steps.push(Step::Offset(number(offset, "OFFSET")?)),
            (None, None) => {}
        }
        Ok(extra)
    }
}

/// A LIMIT/OFFSET value: a whole number literal or a parameter (`$n`, `{name}`), optionally cast
/// to an integer type.
fn number_of(lower: &mut Lower<'_>, expr: &Expr, what: &str) -> SqlResult<Count> {
    match expr {
        Expr::Nested(inner) => number_of(lower, inner, what),
        Expr::Cast {
            expr: inner,
            data_type,
            ..
        } if matches!(
            data_type.to_string().to_ascii_lowercase().as_str(),
            "int" | "integer" | "int4" | "bigint" | "int8" | "smallint" | "int2"
        ) =>
        {
            number_of(lower, inner, what)
        }
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n
                .parse()
                .map(Count::Lit)
                .map_err(|_| SqlError::new(format!("{what} takes a whole number"), v.span)),
            Value::Placeholder(p) => Ok(Count::Param(lower.param(p, v.span)?)),
            _ => Err(SqlError::new(
                format!("{what} takes a number or a parameter"),
                v.span,
            )),
        },
        other => Err(SqlError::new(
            format!("{what} takes a number or a parameter"),
            other.span(),
        )),
    }
}

/// The select list's aliases and their expressions.
fn select_aliases(query: &Query) -> Vec<(String, &Expr)> {
    let SetExpr::Select(select) = query.body.as_ref() else {
        return Vec::new();
    };
    select
        .projection
        .iter()
        .filter_map(|item| match item {
            SelectItem::ExprWithAlias { expr, alias } => Some((alias.value.clone(), expr)),
            _ => None,
        })
        .collect()
}

/// `count(...)`, `sum(...)`, ... (optionally cast).
fn is_aggregate(expr: &Expr) -> bool {
    match expr {
        Expr::Nested(inner) | Expr::Cast { expr: inner, .. } => is_aggregate(inner),
        Expr::Function(f) => matches!(
            f.name.to_string().to_ascii_lowercase().as_str(),
            "count" | "sum" | "avg" | "min" | "max"
        ),
        _ => false,
    }
}

/// The name under which the select list returns column `name` of source `source`.
/// Whether the select list returns nothing of `source` and no table is joined through it: its
/// embed is then `rel()` / `rel!inner()`, where PostgREST 12 can order by any column (an embed
/// that returns columns can be ordered by those only: 42703 otherwise).
fn empty_embed(query: &Query, sources: &[Source<'_>], source: usize) -> bool {
    let SetExpr::Select(select) = query.body.as_ref() else {
        return false;
    };
    if sources
        .iter()
        .any(|s| s.embed.as_ref().is_some_and(|e| e.parent == source))
    {
        return false;
    }
    select.projection.iter().all(|item| match item {
        SelectItem::Wildcard(_) => false,
        SelectItem::QualifiedWildcard(kind, _) => {
            let text = kind.to_string();
            sources[source].alias != text.trim_end_matches(".*")
        }
        SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => {
            match column_ref(sources, expr) {
                Ok(Some(col)) => col.source != source,
                Ok(None) => aggregate(sources, expr).is_ok_and(|(s, ..)| s != source),
                Err(_) => false,
            }
        }
    })
}

fn output_name(query: &Query, sources: &[Source<'_>], source: usize, name: &str) -> Option<String> {
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    select.projection.iter().find_map(|item| match item {
        SelectItem::Wildcard(_) => Some(name.to_owned()),
        SelectItem::QualifiedWildcard(kind, _) => {
            let text = kind.to_string();
            let qualifier = text.trim_end_matches(".*");
            (sources[source].alias == qualifier).then(|| name.to_owned())
        }
        SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => {
            let col = column_ref(sources, expr).ok().flatten()?;
            if col.source != source || !col.plain || col.column.name != name {
                return None;
            }
            Some(match item {
                SelectItem::ExprWithAlias { alias, .. } => alias.value.clone(),
                _ => name.to_owned(),
            })
        }
    })
}

/// The select list's expressions, in order (`ORDER BY 2`); empty when a `*` makes positions
/// depend on the table.
fn select_items(query: &Query) -> Vec<&Expr> {
    let SetExpr::Select(select) = query.body.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in &select.projection {
        match item {
            SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => {
                out.push(expr)
            }
            _ => return Vec::new(),
        }
    }
    out
}
