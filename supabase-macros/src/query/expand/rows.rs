//! The row structs of a `query!` result, kept light for the type checker: each struct gets
//! `#[derive(Debug)]` and an impl of `supabase_core::__private::RowFields` (its JSON keys, its
//! field types as a cons list, a constructor). The rows of a select are read as
//! `__private::Rows<Row>`; a struct nested in another (an embed) also gets a one-line
//! `Deserialize` impl calling the generic `decode_row`. A serde derive would be type-checked in
//! full at every `query!` call; the generic decoder is type-checked once, in supabase-core.
//! Written as source text (see `text.rs`): none of it needs a span of the user's code.

use std::fmt::Write as _;

use proc_macro2::Span;
use quote::format_ident;

use super::text::str_lit;

use super::super::plan::{FieldTy, Shape, Wrap};
use super::super::types::Ty;

/// Above this many fields a struct keeps serde's derive: the cons list of its field types nests
/// one level per field, and proving it implements `Slots` nests as deep (the compiler's default
/// recursion limit is 128).
const MAX_SLOTS: usize = 48;

/// The words `syn` does not take as an identifier (Rust's strict and reserved keywords).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "if", "impl", "in",
    "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "Self", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A field name as a Rust identifier (raw for keywords, `_` for other characters), as text.
/// Plain ASCII names, nearly all of them, are decided here without asking `syn`.
pub(super) fn field_ident(name: &str) -> String {
    let plain = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name != "_";
    if plain && !KEYWORDS.contains(&name) {
        return name.to_owned();
    }
    if plain && !matches!(name, "self" | "Self" | "super" | "crate") {
        return format!("r#{name}");
    }
    parsed_ident(name).to_string()
}

/// [`field_ident`] for the other names, through `syn`.
fn parsed_ident(name: &str) -> syn::Ident {
    if let Ok(ident) = syn::parse_str::<syn::Ident>(name) {
        return ident;
    }
    if !matches!(name, "self" | "Self" | "super" | "crate" | "_")
        && syn::parse_str::<syn::Ident>(&format!("r#{name}")).is_ok()
    {
        return syn::Ident::new_raw(name, Span::call_site());
    }
    let mut cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty()
        || cleaned.starts_with(|c: char| c.is_ascii_digit())
        || syn::parse_str::<syn::Ident>(&cleaned).is_err()
    {
        cleaned.insert_str(0, "field_");
    }
    format_ident!("{}", cleaned)
}

fn camel(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            chars
                .next()
                .map(|f| f.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// One field of a struct being declared.
struct Decl {
    /// The Rust field name (`r#type` for a keyword).
    ident: String,
    key: String,
    /// The field's type, as source text.
    ty: String,
    /// Decoded by `__private::float` (`NaN`, `Infinity` as strings).
    float: bool,
}

/// Declares the struct `Row` for the rows of a select and the structs of its embeds, as source
/// text. True when `Row` is decoded as `__private::Rows<Row>` (it then has no `Deserialize`
/// impl of its own), false when it derives serde's (wider than `MAX_SLOTS`).
pub(crate) fn row_list(shape: &Shape, out: &mut String) -> bool {
    declare("Row", shape, out, false)
}

/// Declares the struct `name` for `shape` and the structs of its embeds, as source text, each
/// one decodable on its own (`Deserialize`).
pub(crate) fn structs(name: &str, shape: &Shape, out: &mut String) {
    declare(name, shape, out, true);
}

/// The declarations; `deserialize`: whether the struct `name` needs a `Deserialize` impl (its
/// embeds always get one). True when the struct is a light one (`RowFields`).
fn declare(name: &str, shape: &Shape, out: &mut String, deserialize: bool) -> bool {
    let mut fields = Vec::new();
    for field in &shape.fields {
        let key = &field.name;
        let ty = match &field.ty {
            FieldTy::Scalar(ty) => ty.text(),
            FieldTy::Embed(inner, wrap) => {
                let inner_name = format!("{}{}", name, camel(key));
                structs(&inner_name, inner, out);
                match wrap {
                    Wrap::Many => format!("::std::vec::Vec<{inner_name}>"),
                    Wrap::One => inner_name,
                    Wrap::Maybe => format!("::std::option::Option<{inner_name}>"),
                }
            }
        };
        let float =
            matches!(&field.ty, FieldTy::Scalar(ty) if matches!(ty.inner(), Ty::F32 | Ty::F64));
        fields.push(Decl {
            ident: field_ident(key),
            key: key.clone(),
            ty,
            float,
        });
    }
    if fields.len() > MAX_SLOTS {
        derived(name, &fields, out);
        false
    } else {
        light(name, &fields, deserialize, out);
        true
    }
}

const PRIVATE: &str = "::supabase_core::__private";

/// The struct with `RowFields`, and when asked a `Deserialize` impl delegating to `decode_row`.
fn light(name: &str, fields: &[Decl], deserialize: bool, out: &mut String) {
    out.push_str(
        "/// A row of the query's result, generated by `query!` from the schema snapshot.\n\
         #[derive(::std::fmt::Debug)]\n\
         #[allow(non_snake_case, non_camel_case_types, dead_code)]\n",
    );
    let _ = write!(out, "struct {name} {{");
    for field in fields {
        let _ = write!(out, "pub {}: {},", field.ident, field.ty);
    }
    let _ = write!(
        out,
        "}} impl {PRIVATE}::RowFields for {name} {{ const KEYS: &'static [&'static str] = &["
    );
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&str_lit(&field.key));
    }
    // `(A, (B, ()))` and the pattern `(__f0, (__f1, ()))`.
    out.push_str("]; type Fields = ");
    for field in fields {
        if field.float {
            let _ = write!(out, "({PRIVATE}::Float<{}>, ", field.ty);
        } else {
            let _ = write!(out, "({}, ", field.ty);
        }
    }
    out.push_str("()");
    out.push_str(&")".repeat(fields.len()));
    out.push_str("; fn from_fields(");
    for i in 0..fields.len() {
        let _ = write!(out, "(__f{i}, ");
    }
    out.push_str("()");
    out.push_str(&")".repeat(fields.len()));
    let _ = write!(out, ": Self::Fields) -> Self {{ {name} {{ ");
    for (i, field) in fields.iter().enumerate() {
        let float = if field.float { ".0" } else { "" };
        let _ = write!(out, "{}: __f{i}{float}, ", field.ident);
    }
    out.push_str("} } }\n");
    if !deserialize {
        return;
    }
    let _ = writeln!(
        out,
        "impl<'de> {PRIVATE}::serde::Deserialize<'de> for {name} {{ \
         fn deserialize<__D: {PRIVATE}::serde::Deserializer<'de>>(__deserializer: __D) \
         -> ::core::result::Result<Self, __D::Error> {{ {PRIVATE}::decode_row(__deserializer) }} }}"
    );
}

/// The struct with serde's derive (structs wider than `MAX_SLOTS`).
fn derived(name: &str, fields: &[Decl], out: &mut String) {
    out.push_str(
        "/// A row of the query's result, generated by `query!` from the schema snapshot.\n\
         #[derive(::std::fmt::Debug, ::supabase_core::__private::serde::Deserialize)]\n\
         #[serde(crate = \"::supabase_core::__private::serde\")]\n\
         #[allow(non_snake_case, non_camel_case_types, dead_code)]\n",
    );
    let _ = write!(out, "struct {name} {{");
    for field in fields {
        // `rename` only where the Rust name differs (raw identifiers, cleaned names).
        if field.ident != field.key {
            let _ = write!(out, "#[serde(rename = {})] ", str_lit(&field.key));
        }
        if field.float {
            out.push_str("#[serde(deserialize_with = \"::supabase_core::__private::float\")] ");
        }
        let _ = write!(out, "pub {}: {},", field.ident, field.ty);
    }
    out.push_str("}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_idents_agree_with_syn() {
        for name in [
            "id",
            "name_2",
            "_x",
            "type",
            "match",
            "self",
            "Self",
            "super",
            "crate",
            "_",
            "2fa",
            "user name",
            "émoji",
            "ß",
            "a-b",
            "",
            "r#x",
            "yield",
            "gen",
            "async",
            "CamelCase",
        ] {
            assert_eq!(
                field_ident(name),
                parsed_ident(name).to_string(),
                "{name:?}"
            );
        }
    }
}
