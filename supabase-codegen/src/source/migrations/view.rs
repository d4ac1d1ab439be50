//! CREATE [MATERIALIZED] VIEW: columns from the select list (`*`, `t.*` and simple column
//! references resolved against known relations; casts, literals, `count(..)` and a few
//! functions typed), and updatability after Postgres's rules for automatically updatable
//! views, approximated: one relation in FROM (a table or an updatable view), no WITH,
//! DISTINCT, GROUP BY, HAVING, LIMIT/OFFSET, set operations, aggregates or window functions.

use sqlparser::ast::{
    CastKind, Expr, FunctionArguments, GroupByExpr, ObjectName, Query, Select, SelectItem,
    SelectItemQualifiedWildcardKind, SetExpr, TableFactor, Value,
};

use super::apply::{At, State};
use super::names::{ident, object_name, qualified};
use super::types::resolve;
use crate::error::Result;
use crate::model::{Column, Relation, RelationKind, SchemaModel, TypeRef};

/// A relation of the FROM clause: the name it is referred to by, and its columns.
struct Source {
    alias: String,
    relation: Relation,
}

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
                match typed(&state.model, &sources, e) {
                    Ok((name, mut column, simple)) => {
                        column.name = alias.unwrap_or(name);
                        push(column, simple);
                    }
                    Err(reason) => {
                        state.warn(
                            at,
                            format!("view {view}: column `{e}`: {reason}; view skipped"),
                        );
                        return Ok(());
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
                state.warn(at, format!("relation {schema}.{view} already exists"));
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

fn view_column(c: &Column) -> Column {
    Column::new(c.name.clone(), 0, c.type_ref.clone(), c.sql_type.clone())
}

fn sources(model: &SchemaModel, select: &Select) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for from in &select.from {
        for factor in std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation))
        {
            let TableFactor::Table { name, alias, .. } = factor else {
                return Err(format!("FROM item `{factor}` not modeled"));
            };
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
    }
    Ok(out)
}

fn has_aggregate(e: &Expr) -> bool {
    match e {
        Expr::Function(f) => {
            f.over.is_some() || AGGREGATES.contains(&object_name(&f.name).1.as_str())
        }
        Expr::Cast { expr, .. } | Expr::Nested(expr) => has_aggregate(expr),
        Expr::BinaryOp { left, right, .. } => has_aggregate(left) || has_aggregate(right),
        _ => false,
    }
}

fn base(name: &str, sql: &str) -> (TypeRef, String) {
    (TypeRef::base(name), sql.to_string())
}

/// The name, column (type) and whether it is a plain column reference, of a select item.
fn typed(
    model: &SchemaModel,
    sources: &[Source],
    e: &Expr,
) -> Result<(String, Column, bool), String> {
    let find = |alias: Option<&str>, column: &str| -> Result<Column, String> {
        sources
            .iter()
            .filter(|s| alias.is_none_or_eq(&s.alias))
            .find_map(|s| s.relation.column(column))
            .map(view_column)
            .ok_or_else(|| format!("unknown column {column}"))
    };
    let computed = |name: &str, (t, sql): (TypeRef, String)| {
        Ok((name.to_string(), Column::new(name, 0, t, sql), false))
    };
    match e {
        Expr::Identifier(i) => {
            let c = find(None, &ident(i))?;
            Ok((c.name.clone(), c, true))
        }
        Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
            let c = find(
                Some(&ident(&parts[parts.len() - 2])),
                &ident(&parts[parts.len() - 1]),
            )?;
            Ok((c.name.clone(), c, true))
        }
        Expr::Nested(inner) => typed(model, sources, inner).map(|(n, c, _)| (n, c, false)),
        Expr::Cast {
            kind: CastKind::DoubleColon | CastKind::Cast,
            expr,
            data_type,
            ..
        } => {
            let t = resolve(data_type, model)?;
            let name = typed(model, sources, expr)
                .map(|(n, _, _)| n)
                .unwrap_or_else(|_| t.bare.rsplit('.').next().unwrap_or("?column?").to_string());
            computed(&name, (t.type_ref, t.sql_type))
        }
        Expr::Value(v) => {
            let t = match &v.value {
                Value::Number(n, _) if n.contains(['.', 'e', 'E']) => base("numeric", "numeric"),
                Value::Number(n, _) if n.parse::<i32>().is_ok() => base("int4", "integer"),
                Value::Number(..) => base("int8", "bigint"),
                Value::SingleQuotedString(_) => base("text", "text"),
                Value::Boolean(_) => base("bool", "boolean"),
                other => return Err(format!("literal `{other}` not typed")),
            };
            computed("?column?", t)
        }
        Expr::Function(f) => {
            let name = object_name(&f.name).1;
            let first_arg = match &f.args {
                FunctionArguments::List(l) => l.args.first().and_then(|a| match a {
                    sqlparser::ast::FunctionArg::Unnamed(
                        sqlparser::ast::FunctionArgExpr::Expr(e),
                    ) => Some(e),
                    _ => None,
                }),
                _ => None,
            };
            let t = match name.as_str() {
                "count" => base("int8", "bigint"),
                "lower" | "upper" | "concat" | "trim" | "initcap" => base("text", "text"),
                "now" => base("timestamptz", "timestamp with time zone"),
                "length" | "char_length" => base("int4", "integer"),
                "coalesce" | "min" | "max" => {
                    let arg = first_arg.ok_or("no argument")?;
                    let (_, c, _) = typed(model, sources, arg)?;
                    let sql = c
                        .sql_type
                        .split('(')
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_string();
                    let sql = if name == "coalesce" {
                        sql
                    } else {
                        c.sql_type.clone()
                    };
                    (c.type_ref, sql)
                }
                other => return Err(format!("the result type of `{other}` is not known")),
            };
            computed(&name, t)
        }
        Expr::BinaryOp { left, op, right } => {
            use sqlparser::ast::BinaryOperator as B;
            let t = match op {
                B::StringConcat => base("text", "text"),
                B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq | B::And | B::Or => {
                    base("bool", "boolean")
                }
                B::Plus | B::Minus | B::Multiply | B::Divide | B::Modulo => {
                    let (_, l, _) = typed(model, sources, left)?;
                    let (_, r, _) = typed(model, sources, right)?;
                    let rank = |t: &TypeRef| match t.name() {
                        Some("int2") => 1,
                        Some("int4") => 2,
                        Some("int8") => 3,
                        Some("numeric") => 4,
                        Some("float4") => 5,
                        Some("float8") => 6,
                        _ => 0,
                    };
                    let (rl, rr) = (rank(&l.type_ref), rank(&r.type_ref));
                    if rl == 0 || rr == 0 {
                        return Err(format!("the result type of `{op}` is not known"));
                    }
                    let winner = if rl >= rr { l } else { r };
                    let sql = winner
                        .sql_type
                        .split('(')
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_string();
                    let sql = if winner.type_ref.name() == Some("int2") {
                        "integer".to_string()
                    } else {
                        sql
                    };
                    let t = if winner.type_ref.name() == Some("int2") {
                        TypeRef::base("int4")
                    } else {
                        winner.type_ref
                    };
                    (t, sql)
                }
                other => return Err(format!("the result type of `{other}` is not known")),
            };
            computed("?column?", t)
        }
        other => Err(format!("expression `{other}` not typed")),
    }
}

trait AliasMatch {
    fn is_none_or_eq(&self, alias: &str) -> bool;
}

impl AliasMatch for Option<&str> {
    fn is_none_or_eq(&self, alias: &str) -> bool {
        self.map_or(true, |a| a == alias)
    }
}
