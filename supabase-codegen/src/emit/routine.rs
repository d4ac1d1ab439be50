//! Per function: an `…Args` struct (named arguments) and whether it may be called with GET.

use std::collections::BTreeMap;

use super::names::{camel, literal, snake};
use super::type_map::TypeMap;
use super::writer::Writer;
use crate::model::Schema;

pub(crate) fn emit_all(w: &mut Writer, map: &TypeMap<'_>, schema: &Schema) {
    if schema.functions.is_empty() {
        return;
    }
    let map = &map.at("super::super::");
    let mut overloads: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &schema.functions {
        *overloads.entry(f.name.as_str()).or_default() += 1;
    }
    w.blank();
    w.line(&format!(
        "/// Functions of schema `{}`, callable with `rpc`.",
        schema.name
    ));
    w.open("pub mod functions {");
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &schema.functions {
        let n = seen.entry(f.name.as_str()).or_default();
        *n += 1;
        let base = if overloads[f.name.as_str()] > 1 {
            format!("{}{}", camel(&f.name), n)
        } else {
            camel(&f.name)
        };
        w.blank();
        w.doc(
            f.comment.as_deref(),
            &format!(
                "Arguments of `{}.{}({})`.",
                schema.name, f.name, f.identity_args
            ),
        );
        w.line("#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]");
        w.open(&format!("pub struct {base}Args {{"));
        for (i, arg) in f.args.iter().enumerate() {
            let Some(name) = arg.name.as_deref() else {
                // An unnamed argument is passed as the whole JSON body; it has no field.
                w.line(&format!(
                    "// argument {} is unnamed (`{}`)",
                    i + 1,
                    arg.sql_type
                ));
                continue;
            };
            let ty = map.rust(&arg.type_ref, None);
            w.line(&format!("/// `{name}` (`{}`).", arg.sql_type));
            if arg.default.is_some() {
                w.line(&format!(
                    "#[serde(rename = {}, default, skip_serializing_if = \"Option::is_none\")]",
                    literal(name)
                ));
                w.line(&format!("pub {}: Option<{ty}>,", snake(name)));
            } else {
                w.line(&format!("#[serde(rename = {})]", literal(name)));
                w.line(&format!("pub {}: {ty},", snake(name)));
            }
        }
        w.close("}");
        w.line(&format!(
            "/// Whether `{}` may be called with GET (not volatile).",
            f.name
        ));
        w.line(&format!(
            "pub const {}_ALLOWS_GET: bool = {};",
            snake(&f.name).trim_start_matches("r#").to_uppercase()
                + &if overloads[f.name.as_str()] > 1 {
                    n.to_string()
                } else {
                    String::new()
                },
            f.volatility.allows_get()
        ));
    }
    w.close("}");
}
