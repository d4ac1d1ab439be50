//! Row-value comparisons in WHERE, rewritten into the column comparisons PostgREST filters on.

use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator};

/// `(a, b) = (x, y)` and `(a, b) IN ((x1, y1), (x2, y2))` as `(a = x1 AND b = y1) OR (a = x2 AND b = y2)` (`NOT IN`
/// under `NOT`): a row comparison is the AND of its columns' comparisons, NULLs included.
/// `None` for anything else, or rows of another width (PostgreSQL's error, kept by the caller).
pub(super) fn row_in_list(expr: &Expr) -> Option<Expr> {
    // `(a, b) = (x, y)` is the list of one row; `<>` its negation.
    if let Expr::BinaryOp {
        left,
        op: op @ (BinaryOperator::Eq | BinaryOperator::NotEq),
        right,
    } = expr
    {
        if !matches!(left.as_ref(), Expr::Tuple(_)) || !matches!(right.as_ref(), Expr::Tuple(_)) {
            return None;
        }
        return row_in_list(&Expr::InList {
            expr: left.clone(),
            list: vec![right.as_ref().clone()],
            negated: *op == BinaryOperator::NotEq,
        });
    }
    let Expr::InList {
        expr: left,
        list,
        negated,
    } = expr
    else {
        return None;
    };
    let Expr::Tuple(columns) = left.as_ref() else {
        return None;
    };
    let mut rows = Vec::new();
    for item in list {
        let Expr::Tuple(values) = item else {
            return None;
        };
        if values.len() != columns.len() {
            return None;
        }
        let row = columns
            .iter()
            .zip(values)
            .map(|(column, value)| Expr::BinaryOp {
                left: Box::new(column.clone()),
                op: BinaryOperator::Eq,
                right: Box::new(value.clone()),
            })
            .reduce(|a, b| Expr::BinaryOp {
                left: Box::new(a),
                op: BinaryOperator::And,
                right: Box::new(b),
            })?;
        rows.push(Expr::Nested(Box::new(row)));
    }
    let any = rows.into_iter().reduce(|a, b| Expr::BinaryOp {
        left: Box::new(a),
        op: BinaryOperator::Or,
        right: Box::new(b),
    })?;
    Some(if *negated {
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr: Box::new(Expr::Nested(Box::new(any))),
        }
    } else {
        any
    })
}

#[cfg(test)]
mod tests {
    use super::row_in_list;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    #[allow(clippy::unwrap_used)]
    fn rewrite(condition: &str) -> Option<String> {
        let expr = Parser::new(&PostgreSqlDialect {})
            .try_with_sql(condition)
            .unwrap()
            .parse_expr()
            .unwrap();
        row_in_list(&expr).map(|e| e.to_string())
    }

    #[test]
    fn rows_in_a_list_become_or_of_and() {
        assert_eq!(
            rewrite("(a, b) IN ((1, 'x'), ($1, $2))").as_deref(),
            Some("(a = 1 AND b = 'x') OR (a = $1 AND b = $2)")
        );
        assert_eq!(
            rewrite("(a, b) NOT IN ((1, 2))").as_deref(),
            Some("NOT ((a = 1 AND b = 2))")
        );
    }

    #[test]
    fn row_equality_is_a_list_of_one_row() {
        assert_eq!(
            rewrite("(a, b) = ($1, $2)").as_deref(),
            Some("(a = $1 AND b = $2)")
        );
        assert_eq!(
            rewrite("(a, b) <> (1, 2)").as_deref(),
            Some("NOT ((a = 1 AND b = 2))")
        );
        assert_eq!(rewrite("a = 1"), None);
    }

    #[test]
    fn other_lists_are_left_alone() {
        assert_eq!(rewrite("a IN (1, 2)"), None);
        assert_eq!(rewrite("(a, b) IN ((1, 2, 3))"), None);
    }
}
