//! Unique indexes, as far as they become constraints: `supabase db diff` (migra) writes a
//! primary key or unique constraint as `CREATE UNIQUE INDEX x_pkey ON .. (id)` followed by
//! `ALTER TABLE .. ADD CONSTRAINT x_pkey PRIMARY KEY USING INDEX x_pkey`. The model keeps no
//! indexes, so the columns of every plain unique index are remembered here until a constraint
//! takes them over. `ALTER INDEX .. RENAME TO` renames the constraint an index backs, as
//! PostgreSQL does.

use sqlparser::ast::{Expr, Statement as Ast};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan, Word};

use super::apply::{At, State};
use super::names::{ident, object_name, qualified};
use super::parse::Statement;

/// A unique index on plain columns (no expressions, no `WHERE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UniqueIndex {
    pub(crate) schema: String,
    pub(crate) name: String,
    pub(crate) columns: Vec<String>,
}

/// Records `CREATE UNIQUE INDEX` on plain columns; any other index changes nothing.
pub(crate) fn create(state: &mut State, at: &At<'_>) {
    let Ok(Ast::CreateIndex(index)) = at.statement.parser().parse_statement() else {
        return;
    };
    if !index.unique || index.predicate.is_some() {
        return;
    }
    let Some(name) = &index.name else {
        return;
    };
    let columns: Option<Vec<String>> = index
        .columns
        .iter()
        .map(|c| match &c.column.expr {
            Expr::Identifier(i) => Some(ident(i)),
            _ => None,
        })
        .collect();
    let Some(columns) = columns else {
        return;
    };
    // An index lives in its table's schema.
    let (schema, _) = qualified(&index.table_name);
    let name = object_name(name).1;
    state
        .indexes
        .retain(|i| !(i.schema == schema && i.name == name));
    state.indexes.push(UniqueIndex {
        schema,
        name,
        columns,
    });
}

/// `DROP INDEX [IF EXISTS] a, b`: forgets them.
pub(crate) fn drop(state: &mut State, names: &[sqlparser::ast::ObjectName]) {
    for name in names {
        let (schema, name) = qualified(name);
        state
            .indexes
            .retain(|i| !(i.schema == schema && i.name == name));
    }
}

/// `ALTER INDEX [IF EXISTS] name RENAME TO new`: the index and the constraint it backs (a
/// primary key or unique constraint of the same name in that schema) are renamed.
pub(crate) fn rename(state: &mut State, old: &sqlparser::ast::ObjectName, new: &str) {
    let (schema, old) = qualified(old);
    for i in state
        .indexes
        .iter_mut()
        .filter(|i| i.schema == schema && i.name == old)
    {
        i.name = new.to_string();
    }
    let Some(s) = state.schema_mut(&schema) else {
        return;
    };
    for r in &mut s.relations {
        for name in r
            .primary_key
            .iter_mut()
            .map(|p| &mut p.name)
            .chain(r.unique_constraints.iter_mut().map(|u| &mut u.name))
        {
            if *name == old {
                *name = new.to_string();
            }
        }
    }
}

fn word(t: &TokenWithSpan) -> Option<&Word> {
    match &t.token {
        Token::Word(w) => Some(w),
        _ => None,
    }
}

fn keyword(t: &TokenWithSpan, k: Keyword) -> bool {
    word(t).is_some_and(|w| w.keyword == k && w.quote_style.is_none())
}

/// `ALTER TABLE t ADD [CONSTRAINT c] {PRIMARY KEY | UNIQUE} USING INDEX i` rewritten to
/// `ALTER TABLE t ADD CONSTRAINT c {PRIMARY KEY | UNIQUE} ("col", ..)` with the index's columns
/// (the constraint is named after the index when the statement names none, as PostgreSQL does).
/// `None` when the statement has no `USING INDEX` or the index is not known (then a warning
/// says so).
pub(crate) fn using_index(state: &mut State, at: &At<'_>) -> Option<Statement> {
    let tokens = &at.statement.tokens;
    let solid: Vec<usize> = (0..tokens.len())
        .filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_)))
        .collect();
    let k = (1..solid.len()).find(|&k| {
        keyword(&tokens[solid[k]], Keyword::INDEX) && keyword(&tokens[solid[k - 1]], Keyword::USING)
    })?;
    // `USING INDEX` of a REPLICA IDENTITY is not a constraint.
    if at
        .statement
        .contains_keywords(&[Keyword::REPLICA, Keyword::IDENTITY])
    {
        return None;
    }
    let index_token = tokens.get(*solid.get(k + 1)?)?;
    let index_name = ident(&word(index_token)?.clone().into_ident(index_token.span));
    // The table's schema: `ALTER TABLE [IF EXISTS] [ONLY] name`.
    let mut p = at.statement.parser();
    let table = (|| {
        p.expect_keywords(&[Keyword::ALTER, Keyword::TABLE]).ok()?;
        let _ = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        let _ = p.parse_keyword(Keyword::ONLY);
        p.parse_object_name(false).ok()
    })()?;
    let (schema, _) = qualified(&table);
    let Some(index) = state
        .indexes
        .iter()
        .find(|i| i.schema == schema && i.name == index_name)
        .cloned()
    else {
        state.warn(
            at,
            format!(
                "constraint USING INDEX {index_name}: the index is not a known unique index \
                 on plain columns; constraint skipped"
            ),
        );
        return Some(Statement {
            tokens: Vec::new(),
            line: at.statement.line,
            column: at.statement.column,
        });
    };
    // PRIMARY KEY / UNIQUE before USING, and whether CONSTRAINT name is written.
    let kind_at = solid[k - 1];
    let named = solid[..k]
        .iter()
        .any(|&i| keyword(&tokens[i], Keyword::CONSTRAINT));
    let columns: Vec<String> = index
        .columns
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect();
    let mut sql: String = tokens[..kind_at]
        .iter()
        .map(|t| t.token.to_string())
        .collect();
    if !named {
        // Insert `CONSTRAINT "index"` before PRIMARY KEY / UNIQUE.
        let kind_start = solid[..k]
            .iter()
            .rev()
            .find(|&&i| {
                keyword(&tokens[i], Keyword::PRIMARY) || keyword(&tokens[i], Keyword::UNIQUE)
            })
            .copied()?;
        sql = tokens[..kind_start]
            .iter()
            .map(|t| t.token.to_string())
            .collect();
        sql.push_str(&format!(
            "CONSTRAINT \"{}\" ",
            index.name.replace('"', "\"\"")
        ));
        sql.extend(
            tokens[kind_start..kind_at]
                .iter()
                .map(|t| t.token.to_string()),
        );
    }
    sql.push_str(&format!(" ({})", columns.join(", ")));
    let after = solid.get(k + 2).map_or(tokens.len(), |&i| i);
    sql.extend(tokens[after..].iter().map(|t| t.token.to_string()));
    state
        .indexes
        .retain(|i| !(i.schema == schema && i.name == index_name));
    let tokens = super::parse::tokenize_at(&sql, at.file, at.statement.line, at.statement.column)
        .ok()?
        .into_iter()
        .filter(|t| t.token != Token::EOF)
        .collect();
    Some(Statement {
        tokens,
        line: at.statement.line,
        column: at.statement.column,
    })
}
