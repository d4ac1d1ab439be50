//! The PostgREST OpenAPI source: the Swagger 2.0 document PostgREST 12 serves at `GET /`, for
//! projects that have only an API key. It is a **lossy fallback**: prefer the live database,
//! the SQL migrations or a committed snapshot when one is available.
//!
//! Read from the document:
//!
//! - `definitions`: one [`Relation`] per definition, with its columns in document order
//!   (PostgREST lists them by ordinal). A column's `format` is the Postgres type as
//!   `format_type` prints it (`bigint`, `character varying`, `public.user_status`, `integer[]`);
//!   `maxLength` restores `character varying(n)` / `character(n)`; `enum` makes the type an enum
//!   (its labels become an [`crate::EnumType`], in the order listed); `required` means `NOT NULL`;
//!   `default` becomes the column default (as text); `description` becomes the comment, minus
//!   PostgREST's `Note:` markers: `<pk/>` (the column is part of the primary key) and
//!   `<fk table='x' column='y'/>` (a foreign key to `x.y`).
//! - `paths`: a relation is insertable / updatable / deletable when its path has `post` /
//!   `patch` / `delete`; every `/rpc/<name>` path is a [`Function`] whose arguments come from the
//!   `get` query parameters (in declaration order; `required` means no default), or else the
//!   `post` body schema (sorted by name).
//!
//! **What it cannot know** (and what the model holds instead):
//!
//! - identity columns, and identity `ALWAYS` vs `BY DEFAULT`: PostgREST shows them as plain
//!   required columns without default; `identity` is always `None`, so generated `Insert` types
//!   ask for the value;
//! - generated columns: `generated` is always `None`, and every column of an updatable relation
//!   is marked `updatable`;
//! - default expressions as Postgres prints them: PostgREST turns literal defaults into JSON
//!   (`'OFFLINE'::user_status` becomes `OFFLINE`, `0` stays `0`); the text is kept as given, which
//!   only tells that a default exists;
//! - constraint names: the primary key is named `<table>_pkey` and foreign keys
//!   `<table>_<column>_fkey` (Postgres's defaults), whatever their real names; PostgREST's
//!   markers carry only the referenced table and column;
//! - one-to-one foreign keys (the column is the whole primary key or unique): PostgREST 12 puts
//!   no `<fk/>` marker on them, so they are missing;
//! - multi-column foreign keys: each column's marker becomes a foreign key of its own, so a
//!   two-column key shows as two one-column keys; the referenced schema is taken to be the
//!   relation's own schema; `ON UPDATE` / `ON DELETE` actions are `NO ACTION`;
//! - unique constraints (none), hence one-to-one cardinality only when the foreign key column
//!   is the whole primary key;
//! - views vs tables: every relation is a [`RelationKind::Table`] (views, materialized views
//!   and foreign tables look the same); row level security is reported as disabled;
//! - enums' label order is the order PostgREST lists them in; an enum used by no column or
//!   argument is missing; enum comments are missing;
//! - domains: PostgREST prints a domain column with its base type, so no [`crate::DomainType`]
//!   is produced and a domain's `NOT NULL` is lost;
//! - composite types: a schema-qualified type without `enum` is taken to be a composite type,
//!   but its attributes are unknown (no [`crate::CompositeType`] is produced);
//! - type modifiers other than a length (`numeric(12,2)` is `numeric`);
//! - functions: return type (modeled as `json`, which any result decodes into), `SETOF`,
//!   `RETURNS TABLE` columns, volatility (PostgREST 12 lists `get` for every function, so it
//!   tells nothing; all are modeled [`Volatility::Volatile`], i.e. called with POST), security
//!   definer, language, argument default expressions (an optional argument gets the default
//!   text `DEFAULT`), argument modes (all `IN`), and overloads (PostgREST shows one path per
//!   name);
//! - comments beyond `description`s (schema comments, function comments unless PostgREST puts
//!   them in `summary`/`description`, type comments).
//!
//! Each of these is reported once as a [`Note`] so that tools can print what was guessed.
//!
//! ```
//! use supabase_codegen::source::openapi::from_openapi_json;
//!
//! let doc = r#"{"swagger": "2.0", "paths": {"/todos": {"get": {}, "post": {}}},
//!   "definitions": {"todos": {"required": ["id"], "properties": {
//!     "id": {"format": "bigint", "type": "integer",
//!            "description": "Note:\nThis is a Primary Key.<pk/>"},
//!     "task": {"format": "text", "type": "string"}}}}}"#;
//! let (model, notes) = from_openapi_json(doc, "public")?;
//! let todos = model.schema("public").and_then(|s| s.relation("todos")).expect("todos");
//! assert!(!todos.columns[0].nullable && todos.columns[1].nullable);
//! assert_eq!(todos.primary_key.as_ref().map(|pk| pk.name.as_str()), Some("todos_pkey"));
//! assert!(todos.insertable && !todos.updatable);
//! assert!(!notes.is_empty());
//! # Ok::<(), supabase_codegen::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::{
    ArgMode, Cardinality, Column, EnumType, ForeignKey, ForeignKeyAction, Function, FunctionArg,
    FunctionReturn, PrimaryKey, Relation, RelationKind, Schema, SchemaModel, TypeRef, Volatility,
};

/// Something the OpenAPI document could not tell, and what the model assumes instead.
///
/// ```
/// let note = supabase_codegen::source::openapi::Note { message: "no identity".into() };
/// assert_eq!(note.to_string(), "openapi: no identity");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What is unknown, and what was assumed.
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "openapi: {}", self.message)
    }
}

/// The default text given to function arguments that PostgREST shows as optional.
pub const UNKNOWN_DEFAULT: &str = "DEFAULT";

/// Reads PostgREST's OpenAPI document (the body of `GET /`) into a model with one schema,
/// `schema_name` (PostgREST's document describes the schema of its `Accept-Profile`, by
/// default the first of `db-schemas`). See the module docs for what is lost.
///
/// # Errors
///
/// [`Error::OpenApiJson`] with line and column for malformed
/// JSON or a document that is not PostgREST's Swagger 2.0.
///
/// ```
/// let err = supabase_codegen::source::openapi::from_openapi_json("{\n  oops", "public")
///     .unwrap_err();
/// assert!(err.to_string().contains("2:3"), "{err}");
/// ```
pub fn from_openapi_json(json: &str, schema_name: &str) -> Result<(SchemaModel, Vec<Note>)> {
    let doc: Value = serde_json::from_str(json).map_err(Error::openapi_json)?;
    let invalid = |message: &str| Error::OpenApiJson {
        line: 0,
        column: 0,
        message: message.to_string(),
        source: None,
    };
    let obj = doc
        .as_object()
        .ok_or_else(|| invalid("the document is not a JSON object"))?;
    if obj.get("swagger").and_then(Value::as_str) != Some("2.0") {
        return Err(invalid(
            "not a Swagger 2.0 document (PostgREST's `GET /` has \"swagger\": \"2.0\")",
        ));
    }
    let empty = Map::new();
    let definitions = obj
        .get("definitions")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let paths = obj
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);

    let mut schema = Schema::new(schema_name);
    let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, def) in definitions {
        let path = paths.get(&format!("/{name}")).and_then(Value::as_object);
        schema
            .relations
            .push(relation(schema_name, name, def, path, &mut enums));
    }
    for (path, item) in paths {
        let Some(name) = path.strip_prefix("/rpc/") else {
            continue;
        };
        schema.functions.push(function(name, item, &mut enums));
    }
    // An array of an enum has no labels in the document: it reads as a composite until an enum
    // column of the same type names it.
    for relation in &mut schema.relations {
        for column in &mut relation.columns {
            enum_arrays(&mut column.type_ref, &enums);
        }
    }
    for function in &mut schema.functions {
        for arg in &mut function.args {
            enum_arrays(&mut arg.type_ref, &enums);
        }
    }
    for (name, labels) in enums {
        // Only the enums of this schema: another schema's enum is referenced, not described.
        if let Some(local) = name.strip_prefix(&format!("{schema_name}.")) {
            schema.enums.push(EnumType {
                name: local.to_string(),
                comment: None,
                labels,
            });
        }
    }
    let notes = notes(&schema);
    let mut model = SchemaModel::new();
    model.schemas.push(schema);
    model.normalize();
    Ok((model, notes))
}

/// Replaces array elements read as composites by the enum of the same name, if one is known.
fn enum_arrays(type_ref: &mut TypeRef, enums: &BTreeMap<String, Vec<String>>) {
    match type_ref {
        TypeRef::Array { element } => enum_arrays(element, enums),
        TypeRef::Composite { schema, name } if enums.contains_key(&format!("{schema}.{name}")) => {
            *type_ref = TypeRef::Enum {
                schema: schema.clone(),
                name: name.clone(),
            };
        }
        _ => {}
    }
}

fn relation(
    schema_name: &str,
    name: &str,
    def: &Value,
    path: Option<&Map<String, Value>>,
    enums: &mut BTreeMap<String, Vec<String>>,
) -> Relation {
    let mut rel = Relation::new(name, RelationKind::Table);
    let has = |method: &str| path.is_some_and(|p| p.contains_key(method));
    rel.insertable = has("post");
    rel.updatable = has("patch");
    rel.deletable = has("delete");
    rel.comment = def
        .get("description")
        .and_then(Value::as_str)
        .map(str::to_string);
    let required: Vec<&str> = def
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut pk = Vec::new();
    let props = def.get("properties").and_then(Value::as_object);
    for (i, (col_name, prop)) in props.into_iter().flatten().enumerate() {
        let (type_ref, sql_type) = column_type(prop, enums);
        let ordinal = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut column = Column::new(col_name, ordinal, type_ref, sql_type);
        column.nullable = !required.contains(&col_name.as_str());
        column.updatable = rel.updatable;
        column.default = prop.get("default").map(|d| match d {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let description = prop.get("description").and_then(Value::as_str);
        let markers = description.map(parse_description).unwrap_or_default();
        column.comment = markers.comment;
        if markers.primary_key {
            pk.push(col_name.clone());
        }
        for (table, referenced) in markers.foreign_keys {
            rel.foreign_keys.push(ForeignKey {
                name: format!("{name}_{col_name}_fkey"),
                columns: vec![col_name.clone()],
                referenced_schema: schema_name.to_string(),
                referenced_relation: table,
                referenced_columns: vec![referenced],
                cardinality: Cardinality::ManyToOne,
                on_update: ForeignKeyAction::NoAction,
                on_delete: ForeignKeyAction::NoAction,
            });
        }
        rel.columns.push(column);
    }
    if !pk.is_empty() {
        rel.primary_key = Some(PrimaryKey {
            name: format!("{name}_pkey"),
            columns: pk,
        });
    }
    let one_to_one: Vec<bool> = rel
        .foreign_keys
        .iter()
        .map(|fk| rel.is_unique_set(&fk.columns))
        .collect();
    for (fk, unique) in rel.foreign_keys.iter_mut().zip(one_to_one) {
        if unique {
            fk.cardinality = Cardinality::OneToOne;
        }
    }
    rel
}

fn function(name: &str, item: &Value, enums: &mut BTreeMap<String, Vec<String>>) -> Function {
    let mut args = Vec::new();
    // The `get` query parameters are in declaration order; the `post` body's properties are
    // sorted by name, so they are only the fallback.
    let get_params = item.pointer("/get/parameters").and_then(Value::as_array);
    let post_schema = item
        .pointer("/post/parameters")
        .and_then(Value::as_array)
        .and_then(|ps| {
            ps.iter()
                .find(|p| p.get("in").and_then(Value::as_str) == Some("body"))
        })
        .and_then(|p| p.get("schema"));
    if let Some(params) = get_params {
        for p in params {
            if p.get("in").and_then(Value::as_str) != Some("query") {
                continue;
            }
            let arg_name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            let required = p.get("required").and_then(Value::as_bool) == Some(true);
            args.push(arg(arg_name, p, required, enums));
        }
    } else if let Some(schema) = post_schema {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let props = schema.get("properties").and_then(Value::as_object);
        for (arg_name, prop) in props.into_iter().flatten() {
            args.push(arg(
                arg_name,
                prop,
                required.contains(&arg_name.as_str()),
                enums,
            ));
        }
    }
    let identity_args = args
        .iter()
        .map(|a| match &a.name {
            Some(n) => format!("{n} {}", a.sql_type),
            None => a.sql_type.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let comment = ["/post/description", "/post/summary"]
        .iter()
        .find_map(|p| item.pointer(p).and_then(Value::as_str))
        .map(str::to_string);
    Function {
        name: name.to_string(),
        identity_args,
        args,
        returns: FunctionReturn {
            type_ref: TypeRef::base("json"),
            sql_type: "json".to_string(),
            set: false,
            columns: Vec::new(),
        },
        volatility: Volatility::Volatile,
        security_definer: false,
        language: "unknown".to_string(),
        comment,
    }
}

fn arg(
    name: &str,
    prop: &Value,
    required: bool,
    enums: &mut BTreeMap<String, Vec<String>>,
) -> FunctionArg {
    let (type_ref, sql_type) = column_type(prop, enums);
    FunctionArg {
        name: (!name.is_empty()).then(|| name.to_string()),
        mode: ArgMode::In,
        type_ref,
        sql_type,
        default: (!required).then(|| UNKNOWN_DEFAULT.to_string()),
    }
}

/// The type of a property: `format` is Postgres's `format_type` output.
fn column_type(prop: &Value, enums: &mut BTreeMap<String, Vec<String>>) -> (TypeRef, String) {
    let format = prop
        .get("format")
        .and_then(Value::as_str)
        .unwrap_or("json")
        .to_string();
    let labels = |v: Option<&Value>| -> Option<Vec<String>> {
        v.and_then(Value::as_array).map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
    };
    let (element, dims) = strip_array(&format);
    let enum_labels = labels(prop.get("enum")).or_else(|| labels(prop.pointer("/items/enum")));
    let mut type_ref = element_type(element, enum_labels, enums);
    for _ in 0..dims {
        type_ref = TypeRef::Array {
            element: Box::new(type_ref),
        };
    }
    let sql_type = match (prop.get("maxLength").and_then(Value::as_u64), dims) {
        (Some(len), 0) => format!("{format}({len})"),
        _ => format,
    };
    (type_ref, sql_type)
}

fn strip_array(format: &str) -> (&str, usize) {
    let mut element = format;
    let mut dims = 0;
    while let Some(e) = element.strip_suffix("[]") {
        element = e;
        dims += 1;
    }
    (element, dims)
}

fn element_type(
    format: &str,
    enum_labels: Option<Vec<String>>,
    enums: &mut BTreeMap<String, Vec<String>>,
) -> TypeRef {
    let (schema, name) = match format.split_once('.') {
        Some((s, n)) => (Some(s.trim_matches('"')), n.trim_matches('"')),
        None => (None, format),
    };
    if let Some(labels) = enum_labels {
        let schema = schema.unwrap_or("public");
        enums.entry(format!("{schema}.{name}")).or_insert(labels);
        return TypeRef::Enum {
            schema: schema.to_string(),
            name: name.to_string(),
        };
    }
    if let Some(schema) = schema {
        return match name {
            // Extension base types installed in a user schema.
            "citext" | "hstore" | "ltree" | "vector" | "geometry" | "geography" => TypeRef::Base {
                schema: schema.to_string(),
                name: name.to_string(),
            },
            _ => TypeRef::Composite {
                schema: schema.to_string(),
                name: name.to_string(),
            },
        };
    }
    let internal = match name {
        "bigint" => "int8",
        "integer" => "int4",
        "smallint" => "int2",
        "boolean" => "bool",
        "real" => "float4",
        "double precision" => "float8",
        "character varying" => "varchar",
        "character" => "bpchar",
        "time without time zone" => "time",
        "time with time zone" => "timetz",
        "timestamp without time zone" => "timestamp",
        "timestamp with time zone" => "timestamptz",
        "bit varying" => "varbit",
        other => other,
    };
    let range = |subtype: &str| TypeRef::Range {
        schema: "pg_catalog".to_string(),
        name: internal.to_string(),
        subtype: Box::new(TypeRef::base(subtype)),
    };
    match internal {
        "int4range" => range("int4"),
        "int8range" => range("int8"),
        "numrange" => range("numeric"),
        "tsrange" => range("timestamp"),
        "tstzrange" => range("timestamptz"),
        "daterange" => range("date"),
        "void" | "record" | "trigger" | "anyelement" => TypeRef::Pseudo {
            schema: "pg_catalog".to_string(),
            name: internal.to_string(),
        },
        _ => TypeRef::base(internal),
    }
}

/// A column description split into the user's comment and PostgREST's markers.
#[derive(Debug, Default)]
struct Markers {
    comment: Option<String>,
    primary_key: bool,
    foreign_keys: Vec<(String, String)>,
}

/// PostgREST appends `Note:\nThis is a Primary Key.<pk/>` and `This is a Foreign Key to
/// `t.c`.<fk table='t' column='c'/>` lines to the column comment (after a blank line when there
/// is one).
fn parse_description(description: &str) -> Markers {
    let (comment, notes) = if let Some(notes) = description.strip_prefix("Note:\n") {
        (None, notes)
    } else if let Some((comment, notes)) = description.rsplit_once("\n\nNote:\n") {
        (Some(comment), notes)
    } else {
        (Some(description), "")
    };
    let mut markers = Markers {
        comment: comment.map(str::to_string),
        ..Markers::default()
    };
    for line in notes.lines() {
        if line.contains("<pk/>") {
            markers.primary_key = true;
        }
        if let Some(start) = line.find("<fk ") {
            let tag = &line[start..];
            if let (Some(table), Some(column)) = (attr(tag, "table"), attr(tag, "column")) {
                markers.foreign_keys.push((table, column));
            }
        }
    }
    markers
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}='"))? + name.len() + 2;
    let end = tag[start..].find('\'')? + start;
    Some(tag[start..end].to_string())
}

fn notes(schema: &Schema) -> Vec<Note> {
    let mut notes = vec![
        "identity and generated columns cannot be told apart from plain columns; \
         `Insert` types will ask for their values"
            .to_string(),
        "constraint names are Postgres's defaults (`<table>_pkey`, `<table>_<column>_fkey`), \
         multi-column foreign keys are split per column, unique constraints are unknown"
            .to_string(),
        "views and materialized views are modeled as tables; row level security is unknown"
            .to_string(),
        "domains are replaced by their base types; composite types have no attributes".to_string(),
    ];
    if !schema.functions.is_empty() {
        notes.push(
            "functions return `json` (return types, SETOF and volatility are unknown; all are \
             called with POST); optional arguments have an unknown default"
                .to_string(),
        );
    }
    notes.into_iter().map(|message| Note { message }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_split_into_comment_and_markers() {
        let m = parse_description(
            "Area.\n\nNote:\nThis is a Primary Key.<pk/>\nThis is a Foreign Key to `a.b`.<fk table='a' column='b'/>",
        );
        assert_eq!(m.comment.as_deref(), Some("Area."));
        assert!(m.primary_key);
        assert_eq!(m.foreign_keys, [("a".to_string(), "b".to_string())]);
        let m = parse_description("just a comment");
        assert_eq!(m.comment.as_deref(), Some("just a comment"));
        assert!(!m.primary_key);
    }

    #[test]
    fn formats_map_to_types() {
        let mut enums = BTreeMap::new();
        let (t, sql) = column_type(
            &serde_json::json!({"format": "integer[]", "type": "array"}),
            &mut enums,
        );
        assert_eq!(
            t,
            TypeRef::Array {
                element: Box::new(TypeRef::base("int4"))
            }
        );
        assert_eq!(sql, "integer[]");
        let (_, sql) = column_type(
            &serde_json::json!({"format": "character varying", "maxLength": 20}),
            &mut enums,
        );
        assert_eq!(sql, "character varying(20)");
    }
}
