//! Reading a migration file into statements: sqlparser's PostgreSQL tokenizer (which knows
//! strings, dollar quoting and comments), split at top-level semicolons, each statement keeping
//! its tokens with their line and column in the file.

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Whitespace};

use crate::error::{Error, Result};

/// One statement of a migration file.
pub(crate) struct Statement {
    /// Its tokens, whitespace and comments included, without the closing semicolon.
    pub(crate) tokens: Vec<TokenWithSpan>,
    /// 1-based line of its first token.
    pub(crate) line: u64,
    /// 1-based column of its first token.
    pub(crate) column: u64,
}

impl Statement {
    /// The first `n` words (keywords or identifiers), upper-cased, skipping whitespace.
    pub(crate) fn leading_words(&self, n: usize) -> Vec<String> {
        self.tokens
            .iter()
            .filter(|t| !matches!(t.token, Token::Whitespace(_)))
            .take(n)
            .map(|t| match &t.token {
                Token::Word(w) => w.value.to_uppercase(),
                other => other.to_string(),
            })
            .collect()
    }

    /// Whether the statement contains the keyword sequence `words` anywhere (outside strings).
    pub(crate) fn contains_keywords(&self, words: &[Keyword]) -> bool {
        let kws: Vec<Keyword> = self
            .tokens
            .iter()
            .filter(|t| !matches!(t.token, Token::Whitespace(_)))
            .map(|t| match &t.token {
                Token::Word(w) => w.keyword,
                _ => Keyword::NoKeyword,
            })
            .collect();
        kws.windows(words.len()).any(|w| w == words)
    }

    /// A parser over this statement's tokens.
    pub(crate) fn parser(&self) -> Parser<'static> {
        Parser::new(&PostgreSqlDialect {}).with_tokens_with_locations(self.tokens.clone())
    }
}

/// Tokenizes `sql` and splits it into statements.
///
/// # Errors
///
/// [`Error::MigrationSql`] for a tokenizer error (an unterminated string or comment, ...).
pub(crate) fn split(sql: &str, file: &str) -> Result<Vec<Statement>> {
    let tokens = tokenize_at(sql, file, 1, 1)?;
    Ok(split_tokens(tokens))
}

/// Tokenizes `sql` that starts at `line`:`column` of `file` (the body of a `DO` block or the
/// string of an `EXECUTE`), with every position made relative to the file.
///
/// # Errors
///
/// [`Error::MigrationSql`] for a tokenizer error, at its position in the file.
pub(crate) fn tokenize_at(
    sql: &str,
    file: &str,
    line: u64,
    column: u64,
) -> Result<Vec<TokenWithSpan>> {
    let shift = |l: u64, c: u64| {
        if l <= 1 {
            (line, c + column - 1)
        } else {
            (l + line - 1, c)
        }
    };
    let mut tokens = Tokenizer::new(&PostgreSqlDialect {}, sql)
        .tokenize_with_location()
        .map_err(|e| {
            let (line, column) = shift(e.location.line, e.location.column);
            Error::MigrationSql {
                file: file.to_string(),
                line,
                column,
                message: e.message,
            }
        })?;
    if (line, column) != (1, 1) {
        for t in &mut tokens {
            for at in [&mut t.span.start, &mut t.span.end] {
                (at.line, at.column) = shift(at.line, at.column);
            }
        }
    }
    Ok(tokens)
}

/// Splits tokens into statements at top-level semicolons. A psql meta-command (a line starting
/// with a backslash, such as pg_dump's `\restrict` and `\connect`) is skipped to the end of
/// its line.
pub(crate) fn split_tokens(tokens: Vec<TokenWithSpan>) -> Vec<Statement> {
    let mut statements = Vec::new();
    let mut current: Vec<TokenWithSpan> = Vec::new();
    let mut flush = |current: &mut Vec<TokenWithSpan>| {
        let first = current
            .iter()
            .find(|t| !matches!(t.token, Token::Whitespace(_)));
        if let Some(first) = first {
            let (line, column) = (first.span.start.line, first.span.start.column);
            super::rewrite::rewrite(current);
            statements.push(Statement {
                line,
                column,
                tokens: std::mem::take(current),
            });
        }
        current.clear();
    };
    let mut meta_command = false;
    for token in tokens {
        if meta_command {
            meta_command = !matches!(token.token, Token::Whitespace(Whitespace::Newline));
            continue;
        }
        let at_start = current
            .iter()
            .all(|t| matches!(t.token, Token::Whitespace(_)));
        match token.token {
            Token::Backslash if at_start => meta_command = true,
            Token::SemiColon => flush(&mut current),
            Token::EOF => {}
            _ => current.push(token),
        }
    }
    flush(&mut current);
    statements
}

/// Turns a parser error into [`Error::MigrationSql`], at the position sqlparser names when it
/// names one, else at the statement's start.
pub(crate) fn parse_error(file: &str, statement: &Statement, error: &ParserError) -> Error {
    let text = match error {
        ParserError::ParserError(m) | ParserError::TokenizerError(m) => m.clone(),
        other => other.to_string(),
    };
    let (message, line, column) = match text.rsplit_once(" at Line: ") {
        Some((message, position)) => {
            let mut numbers = position
                .split(", Column: ")
                .map(|n| n.trim().parse::<u64>().ok());
            match (numbers.next().flatten(), numbers.next().flatten()) {
                (Some(line), Some(column)) => (message.to_string(), line, column),
                _ => (text.clone(), statement.line, statement.column),
            }
        }
        None => (text.clone(), statement.line, statement.column),
    };
    Error::MigrationSql {
        file: file.to_string(),
        line,
        column,
        message,
    }
}
