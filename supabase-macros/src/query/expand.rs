//! A [`Plan`] as Rust: the result structs, the parameter checks at the arguments' spans, and the
//! untyped builder chain wrapped in `supabase_core::Query`.
//!
//! Written as source text (see `text.rs`), except the pieces that carry the user's spans: the
//! bindings of the client and of each argument, the `Fits`/`Writes` checks of the arguments
//! (a type error points at the argument), and `query_as!`'s row type and column check.

use std::path::Path;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;

use super::plan::{CVal, Cond, Count, FVal, LVal, Output, Plan, RVal, Start, Step, WVal};
use super::rpc::Method;

mod rows;
mod text;

use rows::{row_list, structs};
use text::{str_lit, Out};

/// What the expansion needs besides the plan.
pub(crate) struct Context<'a> {
    /// The snapshot to track (`include_bytes!`), in the first expansion of the crate only.
    pub(crate) snapshot: Option<&'a Path>,
    pub(crate) client: &'a syn::Expr,
    pub(crate) args: &'a [syn::Expr],
    /// `query_as!`'s row type.
    pub(crate) row: Option<&'a syn::Type>,
}

const COW: &str = "::std::borrow::Cow::<'static, str>";
const VALUE: &str = "::supabase_core::__private::serde_json::Value";
const CONDITION: &str = "::supabase_core::Condition";

fn arg_ident(index: usize, ctx: &Context<'_>) -> syn::Ident {
    format_ident!("__query_arg{}", index, span = arg_span(index, ctx))
}

fn arg_span(index: usize, ctx: &Context<'_>) -> Span {
    ctx.args
        .get(index)
        .map_or_else(Span::call_site, |a| a.span())
}

fn fval(value: &FVal, ctx: &Context<'_>, out: &mut Out) {
    match value {
        FVal::Lit(text) => {
            out.text(&format!("{COW}::Borrowed({})", str_lit(text)));
        }
        FVal::Param(index, ty) => {
            let ident = arg_ident(*index, ctx);
            let ty = ty.fit_target();
            out.tokens(quote_spanned!(arg_span(*index, ctx)=> ::supabase_core::__private::fit::<#ty, _>(#ident)));
        }
        FVal::Concat(parts) => {
            out.text(COW).text("::Owned").paren(|o| {
                o.bracket(|o| {
                    o.list(parts, |p, o| fval(p, ctx, o));
                })
                .text(".concat()");
            });
        }
        FVal::Point(index, ty) => {
            let ident = arg_ident(*index, ctx);
            let ty = ty.fit_target();
            out.tokens(
                quote_spanned!(arg_span(*index, ctx)=> ::supabase_core::__private::point_range(
                    ::supabase_core::__private::fit::<#ty, _>(#ident)
                )),
            );
        }
    }
}

fn lval(value: &LVal, ctx: &Context<'_>, out: &mut Out) {
    match value {
        LVal::Items(items) => {
            out.bracket(|o| {
                o.list(items, |v, o| fval(v, ctx, o));
            });
        }
        LVal::Param(index, ty) => {
            let ident = arg_ident(*index, ctx);
            let ty = ty.fit_target();
            out.tokens(quote_spanned!(arg_span(*index, ctx)=> ::supabase_core::__private::fit_list::<#ty, _>(#ident)));
        }
    }
}

fn count(value: Count, ctx: &Context<'_>, out: &mut Out) {
    match value {
        Count::Lit(n) => {
            out.text(&format!(
                "::core::result::Result::<u64, ::std::string::String>::Ok({n}u64)"
            ));
        }
        Count::Param(index) => {
            let ident = arg_ident(index, ctx);
            out.tokens(
                quote_spanned!(arg_span(index, ctx)=> ::supabase_core::__private::count(#ident)),
            );
        }
    }
}

fn json(value: &serde_json::Value, out: &mut Out) {
    match value {
        serde_json::Value::Null => {
            out.text(&format!("{VALUE}::Null"));
        }
        serde_json::Value::Bool(b) => {
            out.text(&format!("{VALUE}::Bool({b})"));
        }
        serde_json::Value::Number(n) => {
            let literal = if let Some(i) = n.as_i64() {
                format!("{i}i64")
            } else if let Some(u) = n.as_u64() {
                format!("{u}u64")
            } else {
                format!("{}f64", n.as_f64().unwrap_or(0.0))
            };
            out.text(&format!("{VALUE}::from({literal})"));
        }
        serde_json::Value::String(s) => {
            out.text(&format!(
                "{VALUE}::String(::std::string::String::from({}))",
                str_lit(s)
            ));
        }
        serde_json::Value::Array(items) => {
            out.text(&format!("{VALUE}::Array(::std::vec!["));
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.text(", ");
                }
                json(item, out);
            }
            out.text("])");
        }
        serde_json::Value::Object(map) => object(out, |o| {
            for (key, value) in map {
                insert(o, key, |o| json(value, o));
            }
        }),
    }
}

/// A block building a JSON object with `insert`s.
fn object(out: &mut Out, fill: impl FnOnce(&mut Out)) {
    out.brace(|o| {
        o.text("let mut __map = ::supabase_core::__private::serde_json::Map::new();");
        fill(o);
        o.text("::supabase_core::__private::serde_json::Value::Object(__map)");
    });
}

fn insert(out: &mut Out, key: &str, value: impl FnOnce(&mut Out)) {
    out.text("__map.insert")
        .paren(|o| {
            o.text(&format!("::std::string::String::from({}), ", str_lit(key)));
            value(o);
        })
        .text(";");
}

fn wval(value: &WVal, ctx: &Context<'_>, out: &mut Out) {
    match value {
        WVal::Json(value) => json(value, out),
        WVal::Array(items) => {
            out.text(VALUE).text("::Array").paren(|o| {
                o.text("::std::vec!").bracket(|o| {
                    o.list(items, |i, o| wval(i, ctx, o));
                });
            });
        }
        WVal::Param(index, ty) => {
            let ident = arg_ident(*index, ctx);
            let target = ty.write_target();
            out.tokens(quote_spanned!(arg_span(*index, ctx)=> ::supabase_core::__private::write::<#target, _>(#ident)));
        }
    }
}

fn row(values: &[(String, WVal)], ctx: &Context<'_>, out: &mut Out) {
    object(out, |o| {
        for (key, value) in values {
            insert(o, key, |o| wval(value, ctx, o));
        }
    });
}

fn cval(value: &CVal, ctx: &Context<'_>, out: &mut Out) {
    match value {
        CVal::Array(items) => {
            out.text("::supabase_core::ContainValue::array")
                .paren(|o| lval(items, ctx, o));
        }
        CVal::Raw(value) => {
            out.text("::supabase_core::ContainValue::raw")
                .paren(|o| fval(value, ctx, o));
        }
    }
}

fn rval(value: &RVal, ctx: &Context<'_>, out: &mut Out) {
    match value {
        RVal::One(value) => fval(value, ctx, out),
        RVal::List(items) => {
            out.text("::supabase_core::array_literal")
                .paren(|o| lval(items, ctx, o));
        }
        RVal::Contain(value) => cval(value, ctx, out),
    }
}

/// `column, ` as the start of a call's arguments.
fn column_arg(column: &str, out: &mut Out) {
    out.text(&str_lit(column)).text(", ");
}

fn cond(c: &Cond, ctx: &Context<'_>, out: &mut Out) {
    match c {
        Cond::Op(op, column, value) => {
            out.text(&format!("{CONDITION}::{op}")).paren(|o| {
                column_arg(column, o);
                fval(value, ctx, o);
            });
        }
        Cond::Is(column, value) => {
            out.text(&format!(
                "{CONDITION}::is_({}, {})",
                str_lit(column),
                is_value(value)
            ));
        }
        Cond::In(column, values) => {
            out.text(&format!("{CONDITION}::in_")).paren(|o| {
                column_arg(column, o);
                o.bracket(|o| {
                    o.list(values, |v, o| fval(v, ctx, o));
                });
            });
        }
        Cond::InParam(column, index, ty) => {
            out.text(&format!("{CONDITION}::in_")).paren(|o| {
                column_arg(column, o);
                lval(&LVal::Param(*index, ty.clone()), ctx, o);
            });
        }
        Cond::Filter(op, column, value) => {
            out.text(&format!("{CONDITION}::filter")).paren(|o| {
                column_arg(column, o);
                o.text(&str_lit(op)).text(", ");
                rval(value, ctx, o);
            });
        }
        Cond::All(items) => conds(&format!("{CONDITION}::all"), items, ctx, out),
        Cond::Any(items) => conds(&format!("{CONDITION}::any"), items, ctx, out),
        Cond::Not(inner) => {
            cond(inner, ctx, out);
            out.text(".not()");
        }
    }
}

/// `call([c1, c2, ...])`.
fn conds(call: &str, items: &[Cond], ctx: &Context<'_>, out: &mut Out) {
    out.text(call).paren(|o| {
        o.bracket(|o| {
            o.list(items, |c, o| cond(c, ctx, o));
        });
    });
}

fn is_value(value: &str) -> &'static str {
    match value {
        "true" => "true",
        "false" => "false",
        _ => "::supabase_core::IsValue::Null",
    }
}

/// `.order(column, Order::asc|desc() [.nulls_first()|.nulls_last()] [.referenced_table(t)])`.
fn order(column: &str, desc: bool, nulls: Option<bool>, table: Option<&str>, out: &mut Out) {
    let direction = if desc { "desc" } else { "asc" };
    let nulls = match nulls {
        Some(true) => ".nulls_first()",
        Some(false) => ".nulls_last()",
        None => "",
    };
    let table = table.map_or_else(String::new, |t| {
        format!(".referenced_table({})", str_lit(t))
    });
    out.text(&format!(
        ".order({}, ::supabase_core::Order::{direction}(){nulls}{table})",
        str_lit(column)
    ));
}

fn step(s: &Step, ctx: &Context<'_>, out: &mut Out) {
    match s {
        Step::Op(op, column, value) => {
            out.text(&format!(".{op}")).paren(|o| {
                column_arg(column, o);
                fval(value, ctx, o);
            });
        }
        Step::List(method, column, values) => {
            out.text(&format!(".{method}")).paren(|o| {
                column_arg(column, o);
                lval(values, ctx, o);
            });
        }
        Step::Contain(method, column, value) => {
            out.text(&format!(".{method}")).paren(|o| {
                column_arg(column, o);
                cval(value, ctx, o);
            });
        }
        Step::Filter(op, column, values) => {
            out.text(".filter").paren(|o| {
                column_arg(column, o);
                o.text(&str_lit(op))
                    .text(", ::supabase_core::array_literal")
                    .paren(|o| lval(values, ctx, o));
            });
        }
        Step::LimitParam(index) => {
            out.text(".__query_limit")
                .paren(|o| count(Count::Param(*index), ctx, o));
        }
        Step::RangeParam(offset, limit) => {
            out.text(".__query_range").paren(|o| {
                count(*offset, ctx, o);
                o.text(", ");
                count(*limit, ctx, o);
            });
        }
        Step::Not => {
            out.text(".not_()");
        }
        Step::Is(column, value) => {
            out.text(&format!(".is_({}, {})", str_lit(column), is_value(value)));
        }
        Step::In(column, values) | Step::NotIn(column, values) => {
            let method = if matches!(s, Step::In(..)) {
                ".in_"
            } else {
                ".not_in"
            };
            out.text(method).paren(|o| {
                column_arg(column, o);
                o.bracket(|o| {
                    o.list(values, |v, o| fval(v, ctx, o));
                });
            });
        }
        Step::Fts(column, query, kind, config) => {
            out.text(".text_search").paren(|o| {
                column_arg(column, o);
                fval(query, ctx, o);
                o.text(", ::supabase_core::TextSearchOptions::new()");
                if let Some(kind) = kind {
                    o.text(&format!(
                        ".search_type(::supabase_core::TextSearchType::{kind})"
                    ));
                }
                if let Some(config) = config {
                    o.text(&format!(".config({})", str_lit(config)));
                }
            });
        }
        Step::AnyOf(items) => conds(".any_of", items, ctx, out),
        Step::AllOf(items) => conds(".all_of", items, ctx, out),
        Step::Order(column, desc, nulls) => order(column, *desc, *nulls, None, out),
        Step::OrderIn(table, column, desc, nulls) => {
            order(column, *desc, *nulls, Some(table), out);
        }
        Step::Limit(n) => {
            out.text(&format!(".limit({n}u64)"));
        }
        Step::Range(from, to) => {
            out.text(&format!(".range({from}u64, {to}u64)"));
        }
        Step::Offset(offset) => {
            out.text(".__query_offset")
                .paren(|o| count(*offset, ctx, o));
        }
    }
}

fn insert_body(rows: &[Vec<(String, WVal)>], many: bool, ctx: &Context<'_>, out: &mut Out) {
    if many {
        out.text(VALUE).text("::Array").paren(|o| {
            o.text("::std::vec!").bracket(|o| {
                o.list(rows, |r, o| row(r, ctx, o));
            });
        });
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
        o.text("#[allow(unused_imports)] use ::supabase_core::__private::QueryRange as _; ::supabase_core::Query::<");
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
            o.text(".__hidden(&[");
            for (i, key) in plan.hidden.iter().enumerate() {
                if i > 0 {
                    o.text(", ");
                }
                o.text(&str_lit(key));
            }
            o.text("])");
        }
    });
    out.finish()
}
