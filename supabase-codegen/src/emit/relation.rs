//! Per table or view: a module with `Row`, `Insert`, `Update` and constants.

use super::names::{literal, shown, snake, unique, Namer};
use super::type_map::TypeMap;
use super::writer::Writer;
use crate::model::{Cardinality, Column, Relation, RelationKind};

fn literals(items: &[String]) -> Vec<String> {
    items.iter().map(|i| literal(i)).collect()
}

fn field(w: &mut Writer, column: &Column, ident: &str, ty: &str, skip_none: bool) {
    field_with(w, column, ident, ty, skip_none, None);
}

/// A field `ident` for `column`, with an optional `#[table(..)]` marker (`primary_key`,
/// `unique`) for the derive.
fn field_with(
    w: &mut Writer,
    column: &Column,
    ident: &str,
    ty: &str,
    skip_none: bool,
    marker: Option<&str>,
) {
    w.line(&format!(
        "/// `{}` (`{}`).",
        shown(&column.name),
        column.sql_type
    ));
    if let Some(comment) = column.comment.as_deref().filter(|c| !c.trim().is_empty()) {
        w.line("///");
        w.doc(Some(comment), "");
    }
    if let Some(reason) = column.type_ref.unknown_reason() {
        w.line("///");
        w.doc(
            Some(&format!(
                "The column's type is not known ({reason}), so it is kept as the JSON value \
                 PostgREST sends."
            )),
            "",
        );
    }
    if let Some(marker) = marker {
        w.attr("table", &[marker]);
    }
    let rename = format!("rename = {}", literal(&column.name));
    if skip_none {
        w.attr(
            "serde",
            &[
                &rename,
                "default",
                "skip_serializing_if = \"Option::is_none\"",
            ],
        );
    } else {
        w.attr("serde", &[&rename]);
    }
    w.typed(&format!("pub {ident}: "), ty, ",");
}

/// Writes the module `module` of relation `schema.r`.
pub(crate) fn emit(w: &mut Writer, map: &TypeMap<'_>, schema: &str, r: &Relation, module: &str) {
    let kind = match r.kind {
        RelationKind::Table => "Table",
        RelationKind::View => "View",
        RelationKind::MaterializedView => "Materialized view",
        RelationKind::ForeignTable => "Foreign table",
    };
    let map = &map.at("super::super::");
    let is_table = matches!(r.kind, RelationKind::Table | RelationKind::ForeignTable);
    let value = |c: &Column| {
        map.rust(
            &c.type_ref,
            Some(&format!("{schema}.{}.{}", r.name, c.name)),
        )
    };
    let nullable = |c: &Column| c.nullable && !map.domain_not_null(&c.type_ref);

    w.doc(
        r.comment.as_deref(),
        &format!("{kind} `{schema}.{}`.", r.name),
    );
    w.open(&format!("pub mod {module} {{"));
    // One field name per column, shared by Row, Insert and Update.
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    let idents = unique(&mut Namer::default(), &names, snake);
    let ident = |c: &Column| {
        let i = r.columns.iter().position(|x| x.name == c.name).unwrap_or(0);
        idents[i].as_str()
    };
    w.line("/// The schema name.");
    w.line(&format!("pub const SCHEMA: &str = {};", literal(schema)));
    w.line("/// The relation name.");
    w.line(&format!("pub const NAME: &str = {};", literal(&r.name)));
    let columns: Vec<String> = r.columns.iter().map(|c| c.name.clone()).collect();
    w.line("/// The column names, in order.");
    w.list("pub const COLUMNS: &[&str] = ", &literals(&columns), ";");
    let pk = r
        .primary_key
        .as_ref()
        .map(|p| p.columns.clone())
        .unwrap_or_default();
    w.line("/// The primary key columns.");
    w.list("pub const PRIMARY_KEY: &[&str] = ", &literals(&pk), ";");
    w.line("/// The foreign keys of this relation.");
    w.open("pub const RELATIONSHIPS: &[super::super::Relationship] = &[");
    for fk in &r.foreign_keys {
        w.open("super::super::Relationship {");
        w.line(&format!("constraint: {},", literal(&fk.name)));
        w.list("columns: ", &literals(&fk.columns), ",");
        w.line(&format!(
            "referenced_schema: {},",
            literal(&fk.referenced_schema)
        ));
        w.line(&format!(
            "referenced_table: {},",
            literal(&fk.referenced_relation)
        ));
        w.list(
            "referenced_columns: ",
            &literals(&fk.referenced_columns),
            ",",
        );
        w.line(&format!(
            "one_to_one: {},",
            matches!(fk.cardinality, Cardinality::OneToOne)
        ));
        w.close("},");
    }
    w.close("];");

    let has_insert = is_table || r.insertable;
    let has_update = is_table || r.updatable;
    row_type_and_table_impls(w, schema, r, has_insert, has_update, |w| {
        for c in &r.columns {
            let ty = if nullable(c) {
                format!("Option<{}>", value(c))
            } else {
                value(c)
            };
            let single = std::slice::from_ref(&c.name);
            let marker = if pk.contains(&c.name) {
                Some("primary_key")
            } else if r.is_unique_set(single) {
                Some("unique")
            } else {
                None
            };
            field_with(w, c, ident(c), &ty, false, marker);
        }
    });

    if has_insert {
        w.line(&format!(
            "/// A row to insert into `{}.{}`: identity ALWAYS and generated columns are absent; columns with a default, identity or NULL allowed are optional and left out when `None`.",
            shown(schema),
            shown(&r.name)
        ));
        w.attr("derive", super::DERIVE_DATA);
        w.open("pub struct Insert {");
        for c in r.columns.iter().filter(|c| c.insertable()) {
            // Optional when the database fills it in: a default (the column's or its domain's),
            // identity, or NULL allowed (a NOT NULL domain does not allow it).
            let optional = c.default.is_some()
                || c.identity.is_some()
                || map.domain_default(&c.type_ref)
                || nullable(c);
            if optional {
                field(w, c, ident(c), &format!("Option<{}>", value(c)), true);
            } else {
                field(w, c, ident(c), &value(c), false);
            }
        }
        w.close("}");
    }

    if has_update {
        w.line(&format!(
            "/// Changes to rows of `{}.{}`: `None` leaves a column unchanged; for a nullable column `Some(None)` sets it to NULL.",
            shown(schema),
            shown(&r.name)
        ));
        w.attr(
            "derive",
            &[
                "Debug",
                "Clone",
                "Default",
                "PartialEq",
                "serde::Serialize",
                "serde::Deserialize",
            ],
        );
        w.open("pub struct Update {");
        for c in r.columns.iter().filter(|c| c.updatable) {
            let ty = if nullable(c) {
                format!("Option<Option<{}>>", value(c))
            } else {
                format!("Option<{}>", value(c))
            };
            field(w, c, ident(c), &ty, true);
        }
        w.close("}");
    }
    w.close("}");
}

/// Writes the `Row` struct of a relation with `#[derive(supabase_core::Table)]`, which gives it
/// the `Table` impl, one column handle per column (in a `columns` module beside it, e.g.
/// `public::countries::columns::name`), and `Insertable`/`Updatable` when the relation has
/// `Insert`/`Update` types. `fields` writes the fields (with their `#[table(primary_key)]` /
/// `#[table(unique)]` markers).
fn row_type_and_table_impls(
    w: &mut Writer,
    schema: &str,
    r: &Relation,
    has_insert: bool,
    has_update: bool,
    fields: impl FnOnce(&mut Writer),
) {
    w.line(&format!(
        "/// A row of `{}.{}` as read.",
        shown(schema),
        shown(&r.name)
    ));
    w.attr(
        "derive",
        &[
            "Debug",
            "Clone",
            "PartialEq",
            "serde::Serialize",
            "serde::Deserialize",
            "::supabase_core::Table",
        ],
    );
    let schema_arg = format!("schema = {}", literal(schema));
    let name_arg = format!("name = {}", literal(&r.name));
    let mut table = vec![
        schema_arg.as_str(),
        name_arg.as_str(),
        "columns = \"columns\"",
    ];
    if has_insert {
        table.push("insert = Insert");
    }
    if has_update {
        table.push("update = Update");
    }
    w.attr("table", &table);
    w.open("pub struct Row {");
    fields(w);
    w.close("}");
}
