//! `DO` blocks, applied as the database runs them: the PL/pgSQL body is read into blocks,
//! `IF`/`ELSIF`/`ELSE` and plain SQL statements, and run against the model.
//!
//! - `BEGIN .. EXCEPTION WHEN <condition> THEN .. END`: when a statement of the block fails as it
//!   would in the database (`CREATE TYPE` of a type that exists raises `duplicate_object`, a
//!   second `ADD CONSTRAINT` of the same name `duplicate_table`, ...), the block's effects are
//!   rolled back and the matching handler runs (`others` matches every condition);
//! - `IF [NOT] EXISTS (select .. from pg_type / pg_class / information_schema.columns ..)`: the
//!   condition is evaluated against the model (see `guard`); a condition it cannot evaluate is
//!   a warning only when the branches would change the model differently;
//! - `EXECUTE '<sql>'` with a string literal runs that SQL; `NULL`, `RAISE`, `PERFORM`,
//!   `RETURN` and assignments change nothing.
//!
//! Loops and `EXECUTE` of a computed string are warnings when they may change the model.

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::apply::{self, At, State};
use super::guard;
use super::parse::{split_tokens, tokenize_at, Statement};
use crate::error::{Error, Result};

/// First words of the SQL commands a `DO` body may run; any other statement is PL/pgSQL that
/// is not interpreted.
const SQL_COMMANDS: &[&str] = &[
    "CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE", "INSERT", "UPDATE", "DELETE",
    "SELECT", "SET", "RESET", "TRUNCATE", "NOTIFY", "REFRESH", "SECURITY", "WITH", "LOCK",
    "ANALYZE", "VACUUM", "REINDEX", "CLUSTER",
];

/// One PL/pgSQL statement of a `DO` body.
enum Node {
    /// A plain SQL statement.
    Sql(Statement),
    /// `IF cond THEN .. [ELSIF cond THEN ..] [ELSE ..] END IF`: `None` for `ELSE`.
    If(Vec<(Option<Statement>, Vec<Node>)>),
    /// `[DECLARE ..] BEGIN .. [EXCEPTION WHEN .. THEN ..] END`.
    Block {
        body: Vec<Node>,
        handlers: Vec<(Vec<String>, Vec<Node>)>,
    },
    /// Something not interpreted (a loop, `EXECUTE` of a computed string), with what it is.
    Opaque(Statement, &'static str),
    /// `RAISE [EXCEPTION] ..`: raises `raise_exception`.
    Raise,
}

/// Applies a `DO` statement.
pub(crate) fn apply(state: &mut State, at: &At<'_>) -> Result<()> {
    let mut body = None;
    let mut language = None;
    let mut words = at
        .statement
        .tokens
        .iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .skip(1)
        .peekable();
    while let Some(t) = words.next() {
        match &t.token {
            Token::DollarQuotedString(s) => {
                let tag = s.tag.as_ref().map_or(0, |t| t.chars().count() as u64);
                body = Some((
                    s.value.clone(),
                    t.span.start.line,
                    t.span.start.column + tag + 2,
                ));
            }
            Token::SingleQuotedString(s) => {
                body = Some((s.clone(), t.span.start.line, t.span.start.column + 1));
            }
            Token::Word(w) if w.keyword == Keyword::LANGUAGE => {
                language = words.next().map(|t| match &t.token {
                    Token::Word(w) => w.value.to_lowercase(),
                    other => other.to_string(),
                });
            }
            _ => {}
        }
    }
    if language.as_deref().is_some_and(|l| l != "plpgsql") {
        state.warn(
            at,
            "DO block in a language other than plpgsql not interpreted",
        );
        return Ok(());
    }
    let Some((text, line, column)) = body else {
        state.warn(at, "DO block without a body");
        return Ok(());
    };
    let tokens = tokenize_at(&text, at.file, line, column)?;
    let mut reader = Reader {
        tokens,
        pos: 0,
        file: at.file,
    };
    let block = match reader.block() {
        Ok(block) => block,
        Err(e) => {
            state.warn(at, format!("DO block not understood, skipped: {e}"));
            return Ok(());
        }
    };
    let unhandled = run(state, at.file, &[block])?;
    match unhandled {
        Some("raise_exception") => state.warn(
            at,
            "DO block raises an exception (RAISE): the migration fails here",
        ),
        Some(condition) => state.warn(
            at,
            format!(
                "DO block raises {condition} (see the warning before): the migration fails here"
            ),
        ),
        None => {}
    }
    Ok(())
}

/// Runs `nodes`; returns the condition of an error none of them handled.
fn run(state: &mut State, file: &str, nodes: &[Node]) -> Result<Option<&'static str>> {
    for node in nodes {
        let raised = match node {
            Node::Sql(statement) => {
                state.failed = None;
                apply::apply(state, &At { file, statement })?;
                state.failed.take()
            }
            Node::If(branches) => {
                let mut chosen = None;
                for (i, (condition, _)) in branches.iter().enumerate() {
                    let Some(condition) = condition else {
                        chosen = Some(i);
                        break;
                    };
                    match guard::evaluate(&state.model, condition) {
                        Some(true) => {
                            chosen = Some(i);
                            break;
                        }
                        Some(false) => continue,
                        None => {
                            chosen = unknown_condition(state, file, condition, branches, i)?;
                            break;
                        }
                    }
                }
                match chosen {
                    Some(i) => run(state, file, &branches[i].1)?,
                    None => None,
                }
            }
            Node::Block { body, handlers } => {
                if handlers.is_empty() {
                    run(state, file, body)?
                } else {
                    let (model, warnings) = (state.model.clone(), state.warnings.len());
                    match run(state, file, body)? {
                        Some(condition) => {
                            let handler = handlers.iter().find(|(conditions, _)| {
                                conditions.iter().any(|c| c == "others" || c == condition)
                            });
                            match handler {
                                Some((_, nodes)) => {
                                    state.model = model;
                                    state.warnings.truncate(warnings);
                                    run(state, file, nodes)?
                                }
                                None => Some(condition),
                            }
                        }
                        None => None,
                    }
                }
            }
            Node::Raise => Some("raise_exception"),
            Node::Opaque(statement, what) => {
                let at = At { file, statement };
                state.warn(
                    &at,
                    format!("{what} in a DO block is not interpreted: any schema change it makes is missing"),
                );
                None
            }
        };
        if raised.is_some() {
            return Ok(raised);
        }
    }
    Ok(None)
}

/// The branch to take when the condition of branch `i` cannot be evaluated: its branch and the
/// rest are run on copies of the model; when they agree nothing is lost, else a warning says
/// which branch was assumed (the one that creates what the guard looks for: a fresh database).
fn unknown_condition(
    state: &mut State,
    file: &str,
    condition: &Statement,
    branches: &[(Option<Statement>, Vec<Node>)],
    i: usize,
) -> Result<Option<usize>> {
    let outcome = |state: &State, nodes: &[Node]| -> Result<crate::model::SchemaModel> {
        let mut copy = State::new();
        copy.model = state.model.clone();
        run(&mut copy, file, nodes)?;
        Ok(copy.model)
    };
    let taken = outcome(state, &branches[i].1)?;
    let rest = match branches[i + 1..].first() {
        Some((None, nodes)) => outcome(state, nodes)?,
        _ => state.model.clone(),
    };
    let assume_true = guard::negated_exists(condition);
    if taken != rest {
        let text: String = condition
            .tokens
            .iter()
            .map(|t| t.token.to_string())
            .collect();
        let at = At {
            file,
            statement: condition,
        };
        state.warn(
            &at,
            format!(
                "IF condition `{}` cannot be evaluated from the model; assumed {assume_true}",
                text.trim()
            ),
        );
    }
    Ok(if assume_true {
        Some(i)
    } else {
        branches[i + 1..]
            .iter()
            .position(|(c, _)| c.is_none())
            .map(|j| i + 1 + j)
    })
}

/// A cursor over the tokens of a `DO` body.
struct Reader<'a> {
    tokens: Vec<TokenWithSpan>,
    pos: usize,
    file: &'a str,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while self
            .tokens
            .get(self.pos)
            .is_some_and(|t| matches!(t.token, Token::Whitespace(_)))
        {
            self.pos += 1;
        }
    }

    /// The next word, upper-cased (`None` at the end or on a non-word).
    fn peek_word(&mut self) -> Option<String> {
        self.skip_space();
        match &self.tokens.get(self.pos)?.token {
            Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_uppercase()),
            _ => None,
        }
    }

    fn peek_token(&mut self) -> Option<&Token> {
        self.skip_space();
        self.tokens.get(self.pos).map(|t| &t.token)
    }

    fn error(&self, message: impl Into<String>) -> Error {
        let at = self
            .tokens
            .get(self.pos)
            .or(self.tokens.last())
            .map(|t| t.span.start);
        Error::MigrationSql {
            file: self.file.to_string(),
            line: at.map_or(0, |a| a.line),
            column: at.map_or(0, |a| a.column),
            message: format!("in DO block: {}", message.into()),
        }
    }

    fn expect_word(&mut self, word: &str) -> Result<()> {
        if self.peek_word().as_deref() == Some(word) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(format!("expected {word}")))
        }
    }

    fn eat(&mut self, token: &Token) -> bool {
        if self.peek_token() == Some(token) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Tokens up to (not including) the first of `stops` (a `;` or a word) at parenthesis depth
    /// 0, as one statement.
    fn until(&mut self, stops: &[&str]) -> Result<Statement> {
        self.skip_space();
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(t) = self.tokens.get(self.pos) {
            match &t.token {
                Token::LParen => depth += 1,
                Token::RParen => depth = depth.saturating_sub(1),
                Token::SemiColon if depth == 0 && stops.contains(&";") => break,
                Token::Word(w)
                    if depth == 0
                        && w.quote_style.is_none()
                        && stops.contains(&w.value.to_uppercase().as_str()) =>
                {
                    break
                }
                _ => {}
            }
            self.pos += 1;
        }
        if self.pos >= self.tokens.len() {
            return Err(self.error(format!("expected {}", stops.join(" or "))));
        }
        let tokens = self.tokens[start..self.pos].to_vec();
        Ok(split_tokens(tokens)
            .into_iter()
            .next()
            .unwrap_or(Statement {
                tokens: Vec::new(),
                line: 0,
                column: 0,
            }))
    }

    /// `[<<label>>] [DECLARE ..] BEGIN .. [EXCEPTION ..] END [label]`.
    fn block(&mut self) -> Result<Node> {
        if self.eat(&Token::ShiftLeft) {
            self.pos += 1;
            self.eat(&Token::ShiftRight);
        }
        if self.peek_word().as_deref() == Some("DECLARE") {
            self.until(&["BEGIN"])?;
        }
        self.expect_word("BEGIN")?;
        let body = self.statements(&["EXCEPTION", "END"])?;
        let mut handlers = Vec::new();
        if self.peek_word().as_deref() == Some("EXCEPTION") {
            self.pos += 1;
            while self.peek_word().as_deref() == Some("WHEN") {
                self.pos += 1;
                let conditions = self.until(&["THEN"])?;
                self.pos += 1;
                let nodes = self.statements(&["WHEN", "END"])?;
                handlers.push((conditions_of(&conditions), nodes));
            }
        }
        self.expect_word("END")?;
        if !matches!(self.peek_token(), Some(Token::SemiColon) | None) {
            self.pos += 1;
        }
        self.eat(&Token::SemiColon);
        Ok(Node::Block { body, handlers })
    }

    /// Statements up to one of the words `stops`.
    fn statements(&mut self, stops: &[&str]) -> Result<Vec<Node>> {
        let mut nodes = Vec::new();
        loop {
            if self.peek_token().is_none() {
                return Err(self.error(format!("expected {}", stops.join(" or "))));
            }
            let word = self.peek_word();
            if word.as_deref().is_some_and(|w| stops.contains(&w)) {
                return Ok(nodes);
            }
            match word.as_deref() {
                Some("IF") => nodes.push(self.if_statement()?),
                Some("BEGIN" | "DECLARE") => nodes.push(self.block()?),
                _ if self.peek_token() == Some(&Token::ShiftLeft) => nodes.push(self.block()?),
                Some("CASE") => {
                    let statement = self.skip_case()?;
                    nodes.push(Node::Opaque(statement, "a CASE statement"));
                }
                Some("FOR" | "WHILE" | "LOOP" | "FOREACH") => {
                    let statement = self.skip_loop()?;
                    nodes.push(Node::Opaque(statement, "a loop"));
                }
                Some("EXECUTE") => {
                    self.pos += 1;
                    let statement = self.until(&[";"])?;
                    self.pos += 1;
                    nodes.extend(self.execute(statement)?);
                }
                Some("RAISE") => {
                    self.pos += 1;
                    let level = self.peek_word();
                    self.until(&[";"])?;
                    self.pos += 1;
                    let quiet = matches!(
                        level.as_deref(),
                        Some("NOTICE" | "WARNING" | "INFO" | "LOG" | "DEBUG")
                    );
                    if !quiet {
                        nodes.push(Node::Raise);
                    }
                }
                Some("NULL" | "PERFORM" | "RETURN" | "GET" | "ASSERT" | "CALL") => {
                    self.until(&[";"])?;
                    self.pos += 1;
                }
                _ => {
                    let statement = self.until(&[";"])?;
                    self.pos += 1;
                    let assignment = statement
                        .tokens
                        .iter()
                        .any(|t| matches!(t.token, Token::Assignment));
                    let sql = statement
                        .leading_words(1)
                        .first()
                        .is_some_and(|w| SQL_COMMANDS.contains(&w.as_str()));
                    if !assignment && !statement.tokens.is_empty() {
                        nodes.push(if sql {
                            Node::Sql(statement)
                        } else {
                            Node::Opaque(statement, "a PL/pgSQL statement")
                        });
                    }
                }
            }
        }
    }

    /// `EXECUTE '<sql>'`: the SQL of a literal; anything else is opaque.
    fn execute(&self, statement: Statement) -> Result<Vec<Node>> {
        let words: Vec<&TokenWithSpan> = statement
            .tokens
            .iter()
            .filter(|t| !matches!(t.token, Token::Whitespace(_)))
            .collect();
        match words.as_slice() {
            [t] => match &t.token {
                Token::SingleQuotedString(sql)
                | Token::DollarQuotedString(sqlparser::ast::DollarQuotedString {
                    value: sql,
                    ..
                }) => {
                    let tokens =
                        tokenize_at(sql, self.file, t.span.start.line, t.span.start.column + 1)?;
                    Ok(split_tokens(tokens).into_iter().map(Node::Sql).collect())
                }
                _ => Ok(vec![Node::Opaque(
                    statement,
                    "EXECUTE of a computed string",
                )]),
            },
            _ => Ok(vec![Node::Opaque(
                statement,
                "EXECUTE of a computed string",
            )]),
        }
    }

    /// `IF cond THEN .. {ELSIF cond THEN ..} [ELSE ..] END IF;`
    fn if_statement(&mut self) -> Result<Node> {
        self.pos += 1;
        let mut branches = Vec::new();
        let mut condition = Some(self.until(&["THEN"])?);
        self.pos += 1;
        loop {
            let nodes = self.statements(&["ELSIF", "ELSEIF", "ELSE", "END"])?;
            branches.push((condition.take(), nodes));
            match self.peek_word().as_deref() {
                Some("ELSIF" | "ELSEIF") => {
                    self.pos += 1;
                    condition = Some(self.until(&["THEN"])?);
                    self.pos += 1;
                }
                Some("ELSE") => {
                    self.pos += 1;
                    let nodes = self.statements(&["END"])?;
                    branches.push((None, nodes));
                }
                _ => break,
            }
        }
        self.expect_word("END")?;
        self.expect_word("IF")?;
        self.eat(&Token::SemiColon);
        Ok(Node::If(branches))
    }

    /// Skips a CASE statement up to its `END CASE;`.
    fn skip_case(&mut self) -> Result<Statement> {
        let header = self.until(&["WHEN"])?;
        loop {
            match self.peek_word().as_deref() {
                Some("END") => {
                    self.pos += 1;
                    if self.peek_word().as_deref() == Some("CASE") {
                        self.pos += 1;
                        break;
                    }
                }
                None if self.peek_token().is_none() => return Err(self.error("expected END CASE")),
                _ => self.pos += 1,
            }
        }
        self.eat(&Token::SemiColon);
        Ok(header)
    }

    /// Skips a loop up to its `END LOOP;`, counting nested loops.
    fn skip_loop(&mut self) -> Result<Statement> {
        let header = self.until(&["LOOP"])?;
        self.pos += 1;
        let mut depth = 1;
        while depth > 0 {
            match self.peek_word().as_deref() {
                Some("END") => {
                    self.pos += 1;
                    if self.peek_word().as_deref() == Some("LOOP") {
                        depth -= 1;
                    }
                    self.pos += 1;
                }
                Some("LOOP") => {
                    depth += 1;
                    self.pos += 1;
                }
                Some(_) => self.pos += 1,
                None if self.peek_token().is_none() => return Err(self.error("expected END LOOP")),
                None => self.pos += 1,
            }
        }
        self.eat(&Token::SemiColon);
        Ok(header)
    }
}

/// The condition names of a handler's `WHEN a OR b OR SQLSTATE '42710'`, lower-cased, SQLSTATE
/// codes turned into their names.
fn conditions_of(statement: &Statement) -> Vec<String> {
    let mut out = Vec::new();
    for t in &statement.tokens {
        match &t.token {
            Token::Word(w) if !matches!(w.keyword, Keyword::OR | Keyword::SQLSTATE) => {
                out.push(w.value.to_lowercase());
            }
            Token::SingleQuotedString(code) => out.push(condition_name(code).to_string()),
            _ => {}
        }
    }
    out
}

/// The PL/pgSQL condition name of the SQLSTATE codes the model raises.
fn condition_name(code: &str) -> &str {
    match code {
        "42710" => "duplicate_object",
        "42P07" => "duplicate_table",
        "42701" => "duplicate_column",
        "42P06" => "duplicate_schema",
        "42723" => "duplicate_function",
        "42P01" => "undefined_table",
        "42704" => "undefined_object",
        "42703" => "undefined_column",
        "42P16" => "invalid_table_definition",
        "3F000" => "invalid_schema_name",
        other => other,
    }
}
