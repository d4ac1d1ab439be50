//! The way out of a statement PostgREST cannot express: a SQL function made from the user's own
//! statement (parameters typed from the columns they are compared with, the result typed from
//! the schema), to create in a migration and call through `query!`.
//!
//! The body is the statement as sqlparser prints it, so `$1`, `$2`, ... still name the
//! parameters (a SQL function may refer to its arguments by position). Each parameter gets a
//! name, because PostgREST passes arguments by name. A result column whose type cannot be read
//! from the schema is cast to `text` in the body, so the function always matches its signature.

use sqlparser::ast::{
    CastKind, DataType, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Query, SelectItem,
    SetExpr, Statement, TableFactor, Value,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, Tokenizer};
use supabase_codegen::{Relation, TypeRef};

use super::column_ref::idents;
use crate::query::error::WayOut;
use crate::query::resolve::Catalog;

/// A table of the statement: its alias (or name), schema and relation.
struct Scope<'a> {
    alias: String,
    schema: String,
    relation: &'a Relation,
}

/// A type as SQL writes it: `bigint[]`, `public.user_status` (schema-qualified outside `public`).
fn sql_type(type_ref: &TypeRef) -> String {
    match type_ref {
        TypeRef::Array { element } => format!("{}[]", sql_type(element)),
        other => {
            let name = other.name().unwrap_or("text");
            match other.schema() {
                Some("pg_catalog" | "public") | None => name.to_owned(),
                Some(schema) => format!("{schema}.{name}"),
            }
        }
    }
}

fn word(token: &Token) -> Option<&str> {
    match token {
        Token::Word(w) => Some(w.value.as_str()),
        _ => None,
    }
}

fn keyword(token: &Token) -> Keyword {
    match token {
        Token::Word(w) if w.quote_style.is_none() => w.keyword,
        _ => Keyword::NoKeyword,
    }
}

impl<'a> Catalog<'a> {
    /// The tables the statement names after FROM, JOIN, UPDATE, INTO, USING, with their aliases.
    fn scopes(&self, tokens: &[Token]) -> Vec<Scope<'a>> {
        let mut out = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            if !matches!(
                keyword(token),
                Keyword::FROM | Keyword::JOIN | Keyword::UPDATE | Keyword::INTO | Keyword::USING
            ) {
                continue;
            }
            let Some(first) = tokens.get(i + 1).and_then(word) else {
                continue;
            };
            let (schema, name, mut next) =
                match (tokens.get(i + 2), tokens.get(i + 3).and_then(word)) {
                    (Some(Token::Period), Some(table)) => (first, table, i + 4),
                    _ => ("public", first, i + 2),
                };
            let Some(relation) = self.model.schema(schema).and_then(|s| s.relation(name)) else {
                continue;
            };
            if keyword(tokens.get(next).unwrap_or(&Token::EOF)) == Keyword::AS {
                next += 1;
            }
            let alias = match tokens.get(next) {
                Some(t @ Token::Word(w)) if keyword(t) == Keyword::NoKeyword => w.value.clone(),
                _ => name.to_owned(),
            };
            out.push(Scope {
                alias,
                schema: schema.to_owned(),
                relation,
            });
        }
        out
    }
}

fn column_type(scopes: &[Scope<'_>], qualifier: Option<&str>, name: &str) -> Option<TypeRef> {
    scopes
        .iter()
        .filter(|s| qualifier.map_or(true, |q| s.alias == q || s.relation.name == q))
        .find_map(|s| s.relation.columns.iter().find(|c| c.name == name))
        .map(|c| c.type_ref.clone())
}

/// The column just before (`col = $1`, `t.col <@ $1`) or after (`$1 < col`) a placeholder.
fn column_near(
    scopes: &[Scope<'_>],
    tokens: &[Token],
    at: usize,
    forward: bool,
) -> Option<(String, TypeRef)> {
    let get = |i: isize| -> Option<&Token> { usize::try_from(i).ok().and_then(|i| tokens.get(i)) };
    let at = isize::try_from(at).ok()?;
    let step: isize = if forward { 1 } else { -1 };
    let op = get(at + step)?;
    let comparison = matches!(
        op,
        Token::Eq
            | Token::Neq
            | Token::Lt
            | Token::Gt
            | Token::LtEq
            | Token::GtEq
            | Token::AtArrow
            | Token::ArrowAt
            | Token::Overlap
    ) || matches!(keyword(op), Keyword::LIKE | Keyword::ILIKE);
    if !comparison {
        return None;
    }
    let name_at = at + 2 * step;
    let name = get(name_at).and_then(word)?;
    if forward && matches!(get(name_at + 1), Some(Token::LParen | Token::Period)) {
        if let (Some(Token::Period), Some(column)) =
            (get(name_at + 1), get(name_at + 2).and_then(word))
        {
            return column_type(scopes, Some(name), column).map(|t| (column.to_owned(), t));
        }
        return None;
    }
    let qualifier = match (get(name_at - 1), get(name_at - 2).and_then(word)) {
        (Some(Token::Period), Some(q)) if !forward => Some(q),
        _ => None,
    };
    column_type(scopes, qualifier, name).map(|t| (name.to_owned(), t))
}

/// The name and SQL type of parameter `$n` from where it appears.
fn param(scopes: &[Scope<'_>], tokens: &[Token], n: usize) -> (String, String) {
    let placeholder = format!("${n}");
    let fallback = (format!("p{n}"), "text".to_owned());
    let Some(at) = tokens
        .iter()
        .position(|t| matches!(t, Token::Placeholder(p) if *p == placeholder))
    else {
        return fallback;
    };
    let before = |k: usize| at.checked_sub(k).and_then(|i| tokens.get(i));
    // `$1::type`, `cast($1 as type)`.
    if let (Some(Token::DoubleColon) | Some(Token::Word(_)), Some(ty)) =
        (tokens.get(at + 1), tokens.get(at + 2).and_then(word))
    {
        if matches!(tokens.get(at + 1), Some(Token::DoubleColon))
            || keyword(&tokens[at + 1]) == Keyword::AS
        {
            let array = matches!(tokens.get(at + 3), Some(Token::LBracket));
            let ty = if array {
                format!("{ty}[]")
            } else {
                ty.to_owned()
            };
            return (format!("p{n}"), ty);
        }
    }
    match before(1).map(keyword) {
        Some(Keyword::LIMIT) => return ("p_limit".to_owned(), "bigint".to_owned()),
        Some(Keyword::OFFSET) => return ("p_offset".to_owned(), "bigint".to_owned()),
        _ => {}
    }
    // `col = any($1)` / `col <> all($1)`: an array of the column's type.
    if matches!(before(1), Some(Token::LParen))
        && matches!(
            before(2).map(keyword),
            Some(Keyword::ANY | Keyword::ALL | Keyword::SOME)
        )
    {
        if let Some((name, ty)) = column_near(scopes, tokens, at - 2, false) {
            return (format!("p_{name}"), format!("{}[]", sql_type(&ty)));
        }
    }
    // `$1 = any(array_col)`: the array's element type.
    if matches!(tokens.get(at + 1), Some(Token::Eq))
        && matches!(
            keyword(tokens.get(at + 2).unwrap_or(&Token::EOF)),
            Keyword::ANY
        )
    {
        if let Some(col) = tokens.get(at + 4).and_then(word) {
            if let Some(TypeRef::Array { element }) = column_type(scopes, None, col) {
                return (format!("p_{col}"), sql_type(&element));
            }
        }
    }
    // `col between $1 and $2`.
    if matches!(before(1).map(keyword), Some(Keyword::BETWEEN)) {
        if let Some(col) = before(2).and_then(word) {
            if let Some(ty) = column_type(scopes, None, col) {
                return (format!("p_{col}_from"), sql_type(&ty));
            }
        }
    }
    if matches!(before(1).map(keyword), Some(Keyword::AND))
        && matches!(before(2), Some(Token::Placeholder(_)))
        && matches!(before(3).map(keyword), Some(Keyword::BETWEEN))
    {
        if let Some(col) = before(4).and_then(word) {
            if let Some(ty) = column_type(scopes, None, col) {
                return (format!("p_{col}_to"), sql_type(&ty));
            }
        }
    }
    if let Some((name, ty)) =
        column_near(scopes, tokens, at, false).or_else(|| column_near(scopes, tokens, at, true))
    {
        return (format!("p_{name}"), sql_type(&ty));
    }
    fallback
}

/// The SQL type of a select-list expression, if the schema says it.
fn expr_type(scopes: &[Scope<'_>], expr: &Expr) -> Option<String> {
    if let Some(path) = idents(expr) {
        let names: Vec<&str> = path.iter().map(|i| i.value.as_str()).collect();
        return match names.as_slice() {
            [name] => column_type(scopes, None, name),
            [qualifier, name] => column_type(scopes, Some(qualifier), name),
            _ => None,
        }
        .map(|t| sql_type(&t));
    }
    match expr {
        Expr::Nested(inner) => expr_type(scopes, inner),
        Expr::Cast {
            kind: CastKind::DoubleColon | CastKind::Cast,
            data_type,
            ..
        } => Some(data_type_text(data_type)),
        Expr::Function(function) => {
            let name = function.name.to_string().to_ascii_lowercase();
            let first = match &function.args {
                FunctionArguments::List(list) => list.args.first().and_then(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                    _ => None,
                }),
                _ => None,
            };
            let first_type = first.and_then(|e| expr_type(scopes, e));
            match name.as_str() {
                "count" | "row_number" | "rank" | "dense_rank" | "ntile" => Some("bigint".into()),
                "now" | "current_timestamp" => Some("timestamptz".into()),
                "auth.uid" => Some("uuid".into()),
                "json_agg" | "json_build_object" | "to_json" | "json_object_agg" => {
                    Some("json".into())
                }
                "jsonb_agg" | "jsonb_build_object" | "to_jsonb" | "jsonb_object_agg" => {
                    Some("jsonb".into())
                }
                "array_agg" => first_type.map(|t| format!("{t}[]")),
                "string_agg" | "concat" | "lower" | "upper" => Some("text".into()),
                "min" | "max" | "coalesce" | "lag" | "lead" | "first_value" | "last_value" => {
                    first_type
                }
                "avg" => Some("numeric".into()),
                "sum" => match first_type.as_deref() {
                    Some("int2" | "int4") => Some("bigint".into()),
                    Some("float4" | "float8") => first_type,
                    _ => Some("numeric".into()),
                },
                "exists" => Some("boolean".into()),
                _ => None,
            }
        }
        Expr::Exists { .. } | Expr::InSubquery { .. } | Expr::IsNull(_) | Expr::IsNotNull(_) => {
            Some("boolean".into())
        }
        Expr::Value(v) => match &v.value {
            Value::Boolean(_) => Some("boolean".into()),
            _ => None,
        },
        _ => None,
    }
}

fn data_type_text(data_type: &DataType) -> String {
    data_type.to_string().to_ascii_lowercase()
}

fn output_name(expr: &Expr, index: usize) -> String {
    match expr {
        Expr::Identifier(ident) => ident.value.clone(),
        Expr::CompoundIdentifier(idents) => idents
            .last()
            .map_or_else(|| format!("column_{index}"), |i| i.value.clone()),
        Expr::Cast { expr, .. } | Expr::Nested(expr) => output_name(expr, index),
        Expr::Function(f) => f
            .name
            .0
            .last()
            .map_or_else(|| format!("column_{index}"), |p| p.to_string()),
        _ => format!("column_{index}"),
    }
}

/// The names (aliases, else table names) of the top level FROM tables and joins of a SELECT.
fn top_tables(statement: &Statement) -> Option<Vec<String>> {
    let Statement::Query(query) = statement else {
        return None;
    };
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    let mut out = Vec::new();
    for from in &select.from {
        for factor in std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation))
        {
            if let TableFactor::Table { name, alias, .. } = factor {
                out.push(match alias {
                    Some(alias) => alias.name.value.clone(),
                    None => name.0.last().map(|p| p.to_string()).unwrap_or_default(),
                });
            }
        }
    }
    Some(out)
}

/// The select list (or RETURNING list) of the statement.
fn output_items(statement: &Statement) -> Option<&[SelectItem]> {
    fn of_query(query: &Query) -> Option<&[SelectItem]> {
        match query.body.as_ref() {
            SetExpr::Select(select) => Some(&select.projection),
            SetExpr::SetOperation { left, .. } => match left.as_ref() {
                SetExpr::Select(select) => Some(&select.projection),
                SetExpr::Query(q) => of_query(q),
                _ => None,
            },
            SetExpr::Query(q) => of_query(q),
            _ => None,
        }
    }
    match statement {
        Statement::Query(query) => of_query(query),
        Statement::Update { returning, .. } => returning.as_deref(),
        Statement::Delete(delete) => delete.returning.as_deref(),
        Statement::Insert(insert) => insert.returning.as_deref(),
        _ => None,
    }
}

/// Builds the function and its call for `statement` with `params` parameters.
pub(super) fn way_out(catalog: &Catalog<'_>, statement: &Statement, params: usize) -> WayOut {
    let mut statement = statement.clone();
    let dialect = PostgreSqlDialect {};
    let printed = statement.to_string();
    let tokens: Vec<Token> = Tokenizer::new(&dialect, &printed)
        .tokenize()
        .unwrap_or_default()
        .into_iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let mut scopes = catalog.scopes(&tokens);
    // Tables of subqueries type parameters; the result comes from the top level ones.
    let top: Vec<Scope<'_>> = match top_tables(&statement) {
        Some(names) => names
            .iter()
            .filter_map(|n| {
                scopes.iter().position(|s| s.alias == *n).map(|i| Scope {
                    alias: scopes[i].alias.clone(),
                    schema: scopes[i].schema.clone(),
                    relation: scopes[i].relation,
                })
            })
            .collect(),
        None => scopes
            .iter()
            .take(1)
            .map(|s| Scope {
                alias: s.alias.clone(),
                schema: s.schema.clone(),
                relation: s.relation,
            })
            .collect(),
    };
    scopes.sort_by_key(|s| !top.iter().any(|t| t.alias == s.alias));
    // A row lock (`for update`) is refused in a stable function: it counts as a write.
    let write = match &statement {
        Statement::Query(query) => !query.locks.is_empty(),
        _ => true,
    };
    let root = scopes.first();
    let verb = match &statement {
        Statement::Update { .. } => "update",
        Statement::Insert(_) => "insert",
        Statement::Delete(_) => "delete",
        _ => "get",
    };
    let name = format!(
        "{verb}_{}",
        root.map_or("rows", |s| s.relation.name.as_str())
    );

    let mut names: Vec<String> = Vec::new();
    let mut signature = Vec::new();
    for n in 1..=params {
        let (mut param_name, ty) = param(&scopes, &tokens, n);
        if names.contains(&param_name) {
            param_name = format!("{param_name}_{n}");
        }
        signature.push(format!("{param_name} {ty}"));
        names.push(param_name);
    }

    // The result: `setof table` for `*` of one table, else `table(...)` typed column by column
    // (what the schema cannot type is cast to text in the body).
    let single_star =
        matches!(output_items(&statement), Some([SelectItem::Wildcard(_)])) && top.len() == 1;
    let returns = match output_items(&statement) {
        None => "void".to_owned(),
        Some(_) if single_star => {
            let root = &top[0];
            let schema = if root.schema == "public" {
                String::new()
            } else {
                format!("{}.", root.schema)
            };
            format!("setof {schema}{}", root.relation.name)
        }
        Some(items) => {
            let mut columns: Vec<(String, String)> = Vec::new();
            let mut casts = Vec::new();
            for (index, item) in items.iter().enumerate() {
                match item {
                    SelectItem::Wildcard(_) => {
                        for scope in &top {
                            for c in &scope.relation.columns {
                                columns.push((c.name.clone(), sql_type(&c.type_ref)));
                            }
                        }
                    }
                    SelectItem::QualifiedWildcard(kind, _) => {
                        let qualifier = kind.to_string();
                        let qualifier = qualifier.trim_end_matches(".*");
                        if let Some(scope) = scopes
                            .iter()
                            .find(|s| s.alias == qualifier || s.relation.name == qualifier)
                        {
                            for c in &scope.relation.columns {
                                columns.push((c.name.clone(), sql_type(&c.type_ref)));
                            }
                        }
                    }
                    SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => {
                        let column = match item {
                            SelectItem::ExprWithAlias { alias, .. } => alias.value.clone(),
                            _ => output_name(expr, index + 1),
                        };
                        match expr_type(&scopes, expr) {
                            Some(ty) => columns.push((column, ty)),
                            None => {
                                casts.push(index);
                                columns.push((column, "text".to_owned()));
                            }
                        }
                    }
                }
            }
            cast_to_text(&mut statement, &casts);
            let mut seen: Vec<String> = Vec::new();
            let declared: Vec<String> = columns
                .into_iter()
                .map(|(mut column, ty)| {
                    if seen.contains(&column) {
                        column = format!("{column}_{}", seen.len() + 1);
                    }
                    seen.push(column.clone());
                    format!("{} {ty}", quote_ident(&column))
                })
                .collect();
            format!("table ({})", declared.join(", "))
        }
    };
    let volatility = if write { "volatile" } else { "stable" };
    let function = format!(
        "create or replace function {name}({})\nreturns {returns}\nlanguage sql {volatility}\nas $$\n  {statement}\n$$;",
        signature.join(", ")
    );
    WayOut {
        function,
        name,
        params: names,
        ..WayOut::default()
    }
}

fn quote_ident(name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        name.to_owned()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// Casts the select items at `indexes` to text (their type is not known from the schema).
fn cast_to_text(statement: &mut Statement, indexes: &[usize]) {
    if indexes.is_empty() {
        return;
    }
    let items = match statement {
        Statement::Query(query) => match query.body.as_mut() {
            SetExpr::Select(select) => &mut select.projection,
            _ => return,
        },
        Statement::Update {
            returning: Some(items),
            ..
        } => items,
        _ => return,
    };
    for &index in indexes {
        let Some(item) = items.get_mut(index) else {
            continue;
        };
        let expr = match item {
            SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => expr,
            _ => continue,
        };
        let name = output_name(expr, index + 1);
        let cast = Expr::Cast {
            kind: CastKind::DoubleColon,
            expr: Box::new(Expr::Nested(Box::new(expr.clone()))),
            data_type: DataType::Text,
            format: None,
        };
        *item = match item {
            SelectItem::ExprWithAlias { alias, .. } => SelectItem::ExprWithAlias {
                expr: cast,
                alias: alias.clone(),
            },
            _ => SelectItem::ExprWithAlias {
                expr: cast,
                alias: sqlparser::ast::Ident::new(name),
            },
        };
    }
}
