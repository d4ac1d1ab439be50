//! WHERE: AND-ed conditions become one builder filter each; OR/NOT trees become conditions.

use sqlparser::ast::{BinaryOperator, Expr, Spanned, UnaryOperator, Value};

use super::column_ref::{column_ref, pgrst_name};
use super::operators::{is_operator, negated_operator};
use super::terms::{conjuncts, regroup};
use super::{expression_feature, inexpressible, unsupported, Lower};
use crate::query::error::{SqlError, SqlResult};
use crate::query::plan::{Cond, FVal, RVal, Step};
use crate::query::resolve::{Col, Source};
use crate::query::types::Ty;

impl Lower<'_> {
    /// The column of a full-text search (`col @@ query`): a tsvector or text column.
    fn fts_column(&mut self, sources: &[Source<'_>], left: &Expr, top: bool) -> SqlResult<String> {
        let (key, col) = self.filter_column(sources, left, top)?;
        if !matches!(col.pg.as_str(), "tsvector" | "text" | "varchar") {
            return Err(SqlError::new(
                format!("`{key}` is not a tsvector or text column; full-text search needs one"),
                left.span(),
            ));
        }
        Ok(key)
    }

    /// The WHERE clause: AND-ed conditions become one builder filter each.
    pub(crate) fn where_clause(
        &mut self,
        expr: &Expr,
        sources: &[Source<'_>],
        steps: &mut Vec<Step>,
    ) -> SqlResult<()> {
        self.where_and(&regroup(expr.clone()), sources, steps)
    }

    fn where_and(
        &mut self,
        expr: &Expr,
        sources: &[Source<'_>],
        steps: &mut Vec<Step>,
    ) -> SqlResult<()> {
        let mut terms = Vec::new();
        conjuncts(expr, &mut terms);
        for term in &terms {
            self.step(term, sources, false, steps)?;
        }
        Ok(())
    }

    fn step(
        &mut self,
        expr: &Expr,
        sources: &[Source<'_>],
        negated: bool,
        steps: &mut Vec<Step>,
    ) -> SqlResult<()> {
        let not = |steps: &mut Vec<Step>| {
            if negated {
                steps.push(Step::Not);
            }
        };
        if let Expr::IsNull(inner) | Expr::IsNotNull(inner) = expr {
            let present = matches!(expr, Expr::IsNotNull(_)) != negated;
            if let Some(key) = join_presence(sources, inner, present)? {
                if present {
                    steps.push(Step::Not);
                }
                steps.push(Step::Is(key, "null"));
                return Ok(());
            }
        }
        if let Some(rows) = super::row_values::row_in_list(expr) {
            return self.step(&rows, sources, negated, steps);
        }
        match expr {
            Expr::Nested(inner) => self.step(inner, sources, negated, steps),
            Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr: inner,
            } => self.step(inner, sources, !negated, steps),
            Expr::BinaryOp {
                op: BinaryOperator::Or,
                ..
            } => {
                let cond = self.cond(expr, sources)?;
                not(steps);
                steps.push(Step::AnyOf(flatten_any(cond)));
                Ok(())
            }
            Expr::BinaryOp {
                op: BinaryOperator::And,
                ..
            } => {
                // Only reached under NOT: `not.and=(...)`.
                let cond = self.cond(expr, sources)?;
                not(steps);
                steps.push(Step::AllOf(flatten_all(cond)));
                Ok(())
            }
            Expr::BinaryOp {
                left,
                op: BinaryOperator::AtAt,
                right,
            } => {
                let key = self.fts_column(sources, left, true)?;
                let (query, kind, config) = self.tsquery(right)?;
                not(steps);
                steps.push(Step::Fts(key, query, kind, config));
                Ok(())
            }
            Expr::InList {
                expr: left,
                list,
                negated: not_in,
            } => {
                let (key, col) = self.filter_column(sources, left, true)?;
                let values = list
                    .iter()
                    .map(|v| self.value(v, &col, &key))
                    .collect::<SqlResult<Vec<_>>>()?;
                match (*not_in, negated) {
                    (false, false) | (true, true) => steps.push(Step::In(key, values)),
                    _ => steps.push(Step::NotIn(key, values)),
                }
                Ok(())
            }
            Expr::Between {
                expr: left,
                negated: not_between,
                low,
                high,
            } => {
                let (key, col) = self.filter_column(sources, left, true)?;
                let low = self.value(low, &col, &key)?;
                let high = self.value(high, &col, &key)?;
                if *not_between != negated {
                    steps.push(Step::Not);
                    steps.push(Step::AllOf(vec![
                        Cond::Op("gte", key.clone(), low),
                        Cond::Op("lte", key, high),
                    ]));
                } else {
                    steps.push(Step::Op("gte", key.clone(), low));
                    steps.push(Step::Op("lte", key, high));
                }
                Ok(())
            }
            _ if is_operator(expr) => {
                let negated = negated != negated_operator(expr);
                match self.operator_step(expr, sources, true)? {
                    Step::List(method, key, list)
                        if negated && matches!(method, "in_" | "not_in") =>
                    {
                        let flipped = if method == "in_" { "not_in" } else { "in_" };
                        steps.push(Step::List(flipped, key, list));
                    }
                    step => {
                        if negated {
                            steps.push(Step::Not);
                        }
                        steps.push(step);
                    }
                }
                Ok(())
            }
            _ => {
                let (_, leaf) = self.leaf(expr, sources, true)?;
                match leaf {
                    Leaf::Op(op, key, value, is_not) => {
                        if is_not != negated {
                            steps.push(Step::Not);
                        }
                        steps.push(Step::Op(op, key, value));
                    }
                    Leaf::Is(key, value, is_not) => {
                        if is_not != negated {
                            steps.push(Step::Not);
                        }
                        steps.push(Step::Is(key, value));
                    }
                }
                Ok(())
            }
        }
    }

    /// A condition inside an OR (or a negated AND): `supabase_core::Condition`.
    fn cond(&mut self, expr: &Expr, sources: &[Source<'_>]) -> SqlResult<Cond> {
        if let Some(rows) = super::row_values::row_in_list(expr) {
            return self.cond(&rows, sources);
        }
        match expr {
            Expr::Nested(inner) => self.cond(inner, sources),
            Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr: inner,
            } => Ok(Cond::Not(Box::new(self.cond(inner, sources)?))),
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Or,
                right,
            } => Ok(Cond::Any(vec![
                self.cond(left, sources)?,
                self.cond(right, sources)?,
            ])),
            Expr::BinaryOp {
                left,
                op: BinaryOperator::And,
                right,
            } => Ok(Cond::All(vec![
                self.cond(left, sources)?,
                self.cond(right, sources)?,
            ])),
            Expr::InList {
                expr: left,
                list,
                negated,
            } => {
                let (key, col) = self.filter_column(sources, left, false)?;
                let values = list
                    .iter()
                    .map(|v| self.value(v, &col, &key))
                    .collect::<SqlResult<Vec<_>>>()?;
                let cond = Cond::In(key, values);
                Ok(if *negated {
                    Cond::Not(Box::new(cond))
                } else {
                    cond
                })
            }
            Expr::Between {
                expr: left,
                negated,
                low,
                high,
            } => {
                let (key, col) = self.filter_column(sources, left, false)?;
                let low = self.value(low, &col, &key)?;
                let high = self.value(high, &col, &key)?;
                let cond = Cond::All(vec![
                    Cond::Op("gte", key.clone(), low),
                    Cond::Op("lte", key, high),
                ]);
                Ok(if *negated {
                    Cond::Not(Box::new(cond))
                } else {
                    cond
                })
            }
            Expr::BinaryOp {
                left,
                op: BinaryOperator::AtAt,
                right,
            } => {
                let key = self.fts_column(sources, left, false)?;
                let (query, kind, config) = self.tsquery(right)?;
                let op = match kind {
                    Some("Plain") => "plfts",
                    Some("Phrase") => "phfts",
                    Some("Websearch") => "wfts",
                    _ => "fts",
                };
                let op = match config {
                    Some(config) => format!("{op}({config})"),
                    None => op.to_owned(),
                };
                Ok(Cond::Filter(op, key, RVal::One(query)))
            }
            _ if is_operator(expr) => {
                let cond = self.operator_cond(expr, sources)?;
                Ok(if negated_operator(expr) {
                    Cond::Not(Box::new(cond))
                } else {
                    cond
                })
            }
            _ => {
                let (_, leaf) = self.leaf(expr, sources, false)?;
                Ok(match leaf {
                    Leaf::Op(op, key, value, false) => Cond::Op(op, key, value),
                    Leaf::Op(op, key, value, true) => Cond::Not(Box::new(Cond::Op(op, key, value))),
                    Leaf::Is(key, value, false) => Cond::Is(key, value),
                    Leaf::Is(key, value, true) => Cond::Not(Box::new(Cond::Is(key, value))),
                })
            }
        }
    }
}

/// `j.col IS NULL` on a LEFT JOINed table `j` whose `col` is NOT NULL: the rows without a
/// joined row (an anti-join), which PostgREST 12 writes as a filter on the embed itself
/// (`j=is.null`); `IS NOT NULL` (`j=not.is.null`, the rows with one) only for a to-one join, as
/// a one-to-many join would repeat each row once per joined row. Returns the embed's key.
fn join_presence(sources: &[Source<'_>], expr: &Expr, present: bool) -> SqlResult<Option<String>> {
    let Some(col) = column_ref(sources, expr)? else {
        return Ok(None);
    };
    let Some(embed) = &sources[col.source].embed else {
        return Ok(None);
    };
    let nullable = matches!(col.column.ty, Ty::Option(_));
    if !col.plain || nullable || embed.inner || embed.parent != 0 || (present && embed.many) {
        return Ok(None);
    }
    Ok(Some(pgrst_name(&embed.key)))
}

enum Leaf {
    /// Operator, column, value, negated.
    Op(&'static str, String, FVal, bool),
    /// Column, `null`/`true`/`false`, negated.
    Is(String, &'static str, bool),
}

fn flatten_any(cond: Cond) -> Vec<Cond> {
    match cond {
        Cond::Any(items) => items.into_iter().flat_map(flatten_any).collect(),
        other => vec![other],
    }
}

fn flatten_all(cond: Cond) -> Vec<Cond> {
    match cond {
        Cond::All(items) => items.into_iter().flat_map(flatten_all).collect(),
        other => vec![other],
    }
}

fn flip(op: &BinaryOperator) -> Option<&'static str> {
    Some(match op {
        BinaryOperator::Eq => "eq",
        BinaryOperator::NotEq => "neq",
        BinaryOperator::Gt => "lt",
        BinaryOperator::GtEq => "lte",
        BinaryOperator::Lt => "gt",
        BinaryOperator::LtEq => "gte",
        _ => return None,
    })
}

fn operator(op: &BinaryOperator) -> Option<&'static str> {
    Some(match op {
        BinaryOperator::Eq => "eq",
        BinaryOperator::NotEq => "neq",
        BinaryOperator::Gt => "gt",
        BinaryOperator::GtEq => "gte",
        BinaryOperator::Lt => "lt",
        BinaryOperator::LtEq => "lte",
        _ => return None,
    })
}

const WHERE_HINT: &str = "this condition; WHERE supports column = <> < <= > >= value, LIKE, ILIKE, IN, IS [NOT] NULL/TRUE/FALSE, BETWEEN, `@@` full-text search, AND, OR, NOT";

impl Lower<'_> {
    fn leaf(
        &mut self,
        expr: &Expr,
        sources: &[Source<'_>],
        top: bool,
    ) -> SqlResult<(String, Leaf)> {
        match expr {
            Expr::BinaryOp { left, op, right } if operator(op).is_some() => {
                if column_ref(sources, left)?.is_none() && column_ref(sources, right)?.is_none() {
                    // Neither side is a column: `coalesce(body, '') <> ''`,
                    // `ends_at - starts_at > interval '2 hours'`, `1 = 1`.
                    let feature = [left, right]
                        .into_iter()
                        .find_map(|side| expression_feature(side))
                        .unwrap_or_else(|| {
                            "a condition that names no column on either side (PostgREST compares a column with a value)".to_owned()
                        });
                    return Err(inexpressible(&feature, expr.span()));
                }
                let (column_side, value_side, name) = if column_ref(sources, left)?.is_some() {
                    (left, right, operator(op))
                } else {
                    (right, left, flip(op))
                };
                let name = name.ok_or_else(|| unsupported(WHERE_HINT, expr.span()))?;
                let (key, col) = self.filter_column(sources, column_side, top)?;
                if matches!(value_side.as_ref(), Expr::Value(v) if matches!(v.value, Value::Null)) {
                    return Err(SqlError::new(
                        "`= NULL` is never true; write `IS NULL`",
                        expr.span(),
                    ));
                }
                let value = self.value(value_side, &col, &key)?;
                Ok((key.clone(), Leaf::Op(name, key, value, false)))
            }
            Expr::Like {
                negated,
                expr: left,
                pattern,
                escape_char: None,
                any: false,
            }
            | Expr::ILike {
                negated,
                expr: left,
                pattern,
                escape_char: None,
                any: false,
            } => {
                let op = if matches!(expr, Expr::Like { .. }) {
                    "like"
                } else {
                    "ilike"
                };
                let (key, col) = self.filter_column(sources, left, top)?;
                let value = self.pattern(
                    pattern,
                    &Col {
                        ty: Ty::Text,
                        ..col
                    },
                    &key,
                )?;
                Ok((key.clone(), Leaf::Op(op, key, value, *negated)))
            }
            // A boolean column alone (`where is_capital`, `not done`): `= true`, which keeps
            // NULL out as the bare column does.
            Expr::Identifier(_) | Expr::CompoundIdentifier(_)
                if column_ref(sources, expr)?.is_some_and(|c| c.ty.inner() == &Ty::Bool) =>
            {
                let (key, _) = self.filter_column(sources, expr, top)?;
                Ok((
                    key.clone(),
                    Leaf::Op("eq", key, FVal::Lit("true".to_owned()), false),
                ))
            }
            Expr::IsDistinctFrom(left, right) | Expr::IsNotDistinctFrom(left, right) => {
                let (column_side, value_side) = if column_ref(sources, left)?.is_some() {
                    (left, right)
                } else {
                    (right, left)
                };
                let (key, col) = self.filter_column(sources, column_side, top)?;
                let value = self.value(value_side, &col, &key)?;
                let negated = matches!(expr, Expr::IsNotDistinctFrom(..));
                Ok((key.clone(), Leaf::Op("is_distinct", key, value, negated)))
            }
            Expr::IsNull(inner) | Expr::IsNotNull(inner) => {
                let (key, _) = self.filter_column(sources, inner, top)?;
                Ok((
                    key.clone(),
                    Leaf::Is(key, "null", matches!(expr, Expr::IsNotNull(_))),
                ))
            }
            Expr::IsTrue(inner)
            | Expr::IsFalse(inner)
            | Expr::IsNotTrue(inner)
            | Expr::IsNotFalse(inner)
            | Expr::IsUnknown(inner)
            | Expr::IsNotUnknown(inner) => {
                let (key, col) = self.filter_column(sources, inner, top)?;
                if col.ty.inner() != &Ty::Bool {
                    return Err(SqlError::new(
                        format!("`{key}` is not a boolean column"),
                        inner.span(),
                    ));
                }
                let (value, negated) = match expr {
                    Expr::IsTrue(_) => ("true", false),
                    Expr::IsFalse(_) => ("false", false),
                    Expr::IsNotTrue(_) => ("true", true),
                    // On a boolean, UNKNOWN is NULL.
                    Expr::IsUnknown(_) => ("null", false),
                    Expr::IsNotUnknown(_) => ("null", true),
                    _ => ("false", true),
                };
                Ok((key.clone(), Leaf::Is(key, value, negated)))
            }
            Expr::BinaryOp {
                left,
                op:
                    op @ (BinaryOperator::PGRegexMatch
                    | BinaryOperator::PGRegexIMatch
                    | BinaryOperator::PGRegexNotMatch
                    | BinaryOperator::PGRegexNotIMatch),
                right,
            } => {
                let (key, col) = self.filter_column(sources, left, top)?;
                let value = self.value(
                    right,
                    &Col {
                        ty: Ty::Text,
                        ..col
                    },
                    &key,
                )?;
                let name = match op {
                    BinaryOperator::PGRegexMatch | BinaryOperator::PGRegexNotMatch => "regex_match",
                    _ => "regex_imatch",
                };
                let negated = matches!(
                    op,
                    BinaryOperator::PGRegexNotMatch | BinaryOperator::PGRegexNotIMatch
                );
                Ok((key.clone(), Leaf::Op(name, key, value, negated)))
            }
            Expr::Subquery(_) | Expr::InSubquery { .. } | Expr::Exists { .. } => {
                Err(inexpressible(
                    &expression_feature(expr).unwrap_or_else(|| "a subquery".to_owned()),
                    expr.span(),
                ))
            }
            Expr::BinaryOp { op, .. } => Err(inexpressible(
                &match op {
                    BinaryOperator::Question
                    | BinaryOperator::QuestionAnd
                    | BinaryOperator::QuestionPipe => format!(
                        "the jsonb key-exists operator `{op}` (PostgREST has no filter for it; `col->key is not null` differs on a key holding JSON null)"
                    ),
                    _ => format!(
                        "the operator `{op}` in a condition (PostgREST's filters are = <> < <= > >= LIKE ILIKE ~ ~* IN IS, @> <@ && and the range operators)"
                    ),
                },
                expr.span(),
            )),
            Expr::SimilarTo { .. } => Err(inexpressible("SIMILAR TO", expr.span())),
            Expr::Like {
                escape_char: Some(_),
                ..
            }
            | Expr::ILike {
                escape_char: Some(_),
                ..
            } => Err(inexpressible(
                "LIKE ... ESCAPE (PostgREST's like takes the default escape `\\`)",
                expr.span(),
            )),
            other if expression_feature(other).is_some() => Err(inexpressible(
                &expression_feature(other).unwrap_or_default(),
                other.span(),
            )),
            _ => Err(unsupported(WHERE_HINT, expr.span())),
        }
    }

    /// The filter key of a column (`name`, `cities.name`, `meta->>capital`) and its column.
    pub(super) fn filter_column(
        &self,
        sources: &[Source<'_>],
        expr: &Expr,
        top: bool,
    ) -> SqlResult<(String, Col)> {
        let Some(col) = column_ref(sources, expr)? else {
            if let Some(feature) = expression_feature(expr) {
                return Err(inexpressible(&feature, expr.span()));
            }
            return Err(unsupported(
                "a condition on this expression; compare a column (or a json path of one) with a value",
                expr.span(),
            ));
        };
        if col.text.contains("::") {
            // PostgREST 12 reads `col::date=eq.x` and drops the cast: it compares the column as
            // stored (`placed_at::date = '2024-03-02'` would match only midnight).
            return Err(inexpressible(
                "a cast of a column in a condition (PostgREST drops the cast and compares the column as stored)",
                expr.span(),
            ));
        }
        let mut key = col.text.clone();
        let mut at = col.source;
        while let Some(embed) = &sources[at].embed {
            if !top {
                return Err(inexpressible(
                    "an OR across the columns of a joined table (PostgREST's `or=(...)` names the columns of one table)",
                    expr.span(),
                ));
            }
            if !embed.inner {
                return Err(SqlError::new(
                    format!(
                        "a WHERE condition on `{}` needs an INNER JOIN: on a LEFT JOIN, PostgREST would filter only the embedded rows",
                        sources[at].alias
                    ),
                    expr.span(),
                ));
            }
            key = format!("{}.{key}", pgrst_name(&embed.key));
            at = embed.parent;
        }
        let ty = if col.plain {
            col.column.ty.clone()
        } else {
            col.ty.clone()
        };
        Ok((key, Col { ty, ..col.column }))
    }
}
