//! CREATE TABLE: columns, defaults, identity, generated columns and constraints (with
//! Postgres's default constraint names).

use sqlparser::ast::{
    ColumnDef, ColumnOption, CreateTable, GeneratedAs, ObjectName, ReferentialAction,
    TableConstraint,
};

use super::apply::{At, State};
use super::default::{column_label, is_null, print_default, print_expression, ExprContext};
use super::names::{ident, qualified, quote_ident};
use super::types::{resolve, SqlType};
use crate::error::Result;
use crate::model::{
    Cardinality, Column, ForeignKey, ForeignKeyAction, Identity, PrimaryKey, Relation,
    RelationKind, UniqueConstraint,
};

/// A constraint written on a column or the table, before names are chosen.
pub(super) enum Pending {
    PrimaryKey(Option<String>, Vec<String>),
    Unique(Option<String>, Vec<String>),
    ForeignKey {
        name: Option<String>,
        columns: Vec<String>,
        table: ObjectName,
        referenced: Vec<String>,
        on_delete: Option<ReferentialAction>,
        on_update: Option<ReferentialAction>,
    },
}

pub(super) fn create_table(state: &mut State, at: &At<'_>, create: &CreateTable) -> Result<()> {
    let (schema, table) = qualified(&create.name);
    if state.model.schema(&schema).is_none() {
        state.warn(at, format!("CREATE TABLE in unknown schema {schema}"));
        return Ok(());
    }
    if state.relation_mut(&schema, &table).is_some()
        && (create.if_not_exists || !super::supabase::take_over(state, &schema, &table))
    {
        if !create.if_not_exists {
            state.fail(
                at,
                "duplicate_table",
                format!("table {schema}.{table} already exists"),
            );
        }
        return Ok(());
    }
    if let Some(query) = &create.query {
        return create_table_as(state, at, &schema, &table, create, query);
    }
    if create.like.is_some() || create.clone.is_some() {
        state.warn(
            at,
            format!("CREATE TABLE {table} LIKE/CLONE is not modeled"),
        );
        return Ok(());
    }
    let mut relation = Relation::new(table.clone(), RelationKind::Table);
    relation.insertable = true;
    relation.updatable = true;
    relation.deletable = true;
    if let Some(s) = state.schema_mut(&schema) {
        s.relations.push(relation);
    }
    let mut pending = Vec::new();
    let mut generated = Vec::new();
    for def in &create.columns {
        add_column(
            state,
            at,
            &schema,
            &table,
            def,
            &mut pending,
            &mut generated,
        );
    }
    for constraint in &create.constraints {
        if let Some(p) = table_constraint(constraint) {
            pending.push(p);
        }
    }
    finish_columns(state, at, &schema, &table, pending, generated);
    Ok(())
}

/// `CREATE TABLE t [(names)] AS query`: the query's columns (names and types as a view would
/// have them, all nullable, no defaults or keys).
fn create_table_as(
    state: &mut State,
    at: &At<'_>,
    schema: &str,
    table: &str,
    create: &CreateTable,
    query: &sqlparser::ast::Query,
) -> Result<()> {
    let scope = super::view_query::Scope {
        model: &state.model,
        ctes: &[],
        outer: &[],
    };
    let mut notes = Vec::new();
    let outputs = super::view_query::query_columns(scope, query, &mut notes);
    for (position, note) in notes {
        state.warn_at(at, position, format!("table {table}: {note}"));
    }
    let outputs = match outputs {
        Ok(o) => o,
        Err(e) => {
            state.warn(at, format!("CREATE TABLE {table} AS: {e}; table skipped"));
            return Ok(());
        }
    };
    let mut relation = Relation::new(table.to_string(), RelationKind::Table);
    relation.insertable = true;
    relation.updatable = true;
    relation.deletable = true;
    for (i, o) in outputs.into_iter().enumerate() {
        let mut c = Column::new(
            create
                .columns
                .get(i)
                .map_or(o.column.name.clone(), |d| ident(&d.name)),
            i as u32 + 1,
            o.column.type_ref,
            o.column.sql_type,
        );
        c.updatable = true;
        relation.columns.push(c);
    }
    if let Some(s) = state.schema_mut(schema) {
        s.relations.push(relation);
    }
    Ok(())
}

/// Adds a column (of CREATE TABLE or ALTER TABLE ADD COLUMN) to the relation.
pub(super) fn add_column(
    state: &mut State,
    at: &At<'_>,
    schema: &str,
    table: &str,
    def: &ColumnDef,
    pending: &mut Vec<Pending>,
    generated: &mut Vec<(String, sqlparser::ast::Expr)>,
) {
    let name = ident(&def.name);
    let sql_type = match resolve(&def.data_type, &state.model) {
        Ok(t) => t,
        Err(e) => {
            state.failed = Some("undefined_object");
            state.warn_at(
                at,
                def.name.span.start,
                format!("column {table}.{name}: {e}; its type is unknown"),
            );
            SqlType::unknown(&def.data_type, e)
        }
    };
    let Some(relation) = state.relation_mut(schema, table) else {
        return;
    };
    let ordinal = relation.columns.len() as u32 + 1;
    let mut column = Column::new(
        name.clone(),
        ordinal,
        sql_type.type_ref.clone(),
        sql_type.sql_type.clone(),
    );
    if sql_type.serial {
        column.nullable = false;
        let sequence = format!(
            "{}.{}",
            quote_ident(schema),
            quote_ident(&format!("{table}_{name}_seq"))
        );
        column.default = Some(format!(
            "nextval('{}'::regclass)",
            sequence.replace('\'', "''")
        ));
    }
    let mut default_expr = None;
    for option in &def.options {
        let constraint_name = option.name.as_ref().map(ident);
        match &option.option {
            ColumnOption::Null | ColumnOption::Check(_) | ColumnOption::Collation(_) => {}
            ColumnOption::NotNull => column.nullable = false,
            ColumnOption::Default(e) => default_expr = Some(e.clone()),
            ColumnOption::Unique {
                is_primary: true, ..
            } => pending.push(Pending::PrimaryKey(constraint_name, vec![name.clone()])),
            ColumnOption::Unique {
                is_primary: false, ..
            } => pending.push(Pending::Unique(constraint_name, vec![name.clone()])),
            ColumnOption::ForeignKey {
                foreign_table,
                referred_columns,
                on_delete,
                on_update,
                ..
            } => pending.push(Pending::ForeignKey {
                name: constraint_name,
                columns: vec![name.clone()],
                table: foreign_table.clone(),
                referenced: referred_columns.iter().map(ident).collect(),
                on_delete: *on_delete,
                on_update: *on_update,
            }),
            ColumnOption::Generated {
                generated_as,
                generation_expr,
                ..
            } => match (generated_as, generation_expr) {
                (_, Some(e)) => generated.push((name.clone(), e.clone())),
                (GeneratedAs::Always, None) => {
                    column.identity = Some(Identity::Always);
                    column.nullable = false;
                }
                (GeneratedAs::ByDefault, None) => {
                    column.identity = Some(Identity::ByDefault);
                    column.nullable = false;
                }
                (GeneratedAs::ExpStored, None) => {}
            },
            // Options of other dialects (MySQL comments, ON UPDATE...) do not occur in Postgres.
            _ => {}
        }
    }
    if column.identity == Some(Identity::Always) {
        column.updatable = false;
    }
    relation.columns.push(column);
    if let Some(e) = default_expr {
        set_default(state, at, schema, table, &name, &e);
    }
}

pub(super) fn set_default(
    state: &mut State,
    at: &At<'_>,
    schema: &str,
    table: &str,
    column: &str,
    expr: &sqlparser::ast::Expr,
) {
    if is_null(expr) {
        if let Some(c) = state
            .relation_mut(schema, table)
            .and_then(|r| r.columns.iter_mut().find(|c| c.name == column))
        {
            c.default = None;
        }
        return;
    }
    let Some(relation) = state.model.schema(schema).and_then(|s| s.relation(table)) else {
        return;
    };
    let Some(col) = relation.column(column) else {
        return;
    };
    let ctx = ExprContext {
        model: &state.model,
        columns: &relation.columns,
    };
    let printed = print_default(expr, &column_label(col), &ctx);
    let text = match printed {
        Ok(text) => text,
        Err(reason) => {
            let written = expr.to_string();
            state.warn(
                at,
                format!("default of {table}.{column} kept as written (`{written}`): {reason}"),
            );
            written
        }
    };
    if let Some(c) = state
        .relation_mut(schema, table)
        .and_then(|r| r.columns.iter_mut().find(|c| c.name == column))
    {
        c.default = Some(text);
    }
}

pub(super) fn table_constraint(constraint: &TableConstraint) -> Option<Pending> {
    let cols = |columns: &[sqlparser::ast::IndexColumn]| -> Vec<String> {
        columns
            .iter()
            .map(|c| match &c.column.expr {
                sqlparser::ast::Expr::Identifier(i) => ident(i),
                other => other.to_string(),
            })
            .collect()
    };
    match constraint {
        TableConstraint::PrimaryKey { name, columns, .. } => {
            Some(Pending::PrimaryKey(name.as_ref().map(ident), cols(columns)))
        }
        TableConstraint::Unique { name, columns, .. } => {
            Some(Pending::Unique(name.as_ref().map(ident), cols(columns)))
        }
        TableConstraint::ForeignKey {
            name,
            columns,
            foreign_table,
            referred_columns,
            on_delete,
            on_update,
            ..
        } => Some(Pending::ForeignKey {
            name: name.as_ref().map(ident),
            columns: columns.iter().map(ident).collect(),
            table: foreign_table.clone(),
            referenced: referred_columns.iter().map(ident).collect(),
            on_delete: *on_delete,
            on_update: *on_update,
        }),
        _ => None,
    }
}

pub(super) fn action(a: Option<ReferentialAction>) -> ForeignKeyAction {
    match a {
        None | Some(ReferentialAction::NoAction) => ForeignKeyAction::NoAction,
        Some(ReferentialAction::Restrict) => ForeignKeyAction::Restrict,
        Some(ReferentialAction::Cascade) => ForeignKeyAction::Cascade,
        Some(ReferentialAction::SetNull) => ForeignKeyAction::SetNull,
        Some(ReferentialAction::SetDefault) => ForeignKeyAction::SetDefault,
    }
}

/// A constraint name not yet used on `relation` (Postgres appends 1, 2, ... on a clash).
pub(super) fn choose_name(relation: &Relation, base: String) -> String {
    let used = |n: &str| {
        relation.primary_key.as_ref().is_some_and(|p| p.name == n)
            || relation.unique_constraints.iter().any(|u| u.name == n)
            || relation.foreign_keys.iter().any(|f| f.name == n)
    };
    if !used(&base) {
        return base;
    }
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !used(n))
        .unwrap_or(base)
}

/// Applies pending constraints and generated expressions to a relation.
pub(super) fn finish_columns(
    state: &mut State,
    at: &At<'_>,
    schema: &str,
    table: &str,
    pending: Vec<Pending>,
    generated: Vec<(String, sqlparser::ast::Expr)>,
) {
    for (column, expr) in generated {
        let printed = {
            let Some(relation) = state.model.schema(schema).and_then(|s| s.relation(table)) else {
                return;
            };
            let ctx = ExprContext {
                model: &state.model,
                columns: &relation.columns,
            };
            print_expression(&expr, &ctx)
        };
        let text = printed.unwrap_or_else(|reason| {
            let written = expr.to_string();
            state.warn(
                at,
                format!("generated expression of {table}.{column} kept as written: {reason}"),
            );
            written
        });
        if let Some(c) = state
            .relation_mut(schema, table)
            .and_then(|r| r.columns.iter_mut().find(|c| c.name == column))
        {
            c.generated = Some(text);
            c.updatable = false;
        }
    }
    for p in pending {
        // Key columns are NOT NULL; referenced columns default to the referenced primary key.
        let resolved = match &p {
            Pending::ForeignKey {
                table: target,
                referenced,
                ..
            } if referenced.is_empty() => {
                let (s, t) = qualified(target);
                let pk = state
                    .model
                    .schema(&s)
                    .and_then(|s| s.relation(&t))
                    .and_then(|r| r.primary_key.clone());
                match pk {
                    Some(pk) => Some(pk.columns),
                    None => {
                        state.warn(
                            at,
                            format!("foreign key to {s}.{t}, which has no known primary key"),
                        );
                        continue;
                    }
                }
            }
            _ => None,
        };
        let Some(relation) = state.relation_mut(schema, table) else {
            return;
        };
        if let Some((condition, what)) = clash(relation, &p) {
            state.fail(at, condition, format!("{what} already exists on {table}"));
            continue;
        }
        match p {
            Pending::PrimaryKey(name, columns) => {
                for c in relation
                    .columns
                    .iter_mut()
                    .filter(|c| columns.contains(&c.name))
                {
                    c.nullable = false;
                }
                let name = name.unwrap_or_else(|| choose_name(relation, format!("{table}_pkey")));
                relation.primary_key = Some(PrimaryKey { name, columns });
            }
            Pending::Unique(name, columns) => {
                let name = name.unwrap_or_else(|| {
                    choose_name(relation, format!("{table}_{}_key", columns.join("_")))
                });
                relation
                    .unique_constraints
                    .push(UniqueConstraint { name, columns });
            }
            Pending::ForeignKey {
                name,
                columns,
                table: target,
                referenced,
                on_delete,
                on_update,
            } => {
                let (rs, rt) = qualified(&target);
                let name = name.unwrap_or_else(|| {
                    choose_name(relation, format!("{table}_{}_fkey", columns.join("_")))
                });
                let fk = ForeignKey {
                    name,
                    columns,
                    referenced_schema: rs,
                    referenced_relation: rt,
                    referenced_columns: resolved.unwrap_or(referenced),
                    cardinality: Cardinality::ManyToOne,
                    on_update: action(on_update),
                    on_delete: action(on_delete),
                };
                relation.foreign_keys.push(fk.clone());
                super::partition_fk::key_added(state, schema, table, &fk);
            }
        }
    }
}

/// The error Postgres raises when adding constraint `p` to `relation`: a second primary key, or
/// an explicit name already used.
fn clash(relation: &Relation, p: &Pending) -> Option<(&'static str, String)> {
    let used = |n: &str| {
        relation.primary_key.as_ref().is_some_and(|p| p.name == n)
            || relation.unique_constraints.iter().any(|u| u.name == n)
            || relation.foreign_keys.iter().any(|f| f.name == n)
    };
    match p {
        Pending::PrimaryKey(..) if relation.primary_key.is_some() => {
            Some(("invalid_table_definition", "a primary key".to_string()))
        }
        Pending::PrimaryKey(Some(n), _) | Pending::Unique(Some(n), _) if used(n) => {
            Some(("duplicate_table", format!("constraint {n}")))
        }
        Pending::ForeignKey { name: Some(n), .. } if used(n) => {
            Some(("duplicate_object", format!("constraint {n}")))
        }
        _ => None,
    }
}

pub(super) fn renumber(relation: &mut Relation) {
    for (i, c) in relation.columns.iter_mut().enumerate() {
        c.ordinal = i as u32 + 1;
    }
}
