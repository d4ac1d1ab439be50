//! `ALTER FUNCTION name [(args)] action ...` (sqlparser does not read it): `SECURITY DEFINER |
//! INVOKER`, `IMMUTABLE | STABLE | VOLATILE`, `RENAME TO`, `SET SCHEMA` change the model; `SET
//! search_path ..` (the Supabase security advisor's fix), `RESET`, `OWNER TO`, `[NOT]
//! LEAKPROOF`, `STRICT`, `CALLED ON NULL INPUT`, `PARALLEL`, `COST`, `ROWS` and `DEPENDS ON
//! EXTENSION` do not.

use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::apply::{At, State};
use super::function::{function_types, identity_types, params};
use super::names::{ident, qualified};
use super::parse::parse_error;
use crate::error::Result;
use crate::model::Volatility;

/// What the statement changes.
#[derive(Default)]
struct Changes {
    security_definer: Option<bool>,
    volatility: Option<Volatility>,
    rename: Option<String>,
    schema: Option<String>,
}

fn actions(p: &mut Parser<'_>) -> Result<Changes, ParserError> {
    let mut c = Changes::default();
    loop {
        let token = p.next_token();
        let Token::Word(w) = &token.token else {
            if token.token == Token::EOF {
                return Ok(c);
            }
            continue;
        };
        match w.value.to_uppercase().as_str() {
            "SECURITY" => {
                c.security_definer = Some(p.parse_keyword(Keyword::DEFINER));
                if c.security_definer == Some(false) {
                    p.expect_keyword(Keyword::INVOKER)?;
                }
            }
            "EXTERNAL" => {}
            "IMMUTABLE" => c.volatility = Some(Volatility::Immutable),
            "STABLE" => c.volatility = Some(Volatility::Stable),
            "VOLATILE" => c.volatility = Some(Volatility::Volatile),
            "RENAME" => {
                p.expect_keyword(Keyword::TO)?;
                c.rename = Some(ident(&p.parse_identifier()?));
            }
            "SET" if p.parse_keyword(Keyword::SCHEMA) => {
                c.schema = Some(ident(&p.parse_identifier()?));
            }
            // SET param {TO | =} value, .. / FROM CURRENT, RESET .., OWNER TO, and the rest:
            // their arguments are skipped with them (they are single words or values).
            _ => {}
        }
    }
}

/// Applies an `ALTER FUNCTION` statement.
pub(crate) fn apply(state: &mut State, at: &At<'_>) -> Result<()> {
    let mut p = at.statement.parser();
    let read = (|| {
        p.expect_keywords(&[Keyword::ALTER, Keyword::FUNCTION])?;
        let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        let name = p.parse_object_name(false)?;
        let args = if p.peek_token().token == Token::LParen {
            Some(params(&mut p)?)
        } else {
            None
        };
        Ok((if_exists, name, args, actions(&mut p)?))
    })();
    let (if_exists, name, args, changes) =
        read.map_err(|e| parse_error(at.file, at.statement, &e))?;
    let (schema, function) = qualified(&name);
    let types = args.as_ref().and_then(|a| identity_types(state, a));
    let Some(s) = state.schema_mut(&schema) else {
        return Ok(());
    };
    let matching: Vec<usize> = s
        .functions
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.name == function && types.as_ref().map_or(true, |t| *t == function_types(f))
        })
        .map(|(i, _)| i)
        .collect();
    let [i] = matching.as_slice() else {
        if !if_exists {
            state.warn(
                at,
                format!("ALTER FUNCTION of unknown or ambiguous function {schema}.{function}"),
            );
        }
        return Ok(());
    };
    let f = &mut s.functions[*i];
    if let Some(definer) = changes.security_definer {
        f.security_definer = definer;
    }
    if let Some(v) = changes.volatility {
        f.volatility = v;
    }
    if let Some(new) = changes.rename {
        f.name = new;
    }
    if let Some(target) = changes.schema {
        let f = s.functions.remove(*i);
        match state.schema_mut(&target) {
            Some(t) => t.functions.push(f),
            None => state.warn(
                at,
                format!("ALTER FUNCTION .. SET SCHEMA of unknown schema {target}"),
            ),
        }
    }
    Ok(())
}
