//! Column references in expressions: `col`, `t.col`, json paths (`col->'a'->>'b'`) and casts
//! (`col::text`), written as PostgREST writes them.

use sqlparser::ast::{BinaryOperator, CastKind, Expr, FunctionArguments, Ident, Spanned, Value};
use sqlparser::tokenizer::Span as SqlSpan;

use super::unsupported;
use crate::query::error::{SqlError, SqlResult};
use crate::query::resolve::{column, Col, Source};
use crate::query::types::{cast_target, Ty};

pub(crate) fn idents(expr: &Expr) -> Option<Vec<Ident>> {
    match expr {
        Expr::Identifier(ident) => Some(vec![ident.clone()]),
        Expr::CompoundIdentifier(idents) => Some(idents.clone()),
        Expr::Nested(inner) => idents(inner),
        _ => None,
    }
}

/// A column reference with optional json path and cast, as PostgREST writes it.
pub(crate) struct ColumnRef {
    pub(crate) source: usize,
    /// `meta->capital`, `id::text`.
    pub(crate) text: String,
    /// The key PostgREST gives it in a row.
    pub(crate) key: String,
    pub(crate) ty: Ty,
    pub(crate) column: Col,
    pub(crate) plain: bool,
}

/// `col`, `t.col`, `col->'a'->>'b'`, `col::text`.
pub(crate) fn column_ref(sources: &[Source<'_>], expr: &Expr) -> SqlResult<Option<ColumnRef>> {
    if let Some(path) = idents(expr) {
        let (source, col) = column(sources, &path)?;
        return Ok(Some(ColumnRef {
            source,
            text: pgrst_name(&col.name),
            key: col.name.clone(),
            ty: col.ty.clone(),
            column: col.clone(),
            plain: true,
        }));
    }
    match expr {
        // `(meta->>'n')::int`: the parentheses a cast of a json path needs.
        Expr::Nested(inner) => column_ref(sources, inner),
        Expr::Function(function)
            if matches!(function.args, FunctionArguments::None)
                && matches!(
                    function.name.to_string().as_str(),
                    "user" | "current_user" | "session_user" | "current_role"
                ) =>
        {
            Err(SqlError::new(
                format!(
                    "`{0}` without quotes is PostgreSQL's {0} (the name of the session's role), not a column; write `\"{0}\"` for a column named {0}",
                    function.name
                ),
                expr.span(),
            ))
        }
        Expr::BinaryOp { left, op, right }
            if matches!(op, BinaryOperator::Arrow | BinaryOperator::LongArrow) =>
        {
            let Some(base) = column_ref(sources, left)? else {
                return Ok(None);
            };
            if !matches!(base.column.ty.inner(), Ty::Json) || base.text.contains("::") {
                return Err(SqlError::new(
                    format!("`{}` is not a json or jsonb column", base.text),
                    left.span(),
                ));
            }
            let key = match right.as_ref() {
                Expr::Value(v) => match &v.value {
                    Value::SingleQuotedString(s) => s.clone(),
                    Value::Number(n, _) => n.clone(),
                    _ => return Err(unsupported("this json path key", right.span())),
                },
                _ => return Err(unsupported("this json path key", right.span())),
            };
            let arrow = if *op == BinaryOperator::Arrow {
                "->"
            } else {
                "->>"
            };
            let ty = if *op == BinaryOperator::Arrow {
                Ty::Json
            } else {
                Ty::Text.nullable(true)
            };
            Ok(Some(ColumnRef {
                source: base.source,
                text: format!("{}{arrow}{key}", base.text),
                key,
                ty,
                column: base.column,
                plain: false,
            }))
        }
        Expr::Cast {
            kind: CastKind::DoubleColon | CastKind::Cast,
            expr: inner,
            data_type,
            format: None,
        } => {
            let Some(base) = column_ref(sources, inner)? else {
                return Ok(None);
            };
            let (name, base_name) = cast(data_type, expr.span())?;
            let nullable = matches!(base.ty, Ty::Option(_));
            Ok(Some(ColumnRef {
                source: base.source,
                text: format!("{}::{name}", base.text),
                key: base.key,
                ty: Ty::base(base_name).nullable(nullable),
                column: base.column,
                plain: false,
            }))
        }
        _ => Ok(None),
    }
}

/// A column, table or alias name as PostgREST's URL grammar reads it: as written when it is made
/// of letters, digits, `_` and `$` (and is not one of PostgREST's own parameter names), else in
/// double quotes with `"` and `\` escaped.
pub(crate) fn pgrst_name(name: &str) -> String {
    const PARAMS: &[&str] = &[
        "select",
        "order",
        "limit",
        "offset",
        "or",
        "and",
        "not",
        "columns",
        "on_conflict",
    ];
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        && !PARAMS.contains(&name);
    if plain {
        return name.to_owned();
    }
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

pub(super) fn cast(
    data_type: &sqlparser::ast::DataType,
    at: SqlSpan,
) -> SqlResult<(String, &'static str)> {
    let written = data_type.to_string().to_ascii_lowercase();
    match cast_target(&written) {
        Some(base) => Ok((written, base)),
        None => Err(unsupported(
            &format!("a cast to `{written}` (query! knows casts to text, integer types, floats, boolean, numeric, json and jsonb)"),
            at,
        )),
    }
}
