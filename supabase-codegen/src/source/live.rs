//! The live source: introspection of a running PostgreSQL through its catalogs (`pg_namespace`,
//! `pg_class`, `pg_attribute`, `pg_attrdef`, `pg_type`, `pg_range`, `pg_enum`, `pg_constraint`,
//! `pg_proc`, `pg_description` through `obj_description`/`col_description`), with
//! `pg_relation_is_updatable` / `pg_column_is_updatable` for what views allow.
//!
//! Every query runs in one `REPEATABLE READ READ ONLY` transaction, so the model is a consistent
//! snapshot even while migrations run, with `search_path` set to `pg_catalog` for that
//! transaction only, so that type names and expressions printed by Postgres are qualified the
//! same way whatever the session's `search_path` (`public.email_address`, `auth.jwt_sub()`).

use std::collections::HashMap;

use tokio_postgres::types::{FromSql, ToSql};
use tokio_postgres::{Client, IsolationLevel, Row, Transaction};

use crate::error::{Error, Result};
use crate::model::{
    ArgMode, Cardinality, Column, CompositeAttribute, CompositeType, DomainType, EnumType,
    ForeignKey, ForeignKeyAction, Function, FunctionArg, FunctionReturn, Identity, PrimaryKey,
    Relation, RelationKind, ReturnColumn, Schema, SchemaModel, TypeRef, UniqueConstraint,
    ViewColumnSource, Volatility,
};

/// Connects to `database_url` (a libpq-style URL or key=value string, without TLS) and
/// introspects `schemas`; see [`introspect`].
///
/// # Errors
///
/// [`Error::Connect`] (with host:port and the cause, never the URL) when the database cannot
/// be reached; [`Error::Database`] when a query fails; see [`introspect`] for the rest.
///
/// ```no_run
/// # async fn demo() -> supabase_codegen::Result<()> {
/// let model = supabase_codegen::source::live::introspect_url(
///     "postgres://postgres:postgres@127.0.0.1:54322/postgres",
///     &["public"],
/// )
/// .await?;
/// println!("{}", model.to_snapshot_json());
/// # Ok(())
/// # }
/// ```
pub async fn introspect_url(database_url: &str, schemas: &[&str]) -> Result<SchemaModel> {
    // The connection ends when `client` is dropped; its errors also surface as errors of the
    // queries.
    let mut client = crate::connect::connect(database_url).await?;
    introspect(&mut client, schemas).await
}

/// Reads the schemas `schemas` of the database `client` is connected to into a normalized
/// [`SchemaModel`]: their tables, views, materialized views and foreign tables with columns and
/// keys, their enums, composite types and domains, and their functions.
///
/// Runs in a transaction of its own (`REPEATABLE READ READ ONLY`), hence `&mut`; the session's
/// settings are left as they were.
///
/// # Errors
///
/// [`Error::SchemaNotFound`] when a schema does not exist; [`Error::Database`] when a query
/// fails; [`Error::Catalog`] when the catalogs hold something the model cannot represent.
///
/// ```no_run
/// # async fn demo() -> supabase_codegen::Result<()> {
/// let (mut client, connection) =
///     tokio_postgres::connect("host=127.0.0.1 user=postgres", tokio_postgres::NoTls)
///         .await
///         .expect("connect");
/// tokio::spawn(connection);
/// let model = supabase_codegen::source::live::introspect(&mut client, &["public", "api"]).await?;
/// assert!(model.schema("public").is_some());
/// # Ok(())
/// # }
/// ```
pub async fn introspect(client: &mut Client, schemas: &[&str]) -> Result<SchemaModel> {
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(Error::database("starting the introspection transaction"))?;
    tx.batch_execute("SET LOCAL search_path = pg_catalog")
        .await
        .map_err(Error::database("setting search_path"))?;
    let model = Introspection::new(&tx, schemas).run().await?;
    tx.commit()
        .await
        .map_err(Error::database("ending the introspection transaction"))?;
    Ok(model)
}

/// One `pg_type` row, enough to resolve a [`TypeRef`].
struct TypeRow {
    schema: String,
    name: String,
    typtype: char,
    category: char,
    element: u32,
    base: u32,
    range_subtype: Option<u32>,
}

/// The state of one introspection: the transaction, the schemas asked for, all types by oid.
struct Introspection<'a> {
    tx: &'a Transaction<'a>,
    schema_names: Vec<String>,
    types: HashMap<u32, TypeRow>,
}

/// Reads column `idx` of `row`, as an error (not a panic) when it has another type.
fn get<'r, T: FromSql<'r>>(row: &'r Row, idx: usize, what: &str) -> Result<T> {
    row.try_get(idx)
        .map_err(|e| Error::Catalog(format!("reading {what} (column {idx}): {e}")))
}

/// The first character of a `"char"` column read as text.
fn code(text: &str) -> char {
    text.chars().next().unwrap_or(' ')
}

/// Deepest nesting of domains/arrays/ranges followed before giving up (catalog loops).
const MAX_TYPE_DEPTH: usize = 32;

impl<'a> Introspection<'a> {
    fn new(tx: &'a Transaction<'a>, schemas: &[&str]) -> Self {
        Introspection {
            tx,
            schema_names: schemas.iter().map(|s| s.to_string()).collect(),
            types: HashMap::new(),
        }
    }

    async fn query(&self, sql: &str, what: &str) -> Result<Vec<Row>> {
        let params: [&(dyn ToSql + Sync); 1] = [&self.schema_names];
        self.tx
            .query(sql, &params)
            .await
            .map_err(Error::database(what))
    }

    async fn run(mut self) -> Result<SchemaModel> {
        self.load_types().await?;
        let mut model = SchemaModel::new();
        model.schemas = self.schemas().await?;
        let relations = self.relations(&mut model).await?;
        self.columns(&mut model, &relations).await?;
        self.constraints(&mut model, &relations).await?;
        self.view_sources(&mut model, &relations).await?;
        self.enums(&mut model).await?;
        self.composites(&mut model).await?;
        self.domains(&mut model).await?;
        self.functions(&mut model).await?;
        model.normalize();
        Ok(model)
    }

    async fn load_types(&mut self) -> Result<()> {
        let rows = self
            .tx
            .query(
                "select t.oid, n.nspname::text, t.typname::text, t.typtype::text,
                        t.typcategory::text, t.typelem, t.typbasetype, r.rngsubtype
                 from pg_type t
                 join pg_namespace n on n.oid = t.typnamespace
                 left join pg_range r on r.rngtypid = t.oid",
                &[],
            )
            .await
            .map_err(Error::database("reading types"))?;
        for row in &rows {
            let oid: u32 = get(row, 0, "type oid")?;
            let typtype: String = get(row, 3, "typtype")?;
            let category: String = get(row, 4, "typcategory")?;
            self.types.insert(
                oid,
                TypeRow {
                    schema: get(row, 1, "type schema")?,
                    name: get(row, 2, "type name")?,
                    typtype: code(&typtype),
                    category: code(&category),
                    element: get(row, 5, "typelem")?,
                    base: get(row, 6, "typbasetype")?,
                    range_subtype: get(row, 7, "rngsubtype")?,
                },
            );
        }
        Ok(())
    }

    fn type_ref(&self, oid: u32) -> Result<TypeRef> {
        self.type_ref_at(oid, 0)
    }

    fn type_ref_at(&self, oid: u32, depth: usize) -> Result<TypeRef> {
        if depth > MAX_TYPE_DEPTH {
            return Err(Error::Catalog(format!(
                "type {oid} nests more than {MAX_TYPE_DEPTH} levels"
            )));
        }
        let t = self
            .types
            .get(&oid)
            .ok_or_else(|| Error::Catalog(format!("no pg_type row for type oid {oid}")))?;
        let (schema, name) = (t.schema.clone(), t.name.clone());
        Ok(match t.typtype {
            'd' => TypeRef::Domain {
                schema,
                name,
                base: Box::new(self.type_ref_at(t.base, depth + 1)?),
            },
            'e' => TypeRef::Enum { schema, name },
            'c' => TypeRef::Composite { schema, name },
            'p' => TypeRef::Pseudo { schema, name },
            'r' => match t.range_subtype {
                Some(subtype) => TypeRef::Range {
                    schema,
                    name,
                    subtype: Box::new(self.type_ref_at(subtype, depth + 1)?),
                },
                None => return Err(Error::Catalog(format!("range type {name} has no subtype"))),
            },
            'b' if t.category == 'A' && t.element != 0 => TypeRef::Array {
                element: Box::new(self.type_ref_at(t.element, depth + 1)?),
            },
            // Base types and multiranges.
            _ => TypeRef::Base { schema, name },
        })
    }

    async fn schemas(&self) -> Result<Vec<Schema>> {
        let rows = self
            .query(
                "select n.nspname::text, obj_description(n.oid, 'pg_namespace')
                 from pg_namespace n where n.nspname = any($1)",
                "reading schemas",
            )
            .await?;
        let mut schemas = Vec::new();
        for row in &rows {
            let mut schema = Schema::new(get::<String>(row, 0, "schema name")?);
            schema.comment = get(row, 1, "schema comment")?;
            schemas.push(schema);
        }
        if let Some(missing) = self
            .schema_names
            .iter()
            .find(|name| !schemas.iter().any(|s| &s.name == *name))
        {
            return Err(Error::SchemaNotFound(missing.clone()));
        }
        Ok(schemas)
    }

    /// Reads the relations into `model`; returns where each relation's oid went.
    async fn relations(&self, model: &mut SchemaModel) -> Result<HashMap<u32, (usize, usize)>> {
        // pg_relation_is_updatable raises an error for a foreign table whose wrapper has no
        // handler; such a table is not writable.
        let rows = self
            .query(
                "select c.oid, n.nspname::text, c.relname::text, c.relkind::text,
                        c.relrowsecurity, obj_description(c.oid, 'pg_class'),
                        case when c.relkind = 'f' and not exists (
                                 select 1 from pg_foreign_table ft
                                 join pg_foreign_server s on s.oid = ft.ftserver
                                 join pg_foreign_data_wrapper w on w.oid = s.srvfdw
                                 where ft.ftrelid = c.oid and w.fdwhandler <> 0)
                             then 0
                             else pg_relation_is_updatable(c.oid::regclass, false) end
                 from pg_class c
                 join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm', 'f')",
                "reading relations",
            )
            .await?;
        let mut index = HashMap::new();
        for row in &rows {
            let schema: String = get(row, 1, "relation schema")?;
            let name: String = get(row, 2, "relation name")?;
            let relkind: String = get(row, 3, "relkind")?;
            let kind = match code(&relkind) {
                'r' | 'p' => RelationKind::Table,
                'v' => RelationKind::View,
                'm' => RelationKind::MaterializedView,
                'f' => RelationKind::ForeignTable,
                other => {
                    return Err(Error::Catalog(format!(
                        "relation {schema}.{name} has unexpected relkind {other:?}"
                    )))
                }
            };
            // Bits of pg_relation_is_updatable: 1 << CMD_UPDATE (2), CMD_INSERT (3),
            // CMD_DELETE (4).
            let events: i32 = get(row, 6, "pg_relation_is_updatable")?;
            let mut relation = Relation::new(name, kind);
            relation.rls_enabled = get(row, 4, "relrowsecurity")?;
            relation.comment = get(row, 5, "relation comment")?;
            relation.updatable = events & (1 << 2) != 0;
            relation.insertable = events & (1 << 3) != 0;
            relation.deletable = events & (1 << 4) != 0;
            let s = schema_index(model, &schema)?;
            index.insert(
                get(row, 0, "relation oid")?,
                (s, model.schemas[s].relations.len()),
            );
            model.schemas[s].relations.push(relation);
        }
        Ok(index)
    }

    async fn columns(
        &self,
        model: &mut SchemaModel,
        relations: &HashMap<u32, (usize, usize)>,
    ) -> Result<()> {
        let rows = self
            .query(
                "select a.attrelid, a.attname::text,
                        row_number() over (partition by a.attrelid order by a.attnum),
                        a.atttypid, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                        pg_get_expr(d.adbin, d.adrelid), a.attidentity::text,
                        a.attgenerated::text,
                        case when c.relkind = 'f' and not exists (
                                 select 1 from pg_foreign_table ft
                                 join pg_foreign_server s on s.oid = ft.ftserver
                                 join pg_foreign_data_wrapper w on w.oid = s.srvfdw
                                 where ft.ftrelid = c.oid and w.fdwhandler <> 0)
                             then false
                             else pg_column_is_updatable(c.oid::regclass, a.attnum, false) end,
                        col_description(a.attrelid, a.attnum)
                 from pg_attribute a
                 join pg_class c on c.oid = a.attrelid
                 join pg_namespace n on n.oid = c.relnamespace
                 left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                 where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm', 'f')
                   and a.attnum > 0 and not a.attisdropped",
                "reading columns",
            )
            .await?;
        for row in &rows {
            let relid: u32 = get(row, 0, "attrelid")?;
            let Some(&(s, r)) = relations.get(&relid) else {
                continue;
            };
            let ordinal: i64 = get(row, 2, "column ordinal")?;
            let ordinal = u32::try_from(ordinal)
                .map_err(|_| Error::Catalog(format!("column ordinal {ordinal} out of range")))?;
            let mut column = Column::new(
                get::<String>(row, 1, "column name")?,
                ordinal,
                self.type_ref(get(row, 3, "atttypid")?)?,
                get::<String>(row, 4, "column type")?,
            );
            column.nullable = !get::<bool>(row, 5, "attnotnull")?;
            let expr: Option<String> = get(row, 6, "column default")?;
            let identity: String = get(row, 7, "attidentity")?;
            column.identity = match code(&identity) {
                'a' => Some(Identity::Always),
                'd' => Some(Identity::ByDefault),
                _ => None,
            };
            let generated: String = get(row, 8, "attgenerated")?;
            if code(&generated) == 's' {
                column.generated = expr;
            } else {
                column.default = expr;
            }
            // Generated columns and identity ALWAYS columns can only be "updated" to DEFAULT.
            column.updatable = get::<bool>(row, 9, "pg_column_is_updatable")?
                && !column.is_generated()
                && column.identity != Some(Identity::Always);
            column.comment = get(row, 10, "column comment")?;
            model.schemas[s].relations[r].columns.push(column);
        }
        Ok(())
    }

    async fn constraints(
        &self,
        model: &mut SchemaModel,
        relations: &HashMap<u32, (usize, usize)>,
    ) -> Result<()> {
        let rows = self
            .query(
                "select con.conrelid, con.conname::text, con.contype::text,
                        array(select a.attname::text
                              from unnest(con.conkey) with ordinality k(num, ord)
                              join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num
                              order by k.ord),
                        fn.nspname::text, fc.relname::text,
                        array(select a.attname::text
                              from unnest(con.confkey) with ordinality k(num, ord)
                              join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num
                              order by k.ord),
                        con.confupdtype::text, con.confdeltype::text
                 from pg_constraint con
                 join pg_class c on c.oid = con.conrelid
                 join pg_namespace n on n.oid = c.relnamespace
                 left join pg_class fc on fc.oid = con.confrelid
                 left join pg_namespace fn on fn.oid = fc.relnamespace
                 where n.nspname = any($1) and con.contype in ('p', 'u', 'f')",
                "reading constraints",
            )
            .await?;
        let mut foreign_keys = Vec::new();
        for row in &rows {
            let relid: u32 = get(row, 0, "conrelid")?;
            let Some(&(s, r)) = relations.get(&relid) else {
                continue;
            };
            let name: String = get(row, 1, "constraint name")?;
            let contype: String = get(row, 2, "contype")?;
            let columns: Vec<String> = get(row, 3, "constraint columns")?;
            let relation = &mut model.schemas[s].relations[r];
            match code(&contype) {
                'p' => relation.primary_key = Some(PrimaryKey { name, columns }),
                'u' => relation
                    .unique_constraints
                    .push(UniqueConstraint { name, columns }),
                _ => {
                    let action = |idx: usize, what: &str| -> Result<ForeignKeyAction> {
                        let text: String = get(row, idx, what)?;
                        ForeignKeyAction::from_catalog_code(code(&text)).ok_or_else(|| {
                            Error::Catalog(format!("foreign key {name}: unknown {what} {text:?}"))
                        })
                    };
                    let fk = ForeignKey {
                        columns,
                        referenced_schema: get(row, 4, "referenced schema")?,
                        referenced_relation: get(row, 5, "referenced relation")?,
                        referenced_columns: get(row, 6, "referenced columns")?,
                        cardinality: Cardinality::ManyToOne,
                        on_update: action(7, "confupdtype")?,
                        on_delete: action(8, "confdeltype")?,
                        name,
                    };
                    foreign_keys.push((s, r, fk));
                }
            }
        }
        // Cardinality needs every key of the referencing relation, so it comes last.
        for (s, r, mut fk) in foreign_keys {
            let relation = &mut model.schemas[s].relations[r];
            if relation.is_unique_set(&fk.columns) {
                fk.cardinality = Cardinality::OneToOne;
            }
            relation.foreign_keys.push(fk);
        }
        Ok(())
    }

    /// The columns of views and materialized views that pass a table's column through: the
    /// target list of the view's `_RETURN` rule names, for each output column, the relation and
    /// column it is taken from (`resorigtbl`, `resorigcol`; zero for a computed column), which is
    /// what PostgREST reads to embed views along their tables' foreign keys.
    async fn view_sources(
        &self,
        model: &mut SchemaModel,
        relations: &HashMap<u32, (usize, usize)>,
    ) -> Result<()> {
        let rows = self
            .query(
                r"select c.oid, a.attname::text, sn.nspname::text, sc.relname::text, sa.attname::text
                 from pg_rewrite r
                 join pg_class c on c.oid = r.ev_class
                 join pg_namespace n on n.oid = c.relnamespace
                 cross join lateral regexp_matches(
                     r.ev_action::text,
                     ':resno (\d+) :resname ((?:[^ \\]|\\.)+) :ressortgroupref \d+ :resorigtbl (\d+) :resorigcol (\d+) :resjunk false',
                     'g'
                 ) as m
                 join pg_attribute a on a.attrelid = c.oid and a.attnum = m[1]::int2
                                    and a.attname::text = regexp_replace(m[2], '\\(.)', '\1', 'g')
                                    and not a.attisdropped
                 join pg_class sc on sc.oid = m[3]::oid
                 join pg_namespace sn on sn.oid = sc.relnamespace
                 join pg_attribute sa on sa.attrelid = sc.oid and sa.attnum = m[4]::int2
                 where n.nspname = any($1) and c.relkind in ('v', 'm') and r.rulename = '_RETURN'
                   and m[3] <> '0'",
                "reading view column sources",
            )
            .await?;
        // A subquery's target list can match a view column's position and name too: a column
        // with two different origins is left out (no relationship rather than a wrong one).
        let mut found: HashMap<(usize, usize), Vec<ViewColumnSource>> = HashMap::new();
        for row in &rows {
            let oid: u32 = get(row, 0, "view oid")?;
            let Some(&at) = relations.get(&oid) else {
                continue;
            };
            found.entry(at).or_default().push(ViewColumnSource {
                column: get(row, 1, "view column")?,
                schema: get(row, 2, "source schema")?,
                relation: get(row, 3, "source relation")?,
                source_column: get(row, 4, "source column")?,
            });
        }
        for ((s, r), mut sources) in found {
            sources.sort_by(|a, b| {
                (&a.column, &a.schema, &a.relation, &a.source_column).cmp(&(
                    &b.column,
                    &b.schema,
                    &b.relation,
                    &b.source_column,
                ))
            });
            sources.dedup();
            let ambiguous: Vec<String> = sources
                .windows(2)
                .filter(|w| w[0].column == w[1].column)
                .map(|w| w[0].column.clone())
                .collect();
            sources.retain(|v| !ambiguous.contains(&v.column));
            model.schemas[s].relations[r].view_sources = sources;
        }
        Ok(())
    }

    async fn enums(&self, model: &mut SchemaModel) -> Result<()> {
        let rows = self
            .query(
                "select n.nspname::text, t.typname::text, obj_description(t.oid, 'pg_type'),
                        array(select e.enumlabel::text from pg_enum e
                              where e.enumtypid = t.oid order by e.enumsortorder)
                 from pg_type t
                 join pg_namespace n on n.oid = t.typnamespace
                 where t.typtype = 'e' and n.nspname = any($1)",
                "reading enums",
            )
            .await?;
        for row in &rows {
            let s = schema_index(model, &get::<String>(row, 0, "enum schema")?)?;
            model.schemas[s].enums.push(EnumType {
                name: get(row, 1, "enum name")?,
                comment: get(row, 2, "enum comment")?,
                labels: get(row, 3, "enum labels")?,
            });
        }
        Ok(())
    }

    async fn composites(&self, model: &mut SchemaModel) -> Result<()> {
        // Standalone composite types only (relkind 'c'), not the row types of relations.
        let rows = self
            .query(
                "select n.nspname::text, t.typname::text, obj_description(t.oid, 'pg_type'),
                        a.attname::text, a.atttypid, format_type(a.atttypid, a.atttypmod)
                 from pg_type t
                 join pg_namespace n on n.oid = t.typnamespace
                 join pg_class c on c.oid = t.typrelid
                 left join pg_attribute a
                        on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                 where t.typtype = 'c' and c.relkind = 'c' and n.nspname = any($1)
                 order by n.nspname, t.typname, a.attnum",
                "reading composite types",
            )
            .await?;
        for row in &rows {
            let s = schema_index(model, &get::<String>(row, 0, "composite schema")?)?;
            let name: String = get(row, 1, "composite name")?;
            let composites = &mut model.schemas[s].composites;
            if composites.last().map(|c| &c.name) != Some(&name) {
                composites.push(CompositeType {
                    name,
                    comment: get(row, 2, "composite comment")?,
                    attributes: Vec::new(),
                });
            }
            let attribute: Option<String> = get(row, 3, "attribute name")?;
            if let (Some(attribute), Some(composite)) = (attribute, composites.last_mut()) {
                composite.attributes.push(CompositeAttribute {
                    name: attribute,
                    type_ref: self.type_ref(get(row, 4, "attribute type")?)?,
                    sql_type: get(row, 5, "attribute sql type")?,
                });
            }
        }
        Ok(())
    }

    async fn domains(&self, model: &mut SchemaModel) -> Result<()> {
        let rows = self
            .query(
                "select n.nspname::text, t.typname::text, obj_description(t.oid, 'pg_type'),
                        t.typbasetype, format_type(t.typbasetype, t.typtypmod), t.typnotnull,
                        t.typdefault
                 from pg_type t
                 join pg_namespace n on n.oid = t.typnamespace
                 where t.typtype = 'd' and n.nspname = any($1)",
                "reading domains",
            )
            .await?;
        for row in &rows {
            let s = schema_index(model, &get::<String>(row, 0, "domain schema")?)?;
            model.schemas[s].domains.push(DomainType {
                name: get(row, 1, "domain name")?,
                comment: get(row, 2, "domain comment")?,
                base: self.type_ref(get(row, 3, "domain base type")?)?,
                base_sql_type: get(row, 4, "domain base sql type")?,
                not_null: get(row, 5, "typnotnull")?,
                default: get(row, 6, "typdefault")?,
            });
        }
        Ok(())
    }

    async fn functions(&self, model: &mut SchemaModel) -> Result<()> {
        let rows = self
            .query(
                "select n.nspname::text, p.proname::text,
                        pg_get_function_identity_arguments(p.oid),
                        p.prorettype, format_type(p.prorettype, null), p.proretset,
                        p.provolatile::text, p.prosecdef, l.lanname::text,
                        obj_description(p.oid, 'pg_proc'),
                        coalesce(p.proallargtypes, p.proargtypes::oid[]),
                        array(select format_type(u.t, null)
                              from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]))
                                   with ordinality u(t, ord)
                              order by u.ord),
                        coalesce(p.proargmodes::text[], '{}'),
                        coalesce(p.proargnames, '{}'),
                        array(select pg_get_function_arg_default(p.oid, k)
                              from generate_series(1, coalesce(
                                  cardinality(p.proallargtypes), p.pronargs::int)) k
                              order by k)
                 from pg_proc p
                 join pg_namespace n on n.oid = p.pronamespace
                 join pg_language l on l.oid = p.prolang
                 where n.nspname = any($1) and p.prokind = 'f'",
                "reading functions",
            )
            .await?;
        for row in &rows {
            let s = schema_index(model, &get::<String>(row, 0, "function schema")?)?;
            let name: String = get(row, 1, "function name")?;
            let types: Vec<u32> = get(row, 10, "argument types")?;
            let sql_types: Vec<String> = get(row, 11, "argument sql types")?;
            let modes: Vec<String> = get(row, 12, "argument modes")?;
            let names: Vec<String> = get(row, 13, "argument names")?;
            let defaults: Vec<Option<String>> = get(row, 14, "argument defaults")?;
            let mut args = Vec::new();
            let mut columns = Vec::new();
            for (i, &oid) in types.iter().enumerate() {
                let mode = modes.get(i).map(|m| code(m)).unwrap_or('i');
                let arg_name = names.get(i).filter(|n| !n.is_empty()).cloned();
                let type_ref = self.type_ref(oid)?;
                let sql_type = sql_types.get(i).cloned().unwrap_or_default();
                if matches!(mode, 'o' | 'b' | 't') {
                    columns.push(ReturnColumn {
                        name: arg_name.clone().unwrap_or_default(),
                        type_ref: type_ref.clone(),
                        sql_type: sql_type.clone(),
                    });
                }
                let mode = match mode {
                    'i' => ArgMode::In,
                    'b' => ArgMode::InOut,
                    'v' => ArgMode::Variadic,
                    'o' | 't' => continue,
                    other => {
                        return Err(Error::Catalog(format!(
                            "function {name}: unknown argument mode {other:?}"
                        )))
                    }
                };
                args.push(FunctionArg {
                    name: arg_name,
                    mode,
                    type_ref,
                    sql_type,
                    default: defaults.get(i).cloned().flatten(),
                });
            }
            let volatility: String = get(row, 6, "provolatile")?;
            let volatility = match code(&volatility) {
                'i' => Volatility::Immutable,
                's' => Volatility::Stable,
                'v' => Volatility::Volatile,
                other => {
                    return Err(Error::Catalog(format!(
                        "function {name}: unknown volatility {other:?}"
                    )))
                }
            };
            model.schemas[s].functions.push(Function {
                identity_args: get(row, 2, "identity arguments")?,
                args,
                returns: FunctionReturn {
                    type_ref: self.type_ref(get(row, 3, "return type")?)?,
                    sql_type: get(row, 4, "return sql type")?,
                    set: get(row, 5, "proretset")?,
                    columns,
                },
                volatility,
                security_definer: get(row, 7, "prosecdef")?,
                language: get(row, 8, "language")?,
                comment: get(row, 9, "function comment")?,
                name,
            });
        }
        Ok(())
    }
}

fn schema_index(model: &SchemaModel, name: &str) -> Result<usize> {
    model
        .schemas
        .iter()
        .position(|s| s.name == name)
        .ok_or_else(|| Error::Catalog(format!("object in unrequested schema {name}")))
}
