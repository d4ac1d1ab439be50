//! Applying statements to the model: the dispatch of every statement, CREATE SCHEMA and row
//! level security; tables, ALTER TABLE and types live in `table`, `alter` and `type_def`.

use sqlparser::ast::{SchemaName, Statement as Ast};
use sqlparser::keywords::Keyword;

use super::alter::alter_table;
use super::commands::{known_command, starts_with, SILENT, STRICT};
use super::names::{ident, object_name, qualified};
use super::parse::{parse_error, Statement};
use super::partition::{self, Keys, Partition};
use super::table::create_table;
use super::type_def::{alter_type, create_type, drop_object};
use super::{comment, do_block, domain, function, index, view, Warning};
use crate::error::Result;
use crate::model::{Cardinality, Relation, Schema, SchemaModel};

/// The model being built and the warnings so far.
pub(crate) struct State {
    pub(crate) model: SchemaModel,
    pub(crate) warnings: Vec<Warning>,
    /// The error condition (`duplicate_object`, ...) the database raises for the statement
    /// being applied, if it raises one: `DO` blocks roll back to their exception handler.
    pub(crate) failed: Option<&'static str>,
    /// Partitions of partitioned tables, which receive the keys added to their parent.
    pub(crate) partitions: Vec<Partition>,
    /// Tables and types of Supabase's bundled schemas that a user's own CREATE replaces.
    pub(crate) bundled: Vec<(String, String)>,
    /// Unique indexes a later `ADD CONSTRAINT .. USING INDEX` may turn into a constraint.
    pub(crate) indexes: Vec<super::index::UniqueIndex>,
    /// Foreign keys PostgreSQL derived for the partitions of a referenced table.
    pub(crate) fk_clones: Vec<super::partition_fk::Clone>,
    /// What each view reads, for `DROP .. CASCADE`.
    pub(crate) view_deps: Vec<super::view_deps::ViewDeps>,
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
            failed: None,
            partitions: Vec::new(),
            bundled: Vec::new(),
            indexes: Vec::new(),
            fk_clones: Vec::new(),
            view_deps: Vec::new(),
        }
    }

    /// A warning about a statement on which the database raises the error `condition` (its
    /// PL/pgSQL name, such as `duplicate_object`): the statement has no effect.
    pub(crate) fn fail(
        &mut self,
        at: &At<'_>,
        condition: &'static str,
        message: impl Into<String>,
    ) {
        self.failed = Some(condition);
        self.warn(at, message);
    }

    /// A warning at a position inside the statement (a line and column of 0 mean the
    /// statement's own position).
    pub(crate) fn warn_at(
        &mut self,
        at: &At<'_>,
        position: sqlparser::tokenizer::Location,
        message: impl Into<String>,
    ) {
        let (line, column) = if position.line == 0 {
            (at.statement.line, at.statement.column)
        } else {
            (position.line, position.column)
        };
        self.warnings.push(Warning {
            file: at.file.to_string(),
            line,
            column,
            message: message.into(),
        });
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

/// The statement without the sequence options of `.. AS IDENTITY ( SEQUENCE NAME .. )` (as
/// pg_dump and drizzle-kit write them; they do not change the model and sqlparser does not read
/// them), if it has them: every such group is removed.
fn without_identity_options(statement: &Statement) -> Option<Statement> {
    use sqlparser::tokenizer::Token;
    let mut tokens = statement.tokens.clone();
    let mut changed = false;
    let mut from = 0;
    while let Some(identity) = tokens[from..]
        .iter()
        .position(|t| matches!(&t.token, Token::Word(w) if w.keyword == Keyword::IDENTITY))
        .map(|i| i + from)
    {
        from = identity + 1;
        let Some(open) = tokens[identity + 1..]
            .iter()
            .position(|t| !matches!(t.token, Token::Whitespace(_)))
            .map(|i| i + identity + 1)
        else {
            break;
        };
        if tokens[open].token != Token::LParen {
            continue;
        }
        let mut depth = 0usize;
        let mut close = None;
        for (i, t) in tokens.iter().enumerate().skip(open) {
            match t.token {
                Token::LParen => depth += 1,
                Token::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else {
            break;
        };
        tokens.drain(open..=close);
        changed = true;
    }
    changed.then_some(Statement {
        tokens,
        line: statement.line,
        column: statement.column,
    })
}

/// `ALTER [MATERIALIZED] VIEW ..` as `ALTER TABLE ..`.
fn as_alter_table(statement: &Statement) -> Statement {
    use sqlparser::tokenizer::{Token, TokenWithSpan, Word};
    let mut tokens: Vec<TokenWithSpan> = Vec::new();
    let mut seen = 0;
    for t in &statement.tokens {
        let word = match &t.token {
            Token::Word(w) if w.quote_style.is_none() => Some(w.keyword),
            _ => None,
        };
        if seen < 3 && word.is_some() {
            seen += 1;
            match word {
                Some(Keyword::MATERIALIZED) => continue,
                Some(Keyword::VIEW) => {
                    tokens.push(TokenWithSpan {
                        token: Token::Word(Word {
                            value: "TABLE".into(),
                            quote_style: None,
                            keyword: Keyword::TABLE,
                        }),
                        span: t.span,
                    });
                    seen = 3;
                    continue;
                }
                _ => {}
            }
        }
        tokens.push(t.clone());
    }
    Statement {
        tokens,
        line: statement.line,
        column: statement.column,
    }
}

/// Whether the statement is `ALTER TABLE .. ADD CONSTRAINT name EXCLUDE ..` and nothing else
/// (no other action after a top-level comma).
fn adds_exclusion_constraint(statement: &Statement) -> bool {
    use sqlparser::tokenizer::Token;
    let mut depth = 0usize;
    let mut kws = Vec::new();
    for t in &statement.tokens {
        match &t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Comma if depth == 0 => return false,
            Token::Whitespace(_) => continue,
            _ => {}
        }
        kws.push(match &t.token {
            Token::Word(w) if w.quote_style.is_none() => w.keyword,
            _ => Keyword::NoKeyword,
        });
    }
    kws.windows(4)
        .any(|w| w[0] == Keyword::ADD && w[1] == Keyword::CONSTRAINT && w[3] == Keyword::EXCLUDE)
}

/// Applies one statement of `at.file`.
pub(crate) fn apply(state: &mut State, at: &At<'_>) -> Result<()> {
    let words = at.statement.leading_words(4);
    if starts_with(&words, &["CREATE", "EXTENSION"]) {
        super::extension::create(state, at);
        return Ok(());
    }
    if starts_with(&words, &["CREATE", "UNIQUE", "INDEX"]) {
        index::create(state, at);
        return Ok(());
    }
    if starts_with(&words, &["DROP", "INDEX"]) || starts_with(&words, &["ALTER", "INDEX"]) {
        match at.statement.parser().parse_statement() {
            Ok(Ast::Drop { names, .. }) => index::drop(state, &names),
            Ok(Ast::AlterIndex {
                name,
                operation: sqlparser::ast::AlterIndexOperation::RenameIndex { index_name },
            }) => index::rename(state, &name, &object_name(&index_name).1),
            _ => {}
        }
        return Ok(());
    }
    if starts_with(&words, &["ALTER", "DOMAIN"])
        && !at
            .statement
            .contains_keywords(&[Keyword::OWNER, Keyword::TO])
        && !at
            .statement
            .contains_keywords(&[Keyword::SET, Keyword::SCHEMA])
    {
        return domain::alter(state, at);
    }
    if starts_with(&words, &["ALTER", "FUNCTION"]) {
        return super::alter_function::apply(state, at);
    }
    if starts_with(&words, &["ALTER"]) && super::set_schema::apply(state, at)? {
        return Ok(());
    }
    if starts_with(&words, &["ALTER", "VIEW"])
        || starts_with(&words, &["ALTER", "MATERIALIZED", "VIEW"])
    {
        // ALTER TABLE takes the same actions on views (RENAME, ALTER COLUMN .. DEFAULT, ..).
        return apply(
            state,
            &At {
                file: at.file,
                statement: &as_alter_table(at.statement),
            },
        );
    }
    if starts_with(&words, &["ALTER", "TABLE"])
        && at
            .statement
            .contains_keywords(&[Keyword::DROP, Keyword::IDENTITY])
    {
        return super::alter::drop_identity(state, at);
    }
    if starts_with(&words, &["ALTER", "TABLE"]) && adds_exclusion_constraint(at.statement) {
        // `ADD CONSTRAINT name EXCLUDE USING ..` (pg_dump writes exclusion constraints so): the
        // model keeps no exclusion constraints.
        return Ok(());
    }
    if starts_with(&words, &["ALTER", "TABLE"]) {
        if let Some(statement) = index::using_index(state, at) {
            if statement.tokens.is_empty() {
                return Ok(());
            }
            return apply(
                state,
                &At {
                    file: at.file,
                    statement: &statement,
                },
            );
        }
    }
    if SILENT.iter().any(|p| starts_with(&words, p))
        || at
            .statement
            .contains_keywords(&[Keyword::OWNER, Keyword::TO])
    {
        return Ok(());
    }
    if starts_with(&words, &["DO"]) {
        return do_block::apply(state, at);
    }
    if starts_with(&words, &["CREATE", "FUNCTION"])
        || starts_with(&words, &["CREATE", "OR", "REPLACE", "FUNCTION"])
    {
        return function::create(state, at);
    }
    if starts_with(&words, &["ALTER", "TABLE"]) && partition::attach_or_detach(state, at)? {
        return Ok(());
    }
    if starts_with(&words, &["ALTER", "TABLE"]) {
        if let Some(statement) = without_identity_options(at.statement) {
            return apply(
                state,
                &At {
                    file: at.file,
                    statement: &statement,
                },
            );
        }
    }
    let is_create_table = starts_with(&words, &["CREATE", "TABLE"])
        || starts_with(&words, &["CREATE", "UNLOGGED", "TABLE"]);
    if is_create_table
        && at.statement.contains_keywords(&[Keyword::LIKE])
        && super::like::create(state, at)?
    {
        return Ok(());
    }
    if is_create_table && partition::is_partition_of(at.statement) {
        return partition::create_partition_of(state, at);
    }
    if is_create_table {
        if let Some(statement) = without_identity_options(at.statement) {
            return apply(
                state,
                &At {
                    file: at.file,
                    statement: &statement,
                },
            );
        }
        if let Some(statement) = partition::without_partition_by(at.statement) {
            return apply(
                state,
                &At {
                    file: at.file,
                    statement: &statement,
                },
            );
        }
    }
    if starts_with(&words, &["CREATE", "MATERIALIZED", "VIEW"]) {
        if let Some(statement) = view::without_with_data(at.statement) {
            return apply(
                state,
                &At {
                    file: at.file,
                    statement: &statement,
                },
            );
        }
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

pub(super) fn apply_ast(state: &mut State, at: &At<'_>, ast: &Ast) -> Result<()> {
    match ast {
        Ast::CreateTable(create) => return create_table(state, at, create),
        Ast::AlterTable {
            name,
            operations,
            if_exists,
            only,
            ..
        } => {
            let (schema, table) = qualified(name);
            if state.relation_mut(&schema, &table).is_none() {
                if !*if_exists {
                    state.fail(
                        at,
                        "undefined_table",
                        format!("ALTER TABLE of unknown relation {schema}.{table}"),
                    );
                }
                return Ok(());
            }
            let before = state.relation_mut(&schema, &table).map(|r| r.clone());
            for op in operations {
                alter_table(state, at, &schema, &table, op);
            }
            let after = state.relation_mut(&schema, &table).map(|r| r.clone());
            if let (false, Some(before), Some(after)) = (*only, before, after) {
                let keys = Keys::added(&before, &after);
                for (s, t) in partition::children(state, &schema, &table) {
                    partition::inherit(state, &s, &t, &keys);
                }
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
            cascade,
            ..
        } => {
            if *cascade
                && matches!(
                    object_type,
                    sqlparser::ast::ObjectType::Table
                        | sqlparser::ast::ObjectType::View
                        | sqlparser::ast::ObjectType::MaterializedView
                )
            {
                for name in names {
                    let (schema, relation) = qualified(name);
                    super::view_deps::drop_cascade(state, &schema, &relation);
                }
            }
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
