//! Token rewrites for PostgreSQL that sqlparser's dialect does not read, applied to a statement
//! before it is parsed. Each keeps the model exactly as the database builds it:
//!
//! - an `EXCLUDE USING … (…)` table constraint (bookings, schedules) is dropped from `CREATE
//!   TABLE`: the model keeps no exclusion constraints, and without the rewrite the whole
//!   statement (and with it the table) would be lost;
//! - `interval` used as a column name in a view's select list (`select p.interval, …`) is read
//!   as the quoted identifier it is there; sqlparser takes it for the start of an interval
//!   literal.

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan, Word};

/// Rewrites the tokens of one statement in place.
pub(crate) fn rewrite(tokens: &mut Vec<TokenWithSpan>) {
    let lead: Vec<Keyword> = tokens
        .iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .take(5)
        .map(|t| match &t.token {
            Token::Word(w) => w.keyword,
            _ => Keyword::NoKeyword,
        })
        .collect();
    if lead.first() == Some(&Keyword::ALTER) && lead.get(1) == Some(&Keyword::TABLE) {
        drop_match_type(tokens);
        drop_collate(tokens);
        return;
    }
    if lead.first() != Some(&Keyword::CREATE) {
        return;
    }
    if lead.contains(&Keyword::TABLE) {
        while drop_exclude(tokens) {}
    }
    if lead.contains(&Keyword::TABLE) {
        drop_match_type(tokens);
    } else if lead.contains(&Keyword::VIEW) {
        quote_interval_columns(tokens);
    }
}

fn is_ws(t: &TokenWithSpan) -> bool {
    matches!(t.token, Token::Whitespace(_))
}

/// Removes the first `[CONSTRAINT name] EXCLUDE …` element of the table's parenthesized list,
/// with the comma that separates it from its neighbour. False when there is none.
fn drop_exclude(tokens: &mut Vec<TokenWithSpan>) -> bool {
    let mut depth = 0usize;
    let mut last_comma: Option<usize> = None;
    let mut element_start: Option<usize> = None;
    for i in 0..tokens.len() {
        match &tokens[i].token {
            Token::LParen => {
                depth += 1;
                if depth == 1 {
                    element_start = Some(i + 1);
                }
            }
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Comma if depth == 1 => {
                last_comma = Some(i);
                element_start = Some(i + 1);
            }
            Token::Word(w) if depth == 1 && w.quote_style.is_none() => {
                if w.keyword != Keyword::EXCLUDE {
                    continue;
                }
                // Only a table constraint: EXCLUDE first in its element, or after CONSTRAINT name.
                let Some(start) = element_start else {
                    continue;
                };
                let before: Vec<&Token> = tokens[start..i]
                    .iter()
                    .filter(|t| !is_ws(t))
                    .map(|t| &t.token)
                    .collect();
                let constraint_prefix = matches!(
                    before.as_slice(),
                    [] | [
                        Token::Word(Word {
                            keyword: Keyword::CONSTRAINT,
                            ..
                        }),
                        Token::Word(_)
                    ]
                );
                if !constraint_prefix {
                    continue;
                }
                let end = element_end(tokens, i);
                match last_comma {
                    Some(comma) => {
                        tokens.drain(comma..end);
                    }
                    None => {
                        // The first element: take the comma after it instead.
                        let after =
                            if matches!(tokens.get(end).map(|t| &t.token), Some(Token::Comma)) {
                                end + 1
                            } else {
                                end
                            };
                        tokens.drain(start..after);
                    }
                }
                return true;
            }
            _ => {}
        }
    }
    false
}

/// Removes `MATCH FULL | SIMPLE | PARTIAL` of foreign keys (sqlparser does not read it; the
/// model keeps no match type).
fn drop_match_type(tokens: &mut Vec<TokenWithSpan>) {
    let mut i = 0;
    while i < tokens.len() {
        let is_match = matches!(&tokens[i].token,
            Token::Word(w) if w.keyword == Keyword::MATCH && w.quote_style.is_none());
        let next = (i + 1..tokens.len()).find(|&j| !is_ws(&tokens[j]));
        let kind = next.filter(|&j| {
            matches!(&tokens[j].token, Token::Word(w)
                if w.quote_style.is_none()
                    && matches!(w.value.to_uppercase().as_str(), "FULL" | "SIMPLE" | "PARTIAL"))
        });
        match (is_match, kind) {
            (true, Some(j)) => {
                tokens.drain(i..=j);
            }
            _ => i += 1,
        }
    }
}

/// Removes `COLLATE name` from ALTER TABLE (`ALTER COLUMN c TYPE varchar(30) COLLATE "C"`,
/// which sqlparser does not read there; the model keeps no collations).
fn drop_collate(tokens: &mut Vec<TokenWithSpan>) {
    let mut i = 0;
    while i < tokens.len() {
        let is_collate = matches!(&tokens[i].token,
            Token::Word(w) if w.keyword == Keyword::COLLATE && w.quote_style.is_none());
        let next = (i + 1..tokens.len()).find(|&j| !is_ws(&tokens[j]));
        match (is_collate, next) {
            (true, Some(mut j)) => {
                // A qualified name: `pg_catalog."default"`.
                while matches!(tokens.get(j + 1).map(|t| &t.token), Some(Token::Period)) {
                    j += 2;
                }
                tokens.drain(i..=j.min(tokens.len() - 1));
            }
            _ => i += 1,
        }
    }
}

/// The index of the `,` or `)` that ends the list element containing `from` (depth 1).
fn element_end(tokens: &[TokenWithSpan], from: usize) -> usize {
    let mut depth = 1usize;
    for (i, t) in tokens.iter().enumerate().skip(from) {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            Token::Comma if depth == 1 => return i,
            _ => {}
        }
    }
    tokens.len()
}

/// `interval` followed by `,`, `)`, `FROM`, `AS` or the end is a column name, not a literal.
fn quote_interval_columns(tokens: &mut [TokenWithSpan]) {
    for i in 0..tokens.len() {
        let Token::Word(w) = &tokens[i].token else {
            continue;
        };
        if w.keyword != Keyword::INTERVAL || w.quote_style.is_some() {
            continue;
        }
        let next = tokens[i + 1..].iter().find(|t| !is_ws(t)).map(|t| &t.token);
        let qualified = tokens[..i]
            .iter()
            .rev()
            .find(|t| !is_ws(t))
            .is_some_and(|t| matches!(t.token, Token::Period));
        let column = qualified
            || match next {
                None | Some(Token::Comma | Token::RParen | Token::SemiColon) => true,
                Some(
                    Token::Eq | Token::Neq | Token::Lt | Token::Gt | Token::LtEq | Token::GtEq,
                ) => true,
                Some(Token::Word(n)) => matches!(
                    n.keyword,
                    Keyword::FROM
                        | Keyword::AS
                        | Keyword::WHEN
                        | Keyword::THEN
                        | Keyword::ELSE
                        | Keyword::END
                        | Keyword::AND
                        | Keyword::OR
                        | Keyword::IS
                ),
                _ => false,
            };
        if column {
            tokens[i].token = Token::Word(Word {
                value: w.value.to_lowercase(),
                quote_style: Some('"'),
                keyword: Keyword::NoKeyword,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::tokenizer::Tokenizer;

    fn rewritten(sql: &str) -> String {
        let mut tokens = Tokenizer::new(&PostgreSqlDialect {}, sql)
            .tokenize_with_location()
            .expect("tokens");
        rewrite(&mut tokens);
        tokens.iter().map(|t| t.token.to_string()).collect()
    }

    #[test]
    fn exclusion_constraints_are_dropped_with_their_comma() {
        assert_eq!(
            rewritten(
                "create table b (id int primary key, room int, during tstzrange, \
                 constraint no_overlap exclude using gist (room with =, during with &&))"
            ),
            "create table b (id int primary key, room int, during tstzrange)"
        );
        assert_eq!(
            rewritten(
                "create table b (exclude using gist (r with &&) where (r is not null), id int)"
            ),
            "create table b ( id int)"
        );
    }

    #[test]
    fn interval_column_in_a_view_is_an_identifier() {
        assert_eq!(
            rewritten(
                "create view v as select p.interval, interval '1 day' as d, \
                 case p.interval when 'month' then 1 end from prices p"
            ),
            "create view v as select p.\"interval\", interval '1 day' as d, \
             case p.\"interval\" when 'month' then 1 end from prices p"
        );
    }

    #[test]
    fn foreign_key_match_types_are_dropped() {
        assert_eq!(
            rewritten(
                "alter table only i add constraint f foreign key (a) references t(id) \
                 match full on delete cascade"
            ),
            "alter table only i add constraint f foreign key (a) references t(id)  on delete cascade"
        );
        let kept = "create table m (match text, full_name text)";
        assert_eq!(rewritten(kept), kept);
    }

    #[test]
    fn a_column_of_type_interval_is_left_alone() {
        let sql = "create table t (ttl interval not null, grace interval)";
        assert_eq!(rewritten(sql), sql);
    }
}
