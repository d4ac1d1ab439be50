//! `ALTER {TABLE | VIEW | MATERIALIZED VIEW | FOREIGN TABLE | TYPE | DOMAIN} [IF EXISTS] name
//! SET SCHEMA target` (sqlparser does not read it): the relation or type moves, and every
//! foreign key to the relation and every use of the type (a relation's row type too) follows.

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

use super::apply::{At, State};
use super::names::{ident, qualified};
use super::parse::parse_error;
use crate::error::Result;

/// Applies the statement when it is a `SET SCHEMA`: whether it was one.
pub(crate) fn apply(state: &mut State, at: &At<'_>) -> Result<bool> {
    if !at
        .statement
        .contains_keywords(&[Keyword::SET, Keyword::SCHEMA])
    {
        return Ok(false);
    }
    let mut p = at.statement.parser();
    let read = (|| {
        p.expect_keyword(Keyword::ALTER)?;
        let relation = if p.parse_keyword(Keyword::TABLE)
            || p.parse_keyword(Keyword::VIEW)
            || p.parse_keywords(&[Keyword::MATERIALIZED, Keyword::VIEW])
            || p.parse_keywords(&[Keyword::FOREIGN, Keyword::TABLE])
        {
            true
        } else if p.parse_keyword(Keyword::TYPE) || p.parse_keyword(Keyword::DOMAIN) {
            false
        } else {
            return p.expected("TABLE, VIEW or TYPE", p.peek_token());
        };
        let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        let name = p.parse_object_name(false)?;
        p.expect_keywords(&[Keyword::SET, Keyword::SCHEMA])?;
        let target = ident(&p.parse_identifier()?);
        if p.peek_token().token != Token::EOF {
            return p.expected("end of statement", p.peek_token());
        }
        Ok((relation, if_exists, name, target))
    })();
    let Ok((relation, if_exists, name, target)) = read else {
        // Another statement mentioning SET SCHEMA (`ALTER EXTENSION`, `ALTER SEQUENCE`, ..).
        return Ok(false);
    };
    let _ = parse_error;
    let (schema, object) = qualified(&name);
    if state.model.schema(&target).is_none() {
        state.fail(
            at,
            "invalid_schema_name",
            format!("SET SCHEMA to unknown schema {target}"),
        );
        return Ok(true);
    }
    let Some(s) = state.schema_mut(&schema) else {
        return Ok(true);
    };
    let found = if relation {
        let moved = s
            .relations
            .iter()
            .position(|r| r.name == object)
            .map(|i| s.relations.remove(i));
        match moved {
            Some(r) => {
                if let Some(t) = state.schema_mut(&target) {
                    t.relations.push(r);
                }
                for s in &mut state.model.schemas {
                    for r in &mut s.relations {
                        for fk in &mut r.foreign_keys {
                            if fk.referenced_schema == schema && fk.referenced_relation == object {
                                fk.referenced_schema = target.clone();
                            }
                        }
                    }
                }
                for p in &mut state.partitions {
                    if p.schema == schema && p.parent == object {
                        p.schema = target.clone();
                    }
                    if p.child_schema == schema && p.child == object {
                        p.child_schema = target.clone();
                    }
                }
                true
            }
            None => false,
        }
    } else {
        let e = s.enums.iter().position(|e| e.name == object);
        let c = s.composites.iter().position(|c| c.name == object);
        let d = s.domains.iter().position(|d| d.name == object);
        let (e, c, d) = (
            e.map(|i| s.enums.remove(i)),
            c.map(|i| s.composites.remove(i)),
            d.map(|i| s.domains.remove(i)),
        );
        let found = e.is_some() || c.is_some() || d.is_some();
        if let Some(t) = state.schema_mut(&target) {
            t.enums.extend(e);
            t.composites.extend(c);
            t.domains.extend(d);
        }
        found
    };
    if found {
        super::retype::move_type(&mut state.model, (&schema, &object), (&target, &object));
    } else if !if_exists {
        state.fail(
            at,
            "undefined_object",
            format!("SET SCHEMA of unknown {schema}.{object}"),
        );
    }
    Ok(true)
}
