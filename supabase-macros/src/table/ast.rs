//! The derive's own view of the struct: validated, with the original tokens kept for spans.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, LitStr, Path, PathArguments, Type};

use super::attr::{field_attrs, struct_attrs, Errors};

/// A `#[derive(Table)]` input.
pub(crate) struct TableDef {
    pub(crate) ident: Ident,
    pub(crate) vis: syn::Visibility,
    pub(crate) name: String,
    pub(crate) schema: String,
    pub(crate) columns_mod: Ident,
    pub(crate) insert: Option<Path>,
    pub(crate) update: Option<Path>,
    pub(crate) columns: Vec<ColumnDef>,
    pub(crate) embeds: Vec<EmbedDef>,
}

/// A field that is a column.
pub(crate) struct ColumnDef {
    /// The handle's identifier (the field's name).
    pub(crate) ident: Ident,
    /// The database name.
    pub(crate) name: String,
    pub(crate) ty: Type,
    pub(crate) primary_key: bool,
    pub(crate) unique: bool,
}

/// A field holding rows of a related table (a PostgREST embed).
pub(crate) struct EmbedDef {
    /// The JSON key the embed arrives under (the field's name or its serde rename).
    pub(crate) key: String,
    pub(crate) relation: String,
    pub(crate) fk: Option<String>,
    pub(crate) inner: bool,
    /// The related `Table` type (the `T` of `T`, `Option<T>` or `Vec<T>`).
    pub(crate) target: Type,
}

/// `CamelCase` → `camel_case`.
pub(crate) fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, ch) in name.chars().enumerate() {
        if ch.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(ch.to_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

/// The `T` inside `Vec<T>` or `Option<T>`, else the type itself.
fn embedded_target(ty: &Type) -> Type {
    if let Type::Path(tp) = ty {
        if let Some(last) = tp.path.segments.last() {
            if last.ident == "Vec" || last.ident == "Option" {
                if let PathArguments::AngleBracketed(args) = &last.arguments {
                    if let Some(GenericArgument::Type(inner)) = args.args.first() {
                        return embedded_target(inner);
                    }
                }
            }
        }
    }
    ty.clone()
}

fn check_name(lit: &LitStr, what: &str, errors: &mut Errors) -> String {
    let value = lit.value();
    if value.is_empty() {
        errors.push(syn::Error::new(
            lit.span(),
            format!("the {what} name cannot be empty"),
        ));
    }
    value
}

impl TableDef {
    /// Reads and validates the input; every problem is reported at its token.
    pub(crate) fn parse(input: &DeriveInput) -> Result<TableDef, syn::Error> {
        let mut errors = Errors::default();
        let attrs = struct_attrs(&input.attrs, &mut errors);

        if !input.generics.params.is_empty() {
            errors.push(syn::Error::new_spanned(
                &input.generics,
                "`#[derive(Table)]` does not support generic structs: a table has one row type",
            ));
        }
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named.named.iter().collect::<Vec<_>>(),
                other => {
                    errors.push(syn::Error::new(
                        other.span(),
                        "`#[derive(Table)]` needs named fields: one per column",
                    ));
                    Vec::new()
                }
            },
            Data::Enum(e) => {
                errors.push(syn::Error::new(
                    e.enum_token.span(),
                    "`#[derive(Table)]` goes on a struct whose fields are the columns, not on an enum",
                ));
                Vec::new()
            }
            Data::Union(u) => {
                errors.push(syn::Error::new(
                    u.union_token.span(),
                    "`#[derive(Table)]` goes on a struct, not on a union",
                ));
                Vec::new()
            }
        };

        let mut columns = Vec::new();
        let mut embeds = Vec::new();
        for field in fields {
            let Some(ident) = field.ident.clone() else {
                continue;
            };
            let fa = field_attrs(&field.attrs, &mut errors);
            let name = match &fa.serde_rename {
                Some(lit) => check_name(lit, "column", &mut errors),
                None => unraw(&ident),
            };
            if let Some(relation) = &fa.embed {
                for (flag, what) in [(&fa.primary_key, "primary_key"), (&fa.unique, "unique")] {
                    if let Some(flag) = flag {
                        errors.push(syn::Error::new(
                            flag.span(),
                            format!("`{what}` marks a column; an `embed` field holds related rows"),
                        ));
                    }
                }
                embeds.push(EmbedDef {
                    key: name,
                    relation: check_name(relation, "embedded relation", &mut errors),
                    fk: fa
                        .fk
                        .as_ref()
                        .map(|f| check_name(f, "foreign key", &mut errors)),
                    inner: fa.inner.is_some(),
                    target: embedded_target(&field.ty),
                });
            } else {
                for (flag, what) in [
                    (fa.fk.as_ref().map(|f| f.span()), "fk"),
                    (fa.inner.as_ref().map(|i| i.span()), "inner"),
                ] {
                    if let Some(span) = flag {
                        errors.push(syn::Error::new(
                            span,
                            format!("`{what}` only applies to an `embed = \"...\"` field"),
                        ));
                    }
                }
                if matches!(unraw(&ident).as_str(), "self" | "super" | "crate" | "Self") {
                    errors.push(syn::Error::new(
                        ident.span(),
                        "this field name cannot name a column handle",
                    ));
                }
                columns.push(ColumnDef {
                    ident,
                    name,
                    ty: field.ty.clone(),
                    primary_key: fa.primary_key.is_some(),
                    unique: fa.unique.is_some(),
                });
            }
        }

        let mut seen = std::collections::BTreeMap::new();
        for col in &columns {
            if let Some(first) = seen.insert(col.name.clone(), col.ident.clone()) {
                errors.push(syn::Error::new(
                    col.ident.span(),
                    format!("column `{}` is already mapped by field `{first}`", col.name),
                ));
            }
        }
        if columns.is_empty() && errors.is_empty() {
            errors.push(syn::Error::new(
                input.ident.span(),
                "a table needs at least one column field",
            ));
        }

        let struct_name = input.ident.to_string();
        let name = match &attrs.name {
            Some(lit) => check_name(lit, "table", &mut errors),
            None => snake_case(&struct_name),
        };
        let schema = match &attrs.schema {
            Some(lit) => check_name(lit, "schema", &mut errors),
            None => "public".to_owned(),
        };
        let columns_mod = attrs
            .columns
            .unwrap_or_else(|| Ident::new(&snake_case(&struct_name), Span::call_site()));

        errors.into_result()?;
        Ok(TableDef {
            ident: input.ident.clone(),
            vis: input.vis.clone(),
            name,
            schema,
            columns_mod,
            insert: attrs.insert,
            update: attrs.update,
            columns,
            embeds,
        })
    }
}
