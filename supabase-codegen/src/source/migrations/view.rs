//! CREATE [MATERIALIZED] VIEW: columns from the select list (`*`, `t.*` and simple column
//! references resolved against known relations; casts, literals, `count(..)` and a few
//! functions typed), and updatability after Postgres's rules for automatically updatable
//! views, approximated: one relation in FROM (a table or an updatable view), no WITH,
//! DISTINCT, GROUP BY, HAVING, LIMIT/OFFSET, set operations, aggregates or window functions.

use sqlparser::ast::{Expr, GroupByExpr, ObjectName, Query, SelectItem, SetExpr, TableFactor};

use sqlparser::tokenizer::Token;

use super::apply::{At, State};
use super::names::{object_name, qualified};
use super::parse::Statement;
use super::view_query::{query_columns, sources, Scope};
use crate::error::Result;
use crate::model::{Column, Relation, RelationKind, ViewColumnSource};

const AGGREGATES: &[&str] = &[
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "array_agg",
    "string_agg",
    "json_agg",
    "jsonb_agg",
    "bool_and",
    "bool_or",
    "every",
    "json_object_agg",
    "jsonb_object_agg",
];

/// Applies CREATE [OR REPLACE] [MATERIALIZED] VIEW.
pub(crate) fn create(
    state: &mut State,
    at: &At<'_>,
    name: &ObjectName,
    column_names: &[String],
    query: &Query,
    materialized: bool,
    or_replace: bool,
) -> Result<()> {
    let (schema, view) = qualified(name);
    if state.model.schema(&schema).is_none() {
        state.warn(at, format!("view {schema}.{view} in an unknown schema"));
        return Ok(());
    }
    // `AS (select ..)`, as drizzle-kit writes views: the parenthesized query itself.
    let mut query = query;
    while let SetExpr::Query(inner) = query.body.as_ref() {
        if query.with.is_some() || query.limit_clause.is_some() || query.order_by.is_some() {
            break;
        }
        query = inner;
    }
    let scope = Scope {
        model: &state.model,
        ctes: &[],
        outer: &[],
    };
    let mut notes = Vec::new();
    let outputs = query_columns(scope, query, &mut notes);
    for (position, note) in notes {
        state.warn_at(at, position, format!("view {view}: {note}"));
    }
    let outputs = match outputs {
        Ok(o) => o,
        Err(e) => {
            state.warn(at, format!("view {view}: {e}; view skipped"));
            return Ok(());
        }
    };
    let mut origins: Vec<Option<ViewColumnSource>> = Vec::new();
    let mut columns: Vec<(Column, bool)> = outputs
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            let mut c = o.column;
            c.ordinal = i as u32 + 1;
            origins.push(o.origin);
            (c, o.simple)
        })
        .collect();
    // Updatability needs a single SELECT over one relation (see the module's notes).
    let single = match query.body.as_ref() {
        SetExpr::Select(select) if query.with.is_none() => {
            let scope = Scope {
                model: &state.model,
                ctes: &[],
                outer: &[],
            };
            sources(scope, select).ok().map(|s| (select, s))
        }
        _ => None,
    };
    for (i, n) in column_names.iter().enumerate() {
        if let Some((c, _)) = columns.get_mut(i) {
            c.name = n.clone();
        }
    }
    let simple = match &single {
        Some((select, sources)) => {
            let aggregates = select.projection.iter().any(|item| match item {
                SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                    has_aggregate(e)
                }
                _ => false,
            });
            let base_writable = sources.len() == 1
                && matches!(
                    sources[0].relation.kind,
                    RelationKind::Table | RelationKind::View
                )
                && (sources[0].relation.kind == RelationKind::Table
                    || sources[0].relation.deletable);
            let simple_query = query.limit_clause.is_none()
                && query.fetch.is_none()
                && select.distinct.is_none()
                && select.having.is_none()
                && matches!(&select.group_by, GroupByExpr::Expressions(e, _) if e.is_empty())
                && select.from.len() == 1
                && select.from[0].joins.is_empty()
                && matches!(select.from[0].relation, TableFactor::Table { .. })
                && !aggregates;
            !materialized && base_writable && simple_query
        }
        None => false,
    };
    let kind = if materialized {
        RelationKind::MaterializedView
    } else {
        RelationKind::View
    };
    let mut relation = Relation::new(view.clone(), kind);
    // As live introspection reads them: each plain column's origin, by the view's column name.
    for ((c, _), origin) in columns.iter().zip(&origins) {
        if let Some(origin) = origin {
            relation.view_sources.push(ViewColumnSource {
                column: c.name.clone(),
                ..origin.clone()
            });
        }
    }
    relation
        .view_sources
        .sort_by(|a, b| a.column.cmp(&b.column));
    let mut any_updatable = false;
    for (mut c, simple_column) in columns {
        c.updatable = simple && simple_column;
        any_updatable |= c.updatable;
        relation.columns.push(c);
    }
    relation.deletable = simple;
    relation.insertable = simple && any_updatable;
    relation.updatable = simple && any_updatable;
    if let Some(s) = state.schema_mut(&schema) {
        if let Some(i) = s.relations.iter().position(|r| r.name == view) {
            if !or_replace {
                state.fail(
                    at,
                    "duplicate_table",
                    format!("relation {schema}.{view} already exists"),
                );
                return Ok(());
            }
            relation.comment = s.relations.remove(i).comment;
        }
        if let Some(s) = state.schema_mut(&schema) {
            s.relations.push(relation);
        }
        super::view_deps::record(state, &schema, &view, at.statement);
    }
    Ok(())
}

fn has_aggregate(e: &Expr) -> bool {
    match e {
        Expr::Function(f) => {
            f.over.is_some()
                || AGGREGATES.contains(&object_name(&f.name).1.as_str())
                || match &f.args {
                    sqlparser::ast::FunctionArguments::List(l) => l.args.iter().any(|a| {
                        matches!(a, sqlparser::ast::FunctionArg::Unnamed(
                            sqlparser::ast::FunctionArgExpr::Expr(e)) if has_aggregate(e))
                    }),
                    _ => false,
                }
        }
        Expr::Cast { expr, .. } | Expr::Nested(expr) | Expr::UnaryOp { expr, .. } => {
            has_aggregate(expr)
        }
        Expr::BinaryOp { left, right, .. } => has_aggregate(left) || has_aggregate(right),
        Expr::Case {
            conditions,
            else_result,
            ..
        } => {
            conditions
                .iter()
                .any(|w| has_aggregate(&w.condition) || has_aggregate(&w.result))
                || else_result.as_deref().is_some_and(has_aggregate)
        }
        _ => false,
    }
}

/// A `CREATE MATERIALIZED VIEW` without its trailing `WITH [NO] DATA` (which sqlparser does not
/// read and which does not change the model), if it has one.
pub(crate) fn without_with_data(statement: &Statement) -> Option<Statement> {
    let words: Vec<(usize, String)> = statement
        .tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !matches!(t.token, Token::Whitespace(_)))
        .map(|(i, t)| match &t.token {
            Token::Word(w) if w.quote_style.is_none() => (i, w.value.to_uppercase()),
            other => (i, other.to_string()),
        })
        .collect();
    let cut = match words.as_slice() {
        [.., (i, with), (_, no), (_, data)] if with == "WITH" && no == "NO" && data == "DATA" => *i,
        [.., (i, with), (_, data)] if with == "WITH" && data == "DATA" => *i,
        _ => return None,
    };
    Some(Statement {
        tokens: statement.tokens[..cut].to_vec(),
        line: statement.line,
        column: statement.column,
    })
}
