//! Building the expansion as source text, parsed by the compiler in one call.
//!
//! Inside a proc macro every token made with `quote!` is a separate request from the macro to
//! the compiler, and the macro itself runs unoptimized in a debug build: for a few hundred
//! tokens per `query!` call that was a large part of the expansion's time. Text costs one
//! `String` push per piece and one lexing pass in the (optimized) compiler. The parts whose
//! spans matter (the user's arguments, and the calls checking their types, which must point at
//! the argument in an error) stay `quote!` tokens: [`Out`] keeps text and tokens in order.
//!
//! Text is lexed with `Span::call_site()`, the span `quote!` gives too, so the code means the
//! same and resolves the same names.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

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

/// Text and tokens, in order: runs of text are lexed together when tokens (or a group holding
/// tokens) come next, or at the end.
#[derive(Default)]
pub(crate) struct Out {
    done: TokenStream,
    text: String,
}

impl Out {
    /// Appends source text: whole tokens, brackets balanced within it (a group whose content
    /// holds tokens goes through [`Out::group`]).
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends tokens made elsewhere (spanned at the user's code).
    pub(crate) fn tokens(&mut self, tokens: TokenStream) -> &mut Self {
        self.flush();
        self.done.extend(tokens);
        self
    }

    /// Appends `fill`'s output between the delimiters: as text when it is only text.
    pub(crate) fn group(&mut self, delimiter: Delimiter, fill: impl FnOnce(&mut Out)) -> &mut Self {
        let mut inner = Out::default();
        fill(&mut inner);
        if inner.done.is_empty() {
            let (open, close) = match delimiter {
                Delimiter::Parenthesis => ("(", ")"),
                Delimiter::Brace => ("{", "}"),
                Delimiter::Bracket => ("[", "]"),
                Delimiter::None => ("", ""),
            };
            self.text.push_str(open);
            self.text.push_str(&inner.text);
            self.text.push_str(close);
        } else {
            self.flush();
            let group = Group::new(delimiter, inner.finish());
            self.done.extend([TokenTree::Group(group)]);
        }
        self
    }

    /// `(...)`.
    pub(crate) fn paren(&mut self, fill: impl FnOnce(&mut Out)) -> &mut Self {
        self.group(Delimiter::Parenthesis, fill)
    }

    /// `[...]`.
    pub(crate) fn bracket(&mut self, fill: impl FnOnce(&mut Out)) -> &mut Self {
        self.group(Delimiter::Bracket, fill)
    }

    /// `{...}`.
    pub(crate) fn brace(&mut self, fill: impl FnOnce(&mut Out)) -> &mut Self {
        self.group(Delimiter::Brace, fill)
    }

    /// `items` written by `each`, separated by `, `.
    pub(crate) fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&T, &mut Out)) -> &mut Self {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            each(item, self);
        }
        self
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.done.extend(parse(&text));
        }
    }

    /// The tokens.
    pub(crate) fn finish(mut self) -> TokenStream {
        self.flush();
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_tokens_join_in_order() {
        let mut out = Out::default();
        out.text("c.eq")
            .paren(|o| {
                o.text("\"id\", ").tokens(quote::quote!(f(x)));
            })
            .text(".limit(10u64)");
        assert_eq!(
            out.finish().to_string(),
            quote::quote!(c.eq("id", f(x)).limit(10u64)).to_string()
        );
    }

    #[test]
    fn a_group_of_text_stays_text() {
        let mut out = Out::default();
        out.text("[0]").bracket(|o| {
            o.list(&[1, 2], |n, o| {
                o.text(&n.to_string());
            });
        });
        assert_eq!(out.text, "[0][1, 2]");
        assert!(out.done.is_empty());
    }

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
