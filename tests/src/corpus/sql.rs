//! The psql side of the corpus: loading an app into its own database, reading the parameter
//! types of a statement (`PREPARE` + `pg_prepared_statements.parameter_types`), and running a
//! statement to JSON rows, inside `BEGIN … ROLLBACK` so that nothing it writes stays.
//!
//! Rows come back as `row_to_json(r)::text`, the same `to_json` rendering PostgREST uses, one
//! line per row, read keeping duplicate column names ([`PgRow`]). A statement is wrapped as
//! `WITH __r AS (<statement>) SELECT row_to_json(__r)::text FROM __r`; a statement that starts
//! with its own `WITH` has `__r` appended to its list (a data-modifying CTE must stay at the top
//! level), and a write without `RETURNING` runs as it is (it returns no rows).

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use super::spec::App;
use crate::pg::Cluster;

/// The claims psql sets for every statement, matching the token PostgREST gets: the role
/// `service_role` with alice as `sub`, so `auth.uid()` means the same on both sides.
pub const CLAIMS: &str = r#"{"sub":"11111111-1111-4111-8111-111111111111","role":"service_role"}"#;

/// A result row as psql returned it: (column, value) pairs in order, duplicates kept.
pub type PgRow = Vec<(String, Value)>;

/// The type of a statement parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamType {
    /// `pg_type.typname` (`int8`, `_text`, `subscription_status`).
    pub name: String,
    /// `pg_type.typcategory` (`N`umeric, `S`tring, `E`num, `A`rray, `B`oolean, `U`ser, ...).
    pub category: String,
    /// For an array, the element's `typname` and `typcategory`.
    pub element: Option<(String, String)>,
}

/// What psql made of one statement.
#[derive(Debug, Clone)]
pub struct PgResult {
    /// The parameter types, in `$n` order.
    pub params: Vec<ParamType>,
    /// The rows (empty for a write without `RETURNING`).
    pub rows: Vec<PgRow>,
}

/// An app's database, loaded.
#[derive(Debug)]
pub struct AppDb {
    /// The database name (the app's).
    pub database: String,
    /// A `DO` block putting every sequence back where the seed left it.
    pub reset_sequences: String,
    /// Names of the volatile functions of the app's schemas (a statement calling one writes).
    pub volatile_functions: Vec<String>,
}

/// Creates the app's database in `cluster` and loads the platform stand-in, the migrations in
/// order and the seed.
pub fn load_app(cluster: &Cluster, platform: &Path, app: &App) -> Result<AppDb, String> {
    let database = app.name.clone();
    cluster.try_psql(&format!(
        "drop database if exists \"{database}\" with (force)"
    ))?;
    cluster.try_psql(&format!("create database \"{database}\""))?;
    cluster.psql_file_on(&database, platform)?;
    for file in &app.migrations {
        cluster.psql_file_on(&database, file)?;
    }
    let seed = app.dir.join("seed.sql");
    if seed.is_file() {
        cluster.psql_file_on(&database, &seed)?;
    }
    let setvals = cluster.try_psql_on(
        &database,
        "select coalesce(string_agg(format('perform setval(%L, %s, %s);', \
             quote_ident(schemaname) || '.' || quote_ident(sequencename), \
             coalesce(last_value, start_value), case when last_value is null then 'false' else 'true' end), ' '), '') \
         from pg_sequences",
    )?;
    let schemas = app
        .schemas
        .iter()
        .map(|s| format!("'{}'", s.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(",");
    let volatile = cluster.try_psql_on(
        &database,
        &format!(
            "select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace \
             where n.nspname in ({schemas}) and p.provolatile = 'v' and p.prorettype <> 'trigger'::regtype"
        ),
    )?;
    Ok(AppDb {
        database,
        reset_sequences: format!("do $corpus$ begin {setvals} end $corpus$;"),
        volatile_functions: volatile.lines().map(str::to_owned).collect(),
    })
}

impl AppDb {
    /// Whether running `sql` changes the database: an `INSERT`/`UPDATE`/`DELETE` anywhere in
    /// it, or a call of one of the app's volatile functions.
    pub fn writes(&self, sql: &str) -> bool {
        let lower = sql.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .collect();
        words
            .iter()
            .any(|w| matches!(*w, "insert" | "update" | "delete"))
            || self
                .volatile_functions
                .iter()
                .any(|f| lower.contains(&format!("{f}(")))
    }

    /// Puts the sequences back where the seed left them (so identity values a write returns
    /// are the same on every run and on both sides).
    pub fn reset(&self, cluster: &Cluster) -> Result<(), String> {
        cluster
            .try_psql_on(&self.database, &self.reset_sequences)
            .map(drop)
    }

    /// Runs `sql` with `args` through psql in a transaction that is rolled back, after putting
    /// the sequences back; returns the parameter types and the rows.
    pub fn run(&self, cluster: &Cluster, sql: &str, args: &[Value]) -> Result<PgResult, String> {
        let statement = wrap(sql);
        let mut script = String::new();
        let _ = write!(
            script,
            "{reset}\nbegin;\nset local request.jwt.claims = '{CLAIMS}';\nset local role service_role;\n\
             prepare __corpus as {statement};\n\
             select coalesce(json_agg(json_build_object('name', t.typname, 'category', t.typcategory, \
                 'element', e.typname, 'element_category', e.typcategory) order by a.ord), '[]')::text \
             from pg_prepared_statements p, unnest(p.parameter_types) with ordinality as a(oid, ord) \
             join pg_type t on t.oid = a.oid::oid left join pg_type e on e.oid = t.typelem and t.typcategory = 'A' \
             where p.name = '__corpus';\n",
            reset = self.reset_sequences
        );
        if args.is_empty() {
            script.push_str("execute __corpus;\n");
        } else {
            let literals: Vec<String> = args.iter().map(literal).collect();
            let _ = writeln!(script, "execute __corpus({});", literals.join(", "));
        }
        script.push_str("rollback;\n");
        let out = cluster
            .try_psql_on(&self.database, &script)
            .map_err(|e| psql_error(&e))?;
        let mut lines = out.lines();
        let params: Vec<Value> = serde_json::from_str(lines.next().unwrap_or("[]"))
            .map_err(|e| format!("cannot read the parameter types: {e}"))?;
        let params = params
            .iter()
            .map(|p| ParamType {
                name: text(&p["name"]),
                category: text(&p["category"]),
                element: p["element"]
                    .as_str()
                    .map(|e| (e.to_owned(), text(&p["element_category"]))),
            })
            .collect();
        let mut rows = Vec::new();
        if returns_rows(sql) {
            for line in lines {
                let row: Row = serde_json::from_str(line)
                    .map_err(|e| format!("cannot read the row {line:?}: {e}"))?;
                rows.push(row.0);
            }
        }
        Ok(PgResult { params, rows })
    }
}

/// The `ERROR:`/`DETAIL:`/`HINT:` lines of a psql failure (without the script).
fn psql_error(e: &str) -> String {
    let lines: Vec<&str> = e
        .lines()
        .filter(|l| l.contains("ERROR:") || l.contains("DETAIL:") || l.contains("HINT:"))
        .collect();
    if lines.is_empty() {
        e.to_owned()
    } else {
        lines.join("\n")
    }
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

/// A JSON object read with its keys in order, duplicates kept.
struct Row(PgRow);

impl<'de> serde::Deserialize<'de> for Row {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Row;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
                let mut pairs = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    pairs.push((k, v));
                }
                Ok(Row(pairs))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// The statement as psql runs it: wrapped to return `row_to_json` text per row, or as it is
/// when it returns no rows.
pub fn wrap(sql: &str) -> String {
    if !returns_rows(sql) {
        return sql.to_owned();
    }
    let select = "select row_to_json(__r)::text from __r";
    match main_statement_start(sql) {
        Some(start) => format!(
            "{}, __r as ({}) {select}",
            sql[..start].trim_end(),
            &sql[start..]
        ),
        None => format!("with __r as ({sql}) {select}"),
    }
}

/// Whether the statement returns rows: anything but an INSERT/UPDATE/DELETE without
/// `RETURNING` at its top level.
pub fn returns_rows(sql: &str) -> bool {
    let main = main_statement_start(sql).map_or(sql, |start| &sql[start..]);
    let first = first_word(main);
    !matches!(first.as_str(), "insert" | "update" | "delete")
        || top_level_words(main).iter().any(|w| w == "returning")
}

fn first_word(sql: &str) -> String {
    sql.trim_start()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default()
        .to_lowercase()
}

/// For a statement starting with `WITH`, the byte offset of its main statement (the first
/// `select`/`insert`/`update`/`delete`/`values` outside parentheses).
pub fn main_statement_start(sql: &str) -> Option<usize> {
    if first_word(sql) != "with" {
        return None;
    }
    let mut depth = 0i32;
    let mut chars = sql.char_indices().peekable();
    let mut word_start: Option<usize> = None;
    let mut quote: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        let is_word = c.is_alphanumeric() || c == '_';
        if is_word {
            if word_start.is_none() {
                word_start = Some(i);
            }
            let next_is_word = chars
                .peek()
                .is_some_and(|(_, n)| n.is_alphanumeric() || *n == '_');
            if !next_is_word {
                let start = word_start.take().unwrap_or(i);
                let word = sql[start..=i].to_lowercase();
                if depth == 0
                    && matches!(
                        word.as_str(),
                        "select" | "insert" | "update" | "delete" | "values"
                    )
                {
                    return Some(start);
                }
            }
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '\'' | '"' => quote = Some(c),
            _ => {}
        }
    }
    None
}

/// The lower-cased words outside parentheses and quotes.
fn top_level_words(sql: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut word = String::new();
    for c in sql.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            if depth == 0 {
                word.push(c.to_ascii_lowercase());
            }
            continue;
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '\'' | '"' => quote = Some(c),
            _ => {}
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Whether the statement's top level has an ORDER BY (rows are then compared in order).
pub fn has_order_by(sql: &str) -> bool {
    let main = main_statement_start(sql).map_or(sql, |start| &sql[start..]);
    let words = top_level_words(main);
    words.windows(2).any(|w| w[0] == "order" && w[1] == "by")
}

/// A sample argument as an SQL literal of unknown type (PostgreSQL casts it to the parameter's
/// type): strings and numbers quoted, arrays as `'{…}'`, objects as their JSON text.
pub fn literal(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Array(_) => quote(&array_text(value)),
        Value::String(s) => quote(s),
        other => quote(&other.to_string()),
    }
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn array_text(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(array_text).collect();
            format!("{{{}}}", items.join(","))
        }
        Value::Null => "NULL".to_owned(),
        Value::String(s) => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
        Value::Object(_) => format!(
            "\"{}\"",
            value.to_string().replace('\\', "\\\\").replace('"', "\\\"")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_statements() {
        assert_eq!(
            wrap("select 1"),
            "with __r as (select 1) select row_to_json(__r)::text from __r"
        );
        assert_eq!(
            wrap("with a as (select 1 as x) select x from a"),
            "with a as (select 1 as x), __r as (select x from a) select row_to_json(__r)::text from __r"
        );
        assert_eq!(
            wrap("delete from t where a = 1"),
            "delete from t where a = 1"
        );
        assert!(returns_rows("delete from t returning id"));
        assert!(!returns_rows("update t set a = (select 1 returning)"));
        assert!(has_order_by("select a from t order by a"));
        assert!(!has_order_by(
            "select * from f() where x in (select y from z order by y)"
        ));
    }

    #[test]
    fn literals() {
        assert_eq!(literal(&serde_json::json!("it's")), "'it''s'");
        assert_eq!(
            literal(&serde_json::json!(["a", "b\"c"])),
            "'{\"a\",\"b\\\"c\"}'"
        );
        assert_eq!(literal(&serde_json::json!([1, 2])), "'{1,2}'");
        assert_eq!(literal(&serde_json::json!({"a": 1})), "'{\"a\":1}'");
    }
}
