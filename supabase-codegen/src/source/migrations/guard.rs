//! Guards of `IF` statements in `DO` blocks, evaluated against the model the way the catalog
//! would answer them: `[NOT] EXISTS (select .. from <catalog> where <column> = '<literal>' ..)`
//! over `pg_type`, `pg_class`, `pg_tables`, `pg_views`, `pg_matviews`, `pg_namespace`,
//! `pg_proc`, `pg_constraint`, `pg_enum`, `pg_attribute` and `information_schema.tables /
//! columns / schemata / routines / table_constraints`; `to_regclass('..') IS [NOT] NULL` and
//! `to_regtype`, `to_regnamespace`; `NOT`, `AND`, `OR`. Anything else is unknown (`None`).

use sqlparser::ast::{BinaryOperator, Expr, SetExpr, TableFactor, UnaryOperator, Value};

use super::names::object_name;
use super::parse::Statement;
use crate::model::SchemaModel;

/// The value of an `IF` condition, or `None` when the model cannot tell.
pub(crate) fn evaluate(model: &SchemaModel, condition: &Statement) -> Option<bool> {
    let expr = condition.parser().parse_expr().ok()?;
    eval(model, &expr)
}

/// Whether the condition reads `NOT EXISTS (..)` or `.. IS NULL`: the guard of something to
/// create, true on a fresh database.
pub(crate) fn negated_exists(condition: &Statement) -> bool {
    match condition.parser().parse_expr() {
        Ok(Expr::Exists { negated, .. }) => negated,
        Ok(Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        }) => matches!(*expr, Expr::Exists { negated: false, .. } | Expr::Nested(_)),
        Ok(Expr::IsNull(_)) => true,
        _ => false,
    }
}

fn eval(model: &SchemaModel, expr: &Expr) -> Option<bool> {
    match expr {
        Expr::Nested(e) => eval(model, e),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => eval(model, expr).map(|b| !b),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => match (eval(model, left), eval(model, right)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Or,
            right,
        } => match (eval(model, left), eval(model, right)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        Expr::Exists { subquery, negated } => {
            let SetExpr::Select(select) = subquery.body.as_ref() else {
                return None;
            };
            let mut tables = Vec::new();
            for from in &select.from {
                for factor in
                    std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation))
                {
                    let TableFactor::Table { name, .. } = factor else {
                        return None;
                    };
                    tables.push(object_name(name).1);
                }
            }
            let mut equal = Vec::new();
            if let Some(selection) = &select.selection {
                equalities(selection, &mut equal)?;
            }
            exists(model, &tables, &equal).map(|b| b != *negated)
        }
        Expr::IsNull(e) => reg_lookup(model, e).map(|b| !b),
        Expr::IsNotNull(e) => reg_lookup(model, e),
        _ => None,
    }
}

/// `column = 'literal'` pairs of an AND chain; `None` for OR or anything not understood that
/// could make the subquery empty in ways the model cannot follow.
fn equalities(expr: &Expr, out: &mut Vec<(String, String)>) -> Option<()> {
    match expr {
        Expr::Nested(e) => equalities(e, out),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            equalities(left, out)?;
            equalities(right, out)
        }
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => {
            match (column(left), literal(right)).or_else2(|| (column(right), literal(left))) {
                (Some(c), Some(v)) => out.push((c, v)),
                // `n.oid = t.typnamespace` and other joins written in WHERE.
                _ if column(left).is_some() && column(right).is_some() => {}
                _ => return None,
            }
            Some(())
        }
        _ => None,
    }
}

trait OrElse2 {
    fn or_else2(self, f: impl FnOnce() -> Self) -> Self;
}

impl OrElse2 for (Option<String>, Option<String>) {
    fn or_else2(self, f: impl FnOnce() -> Self) -> Self {
        if self.0.is_some() && self.1.is_some() {
            self
        } else {
            f()
        }
    }
}

fn column(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(i) => Some(i.value.to_lowercase()),
        Expr::CompoundIdentifier(parts) => parts.last().map(|i| i.value.to_lowercase()),
        Expr::Cast { expr, .. } => column(expr),
        _ => None,
    }
}

fn literal(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        },
        Expr::Cast { expr, .. } | Expr::Nested(expr) => literal(expr),
        _ => None,
    }
}

/// `to_regclass('schema.name')` and friends: whether the object exists.
fn reg_lookup(model: &SchemaModel, e: &Expr) -> Option<bool> {
    let Expr::Function(f) = e else { return None };
    let name = object_name(&f.name).1;
    let arg = match &f.args {
        sqlparser::ast::FunctionArguments::List(l) => match l.args.as_slice() {
            [sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(a))] => {
                literal(a)?
            }
            _ => return None,
        },
        _ => return None,
    };
    let (schema, object) = split_qualified(&arg);
    match name.as_str() {
        "to_regclass" => Some(relation_exists(model, schema.as_deref(), &object)),
        "to_regtype" => Some(type_exists(model, schema.as_deref(), &object)),
        "to_regnamespace" => Some(model.schema(&object).is_some()),
        _ => None,
    }
}

/// `a.b` into (`Some(a)`, `b`), folding unquoted parts as Postgres does.
fn split_qualified(text: &str) -> (Option<String>, String) {
    let fold = |s: &str| {
        if let Some(q) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            q.replace("\"\"", "\"")
        } else {
            s.to_lowercase()
        }
    };
    match text.split_once('.') {
        Some((s, n)) => (Some(fold(s)), fold(n)),
        None => (None, fold(text)),
    }
}

fn schemas<'a>(
    model: &'a SchemaModel,
    schema: Option<&'a str>,
) -> impl Iterator<Item = &'a crate::model::Schema> {
    model
        .schemas
        .iter()
        .filter(move |s| schema.map_or(true, |n| n == s.name))
}

fn relation_exists(model: &SchemaModel, schema: Option<&str>, name: &str) -> bool {
    schemas(model, schema).any(|s| s.relation(name).is_some())
}

fn type_exists(model: &SchemaModel, schema: Option<&str>, name: &str) -> bool {
    schemas(model, schema).any(|s| {
        s.enum_type(name).is_some()
            || s.composite(name).is_some()
            || s.domain(name).is_some()
            || s.relation(name).is_some()
    })
}

/// Whether `select .. from tables where <equal>` finds a row.
fn exists(model: &SchemaModel, tables: &[String], equal: &[(String, String)]) -> Option<bool> {
    let get = |keys: &[&str]| {
        equal
            .iter()
            .find(|(k, _)| keys.contains(&k.as_str()))
            .map(|(_, v)| v.as_str())
    };
    let schema = get(&[
        "nspname",
        "schemaname",
        "table_schema",
        "schema_name",
        "routine_schema",
        "constraint_schema",
        "typnamespace",
        "relnamespace",
        "pronamespace",
    ]);
    let main = tables
        .iter()
        .find(|t| t.as_str() != "pg_namespace")
        .or(tables.first())?;
    match main.as_str() {
        "pg_type" => Some(type_exists(model, schema, get(&["typname"])?)),
        "pg_class" | "pg_tables" | "pg_views" | "pg_matviews" | "tables" => {
            let name = get(&[
                "relname",
                "tablename",
                "viewname",
                "matviewname",
                "table_name",
            ])?;
            Some(relation_exists(model, schema, name))
        }
        "pg_attribute" | "columns" => {
            let table = get(&["relname", "table_name"])?;
            let column = get(&["attname", "column_name"])?;
            Some(schemas(model, schema).any(|s| {
                s.relation(table)
                    .is_some_and(|r| r.column(column).is_some())
            }))
        }
        "pg_namespace" | "schemata" => {
            Some(model.schema(get(&["nspname", "schema_name"])?).is_some())
        }
        "pg_proc" | "routines" => {
            let name = get(&["proname", "routine_name"])?;
            Some(schemas(model, schema).any(|s| s.functions_named(name).next().is_some()))
        }
        "pg_constraint" | "table_constraints" => {
            let name = get(&["conname", "constraint_name"])?;
            let table = get(&["relname", "table_name"]);
            Some(schemas(model, schema).any(|s| {
                s.relations
                    .iter()
                    .filter(|r| table.map_or(true, |t| t == r.name))
                    .any(|r| {
                        r.primary_key.as_ref().is_some_and(|p| p.name == name)
                            || r.unique_constraints.iter().any(|u| u.name == name)
                            || r.foreign_keys.iter().any(|f| f.name == name)
                    })
            }))
        }
        "pg_enum" => {
            let label = get(&["enumlabel"])?;
            let type_name = get(&["typname"]);
            Some(schemas(model, schema).any(|s| {
                s.enums
                    .iter()
                    .filter(|e| type_name.map_or(true, |t| t == e.name))
                    .any(|e| e.labels.iter().any(|l| l == label))
            }))
        }
        _ => None,
    }
}
