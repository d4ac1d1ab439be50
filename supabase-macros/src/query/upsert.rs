//! `INSERT ... ON CONFLICT` as a PostgREST upsert.
//!
//! PostgREST writes `INSERT ... ON CONFLICT (<on_conflict>) DO NOTHING` for
//! `resolution=ignore-duplicates`, and `... DO UPDATE SET c = EXCLUDED.c` for every column of the
//! body for `resolution=merge-duplicates`. So:
//!
//! - `ON CONFLICT (cols) DO NOTHING` → ignore duplicates on `cols`;
//! - `ON CONFLICT DO NOTHING` → the same on the table's one unique key (primary key or unique
//!   constraint); with several, PostgREST could ignore conflicts on one of them only;
//! - `ON CONFLICT (cols) DO UPDATE SET c = excluded.c, ...` naming every inserted column outside
//!   the conflict target → merge duplicates on `cols`;
//! - `ON CONFLICT ON CONSTRAINT name` → the constraint's columns.
//!
//! Any other `DO UPDATE` (an expression, a column the INSERT does not list, only some of the
//! inserted columns, a WHERE) is beyond the request API.

use sqlparser::ast::{
    AssignmentTarget, ConflictTarget, Expr, Ident, OnConflictAction, OnInsert, Spanned,
};
use supabase_codegen::Relation;

use super::error::{unknown, SqlError, SqlResult};
use super::inexpressible::inexpressible;
use super::lower::unsupported;
use super::resolve::{parts, Col};

/// The upsert options of the builder chain.
#[derive(Debug, Clone)]
pub(crate) struct Upsert {
    /// `on_conflict=` columns, comma-separated.
    pub(crate) on_conflict: String,
    /// `resolution=ignore-duplicates` (else merge).
    pub(crate) ignore: bool,
}

/// The unique column sets of a relation: primary key first, then unique constraints.
fn keys(relation: &Relation) -> Vec<(&str, &[String])> {
    let mut out: Vec<(&str, &[String])> = Vec::new();
    if let Some(pk) = &relation.primary_key {
        out.push((pk.name.as_str(), pk.columns.as_slice()));
    }
    for unique in &relation.unique_constraints {
        out.push((unique.name.as_str(), unique.columns.as_slice()));
    }
    out
}

/// The upsert for `on`; `None` when the clause changes nothing (`DO NOTHING` on a table without
/// a unique key: no insert can conflict).
pub(crate) fn upsert(
    on: &OnInsert,
    relation: &Relation,
    inserted: &[Col],
) -> SqlResult<Option<Upsert>> {
    let OnInsert::OnConflict(on_conflict) = on else {
        return Err(unsupported(
            "ON DUPLICATE KEY UPDATE (MySQL); write ON CONFLICT",
            on.span(),
        ));
    };
    let keys = keys(relation);
    let target: Vec<String> = match &on_conflict.conflict_target {
        Some(ConflictTarget::Columns(columns)) => {
            for ident in columns {
                if relation.column(&ident.value).is_none() {
                    return Err(SqlError::new(
                        unknown(
                            "column",
                            &ident.value,
                            &format!(" in `{}`", relation.name),
                            relation.columns.iter().map(|c| c.name.as_str()),
                        ),
                        ident.span,
                    ));
                }
            }
            let named: Vec<String> = columns.iter().map(|c| c.value.clone()).collect();
            let same_set =
                |key: &[String]| key.len() == named.len() && key.iter().all(|k| named.contains(k));
            if !keys.iter().any(|(_, key)| same_set(key)) {
                return Err(SqlError::new(
                    format!(
                        "ON CONFLICT ({}) needs a primary key or unique constraint on exactly these columns of `{}` (it has {})",
                        named.join(", "),
                        relation.name,
                        describe(&keys)
                    ),
                    on_conflict.span(),
                ));
            }
            named
        }
        Some(ConflictTarget::OnConstraint(name)) => {
            let wanted = parts(name)
                .last()
                .map(|i| i.value.clone())
                .unwrap_or_default();
            match keys.iter().find(|(n, _)| *n == wanted) {
                Some((_, key)) => key.to_vec(),
                None => {
                    return Err(SqlError::new(
                        unknown(
                            "constraint",
                            &wanted,
                            &format!(
                                " on `{}` (ON CONSTRAINT names a primary key or unique constraint)",
                                relation.name
                            ),
                            keys.iter().map(|(n, _)| *n),
                        ),
                        name.span(),
                    ))
                }
            }
        }
        None => {
            if matches!(on_conflict.action, OnConflictAction::DoUpdate(_)) {
                return Err(SqlError::new(
                    "ON CONFLICT DO UPDATE needs a conflict target: `on conflict (col, ...)` or `on conflict on constraint name`",
                    on_conflict.span(),
                ));
            }
            match keys.as_slice() {
                [] => return Ok(None),
                [(_, key)] => key.to_vec(),
                _ => {
                    return Err(inexpressible(
                        &format!(
                            "ON CONFLICT DO NOTHING without a conflict target on `{}`, which has several unique keys ({}): PostgREST ignores conflicts on one of them only; name it (`on conflict (cols) do nothing`) if that is what you mean",
                            relation.name,
                            describe(&keys)
                        ),
                        on_conflict.span(),
                    ))
                }
            }
        }
    };
    let on_conflict_text = target.join(",");
    let update = match &on_conflict.action {
        OnConflictAction::DoNothing => {
            return Ok(Some(Upsert {
                on_conflict: on_conflict_text,
                ignore: true,
            }))
        }
        OnConflictAction::DoUpdate(update) => update,
    };
    if let Some(selection) = &update.selection {
        return Err(inexpressible(
            "ON CONFLICT DO UPDATE ... WHERE",
            selection.span(),
        ));
    }
    let mut set: Vec<String> = Vec::new();
    for assignment in &update.assignments {
        let pairs: Vec<(&sqlparser::ast::ObjectName, &Expr)> =
            match (&assignment.target, &assignment.value) {
                (AssignmentTarget::ColumnName(name), value) => vec![(name, value)],
                (AssignmentTarget::Tuple(names), Expr::Tuple(values))
                    if names.len() == values.len() =>
                {
                    names.iter().zip(values).collect()
                }
                // `(c) = (excluded.c)`: one column in parentheses.
                (AssignmentTarget::Tuple(names), value) if names.len() == 1 => {
                    vec![(&names[0], value)]
                }
                _ => {
                    return Err(inexpressible(
                        "ON CONFLICT DO UPDATE with an expression",
                        assignment.span(),
                    ))
                }
            };
        for (name, value) in pairs {
            let Some(column) = parts(name).last().map(|i| i.value.clone()) else {
                return Err(unsupported("this assignment", assignment.span()));
            };
            if relation.column(&column).is_none() {
                return Err(SqlError::new(
                    unknown(
                        "column",
                        &column,
                        &format!(" in `{}`", relation.name),
                        relation.columns.iter().map(|c| c.name.as_str()),
                    ),
                    name.span(),
                ));
            }
            match excluded_column(value) {
                Some(source) if source.value == column => {}
                Some(source) => {
                    return Err(inexpressible(
                        &format!(
                            "ON CONFLICT DO UPDATE with an expression: `{column} = excluded.{}` sets a column from another column's value (PostgREST's merge sets each column to its own inserted value)",
                            source.value
                        ),
                        value.span(),
                    ))
                }
                None => {
                    return Err(inexpressible(
                        &format!(
                            "ON CONFLICT DO UPDATE with an expression: `{column} = {value}` (PostgREST's merge sets each column to its inserted value, `{column} = excluded.{column}`)"
                        ),
                        value.span(),
                    ))
                }
            }
            if !inserted.iter().any(|c| c.name == column) {
                return Err(inexpressible(
                    &format!(
                        "ON CONFLICT DO UPDATE of `{column}`, a column the INSERT does not list (PostgREST's merge sets the inserted columns)"
                    ),
                    name.span(),
                ));
            }
            set.push(column);
        }
    }
    let left_out: Vec<&str> = inserted
        .iter()
        .map(|c| c.name.as_str())
        .filter(|c| !set.iter().any(|s| s == c) && !target.iter().any(|t| t == c))
        .collect();
    if !left_out.is_empty() {
        return Err(inexpressible(
            &format!(
                "ON CONFLICT DO UPDATE of only some of the inserted columns (`{}` not set; PostgREST's merge sets every inserted column)",
                left_out.join("`, `")
            ),
            update
                .assignments
                .first()
                .map_or(on_conflict.span(), Spanned::span),
        ));
    }
    Ok(Some(Upsert {
        on_conflict: on_conflict_text,
        ignore: false,
    }))
}

/// `excluded.c` → `c`.
fn excluded_column(expr: &Expr) -> Option<&Ident> {
    match expr {
        Expr::Nested(inner) => excluded_column(inner),
        Expr::CompoundIdentifier(idents) => match idents.as_slice() {
            [table, column] if table.value.eq_ignore_ascii_case("excluded") => Some(column),
            _ => None,
        },
        _ => None,
    }
}

fn describe(keys: &[(&str, &[String])]) -> String {
    if keys.is_empty() {
        return "none".to_owned();
    }
    keys.iter()
        .map(|(name, cols)| format!("`{name}` ({})", cols.join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}
