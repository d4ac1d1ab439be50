//! Parsing `#[table(...)]` attributes (and the `#[serde(rename)]` the column name follows).

use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, Ident, Lit, LitStr, Meta, Path, Token};

use crate::suggest::did_you_mean;

/// Options of `#[table(...)]` on the struct.
#[derive(Default)]
pub(crate) struct StructAttrs {
    pub(crate) name: Option<LitStr>,
    pub(crate) schema: Option<LitStr>,
    pub(crate) columns: Option<Ident>,
    pub(crate) insert: Option<Path>,
    pub(crate) update: Option<Path>,
}

/// Options of `#[table(...)]` on a field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) primary_key: Option<Ident>,
    pub(crate) unique: Option<Ident>,
    pub(crate) embed: Option<LitStr>,
    pub(crate) fk: Option<LitStr>,
    pub(crate) inner: Option<Ident>,
    /// `#[serde(rename = "...")]`: the column's name in the database.
    pub(crate) serde_rename: Option<LitStr>,
}

const STRUCT_KEYS: &[&str] = &["name", "schema", "columns", "insert", "update"];
const FIELD_KEYS: &[&str] = &["primary_key", "unique", "embed", "fk", "inner"];

/// Collects errors without stopping at the first one.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, err: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(err),
            None => self.0 = Some(err),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub(crate) fn into_result(self) -> Result<(), syn::Error> {
        match self.0 {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}

fn unknown_key(ident: &Ident, known: &[&str], errors: &mut Errors) {
    let name = ident.to_string();
    let hint = match did_you_mean(&name, known.iter().copied()) {
        Some(best) => format!("; did you mean `{best}`?"),
        None => format!("; expected one of: {}", known.join(", ")),
    };
    errors.push(syn::Error::new(
        ident.span(),
        format!("unknown `table` attribute `{name}`{hint}"),
    ));
}

fn set_once<T>(slot: &mut Option<T>, value: T, ident: &Ident, errors: &mut Errors) {
    if slot.is_some() {
        errors.push(syn::Error::new(
            ident.span(),
            format!("duplicate `table` attribute `{ident}`"),
        ));
    } else {
        *slot = Some(value);
    }
}

fn string_value(meta: &Meta, ident: &Ident, errors: &mut Errors) -> Option<LitStr> {
    match meta {
        Meta::NameValue(nv) => match &nv.value {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => Some(s.clone()),
            other => {
                errors.push(syn::Error::new(
                    other.span(),
                    format!("`{ident}` takes a string literal: `{ident} = \"...\"`"),
                ));
                None
            }
        },
        _ => {
            errors.push(syn::Error::new(
                meta.span(),
                format!("`{ident}` takes a string literal: `{ident} = \"...\"`"),
            ));
            None
        }
    }
}

fn path_value(meta: &Meta, ident: &Ident, errors: &mut Errors) -> Option<Path> {
    match meta {
        Meta::NameValue(nv) => match &nv.value {
            Expr::Path(p) => Some(p.path.clone()),
            other => {
                errors.push(syn::Error::new(
                    other.span(),
                    format!("`{ident}` takes a type: `{ident} = NewRow`"),
                ));
                None
            }
        },
        _ => {
            errors.push(syn::Error::new(
                meta.span(),
                format!("`{ident}` takes a type: `{ident} = NewRow`"),
            ));
            None
        }
    }
}

fn flag(meta: &Meta, ident: &Ident, errors: &mut Errors) -> bool {
    if let Meta::Path(_) = meta {
        true
    } else {
        errors.push(syn::Error::new(
            meta.span(),
            format!("`{ident}` is a flag and takes no value: `#[table({ident})]`"),
        ));
        false
    }
}

fn table_metas(attrs: &[Attribute], errors: &mut Errors) -> Vec<Meta> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("table")) {
        match attr.parse_args_with(syn::punctuated::Punctuated::<Meta, Token![,]>::parse_terminated)
        {
            Ok(list) => out.extend(list),
            Err(err) => errors.push(err),
        }
    }
    out
}

fn meta_ident(meta: &Meta, errors: &mut Errors) -> Option<Ident> {
    match meta.path().get_ident() {
        Some(ident) => Some(ident.clone()),
        None => {
            errors.push(syn::Error::new(
                meta.path().span(),
                "expected a `table` attribute name",
            ));
            None
        }
    }
}

/// Parses the struct's `#[table(...)]`.
pub(crate) fn struct_attrs(attrs: &[Attribute], errors: &mut Errors) -> StructAttrs {
    let mut out = StructAttrs::default();
    for meta in table_metas(attrs, errors) {
        let Some(ident) = meta_ident(&meta, errors) else {
            continue;
        };
        match ident.to_string().as_str() {
            "name" => {
                if let Some(v) = string_value(&meta, &ident, errors) {
                    set_once(&mut out.name, v, &ident, errors);
                }
            }
            "schema" => {
                if let Some(v) = string_value(&meta, &ident, errors) {
                    set_once(&mut out.schema, v, &ident, errors);
                }
            }
            "columns" => {
                if let Some(v) = string_value(&meta, &ident, errors) {
                    match v.parse::<Ident>() {
                        Ok(module) => set_once(&mut out.columns, module, &ident, errors),
                        Err(_) => errors.push(syn::Error::new(
                            v.span(),
                            "`columns` names the module of column handles: a Rust identifier",
                        )),
                    }
                }
            }
            "insert" => {
                if let Some(v) = path_value(&meta, &ident, errors) {
                    set_once(&mut out.insert, v, &ident, errors);
                }
            }
            "update" => {
                if let Some(v) = path_value(&meta, &ident, errors) {
                    set_once(&mut out.update, v, &ident, errors);
                }
            }
            other if FIELD_KEYS.contains(&other) => errors.push(syn::Error::new(
                ident.span(),
                format!("`{other}` belongs on a field, not on the struct"),
            )),
            _ => unknown_key(&ident, STRUCT_KEYS, errors),
        }
    }
    out
}

/// Parses a field's `#[table(...)]` and its `#[serde(rename = "...")]`.
pub(crate) fn field_attrs(attrs: &[Attribute], errors: &mut Errors) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for meta in table_metas(attrs, errors) {
        let Some(ident) = meta_ident(&meta, errors) else {
            continue;
        };
        match ident.to_string().as_str() {
            "primary_key" => {
                if flag(&meta, &ident, errors) {
                    set_once(&mut out.primary_key, ident.clone(), &ident, errors);
                }
            }
            "unique" => {
                if flag(&meta, &ident, errors) {
                    set_once(&mut out.unique, ident.clone(), &ident, errors);
                }
            }
            "inner" => {
                if flag(&meta, &ident, errors) {
                    set_once(&mut out.inner, ident.clone(), &ident, errors);
                }
            }
            "embed" => {
                if let Some(v) = string_value(&meta, &ident, errors) {
                    set_once(&mut out.embed, v, &ident, errors);
                }
            }
            "fk" => {
                if let Some(v) = string_value(&meta, &ident, errors) {
                    set_once(&mut out.fk, v, &ident, errors);
                }
            }
            other if STRUCT_KEYS.contains(&other) => errors.push(syn::Error::new(
                ident.span(),
                format!("`{other}` belongs on the struct, not on a field"),
            )),
            _ => unknown_key(&ident, FIELD_KEYS, errors),
        }
    }
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|nested| {
            if nested.path.is_ident("rename") {
                if let Ok(value) = nested.value() {
                    if let Ok(lit) = value.parse::<LitStr>() {
                        out.serde_rename = Some(lit);
                    }
                }
            } else if nested.input.peek(Token![=]) {
                // Skip the value of any other `key = value`.
                let _ = nested.value()?.parse::<Expr>();
            } else if nested.input.peek(syn::token::Paren) {
                let _content;
                syn::parenthesized!(_content in nested.input);
            }
            Ok(())
        });
    }
    out
}
