//! The query of a view as PostgreSQL reads it: the relations of FROM and its joins (tables,
//! views, `WITH` queries, subqueries in FROM), the output columns of a SELECT (`*`, `t.*`,
//! expressions typed by `view_types`), of a set operation (`UNION [ALL]`, `INTERSECT`,
//! `EXCEPT`: the first branch's names, each column of the common type of the branches), and of
//! a scalar subquery in a select list.
//!
//! An expression whose type is not known gives a column of unknown type and a note with its
//! position; the caller turns notes into warnings.

use sqlparser::ast::{
    Query, Select, SelectItem, SelectItemQualifiedWildcardKind, SetExpr, Spanned, TableFactor,
    TableWithJoins,
};
use sqlparser::tokenizer::Location;

use super::names::{ident, object_name, qualified};
use super::view_types::{common_type, view_column, Source, Typer};
use crate::model::{Column, Relation, RelationKind, SchemaModel, TypeRef, ViewColumnSource};

/// What reading a query needs: the model, the `WITH` queries in scope and the relations of
/// enclosing queries (for correlated subqueries).
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub(crate) model: &'a SchemaModel,
    pub(crate) ctes: &'a [Source],
    pub(crate) outer: &'a [Source],
}

/// One output column: the column, whether it is a plain column reference, and why its type is
/// unknown (with where), if it is.
pub(crate) struct Output {
    pub(crate) column: Column,
    pub(crate) simple: bool,
    /// The table column a plain column reference is (PostgreSQL's `resorigtbl`/`resorigcol`).
    pub(crate) origin: Option<ViewColumnSource>,
}

/// A query's outputs as a source named `alias`: its relation and its columns' origins.
fn output_source(alias: String, columns: Vec<Output>, names: &[sqlparser::ast::Ident]) -> Source {
    let mut relation = Relation::new(alias.clone(), RelationKind::View);
    let mut origins = Vec::new();
    for (i, mut o) in columns.into_iter().enumerate() {
        if let Some(name) = names.get(i) {
            o.column.name = ident(name);
        }
        o.column.ordinal = i as u32 + 1;
        if let Some(mut origin) = o.origin {
            origin.column = o.column.name.clone();
            origins.push(origin);
        }
        relation.columns.push(o.column);
    }
    Source {
        alias,
        relation,
        origins,
    }
}

/// A note about an expression whose type is unknown: where, and the message.
pub(crate) type Note = (Location, String);

/// The `WITH` queries of `query`, each as a source named after it, read in order (a later one
/// may read an earlier one).
pub(crate) fn ctes(
    scope: Scope<'_>,
    query: &Query,
    notes: &mut Vec<Note>,
) -> Result<Vec<Source>, String> {
    let mut out: Vec<Source> = scope.ctes.to_vec();
    let Some(with) = &query.with else {
        return Ok(out);
    };
    if with.recursive {
        return Err("a recursive WITH query is not modeled".into());
    }
    for cte in &with.cte_tables {
        let name = ident(&cte.alias.name);
        let inner = Scope {
            model: scope.model,
            ctes: &out,
            outer: scope.outer,
        };
        let columns = query_columns(inner, &cte.query, notes)?;
        let names: Vec<sqlparser::ast::Ident> =
            cte.alias.columns.iter().map(|c| c.name.clone()).collect();
        out.retain(|s| s.alias != name);
        out.push(output_source(name, columns, &names));
    }
    Ok(out)
}

/// The output columns of a query (its own `WITH` queries in scope).
pub(crate) fn query_columns(
    scope: Scope<'_>,
    query: &Query,
    notes: &mut Vec<Note>,
) -> Result<Vec<Output>, String> {
    let ctes = ctes(scope, query, notes)?;
    let scope = Scope {
        ctes: &ctes,
        ..scope
    };
    set_columns(scope, &query.body, notes)
}

fn set_columns(
    scope: Scope<'_>,
    body: &SetExpr,
    notes: &mut Vec<Note>,
) -> Result<Vec<Output>, String> {
    match body {
        SetExpr::Select(select) => {
            let sources = sources(scope, select)?;
            select_columns(scope, &sources, select, notes)
        }
        SetExpr::Query(q) => query_columns(scope, q, notes),
        SetExpr::SetOperation { left, right, .. } => {
            let l = set_columns(scope, left, notes)?;
            let r = set_columns(scope, right, notes)?;
            if l.len() != r.len() {
                return Err("the branches of a set operation have different column counts".into());
            }
            let mut out = Vec::new();
            for (a, b) in l.into_iter().zip(r) {
                let typed = |c: &Column| match &c.type_ref {
                    TypeRef::Unknown { .. } => Err(()),
                    t => Ok(Some((t.clone(), c.sql_type.clone()))),
                };
                let mut column = a.column;
                match (typed(&column), typed(&b.column)) {
                    (Ok(x), Ok(y)) => {
                        let (t, sql) = common_type(&[x, y])?
                            .unwrap_or_else(|| super::types::builtin_named("text"));
                        column.type_ref = t;
                        column.sql_type = sql;
                    }
                    _ => {
                        column.type_ref = TypeRef::Unknown {
                            reason: "a branch of the set operation has a column of unknown type"
                                .into(),
                        };
                    }
                }
                out.push(Output {
                    column,
                    simple: false,
                    origin: None,
                });
            }
            Ok(out)
        }
        other => Err(format!("query `{other}` not modeled")),
    }
}

/// The output columns of one SELECT over `sources`.
pub(crate) fn select_columns(
    scope: Scope<'_>,
    sources: &[Source],
    select: &Select,
    notes: &mut Vec<Note>,
) -> Result<Vec<Output>, String> {
    let mut out = Vec::new();
    for item in &select.projection {
        match item {
            SelectItem::Wildcard(_) => {
                for s in sources {
                    for c in &s.relation.columns {
                        out.push(Output {
                            column: view_column(c),
                            simple: true,
                            origin: s.origin(&c.name),
                        });
                    }
                }
            }
            SelectItem::QualifiedWildcard(SelectItemQualifiedWildcardKind::ObjectName(n), _) => {
                let alias = object_name(n).1;
                let s = sources
                    .iter()
                    .find(|s| s.alias == alias)
                    .ok_or_else(|| format!("unknown relation {alias}"))?;
                for c in &s.relation.columns {
                    out.push(Output {
                        column: view_column(c),
                        simple: true,
                        origin: s.origin(&c.name),
                    });
                }
            }
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                let alias = match item {
                    SelectItem::ExprWithAlias { alias, .. } => Some(ident(alias)),
                    _ => None,
                };
                let typer = Typer {
                    model: scope.model,
                    sources,
                    ctes: scope.ctes,
                };
                match typer.column(e) {
                    Ok((name, mut column, simple)) => {
                        column.name = alias.unwrap_or(name);
                        let origin = if simple { typer.origin(e) } else { None };
                        out.push(Output {
                            column,
                            simple,
                            origin,
                        });
                    }
                    Err(reason) => {
                        let name = alias.unwrap_or_else(|| typer.name(e));
                        notes.push((
                            e.span().start,
                            format!("column {name} (`{e}`): {reason}; its type is unknown"),
                        ));
                        out.push(Output {
                            column: Column::new(
                                name,
                                0,
                                TypeRef::Unknown { reason },
                                e.to_string(),
                            ),
                            simple: false,
                            origin: None,
                        });
                    }
                }
            }
            other => return Err(format!("select item `{other}` not modeled")),
        }
    }
    Ok(out)
}

/// The relations of a SELECT's FROM clause (with the enclosing queries' relations after them,
/// for correlated references).
pub(crate) fn sources(scope: Scope<'_>, select: &Select) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for from in &select.from {
        add_sources(scope, from, &mut out)?;
    }
    Ok(out)
}

/// The relations of one FROM item and its joins, parenthesized joins (as pg_dump prints them)
/// included.
fn add_sources(
    scope: Scope<'_>,
    from: &TableWithJoins,
    out: &mut Vec<Source>,
) -> Result<(), String> {
    for factor in std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation)) {
        match factor {
            TableFactor::Table { name, alias, .. } => {
                let (written_schema, table) = object_name(name);
                let cte = written_schema
                    .is_none()
                    .then(|| scope.ctes.iter().rev().find(|s| s.alias == table))
                    .flatten();
                let (relation, origins) = match cte {
                    Some(cte) => (cte.relation.clone(), cte.origins.clone()),
                    None => {
                        let (schema, table) = qualified(name);
                        let relation = scope
                            .model
                            .schema(&schema)
                            .and_then(|s| s.relation(&table))
                            .ok_or_else(|| format!("unknown relation {schema}.{table}"))?
                            .clone();
                        let origins = relation
                            .columns
                            .iter()
                            .map(|c| ViewColumnSource {
                                column: c.name.clone(),
                                schema: schema.clone(),
                                relation: table.clone(),
                                source_column: c.name.clone(),
                            })
                            .collect();
                        (relation, origins)
                    }
                };
                out.push(Source {
                    alias: alias.as_ref().map(|a| ident(&a.name)).unwrap_or(table),
                    relation,
                    origins,
                });
            }
            TableFactor::Derived {
                subquery,
                alias: Some(alias),
                lateral: false,
            } => {
                let mut notes = Vec::new();
                let columns = query_columns(scope, subquery, &mut notes)?;
                let names: Vec<sqlparser::ast::Ident> =
                    alias.columns.iter().map(|c| c.name.clone()).collect();
                out.push(output_source(ident(&alias.name), columns, &names));
            }
            TableFactor::NestedJoin {
                table_with_joins,
                alias: None,
            } => add_sources(scope, table_with_joins, out)?,
            other => return Err(format!("FROM item `{other}` not modeled")),
        }
    }
    Ok(())
}

/// The type of a scalar subquery `(select <one item> from ..)` in a select list, read with the
/// enclosing query's relations in scope.
pub(crate) fn scalar_subquery(
    model: &SchemaModel,
    ctes: &[Source],
    outer: &[Source],
    query: &Query,
) -> Result<Column, String> {
    let SetExpr::Select(select) = query.body.as_ref() else {
        return Err("a subquery that is not a single SELECT is not typed".into());
    };
    if select.projection.len() != 1 {
        return Err("a subquery with more than one column".into());
    }
    let scope = Scope { model, ctes, outer };
    let ctes = self::ctes(scope, query, &mut Vec::new())?;
    let scope = Scope {
        ctes: &ctes,
        ..scope
    };
    let mut inner = sources(scope, select)?;
    inner.extend(outer.iter().cloned());
    let mut notes = Vec::new();
    let mut columns = select_columns(scope, &inner, select, &mut notes)?;
    match (columns.pop(), notes.pop()) {
        (Some(o), None) => Ok(o.column),
        (_, Some((_, note))) => Err(note),
        (None, None) => Err("a subquery without a column".into()),
    }
}
