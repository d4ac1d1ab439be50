//! Partitioned tables: `CREATE TABLE .. PARTITION BY` (the clause does not change the model),
//! `CREATE TABLE .. PARTITION OF parent FOR VALUES ..`, `ALTER TABLE parent ATTACH / DETACH
//! PARTITION`, and constraints added to a partitioned table reaching its partitions, as
//! PostgreSQL 15 does it: a partition has the parent's columns (types, `NOT NULL`, defaults,
//! identity), its own primary key and unique constraints named after itself
//! (`events_2024_01_pkey`), and the parent's foreign keys under the parent's names.

use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::apply::{At, State};
use super::names::qualified;
use super::parse::{parse_error, Statement};
use super::table::choose_name;
use crate::error::Result;
use crate::model::{ForeignKey, PrimaryKey, Relation, RelationKind, UniqueConstraint};

/// A partition of a partitioned table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Partition {
    pub(crate) schema: String,
    pub(crate) parent: String,
    pub(crate) child_schema: String,
    pub(crate) child: String,
    /// `DEFAULT` partition (kept after the others).
    pub(crate) default: bool,
}

/// The statement without a top-level `PARTITION BY ..` clause (after the column list), if it
/// has one.
pub(crate) fn without_partition_by(statement: &Statement) -> Option<Statement> {
    let mut depth = 0usize;
    let mut seen_columns = false;
    let words: Vec<(usize, &Token)> = statement
        .tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !matches!(t.token, Token::Whitespace(_)))
        .map(|(i, t)| (i, &t.token))
        .collect();
    for (k, (i, token)) in words.iter().enumerate() {
        match token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth = depth.saturating_sub(1);
                seen_columns |= depth == 0;
            }
            Token::Word(w) if depth == 0 && seen_columns && w.keyword == Keyword::PARTITION => {
                let by = matches!(words.get(k + 1), Some((_, Token::Word(b))) if b.keyword == Keyword::BY);
                if by {
                    return Some(Statement {
                        tokens: statement.tokens[..*i].to_vec(),
                        line: statement.line,
                        column: statement.column,
                    });
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether the partition bound is `DEFAULT` (the statement ends with it).
fn is_default(statement: &Statement) -> bool {
    statement
        .tokens
        .iter()
        .rev()
        .find(|t| !matches!(t.token, Token::Whitespace(_)))
        .is_some_and(|t| matches!(&t.token, Token::Word(w) if w.keyword == Keyword::DEFAULT))
}

/// Whether a CREATE TABLE statement is `.. PARTITION OF ..`.
pub(crate) fn is_partition_of(statement: &Statement) -> bool {
    statement.contains_keywords(&[Keyword::PARTITION, Keyword::OF])
}

/// `CREATE [UNLOGGED] TABLE [IF NOT EXISTS] name PARTITION OF parent`, read up to there.
fn partition_of_header(
    p: &mut Parser<'_>,
) -> Result<(sqlparser::ast::ObjectName, bool, sqlparser::ast::ObjectName), ParserError> {
    p.expect_keyword(Keyword::CREATE)?;
    let _ = p.parse_keyword(Keyword::UNLOGGED);
    p.expect_keyword(Keyword::TABLE)?;
    let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    p.expect_keywords(&[Keyword::PARTITION, Keyword::OF])?;
    let parent = p.parse_object_name(false)?;
    Ok((name, if_not_exists, parent))
}

/// Applies `CREATE TABLE .. PARTITION OF ..`.
pub(crate) fn create_partition_of(state: &mut State, at: &At<'_>) -> Result<()> {
    let mut p = at.statement.parser();
    let (name, if_not_exists, parent) =
        partition_of_header(&mut p).map_err(|e| parse_error(at.file, at.statement, &e))?;
    if p.peek_token().token == Token::LParen {
        state.warn(
            at,
            "column options and constraints of a partition are not modeled",
        );
    }
    let (schema, table) = qualified(&name);
    let (parent_schema, parent_name) = qualified(&parent);
    if state.relation_mut(&schema, &table).is_some() {
        if !if_not_exists {
            state.fail(
                at,
                "duplicate_table",
                format!("table {schema}.{table} already exists"),
            );
        }
        return Ok(());
    }
    let Some(parent_relation) = state
        .model
        .schema(&parent_schema)
        .and_then(|s| s.relation(&parent_name))
        .cloned()
    else {
        state.fail(
            at,
            "undefined_table",
            format!("PARTITION OF unknown table {parent_schema}.{parent_name}"),
        );
        return Ok(());
    };
    let Some(s) = state.schema_mut(&schema) else {
        state.fail(
            at,
            "invalid_schema_name",
            format!("CREATE TABLE in unknown schema {schema}"),
        );
        return Ok(());
    };
    let mut relation = Relation::new(table.clone(), RelationKind::Table);
    relation.insertable = true;
    relation.updatable = true;
    relation.deletable = true;
    for column in &parent_relation.columns {
        let mut c = column.clone();
        c.comment = None;
        // PostgreSQL 15 does not give partitions the parent's identity (inserts through the
        // parent use it); the NOT NULL stays.
        if c.identity.take().is_some() {
            c.updatable = true;
        }
        relation.columns.push(c);
    }
    s.relations.push(relation);
    state.partitions.push(Partition {
        schema: parent_schema.clone(),
        parent: parent_name.clone(),
        child_schema: schema.clone(),
        child: table.clone(),
        default: is_default(at.statement),
    });
    inherit(state, &schema, &table, &Keys::of(&parent_relation));
    super::partition_fk::partition_added(state, (&parent_schema, &parent_name), (&schema, &table));
    Ok(())
}

/// Keys a partitioned table has: its primary key, unique constraints and foreign keys.
#[derive(Default)]
pub(crate) struct Keys {
    pub(crate) primary_key: Option<PrimaryKey>,
    pub(crate) unique: Vec<UniqueConstraint>,
    pub(crate) foreign: Vec<ForeignKey>,
}

impl Keys {
    /// All keys of `relation`.
    pub(crate) fn of(relation: &Relation) -> Keys {
        Keys {
            primary_key: relation.primary_key.clone(),
            unique: relation.unique_constraints.clone(),
            foreign: relation.foreign_keys.clone(),
        }
    }

    /// The keys of `after` that `before` does not have.
    pub(crate) fn added(before: &Relation, after: &Relation) -> Keys {
        Keys {
            primary_key: after
                .primary_key
                .clone()
                .filter(|_| before.primary_key.is_none()),
            unique: after
                .unique_constraints
                .iter()
                .filter(|u| !before.unique_constraints.contains(u))
                .cloned()
                .collect(),
            foreign: after
                .foreign_keys
                .iter()
                .filter(|f| !before.foreign_keys.iter().any(|b| b.name == f.name))
                .cloned()
                .collect(),
        }
    }
}

/// Gives the partition `schema.table` the parent's `keys` it does not have yet: primary key and
/// unique constraints under names of its own, foreign keys under the parent's names.
pub(crate) fn inherit(state: &mut State, schema: &str, table: &str, keys: &Keys) {
    let Some(child) = state.relation_mut(schema, table) else {
        return;
    };
    if let Some(pk) = &keys.primary_key {
        if child.primary_key.is_none() {
            for c in child
                .columns
                .iter_mut()
                .filter(|c| pk.columns.contains(&c.name))
            {
                c.nullable = false;
            }
            child.primary_key = Some(PrimaryKey {
                name: choose_name(child, format!("{table}_pkey")),
                columns: pk.columns.clone(),
            });
        }
    }
    for u in &keys.unique {
        if !child
            .unique_constraints
            .iter()
            .any(|c| c.columns == u.columns)
        {
            let name = choose_name(child, format!("{table}_{}_key", u.columns.join("_")));
            child.unique_constraints.push(UniqueConstraint {
                name,
                columns: u.columns.clone(),
            });
        }
    }
    for fk in &keys.foreign {
        if !child.foreign_keys.iter().any(|f| f.name == fk.name) {
            child.foreign_keys.push(fk.clone());
        }
    }
}

/// The partitions of `schema.table`.
pub(crate) fn children(state: &State, schema: &str, table: &str) -> Vec<(String, String)> {
    state
        .partitions
        .iter()
        .filter(|p| p.schema == schema && p.parent == table)
        .map(|p| (p.child_schema.clone(), p.child.clone()))
        .collect()
}

/// `ALTER TABLE [ONLY] parent ATTACH PARTITION child FOR VALUES ..` and `DETACH PARTITION
/// child`: whether the statement is one (then it has been applied).
pub(crate) fn attach_or_detach(state: &mut State, at: &At<'_>) -> Result<bool> {
    let attach = at
        .statement
        .contains_keywords(&[Keyword::ATTACH, Keyword::PARTITION]);
    let detach = at
        .statement
        .contains_keywords(&[Keyword::DETACH, Keyword::PARTITION]);
    if !attach && !detach {
        return Ok(false);
    }
    let mut p = at.statement.parser();
    let read = |p: &mut Parser<'_>| -> Result<_, ParserError> {
        p.expect_keywords(&[Keyword::ALTER, Keyword::TABLE])?;
        let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        let _ = p.parse_keyword(Keyword::ONLY);
        let parent = p.parse_object_name(false)?;
        let _ = p.parse_one_of_keywords(&[Keyword::ATTACH, Keyword::DETACH]);
        p.expect_keyword(Keyword::PARTITION)?;
        let child = p.parse_object_name(false)?;
        Ok((if_exists, parent, child))
    };
    let (if_exists, parent, child) =
        read(&mut p).map_err(|e| parse_error(at.file, at.statement, &e))?;
    let (schema, parent) = qualified(&parent);
    let (child_schema, child) = qualified(&child);
    let Some(parent_relation) = state
        .model
        .schema(&schema)
        .and_then(|s| s.relation(&parent))
        .cloned()
    else {
        if !if_exists {
            state.fail(
                at,
                "undefined_table",
                format!("ALTER TABLE of unknown relation {schema}.{parent}"),
            );
        }
        return Ok(true);
    };
    if state.relation_mut(&child_schema, &child).is_none() {
        state.fail(
            at,
            "undefined_table",
            format!("partition {child_schema}.{child} is not known"),
        );
        return Ok(true);
    }
    let partition = Partition {
        schema,
        parent,
        child_schema: child_schema.clone(),
        child: child.clone(),
        default: attach && is_default(at.statement),
    };
    if attach {
        let parent = (partition.schema.clone(), partition.parent.clone());
        state.partitions.push(partition);
        inherit(state, &child_schema, &child, &Keys::of(&parent_relation));
        super::partition_fk::partition_added(
            state,
            (&parent.0, &parent.1),
            (&child_schema, &child),
        );
    } else {
        super::partition_fk::partition_removed(state, (&child_schema, &child));
        state.partitions.retain(|p| {
            !(p.schema == partition.schema
                && p.parent == partition.parent
                && p.child_schema == child_schema
                && p.child == child)
        });
    }
    Ok(true)
}
