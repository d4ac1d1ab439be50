//! A [`Plan`] as Rust: the result structs, the parameter checks at the arguments' spans, and the
//! untyped builder chain wrapped in `supabase_core::Query`.

use std::path::Path;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;

use super::plan::{CVal, Cond, Count, FVal, LVal, Output, Plan, RVal, Start, Step, WVal};
use super::rpc::Method;

mod rows;

use rows::structs;

/// What the expansion needs besides the plan.
pub(crate) struct Context<'a> {
    /// The snapshot to track (`include_bytes!`), in the first expansion of the crate only.
    pub(crate) snapshot: Option<&'a Path>,
    pub(crate) client: &'a syn::Expr,
    pub(crate) args: &'a [syn::Expr],
    /// `query_as!`'s row type.
    pub(crate) row: Option<&'a syn::Type>,
}

fn arg_ident(index: usize, ctx: &Context<'_>) -> syn::Ident {
    let span = ctx
        .args
        .get(index)
        .map_or_else(Span::call_site, |a| a.span());
    format_ident!("__query_arg{}", index, span = span)
}

fn arg_span(index: usize, ctx: &Context<'_>) -> Span {
    ctx.args
        .get(index)
        .map_or_else(Span::call_site, |a| a.span())
}

fn fval(value: &FVal, ctx: &Context<'_>) -> TokenStream {
    match value {
        FVal::Lit(text) => quote!(::std::borrow::Cow::<'static, str>::Borrowed(#text)),
        FVal::Param(index, ty) => {
            let ident = arg_ident(*index, ctx);
            let ty = ty.fit_target();
            quote_spanned!(arg_span(*index, ctx)=> ::supabase_core::__private::fit::<#ty, _>(#ident))
        }
        FVal::Concat(parts) => {
            let parts = parts.iter().map(|p| fval(p, ctx));
            quote!(::std::borrow::Cow::<'static, str>::Owned([#(#parts),*].concat()))
        }
        FVal::Point(index, ty) => {
            let ident = arg_ident(*index, ctx);
            let ty = ty.fit_target();
            quote_spanned!(arg_span(*index, ctx)=> ::supabase_core::__private::point_range(
                ::supabase_core::__private::fit::<#ty, _>(#ident)
            ))
        }
    }
}

fn lval(value: &LVal, ctx: &Context<'_>) -> TokenStream {
    match value {
        LVal::Items(items) => {
            let items = items.iter().map(|v| fval(v, ctx));
            quote!([#(#items),*])
        }
        LVal::Param(index, ty) => {
            let ident = arg_ident(*index, ctx);
            let ty = ty.fit_target();
            quote_spanned!(arg_span(*index, ctx)=> ::supabase_core::__private::fit_list::<#ty, _>(#ident))
        }
    }
}

fn count(value: Count, ctx: &Context<'_>) -> TokenStream {
    match value {
        Count::Lit(n) => quote!(::core::result::Result::<u64, ::std::string::String>::Ok(#n)),
        Count::Param(index) => {
            let ident = arg_ident(index, ctx);
            quote_spanned!(arg_span(index, ctx)=> ::supabase_core::__private::count(#ident))
        }
    }
}

fn json(value: &serde_json::Value) -> TokenStream {
    let v = quote!(::supabase_core::__private::serde_json::Value);
    match value {
        serde_json::Value::Null => quote!(#v::Null),
        serde_json::Value::Bool(b) => quote!(#v::Bool(#b)),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                quote!(#v::from(#i))
            } else if let Some(u) = n.as_u64() {
                quote!(#v::from(#u))
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                quote!(#v::from(#f))
            }
        }
        serde_json::Value::String(s) => quote!(#v::String(::std::string::String::from(#s))),
        serde_json::Value::Array(items) => {
            let items = items.iter().map(json);
            quote!(#v::Array(::std::vec![#(#items),*]))
        }
        serde_json::Value::Object(map) => object(map.iter().map(|(k, v)| (k.clone(), json(v)))),
    }
}

fn object(entries: impl Iterator<Item = (String, TokenStream)>) -> TokenStream {
    let inserts = entries
        .map(|(key, value)| quote!(__map.insert(::std::string::String::from(#key), #value);));
    quote!({
        let mut __map = ::supabase_core::__private::serde_json::Map::new();
        #(#inserts)*
        ::supabase_core::__private::serde_json::Value::Object(__map)
    })
}

fn wval(value: &WVal, ctx: &Context<'_>) -> TokenStream {
    match value {
        WVal::Json(value) => json(value),
        WVal::Array(items) => {
            let items = items.iter().map(|i| wval(i, ctx));
            quote!(::supabase_core::__private::serde_json::Value::Array(
                ::std::vec![#(#items),*]
            ))
        }
        WVal::Param(index, ty) => {
            let ident = arg_ident(*index, ctx);
            let target = ty.write_target();
            quote_spanned!(arg_span(*index, ctx)=> ::supabase_core::__private::write::<#target, _>(#ident))
        }
    }
}

fn row(values: &[(String, WVal)], ctx: &Context<'_>) -> TokenStream {
    object(values.iter().map(|(k, v)| (k.clone(), wval(v, ctx))))
}

fn cval(value: &CVal, ctx: &Context<'_>) -> TokenStream {
    match value {
        CVal::Array(items) => {
            let items = lval(items, ctx);
            quote!(::supabase_core::ContainValue::array(#items))
        }
        CVal::Raw(value) => {
            let value = fval(value, ctx);
            quote!(::supabase_core::ContainValue::raw(#value))
        }
    }
}

fn rval(value: &RVal, ctx: &Context<'_>) -> TokenStream {
    match value {
        RVal::One(value) => fval(value, ctx),
        RVal::List(items) => {
            let items = lval(items, ctx);
            quote!(::supabase_core::array_literal(#items))
        }
        RVal::Contain(value) => cval(value, ctx),
    }
}

fn cond(c: &Cond, ctx: &Context<'_>) -> TokenStream {
    let condition = quote!(::supabase_core::Condition);
    match c {
        Cond::Op(op, column, value) => {
            let op = format_ident!("{}", op);
            let value = fval(value, ctx);
            quote!(#condition::#op(#column, #value))
        }
        Cond::Is(column, value) => {
            let value = is_value(value);
            quote!(#condition::is_(#column, #value))
        }
        Cond::In(column, values) => {
            let values = values.iter().map(|v| fval(v, ctx));
            quote!(#condition::in_(#column, [#(#values),*]))
        }
        Cond::InParam(column, index, ty) => {
            let values = lval(&LVal::Param(*index, ty.clone()), ctx);
            quote!(#condition::in_(#column, #values))
        }
        Cond::Filter(op, column, value) => {
            let value = rval(value, ctx);
            quote!(#condition::filter(#column, #op, #value))
        }
        Cond::All(items) => {
            let items = items.iter().map(|c| cond(c, ctx));
            quote!(#condition::all([#(#items),*]))
        }
        Cond::Any(items) => {
            let items = items.iter().map(|c| cond(c, ctx));
            quote!(#condition::any([#(#items),*]))
        }
        Cond::Not(inner) => {
            let inner = cond(inner, ctx);
            quote!(#inner.not())
        }
    }
}

fn is_value(value: &str) -> TokenStream {
    match value {
        "true" => quote!(true),
        "false" => quote!(false),
        _ => quote!(::supabase_core::IsValue::Null),
    }
}

fn step(s: &Step, ctx: &Context<'_>) -> TokenStream {
    match s {
        Step::Op(op, column, value) => {
            let op = format_ident!("{}", op);
            let value = fval(value, ctx);
            quote!(.#op(#column, #value))
        }
        Step::List(method, column, values) => {
            let method = format_ident!("{}", method);
            let values = lval(values, ctx);
            quote!(.#method(#column, #values))
        }
        Step::Contain(method, column, value) => {
            let method = format_ident!("{}", method);
            let value = cval(value, ctx);
            quote!(.#method(#column, #value))
        }
        Step::Filter(op, column, values) => {
            let values = lval(values, ctx);
            quote!(.filter(#column, #op, ::supabase_core::array_literal(#values)))
        }
        Step::LimitParam(index) => {
            let n = count(Count::Param(*index), ctx);
            quote!(.__query_limit(#n))
        }
        Step::RangeParam(offset, limit) => {
            let offset = count(*offset, ctx);
            let limit = count(*limit, ctx);
            quote!(.__query_range(#offset, #limit))
        }
        Step::Not => quote!(.not_()),
        Step::Is(column, value) => {
            let value = is_value(value);
            quote!(.is_(#column, #value))
        }
        Step::In(column, values) | Step::NotIn(column, values) => {
            let method = if matches!(s, Step::In(..)) {
                quote!(in_)
            } else {
                quote!(not_in)
            };
            let values = values.iter().map(|v| fval(v, ctx));
            quote!(.#method(#column, [#(#values),*]))
        }
        Step::Fts(column, query, kind, config) => {
            let query = fval(query, ctx);
            let kind = kind.map(|k| {
                let k = format_ident!("{}", k);
                quote!(.search_type(::supabase_core::TextSearchType::#k))
            });
            let config = config.as_ref().map(|c| quote!(.config(#c)));
            quote!(.text_search(#column, #query, ::supabase_core::TextSearchOptions::new() #kind #config))
        }
        Step::AnyOf(items) => {
            let items = items.iter().map(|c| cond(c, ctx));
            quote!(.any_of([#(#items),*]))
        }
        Step::AllOf(items) => {
            let items = items.iter().map(|c| cond(c, ctx));
            quote!(.all_of([#(#items),*]))
        }
        Step::Order(column, desc, nulls) => {
            let direction = if *desc { quote!(desc) } else { quote!(asc) };
            let nulls = match nulls {
                Some(true) => quote!(.nulls_first()),
                Some(false) => quote!(.nulls_last()),
                None => quote!(),
            };
            quote!(.order(#column, ::supabase_core::Order::#direction() #nulls))
        }
        Step::OrderIn(table, column, desc, nulls) => {
            let direction = if *desc { quote!(desc) } else { quote!(asc) };
            let nulls = match nulls {
                Some(true) => quote!(.nulls_first()),
                Some(false) => quote!(.nulls_last()),
                None => quote!(),
            };
            quote!(.order(#column, ::supabase_core::Order::#direction() #nulls .referenced_table(#table)))
        }
        Step::Limit(n) => quote!(.limit(#n)),
        Step::Range(from, to) => quote!(.range(#from, #to)),
        Step::Offset(offset) => {
            let offset = count(*offset, ctx);
            quote!(.__query_offset(#offset))
        }
    }
}

fn insert_body(rows: &[Vec<(String, WVal)>], many: bool, ctx: &Context<'_>) -> TokenStream {
    if many {
        let rows = rows.iter().map(|r| row(r, ctx));
        quote!(::supabase_core::__private::serde_json::Value::Array(
            ::std::vec![#(#rows),*]
        ))
    } else {
        rows.first()
            .map(|r| row(r, ctx))
            .unwrap_or_else(|| quote!(()))
    }
}

/// `client.schema(s).rpc(f, args)`, with `.get()` for a stable/immutable function: always when
/// every argument is a literal, else when no argument is NULL once the values are known (a
/// query string cannot carry a NULL).
fn rpc_call(
    args: &[(String, WVal)],
    method: Method,
    body: TokenStream,
    target: &str,
    schema: &str,
) -> TokenStream {
    let call = quote!(__query_client.schema(#schema).rpc(#target, #body));
    let params = args
        .iter()
        .any(|(_, v)| matches!(v, WVal::Param(..) | WVal::Array(_)));
    match (method, params) {
        (Method::Post, _) => call,
        (Method::Get, false) => quote!(#call.get()),
        (Method::Get, true) => {
            let value = quote!(::supabase_core::__private::serde_json::Value);
            quote!({
                let __query_args = #body;
                let __query_get = #value::as_object(&__query_args).is_some_and(|__m| {
                    __m.values().all(|__v| {
                        !__v.is_null() && __v.as_array().into_iter().flatten().all(|__e| !__e.is_null())
                    })
                });
                let __query_call = __query_client.schema(#schema).rpc(#target, __query_args);
                if __query_get { __query_call.get() } else { __query_call }
            })
        }
    }
}

/// The expansion.
pub(crate) fn expand(plan: &Plan, ctx: &Context<'_>) -> TokenStream {
    let track = ctx.snapshot.map(|path| {
        let path = path.to_string_lossy().into_owned();
        // In the body of a function, not in a constant: a constant's bytes would be encoded in
        // the crate's metadata (a copy of the snapshot in every `.rmeta`), a function body's are
        // not; the file is in the dep-info either way.
        quote!(
            #[allow(dead_code)]
            fn __query_track_snapshot() {
                let _ = ::std::include_bytes!(#path);
            }
        )
    });
    let row_name = format_ident!("Row");
    let mut decls = Vec::new();
    let data = match (&plan.output, ctx.row) {
        (Some(Output::Rows(_)), Some(row)) => quote!(::std::vec::Vec<#row>),
        (Some(Output::Row(_)), Some(row)) => quote!(#row),
        (Some(Output::MaybeRow(_)), Some(row)) => quote!(::std::option::Option<#row>),
        (Some(Output::Row(shape)), None) => {
            structs(&row_name, shape, &mut decls);
            quote!(#row_name)
        }
        (Some(Output::MaybeRow(shape)), None) => {
            structs(&row_name, shape, &mut decls);
            quote!(::std::option::Option<#row_name>)
        }
        (Some(Output::Rows(shape)), None) => {
            structs(&row_name, shape, &mut decls);
            quote!(::std::vec::Vec<#row_name>)
        }
        (Some(Output::Scalar(ty)), _) => ty.tokens(),
        (None, _) => quote!(()),
    };
    let mut checks = Vec::new();
    if let (Some(row), Some(Output::Rows(shape) | Output::Row(shape) | Output::MaybeRow(shape))) =
        (ctx.row, &plan.output)
    {
        let keys = shape.fields.iter().map(|f| &f.name);
        checks.push(quote_spanned! {row.span()=>
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
    let client_binding = quote_spanned! {client.span()=>
        let __query_client: &::supabase_core::Client = &(#client);
    };
    let args = (0..plan.params).map(|i| {
        let ident = arg_ident(i, ctx);
        let expr = &ctx.args[i];
        quote_spanned!(expr.span()=> let #ident = &(#expr);)
    });
    let target = &plan.target;
    let schema = &plan.schema;
    let select = plan.select.as_ref().map(|s| quote!(.select(#s)));
    let steps: Vec<TokenStream> = plan.steps.iter().map(|s| step(s, ctx)).collect();
    let chain = match &plan.start {
        Start::Select => {
            let text = plan.select.clone().unwrap_or_default();
            quote!(__query_client.from(#target).schema(#schema).select(#text) #(#steps)*)
        }
        Start::Insert(rows, many) => {
            let body = insert_body(rows, *many, ctx);
            quote!(__query_client.from(#target).schema(#schema).insert(#body) #(#steps)* #select)
        }
        Start::Upsert(rows, many, upsert) => {
            let body = insert_body(rows, *many, ctx);
            let on_conflict = &upsert.on_conflict;
            let ignore = upsert.ignore.then(|| quote!(.ignore_duplicates(true)));
            quote!(__query_client.from(#target).schema(#schema).upsert(#body).on_conflict(#on_conflict) #ignore #(#steps)* #select)
        }
        Start::Update(set) => {
            let body = row(set, ctx);
            quote!(__query_client.from(#target).schema(#schema).update(#body) #(#steps)* #select)
        }
        Start::Delete => {
            quote!(__query_client.from(#target).schema(#schema).delete() #(#steps)* #select)
        }
        Start::Rpc(args, method) => {
            let body = row(args, ctx);
            let call = rpc_call(args, *method, body, target, schema);
            quote!(#call #select #(#steps)*)
        }
    };
    let hidden = (!plan.hidden.is_empty()).then(|| {
        let keys = &plan.hidden;
        quote!(.__hidden(&[#(#keys),*]))
    });
    quote! {{
        #track
        #(#decls)*
        #(#checks)*
        #client_binding
        #(#args)*
        #[allow(unused_imports)]
        use ::supabase_core::__private::QueryRange as _;
        ::supabase_core::Query::<#data>::__new(#chain) #hidden
    }}
}
