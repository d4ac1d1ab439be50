//! `#[derive(Table)]`: parse → validate (`ast.rs`, `attr.rs`) → expand (`expand.rs`).

mod ast;
mod attr;
mod expand;

use proc_macro2::TokenStream;

/// The derive as a plain function of tokens, so expansion can be tested without a compiler.
pub(crate) fn derive_table_inner(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(err) => return err.to_compile_error(),
    };
    match ast::TableDef::parse(&input) {
        Ok(def) => expand::expand(&def),
        Err(err) => err.to_compile_error(),
    }
}

#[cfg(test)]
mod tests {
    use super::derive_table_inner;
    use quote::quote;

    fn expand(input: proc_macro2::TokenStream) -> String {
        derive_table_inner(input).to_string()
    }

    #[test]
    fn expands_to_impls_and_handles() {
        let out = expand(quote! {
            #[table(name = "countries", insert = NewCountry)]
            pub struct Country {
                #[table(primary_key)]
                id: i64,
                #[serde(rename = "name")]
                title: String,
            }
        });
        for needle in [
            "pub mod country",
            "pub struct id ;",
            "pub struct title ;",
            "impl :: supabase_core :: Table for Country",
            "const NAME : & 'static str = \"countries\"",
            "const COLUMNS : & 'static [& 'static str] = & [\"id\" , \"name\"]",
            "const PRIMARY_KEY : & 'static [& 'static str] = & [\"id\"]",
            "impl :: supabase_core :: UniqueColumn for country :: id",
            "impl :: supabase_core :: ColumnOf < Country > for country :: title",
            "type Insert = NewCountry",
        ] {
            assert!(out.contains(needle), "missing `{needle}` in\n{out}");
        }
        assert!(!out.contains("UniqueColumn for country :: title"));
        assert!(!out.contains("Updatable"));
    }

    #[test]
    fn private_struct_gets_handles_visible_to_its_module() {
        let out = expand(quote! { struct Todo { id: i64 } });
        assert!(out.contains("mod todo"), "{out}");
        assert!(out.contains("pub (super) struct id"), "{out}");
    }

    #[test]
    fn several_mistakes_are_reported_together() {
        let out = expand(quote! {
            #[table(nmae = "x", schema = 1)]
            struct T { #[table(fk = "f")] id: i64 }
        });
        assert_eq!(out.matches("compile_error").count(), 3, "{out}");
        assert!(out.contains("did you mean `name`"), "{out}");
    }
}
