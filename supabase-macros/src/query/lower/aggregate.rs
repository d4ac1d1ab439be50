//! Aggregates in the select list (count/sum/avg/min/max) and the GROUP BY PostgREST implies.

use sqlparser::ast::{
    CastKind, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr, Spanned,
};

use super::column_ref::{cast, column_ref, idents};
use super::{expression_feature, inexpressible, unsupported, Item};
use crate::query::error::{SqlError, SqlResult};
use crate::query::resolve::{column, Source};
use crate::query::types::Ty;

/// `count(*)`, `count(col)`, `sum(col)`, `avg`, `min`, `max`, optionally cast.
pub(super) fn aggregate(
    sources: &[Source<'_>],
    expr: &Expr,
) -> SqlResult<(usize, String, String, Ty)> {
    let hint = "this expression; a select item is a column, a cast (`col::text`), a json path (`col->>'key'`) or count/sum/avg/min/max of a column";
    match expr {
        Expr::Cast {
            kind: CastKind::DoubleColon | CastKind::Cast,
            expr: inner,
            data_type,
            format: None,
        } => {
            let (source, text, key, ty) = aggregate(sources, inner)?;
            let (name, base) = cast(data_type, expr.span())?;
            let nullable = matches!(ty, Ty::Option(_));
            Ok((
                source,
                format!("{text}::{name}"),
                key,
                Ty::base(base).nullable(nullable),
            ))
        }
        Expr::Function(function) => {
            let name = function.name.to_string().to_ascii_lowercase();
            if function.over.is_some() {
                return Err(inexpressible("a window function (OVER)", expr.span()));
            }
            if function.filter.is_some() {
                return Err(inexpressible("an aggregate FILTER", expr.span()));
            }
            if !matches!(name.as_str(), "count" | "sum" | "avg" | "min" | "max") {
                return Err(inexpressible(
                    &format!("{name}() in a select list (PostgREST's aggregates are count, sum, avg, min and max)"),
                    function.name.span(),
                ));
            }
            let args = match &function.args {
                FunctionArguments::List(list) => {
                    if list.duplicate_treatment.is_some() {
                        return Err(inexpressible("DISTINCT in an aggregate", expr.span()));
                    }
                    list.args.as_slice()
                }
                FunctionArguments::None => &[],
                FunctionArguments::Subquery(_) => {
                    return Err(inexpressible("a subquery", expr.span()))
                }
            };
            match args {
                [FunctionArg::Unnamed(FunctionArgExpr::Wildcard)] | [] if name == "count" => {
                    Ok((0, "count()".to_owned(), "count".to_owned(), Ty::I64))
                }
                // `count(1)`: a constant that is never NULL counts every row, as `count(*)`.
                [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))]
                    if name == "count"
                        && matches!(
                            v.value,
                            sqlparser::ast::Value::Number(..)
                                | sqlparser::ast::Value::SingleQuotedString(_)
                                | sqlparser::ast::Value::Boolean(_)
                        ) =>
                {
                    Ok((0, "count()".to_owned(), "count".to_owned(), Ty::I64))
                }
                [FunctionArg::Unnamed(FunctionArgExpr::Expr(arg))] => {
                    let Some(col) = column_ref(sources, arg)? else {
                        // `sum(amount * probability)`, `avg(extract(epoch from ...))`: PostgREST
                        // aggregates a column as it is stored.
                        return Err(match expression_feature(arg) {
                            Some(feature) => inexpressible(
                                &format!("an aggregate of an expression: {feature} inside {name}() (PostgREST aggregates a column)"),
                                arg.span(),
                            ),
                            None if matches!(arg, Expr::Value(_)) => unsupported(hint, arg.span()),
                            None => inexpressible(
                                &format!("an aggregate of an expression inside {name}() (PostgREST aggregates a column)"),
                                arg.span(),
                            ),
                        });
                    };
                    let ty = match name.as_str() {
                        "count" => Ty::I64,
                        "sum" => match col.ty.inner() {
                            Ty::I16 | Ty::I32 => Ty::I64.nullable(true),
                            Ty::F32 => Ty::F32.nullable(true),
                            Ty::F64 => Ty::F64.nullable(true),
                            Ty::I64 | Ty::Json | Ty::Numeric => Ty::Json,
                            _ => {
                                return Err(SqlError::new(
                                    format!("sum() of the non-numeric column `{}`", col.text),
                                    arg.span(),
                                ))
                            }
                        },
                        "avg" => match col.ty.inner() {
                            Ty::F32 | Ty::F64 => Ty::F64.nullable(true),
                            t if t.is_numeric() => Ty::Json,
                            _ => {
                                return Err(SqlError::new(
                                    format!("avg() of the non-numeric column `{}`", col.text),
                                    arg.span(),
                                ))
                            }
                        },
                        _ => col.ty.inner().clone().nullable(true),
                    };
                    Ok((col.source, format!("{}.{name}()", col.text), name, ty))
                }
                _ => Err(unsupported(
                    &format!("these arguments of `{name}`; aggregate one column"),
                    expr.span(),
                )),
            }
        }
        other => {
            let _ = hint;
            let feature = expression_feature(other).unwrap_or_else(|| {
                let what = match other {
                    Expr::Extract { .. } => "EXTRACT(...)",
                    Expr::AtTimeZone { .. } => "AT TIME ZONE",
                    Expr::Value(_) | Expr::TypedString { .. } | Expr::Interval(_) => "a constant",
                    _ => "an expression",
                };
                format!("{what} as a select item (PostgREST selects columns, casts of columns, json paths and count/sum/avg/min/max)")
            });
            Err(inexpressible(&feature, other.span()))
        }
    }
}

/// PostgREST groups by the plain columns selected next to aggregates; a GROUP BY must list
/// exactly those.
pub(super) fn check_group_by(
    group_by: &GroupByExpr,
    items: &[Item],
    sources: &[Source<'_>],
) -> SqlResult<()> {
    let exprs = match group_by {
        GroupByExpr::All(_) => return Err(unsupported("GROUP BY ALL", group_by.span())),
        GroupByExpr::Expressions(exprs, modifiers) => {
            if !modifiers.is_empty() {
                return Err(inexpressible(
                    "GROUP BY ROLLUP / CUBE / GROUPING SETS (PostgREST groups by the selected columns only)",
                    group_by.span(),
                ));
            }
            exprs
        }
    };
    let has_aggregate = items.iter().any(|i| i.aggregate);
    if exprs.is_empty() {
        return Ok(());
    }
    if !has_aggregate {
        return Err(inexpressible(
            "GROUP BY without an aggregate (PostgREST groups only next to count/sum/avg/min/max)",
            group_by.span(),
        ));
    }
    let grouped: Vec<(usize, String)> = items
        .iter()
        .filter(|i| !i.aggregate)
        .filter_map(|i| i.column.clone().map(|c| (i.source, c)))
        .collect();
    let mut named = Vec::new();
    for expr in exprs {
        let Some(path) = idents(expr) else {
            return Err(inexpressible(
                "GROUP BY an expression (PostgREST groups by the plain columns selected next to the aggregates)",
                expr.span(),
            ));
        };
        let (source, col) = column(sources, &path)?;
        if !grouped.contains(&(source, col.name.clone())) {
            return Err(inexpressible(
                &format!(
                    "GROUP BY a column that is not selected (`{}`; PostgREST groups by exactly the plain columns selected next to the aggregates)",
                    col.name
                ),
                expr.span(),
            ));
        }
        named.push((source, col.name.clone()));
    }
    if let Some(item) = items.iter().find(|i| {
        !i.aggregate
            && i.column
                .as_ref()
                .is_some_and(|c| !named.contains(&(i.source, c.clone())))
    }) {
        return Err(SqlError::new(
            format!(
                "`{}` is selected but not in GROUP BY; PostgREST groups by every plain column selected next to the aggregates",
                item.key
            ),
            item.span,
        ));
    }
    Ok(())
}
