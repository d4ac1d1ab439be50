//! The foreign keys PostgREST embeds along, as it sees them: those declared on a table, and for
//! a view or materialized view those of the tables its columns pass through unchanged, with
//! the view's column names ("view relationships": `deal_board.owner_id` is `deals.owner_id`, so
//! `deals_owner_id_fkey` joins `deal_board` to `profiles`).

use supabase_codegen::{Relation, ViewColumnSource};

use crate::query::resolve::{one_to_one, Catalog, Source};

/// A foreign key between two relations, columns named as the query's sources name them.
pub(super) struct Fk {
    /// The constraint's name (PostgREST's `!hint`, also for a view's).
    pub(super) name: String,
    /// The referencing columns, of the source the key was read for.
    pub(super) columns: Vec<String>,
    pub(super) referenced_schema: String,
    pub(super) referenced_relation: String,
    /// The referenced columns, as the referenced table names them.
    pub(super) referenced_columns: Vec<String>,
    pub(super) one_to_one: bool,
}

/// The foreign keys from `source` to other relations.
pub(super) fn foreign_keys(catalog: &Catalog<'_>, source: &Source<'_>) -> Vec<Fk> {
    let Some(relation) = source.relation else {
        return Vec::new();
    };
    let mut out: Vec<Fk> = relation
        .foreign_keys
        .iter()
        .map(|fk| Fk {
            name: fk.name.clone(),
            columns: fk.columns.clone(),
            referenced_schema: fk.referenced_schema.clone(),
            referenced_relation: fk.referenced_relation.clone(),
            referenced_columns: fk.referenced_columns.clone(),
            one_to_one: one_to_one(fk),
        })
        .collect();
    for (schema, table) in base_tables(relation) {
        let Some(base) = catalog.model.schema(schema).and_then(|s| s.relation(table)) else {
            continue;
        };
        for fk in &base.foreign_keys {
            let columns: Option<Vec<String>> = fk
                .columns
                .iter()
                .map(|c| view_column(&relation.view_sources, schema, table, c))
                .collect();
            if let Some(columns) = columns {
                out.push(Fk {
                    name: fk.name.clone(),
                    columns,
                    referenced_schema: fk.referenced_schema.clone(),
                    referenced_relation: fk.referenced_relation.clone(),
                    referenced_columns: fk.referenced_columns.clone(),
                    one_to_one: one_to_one(fk),
                });
            }
        }
    }
    out
}

/// The columns of `target` that `fk` references: the referenced table's own, or the columns of
/// a view that pass all of them through. `None` when `fk` does not reach `target`.
pub(super) fn referenced_in(target: &Source<'_>, fk: &Fk) -> Option<Vec<String>> {
    if fk.referenced_schema == target.schema && fk.referenced_relation == target.name {
        return Some(fk.referenced_columns.clone());
    }
    let relation = target.relation?;
    fk.referenced_columns
        .iter()
        .map(|c| {
            view_column(
                &relation.view_sources,
                &fk.referenced_schema,
                &fk.referenced_relation,
                c,
            )
        })
        .collect()
}

/// The tables a view's columns come from, once each.
fn base_tables(relation: &Relation) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for source in &relation.view_sources {
        let key = (source.schema.as_str(), source.relation.as_str());
        if !out.contains(&key) {
            out.push(key);
        }
    }
    out
}

/// The view column passing `schema.table.column` through (the first, when several do).
fn view_column(
    sources: &[ViewColumnSource],
    schema: &str,
    table: &str,
    column: &str,
) -> Option<String> {
    sources
        .iter()
        .find(|v| v.schema == schema && v.relation == table && v.source_column == column)
        .map(|v| v.column.clone())
}
