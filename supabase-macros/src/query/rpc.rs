//! Function calls in every SQL form, lowered to the builder's `rpc`:
//!
//! - `select fn(...)` and `select fn(...) as x`: the call alone (the alias only names the SQL
//!   column; the result is the function's value);
//! - `select * from fn(...)` and `select cols from fn(...) where ... order by ... limit ...`:
//!   PostgREST's `select`, filters, order and range on the rows of a set-returning function.
//!
//! Arguments are positional or named (`name => value`), defaults may be left out, overloads are
//! told apart by the arguments given (as PostgREST does). The function's schema goes in the
//! profile header; a schema PostgREST does not expose is refused. The result is typed from the
//! declaration: a scalar → `Option<T>` (a Postgres function may always return NULL), `setof`
//! scalar → `Vec<Option<T>>`, a composite or OUT parameters → `Row` (every field an `Option`), `setof` /
//! `returns table` → `Vec<Row>`, json → `serde_json::Value`, void → `()`.
//!
//! Stable and immutable functions are called with `GET` (PostgREST runs them read-only, as
//! postgrest-js's `rpc(.., { get: true })`), volatile ones with `POST`. A query string cannot
//! carry a NULL, a JSON document or a composite, so such arguments keep `POST`; for a parameter
//! the choice is made when the request is built (`GET` unless its value is NULL).

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArguments, ObjectName, Query, Select, SelectItem, Spanned,
    TableFactor, TableFunctionArgs, TableWithJoins,
};
use sqlparser::tokenizer::Span as SqlSpan;
use supabase_codegen::{Function, Schema};

use super::error::SqlResult;
use super::lower::{assemble, unsupported, Lower};
use super::plan::{Output, Plan, Start, Step, WVal};
use super::resolve::{Col, Source};
use super::rpc_args::Bound;

/// How an rpc is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// A volatile function, or an argument a query string cannot carry.
    Post,
    /// A stable or immutable function: `GET`, unless an argument is NULL when the request is
    /// built.
    Get,
}

/// Query-string keys PostgREST reads itself; an argument of that name keeps `POST`.
const RESERVED: &[&str] = &[
    "select",
    "order",
    "limit",
    "offset",
    "and",
    "or",
    "not",
    "on_conflict",
    "columns",
];

/// What a function returns, as the query sees it.
pub(crate) enum Returns<'a> {
    Void,
    /// A scalar (`Vec` of it for `setof`).
    Scalar(super::types::Ty),
    /// Rows with these columns: `setof`, `returns table`, a composite, OUT parameters.
    Rows {
        columns: Vec<Col>,
        relation: Option<&'a supabase_codegen::Relation>,
        set: bool,
    },
}

/// A resolved call: the function, its bound arguments and the method.
pub(crate) struct Call<'a> {
    pub(crate) schema: &'a Schema,
    pub(crate) function: &'a Function,
    pub(crate) given: Vec<(String, WVal)>,
    pub(crate) method: Method,
}

impl<'a> Lower<'a> {
    /// `select fn(...)` / `select fn(...) as x` (no FROM).
    pub(crate) fn call_without_from(&mut self, select: &Select, query: &Query) -> SqlResult<Plan> {
        let (function, at) = match select.projection.as_slice() {
            [SelectItem::UnnamedExpr(Expr::Function(f))]
            | [SelectItem::ExprWithAlias {
                expr: Expr::Function(f),
                ..
            }] => (f, select.projection[0].span()),
            [_, second, ..]
                if select.projection.iter().all(|item| {
                    matches!(
                        item,
                        SelectItem::UnnamedExpr(Expr::Function(_))
                            | SelectItem::ExprWithAlias {
                                expr: Expr::Function(_),
                                ..
                            }
                    )
                }) =>
            {
                return Err(super::inexpressible::inexpressible(
                    "several function calls in one request",
                    second.span(),
                ))
            }
            _ => return Err(super::inexpressible::inexpressible(
                "SELECT without FROM of an expression that is not a call of a database function",
                select
                    .projection
                    .first()
                    .map_or(select.span(), Spanned::span),
            )),
        };
        if let Some(selection) = &select.selection {
            return Err(unsupported("WHERE without FROM", selection.span()));
        }
        if query.order_by.is_some() || query.limit_clause.is_some() {
            return Err(unsupported(
                "ORDER BY/LIMIT on `select fn(...)`; write `select * from fn(...) order by ... limit ...`",
                select.span(),
            ));
        }
        if function.over.is_some() || function.filter.is_some() || !function.within_group.is_empty()
        {
            return Err(unsupported(
                "OVER/FILTER/WITHIN GROUP on a function call",
                at,
            ));
        }
        let args: &[FunctionArg] = match &function.args {
            FunctionArguments::List(list) => {
                if list.duplicate_treatment.is_some() || !list.clauses.is_empty() {
                    return Err(unsupported("DISTINCT or clauses in a function call", at));
                }
                &list.args
            }
            FunctionArguments::None => &[],
            FunctionArguments::Subquery(q) => {
                return Err(super::inexpressible::inexpressible(
                    "a subquery as a function's argument",
                    q.span(),
                ))
            }
        };
        let call = self.call(&function.name, args, at)?;
        let returns = self.returns(call.schema, call.function);
        let (output, method) = match returns {
            Returns::Void => (None, call.method),
            Returns::Scalar(ty) => (Some(Output::Scalar(ty)), call.method),
            Returns::Rows {
                columns,
                relation,
                set,
            } => {
                let sources = vec![self.function_source(&call, columns, (relation, set), None)];
                let items =
                    self.returning(&[SelectItem::Wildcard(Default::default())], &sources)?;
                let (_, shape) = assemble(&sources, &items)?;
                let method = safe_method(call.method, &call.given, &sources[0].columns);
                (Some(rows_output(set, shape)), method)
            }
        };
        Ok(plan(
            call,
            method,
            None,
            Vec::new(),
            output,
            self.used.len(),
        ))
    }

    /// `select ... from fn(...) [where ...] [order by ...] [limit ...]`.
    pub(crate) fn rpc(
        &mut self,
        name: &ObjectName,
        args: &TableFunctionArgs,
        from: &TableWithJoins,
        select: &Select,
        query: &Query,
    ) -> SqlResult<Plan> {
        if let Some(join) = from.joins.first() {
            return Err(super::inexpressible::inexpressible(
                "a join with a function's rows",
                join.relation.span(),
            ));
        }
        let call = self.call(name, &args.args, name.span())?;
        let star_only = matches!(select.projection.as_slice(), [SelectItem::Wildcard(_)]);
        let (columns, relation, set) = match self.returns(call.schema, call.function) {
            Returns::Rows {
                columns,
                relation,
                set,
            } => (columns, relation, set),
            scalar => {
                // `select * from add(a => 1, b => 2)`: the value itself.
                let output = match scalar {
                    Returns::Scalar(ty) => Some(Output::Scalar(ty)),
                    _ => None,
                };
                if !star_only {
                    return Err(unsupported(
                        &format!(
                            "a select list on `{}`, which returns a scalar; write `select * from {}(...)` or `select {}(...)`",
                            call.function.name, call.function.name, call.function.name
                        ),
                        select.projection.first().map_or(select.span(), Spanned::span),
                    ));
                }
                if let Some(selection) = &select.selection {
                    return Err(unsupported(
                        "WHERE on a function returning a scalar",
                        selection.span(),
                    ));
                }
                if query.order_by.is_some() || query.limit_clause.is_some() {
                    return Err(unsupported(
                        "ORDER BY/LIMIT on a function returning a scalar",
                        select.span(),
                    ));
                }
                let method = call.method;
                return Ok(plan(
                    call,
                    method,
                    None,
                    Vec::new(),
                    output,
                    self.used.len(),
                ));
            }
        };
        let alias = match &from.relation {
            TableFactor::Table {
                alias: Some(alias), ..
            } => Some(alias.name.value.clone()),
            _ => None,
        };
        let sources = vec![self.function_source(&call, columns, (relation, set), alias)];
        let items = self.returning(&select.projection, &sources)?;
        let hidden = if star_only {
            Vec::new()
        } else {
            super::rpc_filters::unselected_filter_columns(select, query, &sources[0], &items)?
        };
        let (mut text, shape) = assemble(&sources, &items)?;
        for name in &hidden {
            text.push(',');
            text.push_str(&super::lower::pgrst_name(name));
        }
        let mut steps = Vec::new();
        // PostgREST filters a function's one row as it filters a set, and answers `null` when
        // the filter leaves it out: `Option<Row>`.
        let filtered_row = !set && select.selection.is_some();
        if let Some(selection) = &select.selection {
            self.where_clause(selection, &sources, &mut steps)?;
        }
        // A function's rows have no embeds: nothing to add to the select.
        let _ = self.order_and_limit(query, &sources, &mut steps)?;
        let output = if filtered_row {
            Output::MaybeRow(shape)
        } else {
            rows_output(set, shape)
        };
        let method = safe_method(call.method, &call.given, &sources[0].columns);
        Ok(Plan {
            hidden,
            ..plan(
                call,
                method,
                (!star_only).then_some(text),
                steps,
                Some(output),
                self.used.len(),
            )
        })
    }

    /// Resolves `name(args)`: the schema (exposed), the overload, the bound arguments.
    fn call(
        &mut self,
        name: &ObjectName,
        args: &[FunctionArg],
        at: SqlSpan,
    ) -> SqlResult<Call<'a>> {
        let (schema, function, bound) = self.bind_call(name, args, at)?;
        let mut given = Vec::new();
        for Bound { arg, expr } in bound {
            let declared = &function.args[arg];
            let col = Col {
                name: declared.name.clone().unwrap_or_default(),
                ty: super::types::Ty::of(&declared.type_ref).nullable(true),
                pg: super::resolve::base_name(&declared.type_ref),
                insertable: true,
                updatable: true,
                default: None,
            };
            let value = self.write_value(strip_cast(expr, declared)?, &col)?;
            given.push((col.name, value));
        }
        let mut method = if function.volatility.allows_get() {
            Method::Get
        } else {
            Method::Post
        };
        let query_string_safe = |a: &supabase_codegen::FunctionArg| {
            let plain = a.type_ref.without_domains();
            let element = match &plain {
                supabase_codegen::TypeRef::Array { element } => element.without_domains(),
                other => other.clone(),
            };
            !matches!(element, supabase_codegen::TypeRef::Composite { .. })
                && !matches!(element.name(), Some("json" | "jsonb" | "record"))
        };
        let null_literal = given
            .iter()
            .any(|(_, v)| matches!(v, WVal::Json(j) if has_null(j)));
        if null_literal
            || given.iter().any(|(n, _)| RESERVED.contains(&n.as_str()))
            || function
                .args
                .iter()
                .filter(|a| given.iter().any(|(n, _)| Some(n) == a.name.as_ref()))
                .any(|a| !query_string_safe(a))
        {
            method = Method::Post;
        }
        Ok(Call {
            schema,
            function,
            given,
            method,
        })
    }

    /// The function's result as columns or a scalar.
    pub(crate) fn returns(&self, schema: &'a Schema, function: &'a Function) -> Returns<'a> {
        use super::types::Ty;
        let returns = &function.returns;
        let nullable_col = |name: &str, type_ref: &supabase_codegen::TypeRef| Col {
            name: name.to_owned(),
            ty: Ty::of(type_ref).nullable(true),
            pg: super::resolve::base_name(type_ref),
            insertable: false,
            updatable: false,
            default: None,
        };
        if returns.is_table() {
            return Returns::Rows {
                columns: returns
                    .columns
                    .iter()
                    .map(|c| nullable_col(&c.name, &c.type_ref))
                    .collect(),
                relation: None,
                set: returns.set,
            };
        }
        if let supabase_codegen::TypeRef::Composite {
            schema: type_schema,
            name,
        } = &returns.type_ref
        {
            if let Some(relation) = self.catalog.relation_of_type(type_schema, name) {
                return Returns::Rows {
                    columns: super::resolve::relation_columns(relation),
                    relation: Some(relation),
                    set: returns.set,
                };
            }
            let composite = self
                .catalog
                .model
                .schema(type_schema)
                .and_then(|s| s.composite(name));
            if let Some(composite) = composite {
                return Returns::Rows {
                    columns: composite
                        .attributes
                        .iter()
                        .map(|a| nullable_col(&a.name, &a.type_ref))
                        .collect(),
                    relation: None,
                    set: returns.set,
                };
            }
        }
        let _ = schema;
        let ty = match returns.type_ref.without_domains() {
            supabase_codegen::TypeRef::Pseudo { name, .. } if name == "void" => {
                return Returns::Void
            }
            // `returns record` / `setof record` without declared columns: JSON.
            supabase_codegen::TypeRef::Pseudo { .. } => Ty::Json,
            other => Ty::of(&other),
        };
        let ty = ty.nullable(true);
        Returns::Scalar(if returns.set {
            Ty::Vec(Box::new(ty))
        } else {
            ty
        })
    }

    fn function_source(
        &self,
        call: &Call<'a>,
        columns: Vec<Col>,
        (relation, set): (Option<&'a supabase_codegen::Relation>, bool),
        alias: Option<String>,
    ) -> Source<'a> {
        Source {
            alias: alias.unwrap_or_else(|| call.function.name.clone()),
            name: call.function.name.clone(),
            schema: call.schema.name.clone(),
            // Rows of a table type keep the table's nullability (a single composite is a row of
            // NULLs when the function returns NULL); the others are all nullable.
            columns: match relation {
                Some(_) if set => columns,
                Some(_) => columns
                    .into_iter()
                    .map(|c| Col {
                        ty: c.ty.nullable(true),
                        ..c
                    })
                    .collect(),
                None => columns
                    .into_iter()
                    .map(|c| Col {
                        insertable: false,
                        updatable: false,
                        ..c
                    })
                    .collect(),
            },
            relation: None,
            embed: None,
        }
    }
}

/// `GET` sends the arguments as query-string keys; one named like a result column would be read
/// as a filter, so such a call keeps `POST`.
fn safe_method(method: Method, given: &[(String, WVal)], columns: &[Col]) -> Method {
    if given
        .iter()
        .any(|(name, _)| columns.iter().any(|c| &c.name == name))
    {
        Method::Post
    } else {
        method
    }
}

fn plan(
    call: Call<'_>,
    method: Method,
    select: Option<String>,
    steps: Vec<Step>,
    output: Option<Output>,
    params: usize,
) -> Plan {
    Plan {
        target: call.function.name.clone(),
        schema: call.schema.name.clone(),
        start: Start::Rpc(call.given, method),
        select,
        steps,
        output,
        params,
        hidden: Vec::new(),
    }
}

fn rows_output(set: bool, shape: super::plan::Shape) -> Output {
    if set {
        Output::Rows(shape)
    } else {
        Output::Row(shape)
    }
}

fn has_null(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::Array(items) => items.iter().any(has_null),
        _ => false,
    }
}

/// `$1::uuid`, `'2024-01-01'::date`: a cast to the argument's own type is the argument.
fn strip_cast<'e>(expr: &'e Expr, declared: &supabase_codegen::FunctionArg) -> SqlResult<&'e Expr> {
    match expr {
        Expr::Nested(inner) => strip_cast(inner, declared),
        Expr::Cast {
            expr: inner,
            data_type,
            format: None,
            ..
        } => {
            let written = data_type.to_string().to_ascii_lowercase();
            let base = super::resolve::base_name(&declared.type_ref);
            let declared_type = declared.sql_type.to_ascii_lowercase();
            let unqualified = declared_type.rsplit('.').next().unwrap_or_default();
            let same = written == declared_type
                || written == unqualified
                || written == base
                || super::types::cast_target(&written).is_some_and(|t| {
                    t != "text" && super::types::cast_target(&declared_type) == Some(t)
                });
            if same {
                strip_cast(inner, declared)
            } else {
                Err(unsupported(
                    &format!(
                        "a cast to `{written}` for an argument of type `{}`; pass the value as `{}`",
                        declared.sql_type, declared.sql_type
                    ),
                    expr.span(),
                ))
            }
        }
        other => Ok(other),
    }
}
