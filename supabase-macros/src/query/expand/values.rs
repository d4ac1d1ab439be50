//! The values inside the chain: filter values checked with `Fits` at the argument's span, lists,
//! LIMIT/OFFSET counts, and the JSON bodies of writes and function calls (`Writes` checks).

use proc_macro2::Span;
use quote::{format_ident, quote_spanned};
use syn::spanned::Spanned as _;

use super::text::{parse, str_lit, Out};
use super::Context;
use crate::query::plan::{CVal, Count, FVal, LVal, RVal, WVal};

pub(super) const COW: &str = "::std::borrow::Cow::<'static, str>";
pub(super) const VALUE: &str = "::supabase_core::__private::serde_json::Value";
pub(super) fn arg_ident(index: usize, ctx: &Context<'_>) -> syn::Ident {
    format_ident!("__query_arg{}", index, span = arg_span(index, ctx))
}

pub(super) fn arg_span(index: usize, ctx: &Context<'_>) -> Span {
    ctx.args
        .get(index)
        .map_or_else(Span::call_site, |a| a.span())
}

pub(super) fn fval(value: &FVal, ctx: &Context<'_>, out: &mut Out) {
    match value {
        FVal::Lit(text) => {
            out.text(&format!("{COW}::Borrowed({})", str_lit(text)));
        }
        FVal::Param(index, ty) => {
            let ident = arg_ident(*index, ctx);
            let ty = parse(&ty.fit_target());
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
            let ty = parse(&ty.fit_target());
            out.tokens(
                quote_spanned!(arg_span(*index, ctx)=> ::supabase_core::__private::point_range(
                    ::supabase_core::__private::fit::<#ty, _>(#ident)
                )),
            );
        }
    }
}

pub(super) fn lval(value: &LVal, ctx: &Context<'_>, out: &mut Out) {
    match value {
        LVal::Items(items) => {
            out.bracket(|o| {
                o.list(items, |v, o| fval(v, ctx, o));
            });
        }
        LVal::Param(index, ty) => {
            let ident = arg_ident(*index, ctx);
            let ty = parse(&ty.fit_target());
            out.tokens(quote_spanned!(arg_span(*index, ctx)=> ::supabase_core::__private::fit_list::<#ty, _>(#ident)));
        }
    }
}

pub(super) fn count(value: Count, ctx: &Context<'_>, out: &mut Out) {
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

pub(super) fn json(value: &serde_json::Value, out: &mut Out) {
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
            array(out, items, json);
        }
        serde_json::Value::Object(map) => object(out, |o| {
            for (key, value) in map {
                insert(o, key, |o| json(value, o));
            }
        }),
    }
}

/// `Value::Array(vec![...])` of the items, each written by `each`.
pub(super) fn array<T>(out: &mut Out, items: &[T], mut each: impl FnMut(&T, &mut Out)) {
    out.text(VALUE).text("::Array").paren(|o| {
        o.text("::std::vec!").bracket(|o| {
            o.list(items, |item, o| each(item, o));
        });
    });
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

pub(super) fn wval(value: &WVal, ctx: &Context<'_>, out: &mut Out) {
    match value {
        WVal::Json(value) => json(value, out),
        WVal::Array(items) => {
            array(out, items, |i, o| wval(i, ctx, o));
        }
        WVal::Param(index, ty) => {
            let ident = arg_ident(*index, ctx);
            let target = parse(&ty.write_target());
            out.tokens(quote_spanned!(arg_span(*index, ctx)=> ::supabase_core::__private::write::<#target, _>(#ident)));
        }
    }
}

pub(super) fn row(values: &[(String, WVal)], ctx: &Context<'_>, out: &mut Out) {
    object(out, |o| {
        for (key, value) in values {
            insert(o, key, |o| wval(value, ctx, o));
        }
    });
}

pub(super) fn cval(value: &CVal, ctx: &Context<'_>, out: &mut Out) {
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

pub(super) fn rval(value: &RVal, ctx: &Context<'_>, out: &mut Out) {
    match value {
        RVal::One(value) => fval(value, ctx, out),
        RVal::List(items) => {
            out.text("::supabase_core::array_literal")
                .paren(|o| lval(items, ctx, o));
        }
        RVal::Contain(value) => cval(value, ctx, out),
    }
}
