//! CREATE [OR REPLACE] FUNCTION and DROP FUNCTION. sqlparser's own CREATE FUNCTION misses
//! Postgres's `SETOF`, `RETURNS TABLE`, `SECURITY DEFINER` and `VARIADIC`, so the header is read
//! here with sqlparser's parser primitives (types and default expressions are still sqlparser's).

use sqlparser::ast::{DataType, Expr, FunctionDesc};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token};

use super::apply::{At, State};
use super::default::{is_null, print_default, ExprContext};
use super::names::{ident, qualified, quote_ident};
use super::parse::parse_error;
use super::types::{resolve, SqlType};
use crate::error::Result;
use crate::model::{ArgMode, Function, FunctionArg, FunctionReturn, ReturnColumn, Volatility};

/// One parameter as written.
pub(crate) struct Param {
    mode: Mode,
    name: Option<String>,
    data_type: DataType,
    /// Where the type is written, for warnings.
    type_at: Location,
    default: Option<Expr>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    In,
    Out,
    InOut,
    Variadic,
}

/// Parses `( [mode] [name] type [DEFAULT expr], ... )`.
pub(crate) fn params(p: &mut Parser<'_>) -> Result<Vec<Param>, ParserError> {
    p.expect_token(&Token::LParen)?;
    let mut out = Vec::new();
    if p.consume_token(&Token::RParen) {
        return Ok(out);
    }
    loop {
        let mode = match p.parse_one_of_keywords(&[Keyword::IN, Keyword::OUT, Keyword::INOUT]) {
            Some(Keyword::OUT) => Mode::Out,
            Some(Keyword::INOUT) => Mode::InOut,
            Some(_) => Mode::In,
            None if is_word(p, "variadic") => {
                p.next_token();
                Mode::Variadic
            }
            None => Mode::In,
        };
        let first_token = p.peek_token();
        let mut type_at = first_token.span.start;
        let mut data_type = p.parse_data_type()?;
        let mut name = None;
        let next = p.peek_token().token;
        let ends = matches!(next, Token::Comma | Token::RParen | Token::Eq)
            || matches!(&next, Token::Word(w) if w.keyword == Keyword::DEFAULT);
        if !ends {
            if let Token::Word(w) = &first_token.token {
                name = Some(ident(&w.clone().into_ident(first_token.span)));
            }
            type_at = p.peek_token().span.start;
            data_type = p.parse_data_type()?;
        }
        let default = if p.parse_keyword(Keyword::DEFAULT) || p.consume_token(&Token::Eq) {
            Some(p.parse_expr()?)
        } else {
            None
        };
        out.push(Param {
            mode,
            name,
            data_type,
            type_at,
            default,
        });
        if p.consume_token(&Token::Comma) {
            continue;
        }
        p.expect_token(&Token::RParen)?;
        return Ok(out);
    }
}

enum Returns {
    None,
    Type {
        set: bool,
        data_type: DataType,
        at: Location,
    },
    Table(Vec<(String, DataType, Location)>),
}

fn is_word(p: &Parser<'_>, word: &str) -> bool {
    matches!(&p.peek_token().token, Token::Word(w) if w.value.eq_ignore_ascii_case(word))
}

/// What the header says.
struct Header {
    name: sqlparser::ast::ObjectName,
    params: Vec<Param>,
    returns: Returns,
    language: String,
    volatility: Volatility,
    security_definer: bool,
}

fn header(p: &mut Parser<'_>) -> Result<Header, ParserError> {
    p.expect_keyword(Keyword::CREATE)?;
    let _ = p.parse_keywords(&[Keyword::OR, Keyword::REPLACE]);
    p.expect_keyword(Keyword::FUNCTION)?;
    let name = p.parse_object_name(false)?;
    let params = params(p)?;
    let mut returns = Returns::None;
    if p.parse_keyword(Keyword::RETURNS) {
        if p.parse_keyword(Keyword::TABLE) {
            p.expect_token(&Token::LParen)?;
            let mut columns = Vec::new();
            loop {
                let column = ident(&p.parse_identifier()?);
                let at = p.peek_token().span.start;
                columns.push((column, p.parse_data_type()?, at));
                if !p.consume_token(&Token::Comma) {
                    break;
                }
            }
            p.expect_token(&Token::RParen)?;
            returns = Returns::Table(columns);
        } else {
            let set = is_word(p, "setof");
            if set {
                p.next_token();
            }
            let at = p.peek_token().span.start;
            returns = Returns::Type {
                set,
                data_type: p.parse_data_type()?,
                at,
            };
        }
    }
    let mut language = String::new();
    let mut volatility = Volatility::Volatile;
    let mut security_definer = false;
    loop {
        let token = p.next_token();
        let Token::Word(w) = &token.token else {
            if token.token == Token::EOF {
                break;
            }
            return p.expected("a function option", token);
        };
        match w.value.to_uppercase().as_str() {
            "LANGUAGE" => {
                let t = p.next_token();
                language = match t.token {
                    Token::Word(w) => w.value.to_lowercase(),
                    Token::SingleQuotedString(s) => s.to_lowercase(),
                    _ => return p.expected("a language", t),
                };
            }
            "IMMUTABLE" => volatility = Volatility::Immutable,
            "STABLE" => volatility = Volatility::Stable,
            "VOLATILE" => volatility = Volatility::Volatile,
            "EXTERNAL" | "LEAKPROOF" | "STRICT" | "NOT" | "WINDOW" => {}
            "SECURITY" => {
                security_definer = p.parse_keyword(Keyword::DEFINER);
                if !security_definer {
                    p.expect_keyword(Keyword::INVOKER)?;
                }
            }
            "CALLED" | "RETURNS" => {
                // CALLED ON NULL INPUT, RETURNS NULL ON NULL INPUT
                while !p.parse_keyword(Keyword::INPUT) {
                    if p.next_token().token == Token::EOF {
                        return p.expected("INPUT", p.peek_token());
                    }
                }
            }
            "PARALLEL" | "COST" | "ROWS" | "SUPPORT" => {
                p.next_token();
            }
            "AS" => {
                p.next_token();
                if p.consume_token(&Token::Comma) {
                    p.next_token();
                }
            }
            "SET" => {
                // SET name { TO | = } value [, ...] | SET name FROM CURRENT
                p.next_token();
                if p.parse_keywords(&[Keyword::FROM, Keyword::CURRENT]) {
                    continue;
                }
                if !p.parse_keyword(Keyword::TO) {
                    p.expect_token(&Token::Eq)?;
                }
                loop {
                    p.next_token();
                    if !p.consume_token(&Token::Comma) {
                        break;
                    }
                }
            }
            _ => return p.expected("a function option", token),
        }
    }
    Ok(Header {
        name,
        params,
        returns,
        language,
        volatility,
        security_definer,
    })
}

/// Applies a CREATE FUNCTION statement.
pub(crate) fn create(state: &mut State, at: &At<'_>) -> Result<()> {
    let mut p = at.statement.parser();
    let h = header(&mut p).map_err(|e| parse_error(at.file, at.statement, &e))?;
    let (schema, name) = qualified(&h.name);
    if state.model.schema(&schema).is_none() {
        state.warn(at, format!("function {schema}.{name} in an unknown schema"));
        return Ok(());
    }
    // A type that cannot be resolved is unknown (the function is kept; its code takes and
    // gives `serde_json::Value` there), with a warning where the type is written.
    let resolve_or_warn = |state: &mut State, dt: &DataType, position: Location| -> SqlType {
        match resolve(dt, &state.model) {
            Ok(t) => t,
            Err(e) => {
                state.warn_at(
                    at,
                    position,
                    format!("function {name}: {e}; that type is unknown"),
                );
                SqlType::unknown(dt, e)
            }
        }
    };
    let mut args = Vec::new();
    let mut identity = Vec::new();
    let mut columns = Vec::new();
    for param in &h.params {
        let t = resolve_or_warn(state, &param.data_type, param.type_at);
        if matches!(param.mode, Mode::Out | Mode::InOut) {
            columns.push(ReturnColumn {
                name: param.name.clone().unwrap_or_default(),
                type_ref: t.type_ref.clone(),
                sql_type: t.bare.clone(),
            });
        }
        if param.mode == Mode::Out {
            identity.push(match &param.name {
                Some(n) => format!("OUT {} {}", quote_ident(n), t.bare),
                None => format!("OUT {}", t.bare),
            });
            continue;
        }
        let mode = match param.mode {
            Mode::Out => continue,
            Mode::In => ArgMode::In,
            Mode::InOut => ArgMode::InOut,
            Mode::Variadic => ArgMode::Variadic,
        };
        let prefix = match mode {
            ArgMode::In => "",
            ArgMode::InOut => "INOUT ",
            ArgMode::Variadic => "VARIADIC ",
        };
        identity.push(match &param.name {
            Some(n) => format!("{prefix}{} {}", quote_ident(n), t.bare),
            None => format!("{prefix}{}", t.bare),
        });
        let default = match &param.default {
            None => None,
            Some(e) if is_null(e) => Some(format!("NULL::{}", t.label)),
            Some(e) => {
                let ctx = ExprContext {
                    model: &state.model,
                    columns: &[],
                };
                match print_default(e, &t.label, &ctx) {
                    Ok(text) => Some(text),
                    Err(reason) => {
                        let written = e.to_string();
                        state.warn(
                            at,
                            format!("default of argument of {name} kept as written: {reason}"),
                        );
                        Some(written)
                    }
                }
            }
        };
        args.push(FunctionArg {
            name: param.name.clone(),
            mode,
            type_ref: t.type_ref,
            sql_type: t.bare,
            default,
        });
    }
    let returns = match &h.returns {
        Returns::Table(cols) => {
            for (column, dt, position) in cols {
                let t = resolve_or_warn(state, dt, *position);
                columns.push(ReturnColumn {
                    name: column.clone(),
                    type_ref: t.type_ref,
                    sql_type: t.bare,
                });
            }
            let record = resolve(
                &DataType::Custom(
                    sqlparser::ast::ObjectName::from(vec![sqlparser::ast::Ident::new("record")]),
                    vec![],
                ),
                &state.model,
            );
            let Ok(record) = record else { return Ok(()) };
            FunctionReturn {
                type_ref: record.type_ref,
                sql_type: record.bare,
                set: true,
                columns,
            }
        }
        Returns::Type {
            set,
            data_type,
            at: position,
        } => {
            let t = resolve_or_warn(state, data_type, *position);
            FunctionReturn {
                type_ref: t.type_ref,
                sql_type: t.bare,
                set: *set,
                columns,
            }
        }
        Returns::None => {
            let (type_ref, sql_type) = match columns.as_slice() {
                [one] => (one.type_ref.clone(), one.sql_type.clone()),
                _ => (
                    crate::model::TypeRef::Pseudo {
                        schema: "pg_catalog".into(),
                        name: "record".into(),
                    },
                    "record".to_string(),
                ),
            };
            FunctionReturn {
                type_ref,
                sql_type,
                set: false,
                columns,
            }
        }
    };
    let function = Function {
        name: name.clone(),
        identity_args: identity.join(", "),
        args,
        returns,
        volatility: h.volatility,
        security_definer: h.security_definer,
        language: h.language,
        comment: None,
    };
    if let Some(s) = state.schema_mut(&schema) {
        // CREATE OR REPLACE keeps the comment of the function it replaces.
        let old = s
            .functions
            .iter()
            .position(|f| f.name == function.name && f.identity_args == function.identity_args);
        let mut function = function;
        if let Some(i) = old {
            function.comment = s.functions.remove(i).comment;
        }
        s.functions.push(function);
    }
    Ok(())
}

/// The identity-argument types of a parameter list (for DROP/COMMENT ON FUNCTION), or `None`
/// when a type cannot be resolved.
pub(crate) fn identity_types(state: &State, params: &[Param]) -> Option<Vec<String>> {
    params
        .iter()
        .filter(|p| p.mode != Mode::Out)
        .map(|p| resolve(&p.data_type, &state.model).ok().map(|t| t.bare))
        .collect()
}

/// The identity-argument types of a function, from its `identity_args`.
pub(crate) fn function_types(f: &Function) -> Vec<String> {
    f.args.iter().map(|a| a.sql_type.clone()).collect()
}

/// Applies DROP FUNCTION for one function.
pub(crate) fn drop(state: &mut State, at: &At<'_>, desc: &FunctionDesc) {
    let (schema, name) = qualified(&desc.name);
    let types: Option<Vec<String>> = desc.args.as_ref().map(|args| {
        args.iter()
            .filter(|a| !matches!(a.mode, Some(sqlparser::ast::ArgMode::Out)))
            .filter_map(|a| resolve(&a.data_type, &state.model).ok().map(|t| t.bare))
            .collect()
    });
    let Some(s) = state.schema_mut(&schema) else {
        return;
    };
    let before = s.functions.len();
    s.functions
        .retain(|f| !(f.name == name && types.as_ref().map_or(true, |t| *t == function_types(f))));
    if before == s.functions.len() {
        state.warn(
            at,
            format!("DROP FUNCTION of unknown function {schema}.{name}"),
        );
    }
}
