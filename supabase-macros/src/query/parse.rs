//! Reading the SQL: `{expr}` placeholders become positional `$n` (padded to the same width so
//! sqlparser's line/column spans stay those of the original text), then sqlparser's PostgreSQL
//! dialect parses exactly one statement.
//!
//! Between tokenizing and parsing, identifiers are read as PostgreSQL reads them: unquoted words
//! fold to lower case (`Name` is `name`, `"Name"` stays `Name`), and a keyword that PostgreSQL
//! accepts as a column name but sqlparser would read as the start of an expression (`interval`
//! not followed by a string, `trim`/`substring`/... not followed by `(`) becomes an identifier.

use sqlparser::ast::Statement;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Span as SqlSpan, Token, TokenWithSpan, Tokenizer};

use super::error::{SqlError, SqlResult};

/// The SQL with `{expr}` placeholders replaced, and the expressions in order of appearance.
pub(crate) struct Substituted {
    pub(crate) sql: String,
    pub(crate) inline: Vec<syn::Expr>,
}

/// Where `substitute` is: outside any quotes or inside one kind of them.
enum Quote {
    /// `'…'`, or `E'…'` where a backslash escapes the next character.
    Single {
        backslash: bool,
    },
    Double,
    /// `$tag$…$tag$` (the whole opening delimiter).
    Dollar(String),
}

/// `$$` or `$tag$` starting at `i` (not a `$1` placeholder).
fn dollar_tag_at(chars: &[char], i: usize) -> Option<String> {
    let rest = &chars[i + 1..];
    let len = rest.iter().position(|&c| c == '$')?;
    let tag = &rest[..len];
    let valid = tag
        .iter()
        .enumerate()
        .all(|(k, &c)| c == '_' || c.is_alphabetic() || (k > 0 && c.is_ascii_digit()));
    valid.then(|| chars[i..i + len + 2].iter().collect())
}

/// Replaces each `{expr}` outside quotes with `$n` (n counting from 1 in order of appearance),
/// padded with spaces to the placeholder's width.
pub(crate) fn substitute(sql: &str) -> SqlResult<Substituted> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut inline = Vec::new();
    let (mut line, mut column) = (1_u64, 1_u64);
    let mut quote: Option<Quote> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // How many characters from `i` on are copied as they are.
        let mut take = 1;
        match &quote {
            Some(Quote::Single { backslash: true }) if c == '\\' => take = 2,
            Some(Quote::Single { .. }) if c == '\'' => quote = None,
            Some(Quote::Double) if c == '"' => quote = None,
            Some(Quote::Dollar(tag)) => {
                let tag: Vec<char> = tag.chars().collect();
                if chars[i..].starts_with(&tag) {
                    take = tag.len();
                    quote = None;
                }
            }
            Some(_) => {}
            None if c == '\'' => {
                let escape = i > 0 && matches!(chars[i - 1], 'e' | 'E');
                let word_before = i > 1 && (chars[i - 2].is_alphanumeric() || chars[i - 2] == '_');
                quote = Some(Quote::Single {
                    backslash: escape && !word_before,
                });
            }
            None if c == '"' => quote = Some(Quote::Double),
            None if c == '$' => {
                if let Some(tag) = dollar_tag_at(&chars, i) {
                    take = tag.chars().count();
                    quote = Some(Quote::Dollar(tag));
                }
            }
            None if c == '{' => {
                let Some(len) = chars[i + 1..].iter().position(|&c| c == '}') else {
                    let at =
                        SqlSpan::new(Location::new(line, column), Location::new(line, column + 1));
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
            None => {}
        }
        for &c in &chars[i..(i + take).min(chars.len())] {
            out.push(c);
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        i += take;
    }
    Ok(Substituted { sql: out, inline })
}

/// Parses one statement.
pub(crate) fn parse(sql: &str) -> SqlResult<Statement> {
    let dialect = PostgreSqlDialect {};
    let tokens = Tokenizer::new(&dialect, sql)
        .tokenize_with_location()
        .map_err(|e| {
            let text = e.to_string();
            let message = format!("SQL syntax error: {text}");
            match location_in(&text) {
                Some(at) => SqlError::new(message, at),
                None => SqlError::nowhere(message),
            }
        })?;
    let tokens = plain_string_literals(as_postgres_reads(tokens));
    let mut statements = Parser::new(&dialect)
        .with_tokens_with_locations(tokens)
        .parse_statements()
        .map_err(|e| {
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

/// Keywords PostgreSQL takes as column names (`col_name_keyword`/unreserved) that sqlparser reads
/// as a function-like expression unless they are followed by `(`.
const CALL_LIKE: &[&str] = &[
    "trim",
    "substring",
    "extract",
    "overlay",
    "position",
    "coalesce",
    "nullif",
    "greatest",
    "least",
    "normalize",
    "treat",
];

/// Folds unquoted words to lower case and turns keywords used as column names into identifiers.
fn as_postgres_reads(mut tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let significant: Vec<usize> = (0..tokens.len())
        .filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_)))
        .collect();
    for (k, &i) in significant.iter().enumerate() {
        let prev = k
            .checked_sub(1)
            .and_then(|p| significant.get(p))
            .map(|&p| tokens[p].token.clone());
        let next = significant.get(k + 1).map(|&n| tokens[n].token.clone());
        let Token::Word(word) = &mut tokens[i].token else {
            continue;
        };
        if word.quote_style.is_some() {
            continue;
        }
        word.value.make_ascii_lowercase();
        let after_cast = matches!(prev, Some(Token::DoubleColon));
        let cast_type = matches!(&prev, Some(Token::Word(w)) if w.keyword == Keyword::AS)
            && matches!(next, Some(Token::RParen));
        let identifier = match word.value.as_str() {
            "interval" => {
                !after_cast
                    && !cast_type
                    && !matches!(
                        next,
                        Some(Token::SingleQuotedString(_) | Token::LParen | Token::Placeholder(_))
                    )
            }
            name if CALL_LIKE.contains(&name) => {
                !after_cast && !matches!(next, Some(Token::LParen))
            }
            _ => false,
        };
        if identifier {
            word.keyword = Keyword::NoKeyword;
            word.quote_style = Some('"');
        }
    }
    tokens
}

/// `E'…'` (escapes already resolved by the tokenizer) and `$tag$…$tag$` are the same text value
/// as a `'…'` literal: one token kind for the lowering to check and send.
fn plain_string_literals(mut tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    for token in &mut tokens {
        let text = match &mut token.token {
            Token::EscapedStringLiteral(text) => std::mem::take(text),
            Token::DollarQuotedString(quoted) => std::mem::take(&mut quoted.value),
            _ => continue,
        };
        token.token = Token::SingleQuotedString(text);
    }
    tokens
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
    fn identifiers_as_postgres_reads_them() {
        let statement =
            parse(r#"SELECT Interval, "createdAt", Position FROM Prices WHERE Type = 'x'"#)
                .unwrap();
        assert_eq!(
            statement.to_string(),
            r#"SELECT "interval", "createdAt", "position" FROM prices WHERE type = 'x'"#
        );
        // Still keywords where they start an expression or name a type.
        let statement =
            parse("select interval '1 day', position('a' in name), x::interval from t").unwrap();
        assert_eq!(
            statement.to_string(),
            "SELECT INTERVAL '1 day', POSITION('a' IN name), x::INTERVAL FROM t"
        );
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn placeholders_keep_columns() {
        let s = substitute("select * from t where a = {x} and b = '{y}'").unwrap();
        assert_eq!(s.sql, "select * from t where a = $1  and b = '{y}'");
        assert_eq!(s.inline.len(), 1);
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn braces_inside_escaped_and_dollar_quoted_strings_stay() {
        let s = substitute(r"select * from t where a = E'it\'s {x}' and b = {y}").unwrap();
        assert_eq!(s.sql, r"select * from t where a = E'it\'s {x}' and b = $1 ");
        let s = substitute("select * from t where a = $q$ it's {x} $$ $q$ and b = {y} and c = $1")
            .unwrap();
        assert_eq!(
            s.sql,
            "select * from t where a = $q$ it's {x} $$ $q$ and b = $1  and c = $1"
        );
        assert_eq!(s.inline.len(), 1);
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn escaped_and_dollar_quoted_strings_are_plain_literals() {
        let statement =
            parse(r"select a from t where b = E'x\ny\'s' and c = $$it's$$ and d = $t$a$$b$t$")
                .unwrap();
        assert_eq!(
            statement.to_string(),
            "SELECT a FROM t WHERE b = 'x\ny''s' AND c = 'it''s' AND d = 'a$$b'"
        );
    }
}
