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
