//! INSERT ... VALUES (one row or several, `ON CONFLICT` in `upsert.rs`), UPDATE ... SET,
//! DELETE, each with optional RETURNING.

use sqlparser::ast::{
    Assignment, AssignmentTarget, CastKind, Delete, Expr, FromTable, Insert, SelectItem, SetExpr,
    Spanned, TableObject, TableWithJoins, UnaryOperator, Value,
};

use super::error::{unknown, SqlError, SqlResult};
use super::lower::{assemble, unsupported, Lower};
use super::plan::{Output, Plan, Start, Step, WVal};
use super::resolve::{parts, Col, Source};
use super::types::Ty;

impl<'a> Lower<'a> {
    pub(crate) fn insert(&mut self, insert: &Insert) -> SqlResult<Plan> {
        let TableObject::TableName(name) = &insert.table else {
            return Err(unsupported(
                "INSERT into a table function",
                insert.table.span(),
            ));
        };
        let (schema, relation) = self.catalog.relation(name)?;
        let source = self.write_source(schema.name.clone(), relation);
        if insert.columns.is_empty() && insert.source.is_none() {
            // `INSERT INTO t DEFAULT VALUES`: the empty object, every column its default.
            let start = Start::Insert(vec![Vec::new()], false);
            return self.write_plan(source, start, insert.returning.as_deref(), Vec::new());
        }
        if insert.columns.is_empty() {
            return Err(SqlError::new(
                "INSERT needs its column list: `insert into t (a, b) values (...)`",
                name.span(),
            ));
        }
        let mut columns = Vec::new();
        for ident in &insert.columns {
            let col = written_column(&source, ident)?;
            if !col.insertable {
                return Err(SqlError::new(
                    format!(
                        "column `{}` of `{}` cannot be inserted (generated, identity ALWAYS, or a read-only view)",
                        col.name,
                        source.place()
                    ),
                    ident.span,
                ));
            }
            columns.push(col.clone());
        }
        let Some(body) = &insert.source else {
            return Err(unsupported("INSERT without VALUES", insert.span()));
        };
        let SetExpr::Values(values) = body.body.as_ref() else {
            // PostgREST inserts the JSON body it is sent; rows computed by a query stay in the
            // database only through a function.
            return Err(super::lower::inexpressible(
                "INSERT ... SELECT (rows computed by a query)",
                body.span(),
            ));
        };
        let mut rows = Vec::new();
        // Per column, the span of each `DEFAULT` whose default is computed in the database
        // (`now()`): such a column is left out of the body, which PostgREST fills with the default.
        let mut computed_defaults: Vec<Vec<sqlparser::tokenizer::Span>> =
            vec![Vec::new(); columns.len()];
        for row in &values.rows {
            if row.len() != columns.len() {
                return Err(SqlError::new(
                    format!(
                        "this row has {} values for {} columns",
                        row.len(),
                        columns.len()
                    ),
                    row.first().map_or(body.span(), Spanned::span),
                ));
            }
            let mut out = Vec::new();
            for (index, (col, expr)) in columns.iter().zip(row).enumerate() {
                if is_default(expr)
                    && constant_default(col, expr.span()).is_err()
                    && col.default.is_some()
                {
                    computed_defaults[index].push(expr.span());
                    continue;
                }
                out.push((col.name.clone(), self.write_value(expr, col)?));
            }
            rows.push(out);
        }
        for (col, spans) in columns.iter().zip(&computed_defaults) {
            if !spans.is_empty() && spans.len() < rows.len() {
                // Some rows only: a bulk insert sends one column list, and the builder's rows
                // missing a key take NULL unless `missing=default` is asked for.
                return Err(SqlError::new(
                    format!(
                        "`DEFAULT` for `{}` in some rows only: its default `{}` is computed in the database; \
                         write DEFAULT in every row (the column is then left out) or a value in every row",
                        col.name,
                        col.default.as_deref().unwrap_or_default()
                    ),
                    spans[0],
                ));
            }
        }
        let columns: Vec<Col> = columns
            .into_iter()
            .zip(&computed_defaults)
            .filter(|(_, spans)| spans.is_empty())
            .map(|(col, _)| col)
            .collect();
        let many = rows.len() > 1;
        let upsert = match &insert.on {
            Some(on) => super::upsert::upsert(on, relation, &columns)?,
            None => None,
        };
        let start = match upsert {
            Some(upsert) => Start::Upsert(rows, many, upsert),
            None => Start::Insert(rows, many),
        };
        self.write_plan(source, start, insert.returning.as_deref(), Vec::new())
    }

    pub(crate) fn update(
        &mut self,
        table: &TableWithJoins,
        assignments: &[Assignment],
        has_from: bool,
        selection: &Option<Expr>,
        returning: &Option<Vec<SelectItem>>,
    ) -> SqlResult<Plan> {
        if has_from {
            return Err(super::lower::inexpressible("UPDATE ... FROM", table.span()));
        }
        let source = self.single_table(table)?;
        let mut set = Vec::new();
        for assignment in assignments {
            // `set (a, b) = ($1, $2)` is `set a = $1, b = $2`.
            let pairs: Vec<(&sqlparser::ast::ObjectName, &Expr)> = match (&assignment.target, &assignment.value) {
                (AssignmentTarget::ColumnName(name), value) => vec![(name, value)],
                (AssignmentTarget::Tuple(names), Expr::Tuple(values))
                    if names.len() == values.len() =>
                {
                    names.iter().zip(values).collect()
                }
                (AssignmentTarget::Tuple(_), value) => {
                    return Err(super::lower::inexpressible(
                        "a row of values computed by a query in SET (PostgREST writes the values it is sent)",
                        value.span(),
                    ))
                }
            };
            for (name, value) in pairs {
                let idents = parts(name);
                let Some(ident) = idents.last() else {
                    return Err(unsupported("this assignment", assignment.span()));
                };
                let col = written_column(&source, ident)?;
                if !col.updatable {
                    return Err(SqlError::new(
                        format!(
                            "column `{}` of `{}` cannot be updated",
                            col.name,
                            source.place()
                        ),
                        ident.span,
                    ));
                }
                let col = col.clone();
                set.push((col.name.clone(), self.write_value(value, &col)?));
            }
        }
        let mut steps = Vec::new();
        if let Some(selection) = selection {
            self.where_clause(selection, std::slice::from_ref(&source), &mut steps)?;
        }
        self.write_plan(source, Start::Update(set), returning.as_deref(), steps)
    }

    pub(crate) fn delete(&mut self, delete: &Delete) -> SqlResult<Plan> {
        let tables = match &delete.from {
            FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => t,
        };
        if let Some(using) = &delete.using {
            if let Some(first) = using.first() {
                return Err(super::lower::inexpressible(
                    "DELETE ... USING (a delete filtered through another table; PostgREST deletes rows of one table by its own columns)",
                    first.span(),
                ));
            }
        }
        let [table] = tables.as_slice() else {
            return Err(unsupported("DELETE from several tables", delete.span()));
        };
        let source = self.single_table(table)?;
        let mut steps = Vec::new();
        if let Some(selection) = &delete.selection {
            self.where_clause(selection, std::slice::from_ref(&source), &mut steps)?;
        }
        self.write_plan(source, Start::Delete, delete.returning.as_deref(), steps)
    }

    fn single_table(&self, table: &TableWithJoins) -> SqlResult<Source<'a>> {
        if let Some(join) = table.joins.first() {
            return Err(unsupported("joins in a write", join.relation.span()));
        }
        let sources = self.sources(table)?;
        let source = sources
            .into_iter()
            .next()
            .ok_or_else(|| SqlError::new("no table", table.span()))?;
        Ok(Source {
            relation: None,
            ..source
        })
    }

    fn write_source(&self, schema: String, relation: &supabase_codegen::Relation) -> Source<'a> {
        Source {
            alias: relation.name.clone(),
            name: relation.name.clone(),
            schema,
            columns: super::resolve::relation_columns(relation),
            relation: None,
            embed: None,
        }
    }

    fn write_plan(
        &mut self,
        source: Source<'a>,
        start: Start,
        returning: Option<&[SelectItem]>,
        steps: Vec<Step>,
    ) -> SqlResult<Plan> {
        let (select, output) = match returning {
            Some(items) => {
                let sources = vec![source.clone()];
                let items = self.returning(items, &sources)?;
                let (text, shape) = assemble(&sources, &items)?;
                (Some(text), Some(Output::Rows(shape)))
            }
            None => (None, None),
        };
        Ok(Plan {
            target: source.name.clone(),
            schema: source.schema.clone(),
            start,
            select,
            steps,
            output,
            params: self.used.len(),
            hidden: Vec::new(),
        })
    }

    /// A written value: a JSON literal or a parameter of the column's type.
    pub(crate) fn write_value(&mut self, expr: &Expr, col: &Col) -> SqlResult<WVal> {
        let json = |value: serde_json::Value| Ok(WVal::Json(value));
        match expr {
            Expr::Nested(inner) => self.write_value(inner, col),
            Expr::Cast {
                kind: CastKind::DoubleColon | CastKind::Cast,
                expr: inner,
                data_type,
                format: None,
            } if matches!(inner.as_ref(), Expr::Value(_)) => {
                // `$1::user_status`, `'admin'::account_role`: the cast is checked against the
                // column's type (an enum literal's label too); the value is sent as written.
                let target = data_type.to_string().to_ascii_lowercase();
                let literal = match inner.as_ref() {
                    Expr::Value(v) => match &v.value {
                        Value::SingleQuotedString(s) => Some(s.as_str()),
                        Value::Number(n, _) => Some(n.as_str()),
                        _ => None,
                    },
                    _ => None,
                };
                self.check_cast(&target, col, &col.name, literal, expr.span())?;
                self.write_value(inner, col)
            }
            Expr::TypedString(typed) => {
                self.write_value(&super::lower::typed_string_as_cast(typed), col)
            }
            Expr::Value(v) => match &v.value {
                Value::Placeholder(p) => Ok(WVal::Param(self.param(p, v.span)?, col.ty.clone())),
                Value::Null => {
                    if matches!(col.ty, Ty::Option(_)) {
                        json(serde_json::Value::Null)
                    } else {
                        Err(SqlError::new(
                            format!("column `{}` is NOT NULL", col.name),
                            v.span,
                        ))
                    }
                }
                Value::Boolean(b) if col.ty.inner() == &Ty::Bool => {
                    json(serde_json::Value::Bool(*b))
                }
                Value::Number(n, _) if col.ty.is_numeric() => {
                    let number = if let Ok(i) = n.parse::<i64>() {
                        serde_json::Value::from(i)
                    } else {
                        match n.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                            Some(f) => serde_json::Value::Number(f),
                            None => serde_json::Value::String(n.clone()),
                        }
                    };
                    json(number)
                }
                Value::SingleQuotedString(s) => {
                    if matches!(col.pg.as_str(), "json" | "jsonb") {
                        serde_json::from_str(s).map(WVal::Json).map_err(|e| {
                            SqlError::new(
                                format!(
                                    "`{}` is a json column and this is not JSON: {e}",
                                    col.name
                                ),
                                v.span,
                            )
                        })
                    } else {
                        json(serde_json::Value::String(s.clone()))
                    }
                }
                other => Err(SqlError::new(
                    format!(
                        "`{other}` does not fit column `{}` of type `{}`",
                        col.name, col.pg
                    ),
                    v.span,
                )),
            },
            Expr::UnaryOp {
                op: UnaryOperator::Minus,
                expr: inner,
            } => match self.write_value(inner, col)? {
                WVal::Json(serde_json::Value::Number(n)) => {
                    let negated = n.as_i64().map(|i| serde_json::Value::from(-i)).or_else(|| {
                        n.as_f64()
                            .and_then(|f| serde_json::Number::from_f64(-f))
                            .map(serde_json::Value::Number)
                    });
                    negated
                        .map(WVal::Json)
                        .ok_or_else(|| unsupported("`-` before this value", expr.span()))
                }
                _ => Err(unsupported("`-` before this value", expr.span())),
            },
            Expr::Array(array) => {
                let Ty::Vec(element) = col.ty.inner() else {
                    return Err(SqlError::new(
                        format!("column `{}` is not an array", col.name),
                        expr.span(),
                    ));
                };
                let element = Col {
                    ty: (**element).clone(),
                    ..col.clone()
                };
                let items = array
                    .elem
                    .iter()
                    .map(|item| self.write_value(item, &element))
                    .collect::<SqlResult<Vec<_>>>()?;
                if items.iter().all(|i| matches!(i, WVal::Json(_))) {
                    let values = items
                        .into_iter()
                        .filter_map(|i| match i {
                            WVal::Json(value) => Some(value),
                            _ => None,
                        })
                        .collect();
                    json(serde_json::Value::Array(values))
                } else {
                    Ok(WVal::Array(items))
                }
            }
            // `set c = DEFAULT`: the column's default when it is a constant (what the builder
            // sends is that value); a default computed in the database is not sent by PATCH.
            other if is_default(other) => {
                constant_default(col, expr.span()).map(WVal::Json)
            }
            other => match super::lower::expression_feature(other) {
                // `set n = n + 1`, `set updated_at = now()`: PostgREST writes the values it is
                // sent; a value computed in the database needs a function (or a column default,
                // or a trigger).
                Some(feature) => Err(super::lower::inexpressible(
                    &format!("{feature} as a written value (PostgREST writes the values it is sent)"),
                    other.span(),
                )),
                None if matches!(
                    other,
                    Expr::Identifier(_) | Expr::CompoundIdentifier(_)
                ) =>
                {
                    Err(super::lower::inexpressible(
                        "a column's value as a written value (PostgREST writes the values it is sent)",
                        other.span(),
                    ))
                }
                None => Err(unsupported(
                    "this value; write a literal or a parameter (`$1`, `{name}`)",
                    expr.span(),
                )),
            },
        }
    }
}

/// The column `ident` names in the written relation, or an error naming the near misses.
fn written_column<'s>(source: &'s Source<'_>, ident: &sqlparser::ast::Ident) -> SqlResult<&'s Col> {
    source.column(&ident.value).ok_or_else(|| {
        SqlError::new(
            unknown(
                "column",
                &ident.value,
                &format!(" in `{}`", source.place()),
                source.columns.iter().map(|c| c.name.as_str()),
            ),
            ident.span,
        )
    })
}

/// Whether `expr` is the keyword `DEFAULT` (a quoted `"default"` is a column).
fn is_default(expr: &Expr) -> bool {
    matches!(expr, Expr::Identifier(ident)
        if ident.quote_style.is_none() && ident.value.eq_ignore_ascii_case("default"))
}

/// The JSON value of `col`'s default when it is a constant (`0`, `'draft'::event_status`,
/// `true`, `NULL`, none at all on a nullable column), for `SET col = DEFAULT`.
fn constant_default(col: &Col, span: sqlparser::tokenizer::Span) -> SqlResult<serde_json::Value> {
    let Some(default) = col.default.as_deref().map(str::trim) else {
        return if matches!(col.ty, Ty::Option(_)) {
            Ok(serde_json::Value::Null)
        } else {
            Err(SqlError::new(
                format!(
                    "column `{}` is NOT NULL and has no default: `DEFAULT` would fail",
                    col.name
                ),
                span,
            ))
        };
    };
    default_literal(default).ok_or_else(|| {
        SqlError::new(
            format!(
                "`{} = DEFAULT`: the default `{default}` is computed in the database, and an update \
                 through the builder sends values; write the value or a parameter",
                col.name
            ),
            span,
        )
    })
}

/// A constant default as Postgres prints it, as JSON: a number, `true`/`false`, `NULL`, or a
/// quoted string with an optional cast (`'draft'::event_status`, `'EUR'::bpchar`).
fn default_literal(default: &str) -> Option<serde_json::Value> {
    let unparenthesized = default.trim_start_matches('(').trim_end_matches(')');
    let (value, cast) = match unparenthesized.rfind("::") {
        Some(at) if !unparenthesized[at..].contains('\'') => {
            (&unparenthesized[..at], Some(&unparenthesized[at + 2..]))
        }
        _ => (unparenthesized, None),
    };
    let value = value.trim_start_matches('(').trim_end_matches(')');
    if value.eq_ignore_ascii_case("null") {
        return Some(serde_json::Value::Null);
    }
    if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        if inner.contains('\'') && !inner.contains("''") {
            return None;
        }
        // Arrays, json and ranges print as strings too; only plain scalars are sent as written.
        if cast.is_some_and(|c| c.ends_with("[]") || c.starts_with("json")) {
            return None;
        }
        return Some(serde_json::Value::String(inner.replace("''", "'")));
    }
    if cast.is_some() && !value.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    match value {
        "true" => Some(serde_json::Value::Bool(true)),
        "false" => Some(serde_json::Value::Bool(false)),
        number => {
            if let Ok(i) = number.parse::<i64>() {
                Some(serde_json::Value::from(i))
            } else if number.parse::<f64>().is_ok() {
                serde_json::from_str(number).ok()
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod default_tests {
    use super::default_literal;
    use serde_json::json;

    #[test]
    fn constant_defaults_are_json() {
        assert_eq!(default_literal("0"), Some(json!(0)));
        assert_eq!(
            default_literal("'draft'::event_status"),
            Some(json!("draft"))
        );
        assert_eq!(default_literal("'EUR'::bpchar"), Some(json!("EUR")));
        assert_eq!(default_literal("'it''s'::text"), Some(json!("it's")));
        assert_eq!(default_literal("false"), Some(json!(false)));
        assert_eq!(default_literal("(-1)"), Some(json!(-1)));
        assert_eq!(default_literal("0.5"), Some(json!(0.5)));
        assert_eq!(default_literal("NULL::text"), Some(json!(null)));
    }

    #[test]
    fn computed_defaults_are_not() {
        assert_eq!(default_literal("now()"), None);
        assert_eq!(default_literal("gen_random_uuid()"), None);
        assert_eq!(default_literal("auth.uid()"), None);
        assert_eq!(default_literal("'{}'::text[]"), None);
        assert_eq!(default_literal("'{}'::jsonb"), None);
        assert_eq!(default_literal("nextval('t_id_seq'::regclass)"), None);
        assert_eq!(default_literal("timezone('utc'::text, now())"), None);
    }
}
