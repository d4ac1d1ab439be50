//! ALTER TABLE: add/drop/rename columns, defaults, NOT NULL, constraints, renames, RLS.

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, GeneratedAs, RenameTableNameKind};

use super::apply::{At, State};
use super::names::{ident, object_name};
use super::table::{add_column, finish_columns, renumber, set_default, table_constraint};
use super::types::{resolve, SqlType};
use crate::model::Identity;

pub(super) fn alter_table(
    state: &mut State,
    at: &At<'_>,
    schema: &str,
    table: &str,
    op: &AlterTableOperation,
) {
    match op {
        AlterTableOperation::AddColumn {
            column_def,
            if_not_exists,
            ..
        } => {
            let exists = state
                .relation_mut(schema, table)
                .is_some_and(|r| r.column(&ident(&column_def.name)).is_some());
            if exists {
                if !*if_not_exists {
                    state.fail(
                        at,
                        "duplicate_column",
                        format!("column {table}.{} already exists", ident(&column_def.name)),
                    );
                }
                return;
            }
            let (mut pending, mut generated) = (Vec::new(), Vec::new());
            add_column(
                state,
                at,
                schema,
                table,
                column_def,
                &mut pending,
                &mut generated,
            );
            finish_columns(state, at, schema, table, pending, generated);
        }
        AlterTableOperation::DropColumn { column_names, .. } => {
            for column in column_names.iter().map(ident) {
                drop_column(state, schema, table, &column);
            }
        }
        AlterTableOperation::AddConstraint { constraint, .. } => {
            if let Some(p) = table_constraint(constraint) {
                finish_columns(state, at, schema, table, vec![p], Vec::new());
            }
        }
        AlterTableOperation::DropConstraint { name, .. } => {
            let name = ident(name);
            if let Some(r) = state.relation_mut(schema, table) {
                if r.primary_key.as_ref().is_some_and(|p| p.name == name) {
                    r.primary_key = None;
                }
                r.unique_constraints.retain(|u| u.name != name);
                r.foreign_keys.retain(|f| f.name != name);
            }
            super::partition_fk::key_dropped(state, schema, table, &name);
        }
        AlterTableOperation::AlterColumn { column_name, op } => {
            let column = ident(column_name);
            if let AlterColumnOperation::SetDefault { value } = op {
                set_default(state, at, schema, table, &column, value);
                return;
            }
            let new_type = match op {
                AlterColumnOperation::SetDataType { data_type, .. } => {
                    match resolve(data_type, &state.model) {
                        Ok(t) => Some(t),
                        Err(e) => {
                            state.failed = Some("undefined_object");
                            state.warn_at(
                                at,
                                column_name.span.start,
                                format!("column {table}.{column}: {e}; its type is unknown"),
                            );
                            Some(SqlType::unknown(data_type, e))
                        }
                    }
                }
                _ => None,
            };
            let Some(c) = state
                .relation_mut(schema, table)
                .and_then(|r| r.columns.iter_mut().find(|c| c.name == column))
            else {
                state.warn(
                    at,
                    format!("ALTER COLUMN of unknown column {table}.{column}"),
                );
                return;
            };
            match op {
                AlterColumnOperation::SetNotNull => c.nullable = false,
                AlterColumnOperation::DropNotNull => c.nullable = true,
                AlterColumnOperation::DropDefault => c.default = None,
                AlterColumnOperation::SetDataType { .. } => {
                    if let Some(t) = new_type {
                        c.type_ref = t.type_ref;
                        c.sql_type = t.sql_type;
                    }
                }
                AlterColumnOperation::AddGenerated { generated_as, .. } => {
                    let always = matches!(generated_as, Some(GeneratedAs::Always));
                    c.identity = Some(if always {
                        Identity::Always
                    } else {
                        Identity::ByDefault
                    });
                    c.nullable = false;
                    c.updatable = !always;
                }
                AlterColumnOperation::SetDefault { .. } => {}
            }
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => {
            rename_column(
                state,
                schema,
                table,
                &ident(old_column_name),
                &ident(new_column_name),
            );
        }
        AlterTableOperation::RenameTable { table_name } => {
            let (RenameTableNameKind::As(n) | RenameTableNameKind::To(n)) = table_name;
            let new = object_name(n).1;
            for s in &mut state.model.schemas {
                for r in &mut s.relations {
                    for fk in &mut r.foreign_keys {
                        if fk.referenced_schema == schema && fk.referenced_relation == table {
                            fk.referenced_relation = new.clone();
                        }
                    }
                }
            }
            if let Some(r) = state.relation_mut(schema, table) {
                r.name = new.clone();
            }
            super::retype::rename_type(&mut state.model, schema, table, &new);
        }
        AlterTableOperation::RenameConstraint { old_name, new_name } => {
            let (old, new) = (ident(old_name), ident(new_name));
            if let Some(r) = state.relation_mut(schema, table) {
                for n in r
                    .primary_key
                    .iter_mut()
                    .map(|p| &mut p.name)
                    .chain(r.unique_constraints.iter_mut().map(|u| &mut u.name))
                    .chain(r.foreign_keys.iter_mut().map(|f| &mut f.name))
                {
                    if *n == old {
                        *n = new.clone();
                    }
                }
            }
        }
        AlterTableOperation::EnableRowLevelSecurity => {
            if let Some(r) = state.relation_mut(schema, table) {
                r.rls_enabled = true;
            }
        }
        AlterTableOperation::DisableRowLevelSecurity => {
            if let Some(r) = state.relation_mut(schema, table) {
                r.rls_enabled = false;
            }
        }
        AlterTableOperation::OwnerTo { .. }
        | AlterTableOperation::EnableTrigger { .. }
        | AlterTableOperation::DisableTrigger { .. }
        | AlterTableOperation::EnableAlwaysTrigger { .. }
        | AlterTableOperation::EnableReplicaTrigger { .. }
        | AlterTableOperation::ReplicaIdentity { .. }
        | AlterTableOperation::ValidateConstraint { .. }
        | AlterTableOperation::SetTblProperties { .. }
        | AlterTableOperation::DropIndex { .. } => {}
        other => state.warn(at, format!("ALTER TABLE {table} {other}: not modeled")),
    }
}

pub(super) fn drop_column(state: &mut State, schema: &str, table: &str, column: &str) {
    if let Some(r) = state.relation_mut(schema, table) {
        r.columns.retain(|c| c.name != column);
        renumber(r);
        let has = |cols: &[String]| cols.iter().any(|c| c == column);
        if r.primary_key.as_ref().is_some_and(|p| has(&p.columns)) {
            r.primary_key = None;
        }
        r.unique_constraints.retain(|u| !has(&u.columns));
        r.foreign_keys.retain(|f| !has(&f.columns));
    }
    for s in &mut state.model.schemas {
        for r in &mut s.relations {
            r.foreign_keys.retain(|f| {
                !(f.referenced_schema == schema
                    && f.referenced_relation == table
                    && f.referenced_columns.iter().any(|c| c == column))
            });
        }
    }
}

pub(super) fn rename_column(state: &mut State, schema: &str, table: &str, old: &str, new: &str) {
    let rename = |cols: &mut Vec<String>| {
        for c in cols.iter_mut().filter(|c| *c == old) {
            *c = new.to_string();
        }
    };
    if let Some(r) = state.relation_mut(schema, table) {
        for c in r.columns.iter_mut().filter(|c| c.name == old) {
            c.name = new.to_string();
        }
        r.primary_key
            .iter_mut()
            .for_each(|p| rename(&mut p.columns));
        r.unique_constraints
            .iter_mut()
            .for_each(|u| rename(&mut u.columns));
        r.foreign_keys
            .iter_mut()
            .for_each(|f| rename(&mut f.columns));
    }
    for s in &mut state.model.schemas {
        for r in &mut s.relations {
            for f in &mut r.foreign_keys {
                if f.referenced_schema == schema && f.referenced_relation == table {
                    rename(&mut f.referenced_columns);
                }
            }
        }
    }
}

/// `ALTER TABLE [IF EXISTS] [ONLY] t ALTER [COLUMN] c DROP IDENTITY [IF EXISTS]` (sqlparser does
/// not read it): the column keeps its `NOT NULL` and becomes writable.
pub(super) fn drop_identity(state: &mut State, at: &At<'_>) -> crate::error::Result<()> {
    use sqlparser::keywords::Keyword;
    let mut p = at.statement.parser();
    let read = (|| {
        p.expect_keywords(&[Keyword::ALTER, Keyword::TABLE])?;
        let _ = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        let _ = p.parse_keyword(Keyword::ONLY);
        let table = p.parse_object_name(false)?;
        p.expect_keyword(Keyword::ALTER)?;
        let _ = p.parse_keyword(Keyword::COLUMN);
        let column = ident(&p.parse_identifier()?);
        p.expect_keywords(&[Keyword::DROP, Keyword::IDENTITY])?;
        let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        if p.peek_token().token != sqlparser::tokenizer::Token::EOF {
            return p.expected("end of statement", p.peek_token());
        }
        Ok((table, column, if_exists))
    })();
    let (table, column, if_exists) = match read {
        Ok(r) => r,
        Err(e) => {
            let message = super::parse::parse_error(at.file, at.statement, &e);
            state.warn(at, format!("statement not understood, skipped: {message}"));
            return Ok(());
        }
    };
    let (schema, table) = super::names::qualified(&table);
    let c = state
        .relation_mut(&schema, &table)
        .and_then(|r| r.columns.iter_mut().find(|c| c.name == column));
    match c {
        Some(c) if c.identity.is_some() => {
            c.identity = None;
            c.updatable = true;
        }
        _ if if_exists => {}
        _ => state.fail(
            at,
            "object_not_in_prerequisite_state",
            format!("column {table}.{column} is not an identity column"),
        ),
    }
    Ok(())
}
