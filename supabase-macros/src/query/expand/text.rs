//! Building the expansion as source text, parsed by the compiler in one call.
//!
//! Inside a proc macro every token made with `quote!` is a separate request from the macro to
//! the compiler, and the macro itself runs unoptimized in a debug build: for a few hundred
//! tokens per `query!` call that was a large part of the expansion's time. Text costs one
//! `String` push per piece and one lexing pass in the (optimized) compiler. The row structs are
//! written this way; the parts whose spans matter (the user's arguments, and the calls checking
//! their types, which must point at the argument in an error) stay `quote!` tokens.
//!
//! Text is lexed with `Span::call_site()`, the span `quote!` gives too, so the code means the
//! same and resolves the same names.

use proc_macro2::TokenStream;

/// Source text as tokens (`call_site` spans). The macro only writes text it made itself, so a
/// lexing failure is a bug of the macro; it becomes a compile error saying so, not a panic.
pub(crate) fn parse(src: &str) -> TokenStream {
    let parsed = if proc_macro::is_available() {
        // Straight to the compiler: proc_macro2's own `from_str` first lexes the text again in
        // (unoptimized) Rust to guard against malformed input, which this text never is.
        src.parse::<proc_macro::TokenStream>()
            .map(TokenStream::from)
            .map_err(|e| e.to_string())
    } else {
        src.parse::<TokenStream>().map_err(|e| e.to_string())
    };
    parsed.unwrap_or_else(|err| {
        let message = format!("query!: internal error, generated code does not lex ({err}): {src}");
        quote::quote!(::core::compile_error!(#message);)
    })
}

/// A Rust string literal for `value` (escaped as `{:?}` does, which Rust source accepts).
pub(crate) fn str_lit(value: &str) -> String {
    format!("{value:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_round_trip() {
        for value in [
            "plain",
            "quo\"te",
            "back\\slash",
            "new\nline",
            "tab\t",
            "ünï",
            "\u{7f}",
        ] {
            let tokens = parse(&str_lit(value));
            let lit: syn::LitStr = syn::parse2(tokens).expect("a string literal");
            assert_eq!(lit.value(), value);
        }
    }

    #[test]
    fn bad_text_is_a_compile_error_not_a_panic() {
        let tokens = parse("a ( b");
        assert!(tokens.to_string().contains("compile_error"));
    }
}
