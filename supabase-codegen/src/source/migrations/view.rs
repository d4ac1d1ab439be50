//! CREATE [MATERIALIZED] VIEW: columns from the select list (`*`, `t.*` and simple column
//! references resolved against known relations; casts, literals, `count(..)` and a few
//! functions typed), and updatability after Postgres's rules for automatically updatable
//! views, approximated: one relation in FROM (a table or an updatable view), no WITH,
//! DISTINCT, GROUP BY, HAVING, LIMIT/OFFSET, set operations, aggregates or window functions.

use sqlparser::ast::{
    Expr, GroupByExpr, ObjectName, Query, Select, SelectItem, SelectItemQualifiedWildcardKind,
    SetExpr, TableFactor,
};

use sqlparser::tokenizer::Token;

use super::apply::{At, State};
use super::names::{ident, object_name, qualified};
use super::parse::Statement;
use super::view_types::{view_column, Source, Typer};
use crate::error::Result;
use crate::model::{Column, Relation, RelationKind, SchemaModel, TypeRef};

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
    let SetExpr::Select(select) = query.body.as_ref() else {
        state.warn(at, format!("view {view}: only a single SELECT is modeled"));
        return Ok(());
    };
    let sources = match sources(&state.model, select) {
        Ok(s) => s,
        Err(e) => {
            state.warn(at, format!("view {view}: {e}; view skipped"));
            return Ok(());
        }
    };
    let mut columns: Vec<(Column, bool)> = Vec::new();
    let mut push = |mut c: Column, simple: bool| {
        c.ordinal = columns.len() as u32 + 1;
        columns.push((c, simple));
    };
    let mut aggregates = false;
    for item in &select.projection {
        match item {
            SelectItem::Wildcard(_) => {
                for s in &sources {
                    for c in &s.relation.columns {
                        push(view_column(c), true);
                    }
                }
            }
            SelectItem::QualifiedWildcard(SelectItemQualifiedWildcardKind::ObjectName(n), _) => {
                let alias = object_name(n).1;
                let Some(s) = sources.iter().find(|s| s.alias == alias) else {
                    state.warn(
                        at,
                        format!("view {view}: unknown relation {alias}; view skipped"),
                    );
                    return Ok(());
                };
                for c in &s.relation.columns {
                    push(view_column(c), true);
                }
            }
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                aggregates |= has_aggregate(e);
                let alias = match item {
                    SelectItem::ExprWithAlias { alias, .. } => Some(ident(alias)),
                    _ => None,
                };
                let typer = Typer {
                    model: &state.model,
                    sources: &sources,
                };
                match typer.column(e) {
                    Ok((name, mut column, simple)) => {
                        column.name = alias.unwrap_or(name);
                        push(column, simple);
                    }
                    Err(reason) => {
                        let name = alias.unwrap_or_else(|| typer.name(e));
                        state.warn_at(
                            at,
                            sqlparser::ast::Spanned::span(e).start,
                            format!(
                                "view {view}: column {name} (`{e}`): {reason}; its type is unknown"
                            ),
                        );
                        let written = e.to_string();
                        push(
                            Column::new(name, 0, TypeRef::Unknown { reason }, written),
                            false,
                        );
                    }
                }
            }
            other => {
                state.warn(
                    at,
                    format!("view {view}: select item `{other}` not modeled; view skipped"),
                );
                return Ok(());
            }
        }
    }
    for (i, n) in column_names.iter().enumerate() {
        if let Some((c, _)) = columns.get_mut(i) {
            c.name = n.clone();
        }
    }
    let base_writable = sources.len() == 1
        && matches!(
            sources[0].relation.kind,
            RelationKind::Table | RelationKind::View
        )
        && (sources[0].relation.kind == RelationKind::Table || sources[0].relation.deletable);
    let simple_query = query.with.is_none()
        && query.limit_clause.is_none()
        && query.fetch.is_none()
        && select.distinct.is_none()
        && select.having.is_none()
        && matches!(&select.group_by, GroupByExpr::Expressions(e, _) if e.is_empty())
        && select.from.len() == 1
        && select.from[0].joins.is_empty()
        && !aggregates;
    let simple = !materialized && base_writable && simple_query;
    let kind = if materialized {
        RelationKind::MaterializedView
    } else {
        RelationKind::View
    };
    let mut relation = Relation::new(view.clone(), kind);
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
    }
    Ok(())
}

fn sources(model: &SchemaModel, select: &Select) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for from in &select.from {
        add_sources(model, from, &mut out)?;
    }
    Ok(out)
}

/// The relations of one FROM item and its joins, parenthesized joins (as pg_dump prints them)
/// included.
fn add_sources(
    model: &SchemaModel,
    from: &sqlparser::ast::TableWithJoins,
    out: &mut Vec<Source>,
) -> Result<(), String> {
    for factor in std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation)) {
        match factor {
            TableFactor::Table { name, alias, .. } => {
                let (schema, table) = qualified(name);
                let relation = model
                    .schema(&schema)
                    .and_then(|s| s.relation(&table))
                    .ok_or_else(|| format!("unknown relation {schema}.{table}"))?;
                out.push(Source {
                    alias: alias.as_ref().map(|a| ident(&a.name)).unwrap_or(table),
                    relation: relation.clone(),
                });
            }
            TableFactor::NestedJoin {
                table_with_joins,
                alias: None,
            } => add_sources(model, table_with_joins, out)?,
            other => return Err(format!("FROM item `{other}` not modeled")),
        }
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
