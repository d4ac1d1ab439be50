//! Binding a call's arguments to a function of the catalog: the schema (exposed or not), the
//! overload PostgREST would pick for the names given, positional and named (`=>`) arguments,
//! defaults left out.

use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, Ident, ObjectName, Spanned};
use sqlparser::tokenizer::Span as SqlSpan;
use supabase_codegen::{Function, Schema};

use super::error::{unknown, SqlError, SqlResult};
use super::exposed::{is_exposed, HOW};
use super::inexpressible::inexpressible;
use super::lower::{unsupported, Lower};
use super::resolve::parts;

/// One argument of the call: the index of the declared argument and the value's expression.
pub(crate) struct Bound<'e> {
    pub(crate) arg: usize,
    pub(crate) expr: &'e Expr,
}

/// An argument as written: its name (`a => ...`) or none, the value, where.
struct Written<'e> {
    name: Option<&'e Ident>,
    expr: &'e Expr,
    at: SqlSpan,
}

impl<'a> Lower<'a> {
    /// The function `name` names and the arguments bound to it.
    pub(crate) fn bind_call<'e>(
        &self,
        name: &ObjectName,
        args: &'e [FunctionArg],
        at: SqlSpan,
    ) -> SqlResult<(&'a Schema, &'a Function, Vec<Bound<'e>>)> {
        let idents = parts(name);
        let (schema_ident, function_ident) = match idents.as_slice() {
            [function] => (None, *function),
            [schema, function] => (Some(*schema), *function),
            _ => {
                return Err(SqlError::new(
                    "a function is named `function` or `schema.function`",
                    name.span(),
                ))
            }
        };
        let schema_name = schema_ident.map_or("public", |s| s.value.as_str());
        let shown = format!("{schema_name}.{}", function_ident.value);
        if !is_exposed(schema_name) {
            return Err(inexpressible(
                &format!("a call to `{shown}()`: schema `{schema_name}` is not exposed ({HOW})"),
                name.span(),
            ));
        }
        let model = self.catalog.model;
        let Some(schema) = model.schema(schema_name) else {
            return Err(SqlError::new(
                unknown(
                    "schema",
                    schema_name,
                    "",
                    model.schemas.iter().map(|s| s.name.as_str()),
                ),
                schema_ident.map_or(name.span(), |s| s.span),
            ));
        };
        let candidates: Vec<&Function> = schema.functions_named(&function_ident.value).collect();
        if candidates.is_empty() {
            let names = schema.functions.iter().map(|f| f.name.as_str());
            let close = crate::suggest::did_you_mean(&function_ident.value, names.clone());
            if schema_ident.is_none() && close.is_none() {
                // `now()`, `gen_random_uuid()`: a built-in, which PostgREST does not call.
                return Err(inexpressible(
                    &format!(
                        "a call to the built-in function `{}()` (PostgREST calls the functions of the exposed schemas only)",
                        function_ident.value
                    ),
                    name.span(),
                ));
            }
            return Err(SqlError::new(
                unknown(
                    "function",
                    &function_ident.value,
                    &format!(" in schema `{}`", schema.name),
                    names,
                ),
                function_ident.span,
            ));
        }
        let written = written(args)?;
        let mut matches = Vec::new();
        let mut first_error = None;
        for function in &candidates {
            match bind(function, &written, at) {
                Ok(bound) => matches.push((*function, bound)),
                Err(err) => {
                    first_error.get_or_insert(err);
                }
            }
        }
        match matches.len() {
            1 => {
                let (function, bound) = matches.remove(0);
                Ok((schema, function, bound))
            }
            0 => match (candidates.len(), first_error) {
                (1, Some(err)) => Err(err),
                _ => Err(SqlError::new(
                    format!(
                        "no overload of `{shown}` takes these arguments; it is declared as {}",
                        overloads(&candidates)
                    ),
                    at,
                )),
            },
            _ => Err(SqlError::new(
                format!(
                    "several overloads of `{shown}` take these arguments ({}); name the arguments (`name => value`) so that only one matches",
                    overloads(&matches.iter().map(|(f, _)| *f).collect::<Vec<_>>())
                ),
                at,
            )),
        }
    }
}

fn overloads(functions: &[&Function]) -> String {
    functions
        .iter()
        .map(|f| format!("`{}({})`", f.name, f.identity_args))
        .collect::<Vec<_>>()
        .join(", ")
}

fn written(args: &[FunctionArg]) -> SqlResult<Vec<Written<'_>>> {
    let mut out = Vec::new();
    for arg in args {
        let w = match arg {
            FunctionArg::Named {
                name,
                arg: FunctionArgExpr::Expr(value),
                ..
            } => Written {
                name: Some(name),
                expr: value,
                at: name.span,
            },
            FunctionArg::ExprNamed {
                name: Expr::Identifier(name),
                arg: FunctionArgExpr::Expr(value),
                ..
            } => Written {
                name: Some(name),
                expr: value,
                at: name.span,
            },
            FunctionArg::Unnamed(FunctionArgExpr::Expr(value)) => {
                if out.iter().any(|w: &Written<'_>| w.name.is_some()) {
                    return Err(SqlError::new(
                        "a positional argument cannot follow a named one",
                        value.span(),
                    ));
                }
                Written {
                    name: None,
                    expr: value,
                    at: value.span(),
                }
            }
            other => {
                return Err(unsupported(
                    "this argument form; write `value` or `name => value`",
                    other.span(),
                ))
            }
        };
        out.push(w);
    }
    Ok(out)
}

/// Binds the written arguments to one overload, or says why they do not fit.
fn bind<'e>(
    function: &Function,
    written: &[Written<'e>],
    at: SqlSpan,
) -> SqlResult<Vec<Bound<'e>>> {
    let signature = format!("{}({})", function.name, function.identity_args);
    let mut bound: Vec<Bound<'e>> = Vec::new();
    for (position, w) in written.iter().enumerate() {
        let index = match w.name {
            Some(n) => function
                .args
                .iter()
                .position(|a| a.name.as_deref() == Some(n.value.as_str()))
                .ok_or_else(|| {
                    SqlError::new(
                        unknown(
                            "argument",
                            &n.value,
                            &format!(" of `{signature}`"),
                            function.args.iter().filter_map(|a| a.name.as_deref()),
                        ),
                        w.at,
                    )
                })?,
            None => {
                if position >= function.args.len() {
                    return Err(SqlError::new(
                        format!("too many arguments for `{signature}`"),
                        w.at,
                    ));
                }
                position
            }
        };
        if function.args[index].name.is_none() {
            return Err(inexpressible(
                &format!(
                    "a call to `{signature}`, whose arguments have no names (PostgREST passes arguments by name)"
                ),
                w.at,
            ));
        }
        if bound.iter().any(|b| b.arg == index) {
            return Err(SqlError::new(
                format!(
                    "argument `{}` is given twice",
                    function.args[index].name.as_deref().unwrap_or_default()
                ),
                w.at,
            ));
        }
        bound.push(Bound {
            arg: index,
            expr: w.expr,
        });
    }
    if let Some((_, missing)) = function
        .args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.has_default() && !bound.iter().any(|b| b.arg == *i))
    {
        return Err(SqlError::new(
            match &missing.name {
                Some(name) => format!("missing argument `{name}` of `{signature}`"),
                None => format!("missing an unnamed argument of `{signature}`"),
            },
            at,
        ));
    }
    Ok(bound)
}
