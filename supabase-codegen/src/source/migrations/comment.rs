//! COMMENT ON TABLE / VIEW / MATERIALIZED VIEW / FOREIGN TABLE / COLUMN / TYPE / DOMAIN /
//! FUNCTION / SCHEMA (sqlparser's COMMENT knows only some of these). Comments on objects the
//! model does not hold (policies, indexes, constraints, triggers, roles...) are ignored.

use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::apply::{At, State};
use super::function::{function_types, identity_types, params, Param};
use super::names::{object_name, qualified};
use super::parse::parse_error;
use crate::error::Result;

enum Target {
    Relation,
    Column,
    Type,
    Function(Option<Vec<Param>>),
    Schema,
    Other,
}

fn header(
    p: &mut Parser<'_>,
) -> Result<(Target, sqlparser::ast::ObjectName, Option<String>), ParserError> {
    p.expect_keywords(&[Keyword::COMMENT, Keyword::ON])?;
    let target = if p.parse_keyword(Keyword::TABLE)
        || p.parse_keyword(Keyword::VIEW)
        || p.parse_keywords(&[Keyword::MATERIALIZED, Keyword::VIEW])
        || p.parse_keywords(&[Keyword::FOREIGN, Keyword::TABLE])
    {
        Target::Relation
    } else if p.parse_keyword(Keyword::COLUMN) {
        Target::Column
    } else if p.parse_keyword(Keyword::TYPE) || p.parse_keyword(Keyword::DOMAIN) {
        Target::Type
    } else if p.parse_keyword(Keyword::FUNCTION) {
        Target::Function(None)
    } else if p.parse_keyword(Keyword::SCHEMA) {
        Target::Schema
    } else {
        return Ok((
            Target::Other,
            sqlparser::ast::ObjectName::from(vec![]),
            None,
        ));
    };
    let name = p.parse_object_name(false)?;
    let target = match target {
        Target::Function(_) if p.peek_token().token == Token::LParen => {
            Target::Function(Some(params(p)?))
        }
        other => other,
    };
    p.expect_keyword(Keyword::IS)?;
    let text = if p.parse_keyword(Keyword::NULL) {
        None
    } else {
        Some(p.parse_literal_string()?)
    };
    if p.peek_token().token != Token::EOF {
        return p.expected("end of statement", p.peek_token());
    }
    // An empty comment removes the comment.
    Ok((target, name, text.filter(|t| !t.is_empty())))
}

/// Applies a COMMENT ON statement.
pub(crate) fn apply(state: &mut State, at: &At<'_>) -> Result<()> {
    let mut p = at.statement.parser();
    let (target, name, text) =
        header(&mut p).map_err(|e| parse_error(at.file, at.statement, &e))?;
    let found = match target {
        Target::Other => return Ok(()),
        Target::Relation => {
            let (s, r) = qualified(&name);
            state
                .relation_mut(&s, &r)
                .map(|r| r.comment = text)
                .is_some()
        }
        Target::Column => {
            let parts = &name.0;
            let (relation, column) = match parts.len() {
                0 | 1 => (None, String::new()),
                n => (
                    Some(sqlparser::ast::ObjectName(parts[..n - 1].to_vec())),
                    object_name(&sqlparser::ast::ObjectName(parts[n - 1..].to_vec())).1,
                ),
            };
            relation
                .map(|r| qualified(&r))
                .and_then(|(s, r)| state.relation_mut(&s, &r))
                .and_then(|r| r.columns.iter_mut().find(|c| c.name == column))
                .map(|c| c.comment = text)
                .is_some()
        }
        Target::Type => {
            let (s, t) = qualified(&name);
            match state.schema_mut(&s) {
                Some(schema) => {
                    if let Some(e) = schema.enums.iter_mut().find(|e| e.name == t) {
                        e.comment = text;
                        true
                    } else if let Some(c) = schema.composites.iter_mut().find(|c| c.name == t) {
                        c.comment = text;
                        true
                    } else if let Some(d) = schema.domains.iter_mut().find(|d| d.name == t) {
                        d.comment = text;
                        true
                    } else {
                        false
                    }
                }
                None => false,
            }
        }
        Target::Function(args) => {
            let (s, f) = qualified(&name);
            let types = match &args {
                Some(a) => identity_types(state, a),
                None => None,
            };
            match state.schema_mut(&s) {
                Some(schema) => {
                    let mut matching: Vec<_> = schema
                        .functions
                        .iter_mut()
                        .filter(|x| {
                            x.name == f && types.as_ref().map_or(true, |t| *t == function_types(x))
                        })
                        .collect();
                    if matching.len() == 1 {
                        matching[0].comment = text;
                        true
                    } else {
                        false
                    }
                }
                None => false,
            }
        }
        Target::Schema => {
            let schema = object_name(&name).1;
            state
                .schema_mut(&schema)
                .map(|s| s.comment = text)
                .is_some()
        }
    };
    if !found {
        state.warn(at, format!("COMMENT ON an object not in the model: {name}"));
    }
    Ok(())
}
