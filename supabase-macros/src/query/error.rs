//! Errors inside the SQL string: a message naming the offending token and the SQL line with a
//! caret under it (stable Rust cannot point into a string literal, so the error is reported at
//! the literal's span and the caret shows where inside it).

use proc_macro2::Span;
use sqlparser::tokenizer::Span as SqlSpan;

use crate::suggest::did_you_mean;

/// An error in the SQL text, with the location of the offending token when known.
#[derive(Debug, Clone)]
pub(crate) struct SqlError {
    pub(crate) message: String,
    pub(crate) at: Option<SqlSpan>,
    /// A statement PostgREST cannot express: the feature is in the message; the SQL function
    /// to create instead and the call of it, once known.
    pub(crate) way_out: Option<Box<WayOut>>,
}

/// The way out of an inexpressible statement: a SQL function made from it and its call.
#[derive(Debug, Clone, Default)]
pub(crate) struct WayOut {
    /// `create or replace function ...;`, filled in by `Lower::statement`.
    pub(crate) function: String,
    /// The function's name and its parameters' names (`$1` is the first).
    pub(crate) name: String,
    pub(crate) params: Vec<String>,
    /// The macro's arguments as written, and whether they were inline `{expr}`s.
    pub(crate) args: Vec<String>,
    pub(crate) inline: bool,
}

pub(crate) type SqlResult<T> = Result<T, SqlError>;

impl SqlError {
    pub(crate) fn new(message: impl Into<String>, at: SqlSpan) -> Self {
        let at = (at.start.line > 0).then_some(at);
        SqlError {
            message: message.into(),
            at,
            way_out: None,
        }
    }

    pub(crate) fn nowhere(message: impl Into<String>) -> Self {
        SqlError {
            message: message.into(),
            at: None,
            way_out: None,
        }
    }

    /// `PostgREST cannot express <feature>`: a statement that needs a SQL function.
    pub(crate) fn inexpressible(feature: &str, at: SqlSpan) -> Self {
        let mut error = SqlError::new(format!("PostgREST cannot express {feature}"), at);
        error.way_out = Some(Box::default());
        error
    }

    /// The macro's arguments (as Rust source text), for the call in the way out.
    pub(crate) fn with_args(mut self, args: &[syn::Expr], inline: bool) -> Self {
        if let Some(way_out) = &mut self.way_out {
            way_out.args = args
                .iter()
                .map(|a| quote::ToTokens::to_token_stream(a).to_string())
                .collect();
            way_out.inline = inline;
        }
        self
    }

    /// Renders the error against `sql` and reports it at the string literal's span.
    pub(crate) fn into_syn(self, sql: &str, literal: Span) -> syn::Error {
        let mut text = render(&self.message, sql, self.at);
        if let Some(way_out) = &self.way_out {
            if !way_out.function.is_empty() {
                text.push_str(&way_out.render());
            }
        }
        syn::Error::new(literal, text)
    }
}

impl WayOut {
    /// The explanation, the function, and the `query!` call.
    fn render(&self) -> String {
        let call_args: Vec<String> = self
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let value = if self.inline {
                    self.args
                        .get(i)
                        .map_or_else(|| format!("${}", i + 1), |a| format!("{{{a}}}"))
                } else {
                    format!("${}", i + 1)
                };
                format!("{p} => {value}")
            })
            .collect();
        let mut call = format!(
            "query!(client, \"select * from {}({})\"",
            self.name,
            call_args.join(", ")
        );
        if !self.inline {
            for arg in &self.args {
                call.push_str(", ");
                call.push_str(arg);
            }
        }
        call.push(')');
        format!(
            "\n  PostgREST's request API has no way to send this. Run it in the database instead: add this function to a migration, apply it, refresh the schema snapshot,\n\n{}\n\n  then call it with:\n\n{call}",
            self.function
        )
    }
}

/// `unknown column `x` in `public.t`; did you mean `y`?`, or without a suggestion.
pub(crate) fn unknown<'a>(
    what: &str,
    name: &str,
    place: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let mut message = format!("unknown {what} `{name}`{place}");
    if let Some(best) = did_you_mean(name, candidates.iter().copied()) {
        message.push_str(&format!("; did you mean `{best}`?"));
    }
    message
}

/// The message, then the SQL line of the token with `^` under it.
fn render(message: &str, sql: &str, at: Option<SqlSpan>) -> String {
    let Some(at) = at else {
        return message.to_owned();
    };
    let line_no = usize::try_from(at.start.line).unwrap_or(0);
    let Some(line) = sql.lines().nth(line_no.saturating_sub(1)) else {
        return message.to_owned();
    };
    let start = usize::try_from(at.start.column).unwrap_or(1).max(1) - 1;
    let end = if at.end.line == at.start.line {
        usize::try_from(at.end.column).unwrap_or(1).max(1) - 1
    } else {
        line.chars().count()
    };
    let width = end.saturating_sub(start).max(1);
    // Leading whitespace of the line is trimmed; the caret keeps its column.
    let indent = line.chars().take_while(|c| c.is_whitespace()).count();
    let shown: String = line.chars().skip(indent).collect();
    let pad = " ".repeat(start.saturating_sub(indent));
    format!(
        "{message}\n  {shown}\n  {pad}{}",
        "^".repeat(width.min(shown.chars().count().max(1)))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::tokenizer::Location;

    #[test]
    fn caret_under_the_token() {
        let sql = "select id, nmae from countries";
        let at = SqlSpan::new(Location::new(1, 12), Location::new(1, 16));
        let text = render("unknown column `nmae`", sql, Some(at));
        assert_eq!(
            text,
            "unknown column `nmae`\n  select id, nmae from countries\n             ^^^^"
        );
    }
}
