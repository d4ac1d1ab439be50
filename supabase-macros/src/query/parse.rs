//! Reading the SQL: `{expr}` placeholders become positional `$n` (padded to the same width so
//! sqlparser's line/column spans stay those of the original text), then sqlparser's PostgreSQL
//! dialect parses exactly one statement.

use sqlparser::ast::Statement;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Span as SqlSpan};

use super::error::{SqlError, SqlResult};

/// The SQL with `{expr}` placeholders replaced, and the expressions in order of appearance.
pub(crate) struct Substituted {
    pub(crate) sql: String,
    pub(crate) inline: Vec<syn::Expr>,
}

/// Replaces each `{expr}` outside quotes with `$n` (n counting from 1 in order of appearance),
/// padded with spaces to the placeholder's width.
pub(crate) fn substitute(sql: &str) -> SqlResult<Substituted> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut inline = Vec::new();
    let (mut line, mut column) = (1_u64, 1_u64);
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else if c == '\'' || c == '"' {
            quote = Some(c);
        } else if c == '{' {
            let Some(len) = chars[i + 1..].iter().position(|&c| c == '}') else {
                let at = SqlSpan::new(Location::new(line, column), Location::new(line, column + 1));
                return Err(SqlError::new(
                    "unclosed `{`: a parameter is written `{name}`",
                    at,
                ));
            };
            let text: String = chars[i + 1..i + 1 + len].iter().collect();
            let width = len + 2;
            let at = SqlSpan::new(
                Location::new(line, column),
                Location::new(line, column + width as u64),
            );
            let expr: syn::Expr = syn::parse_str(text.trim()).map_err(|e| {
                SqlError::new(format!("`{{{text}}}` is not a Rust expression: {e}"), at)
            })?;
            inline.push(expr);
            let placeholder = format!("${}", inline.len());
            if placeholder.chars().count() > width {
                return Err(SqlError::new("too many `{…}` parameters", at));
            }
            out.push_str(&placeholder);
            out.extend(std::iter::repeat(' ').take(width - placeholder.chars().count()));
            column += width as u64;
            i += width;
            continue;
        }
        out.push(c);
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
        i += 1;
    }
    Ok(Substituted { sql: out, inline })
}

/// Parses one statement.
pub(crate) fn parse(sql: &str) -> SqlResult<Statement> {
    let mut statements = Parser::parse_sql(&PostgreSqlDialect {}, sql).map_err(|e| {
        let text = e.to_string();
        let at = location_in(&text);
        let message = format!(
            "SQL syntax error: {}",
            text.trim_start_matches("sql parser error: ")
        );
        match at {
            Some(at) => SqlError::new(message, at),
            None => SqlError::nowhere(message),
        }
    })?;
    match statements.len() {
        1 => Ok(statements.remove(0)),
        0 => Err(SqlError::nowhere("the SQL string holds no statement")),
        _ => Err(SqlError::nowhere(
            "the SQL string holds several statements; query! takes one",
        )),
    }
}

/// sqlparser ends its messages with `at Line: 1, Column: 8`.
fn location_in(message: &str) -> Option<SqlSpan> {
    let rest = &message[message.rfind("Line: ")? + 6..];
    let (line, rest) = rest.split_once(", Column: ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let line: u64 = line.trim().parse().ok()?;
    let column: u64 = digits.parse().ok()?;
    Some(SqlSpan::new(
        Location::new(line, column),
        Location::new(line, column + 1),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::unwrap_used)]
    fn placeholders_keep_columns() {
        let s = substitute("select * from t where a = {x} and b = '{y}'").unwrap();
        assert_eq!(s.sql, "select * from t where a = $1  and b = '{y}'");
        assert_eq!(s.inline.len(), 1);
    }
}
