//! Values compared with a column (literals, parameters) and full-text search queries.

use sqlparser::ast::{
    BinaryOperator, CastKind, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Spanned,
    UnaryOperator, Value,
};

use super::{expression_feature, inexpressible, unsupported, Lower};
use crate::query::error::{SqlError, SqlResult};
use crate::query::plan::FVal;
use crate::query::resolve::Col;
use crate::query::types::Ty;

impl Lower<'_> {
    /// A value compared with `col`.
    pub(crate) fn value(&mut self, expr: &Expr, col: &Col, key: &str) -> SqlResult<FVal> {
        match expr {
            Expr::Nested(inner) => self.value(inner, col, key),
            Expr::Value(v) => match &v.value {
                Value::Placeholder(p) => Ok(FVal::Param(self.param(p, v.span)?, col.ty.clone())),
                Value::Number(n, _) => {
                    if !col.ty.is_numeric() {
                        return Err(SqlError::new(
                            format!("`{n}` is a number but `{key}` is not a numeric column"),
                            v.span,
                        ));
                    }
                    Ok(FVal::Lit(n.clone()))
                }
                Value::SingleQuotedString(s) => {
                    self.check_text_literal(s, col, v.span)?;
                    Ok(FVal::Lit(s.clone()))
                }
                Value::Boolean(b) => {
                    if col.ty.inner() != &Ty::Bool {
                        return Err(SqlError::new(
                            format!("`{b}` is a boolean but `{key}` is not a boolean column"),
                            v.span,
                        ));
                    }
                    Ok(FVal::Lit(b.to_string()))
                }
                _ => Err(unsupported("this literal", v.span)),
            },
            Expr::Cast {
                kind: CastKind::DoubleColon | CastKind::Cast,
                expr: inner,
                data_type,
                format: None,
            } => {
                let target = data_type.to_string().to_ascii_lowercase();
                let literal = match inner.as_ref() {
                    Expr::Value(v) => match &v.value {
                        Value::SingleQuotedString(s) => Some(s.as_str()),
                        Value::Number(n, _) => Some(n.as_str()),
                        _ => None,
                    },
                    _ => None,
                };
                self.check_cast(&target, col, key, literal, expr.span())?;
                match literal {
                    // The literal is checked against the cast's type; PostgREST reads it as the
                    // column's type, which the cast is compatible with.
                    Some(text) => Ok(FVal::Lit(text.to_owned())),
                    None => self.value(inner, col, key),
                }
            }
            // `DATE '2024-01-01'`, `timestamptz '…'`: the literal cast to that type.
            Expr::TypedString(typed) => self.value(&typed_string_as_cast(typed), col, key),
            Expr::UnaryOp {
                op: UnaryOperator::Minus,
                expr: inner,
            } => match self.value(inner, col, key)? {
                FVal::Lit(n) if n.parse::<f64>().is_ok() => Ok(FVal::Lit(format!("-{n}"))),
                _ => Err(unsupported("`-` before this value", expr.span())),
            },
            other if expression_feature(other).is_some() => Err(inexpressible(
                &expression_feature(other).unwrap_or_default(),
                other.span(),
            )),
            Expr::Identifier(_) | Expr::CompoundIdentifier(_) => Err(inexpressible(
                &format!("a comparison of `{key}` with another column (PostgREST compares a column with a value)"),
                expr.span(),
            )),
            _ => Err(unsupported(
                "this value; compare with a literal or a parameter (`$1`, `{name}`)",
                expr.span(),
            )),
        }
    }

    /// A LIKE/ILIKE pattern: a value, or string literals and parameters joined with `||`
    /// (`'%' || $1 || '%'`, `$1 || '%'`), which the client concatenates into the one pattern
    /// PostgREST receives. Anything else joined with `||` is arithmetic PostgREST cannot express.
    pub(super) fn pattern(&mut self, expr: &Expr, col: &Col, key: &str) -> SqlResult<FVal> {
        let mut parts = Vec::new();
        if !concat_parts(expr, &mut parts) {
            return self.value(expr, col, key);
        }
        let plain = |part: &&Expr| match part {
            Expr::Value(v) => matches!(
                v.value,
                Value::SingleQuotedString(_) | Value::Placeholder(_)
            ),
            _ => false,
        };
        if !parts.iter().all(plain) {
            return self.value(expr, col, key);
        }
        let mut values = Vec::with_capacity(parts.len());
        for part in parts {
            values.push(self.value(part, col, key)?);
        }
        Ok(FVal::Concat(values))
    }

    /// `to_tsquery([config,] q)` and its plain/phrase/websearch forms.
    pub(super) fn tsquery(
        &mut self,
        expr: &Expr,
    ) -> SqlResult<(FVal, Option<&'static str>, Option<String>)> {
        let hint = "the right side of `@@`; write to_tsquery / plainto_tsquery / phraseto_tsquery / websearch_to_tsquery(['config',] query)";
        let Expr::Function(function) = expr else {
            return Err(unsupported(hint, expr.span()));
        };
        let kind = match function.name.to_string().to_ascii_lowercase().as_str() {
            "to_tsquery" => None,
            "plainto_tsquery" => Some("Plain"),
            "phraseto_tsquery" => Some("Phrase"),
            "websearch_to_tsquery" => Some("Websearch"),
            _ => return Err(unsupported(hint, function.name.span())),
        };
        let FunctionArguments::List(list) = &function.args else {
            return Err(unsupported(hint, expr.span()));
        };
        let args: Vec<&Expr> = list
            .args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect();
        let text = Col {
            name: String::new(),
            ty: Ty::Text,
            pg: "text".to_owned(),
            insertable: false,
            updatable: false,
            default: None,
        };
        match args.as_slice() {
            [query] if list.args.len() == 1 => Ok((self.value(query, &text, "query")?, kind, None)),
            [config, query] if list.args.len() == 2 => {
                let Expr::Value(v) = config else {
                    return Err(unsupported(
                        "a text search config that is not a string literal",
                        config.span(),
                    ));
                };
                let Value::SingleQuotedString(config) = &v.value else {
                    return Err(unsupported(
                        "a text search config that is not a string literal",
                        config.span(),
                    ));
                };
                Ok((
                    self.value(query, &text, "query")?,
                    kind,
                    Some(config.clone()),
                ))
            }
            _ => Err(unsupported(hint, expr.span())),
        }
    }
}

/// The operands of a chain of `||` (`a || b || c`), left to right; false when `expr` is not one.
fn concat_parts<'e>(expr: &'e Expr, parts: &mut Vec<&'e Expr>) -> bool {
    match expr {
        Expr::Nested(inner) => concat_parts(inner, parts),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            right,
        } => {
            for side in [left.as_ref(), right.as_ref()] {
                if !concat_parts(side, parts) {
                    parts.push(side);
                }
            }
            true
        }
        _ => false,
    }
}

/// `<type> 'text'` as the cast `'text'::<type>` it means.
pub(crate) fn typed_string_as_cast(typed: &sqlparser::ast::TypedString) -> Expr {
    Expr::Cast {
        kind: CastKind::DoubleColon,
        expr: Box::new(Expr::Value(typed.value.clone())),
        data_type: typed.data_type.clone(),
        format: None,
    }
}
