//! Conditions beyond comparisons: `= any(list)` (`in`), `<> all(list)` (`not in`),
//! `value = any(array_column)` (`cs`), `like/ilike any(patterns)`, the array/jsonb/range operators
//! `@>` `<@` `&&` and the range operators `<<` `>>` `&<` `&>` `-|-`.

use sqlparser::ast::{BinaryOperator, CastKind, Expr, Spanned, Value};

use super::column_ref::column_ref;
use super::{inexpressible, unsupported, Lower};
use crate::query::error::{SqlError, SqlResult};
use crate::query::plan::{CVal, Cond, FVal, LVal, Step};
use crate::query::resolve::{Col, Source};
use crate::query::types::Ty;

fn unnested(expr: &Expr) -> &Expr {
    match expr {
        Expr::Nested(inner) => unnested(inner),
        other => other,
    }
}

/// `op` as a builder method on a column of kind (array, jsonb, range).
fn method(op: &BinaryOperator) -> Option<&'static str> {
    Some(match op {
        BinaryOperator::AtArrow => "contains",
        BinaryOperator::ArrowAt => "contained_by",
        BinaryOperator::PGOverlap => "overlaps",
        BinaryOperator::PGBitwiseShiftLeft => "range_lt",
        BinaryOperator::PGBitwiseShiftRight => "range_gt",
        BinaryOperator::AndLt => "range_lte",
        BinaryOperator::AndGt => "range_gte",
        BinaryOperator::Custom(op) if op == "-|-" => "range_adjacent",
        _ => return None,
    })
}

/// Whether the step of `expr` (one of this file's operators) is to be negated:
/// `not like any(...)`.
pub(super) fn negated_operator(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::Like {
            any: true,
            negated: true,
            ..
        } | Expr::ILike {
            any: true,
            negated: true,
            ..
        }
    )
}

/// Whether `expr` is one of this file's operators.
pub(super) fn is_operator(expr: &Expr) -> bool {
    match expr {
        Expr::AnyOp { .. } | Expr::AllOp { .. } => true,
        Expr::Like { any: true, .. } | Expr::ILike { any: true, .. } => true,
        Expr::BinaryOp { op, .. } => method(op).is_some(),
        _ => false,
    }
}

impl Lower<'_> {
    /// A list compared with `col`'s values: `$1` (a slice/array/Vec), `array[...]`, `(a, b)`.
    fn list(&mut self, expr: &Expr, col: &Col, key: &str) -> SqlResult<LVal> {
        match expr {
            Expr::Nested(inner) => self.list(inner, col, key),
            Expr::Cast {
                kind: CastKind::DoubleColon | CastKind::Cast,
                expr: inner,
                ..
            } => self.list(inner, col, key),
            Expr::Value(v) => match &v.value {
                Value::Placeholder(p) => Ok(LVal::Param(self.param(p, v.span)?, col.ty.clone())),
                _ => Err(unsupported(
                    "this list; write a parameter (`$1` holding a slice, array or Vec) or `array[...]`",
                    v.span,
                )),
            },
            Expr::Array(array) => Ok(LVal::Items(
                array
                    .elem
                    .iter()
                    .map(|e| self.value(e, col, key))
                    .collect::<SqlResult<Vec<_>>>()?,
            )),
            Expr::Tuple(items) => Ok(LVal::Items(
                items
                    .iter()
                    .map(|e| self.value(e, col, key))
                    .collect::<SqlResult<Vec<_>>>()?,
            )),
            other => Err(unsupported(
                "this list; write a parameter (`$1` holding a slice, array or Vec) or `array[...]`",
                other.span(),
            )),
        }
    }

    /// The step for one of this file's operators (`top`: not inside OR/NOT).
    pub(super) fn operator_step(
        &mut self,
        expr: &Expr,
        sources: &[Source<'_>],
        top: bool,
    ) -> SqlResult<Step> {
        match expr {
            Expr::AnyOp {
                left,
                compare_op,
                right,
                ..
            } => {
                if *compare_op != BinaryOperator::Eq {
                    return Err(unsupported(
                        &format!("`{compare_op} any(...)`; PostgREST has `= any(...)` (in) and `<> all(...)` (not in)"),
                        expr.span(),
                    ));
                }
                if column_ref(sources, left)?.is_some() {
                    let (key, col) = self.filter_column(sources, left, top)?;
                    let list = self.list(right, &col, &key)?;
                    return Ok(Step::List("in_", key, list));
                }
                let array = unnested(right);
                if column_ref(sources, array)?.is_none() {
                    return Err(unsupported(
                        "`= any(...)` without a column on either side",
                        expr.span(),
                    ));
                }
                let (key, col) = self.filter_column(sources, array, top)?;
                let Ty::Vec(element) = col.ty.inner().clone() else {
                    return Err(SqlError::new(
                        format!("`{key}` is not an array column, so `value = any({key})` does not apply; write `{key} = value`"),
                        array.span(),
                    ));
                };
                let element = Col {
                    ty: *element,
                    ..col
                };
                let value = self.value(left, &element, &key)?;
                Ok(Step::Contain(
                    "contains",
                    key,
                    CVal::Array(LVal::Items(vec![value])),
                ))
            }
            Expr::AllOp {
                left,
                compare_op,
                right,
            } => {
                if *compare_op != BinaryOperator::NotEq || column_ref(sources, left)?.is_none() {
                    return Err(unsupported(
                        &format!(
                            "`{compare_op} all(...)`; PostgREST has `column <> all(...)` (not in)"
                        ),
                        expr.span(),
                    ));
                }
                let (key, col) = self.filter_column(sources, left, top)?;
                let list = self.list(right, &col, &key)?;
                Ok(Step::List("not_in", key, list))
            }
            Expr::Like {
                negated,
                any: true,
                expr: left,
                pattern,
                escape_char: None,
            }
            | Expr::ILike {
                negated,
                any: true,
                expr: left,
                pattern,
                escape_char: None,
            } => {
                // `x not like any(p)` is true when one pattern does not match: not (like all).
                // The caller adds the `not` (see `negated_operator`).
                let method = match (matches!(expr, Expr::Like { .. }), *negated) {
                    (true, false) => "like_any_of",
                    (true, true) => "like_all_of",
                    (false, false) => "ilike_any_of",
                    (false, true) => "ilike_all_of",
                };
                let (key, col) = self.filter_column(sources, left, top)?;
                let text = Col {
                    ty: Ty::Text,
                    ..col
                };
                let list = self.list(pattern, &text, &key)?;
                Ok(Step::List(method, key, list))
            }
            Expr::BinaryOp { left, op, right } if method(op).is_some() => {
                let name = method(op).unwrap_or("contains");
                if column_ref(sources, left)?.is_none() {
                    return Err(unsupported(
                        &format!("`{op}` with the column on the right; write the column first"),
                        expr.span(),
                    ));
                }
                let (key, col) = self.filter_column(sources, left, top)?;
                let is_range = col.pg.ends_with("range");
                match col.ty.inner().clone() {
                    Ty::Vec(element)
                        if matches!(name, "contains" | "contained_by" | "overlaps") =>
                    {
                        let element = Col {
                            ty: *element,
                            ..col
                        };
                        let value = match unnested(right) {
                            Expr::Value(v) if matches!(v.value, Value::SingleQuotedString(_)) => {
                                CVal::Raw(self.value(
                                    right,
                                    &Col {
                                        ty: Ty::Text,
                                        ..element
                                    },
                                    &key,
                                )?)
                            }
                            other => CVal::Array(self.list(other, &element, &key)?),
                        };
                        Ok(Step::Contain(name, key, value))
                    }
                    Ty::Json
                        if col.pg == "jsonb" && matches!(name, "contains" | "contained_by") =>
                    {
                        let value = self.value(right, &col, &key)?;
                        if let FVal::Lit(text) = &value {
                            if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
                                return Err(SqlError::new(
                                    format!("'{text}' is not valid JSON ({e})"),
                                    right.span(),
                                ));
                            }
                        }
                        Ok(Step::Contain(name, key, CVal::Raw(value)))
                    }
                    _ if is_range => {
                        let text = Col {
                            ty: col.ty.clone().nullable(false),
                            ..col
                        };
                        // PostgREST reads the value as a range: `range @> element` (a number,
                        // a cast to the element type) becomes `cs.<element>`, which PostgreSQL
                        // then parses as a malformed range.
                        let element = match unnested(right) {
                            Expr::Value(v) => matches!(v.value, Value::Number(..)),
                            Expr::Cast { data_type, .. } => !data_type
                                .to_string()
                                .to_ascii_lowercase()
                                .ends_with("range"),
                            _ => false,
                        };
                        if element {
                            return Err(inexpressible(
                                "a range compared with an element (PostgREST's range operators take a range; write the element as a range, e.g. '[x,x]')",
                                right.span(),
                            ));
                        }
                        let value = self.value(right, &text, &key)?;
                        Ok(match name {
                            "contains" | "contained_by" | "overlaps" => {
                                Step::Contain(name, key, CVal::Raw(value))
                            }
                            _ => Step::Op(name, key, value),
                        })
                    }
                    _ => Err(SqlError::new(
                        format!(
                            "`{op}` needs an array, range{} column; `{key}` is of type `{}`",
                            if matches!(name, "contains" | "contained_by") {
                                " or jsonb"
                            } else {
                                ""
                            },
                            col.pg
                        ),
                        left.span(),
                    )),
                }
            }
            other => Err(unsupported("this condition", other.span())),
        }
    }

    /// `column = any($1)` inside OR/NOT: a condition.
    pub(super) fn operator_cond(&mut self, expr: &Expr, sources: &[Source<'_>]) -> SqlResult<Cond> {
        match self.operator_step(expr, sources, false)? {
            Step::List("in_", key, LVal::Items(items)) => Ok(Cond::In(key, items)),
            Step::List("in_", key, LVal::Param(index, ty)) => Ok(Cond::InParam(key, index, ty)),
            Step::List("not_in", key, LVal::Items(items)) => {
                Ok(Cond::Not(Box::new(Cond::In(key, items))))
            }
            Step::List("not_in", key, LVal::Param(index, ty)) => {
                Ok(Cond::Not(Box::new(Cond::InParam(key, index, ty))))
            }
            _ => Err(unsupported(
                "this operator inside OR/NOT (PostgREST's `or=(...)` takes it, the builder's `Condition` does not); AND it with the other conditions",
                expr.span(),
            )),
        }
    }
}
