//! Applying statements to the model: CREATE/ALTER/DROP TABLE, CREATE TYPE, ALTER TYPE,
//! DROP TYPE/DOMAIN, CREATE SCHEMA, row level security; the dispatch of every statement.

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, AlterTypeAddValuePosition, AlterTypeOperation,
    ColumnDef, ColumnOption, CreateTable, GeneratedAs, ObjectName, ObjectType, ReferentialAction,
    RenameTableNameKind, SchemaName, Statement as Ast, TableConstraint,
    UserDefinedTypeRepresentation,
};
use sqlparser::keywords::Keyword;

use super::default::{column_label, is_null, print_default, print_expression, ExprContext};
use super::names::{ident, object_name, qualified};
use super::parse::{parse_error, Statement};
use super::types::resolve;
use super::{comment, domain, function, view, Warning};
use crate::error::Result;
use crate::model::{
    Cardinality, Column, CompositeAttribute, CompositeType, EnumType, ForeignKey, ForeignKeyAction,
    Identity, PrimaryKey, Relation, RelationKind, Schema, SchemaModel, UniqueConstraint,
};

/// The model being built and the warnings so far.
pub(crate) struct State {
    pub(crate) model: SchemaModel,
    pub(crate) warnings: Vec<Warning>,
}

/// The statement being applied, for warnings and errors.
pub(crate) struct At<'a> {
    pub(crate) file: &'a str,
    pub(crate) statement: &'a Statement,
}

impl State {
    pub(crate) fn new() -> Self {
        let mut model = SchemaModel::new();
        let mut public = Schema::new("public");
        // What `initdb` gives the `public` schema of PostgreSQL 15.
        public.comment = Some("standard public schema".to_string());
        model.schemas.push(public);
        State {
            model,
            warnings: Vec::new(),
        }
    }

    pub(crate) fn warn(&mut self, at: &At<'_>, message: impl Into<String>) {
        self.warnings.push(Warning {
            file: at.file.to_string(),
            line: at.statement.line,
            column: at.statement.column,
            message: message.into(),
        });
    }

    pub(crate) fn schema_mut(&mut self, name: &str) -> Option<&mut Schema> {
        self.model.schemas.iter_mut().find(|s| s.name == name)
    }

    pub(crate) fn relation_mut(&mut self, schema: &str, name: &str) -> Option<&mut Relation> {
        self.schema_mut(schema)?
            .relations
            .iter_mut()
            .find(|r| r.name == name)
    }

    /// Recomputes every foreign key's cardinality from the keys of its relation.
    pub(crate) fn finish(&mut self) {
        for schema in &mut self.model.schemas {
            for relation in &mut schema.relations {
                let cardinalities: Vec<Cardinality> = relation
                    .foreign_keys
                    .iter()
                    .map(|fk| {
                        if relation.is_unique_set(&fk.columns) {
                            Cardinality::OneToOne
                        } else {
                            Cardinality::ManyToOne
                        }
                    })
                    .collect();
                for (fk, c) in relation.foreign_keys.iter_mut().zip(cardinalities) {
                    fk.cardinality = c;
                }
            }
        }
    }
}

/// Statement starts that cannot change the model: ignored silently.
const SILENT: &[&[&str]] = &[
    &["GRANT"],
    &["REVOKE"],
    &["CREATE", "POLICY"],
    &["ALTER", "POLICY"],
    &["DROP", "POLICY"],
    &["CREATE", "INDEX"],
    &["CREATE", "UNIQUE", "INDEX"],
    &["DROP", "INDEX"],
    &["ALTER", "INDEX"],
    &["CREATE", "TRIGGER"],
    &["CREATE", "OR", "REPLACE", "TRIGGER"],
    &["DROP", "TRIGGER"],
    &["CREATE", "ROLE"],
    &["ALTER", "ROLE"],
    &["DROP", "ROLE"],
    &["CREATE", "USER"],
    &["CREATE", "EXTENSION"],
    &["CREATE", "SEQUENCE"],
    &["ALTER", "SEQUENCE"],
    &["DROP", "SEQUENCE"],
    &["CREATE", "PUBLICATION"],
    &["ALTER", "PUBLICATION"],
    &["ALTER", "DEFAULT", "PRIVILEGES"],
    &["CREATE", "PROCEDURE"],
    &["CREATE", "OR", "REPLACE", "PROCEDURE"],
    &["INSERT"],
    &["UPDATE"],
    &["DELETE"],
    &["SELECT"],
    &["SET"],
    &["RESET"],
    &["BEGIN"],
    &["COMMIT"],
    &["END"],
    &["ROLLBACK"],
    &["START"],
    &["TRUNCATE"],
    &["ANALYZE"],
    &["VACUUM"],
    &["NOTIFY"],
    &["REFRESH"],
    &["SECURITY", "LABEL"],
];

/// Statement kinds whose full grammar is expected to parse: a parse failure is an error.
const STRICT: &[&[&str]] = &[
    &["CREATE", "TABLE"],
    &["CREATE", "TYPE"],
    &["CREATE", "VIEW"],
    &["CREATE", "OR", "REPLACE", "VIEW"],
    &["CREATE", "MATERIALIZED", "VIEW"],
];

/// Statement starts that are valid Postgres: a parse failure there is a warning, not an error.
const KNOWN_COMMANDS: &[&str] = &[
    "ALTER",
    "CREATE",
    "DROP",
    "COMMENT",
    "CALL",
    "COPY",
    "LOCK",
    "CLUSTER",
    "REINDEX",
    "IMPORT",
    "REASSIGN",
    "LISTEN",
    "PREPARE",
    "EXECUTE",
    "DISCARD",
    "SAVEPOINT",
    "RELEASE",
    "WITH",
    "EXPLAIN",
    "CHECKPOINT",
    "LOAD",
    "DEALLOCATE",
];

/// Object kinds after CREATE / ALTER / DROP (and OR REPLACE).
const OBJECT_KINDS: &[&str] = &[
    "TABLE",
    "VIEW",
    "MATERIALIZED",
    "TYPE",
    "DOMAIN",
    "FUNCTION",
    "PROCEDURE",
    "AGGREGATE",
    "OPERATOR",
    "CAST",
    "COLLATION",
    "CONVERSION",
    "EXTENSION",
    "FOREIGN",
    "INDEX",
    "UNIQUE",
    "LANGUAGE",
    "POLICY",
    "PUBLICATION",
    "ROLE",
    "RULE",
    "SCHEMA",
    "SEQUENCE",
    "SERVER",
    "STATISTICS",
    "SUBSCRIPTION",
    "TABLESPACE",
    "TEXT",
    "TRIGGER",
    "EVENT",
    "USER",
    "DATABASE",
    "ACCESS",
    "TEMP",
    "TEMPORARY",
    "UNLOGGED",
    "DEFAULT",
    "GROUP",
    "LARGE",
    "OWNED",
    "ROUTINE",
    "TRANSFORM",
    "RECURSIVE",
    "CONSTRAINT",
];

/// Whether the statement starts like valid Postgres (so a parse failure is sqlparser's gap, not
/// a typo).
fn known_command(words: &[String]) -> bool {
    let Some(first) = words.first() else {
        return false;
    };
    if !KNOWN_COMMANDS.contains(&first.as_str()) {
        return false;
    }
    if !matches!(first.as_str(), "CREATE" | "ALTER" | "DROP") {
        return true;
    }
    let kind = if starts_with(&words[1..], &["OR", "REPLACE"]) {
        words.get(3)
    } else {
        words.get(1)
    };
    kind.is_some_and(|k| OBJECT_KINDS.contains(&k.as_str()))
}

fn starts_with(words: &[String], prefix: &[&str]) -> bool {
    words.len() >= prefix.len() && words.iter().zip(prefix).all(|(w, p)| w == p)
}

/// Applies one statement of `at.file`.
pub(crate) fn apply(state: &mut State, at: &At<'_>) -> Result<()> {
    let words = at.statement.leading_words(4);
    if SILENT.iter().any(|p| starts_with(&words, p))
        || at
            .statement
            .contains_keywords(&[Keyword::OWNER, Keyword::TO])
    {
        return Ok(());
    }
    if starts_with(&words, &["DO"]) {
        state.warn(
            at,
            "DO blocks are not interpreted: any schema change they make is missing",
        );
        return Ok(());
    }
    if starts_with(&words, &["CREATE", "FUNCTION"])
        || starts_with(&words, &["CREATE", "OR", "REPLACE", "FUNCTION"])
    {
        return function::create(state, at);
    }
    if starts_with(&words, &["CREATE", "DOMAIN"]) {
        return domain::create(state, at);
    }
    if starts_with(&words, &["COMMENT", "ON"]) {
        return comment::apply(state, at);
    }
    let mut parser = at.statement.parser();
    let parsed = parser.parse_statement().and_then(|s| {
        if parser.peek_token().token == sqlparser::tokenizer::Token::EOF {
            Ok(s)
        } else {
            parser.expected("end of statement", parser.peek_token())
        }
    });
    let ast = match parsed {
        Ok(ast) => ast,
        Err(e) => {
            let strict = STRICT.iter().any(|p| starts_with(&words, p));
            let known = known_command(&words);
            if strict || !known {
                return Err(parse_error(at.file, at.statement, &e));
            }
            let message = parse_error(at.file, at.statement, &e).to_string();
            state.warn(
                at,
                format!("statement not understood, skipped ({})", words.join(" ")).to_lowercase()
                    + &format!(": {message}"),
            );
            return Ok(());
        }
    };
    apply_ast(state, at, &ast)
}

fn apply_ast(state: &mut State, at: &At<'_>, ast: &Ast) -> Result<()> {
    match ast {
        Ast::CreateTable(create) => return create_table(state, at, create),
        Ast::AlterTable {
            name,
            operations,
            if_exists,
            ..
        } => {
            let (schema, table) = qualified(name);
            if state.relation_mut(&schema, &table).is_none() {
                if !*if_exists {
                    state.warn(
                        at,
                        format!("ALTER TABLE of unknown relation {schema}.{table}"),
                    );
                }
                return Ok(());
            }
            for op in operations {
                alter_table(state, at, &schema, &table, op);
            }
        }
        Ast::CreateType {
            name,
            representation,
        } => create_type(state, at, name, representation),
        Ast::AlterType(alter) => alter_type(state, at, &alter.name, &alter.operation),
        Ast::CreateView {
            materialized,
            name,
            columns,
            query,
            or_replace,
            ..
        } => {
            let names: Vec<String> = columns.iter().map(|c| ident(&c.name)).collect();
            return view::create(state, at, name, &names, query, *materialized, *or_replace);
        }
        Ast::Drop {
            object_type,
            names,
            if_exists,
            ..
        } => {
            for name in names {
                drop_object(state, at, *object_type, name, *if_exists);
            }
        }
        Ast::DropFunction { func_desc, .. } => {
            for desc in func_desc {
                function::drop(state, at, desc);
            }
        }
        Ast::DropDomain(drop) => {
            let (schema, name) = qualified(&drop.name);
            if let Some(s) = state.schema_mut(&schema) {
                s.domains.retain(|d| d.name != name);
            }
        }
        Ast::CreateSchema { schema_name, .. } => {
            let name = match schema_name {
                SchemaName::Simple(n) | SchemaName::NamedAuthorization(n, _) => object_name(n).1,
                SchemaName::UnnamedAuthorization(i) => ident(i),
            };
            if state.model.schema(&name).is_none() {
                state.model.schemas.push(Schema::new(name));
            }
        }
        Ast::CreateIndex(_)
        | Ast::CreatePolicy { .. }
        | Ast::DropPolicy { .. }
        | Ast::AlterPolicy { .. }
        | Ast::Grant { .. }
        | Ast::Revoke { .. }
        | Ast::Insert(_)
        | Ast::Update { .. }
        | Ast::Delete(_)
        | Ast::Query(_)
        | Ast::CreateExtension { .. }
        | Ast::CreateSequence { .. }
        | Ast::CreateTrigger { .. }
        | Ast::DropTrigger { .. }
        | Ast::CreateRole { .. }
        | Ast::AlterRole { .. }
        | Ast::StartTransaction { .. }
        | Ast::Commit { .. }
        | Ast::Rollback { .. }
        | Ast::Set(_) => {}
        other => {
            let text = other.to_string();
            let head: String = text.chars().take(60).collect();
            state.warn(at, format!("statement not modeled, skipped: {head}"));
        }
    }
    Ok(())
}

/// A constraint written on a column or the table, before names are chosen.
enum Pending {
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

fn create_table(state: &mut State, at: &At<'_>, create: &CreateTable) -> Result<()> {
    let (schema, table) = qualified(&create.name);
    if state.model.schema(&schema).is_none() {
        state.warn(at, format!("CREATE TABLE in unknown schema {schema}"));
        return Ok(());
    }
    if state.relation_mut(&schema, &table).is_some() {
        if !create.if_not_exists {
            state.warn(at, format!("table {schema}.{table} already exists"));
        }
        return Ok(());
    }
    if create.query.is_some() || create.like.is_some() || create.clone.is_some() {
        state.warn(at, format!("CREATE TABLE {table} AS/LIKE is not modeled"));
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

/// Adds a column (of CREATE TABLE or ALTER TABLE ADD COLUMN) to the relation.
fn add_column(
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
            state.warn(at, format!("column {table}.{name}: {e}; typed as text"));
            match resolve(&sqlparser::ast::DataType::Text, &state.model) {
                Ok(t) => t,
                Err(_) => return,
            }
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
        column.default = Some(format!("nextval('{schema}.{table}_{name}_seq'::regclass)"));
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

fn set_default(
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

fn table_constraint(constraint: &TableConstraint) -> Option<Pending> {
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

fn action(a: Option<ReferentialAction>) -> ForeignKeyAction {
    match a {
        None | Some(ReferentialAction::NoAction) => ForeignKeyAction::NoAction,
        Some(ReferentialAction::Restrict) => ForeignKeyAction::Restrict,
        Some(ReferentialAction::Cascade) => ForeignKeyAction::Cascade,
        Some(ReferentialAction::SetNull) => ForeignKeyAction::SetNull,
        Some(ReferentialAction::SetDefault) => ForeignKeyAction::SetDefault,
    }
}

/// A constraint name not yet used on `relation` (Postgres appends 1, 2, ... on a clash).
fn choose_name(relation: &Relation, base: String) -> String {
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
fn finish_columns(
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
                relation.foreign_keys.push(ForeignKey {
                    name,
                    columns,
                    referenced_schema: rs,
                    referenced_relation: rt,
                    referenced_columns: resolved.unwrap_or(referenced),
                    cardinality: Cardinality::ManyToOne,
                    on_update: action(on_update),
                    on_delete: action(on_delete),
                });
            }
        }
    }
}

fn renumber(relation: &mut Relation) {
    for (i, c) in relation.columns.iter_mut().enumerate() {
        c.ordinal = i as u32 + 1;
    }
}

fn alter_table(
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
                    state.warn(
                        at,
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
                            state.warn(at, format!("column {table}.{column}: {e}"));
                            return;
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
                r.name = new;
            }
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
        | AlterTableOperation::DropIndex { .. } => {}
        other => state.warn(at, format!("ALTER TABLE {table} {other}: not modeled")),
    }
}

fn drop_column(state: &mut State, schema: &str, table: &str, column: &str) {
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

fn rename_column(state: &mut State, schema: &str, table: &str, old: &str, new: &str) {
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

fn create_type(
    state: &mut State,
    at: &At<'_>,
    name: &ObjectName,
    representation: &UserDefinedTypeRepresentation,
) {
    let (schema, type_name) = qualified(name);
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
            Err(e) => state.warn(
                at,
                format!("type {type_name}, attribute {}: {e}", ident(&a.name)),
            ),
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

fn alter_type(state: &mut State, at: &At<'_>, name: &ObjectName, op: &AlterTypeOperation) {
    let (schema, type_name) = qualified(name);
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
        AlterTypeOperation::Rename(r) => e.name = ident(&r.new_name),
    }
}

fn drop_object(
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
