//! Lowering a parsed statement to a [`Plan`]: the statement and query forms here, one file per
//! clause under `lower/` (joins, select list, aggregates, conditions, values, order/limit).
//! Writes are in `write.rs`, function calls in `rpc.rs`.

mod aggregate;
mod array_literal;
mod column_ref;
mod condition;
mod exists;
mod foreign_keys;
mod join;
mod literal;
mod operators;
mod order;
mod row_values;
mod select_list;
mod terms;
mod value;
mod way_out;

use sqlparser::ast::{
    BinaryOperator, Expr, LimitClause, Query, Select, SetExpr, Spanned, Statement, TableFactor,
};
use sqlparser::tokenizer::Span as SqlSpan;

use self::aggregate::check_group_by;
pub(crate) use self::column_ref::pgrst_name;
pub(crate) use self::select_list::assemble;
pub(crate) use self::value::typed_string_as_cast;
use super::error::{SqlError, SqlResult};
use super::plan::{Output, Plan, Start};
use super::resolve::Catalog;
use super::types::Ty;

pub(crate) const SUPPORTED: &str = "query! supports SELECT of columns, casts, json paths and \
count/sum/avg/min/max from one table with JOINs on foreign keys, WHERE, ORDER BY, LIMIT/OFFSET; \
INSERT/UPDATE/DELETE with RETURNING; and `select ... from function(arg => ...)`";

/// Lowering state: the catalog, and which of the macro's arguments the SQL uses.
pub(crate) struct Lower<'a> {
    pub(crate) catalog: Catalog<'a>,
    pub(crate) used: Vec<bool>,
}

/// The SQL feature an expression uses that PostgREST cannot express, if any: a window function,
/// FILTER, a subquery, EXISTS, CASE, arithmetic, or a function call (`now()`, `auth.uid()`,
/// `coalesce(...)`, `json_agg(...)`).
pub(crate) fn expression_feature(expr: &Expr) -> Option<String> {
    Some(match expr {
        Expr::Nested(inner) => return expression_feature(inner),
        Expr::Function(function) => {
            let name = function.name.to_string().to_ascii_lowercase();
            if function.over.is_some() {
                "a window function (OVER)".to_owned()
            } else if function.filter.is_some() {
                "an aggregate FILTER".to_owned()
            } else {
                format!("the function call {name}() in an expression")
            }
        }
        Expr::Subquery(_) | Expr::InSubquery { .. } => "a subquery".to_owned(),
        Expr::Exists { .. } => "EXISTS".to_owned(),
        Expr::Case { .. } => "a CASE expression".to_owned(),
        Expr::BinaryOp {
            op:
                BinaryOperator::Plus
                | BinaryOperator::Minus
                | BinaryOperator::Multiply
                | BinaryOperator::Divide
                | BinaryOperator::Modulo
                | BinaryOperator::StringConcat,
            ..
        } => "arithmetic in an expression".to_owned(),
        _ => return None,
    })
}

/// A statement PostgREST cannot express: `PostgREST cannot express <feature>`, then (added by
/// [`Lower::statement`]) a SQL function made from the statement and the `query!` that calls it.
pub(crate) fn inexpressible(feature: &str, at: SqlSpan) -> SqlError {
    SqlError::inexpressible(feature, at)
}

pub(crate) fn unsupported(what: &str, at: SqlSpan) -> SqlError {
    SqlError::new(format!("unsupported SQL: {what}\n  ({SUPPORTED})"), at)
}

/// One item of a select list, before it is placed in its source's embed.
pub(crate) struct Item {
    pub(crate) source: usize,
    /// The PostgREST select element, alias included.
    pub(crate) text: String,
    pub(crate) key: String,
    pub(crate) ty: Ty,
    pub(crate) aggregate: bool,
    /// A plain column (implicit GROUP BY).
    pub(crate) column: Option<String>,
    pub(crate) span: SqlSpan,
}

impl<'a> Lower<'a> {
    /// The statement as a plan.
    pub(crate) fn statement(&mut self, statement: &Statement) -> SqlResult<Plan> {
        self.statement_plan(statement).map_err(|mut error| {
            if error.way_out.is_some() {
                error.way_out = Some(Box::new(way_out::way_out(
                    &self.catalog,
                    statement,
                    self.used.len(),
                )));
            }
            error
        })
    }

    fn statement_plan(&mut self, statement: &Statement) -> SqlResult<Plan> {
        match statement {
            Statement::Query(query) => self.query(query),
            Statement::Insert(insert) => self.insert(insert),
            Statement::Update {
                table,
                assignments,
                from,
                selection,
                returning,
                ..
            } => self.update(table, assignments, from.is_some(), selection, returning),
            Statement::Delete(delete) => self.delete(delete),
            Statement::Merge { .. } => Err(inexpressible("MERGE", statement.span())),
            other => Err(unsupported("this kind of statement", other.span())),
        }
    }

    /// A `$n` placeholder: its index, checked against the arguments given.
    pub(crate) fn param(&mut self, text: &str, at: SqlSpan) -> SqlResult<usize> {
        let n: usize = text
            .strip_prefix('$')
            .and_then(|n| n.parse().ok())
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                SqlError::new(
                    format!("`{text}` is not a parameter: write `$1`, `$2`, ... or `{{name}}`"),
                    at,
                )
            })?;
        if n > self.used.len() {
            return Err(SqlError::new(
                format!(
                    "missing parameter: the SQL uses `${n}` but {} argument{} given after the SQL",
                    self.used.len(),
                    if self.used.len() == 1 { " is" } else { "s are" }
                ),
                at,
            ));
        }
        self.used[n - 1] = true;
        Ok(n - 1)
    }

    fn query(&mut self, query: &Query) -> SqlResult<Plan> {
        if let Some(with) = &query.with {
            return Err(inexpressible("a CTE (WITH)", with.span()));
        }
        if !query.locks.is_empty() {
            // Each PostgREST request is its own transaction: a lock taken by the read would be
            // released when the response is sent, before the caller's next request.
            return Err(inexpressible(
                "a row lock (FOR UPDATE / FOR SHARE): each request is its own transaction",
                query.span(),
            ));
        }
        let select = match query.body.as_ref() {
            SetExpr::Select(select) => select,
            SetExpr::SetOperation { op, .. } => {
                return Err(inexpressible(
                    &format!("a {op} (set operation)"),
                    query.body.span(),
                ))
            }
            other => return Err(unsupported("this query form", other.span())),
        };
        if let Some(fetch) = &query.fetch {
            // `FETCH FIRST n ROWS ONLY` is LIMIT n.
            if fetch.with_ties || fetch.percent {
                return Err(inexpressible(
                    "FETCH ... WITH TIES / PERCENT (PostgREST limits to a number of rows)",
                    fetch.span(),
                ));
            }
            let offset = match &query.limit_clause {
                Some(LimitClause::LimitOffset {
                    limit: None,
                    offset,
                    ..
                }) => offset.clone(),
                None => None,
                Some(other) => return Err(SqlError::new("LIMIT and FETCH together", other.span())),
            };
            let mut limited = query.clone();
            limited.fetch = None;
            limited.limit_clause = Some(LimitClause::LimitOffset {
                limit: Some(fetch.quantity.clone().unwrap_or_else(|| {
                    Expr::value(sqlparser::ast::Value::Number("1".to_owned(), false))
                })),
                offset,
                limit_by: Vec::new(),
            });
            return self.query(&limited);
        }
        self.unsupported_select_parts(select)?;
        let from = match select.from.as_slice() {
            [from] => from,
            [] => return self.call_without_from(select, query),
            [_, second, ..] => {
                return Err(inexpressible(
                    "several tables in FROM (a comma join); PostgREST joins only along foreign keys, written as JOIN ... ON",
                    second.span(),
                ))
            }
        };
        if let TableFactor::Table {
            name,
            args: Some(args),
            ..
        } = &from.relation
        {
            return self.rpc(name, args, from, select, query);
        }
        let mut sources = self.sources(from)?;
        let outer = sources.len();
        let mut steps = Vec::new();
        // `[NOT] EXISTS` terms become empty embeds after the query's own tables.
        let selection = match &select.selection {
            Some(selection) => self.exists_terms(selection, &mut sources, &mut steps)?,
            None => None,
        };
        let items = self.projection(&select.projection, &sources[..outer])?;
        if sources.len() > outer {
            if let Some(item) = items.iter().find(|i| i.aggregate) {
                return Err(inexpressible(
                    "EXISTS next to an aggregate (the embed PostgREST writes it with would group the rows)",
                    item.span,
                ));
            }
        }
        if sources[..outer]
            .iter()
            .any(|s| s.embed.as_ref().is_some_and(|e| e.many))
        {
            if let Some(item) = items
                .iter()
                .find(|i| i.aggregate && i.source == 0 && i.text.ends_with("count()"))
            {
                return Err(SqlError::new(
                    "count(*) over a one-to-many join counts the joined rows, which PostgREST counts per embed: count a column of the joined table instead (`count(m.id)`)",
                    item.span,
                ));
            }
        }
        check_group_by(&select.group_by, &items, &sources[..outer])?;
        let (mut text, shape) = assemble(&sources, &items)?;
        if let Some(selection) = &selection {
            self.where_clause(selection, &sources[..outer], &mut steps)?;
        }
        for entry in self.order_and_limit(query, &sources[..outer], &mut steps)? {
            if !text.is_empty() {
                text.push(',');
            }
            text.push_str(&entry);
        }
        let root = &sources[0];
        Ok(Plan {
            target: root.name.clone(),
            schema: root.schema.clone(),
            start: Start::Select,
            select: Some(text),
            steps,
            output: Some(Output::Rows(shape)),
            params: self.used.len(),
            hidden: Vec::new(),
        })
    }

    fn unsupported_select_parts(&self, select: &Select) -> SqlResult<()> {
        if let Some(distinct) = &select.distinct {
            let _ = distinct;
            return Err(inexpressible(
                "DISTINCT",
                select
                    .projection
                    .first()
                    .map_or(select.span(), Spanned::span),
            ));
        }
        if let Some(having) = &select.having {
            return Err(inexpressible("HAVING", having.span()));
        }
        if let Some(window) = select.named_window.first() {
            return Err(inexpressible("a window function (WINDOW)", window.span()));
        }
        if let Some(into) = &select.into {
            return Err(unsupported("SELECT INTO", into.span()));
        }
        Ok(())
    }
}
