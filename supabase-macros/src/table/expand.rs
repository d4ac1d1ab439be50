//! Writing the `Table` impl and the column handles.

use proc_macro2::TokenStream;
use quote::quote;

use super::ast::TableDef;

/// The items `#[derive(Table)]` generates for a validated input.
pub(crate) fn expand(def: &TableDef) -> TokenStream {
    let ident = &def.ident;
    let vis = &def.vis;
    let module = &def.columns_mod;
    let name = &def.name;
    let schema = &def.schema;
    let column_names: Vec<&str> = def.columns.iter().map(|c| c.name.as_str()).collect();
    let pk: Vec<&str> = def
        .columns
        .iter()
        .filter(|c| c.primary_key)
        .map(|c| c.name.as_str())
        .collect();

    let handle_vis = handle_visibility(vis);
    let module_doc = format!("Column handles of `{schema}.{name}` (the fields of [`{ident}`]).");
    let handles = def.columns.iter().map(|c| {
        let handle = &c.ident;
        let doc = format!("The column `{}` of `{schema}.{name}`.", c.name);
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            #handle_vis struct #handle;
        }
    });
    let column_impls = def.columns.iter().map(|c| {
        let handle = &c.ident;
        let ty = &c.ty;
        let col_name = &c.name;
        // One column of a composite primary key is not a conflict target on its own.
        let unique = ((c.primary_key && pk.len() == 1) || c.unique).then(|| {
            quote! { impl ::supabase_core::UniqueColumn for #module::#handle {} }
        });
        quote! {
            impl ::supabase_core::Column for #module::#handle {
                type Table = #ident;
                type Value = #ty;
                const NAME: &'static str = #col_name;
            }
            impl ::supabase_core::ColumnOf<#ident> for #module::#handle {}
            #unique
        }
    });

    let select_list = if def.embeds.is_empty() {
        None
    } else {
        let embeds = def.embeds.iter().map(|e| {
            let mut head = if e.key == e.relation {
                e.relation.clone()
            } else {
                format!("{}:{}", e.key, e.relation)
            };
            if let Some(fk) = &e.fk {
                head.push('!');
                head.push_str(fk);
            }
            if e.inner {
                head.push_str("!inner");
            }
            let target = &e.target;
            quote! {
                list.push(',');
                list.push_str(#head);
                list.push('(');
                list.push_str(&<#target as ::supabase_core::Table>::select_list());
                list.push(')');
            }
        });
        Some(quote! {
            fn select_list() -> ::std::string::String {
                let mut list = ::std::string::String::new();
                for (i, column) in <Self as ::supabase_core::Table>::COLUMNS.iter().enumerate() {
                    if i > 0 {
                        list.push(',');
                    }
                    list.push_str(&::supabase_core::quote_field_name(column));
                }
                #(#embeds)*
                list
            }
        })
    };

    let insert = def.insert.as_ref().map(|path| {
        quote! {
            impl ::supabase_core::Insertable for #ident {
                type Insert = #path;
            }
        }
    });
    let update = def.update.as_ref().map(|path| {
        quote! {
            impl ::supabase_core::Updatable for #ident {
                type Update = #path;
            }
        }
    });

    quote! {
        #[doc = #module_doc]
        #[allow(non_camel_case_types)]
        #vis mod #module {
            #(#handles)*
        }

        const _: () = {
            impl ::supabase_core::Table for #ident {
                const SCHEMA: &'static str = #schema;
                const NAME: &'static str = #name;
                const COLUMNS: &'static [&'static str] = &[#(#column_names),*];
                const PRIMARY_KEY: &'static [&'static str] = &[#(#pk),*];
                #select_list
            }
            #(#column_impls)*
            #insert
            #update
        };
    }
}

/// The handles live one module down, so they need the struct's visibility seen from there.
fn handle_visibility(vis: &syn::Visibility) -> TokenStream {
    match vis {
        syn::Visibility::Public(_) => quote!(pub),
        syn::Visibility::Inherited => quote!(pub(super)),
        syn::Visibility::Restricted(r) if r.path.is_ident("crate") => quote!(pub(crate)),
        syn::Visibility::Restricted(r) if r.path.is_ident("super") => quote!(pub(in super::super)),
        syn::Visibility::Restricted(r) if r.path.is_ident("self") => quote!(pub(super)),
        syn::Visibility::Restricted(_) => quote!(pub(crate)),
    }
}
