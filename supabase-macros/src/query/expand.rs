//! A [`Plan`] as Rust: the result structs, the parameter checks at the arguments' spans, and the
//! untyped builder chain wrapped in `supabase_core::Query`.
//!
//! Written as source text (see `text.rs`), except the pieces that carry the user's spans: the
//! bindings of the client and of each argument, the `Fits`/`Writes` checks of the arguments
//! (a type error points at the argument), and `query_as!`'s row type and column check.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use super::plan::{Output, Plan, Start, Step, WVal};
use super::rpc::Method;

mod rows;
mod steps;
mod text;
mod values;

use rows::{row_list, structs};
use steps::step;
use text::{str_lit, Out};
use values::{arg_ident, array, row, VALUE};

/// What the expansion needs besides the plan.
pub(crate) struct Context<'a> {
    /// The snapshot to track (`include_bytes!`), in the first expansion of the crate only.
    pub(crate) snapshot: Option<&'a Path>,
    pub(crate) client: &'a syn::Expr,
    pub(crate) args: &'a [syn::Expr],
    /// `query_as!`'s row type.
    pub(crate) row: Option<&'a syn::Type>,
}

fn insert_body(rows: &[Vec<(String, WVal)>], many: bool, ctx: &Context<'_>, out: &mut Out) {
    if many {
        array(out, rows, |r, o| row(r, ctx, o));
    } else if let Some(first) = rows.first() {
        row(first, ctx, out);
    } else {
        out.text("()");
    }
}

/// `client.schema(s).rpc(f, args)`, with `.get()` for a stable/immutable function: always when
/// every argument is a literal, else when no argument is NULL once the values are known (a
/// query string cannot carry a NULL).
fn rpc_call(
    plan: &Plan,
    args: &[(String, WVal)],
    method: Method,
    ctx: &Context<'_>,
    out: &mut Out,
) {
    let (schema, target) = (str_lit(&plan.schema), str_lit(&plan.target));
    let params = args
        .iter()
        .any(|(_, v)| matches!(v, WVal::Param(..) | WVal::Array(_)));
    let call = |o: &mut Out| {
        o.text(&format!("__query_client.schema({schema}).rpc"))
            .paren(|o| {
                o.text(&target).text(", ");
                row(args, ctx, o);
            });
    };
    match (method, params) {
        (Method::Post, _) => call(out),
        (Method::Get, false) => {
            call(out);
            out.text(".get()");
        }
        (Method::Get, true) => {
            out.brace(|o| {
                o.text("let __query_args = ");
                row(args, ctx, o);
                o.text(&format!(
                    "; let __query_get = {VALUE}::as_object(&__query_args).is_some_and(|__m| {{ \
                     __m.values().all(|__v| {{ !__v.is_null() && \
                     __v.as_array().into_iter().flatten().all(|__e| !__e.is_null()) }}) }}); \
                     let __query_call = __query_client.schema({schema}).rpc({target}, __query_args); \
                     if __query_get {{ __query_call.get() }} else {{ __query_call }}"
                ));
            });
        }
    }
}

/// The builder chain.
fn chain(plan: &Plan, ctx: &Context<'_>, out: &mut Out) {
    let from = format!(
        "__query_client.from({}).schema({})",
        str_lit(&plan.target),
        str_lit(&plan.schema)
    );
    let select = plan
        .select
        .as_ref()
        .map_or_else(String::new, |s| format!(".select({})", str_lit(s)));
    let steps = |o: &mut Out| {
        for s in &plan.steps {
            step(s, ctx, o);
        }
    };
    match &plan.start {
        Start::Select => {
            let text = plan.select.clone().unwrap_or_default();
            out.text(&format!("{from}.select({})", str_lit(&text)));
            steps(out);
        }
        Start::Insert(rows, many) => {
            out.text(&from)
                .text(".insert")
                .paren(|o| insert_body(rows, *many, ctx, o));
            steps(out);
            out.text(&select);
        }
        Start::Upsert(rows, many, upsert) => {
            out.text(&from)
                .text(".upsert")
                .paren(|o| insert_body(rows, *many, ctx, o));
            out.text(&format!(".on_conflict({})", str_lit(&upsert.on_conflict)));
            if upsert.ignore {
                out.text(".ignore_duplicates(true)");
            }
            steps(out);
            out.text(&select);
        }
        Start::Update(set) => {
            out.text(&from).text(".update").paren(|o| row(set, ctx, o));
            steps(out);
            out.text(&select);
        }
        Start::Delete => {
            out.text(&from).text(".delete()");
            steps(out);
            out.text(&select);
        }
        Start::Rpc(args, method) => {
            rpc_call(plan, args, *method, ctx, out);
            out.text(&select);
            steps(out);
        }
    }
}

/// The expansion.
pub(crate) fn expand(plan: &Plan, ctx: &Context<'_>) -> TokenStream {
    let mut decls = String::new();
    // Whether the rows decode as `__private::Rows<Row>` (the row struct has no `Deserialize`).
    let mut rows_via = false;
    // `query_as!`'s row type keeps the user's spans; the types made here are text.
    let data: Result<String, TokenStream> = match (&plan.output, ctx.row) {
        (Some(Output::Rows(_)), Some(row)) => Err(quote!(::std::vec::Vec<#row>)),
        (Some(Output::Row(_)), Some(row)) => Err(quote!(#row)),
        (Some(Output::MaybeRow(_)), Some(row)) => Err(quote!(::std::option::Option<#row>)),
        (Some(Output::Row(shape)), None) => {
            structs("Row", shape, &mut decls);
            Ok("Row".to_owned())
        }
        (Some(Output::MaybeRow(shape)), None) => {
            structs("Row", shape, &mut decls);
            Ok("::std::option::Option<Row>".to_owned())
        }
        (Some(Output::Rows(shape)), None) => {
            rows_via = row_list(shape, &mut decls);
            Ok("::std::vec::Vec<Row>".to_owned())
        }
        (Some(Output::Scalar(ty)), _) => Ok(ty.text()),
        (None, _) => Ok("()".to_owned()),
    };
    let mut out = Out::default();
    out.brace(|o| {
        if let Some(path) = ctx.snapshot {
            // In the body of a function, not in a constant: a constant's bytes would be encoded
            // in the crate's metadata (a copy of the snapshot in every `.rmeta`), a function
            // body's are not; the file is in the dep-info either way.
            let path = path.to_string_lossy();
            o.text(&format!(
                "#[allow(dead_code)] fn __query_track_snapshot() {{ let _ = ::std::include_bytes!({}); }}",
                str_lit(&path)
            ));
        }
        o.text(&decls);
        if let (
            Some(row),
            Some(Output::Rows(shape) | Output::Row(shape) | Output::MaybeRow(shape)),
        ) = (ctx.row, &plan.output)
        {
            let keys = shape.fields.iter().map(|f| &f.name);
            o.tokens(quote_spanned! {row.span()=>
                const _: () = ::std::assert!(
                    ::supabase_core::__private::selects_all(
                        <#row as ::supabase_core::Table>::COLUMNS,
                        &[#(#keys),*],
                    ),
                    "query_as!: the SQL does not select every column of the row type",
                );
            });
        }
        let client = ctx.client;
        o.tokens(quote_spanned! {client.span()=>
            let __query_client: &::supabase_core::Client = &(#client);
        });
        for (i, expr) in ctx.args.iter().enumerate().take(plan.params) {
            let ident = arg_ident(i, ctx);
            o.tokens(quote_spanned!(expr.span()=> let #ident = &(#expr);));
        }
        // The trait of `__query_limit`/`__query_range`/`__query_offset`, only where a step
        // calls one (an item less to resolve in every other expansion).
        if plan.steps.iter().any(|s| {
            matches!(
                s,
                Step::LimitParam(_) | Step::RangeParam(..) | Step::Offset(_)
            )
        }) {
            o.text("use ::supabase_core::__private::QueryRange as _;");
        }
        o.text("::supabase_core::Query::<");
        match &data {
            Ok(text) => o.text(text),
            Err(tokens) => o.tokens(tokens.clone()),
        };
        if rows_via {
            o.text(">::__decoded_as::<::supabase_core::__private::Rows<Row>>");
        } else {
            o.text(">::__new");
        }
        o.paren(|o| chain(plan, ctx, o));
        if !plan.hidden.is_empty() {
            o.text(".__hidden(&").bracket(|o| {
                o.list(&plan.hidden, |key, o| {
                    o.text(&str_lit(key));
                });
            })
            .text(")");
        }
    });
    out.finish()
}
