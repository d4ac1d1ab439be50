//! The Rust side of the corpus: one small crate per app calling `supabase_core::query!` once per
//! query, with the sample arguments as typed Rust values.
//!
//! Everything lives in a Cargo workspace of its own under `<target>/corpus/` with its own
//! `CARGO_TARGET_DIR` (`<target>/corpus/target`), shared by every app and kept across runs, so
//! the outer build's lock is not needed and nothing is rebuilt when nothing changed (files are
//! written only when their content changes). Per app:
//!
//! - `check_<app>`: a library with every query, only type-checked (`cargo check`), to classify
//!   each query from the compiler's diagnostics;
//! - `run_<app>`: a binary with the accepted queries, which runs the named ones against the
//!   PostgREST given in `CORPUS_URL` and prints one JSON line per query.
//!
//! Argument types follow PostgreSQL's types for each `$n` (`PREPARE` + `parameter_types`) with
//! `query!`'s type map: bool, int2/4/8 → `i16`/`i32`/`i64`, float4/8 → `f32`/`f64`, numeric →
//! `supabase_core::types::Numeric`, json/jsonb → `serde_json::Value`, arrays → `Vec<_>` (text-like
//! elements as `String`), everything else (text, uuid, dates and times, enums, ranges) → `&str`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::spec::CorpusQuery;
use super::sql::ParamType;

/// A query ready for code generation.
#[derive(Debug, Clone)]
pub struct RustQuery {
    /// The query's name (also the function's suffix).
    pub name: String,
    /// The SQL.
    pub sql: String,
    /// The arguments as Rust expressions.
    pub args: Vec<String>,
}

/// Line range (1-based, inclusive) of each query's function in the generated `check` crate.
pub type LineMap = Vec<(String, usize, usize)>;

/// The Rust expressions for a query's sample arguments.
pub fn rust_args(query: &CorpusQuery, params: &[ParamType]) -> Result<Vec<String>, String> {
    if query.args.len() != params.len() {
        return Err(format!(
            "{} sample argument(s) for {} parameter(s)",
            query.args.len(),
            params.len()
        ));
    }
    query
        .args
        .iter()
        .zip(params)
        .map(|(value, ty)| match (&ty.element, value) {
            (Some((name, _)), Value::Array(items)) => {
                let items = items
                    .iter()
                    .map(|item| scalar(item, name, true))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(format!("::std::vec![{}]", items.join(", ")))
            }
            _ => scalar(value, &ty.name, false),
        })
        .collect()
}

fn scalar(value: &Value, type_name: &str, owned_text: bool) -> Result<String, String> {
    let number = || -> Result<String, String> {
        match value {
            Value::Number(n) => Ok(n.to_string()),
            Value::String(s) if s.parse::<f64>().is_ok() => Ok(s.clone()),
            other => Err(format!(
                "{other} is not a number for a {type_name} parameter"
            )),
        }
    };
    Ok(match type_name {
        "bool" => match value {
            Value::Bool(b) => b.to_string(),
            other => return Err(format!("{other} is not a bool")),
        },
        "int2" => format!("{}_i16", number()?),
        "int4" => format!("{}_i32", number()?),
        "int8" => format!("{}_i64", number()?),
        "float4" => format!("{}_f32", number()?),
        "float8" => format!("{}_f64", number()?),
        "numeric" => format!(
            "{:?}.parse::<::supabase_core::types::Numeric>().expect(\"a numeric\")",
            number()?
        ),
        "json" | "jsonb" => {
            let value = match value {
                // A JSON document given as its text.
                Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| value.clone()),
                other => other.clone(),
            };
            format!("::serde_json::json!({value})")
        }
        _ => {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if owned_text {
                format!("::std::string::String::from({text:?})")
            } else {
                format!("{text:?}")
            }
        }
    })
}

/// The function calling `query!` for one query.
fn function(q: &RustQuery) -> String {
    let mut args = String::new();
    for arg in &q.args {
        let _ = write!(args, ",\n        {arg}");
    }
    format!(
        "pub async fn q_{name}(c: &::supabase_core::Client) -> ::serde_json::Value {{\n    \
         crate::run(::supabase_core::query!(\n        c,\n        r####\"{sql}\"####{args}\n    ))\n    .await\n}}\n",
        name = q.name,
        sql = q.sql,
    )
}

/// Shared by both crates: run a query (rolled back), report the request, PostgREST's JSON and
/// whether the typed rows decoded.
const RUN_FN: &str = r#"
/// Sends the query with `Prefer: tx=rollback`, untyped (the JSON body as PostgREST sent it) and
/// typed (decoded into the row type `query!` chose).
pub async fn run<R>(q: ::supabase_core::Query<R>) -> ::serde_json::Value {
    let q = q.with(|b| b.rollback());
    let request = match q.build() {
        Ok(r) => ::serde_json::json!({
            "method": r.method().to_string(),
            "url": r.url().to_string(),
            "body": r.body().cloned(),
        }),
        Err(e) => ::serde_json::json!({ "error": e.to_string() }),
    };
    // Keys the request selects only to filter a function's rows are not part of the result.
    let hidden = q.hidden_keys();
    let raw = match q.clone().into_untyped().execute::<::serde_json::Value>().await {
        Ok(mut response) => {
            // Rows of a set, or the one row of a function returning one composite.
            let rows: ::std::vec::Vec<&mut ::serde_json::Value> = match &mut response.data {
                ::serde_json::Value::Array(rows) => rows.iter_mut().collect(),
                row => ::std::vec![row],
            };
            for row in rows.into_iter().filter_map(|r| r.as_object_mut()) {
                for key in hidden {
                    row.remove(*key);
                }
            }
            ::serde_json::json!({ "data": response.data })
        }
        Err(e) => ::serde_json::json!({ "error": e.to_string() }),
    };
    let typed = match q.execute().await {
        Ok(_) => ::serde_json::Value::Null,
        Err(e) => ::serde_json::Value::String(e.to_string()),
    };
    ::serde_json::json!({ "request": request, "raw": raw, "typed_error": typed })
}
"#;

/// The `check_<app>` library: every query; returns the line range of each function.
pub fn check_lib(queries: &[RustQuery]) -> (String, LineMap) {
    let mut text = String::from(
        "//! Generated by the corpus test (tests/src/corpus/codegen.rs): every query of the app.\n\
         #![allow(dead_code, unused, clippy::all)]\n",
    );
    text.push_str(RUN_FN);
    let mut map = Vec::new();
    for q in queries {
        text.push('\n');
        let start = text.lines().count() + 1;
        text.push_str(&function(q));
        let end = text.lines().count();
        map.push((q.name.clone(), start, end));
    }
    (text, map)
}

/// The `run_<app>` binary: the accepted queries and a `main` running the ones named on its
/// command line against `CORPUS_URL` with the key `CORPUS_KEY` and the token `CORPUS_TOKEN`.
pub fn run_main(queries: &[RustQuery]) -> String {
    let mut text = String::from(
        "//! Generated by the corpus test (tests/src/corpus/codegen.rs): the accepted queries.\n\
         #![allow(dead_code, unused, clippy::all)]\n",
    );
    text.push_str(RUN_FN);
    for q in queries {
        text.push('\n');
        text.push_str(&function(q));
    }
    text.push_str(
        "\n#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n    \
         let url = ::std::env::var(\"CORPUS_URL\").expect(\"CORPUS_URL\");\n    \
         let key = ::std::env::var(\"CORPUS_KEY\").expect(\"CORPUS_KEY\");\n    \
         let token = ::std::env::var(\"CORPUS_TOKEN\").expect(\"CORPUS_TOKEN\");\n    \
         let c = ::supabase_core::Client::builder(&url, key)\n        \
         .header(\"Authorization\", format!(\"Bearer {token}\"))\n        \
         .build()\n        .expect(\"a client\");\n    \
         for name in ::std::env::args().skip(1) {\n        \
         let result = match name.as_str() {\n",
    );
    for q in queries {
        let _ = writeln!(text, "            {:?} => q_{}(&c).await,", q.name, q.name);
    }
    text.push_str(
        "            other => ::serde_json::json!({ \"unknown\": other }),\n        };\n        \
         println!(\"{}\", ::serde_json::json!({ \"name\": name, \"result\": result }));\n    }\n}\n",
    );
    text
}

/// The generated workspace under `root`.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// `<target>/corpus`.
    pub root: PathBuf,
}

impl Workspace {
    /// The workspace's target directory.
    pub fn target_dir(&self) -> PathBuf {
        self.root.join("target")
    }

    /// Writes the workspace manifest (members: `check_<app>` and `run_<app>` for each app) and
    /// the lock file of this repository (so the generated crates build offline with the same
    /// versions).
    pub fn write_root(&self, apps: &[String], repo: &Path) -> Result<(), String> {
        let mut members = Vec::new();
        for app in apps {
            members.push(format!("\"check_{app}\""));
            members.push(format!("\"run_{app}\""));
        }
        let manifest = format!(
            "# Generated by the corpus test (tests/src/corpus/codegen.rs).\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = 0\nincremental = false\n",
            members.join(", ")
        );
        write_if_changed(&self.root.join("Cargo.toml"), &manifest)?;
        let lock = std::fs::read_to_string(repo.join("Cargo.lock"))
            .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
        if !self.root.join("Cargo.lock").exists() {
            write_if_changed(&self.root.join("Cargo.lock"), &lock)?;
        }
        Ok(())
    }

    /// Writes one app's crates and snapshot.
    pub fn write_app(
        &self,
        app: &str,
        repo: &Path,
        snapshot_json: &str,
        check_lib: &str,
        run_main: &str,
    ) -> Result<(), String> {
        let snapshot = self.root.join(format!("{app}.schema.json"));
        write_if_changed(&snapshot, snapshot_json)?;
        let core = repo.join("supabase-core");
        for (kind, file, source) in [("check", "lib.rs", check_lib), ("run", "main.rs", run_main)] {
            let dir = self.root.join(format!("{kind}_{app}"));
            let manifest = format!(
                "[package]\nname = \"{kind}_{app}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\nsupabase-core = {{ path = {core:?}, default-features = false, features = [\"postgrest\", \"macros\", \"types\"] }}\n\
                 serde = \"1\"\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n"
            );
            write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
            let build = format!(
                "fn main() {{\n    println!(\"cargo:rustc-env=SUPABASE_SCHEMA={}\");\n    println!(\"cargo:rerun-if-changed=build.rs\");\n}}\n",
                snapshot.display()
            );
            write_if_changed(&dir.join("build.rs"), &build)?;
            write_if_changed(&dir.join("src").join(file), source)?;
        }
        Ok(())
    }
}

/// Writes `text` to `path` (creating folders) unless it already holds exactly that.
pub fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(name: &str) -> ParamType {
        ParamType {
            name: name.to_owned(),
            category: String::new(),
            element: None,
        }
    }

    #[test]
    fn arguments() {
        let q = CorpusQuery {
            name: "q".into(),
            args: serde_json::from_str(r#"["a\"b", 3, 1.5, {"k": [1]}, ["x"]]"#).expect("json"),
            expect: super::super::spec::Expect::Ok,
            sql: String::new(),
            line: 1,
        };
        let mut arr = ty("_text");
        arr.element = Some(("text".into(), "S".into()));
        let args = rust_args(
            &q,
            &[ty("uuid"), ty("int8"), ty("numeric"), ty("jsonb"), arr],
        )
        .expect("args");
        assert_eq!(args[0], r#""a\"b""#);
        assert_eq!(args[1], "3_i64");
        assert!(args[2].starts_with("\"1.5\".parse::<::supabase_core::types::Numeric>()"));
        assert_eq!(args[3], r#"::serde_json::json!({"k":[1]})"#);
        assert_eq!(args[4], r#"::std::vec![::std::string::String::from("x")]"#);
    }
}
