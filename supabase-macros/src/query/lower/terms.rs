//! The terms of a WHERE as the lowering reads them: its top-level AND terms, and the AND/OR
//! that sqlparser folds into the right side of `IS [NOT] DISTINCT FROM` put back on top.

use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator};

/// The top-level AND terms of a WHERE, through parentheses: each one a separate filter.
pub(super) fn conjuncts(expr: &Expr, out: &mut Vec<Expr>) {
    match expr {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            conjuncts(left, out);
            conjuncts(right, out);
        }
        Expr::Nested(inner) => conjuncts(inner, out),
        other => out.push(other.clone()),
    }
}

/// sqlparser reads the right side of `IS [NOT] DISTINCT FROM` to the end of the expression
/// (`a is distinct from 1 and b = 2` as `a is distinct from (1 and b = 2)`); PostgreSQL ends it
/// before AND and OR. This puts the AND/OR back on top.
pub(super) fn regroup(expr: Expr) -> Expr {
    let and_or = |op: &BinaryOperator| matches!(op, BinaryOperator::And | BinaryOperator::Or);
    let not = matches!(expr, Expr::IsNotDistinctFrom(..));
    match expr {
        Expr::IsDistinctFrom(a, b) | Expr::IsNotDistinctFrom(a, b) => {
            let build = |a, b| {
                if not {
                    Expr::IsNotDistinctFrom(a, b)
                } else {
                    Expr::IsDistinctFrom(a, b)
                }
            };
            match *b {
                Expr::BinaryOp { left, op, right } if and_or(&op) => Expr::BinaryOp {
                    left: Box::new(regroup(build(a, left))),
                    op,
                    right: Box::new(regroup(*right)),
                },
                other => build(a, Box::new(other)),
            }
        }
        Expr::BinaryOp { left, op, right } if and_or(&op) => Expr::BinaryOp {
            left: Box::new(regroup(*left)),
            op,
            right: Box::new(regroup(*right)),
        },
        Expr::Nested(inner) => Expr::Nested(Box::new(regroup(*inner))),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr: Box::new(regroup(*expr)),
        },
        other => other,
    }
}
