//! CREATE TYPE (enum, composite), ALTER TYPE ADD VALUE, and DROP of tables, views, types,
//! domains and functions.

use sqlparser::ast::{
    AlterTypeAddValuePosition, AlterTypeOperation, ObjectName, ObjectType,
    UserDefinedTypeRepresentation,
};

use super::apply::{At, State};
use super::names::{ident, object_name, qualified};
use super::types::{resolve, SqlType};
use crate::model::{CompositeAttribute, CompositeType, EnumType};

pub(super) fn create_type(
    state: &mut State,
    at: &At<'_>,
    name: &ObjectName,
    representation: &UserDefinedTypeRepresentation,
) {
    let (schema, type_name) = qualified(name);
    super::supabase::take_over(state, &schema, &type_name);
    let Some(s) = state.model.schema(&schema) else {
        state.fail(
            at,
            "invalid_schema_name",
            format!("CREATE TYPE {type_name} in unknown schema {schema}"),
        );
        return;
    };
    if s.enum_type(&type_name).is_some()
        || s.composite(&type_name).is_some()
        || s.domain(&type_name).is_some()
        || s.relation(&type_name).is_some()
    {
        state.fail(
            at,
            "duplicate_object",
            format!("type {schema}.{type_name} already exists"),
        );
        return;
    }
    let attributes = match representation {
        UserDefinedTypeRepresentation::Enum { labels } => {
            let labels = labels.iter().map(|l| l.value.clone()).collect();
            if let Some(s) = state.schema_mut(&schema) {
                s.enums.push(EnumType {
                    name: type_name,
                    comment: None,
                    labels,
                });
            }
            return;
        }
        UserDefinedTypeRepresentation::Composite { attributes } => attributes,
        #[allow(unreachable_patterns)]
        _ => {
            state.warn(
                at,
                format!("CREATE TYPE {type_name}: only enums and composites are modeled"),
            );
            return;
        }
    };
    let mut attrs = Vec::new();
    for a in attributes {
        match resolve(&a.data_type, &state.model) {
            Ok(t) => attrs.push(CompositeAttribute {
                name: ident(&a.name),
                type_ref: t.type_ref,
                sql_type: t.sql_type,
            }),
            Err(e) => {
                state.warn_at(
                    at,
                    a.name.span.start,
                    format!(
                        "type {type_name}, attribute {}: {e}; its type is unknown",
                        ident(&a.name)
                    ),
                );
                let t = SqlType::unknown(&a.data_type, e);
                attrs.push(CompositeAttribute {
                    name: ident(&a.name),
                    type_ref: t.type_ref,
                    sql_type: t.sql_type,
                });
            }
        }
    }
    if let Some(s) = state.schema_mut(&schema) {
        s.composites.push(CompositeType {
            name: type_name,
            comment: None,
            attributes: attrs,
        });
    }
}

pub(super) fn alter_type(
    state: &mut State,
    at: &At<'_>,
    name: &ObjectName,
    op: &AlterTypeOperation,
) {
    let (schema, type_name) = qualified(name);
    if let AlterTypeOperation::Rename(r) = op {
        let new = ident(&r.new_name);
        let Some(s) = state.schema_mut(&schema) else {
            state.warn(at, format!("ALTER TYPE of unknown schema {schema}"));
            return;
        };
        let names = s
            .enums
            .iter_mut()
            .map(|e| &mut e.name)
            .chain(s.composites.iter_mut().map(|c| &mut c.name))
            .chain(s.domains.iter_mut().map(|d| &mut d.name));
        let mut found = false;
        for n in names.filter(|n| **n == type_name) {
            *n = new.clone();
            found = true;
        }
        if found {
            super::retype::rename_type(&mut state.model, &schema, &type_name, &new);
        } else {
            state.warn(
                at,
                format!("ALTER TYPE of {schema}.{type_name}: not a known type"),
            );
        }
        return;
    }
    let Some(e) = state
        .schema_mut(&schema)
        .and_then(|s| s.enums.iter_mut().find(|e| e.name == type_name))
    else {
        state.warn(
            at,
            format!("ALTER TYPE of {schema}.{type_name}: not a known enum"),
        );
        return;
    };
    match op {
        AlterTypeOperation::AddValue(add) => {
            let value = add.value.value.clone();
            if e.labels.contains(&value) {
                return;
            }
            let position = match &add.position {
                None => e.labels.len(),
                Some(AlterTypeAddValuePosition::Before(v)) => e
                    .labels
                    .iter()
                    .position(|l| *l == v.value)
                    .unwrap_or(e.labels.len()),
                Some(AlterTypeAddValuePosition::After(v)) => e
                    .labels
                    .iter()
                    .position(|l| *l == v.value)
                    .map(|p| p + 1)
                    .unwrap_or(e.labels.len()),
            };
            e.labels.insert(position, value);
        }
        AlterTypeOperation::RenameValue(r) => {
            for l in e.labels.iter_mut().filter(|l| **l == r.from.value) {
                *l = r.to.value.clone();
            }
        }
        AlterTypeOperation::Rename(_) => {}
    }
}

pub(super) fn drop_object(
    state: &mut State,
    at: &At<'_>,
    kind: ObjectType,
    name: &ObjectName,
    if_exists: bool,
) {
    let (schema, object) = qualified(name);
    match kind {
        ObjectType::Table | ObjectType::View | ObjectType::MaterializedView => {
            let Some(s) = state.schema_mut(&schema) else {
                return;
            };
            let before = s.relations.len();
            s.relations.retain(|r| r.name != object);
            if before == s.relations.len() && !if_exists {
                state.warn(at, format!("DROP of unknown relation {schema}.{object}"));
            }
            for s in &mut state.model.schemas {
                for r in &mut s.relations {
                    r.foreign_keys.retain(|f| {
                        !(f.referenced_schema == schema && f.referenced_relation == object)
                    });
                }
            }
        }
        ObjectType::Type => {
            if let Some(s) = state.schema_mut(&schema) {
                s.enums.retain(|e| e.name != object);
                s.composites.retain(|c| c.name != object);
                s.domains.retain(|d| d.name != object);
            }
        }
        ObjectType::Schema => {
            let name = object_name(name).1;
            state.model.schemas.retain(|s| s.name != name);
        }
        ObjectType::Index | ObjectType::Sequence | ObjectType::Role | ObjectType::User => {}
        other => state.warn(at, format!("DROP {other} is not modeled")),
    }
}
