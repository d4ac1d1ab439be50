//! SQL type spellings normalized to what Postgres's catalogs say: the internal name for the
//! [`TypeRef`] (`int4`, `timestamptz`) and the `format_type` spelling for `sql_type`
//! (`integer`, `timestamp with time zone`, `character varying(20)`, `public.mood[]`).

use sqlparser::ast::{ArrayElemTypeDef, DataType, ObjectName};

use super::names::{object_name, quote_ident};
use crate::model::{RelationKind, SchemaModel, TypeRef};

/// A resolved column, argument or attribute type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SqlType {
    /// The resolved type.
    pub(crate) type_ref: TypeRef,
    /// `format_type(oid, typmod)`: with modifiers (`character varying(20)`).
    pub(crate) sql_type: String,
    /// `format_type(oid, NULL)`: without modifiers (`character varying`), as function
    /// signatures print it.
    pub(crate) bare: String,
    /// `format_type(oid, -1)`: the label of a constant of this type in an expression
    /// (`bpchar` where `bare` says `character`).
    pub(crate) label: String,
    /// For `serial`, `bigserial`, `smallserial`: the column gets a sequence default.
    pub(crate) serial: bool,
}

impl SqlType {
    /// An unresolved type written as `written`, for `reason`.
    pub(crate) fn unknown(written: &DataType, reason: String) -> SqlType {
        let text = written.to_string();
        SqlType {
            type_ref: TypeRef::Unknown { reason },
            sql_type: text.clone(),
            bare: text.clone(),
            label: text,
            serial: false,
        }
    }
}

/// A built-in type by its internal name (`int8`): the reference and its `format_type`
/// spelling (`bigint`).
pub(crate) fn builtin_named(internal: &str) -> (TypeRef, String) {
    let display = BUILTINS
        .iter()
        .find(|b| b.internal == internal)
        .map_or(internal, |b| b.display);
    (TypeRef::base(internal), display.to_string())
}

/// One built-in type: spellings accepted, internal name, `format_type` name.
struct Builtin {
    names: &'static [&'static str],
    internal: &'static str,
    display: &'static str,
}

const BUILTINS: &[Builtin] = &[
    b(&["integer", "int", "int4"], "int4", "integer"),
    b(&["smallint", "int2"], "int2", "smallint"),
    b(&["bigint", "int8"], "int8", "bigint"),
    b(&["serial", "serial4"], "int4", "integer"),
    b(&["bigserial", "serial8"], "int8", "bigint"),
    b(&["smallserial", "serial2"], "int2", "smallint"),
    b(&["real", "float4"], "float4", "real"),
    b(
        &["double precision", "float8", "float"],
        "float8",
        "double precision",
    ),
    b(&["numeric", "decimal", "dec"], "numeric", "numeric"),
    b(&["text"], "text", "text"),
    b(
        &["character varying", "varchar"],
        "varchar",
        "character varying",
    ),
    b(&["character", "char", "bpchar"], "bpchar", "character"),
    b(&["boolean", "bool"], "bool", "boolean"),
    b(&["uuid"], "uuid", "uuid"),
    b(&["bytea"], "bytea", "bytea"),
    b(&["json"], "json", "json"),
    b(&["jsonb"], "jsonb", "jsonb"),
    b(&["date"], "date", "date"),
    b(
        &["timestamp", "timestamp without time zone"],
        "timestamp",
        "timestamp without time zone",
    ),
    b(
        &["timestamptz", "timestamp with time zone"],
        "timestamptz",
        "timestamp with time zone",
    ),
    b(
        &["time", "time without time zone"],
        "time",
        "time without time zone",
    ),
    b(
        &["timetz", "time with time zone"],
        "timetz",
        "time with time zone",
    ),
    b(&["interval"], "interval", "interval"),
    b(&["inet"], "inet", "inet"),
    b(&["cidr"], "cidr", "cidr"),
    b(&["macaddr"], "macaddr", "macaddr"),
    b(&["macaddr8"], "macaddr8", "macaddr8"),
    b(&["money"], "money", "money"),
    b(&["tsvector"], "tsvector", "tsvector"),
    b(&["tsquery"], "tsquery", "tsquery"),
    b(&["xml"], "xml", "xml"),
    b(&["name"], "name", "name"),
    b(&["oid"], "oid", "oid"),
    b(&["regclass"], "regclass", "regclass"),
    b(&["regconfig"], "regconfig", "regconfig"),
    b(&["bit"], "bit", "bit"),
    b(&["bit varying", "varbit"], "varbit", "bit varying"),
    b(&["point"], "point", "point"),
    b(&["int4multirange"], "int4multirange", "int4multirange"),
    b(&["int8multirange"], "int8multirange", "int8multirange"),
    b(&["tstzmultirange"], "tstzmultirange", "tstzmultirange"),
];

const fn b(
    names: &'static [&'static str],
    internal: &'static str,
    display: &'static str,
) -> Builtin {
    Builtin {
        names,
        internal,
        display,
    }
}

/// Range types and their subtypes.
const RANGES: &[(&str, &str)] = &[
    ("int4range", "int4"),
    ("int8range", "int8"),
    ("numrange", "numeric"),
    ("tsrange", "timestamp"),
    ("tstzrange", "timestamptz"),
    ("daterange", "date"),
];

/// Pseudo-types, found in function signatures.
const PSEUDO: &[&str] = &[
    "void",
    "record",
    "trigger",
    "event_trigger",
    "anyelement",
    "anyarray",
    "anynonarray",
    "anyenum",
    "anyrange",
    "anycompatible",
    "anycompatiblearray",
    "internal",
    "cstring",
];

/// Resolves a parsed type against the built-in types and the user types of `model`
/// (unqualified names are looked up in `public`, as with the default `search_path`).
pub(crate) fn resolve(data_type: &DataType, model: &SchemaModel) -> Result<SqlType, String> {
    match data_type {
        DataType::Array(
            ArrayElemTypeDef::SquareBracket(inner, _) | ArrayElemTypeDef::AngleBracket(inner),
        ) => {
            let element = resolve(inner, model)?;
            Ok(SqlType {
                type_ref: TypeRef::Array {
                    element: Box::new(element.type_ref),
                },
                sql_type: format!("{}[]", element.sql_type),
                bare: format!("{}[]", element.bare),
                label: format!("{}[]", element.label),
                serial: false,
            })
        }
        DataType::Custom(name, modifiers) => {
            let (schema, type_name) = object_name(name);
            // `"char"` (quoted) is the one-byte internal type, not `character(1)`.
            let quoted = name.0.last().is_some_and(|p| {
                matches!(p, sqlparser::ast::ObjectNamePart::Identifier(i) if i.quote_style == Some('"'))
            });
            if quoted && type_name == "char" && modifiers.is_empty() {
                let text = "\"char\"".to_string();
                return Ok(SqlType {
                    type_ref: TypeRef::base("char"),
                    sql_type: text.clone(),
                    bare: text.clone(),
                    label: text,
                    serial: false,
                });
            }
            if schema.is_none() || schema.as_deref() == Some("pg_catalog") {
                if let Some(found) = builtin(&type_name, modifiers) {
                    return found;
                }
            }
            user_type(schema.as_deref(), &type_name, name, modifiers, model)
        }
        other => {
            let text = other.to_string().to_lowercase();
            let (name, modifiers) = split_modifiers(&text);
            builtin(&name, &modifiers).unwrap_or_else(|| Err(format!("unsupported type `{text}`")))
        }
    }
}

/// `varchar(20)` → (`varchar`, [`20`]); `timestamp(3) with time zone` → (`timestamp with
/// time zone`, [`3`]).
fn split_modifiers(text: &str) -> (String, Vec<String>) {
    let (name, modifiers) = match (text.find('('), text.find(')')) {
        (Some(open), Some(close)) if open < close => (
            format!("{} {}", &text[..open], &text[close + 1..]),
            text[open + 1..close]
                .split(',')
                .map(|m| m.trim().to_string())
                .collect(),
        ),
        _ => (text.to_string(), Vec::new()),
    };
    (
        name.split_whitespace().collect::<Vec<_>>().join(" "),
        modifiers,
    )
}

fn builtin(name: &str, modifiers: &[String]) -> Option<Result<SqlType, String>> {
    let plain = |internal: &str, display: &str| SqlType {
        type_ref: TypeRef::base(internal),
        sql_type: display.to_string(),
        bare: display.to_string(),
        label: display.to_string(),
        serial: false,
    };
    if let Some(&(range, subtype)) = RANGES.iter().find(|(r, _)| *r == name) {
        let mut t = plain(range, range);
        t.type_ref = TypeRef::Range {
            schema: "pg_catalog".into(),
            name: range.into(),
            subtype: Box::new(TypeRef::base(subtype)),
        };
        return Some(Ok(t));
    }
    if let Some(pseudo) = PSEUDO.iter().find(|p| **p == name) {
        let mut t = plain(pseudo, pseudo);
        t.type_ref = TypeRef::Pseudo {
            schema: "pg_catalog".into(),
            name: (*pseudo).into(),
        };
        return Some(Ok(t));
    }
    let found = BUILTINS.iter().find(|b| b.names.contains(&name))?;
    let mut t = plain(found.internal, found.display);
    if found.internal == "bit" {
        // `format_type(.., -1)` quotes the keyword: `'0101'::"bit"`.
        t.label = "\"bit\"".into();
    }
    t.serial = name.contains("serial");
    let mods = modifiers.join(",");
    match (found.internal, modifiers.len()) {
        (_, 0) if found.internal == "bpchar" => {
            // `char` alone is `character(1)`; `bpchar` alone has no length.
            if name != "bpchar" {
                t.sql_type = "character(1)".into();
            } else {
                t.sql_type = "bpchar".into();
            }
            t.label = "bpchar".into();
        }
        // `bit` alone is `bit(1)`.
        (_, 0) if found.internal == "bit" => t.sql_type = "bit(1)".into(),
        (_, 0) => {}
        ("varchar" | "bpchar" | "bit" | "varbit", _) => {
            t.sql_type = format!("{}({mods})", found.display);
            if found.internal == "bpchar" {
                t.label = "bpchar".into();
            }
        }
        ("numeric", 1) => t.sql_type = format!("numeric({mods},0)"),
        ("numeric", _) => t.sql_type = format!("numeric({mods})"),
        ("float8", 1) => {
            // float(p): real for p <= 24.
            if modifiers[0].parse::<u32>().is_ok_and(|p| p <= 24) {
                t = plain("float4", "real");
            }
        }
        ("timestamp" | "timestamptz" | "time" | "timetz", _) => {
            let (head, tail) = found.display.split_once(' ').unwrap_or((found.display, ""));
            t.sql_type = format!("{head}({mods}) {tail}").trim_end().to_string();
        }
        ("interval", _) => t.sql_type = format!("interval({mods})"),
        _ => return Some(Err(format!("unsupported modifiers on type `{name}`"))),
    }
    Some(Ok(t))
}

fn user_type(
    schema: Option<&str>,
    name: &str,
    written: &ObjectName,
    modifiers: &[String],
    model: &SchemaModel,
) -> Result<SqlType, String> {
    // A user type found on the `search_path` comes before an extension's of the same name
    // only when its schema comes first.
    let schema = match schema {
        Some(s) => s.to_string(),
        None => {
            let path = super::extension::search_path();
            let user = |s: &str| {
                model.schema(s).is_some_and(|sc| {
                    sc.enum_type(name).is_some()
                        || sc.domain(name).is_some()
                        || sc.composite(name).is_some()
                        || sc.relation(name).is_some()
                })
            };
            let first = path
                .iter()
                .find(|s| user(s) || super::extension::base_type(s, name).is_some());
            match first {
                Some(s) => s.clone(),
                None => "public".to_string(),
            }
        }
    };
    if let Some(found) = extension_type(Some(&schema), name, modifiers) {
        return found;
    }
    let schema = schema.as_str();
    let s = model
        .schema(schema)
        .ok_or_else(|| format!("unknown type `{written}` (schema `{schema}` is not known)"))?;
    let qualified = format!("{}.{}", quote_ident(schema), quote_ident(name));
    let (schema_s, name_s) = (schema.to_string(), name.to_string());
    let type_ref = if s.enum_type(name).is_some() {
        TypeRef::Enum {
            schema: schema_s,
            name: name_s,
        }
    } else if let Some(domain) = s.domain(name) {
        TypeRef::Domain {
            schema: schema_s,
            name: name_s,
            base: Box::new(domain.base.clone()),
        }
    } else if s.composite(name).is_some()
        || s.relation(name)
            .is_some_and(|r| r.kind != RelationKind::View || !r.columns.is_empty())
    {
        TypeRef::Composite {
            schema: schema_s,
            name: name_s,
        }
    } else {
        return Err(format!("unknown type `{written}`"));
    };
    if !modifiers.is_empty() {
        return Err(format!("unsupported modifiers on type `{written}`"));
    }
    Ok(SqlType {
        type_ref,
        sql_type: qualified.clone(),
        bare: qualified.clone(),
        label: qualified,
        serial: false,
    })
}

/// A base type of an extension created earlier (see `extension`): in `schema`, or when
/// unqualified in the first schema of the `search_path` that has it (Supabase's roles have
/// `extensions` on theirs). `None` when it is no such type.
fn extension_type(
    schema: Option<&str>,
    name: &str,
    modifiers: &[String],
) -> Option<Result<SqlType, String>> {
    let schema = match schema {
        Some(s) => s.to_string(),
        None => super::extension::visible_type_schema(name)?,
    };
    let takes_modifiers = super::extension::base_type(&schema, name)?;
    let bare = format!("{}.{}", quote_ident(&schema), quote_ident(name));
    let sql_type = match (modifiers.is_empty(), takes_modifiers) {
        (true, _) => bare.clone(),
        (false, true) => format!("{bare}({})", modifiers.join(",")),
        (false, false) => return Some(Err(format!("unsupported modifiers on type `{name}`"))),
    };
    Some(Ok(SqlType {
        type_ref: TypeRef::Base {
            schema,
            name: name.to_string(),
        },
        sql_type,
        bare: bare.clone(),
        label: bare,
        serial: false,
    }))
}
