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
}

pub(crate) type SqlResult<T> = Result<T, SqlError>;

impl SqlError {
    pub(crate) fn new(message: impl Into<String>, at: SqlSpan) -> Self {
        let at = (at.start.line > 0).then_some(at);
        SqlError {
            message: message.into(),
            at,
        }
    }

    pub(crate) fn nowhere(message: impl Into<String>) -> Self {
        SqlError {
            message: message.into(),
            at: None,
        }
    }

    /// Renders the error against `sql` and reports it at the string literal's span.
    pub(crate) fn into_syn(self, sql: &str, literal: Span) -> syn::Error {
        syn::Error::new(literal, render(&self.message, sql, self.at))
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
