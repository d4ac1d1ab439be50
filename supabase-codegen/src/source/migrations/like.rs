//! `CREATE TABLE t (LIKE source [INCLUDING | EXCLUDING option ...], ...)`: the columns of
//! `source` are copied where the `LIKE` stands, as PostgreSQL does: names, types and `NOT
//! NULL` always; defaults with `INCLUDING DEFAULTS`, identity with `INCLUDING IDENTITY`,
//! generation expressions with `INCLUDING GENERATED`, comments with `INCLUDING COMMENTS`, the
//! primary key and unique constraints (under the new table's names) with `INCLUDING
//! INDEXES`; `INCLUDING ALL` is all of them. Foreign keys are never copied.

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::apply::{At, State};
use super::names::qualified;
use super::parse::{parse_error, Statement};
use super::table::{choose_name, renumber};
use crate::error::Result;
use crate::model::{PrimaryKey, UniqueConstraint};

/// One `LIKE` element: the source and what is included.
struct Like {
    source: sqlparser::ast::ObjectName,
    /// Columns defined before it in the list.
    position: usize,
    defaults: bool,
    identity: bool,
    generated: bool,
    comments: bool,
    indexes: bool,
}

fn is_ws(t: &TokenWithSpan) -> bool {
    matches!(t.token, Token::Whitespace(_))
}

/// The elements of the table's column list: `(start, end)` token ranges (end exclusive) at
/// parenthesis depth 1, and the index of the closing parenthesis.
fn elements(tokens: &[TokenWithSpan]) -> Option<Vec<(usize, usize)>> {
    let open = tokens.iter().position(|t| t.token == Token::LParen)?;
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    out.push((start, i));
                    return Some(out);
                }
            }
            Token::Comma if depth == 1 => {
                out.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    None
}

fn first_keyword(tokens: &[TokenWithSpan]) -> Option<Keyword> {
    tokens
        .iter()
        .find(|t| !is_ws(t))
        .and_then(|t| match &t.token {
            Token::Word(w) if w.quote_style.is_none() => Some(w.keyword),
            _ => None,
        })
}

/// Reads one `LIKE source [INCLUDING | EXCLUDING option ...]` element.
fn read_like(at: &At<'_>, element: &Statement, position: usize) -> Result<Like> {
    let mut p = element.parser();
    let read = (|| {
        p.expect_keyword(Keyword::LIKE)?;
        let source = p.parse_object_name(false)?;
        let mut options = Vec::new();
        while let Some(k) = p.parse_one_of_keywords(&[Keyword::INCLUDING, Keyword::EXCLUDING]) {
            let Token::Word(w) = p.next_token().token else {
                return p.expected("a LIKE option", p.peek_token());
            };
            options.push((k == Keyword::INCLUDING, w.value.to_uppercase()));
        }
        Ok((source, options))
    })();
    let (source, options) = read.map_err(|e| parse_error(at.file, at.statement, &e))?;
    let mut like = Like {
        source,
        position,
        defaults: false,
        identity: false,
        generated: false,
        comments: false,
        indexes: false,
    };
    for (on, option) in options {
        let all = option == "ALL";
        if all || option == "DEFAULTS" {
            like.defaults = on;
        }
        if all || option == "IDENTITY" {
            like.identity = on;
        }
        if all || option == "GENERATED" {
            like.generated = on;
        }
        if all || option == "COMMENTS" {
            like.comments = on;
        }
        if all || option == "INDEXES" {
            like.indexes = on;
        }
    }
    Ok(like)
}

/// Applies `CREATE TABLE` with `LIKE` elements: whether the statement had one.
pub(crate) fn create(state: &mut State, at: &At<'_>) -> Result<bool> {
    let tokens = &at.statement.tokens;
    let Some(list) = elements(tokens) else {
        return Ok(false);
    };
    let mut likes = Vec::new();
    let mut others: Vec<&[TokenWithSpan]> = Vec::new();
    let mut columns_before = 0usize;
    for &(start, end) in &list {
        let element = &tokens[start..end];
        match first_keyword(element) {
            Some(Keyword::LIKE) => {
                let statement = Statement {
                    tokens: element.to_vec(),
                    line: at.statement.line,
                    column: at.statement.column,
                };
                likes.push(read_like(at, &statement, columns_before)?);
            }
            Some(
                Keyword::CONSTRAINT
                | Keyword::PRIMARY
                | Keyword::UNIQUE
                | Keyword::CHECK
                | Keyword::FOREIGN
                | Keyword::EXCLUDE,
            ) => others.push(element),
            _ => {
                columns_before += 1;
                others.push(element);
            }
        }
    }
    if likes.is_empty() {
        return Ok(false);
    }
    // The statement without its LIKE elements.
    let (open, close) = (list[0].0 - 1, list[list.len() - 1].1);
    let mut kept: Vec<TokenWithSpan> = tokens[..=open].to_vec();
    for (i, element) in others.iter().enumerate() {
        if i > 0 {
            kept.push(TokenWithSpan::wrap(Token::Comma));
        }
        kept.extend_from_slice(element);
    }
    kept.extend_from_slice(&tokens[close..]);
    let rest = Statement {
        tokens: kept,
        line: at.statement.line,
        column: at.statement.column,
    };
    let name = {
        let mut p = rest.parser();
        let read = (|| {
            p.expect_keyword(Keyword::CREATE)?;
            let _ =
                p.parse_one_of_keywords(&[Keyword::UNLOGGED, Keyword::TEMP, Keyword::TEMPORARY]);
            p.expect_keyword(Keyword::TABLE)?;
            let _ = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
            p.parse_object_name(false)
        })();
        read.map_err(|e| parse_error(at.file, at.statement, &e))?
    };
    let (schema, table) = qualified(&name);
    let existed = state.relation_mut(&schema, &table).is_some();
    super::apply::apply(
        state,
        &At {
            file: at.file,
            statement: &rest,
        },
    )?;
    if existed || state.failed.is_some() {
        return Ok(true);
    }
    let mut offset = 0;
    for like in likes {
        let (ss, st) = qualified(&like.source);
        let Some(source) = state
            .model
            .schema(&ss)
            .and_then(|s| s.relation(&st))
            .cloned()
        else {
            state.fail(
                at,
                "undefined_table",
                format!("LIKE of unknown relation {ss}.{st}"),
            );
            continue;
        };
        let Some(relation) = state.relation_mut(&schema, &table) else {
            return Ok(true);
        };
        let mut copied = Vec::new();
        for c in &source.columns {
            let mut c = c.clone();
            if !like.defaults {
                c.default = None;
            }
            if !like.identity && c.identity.take().is_some() {
                c.updatable = true;
            }
            if !like.generated && c.generated.take().is_some() {
                c.updatable = true;
            }
            if !like.comments {
                c.comment = None;
            }
            copied.push(c);
        }
        let at_index = (like.position + offset).min(relation.columns.len());
        offset += copied.len();
        relation.columns.splice(at_index..at_index, copied);
        renumber(relation);
        if like.indexes {
            if let (Some(pk), None) = (&source.primary_key, &relation.primary_key) {
                let name = choose_name(relation, format!("{table}_pkey"));
                relation.primary_key = Some(PrimaryKey {
                    name,
                    columns: pk.columns.clone(),
                });
            }
            for u in &source.unique_constraints {
                let name = choose_name(relation, format!("{table}_{}_key", u.columns.join("_")));
                relation.unique_constraints.push(UniqueConstraint {
                    name,
                    columns: u.columns.clone(),
                });
            }
        }
    }
    Ok(true)
}
