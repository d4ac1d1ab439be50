//! Names in the SQL resolved against the schema model: tables, columns, foreign keys (joins)
//! and functions, each miss reported with a "did you mean".

use sqlparser::ast::{Ident, ObjectName, ObjectNamePart, Spanned};
use sqlparser::tokenizer::Span as SqlSpan;
use supabase_codegen::{Cardinality, ForeignKey, Relation, RelationKind, Schema, SchemaModel};

use super::error::{unknown, SqlError, SqlResult};
use super::types::Ty;

/// The schema model of the snapshot.
pub(crate) struct Catalog<'a> {
    pub(crate) model: &'a SchemaModel,
}

/// A column of a table, view or function result, as the query sees it.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    pub(crate) name: String,
    /// The Rust type, `Option` when nullable.
    pub(crate) ty: Ty,
    /// The Postgres base type's name (`tsvector`, `text`, `jsonb`, ...).
    pub(crate) pg: String,
    pub(crate) insertable: bool,
    pub(crate) updatable: bool,
    /// The column's default expression as Postgres prints it (`0`, `'draft'::event_status`,
    /// `now()`), `None` without one.
    pub(crate) default: Option<String>,
}

/// How a joined table is embedded in its parent.
#[derive(Debug, Clone)]
pub(crate) struct Embed {
    pub(crate) parent: usize,
    /// The key of the embed in the parent's rows (the SQL alias, else the table name).
    pub(crate) key: String,
    /// `!constraint` when several foreign keys join the two tables.
    pub(crate) hint: Option<String>,
    /// What the select names instead of the table: the foreign key's column, for a table
    /// joined with itself to the row it points to (`parent:reply_to(...)`).
    pub(crate) target: Option<String>,
    pub(crate) inner: bool,
    /// One-to-many: the embed is an array.
    pub(crate) many: bool,
}

/// A table of the query: the FROM table (index 0) or a joined one.
#[derive(Debug, Clone)]
pub(crate) struct Source<'a> {
    /// The name the SQL refers to it by (alias or table name).
    pub(crate) alias: String,
    pub(crate) name: String,
    pub(crate) schema: String,
    pub(crate) columns: Vec<Col>,
    pub(crate) relation: Option<&'a Relation>,
    pub(crate) embed: Option<Embed>,
}

/// The identifiers of a dotted name.
pub(crate) fn parts(name: &ObjectName) -> Vec<&Ident> {
    name.0
        .iter()
        .filter_map(|part| match part {
            ObjectNamePart::Identifier(ident) => Some(ident),
            _ => None,
        })
        .collect()
}

impl<'a> Catalog<'a> {
    fn schema_named(&self, ident: &Ident) -> SqlResult<&'a Schema> {
        self.model.schema(&ident.value).ok_or_else(|| {
            SqlError::new(
                unknown(
                    "schema",
                    &ident.value,
                    "",
                    self.model.schemas.iter().map(|s| s.name.as_str()),
                ),
                ident.span,
            )
        })
    }

    /// `t` (in `public`) or `schema.t`.
    pub(crate) fn relation(&self, name: &ObjectName) -> SqlResult<(&'a Schema, &'a Relation)> {
        let parts = parts(name);
        for part in &parts {
            check_not_reserved(part)?;
        }
        let (schema, table) = match parts.as_slice() {
            [table] => (self.schema_named(&Ident::new("public"))?, *table),
            [schema, table] => (self.schema_named(schema)?, *table),
            _ => {
                return Err(SqlError::new(
                    "a table is named `table` or `schema.table`",
                    name.span(),
                ))
            }
        };
        match schema.relation(&table.value) {
            Some(relation) => Ok((schema, relation)),
            None => Err(SqlError::new(
                unknown(
                    "table",
                    &table.value,
                    &format!(" in schema `{}`", schema.name),
                    schema.relations.iter().map(|r| r.name.as_str()),
                ),
                table.span,
            )),
        }
    }

    /// The relation a composite type names (`setof countries`), if any.
    pub(crate) fn relation_of_type(&self, schema: &str, name: &str) -> Option<&'a Relation> {
        self.model.schema(schema)?.relation(name)
    }
}

/// The columns of a relation.
pub(crate) fn relation_columns(relation: &Relation) -> Vec<Col> {
    let writable = relation.kind == RelationKind::Table || relation.insertable;
    relation
        .columns
        .iter()
        .map(|c| Col {
            name: c.name.clone(),
            ty: Ty::of(&c.type_ref).nullable(c.nullable),
            pg: base_name(&c.type_ref),
            insertable: writable && c.insertable(),
            updatable: writable && c.updatable && !c.is_generated(),
            default: c.default.clone(),
        })
        .collect()
}

pub(crate) fn base_name(type_ref: &supabase_codegen::TypeRef) -> String {
    let plain = type_ref.without_domains();
    match plain.name() {
        Some(name) => name.to_owned(),
        None => "array".to_owned(),
    }
}

/// Whether the foreign key makes the referencing side "one" (one-to-one).
pub(crate) fn one_to_one(fk: &ForeignKey) -> bool {
    fk.cardinality == Cardinality::OneToOne
}

impl Source<'_> {
    pub(crate) fn column(&self, name: &str) -> Option<&Col> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Where the source lives, for messages: `public.countries`.
    pub(crate) fn place(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }
}

/// PostgreSQL's reserved words (`reserved` and `type_func_name` keywords): never a column or
/// table name unless quoted.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// A name PostgreSQL rejects unquoted (`order`, `group`, `user`): an error saying to quote it.
pub(crate) fn check_not_reserved(ident: &Ident) -> SqlResult<()> {
    if ident.quote_style.is_none() && RESERVED.contains(&ident.value.as_str()) {
        return Err(SqlError::new(
            format!(
                "`{0}` is a reserved word in PostgreSQL, which rejects it as a name unless it is quoted: write `\"{0}\"`",
                ident.value
            ),
            ident.span,
        ));
    }
    Ok(())
}

/// Looks a column up in the sources: `col` (in whichever source has it) or `alias.col`.
pub(crate) fn column<'s>(
    sources: &'s [Source<'_>],
    idents: &[Ident],
) -> SqlResult<(usize, &'s Col)> {
    for ident in idents {
        check_not_reserved(ident)?;
    }
    match idents {
        [name] => {
            let hits: Vec<usize> = (0..sources.len())
                .filter(|&i| sources[i].column(&name.value).is_some())
                .collect();
            match hits.as_slice() {
                [i] => Ok((
                    *i,
                    sources[*i]
                        .column(&name.value)
                        .ok_or_else(|| missing(sources, 0, name))?,
                )),
                [] => Err(missing(sources, 0, name)),
                _ => Err(SqlError::new(
                    format!(
                        "column `{}` is ambiguous: it is in {}; qualify it (`{}.{}`)",
                        name.value,
                        hits.iter()
                            .map(|&i| format!("`{}`", sources[i].alias))
                            .collect::<Vec<_>>()
                            .join(" and "),
                        sources[hits[0]].alias,
                        name.value
                    ),
                    name.span,
                )),
            }
        }
        [qualifier, name] => {
            let index = sources
                .iter()
                .position(|s| s.alias == qualifier.value)
                .ok_or_else(|| {
                    SqlError::new(
                        unknown(
                            "table or alias",
                            &qualifier.value,
                            " in this query",
                            sources.iter().map(|s| s.alias.as_str()),
                        ),
                        qualifier.span,
                    )
                })?;
            match sources[index].column(&name.value) {
                Some(col) => Ok((index, col)),
                None => Err(missing(sources, index, name)),
            }
        }
        _ => Err(SqlError::new(
            "a column is named `column` or `table.column`",
            idents
                .first()
                .map(|i| i.span)
                .unwrap_or_else(SqlSpan::empty),
        )),
    }
}

fn missing(sources: &[Source<'_>], index: usize, name: &Ident) -> SqlError {
    let source = &sources[index];
    if name.quote_style.is_none()
        && SYSTEM_COLUMNS.contains(&name.value.to_ascii_lowercase().as_str())
    {
        // PostgREST selects, filters and orders the columns of its schema cache only.
        return SqlError::inexpressible(
            &format!(
                "the system column `{}` (PostgREST reaches only a relation's own columns)",
                name.value
            ),
            name.span,
        );
    }
    SqlError::new(
        unknown(
            "column",
            &name.value,
            &format!(" in `{}`", source.place()),
            source.columns.iter().map(|c| c.name.as_str()),
        ),
        name.span,
    )
}

/// PostgreSQL's system columns: every table has them, none is in the schema snapshot.
const SYSTEM_COLUMNS: [&str; 6] = ["tableoid", "ctid", "xmin", "xmax", "cmin", "cmax"];
