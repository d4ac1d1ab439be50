//! `select ... from function(arg => value, ...)`: a PostgREST rpc call, with filters, order and
//! limit on a set-returning function's rows.

use sqlparser::ast::{
    FunctionArg, FunctionArgExpr, ObjectName, Query, Select, SelectItem, Spanned, TableFactor,
    TableFunctionArgs, TableWithJoins,
};
use supabase_codegen::TypeRef;

use super::error::{unknown, SqlError, SqlResult};
use super::lower::{assemble, unsupported, Lower};
use super::plan::{Output, Plan, Start, WVal};
use super::resolve::{base_name, relation_columns, Col, Source};
use super::types::Ty;

impl<'a> Lower<'a> {
    pub(crate) fn rpc(
        &mut self,
        name: &ObjectName,
        args: &TableFunctionArgs,
        from: &TableWithJoins,
        select: &Select,
        query: &Query,
    ) -> SqlResult<Plan> {
        if let Some(join) = from.joins.first() {
            return Err(unsupported(
                "joins on a function call",
                join.relation.span(),
            ));
        }
        let (schema, function) = self.catalog.function(name)?;
        if schema.name != "public" {
            return Err(unsupported(
                "functions outside `public` (the rpc goes to the client's schema)",
                name.span(),
            ));
        }
        let signature = format!("{}({})", function.name, function.identity_args);
        // Arguments, by name (`a => 1`) or by position.
        let mut given: Vec<(String, WVal)> = Vec::new();
        for (position, arg) in args.args.iter().enumerate() {
            let (arg_name, value, at) = match arg {
                FunctionArg::Named {
                    name,
                    arg: FunctionArgExpr::Expr(value),
                    ..
                } => (Some(name.value.clone()), value, name.span),
                FunctionArg::ExprNamed {
                    name: sqlparser::ast::Expr::Identifier(name),
                    arg: FunctionArgExpr::Expr(value),
                    ..
                } => (Some(name.value.clone()), value, name.span),
                FunctionArg::Unnamed(FunctionArgExpr::Expr(value)) => (None, value, value.span()),
                other => {
                    return Err(unsupported(
                        "this argument form; write `name => value`",
                        other.span(),
                    ))
                }
            };
            let declared = match &arg_name {
                Some(n) => function
                    .args
                    .iter()
                    .find(|a| a.name.as_deref() == Some(n))
                    .ok_or_else(|| {
                        SqlError::new(
                            unknown(
                                "argument",
                                n,
                                &format!(" of `{signature}`"),
                                function.args.iter().filter_map(|a| a.name.as_deref()),
                            ),
                            at,
                        )
                    })?,
                None => function.args.get(position).ok_or_else(|| {
                    SqlError::new(format!("too many arguments for `{signature}`"), at)
                })?,
            };
            let Some(declared_name) = declared.name.clone() else {
                return Err(unsupported(
                    &format!("calling `{signature}`, whose arguments have no names"),
                    at,
                ));
            };
            if given.iter().any(|(n, _)| *n == declared_name) {
                return Err(SqlError::new(
                    format!("argument `{declared_name}` is given twice"),
                    at,
                ));
            }
            let col = Col {
                name: declared_name.clone(),
                ty: Ty::of(&declared.type_ref).nullable(true),
                pg: base_name(&declared.type_ref),
                insertable: true,
                updatable: true,
            };
            let value = self.write_value(value, &col)?;
            given.push((declared_name, value));
        }
        if let Some(missing) = function.args.iter().find(|a| {
            !a.has_default()
                && a.name
                    .as_ref()
                    .is_some_and(|n| !given.iter().any(|(g, _)| g == n))
        }) {
            return Err(SqlError::new(
                format!(
                    "missing argument `{}` of `{signature}`",
                    missing.name.as_deref().unwrap_or("")
                ),
                name.span(),
            ));
        }

        // The result: rows of a table type or of RETURNS TABLE, one composite, or a scalar.
        let returns = &function.returns;
        let (columns, relation) = if returns.is_table() {
            let columns = returns
                .columns
                .iter()
                .map(|c| Col {
                    name: c.name.clone(),
                    ty: Ty::of(&c.type_ref).nullable(true),
                    pg: base_name(&c.type_ref),
                    insertable: false,
                    updatable: false,
                })
                .collect();
            (Some(columns), None)
        } else if let TypeRef::Composite { schema, name } = &returns.type_ref {
            match self.catalog.relation_of_type(schema, name) {
                Some(relation) => (Some(relation_columns(relation)), Some(relation)),
                None => (None, None),
            }
        } else {
            (None, None)
        };
        let alias = match &from.relation {
            TableFactor::Table {
                alias: Some(alias), ..
            } => alias.name.value.clone(),
            _ => function.name.clone(),
        };
        let star_only = matches!(select.projection.as_slice(), [SelectItem::Wildcard(_)]);
        let Some(columns) = columns else {
            // A scalar: `select * from add(a => 1, b => 2)`.
            if !star_only {
                return Err(unsupported(
                    &format!("a select list on `{signature}`, which returns a scalar; write `select * from {}(...)`", function.name),
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
            let ty = Ty::of(&returns.type_ref).nullable(true);
            return Ok(Plan {
                target: function.name.clone(),
                schema: schema.name.clone(),
                start: Start::Rpc(given),
                select: None,
                steps: Vec::new(),
                output: Some(Output::Scalar(ty)),
                params: self.used.len(),
            });
        };
        let sources = vec![Source {
            alias,
            name: function.name.clone(),
            schema: schema.name.clone(),
            columns,
            relation,
            embed: None,
        }];
        let items = self.returning(&select.projection, &sources)?;
        let (text, shape) = assemble(&sources, &items)?;
        let mut steps = Vec::new();
        if let Some(selection) = &select.selection {
            if !returns.set {
                return Err(unsupported(
                    "WHERE on a function returning one row",
                    selection.span(),
                ));
            }
            self.where_clause(selection, &sources, &mut steps)?;
        }
        self.order_and_limit(query, &sources, &mut steps)?;
        let output = if returns.set {
            Output::Rows(shape)
        } else {
            Output::MaybeRow(shape)
        };
        Ok(Plan {
            target: function.name.clone(),
            schema: schema.name.clone(),
            start: Start::Rpc(given),
            select: (!star_only).then_some(text),
            steps,
            output: Some(output),
            params: self.used.len(),
        })
    }
}
