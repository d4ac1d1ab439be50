//! Conditions beyond comparisons: `= any(list)` (`in`), `<> all(list)` (`not in`),
//! `value = any(array_column)` (`cs`), `like/ilike any(patterns)`, the array/jsonb/range operators
//! `@>` `<@` `&&` and the range operators `<<` `>>` `&<` `&>` `-|-`.

use sqlparser::ast::{BinaryOperator, CastKind, Expr, Spanned, Value};

use super::column_ref::column_ref;
use super::{inexpressible, unsupported, Lower};
use crate::query::error::{SqlError, SqlResult};
use crate::query::plan::{CVal, Cond, FVal, LVal, RVal, Step};
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

/// The PostgREST operator taking the `(any)`/`(all)` modifiers for `op`.
fn modified(op: &BinaryOperator) -> Option<&'static str> {
    Some(match op {
        BinaryOperator::Eq => "eq",
        BinaryOperator::Gt => "gt",
        BinaryOperator::GtEq => "gte",
        BinaryOperator::Lt => "lt",
        BinaryOperator::LtEq => "lte",
        BinaryOperator::PGRegexMatch => "match",
        BinaryOperator::PGRegexIMatch => "imatch",
        _ => return None,
    })
}

/// Whether the step of `expr` (one of this file's operators) is to be negated:
/// `not like any(...)`, `<> any(...)` (`not eq(all)`).
pub(super) fn negated_operator(expr: &Expr) -> bool {
    if let Expr::AnyOp {
        left,
        compare_op: BinaryOperator::NotEq,
        ..
    } = expr
    {
        // Only with the column on the left (`x <> any(list)`); the caller knows the sources,
        // this only tells the shapes apart: an array column on the right is refused anyway.
        return !matches!(unnested(left), Expr::Value(_));
    }
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
                // `= any('{published,completed}')`: an array literal's items.
                Value::SingleQuotedString(text) => {
                    let Some(items) = super::array_literal::items(text) else {
                        return Err(unsupported(
                            "this array literal; write its items as `'{a,b}'` (no NULL, not nested), `array['a', 'b']` or a parameter",
                            v.span,
                        ));
                    };
                    let items = items
                        .into_iter()
                        .map(|item| {
                            let value = if col.ty.is_numeric() {
                                Value::Number(item, false)
                            } else {
                                Value::SingleQuotedString(item)
                            };
                            self.value(&Expr::Value(value.with_span(v.span)), col, key)
                        })
                        .collect::<SqlResult<Vec<_>>>()?;
                    Ok(LVal::Items(items))
                }
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

    /// `range @> element` (a number, or a value cast to the element's type): the range of that
    /// element alone, `[x,x]`, which a range contains exactly when it contains the element.
    fn range_element(&mut self, expr: &Expr, range: &Col, key: &str) -> SqlResult<FVal> {
        let (inner, pg) = match unnested(expr) {
            Expr::Cast {
                expr: inner,
                data_type,
                ..
            } => (inner.as_ref(), data_type.to_string().to_ascii_lowercase()),
            other => (other, "numeric".to_owned()),
        };
        let ty = crate::query::types::cast_target(&pg)
            .map(Ty::base)
            .unwrap_or(Ty::Text);
        let element = Col {
            ty,
            pg: match pg.as_str() {
                "timestamp with time zone" => "timestamptz".to_owned(),
                "timestamp without time zone" | "timestamp" => "timestamp".to_owned(),
                "integer" | "int" => "int4".to_owned(),
                "bigint" => "int8".to_owned(),
                other => other.to_owned(),
            },
            ..range.clone()
        };
        Ok(match self.value(inner, &element, key)? {
            FVal::Lit(text) => FVal::Lit(range_of_one(&text)),
            FVal::Param(index, ty) | FVal::Point(index, ty) => FVal::Point(index, ty),
            FVal::Concat(_) => {
                return Err(inexpressible(
                    "a range element joined with `||` (write one parameter)",
                    inner.span(),
                ))
            }
        })
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
                if column_ref(sources, left)?.is_some() {
                    let (key, col) = self.filter_column(sources, left, top)?;
                    let list = self.list(right, &col, &key)?;
                    return Ok(match compare_op {
                        BinaryOperator::Eq => Step::List("in_", key, list),
                        // `x <> any(l)` is `not (x = all(l))`; the caller adds the `not`.
                        BinaryOperator::NotEq => Step::Filter("eq(all)".to_owned(), key, list),
                        op => match modified(op) {
                            Some(name) => Step::Filter(format!("{name}(any)"), key, list),
                            None => return Err(inexpressible(
                                &format!("`{op} any(...)` (PostgREST's any/all modifiers go with eq, gt, gte, lt, lte, like, ilike, match and imatch)"),
                                expr.span(),
                            )),
                        },
                    });
                }
                if *compare_op != BinaryOperator::Eq {
                    return Err(inexpressible(
                        &format!("`value {compare_op} any(array_column)` (PostgREST tests an array column's elements only for containment: `value = any(column)`)"),
                        expr.span(),
                    ));
                }
                let array = unnested(right);
                if column_ref(sources, array)?.is_none() {
                    return Err(inexpressible(
                        "a condition that names no column on either side (PostgREST compares a column with a value)",
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
                if column_ref(sources, left)?.is_none() {
                    return Err(inexpressible(
                        &format!("`value {compare_op} all(array_column)` (PostgREST tests an array column's elements only for containment)"),
                        expr.span(),
                    ));
                }
                let (key, col) = self.filter_column(sources, left, top)?;
                let list = self.list(right, &col, &key)?;
                match compare_op {
                    BinaryOperator::NotEq => Ok(Step::List("not_in", key, list)),
                    op => match modified(op) {
                        Some(name) => Ok(Step::Filter(format!("{name}(all)"), key, list)),
                        None => Err(inexpressible(
                            &format!("`{op} all(...)` (PostgREST's any/all modifiers go with eq, gt, gte, lt, lte, like, ilike, match and imatch)"),
                            expr.span(),
                        )),
                    },
                }
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
                if column_ref(sources, left)?.is_none() && column_ref(sources, right)?.is_some() {
                    // `value <@ column` is `column @> value`; `&&` and `-|-` are symmetric.
                    let flipped = match op {
                        BinaryOperator::AtArrow => Some(BinaryOperator::ArrowAt),
                        BinaryOperator::ArrowAt => Some(BinaryOperator::AtArrow),
                        BinaryOperator::PGBitwiseShiftLeft => {
                            Some(BinaryOperator::PGBitwiseShiftRight)
                        }
                        BinaryOperator::PGBitwiseShiftRight => {
                            Some(BinaryOperator::PGBitwiseShiftLeft)
                        }
                        BinaryOperator::PGOverlap => Some(BinaryOperator::PGOverlap),
                        BinaryOperator::Custom(c) if c == "-|-" => Some(op.clone()),
                        _ => None,
                    };
                    let Some(flipped) = flipped else {
                        return Err(inexpressible(
                            &format!("`value {op} column` (PostgREST's `{op}` filter has the column on the left, and its mirror is no single operator)"),
                            expr.span(),
                        ));
                    };
                    let swapped = Expr::BinaryOp {
                        left: right.clone(),
                        op: flipped,
                        right: left.clone(),
                    };
                    return self.operator_step(&swapped, sources, top);
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
                        if element && name == "contains" {
                            let value = self.range_element(right, &col, &key)?;
                            return Ok(Step::Contain(name, key, CVal::Raw(value)));
                        }
                        if element {
                            return Err(inexpressible(
                                "a range compared with an element by an operator other than @> (PostgREST's range operators take a range; write the element as a range, e.g. '[x,x]')",
                                right.span(),
                            ));
                        }
                        let text = Col {
                            ty: col.ty.clone().nullable(false),
                            ..col
                        };
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
            Step::List(method, key, list) => {
                let op = match method {
                    "like_any_of" => "like(any)",
                    "like_all_of" => "like(all)",
                    "ilike_any_of" => "ilike(any)",
                    _ => "ilike(all)",
                };
                Ok(Cond::Filter(op.to_owned(), key, RVal::List(list)))
            }
            Step::Filter(op, key, list) => Ok(Cond::Filter(op, key, RVal::List(list))),
            Step::Contain(method, key, value) => {
                let op = match method {
                    "contains" => "cs",
                    "contained_by" => "cd",
                    _ => "ov",
                };
                Ok(Cond::Filter(op.to_owned(), key, RVal::Contain(value)))
            }
            Step::Op(method, key, value) => {
                let op = match method {
                    "range_gt" => "sr",
                    "range_gte" => "nxl",
                    "range_lt" => "sl",
                    "range_lte" => "nxr",
                    _ => "adj",
                };
                Ok(Cond::Filter(op.to_owned(), key, RVal::One(value)))
            }
            _ => Err(unsupported("this operator inside OR/NOT", expr.span())),
        }
    }
}

/// `["x","x"]`: the range holding only `x`, quoted by the range-literal rules.
fn range_of_one(element: &str) -> String {
    let quoted = format!("\"{}\"", element.replace('\\', "\\\\").replace('"', "\\\""));
    format!("[{quoted},{quoted}]")
}
