//! CREATE DOMAIN: read here with sqlparser's parser primitives, as sqlparser's own CREATE DOMAIN
//! knows no `NOT NULL`.

use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::apply::{At, State};
use super::default::{is_null, print_default, ExprContext};
use super::names::qualified;
use super::parse::parse_error;
use super::types::resolve;
use crate::error::Result;
use crate::model::DomainType;

struct Header {
    name: sqlparser::ast::ObjectName,
    data_type: sqlparser::ast::DataType,
    default: Option<sqlparser::ast::Expr>,
    not_null: bool,
}

fn header(p: &mut Parser<'_>) -> Result<Header, ParserError> {
    p.expect_keyword(Keyword::CREATE)?;
    p.expect_keyword(Keyword::DOMAIN)?;
    let name = p.parse_object_name(false)?;
    let _ = p.parse_keyword(Keyword::AS);
    let data_type = p.parse_data_type()?;
    let (mut default, mut not_null) = (None, false);
    loop {
        if p.peek_token().token == Token::EOF {
            break;
        }
        if p.parse_keyword(Keyword::CONSTRAINT) {
            p.parse_identifier()?;
        }
        if p.parse_keyword(Keyword::COLLATE) {
            p.parse_object_name(false)?;
        } else if p.parse_keyword(Keyword::DEFAULT) {
            default = Some(p.parse_expr()?);
        } else if p.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
            not_null = true;
        } else if p.parse_keyword(Keyword::NULL) {
            not_null = false;
        } else if p.parse_keyword(Keyword::CHECK) {
            p.expect_token(&Token::LParen)?;
            p.parse_expr()?;
            p.expect_token(&Token::RParen)?;
        } else {
            return p.expected("a domain constraint", p.peek_token());
        }
    }
    Ok(Header {
        name,
        data_type,
        default,
        not_null,
    })
}

/// Applies a CREATE DOMAIN statement.
pub(crate) fn create(state: &mut State, at: &At<'_>) -> Result<()> {
    let mut p = at.statement.parser();
    let h = header(&mut p).map_err(|e| parse_error(at.file, at.statement, &e))?;
    let (schema, name) = qualified(&h.name);
    let base = match resolve(&h.data_type, &state.model) {
        Ok(t) => t,
        Err(e) => {
            state.warn(at, format!("domain {name}: {e}; domain skipped"));
            return Ok(());
        }
    };
    let default = match &h.default {
        Some(e) if !is_null(e) => {
            let ctx = ExprContext {
                model: &state.model,
                columns: &[],
            };
            Some(
                print_default(e, &base.label, &ctx).unwrap_or_else(|reason| {
                    state.warn(
                        at,
                        format!("default of domain {name} kept as written: {reason}"),
                    );
                    e.to_string()
                }),
            )
        }
        _ => None,
    };
    let domain = DomainType {
        name,
        comment: None,
        base: base.type_ref,
        base_sql_type: base.sql_type,
        not_null: h.not_null,
        default,
    };
    match state.schema_mut(&schema) {
        Some(s) => s.domains.push(domain),
        None => state.warn(at, format!("domain in unknown schema {schema}")),
    }
    Ok(())
}

/// Applies `ALTER DOMAIN name action`: `SET DEFAULT`, `DROP DEFAULT`, `SET NOT NULL`, `DROP NOT
/// NULL` and `RENAME TO` change the model; constraint actions and `OWNER TO` do not (`SET
/// SCHEMA` is `set_schema`'s).
pub(crate) fn alter(state: &mut State, at: &At<'_>) -> Result<()> {
    enum Action {
        Default(Option<Box<sqlparser::ast::Expr>>),
        NotNull(bool),
        Rename(String),
        Other,
    }
    let mut p = at.statement.parser();
    let read = (|| {
        p.expect_keyword(Keyword::ALTER)?;
        p.expect_keyword(Keyword::DOMAIN)?;
        let name = p.parse_object_name(false)?;
        let action = if p.parse_keywords(&[Keyword::SET, Keyword::DEFAULT]) {
            Action::Default(Some(Box::new(p.parse_expr()?)))
        } else if p.parse_keywords(&[Keyword::DROP, Keyword::DEFAULT]) {
            Action::Default(None)
        } else if p.parse_keywords(&[Keyword::SET, Keyword::NOT, Keyword::NULL]) {
            Action::NotNull(true)
        } else if p.parse_keywords(&[Keyword::DROP, Keyword::NOT, Keyword::NULL]) {
            Action::NotNull(false)
        } else if p.parse_keywords(&[Keyword::RENAME, Keyword::TO]) {
            Action::Rename(super::names::ident(&p.parse_identifier()?))
        } else {
            Action::Other
        };
        Ok((name, action))
    })();
    let (name, action) = read.map_err(|e| parse_error(at.file, at.statement, &e))?;
    let (schema, domain) = qualified(&name);
    let label = state
        .model
        .schema(&schema)
        .and_then(|s| s.domain(&domain))
        .map(|d| super::default::column_label_of(&d.base_sql_type));
    let Some(label) = label else {
        state.fail(
            at,
            "undefined_object",
            format!("ALTER DOMAIN of unknown domain {schema}.{domain}"),
        );
        return Ok(());
    };
    let printed = match &action {
        Action::Default(Some(e)) if !is_null(e) => {
            let ctx = ExprContext {
                model: &state.model,
                columns: &[],
            };
            Some(print_default(e, &label, &ctx).unwrap_or_else(|reason| {
                state.warn(
                    at,
                    format!("default of domain {domain} kept as written: {reason}"),
                );
                e.to_string()
            }))
        }
        _ => None,
    };
    let Some(d) = state
        .schema_mut(&schema)
        .and_then(|s| s.domains.iter_mut().find(|d| d.name == domain))
    else {
        return Ok(());
    };
    match action {
        Action::Default(_) => d.default = printed,
        Action::NotNull(on) => d.not_null = on,
        Action::Rename(new) => {
            d.name = new.clone();
            super::retype::rename_type(&mut state.model, &schema, &domain, &new);
        }
        Action::Other => {}
    }
    Ok(())
}
