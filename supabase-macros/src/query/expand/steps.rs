//! The builder calls after the action: filters, `or`/`and` conditions, ordering, limits.

use super::text::{str_lit, Out};
use super::values::{count, cval, fval, lval, rval};
use super::Context;
use crate::query::plan::{Cond, Count, LVal, Step};

const CONDITION: &str = "::supabase_core::Condition";
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

pub(super) fn step(s: &Step, ctx: &Context<'_>, out: &mut Out) {
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
