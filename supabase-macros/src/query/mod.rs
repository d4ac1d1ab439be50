//! `query!` and `query_as!`: SQL in a string literal, parsed with sqlparser, checked against the
//! schema snapshot, and lowered to the untyped PostgREST builder.
//!
//! Phases, one file each: `snapshot` (finding and caching the schema JSON), `parse` (`{expr}`
//! placeholders, sqlparser), `resolve` (tables, columns, foreign keys, functions), `lower`
//! (SELECT/WHERE/ORDER/LIMIT into a [`plan::Plan`]), `write` (INSERT/UPDATE/DELETE), `upsert`
//! (ON CONFLICT), `rpc` and `rpc_args` (function calls), `exposed` (the schemas PostgREST
//! serves), `types` (the Rust type map), `expand` (the Rust code), `error` (messages with a caret
//! under the offending SQL), `inexpressible` and `way_out` (what PostgREST cannot express, and
//! the SQL function to write instead).

mod error;
mod expand;
mod exposed;
mod inexpressible;
mod lower;
mod parse;
mod plan;
mod resolve;
mod rpc;
mod rpc_args;
mod rpc_filters;
mod snapshot;
mod types;
mod upsert;
mod way_out;
mod write;

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::Token;

use self::error::SqlError;
use self::lower::Lower;
use self::resolve::Catalog;

/// `client, "sql", args...` (with `Row, ` first for `query_as!`).
struct Input {
    row: Option<syn::Type>,
    client: syn::Expr,
    sql: syn::LitStr,
    args: Vec<syn::Expr>,
}

fn parse_input(input: ParseStream<'_>, with_row: bool) -> syn::Result<Input> {
    let row = if with_row {
        let row: syn::Type = input.parse()?;
        input.parse::<Token![,]>()?;
        Some(row)
    } else {
        None
    };
    let client: syn::Expr = input.parse()?;
    input.parse::<Token![,]>()?;
    let sql: syn::LitStr = input
        .parse()
        .map_err(|e| syn::Error::new(e.span(), "expected the SQL as a string literal"))?;
    let mut args = Vec::new();
    if !input.is_empty() {
        input.parse::<Token![,]>()?;
        let rest = Punctuated::<syn::Expr, Token![,]>::parse_terminated(input)?;
        args.extend(rest);
    }
    Ok(Input {
        row,
        client,
        sql,
        args,
    })
}

struct QueryInput(Input);
struct QueryAsInput(Input);

impl Parse for QueryInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        parse_input(input, false).map(QueryInput)
    }
}

impl Parse for QueryAsInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        parse_input(input, true).map(QueryAsInput)
    }
}

/// `query!(client, "sql", args...)`.
pub(crate) fn query_inner(tokens: TokenStream) -> TokenStream {
    match syn::parse2::<QueryInput>(tokens) {
        Ok(QueryInput(input)) => expand(input),
        Err(err) => err.to_compile_error(),
    }
}

/// `query_as!(Row, client, "sql", args...)`.
pub(crate) fn query_as_inner(tokens: TokenStream) -> TokenStream {
    match syn::parse2::<QueryAsInput>(tokens) {
        Ok(QueryAsInput(input)) => expand(input),
        Err(err) => err.to_compile_error(),
    }
}

fn expand(input: Input) -> TokenStream {
    match try_expand(input) {
        Ok(tokens) => tokens,
        Err(err) => err.to_compile_error(),
    }
}

fn try_expand(input: Input) -> syn::Result<TokenStream> {
    let literal = input.sql.span();
    let original = input.sql.value();
    let path = snapshot::locate().map_err(|e| syn::Error::new(literal, e))?;
    let snapshot = snapshot::load(&path).map_err(|e| syn::Error::new(literal, e))?;
    let at_sql = |e: SqlError| e.into_syn(&original, literal);

    let substituted = parse::substitute(&original).map_err(at_sql)?;
    let mut args = input.args;
    if !substituted.inline.is_empty() {
        if let Some(first) = args.first() {
            return Err(syn::Error::new(
                first.span(),
                "parameters are either `{name}` inside the SQL or `$1`, `$2`, ... with arguments after it, not both",
            ));
        }
        args = substituted
            .inline
            .iter()
            .map(|expr| respan(expr, literal))
            .collect();
    }
    let statement = parse::parse(&substituted.sql).map_err(at_sql)?;
    let mut lower = Lower {
        catalog: Catalog {
            model: &snapshot.model,
        },
        used: vec![false; args.len()],
    };
    let inline = !substituted.inline.is_empty();
    let plan = match lower.statement(&statement) {
        Ok(plan) => plan,
        Err(err) => {
            // Rejections of the SELECT side carry their own SQL function (`with_args`); the
            // others (function calls, writes) get one made here from the statement.
            let way_out = inexpressible::is_inexpressible(&err.message).then(|| {
                way_out::suggest(&way_out::Source {
                    model: &snapshot.model,
                    statement: &statement,
                    sql: &substituted.sql,
                    client: written(&input.client, false),
                    args: args.iter().map(|a| written(a, inline)).collect(),
                })
            });
            let error = at_sql(err.with_args(&args, inline));
            return Err(match way_out {
                Some(text) if !error.to_string().contains("create or replace function") => {
                    syn::Error::new(literal, format!("{error}\n\n{text}"))
                }
                _ => error,
            });
        }
    };
    let mut errors: Option<syn::Error> = None;
    for (index, used) in lower.used.iter().enumerate() {
        if !used {
            let err = syn::Error::new(
                args[index].span(),
                format!(
                    "extra parameter: the SQL never uses `${}`; remove this argument or use it",
                    index + 1
                ),
            );
            match &mut errors {
                Some(all) => all.combine(err),
                None => errors = Some(err),
            }
        }
    }
    if let Some(errors) = errors {
        return Err(errors);
    }
    if input.row.is_some() && matches!(plan.output, Some(lower_output::Output::Scalar(_)) | None) {
        return Err(syn::Error::new(
            literal,
            "query_as! needs a query that returns rows (a SELECT, a RETURNING, or a function returning rows); use query! here",
        ));
    }
    let ctx = expand::Context {
        snapshot: snapshot::first_use(&snapshot.path, snapshot.modified)
            .then_some(snapshot.path.as_path()),
        client: &input.client,
        args: &args,
        row: input.row.as_ref(),
    };
    Ok(expand::expand(&plan, &ctx))
}

use self::plan as lower_output;

/// An expression as the user wrote it (its source text when the compiler has it).
fn written(expr: &syn::Expr, inline: bool) -> String {
    let text = (!inline).then(|| expr.span().source_text()).flatten();
    text.unwrap_or_else(|| quote::ToTokens::to_token_stream(expr).to_string())
}

/// An inline `{expr}` with every token at the string literal's span (where the user wrote it).
fn respan(expr: &syn::Expr, span: proc_macro2::Span) -> syn::Expr {
    let tokens: TokenStream = quote::ToTokens::to_token_stream(expr)
        .into_iter()
        .map(|mut tt| {
            set_span(&mut tt, span);
            tt
        })
        .collect();
    syn::parse2(tokens).unwrap_or_else(|_| expr.clone())
}

fn set_span(tt: &mut proc_macro2::TokenTree, span: proc_macro2::Span) {
    match tt {
        proc_macro2::TokenTree::Group(group) => {
            let stream: TokenStream = group
                .stream()
                .into_iter()
                .map(|mut inner| {
                    set_span(&mut inner, span);
                    inner
                })
                .collect();
            let mut new = proc_macro2::Group::new(group.delimiter(), stream);
            new.set_span(span);
            *group = new;
        }
        other => other.set_span(span),
    }
}
