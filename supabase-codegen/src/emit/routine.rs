//! Per function: an `…Args` struct (named arguments) implementing `supabase_core::Function`
//! (and `ReadOnlyFunction` when not volatile), the result type (`…Returns`, with a `…Row`
//! struct for `RETURNS TABLE` / `OUT` parameters), and whether it may be called with GET.

use std::collections::BTreeMap;

use super::names::{camel, literal, shown, snake, unique, upper, Namer};
use super::type_map::TypeMap;
use super::writer::Writer;
use crate::model::{Function, Schema, TypeRef};

/// The Rust type of what PostgREST answers for a call of `f` (`row` names the emitted struct of
/// a `RETURNS TABLE` result).
fn returns(map: &TypeMap<'_>, f: &Function, row: &str) -> String {
    let r = &f.returns;
    let one = if r.is_table() {
        row.to_owned()
    } else {
        match &r.type_ref {
            TypeRef::Pseudo { name, .. } if name == "void" => return "()".to_owned(),
            // `RETURNS record` / `SETOF record` without declared columns: any JSON.
            TypeRef::Pseudo { .. } => map.rust(&r.type_ref, None),
            // The rows of `SETOF some_table` / `SETOF some_composite` are objects.
            composite @ TypeRef::Composite { .. } if r.set => map.rust(composite, None),
            // A scalar (also one of a set) or a single composite result may be NULL.
            other => format!("Option<{}>", map.rust(other, None)),
        }
    };
    if r.set {
        format!("Vec<{one}>")
    } else {
        one
    }
}

/// A doc paragraph saying why a type is held as JSON, when the source could not resolve it.
fn unknown_note(w: &mut Writer, t: &crate::model::TypeRef, whose: &str) {
    if let Some(reason) = t.unknown_reason() {
        w.line("///");
        w.doc(
            Some(&format!(
                "The {whose} type is not known ({reason}), so it is kept as a JSON value."
            )),
            "",
        );
    }
}

pub(crate) fn emit_all(w: &mut Writer, map: &TypeMap<'_>, schema: &Schema) {
    if schema.functions.is_empty() {
        return;
    }
    let map = &map.at("super::super::");
    let mut overloads: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &schema.functions {
        *overloads.entry(f.name.as_str()).or_default() += 1;
    }
    w.line(&format!(
        "/// Functions of schema `{}`, callable with `rpc` or `Client::call`.",
        schema.name
    ));
    w.open("pub mod functions {");
    // One UpperCamel base (for `…Args`, `…Returns`, `…Row`) and one constant prefix per
    // overload, unique in the module even when two names differ only in case or punctuation.
    let distinct: Vec<&str> = overloads.keys().copied().collect();
    let camels = unique(&mut Namer::default(), &distinct, camel);
    let uppers = unique(&mut Namer::screaming(), &distinct, upper);
    let (mut bases, mut consts) = (Namer::default(), Namer::screaming());
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &schema.functions {
        let n = seen.entry(f.name.as_str()).or_default();
        *n += 1;
        let suffix = if overloads[f.name.as_str()] > 1 {
            n.to_string()
        } else {
            String::new()
        };
        let i = distinct.iter().position(|d| *d == f.name).unwrap_or(0);
        let base = bases.take(&format!("{}{suffix}", camels[i]));
        let konst = consts.take(&format!("{}{suffix}", uppers[i]));
        let signature = format!(
            "`{}.{}({})`",
            shown(&schema.name),
            shown(&f.name),
            shown(&f.identity_args)
        );
        let unnamed = f.args.iter().any(|a| a.name.is_none());

        if f.returns.is_table() {
            w.line(&format!(
                "/// A result row of {signature}; every column may be null."
            ));
            w.attr("derive", super::DERIVE_DATA);
            w.open(&format!("pub struct {base}Row {{"));
            let names: Vec<&str> = f.returns.columns.iter().map(|c| c.name.as_str()).collect();
            let fields = unique(&mut Namer::default(), &names, snake);
            for (c, field) in f.returns.columns.iter().zip(fields) {
                w.line(&format!("/// `{}` (`{}`).", shown(&c.name), c.sql_type));
                unknown_note(w, &c.type_ref, "column's");
                w.attr("serde", &[&format!("rename = {}", literal(&c.name))]);
                w.typed(
                    &format!("pub {field}: "),
                    &format!("Option<{}>", map.rust(&c.type_ref, None)),
                    ",",
                );
            }
            w.close("}");
        }

        w.line(&format!(
            "/// What {signature} returns (`{}{}`).",
            if f.returns.set { "SETOF " } else { "" },
            f.returns.sql_type
        ));
        unknown_note(w, &f.returns.type_ref, "result's");
        w.typed(
            &format!("pub type {base}Returns = "),
            &returns(map, f, &format!("{base}Row")),
            ";",
        );

        w.doc(f.comment.as_deref(), &format!("Arguments of {signature}."));
        if unnamed {
            w.line("///");
            w.line("/// It has an unnamed argument, which PostgREST fills with the whole request");
            w.line("/// body: send that body with `rpc`; this struct has no field for it and does");
            w.line("/// not implement `supabase_core::Function`.");
        }
        w.attr("derive", super::DERIVE_DATA);
        w.open(&format!("pub struct {base}Args {{"));
        let named: Vec<&str> = f.args.iter().filter_map(|a| a.name.as_deref()).collect();
        let mut fields = unique(&mut Namer::default(), &named, snake).into_iter();
        for arg in &f.args {
            let Some(name) = arg.name.as_deref() else {
                continue;
            };
            let field = fields.next().unwrap_or_default();
            let ty = map.rust(&arg.type_ref, None);
            w.line(&format!("/// `{}` (`{}`).", shown(name), arg.sql_type));
            unknown_note(w, &arg.type_ref, "argument's");
            if arg.default.is_some() {
                w.attr(
                    "serde",
                    &[
                        &format!("rename = {}", literal(name)),
                        "default",
                        "skip_serializing_if = \"Option::is_none\"",
                    ],
                );
                w.typed(&format!("pub {field}: "), &format!("Option<{ty}>"), ",");
            } else {
                w.attr("serde", &[&format!("rename = {}", literal(name))]);
                w.typed(&format!("pub {field}: "), &ty, ",");
            }
        }
        w.close("}");
        if !unnamed {
            w.open(&format!("impl ::supabase_core::Function for {base}Args {{"));
            w.line(&format!(
                "const SCHEMA: &'static str = {};",
                literal(&schema.name)
            ));
            w.line(&format!("const NAME: &'static str = {};", literal(&f.name)));
            w.line(&format!("type Output = {base}Returns;"));
            w.close("}");
            if f.volatility.allows_get() {
                w.line(&format!(
                    "impl ::supabase_core::ReadOnlyFunction for {base}Args {{}}"
                ));
            }
        }
        w.line(&format!(
            "/// Whether `{}` may be called with GET (not volatile).",
            shown(&f.name)
        ));
        w.line(&format!(
            "pub const {konst}_ALLOWS_GET: bool = {};",
            f.volatility.allows_get()
        ));
    }
    w.close("}");
}
