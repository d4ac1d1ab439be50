//! Reading an app of the corpus: `queries.sql` (named queries with sample arguments and the
//! expected verdict) and `known-gaps.txt`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Whether PostgREST 12's request API can express a query with the same result, as judged by
/// whoever wrote it (`-- expect:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// PostgREST can express it: `query!` should accept it and return what psql returns.
    Ok,
    /// PostgREST cannot express it: `query!` should reject it, naming the feature.
    Inexpressible,
}

/// One named query of an app.
#[derive(Debug, Clone)]
pub struct CorpusQuery {
    /// `-- name:`, unique within the app.
    pub name: String,
    /// `-- args:`, one JSON value per `$n`.
    pub args: Vec<Value>,
    /// `-- expect:`.
    pub expect: Expect,
    /// The statement, without the trailing semicolon.
    pub sql: String,
    /// The 1-based line of `-- name:` in `queries.sql`.
    pub line: usize,
}

/// An app of the corpus: `tests/corpus/<name>/`.
#[derive(Debug, Clone)]
pub struct App {
    /// The folder name.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
    /// The schemas PostgREST exposes (`-- schemas:` header of `queries.sql`), `public` first.
    pub schemas: Vec<String>,
    /// The migration files, in the order they are applied.
    pub migrations: Vec<PathBuf>,
    /// The queries, in file order.
    pub queries: Vec<CorpusQuery>,
}

/// `tests/corpus/` of this repository.
pub fn corpus_dir() -> PathBuf {
    crate::tools::repo_root().join("tests").join("corpus")
}

/// Every app under `dir` (each folder holding a `queries.sql`), sorted by name.
pub fn load_apps(dir: &Path) -> Result<Vec<App>, String> {
    let mut apps = Vec::new();
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.join("queries.sql").is_file() {
            apps.push(load_app(&path)?);
        }
    }
    apps.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(apps)
}

/// Reads one app folder.
pub fn load_app(dir: &Path) -> Result<App, String> {
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("bad app folder {}", dir.display()))?
        .to_owned();
    let queries_path = dir.join("queries.sql");
    let text = std::fs::read_to_string(&queries_path)
        .map_err(|e| format!("cannot read {}: {e}", queries_path.display()))?;
    let (schemas, queries) =
        parse_queries(&text).map_err(|e| format!("{}: {e}", queries_path.display()))?;
    let schema_dir = dir.join("schema");
    let mut migrations: Vec<PathBuf> = std::fs::read_dir(&schema_dir)
        .map_err(|e| format!("cannot list {}: {e}", schema_dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    migrations.sort();
    Ok(App {
        name,
        dir: dir.to_path_buf(),
        schemas,
        migrations,
        queries,
    })
}

/// Parses a `queries.sql`: the `-- schemas:` header, then blocks of `-- name:`, `-- args:`,
/// `-- expect:` and the statement up to the next `-- name:`.
pub fn parse_queries(text: &str) -> Result<(Vec<String>, Vec<CorpusQuery>), String> {
    let mut schemas = Vec::new();
    let mut queries: Vec<CorpusQuery> = Vec::new();
    let mut current: Option<(CorpusQuery, Vec<&str>)> = None;
    let finish = |current: Option<(CorpusQuery, Vec<&str>)>,
                  queries: &mut Vec<CorpusQuery>|
     -> Result<(), String> {
        if let Some((mut q, lines)) = current {
            let sql = lines.join("\n");
            let sql = sql.trim().trim_end_matches(';').trim().to_owned();
            if sql.is_empty() {
                return Err(format!(
                    "query `{}` (line {}) has no statement",
                    q.name, q.line
                ));
            }
            q.sql = sql;
            if queries.iter().any(|o| o.name == q.name) {
                return Err(format!("query name `{}` is used twice", q.name));
            }
            queries.push(q);
        }
        Ok(())
    };
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if let Some(rest) = line.strip_prefix("-- schemas:") {
            schemas = rest.split(',').map(|s| s.trim().to_owned()).collect();
        } else if let Some(rest) = line.strip_prefix("-- name:") {
            finish(current.take(), &mut queries)?;
            current = Some((
                CorpusQuery {
                    name: rest.trim().to_owned(),
                    args: Vec::new(),
                    expect: Expect::Ok,
                    sql: String::new(),
                    line: number,
                },
                Vec::new(),
            ));
        } else if let Some(rest) = line.strip_prefix("-- args:") {
            let (q, _) = current
                .as_mut()
                .ok_or_else(|| format!("line {number}: `-- args:` before `-- name:`"))?;
            q.args = serde_json::from_str(rest.trim())
                .map_err(|e| format!("line {number}: args are not a JSON array: {e}"))?;
        } else if let Some(rest) = line.strip_prefix("-- expect:") {
            let (q, _) = current
                .as_mut()
                .ok_or_else(|| format!("line {number}: `-- expect:` before `-- name:`"))?;
            q.expect = match rest.split_whitespace().next() {
                Some("ok") => Expect::Ok,
                Some("inexpressible") => Expect::Inexpressible,
                other => return Err(format!("line {number}: unknown expect {other:?}")),
            };
        } else if let Some((_, lines)) = current.as_mut() {
            if !line.trim_start().starts_with("--") {
                lines.push(line);
            }
        }
    }
    finish(current.take(), &mut queries)?;
    if schemas.first().map(String::as_str) != Some("public") {
        return Err("the first line must be `-- schemas: public,<second schema>`".to_owned());
    }
    Ok((schemas, queries))
}

/// `tests/corpus/known-gaps.txt`: `app/query_name: reason` per line (`#` comments).
pub fn read_known_gaps(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut gaps = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, reason) = line.split_once(':').unwrap_or((line, ""));
        gaps.insert(key.trim().to_owned(), reason.trim().to_owned());
    }
    Ok(gaps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blocks() {
        let text = "-- schemas: public,api\n\n-- name: a\n-- args: [1, \"x\"]\n-- expect: ok\nselect 1\nfrom t;\n\n-- name: b\n-- args: []\n-- expect: inexpressible\nselect 2;\n";
        let (schemas, queries) = parse_queries(text).expect("parses");
        assert_eq!(schemas, ["public", "api"]);
        assert_eq!(queries.len(), 2);
        assert_eq!(queries[0].sql, "select 1\nfrom t");
        assert_eq!(queries[0].args.len(), 2);
        assert_eq!(queries[1].expect, Expect::Inexpressible);
        assert_eq!(queries[1].line, 9);
    }
}
