//! Types and names of view columns computed by expressions, as PostgreSQL resolves them:
//! aggregates (`count` → bigint, `sum(int2/int4)` → bigint, `sum(int8/numeric)` → numeric,
//! `sum(float4)` → real, `sum(float8)` → double precision, `avg` of integers and numeric →
//! numeric, of floats → double precision, `min`/`max` → the argument's type), common scalar
//! functions (`lower`, `upper`, `concat`, `length`, `now`, `date_trunc`, `coalesce` and
//! `greatest`/`least`/`CASE` → the common type of their arguments), casts, literals, `||`,
//! comparisons and arithmetic (numbers, dates, timestamps, intervals).
//!
//! The column name is PostgreSQL's: the column's own name for a reference (also through a
//! cast), the function's name for a call, `case`, `?column?` for operators and literals.
//! A result type not known here is an `Err` with the reason: the view column is then of
//! unknown type, and a warning says why.

use sqlparser::ast::{
    BinaryOperator as B, CastKind, Expr, FunctionArg, FunctionArgExpr, FunctionArguments,
    UnaryOperator, Value,
};

use super::names::{ident, object_name};
use super::types::{builtin_named, resolve};
use crate::model::{Column, Relation, SchemaModel, TypeRef, ViewColumnSource};

/// A relation of the FROM clause: the name it is referred to by, and its columns.
#[derive(Clone)]
pub(crate) struct Source {
    pub(crate) alias: String,
    pub(crate) relation: Relation,
    /// The table column each of its columns is, where one is (`column` names the source's
    /// column): itself for a table or view of the model, traced through a `WITH` query or a
    /// subquery in FROM as PostgreSQL traces a view column's origin.
    pub(crate) origins: Vec<ViewColumnSource>,
}

impl Source {
    /// The origin of the source's column `column`, if it has one.
    pub(crate) fn origin(&self, column: &str) -> Option<ViewColumnSource> {
        self.origins.iter().find(|o| o.column == column).cloned()
    }
}

/// A computed type: the reference and the `format_type` spelling; `None` for an untyped
/// literal (`'abc'`, `NULL`), which takes the type of what it meets.
type Typed = Option<(TypeRef, String)>;

/// A view column from a relation's column: name and type kept, nothing else.
pub(crate) fn view_column(c: &Column) -> Column {
    Column::new(c.name.clone(), 0, c.type_ref.clone(), c.sql_type.clone())
}

fn base(name: &str) -> Typed {
    Some(builtin_named(name))
}

/// `character varying(20)` → `character varying`: a computed value has no type modifier.
fn bare(sql: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for ch in sql.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn name_of(t: &Typed) -> &str {
    t.as_ref().and_then(|(t, _)| t.name()).unwrap_or("")
}

/// Rank of a numeric type in PostgreSQL's implicit promotions, 0 for non-numbers.
fn rank(name: &str) -> u8 {
    match name {
        "int2" => 1,
        "int4" => 2,
        "int8" => 3,
        "numeric" => 4,
        "float4" => 5,
        "float8" => 6,
        _ => 0,
    }
}

/// The common type of `types` (UNION / CASE / COALESCE resolution): untyped literals take
/// the others' type (text when all are untyped); numbers promote; text types become text;
/// date and timestamps become timestamp with time zone. The type modifier stays when every
/// input has the same one.
fn common(types: &[Typed]) -> Result<Typed, String> {
    let typed: Vec<&(TypeRef, String)> = types.iter().flatten().collect();
    let Some(first) = typed.first() else {
        return Ok(base("text"));
    };
    if typed.iter().all(|t| t.1 == first.1 && t.0 == first.0) {
        return Ok(Some((first.0.clone(), first.1.clone())));
    }
    if typed.iter().all(|t| t.0 == first.0) {
        return Ok(Some((first.0.clone(), bare(&first.1))));
    }
    let names: Vec<&str> = typed.iter().map(|t| t.0.name().unwrap_or("")).collect();
    if names.iter().all(|n| rank(n) > 0) {
        let top = names
            .iter()
            .max_by_key(|n| rank(n))
            .copied()
            .unwrap_or("numeric");
        return Ok(base(top));
    }
    if names
        .iter()
        .all(|n| matches!(*n, "text" | "varchar" | "bpchar" | "name"))
    {
        return Ok(base("text"));
    }
    if names
        .iter()
        .all(|n| matches!(*n, "date" | "timestamp" | "timestamptz"))
    {
        return Ok(base("timestamptz"));
    }
    Err(format!("no common type for {}", names.join(", ")))
}

/// The common type of the columns of a set operation (see `common`).
pub(crate) fn common_type(types: &[Typed]) -> Result<Typed, String> {
    common(types)
}

/// The positional arguments of a call.
fn args(f: &sqlparser::ast::Function) -> Vec<Option<&Expr>> {
    match &f.args {
        FunctionArguments::List(l) => l
            .args
            .iter()
            .map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Types view column expressions against the FROM clause's relations.
pub(crate) struct Typer<'a> {
    pub(crate) model: &'a SchemaModel,
    pub(crate) sources: &'a [Source],
    /// The `WITH` queries in scope (for subqueries).
    pub(crate) ctes: &'a [Source],
}

impl Typer<'_> {
    fn find(&self, alias: Option<&str>, column: &str) -> Result<Column, String> {
        self.sources
            .iter()
            .filter(|s| alias.map_or(true, |a| a == s.alias))
            .find_map(|s| s.relation.column(column))
            .map(view_column)
            .ok_or_else(|| format!("unknown column {column}"))
    }

    /// The table column a plain column reference is, if it is one (`None` for an expression).
    pub(crate) fn origin(&self, e: &Expr) -> Option<ViewColumnSource> {
        let (alias, column) = match e {
            Expr::Identifier(i) => (None, ident(i)),
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => (
                Some(ident(&parts[parts.len() - 2])),
                ident(&parts[parts.len() - 1]),
            ),
            _ => return None,
        };
        self.sources
            .iter()
            .filter(|s| alias.as_deref().map_or(true, |a| a == s.alias))
            .find(|s| s.relation.column(&column).is_some())
            .and_then(|s| s.origin(&column))
    }

    /// The name, column (type) and whether it is a plain column reference, of a select item.
    pub(crate) fn column(&self, e: &Expr) -> Result<(String, Column, bool), String> {
        match e {
            Expr::Identifier(i) => {
                let c = self.find(None, &ident(i))?;
                Ok((c.name.clone(), c, true))
            }
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                let c = self.find(
                    Some(&ident(&parts[parts.len() - 2])),
                    &ident(&parts[parts.len() - 1]),
                )?;
                Ok((c.name.clone(), c, true))
            }
            _ => {
                let name = self.name(e);
                let (type_ref, sql) = self.typed(e)?.unwrap_or_else(|| builtin_named("text"));
                Ok((name.clone(), Column::new(name, 0, type_ref, sql), false))
            }
        }
    }

    /// PostgreSQL's name for the column an expression computes (`FigureColname`).
    pub(crate) fn name(&self, e: &Expr) -> String {
        match e {
            Expr::Identifier(i) => ident(i),
            Expr::CompoundIdentifier(parts) => parts.last().map(ident).unwrap_or_default(),
            Expr::Nested(inner) => self.name(inner),
            Expr::Cast {
                expr, data_type, ..
            } => match self.name(expr).as_str() {
                "?column?" => resolve(data_type, self.model)
                    .map(|t| t.bare.rsplit('.').next().unwrap_or("?column?").to_string())
                    .map(|n| match n.as_str() {
                        "integer" => "int4".to_string(),
                        "bigint" => "int8".to_string(),
                        "smallint" => "int2".to_string(),
                        "boolean" => "bool".to_string(),
                        "character varying" => "varchar".to_string(),
                        "double precision" => "float8".to_string(),
                        "real" => "float4".to_string(),
                        "timestamp with time zone" => "timestamptz".to_string(),
                        "timestamp without time zone" => "timestamp".to_string(),
                        _ => n,
                    })
                    .unwrap_or_else(|_| "?column?".to_string()),
                other => other.to_string(),
            },
            Expr::Function(f) => object_name(&f.name).1,
            Expr::Case { .. } => "case".to_string(),
            Expr::Exists { .. } => "exists".to_string(),
            Expr::Subquery(q) => match q.body.as_ref() {
                sqlparser::ast::SetExpr::Select(s) => match s.projection.as_slice() {
                    [sqlparser::ast::SelectItem::ExprWithAlias { alias, .. }] => ident(alias),
                    [sqlparser::ast::SelectItem::UnnamedExpr(e)] => self.name(e),
                    _ => "?column?".to_string(),
                },
                _ => "?column?".to_string(),
            },
            Expr::Extract { .. } => "extract".to_string(),
            Expr::Array(_) => "array".to_string(),
            Expr::TypedString(t) => resolve(&t.data_type, self.model)
                .map(|t| t.type_ref.name().unwrap_or("?column?").to_string())
                .unwrap_or_else(|_| "?column?".to_string()),
            _ => "?column?".to_string(),
        }
    }

    /// The type of an expression.
    fn typed(&self, e: &Expr) -> Result<Typed, String> {
        match e {
            Expr::Identifier(_) | Expr::CompoundIdentifier(_) => {
                let (_, c, _) = self.column(e)?;
                Ok(Some((c.type_ref, c.sql_type)))
            }
            Expr::Nested(inner) => self.typed(inner),
            Expr::Cast {
                kind: CastKind::DoubleColon | CastKind::Cast,
                data_type,
                ..
            } => {
                let t = resolve(data_type, self.model)?;
                Ok(Some((t.type_ref, t.sql_type)))
            }
            Expr::TypedString(t) => {
                let t = resolve(&t.data_type, self.model)?;
                Ok(Some((t.type_ref, t.sql_type)))
            }
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) if n.contains(['.', 'e', 'E']) => Ok(base("numeric")),
                Value::Number(n, _) if n.parse::<i32>().is_ok() => Ok(base("int4")),
                Value::Number(n, _) if n.parse::<i64>().is_ok() => Ok(base("int8")),
                Value::Number(..) => Ok(base("numeric")),
                Value::SingleQuotedString(_) | Value::Null => Ok(None),
                Value::Boolean(_) => Ok(base("bool")),
                other => Err(format!("literal `{other}` not typed")),
            },
            Expr::IsNull(_)
            | Expr::IsNotNull(_)
            | Expr::IsTrue(_)
            | Expr::IsFalse(_)
            | Expr::IsNotTrue(_)
            | Expr::IsNotFalse(_)
            | Expr::IsDistinctFrom(..)
            | Expr::IsNotDistinctFrom(..)
            | Expr::InList { .. }
            | Expr::InSubquery { .. }
            | Expr::Between { .. }
            | Expr::Like { .. }
            | Expr::ILike { .. }
            | Expr::SimilarTo { .. }
            | Expr::Exists { .. }
            | Expr::AnyOp { .. }
            | Expr::AllOp { .. } => Ok(base("bool")),
            Expr::UnaryOp { op, expr } => match op {
                UnaryOperator::Not => Ok(base("bool")),
                _ => self.typed(expr),
            },
            Expr::Case {
                conditions,
                else_result,
                ..
            } => {
                let mut types = Vec::new();
                for when in conditions {
                    types.push(self.typed(&when.result)?);
                }
                if let Some(e) = else_result {
                    types.push(self.typed(e)?);
                }
                common(&types)
            }
            Expr::Extract { .. } => Ok(base("numeric")),
            Expr::Subquery(q) => {
                let c = super::view_query::scalar_subquery(self.model, self.ctes, self.sources, q)?;
                Ok(Some((c.type_ref, bare(&c.sql_type))))
            }
            Expr::Function(f) => self.function(f),
            Expr::BinaryOp { left, op, right } => self.binary(left, op, right),
            other => Err(format!("the type of `{other}` is not inferred")),
        }
    }

    fn function(&self, f: &sqlparser::ast::Function) -> Result<Typed, String> {
        let name = object_name(&f.name).1;
        let args = args(f);
        let arg = |i: usize| -> Result<Typed, String> {
            match args.get(i) {
                Some(Some(e)) => self.typed(e),
                _ => Err(format!("`{name}` without argument {}", i + 1)),
            }
        };
        let all = || -> Result<Vec<Typed>, String> {
            args.iter()
                .map(|a| a.map_or(Ok(None), |e| self.typed(e)))
                .collect()
        };
        let numeric_arg = |i: usize| -> Result<String, String> {
            let t = arg(i)?;
            let n = name_of(&t).to_string();
            if rank(&n) == 0 && n != "interval" && n != "money" {
                return Err(format!("`{name}` of `{n}` is not typed"));
            }
            Ok(n)
        };
        let t = match name.as_str() {
            "count" | "row_number" | "rank" | "dense_rank" => base("int8"),
            "ntile" => base("int4"),
            "percent_rank" | "cume_dist" => base("float8"),
            "sum" => match numeric_arg(0)?.as_str() {
                "int2" | "int4" => base("int8"),
                "int8" | "numeric" => base("numeric"),
                other => base(other),
            },
            "avg" => match numeric_arg(0)?.as_str() {
                "int2" | "int4" | "int8" | "numeric" => base("numeric"),
                "float4" | "float8" => base("float8"),
                other => base(other),
            },
            "min" | "max" | "first_value" | "last_value" | "lag" | "lead" | "abs" | "ceil"
            | "ceiling" | "floor" | "nullif" => match arg(0)? {
                Some((t, sql))
                    if t.name() == Some("varchar") && matches!(name.as_str(), "min" | "max") =>
                {
                    let _ = sql;
                    base("text")
                }
                Some((t, sql)) => Some((t, bare(&sql))),
                None => base("text"),
            },
            "round" | "trunc" if args.len() == 2 => base("numeric"),
            "round" | "trunc" => match arg(0)? {
                Some((t, sql)) if matches!(t.name(), Some("float4" | "float8")) => {
                    let _ = sql;
                    base("float8")
                }
                _ => base("numeric"),
            },
            "coalesce" | "greatest" | "least" => common(&all()?)?,
            "bool_and" | "bool_or" | "every" => base("bool"),
            "string_agg" => match arg(0)? {
                Some((t, _)) if t.name() == Some("bytea") => base("bytea"),
                _ => base("text"),
            },
            "array_agg" => match arg(0)? {
                Some((t, sql)) if t.element().is_none() => Some((
                    TypeRef::Array {
                        element: Box::new(t),
                    },
                    format!("{}[]", bare(&sql)),
                )),
                _ => return Err("`array_agg` of this argument is not typed".to_string()),
            },
            "json_agg" | "json_object_agg" | "to_json" | "json_build_object"
            | "json_build_array" | "row_to_json" | "array_to_json" => base("json"),
            "jsonb_agg" | "jsonb_object_agg" | "to_jsonb" | "jsonb_build_object"
            | "jsonb_build_array" | "jsonb_set" | "jsonb_strip_nulls" => base("jsonb"),
            "lower" | "upper" | "initcap" | "concat" | "concat_ws" | "trim" | "btrim" | "ltrim"
            | "rtrim" | "replace" | "substr" | "substring" | "left" | "right" | "lpad" | "rpad"
            | "md5" | "to_char" | "format" | "split_part" | "repeat" | "reverse" | "translate"
            | "quote_ident" | "quote_literal" | "regexp_replace" | "array_to_string" | "string" => {
                base("text")
            }
            "length" | "char_length" | "character_length" | "octet_length" | "position"
            | "strpos" | "array_length" | "cardinality" => base("int4"),
            "now"
            | "current_timestamp"
            | "transaction_timestamp"
            | "statement_timestamp"
            | "clock_timestamp"
            | "to_timestamp" => base("timestamptz"),
            "localtimestamp" => base("timestamp"),
            "current_date" => base("date"),
            "age" => base("interval"),
            "date_part" => base("float8"),
            "gen_random_uuid" | "uuid_generate_v4" => base("uuid"),
            "date_trunc" => match name_of(&arg(1)?) {
                "timestamp" => base("timestamp"),
                "interval" => base("interval"),
                "timestamptz" | "date" | "" => base("timestamptz"),
                other => return Err(format!("`date_trunc` of `{other}` is not typed")),
            },
            "timezone" => match name_of(&arg(1)?) {
                "timestamptz" | "" => base("timestamp"),
                "timestamp" => base("timestamptz"),
                other => return Err(format!("`timezone` of `{other}` is not typed")),
            },
            other => {
                // A function of the model (a user's SQL function) with a plain return type.
                let found = self.model.schemas.iter().find_map(|s| {
                    let mut fns = s.functions_named(other);
                    let first = fns.next()?;
                    fns.next().is_none().then_some(first)
                });
                match found {
                    Some(func) if !func.returns.set => {
                        Some((func.returns.type_ref.clone(), func.returns.sql_type.clone()))
                    }
                    _ => return Err(format!("the result type of `{other}` is not known")),
                }
            }
        };
        Ok(t)
    }

    fn binary(&self, left: &Expr, op: &B, right: &Expr) -> Result<Typed, String> {
        match op {
            B::Eq
            | B::NotEq
            | B::Lt
            | B::LtEq
            | B::Gt
            | B::GtEq
            | B::And
            | B::Or
            | B::PGRegexMatch
            | B::PGRegexIMatch
            | B::PGRegexNotMatch
            | B::PGRegexNotIMatch
            | B::PGLikeMatch
            | B::PGILikeMatch
            | B::AtArrow
            | B::ArrowAt
            | B::Question
            | B::QuestionAnd
            | B::QuestionPipe => Ok(base("bool")),
            B::StringConcat => {
                let (l, r) = (self.typed(left)?, self.typed(right)?);
                for (t, sql) in [&l, &r].into_iter().flatten() {
                    if t.element().is_some() {
                        return Ok(Some((t.clone(), bare(sql))));
                    }
                    if t.name() == Some("jsonb") {
                        return Ok(base("jsonb"));
                    }
                }
                Ok(base("text"))
            }
            B::Arrow | B::HashArrow | B::LongArrow | B::HashLongArrow => {
                let l = self.typed(left)?;
                match (op, name_of(&l)) {
                    (B::Arrow | B::HashArrow, "jsonb") => Ok(base("jsonb")),
                    (B::Arrow | B::HashArrow, "json") => Ok(base("json")),
                    (_, "json" | "jsonb") => Ok(base("text")),
                    (_, other) => Err(format!("`{op}` on `{other}` is not typed")),
                }
            }
            B::Plus | B::Minus | B::Multiply | B::Divide | B::Modulo => {
                let (l, r) = (self.typed(left)?, self.typed(right)?);
                let (ln, rn) = (name_of(&l), name_of(&r));
                let (lr, rr) = (rank(ln), rank(rn));
                if lr > 0 && rr > 0 {
                    let top = if lr >= rr { ln } else { rn };
                    // int2 arithmetic happens in int4.
                    return Ok(base(if top == "int2" { "int4" } else { top }));
                }
                let t = match (ln, op, rn) {
                    ("timestamptz", B::Plus | B::Minus, "interval")
                    | ("interval", B::Plus, "timestamptz") => "timestamptz",
                    ("timestamp", B::Plus | B::Minus, "interval")
                    | ("interval", B::Plus, "timestamp")
                    | ("date", B::Plus | B::Minus, "interval")
                    | ("interval", B::Plus, "date")
                    | ("date", B::Plus, "time") => "timestamp",
                    ("date", B::Plus | B::Minus, "int4" | "int2" | "")
                    | ("int4" | "int2", B::Plus, "date") => "date",
                    ("date", B::Minus, "date") => "int4",
                    ("timestamptz", B::Minus, "timestamptz")
                    | ("timestamp", B::Minus, "timestamp")
                    | ("interval", B::Plus | B::Minus, "interval")
                    | ("interval", B::Multiply | B::Divide, _)
                    | (_, B::Multiply, "interval") => "interval",
                    _ => {
                        return Err(format!(
                            "the result type of `{op}` on `{ln}` and `{rn}` is not known"
                        ))
                    }
                };
                Ok(base(t))
            }
            other => Err(format!("the result type of `{other}` is not known")),
        }
    }
}
