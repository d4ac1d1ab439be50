//! The oracle: every chain of `tests/oracle/corpus.json` is run on the official
//! `@supabase/postgrest-js` (pinned in `tools/node/package.json`) with a capturing `fetch`, and on
//! our builder; method, path, decoded query pairs in order, the headers that matter (Prefer,
//! Accept, Accept-Profile, Content-Profile, Content-Type) and the JSON body must be equal.
//!
//! A chain may differ only when `tests/oracle/intended-differences.json` lists it with the
//! fact-sheet rule that makes us differ on purpose; a listed chain that no longer differs fails
//! the test too. Prints `oracle: N chains, M differences`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;
use std::process::Command;

use serde::Deserialize;
use serde_json::Value;
use supabase_core::{
    Client, ContainValue, CountMethod, ExplainFormat, ExplainOptions, FilterBuilder, IsValue,
    Order, PreparedRequest, TextSearchOptions, TextSearchType,
};

const HEADERS: [&str; 5] = [
    "prefer",
    "accept",
    "accept-profile",
    "content-profile",
    "content-type",
];

#[derive(Debug, Deserialize)]
struct Chain {
    name: String,
    chain: Vec<Vec<Value>>,
}

#[derive(Debug, Deserialize)]
struct Captured {
    name: String,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    method: String,
    #[serde(default)]
    path: String,
    #[serde(default)]
    query: Vec<(String, String)>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct Intended {
    chain: String,
    reason: String,
}

/// A JSON value displayed the way a JavaScript template literal shows it: a string without
/// quotes, a number as `Number.prototype.toString` writes it, `null`, `true`, `false`, and an
/// array as its items joined by `,`.
struct J<'a>(&'a Value);

impl fmt::Display for J<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::String(s) => f.write_str(s),
            Value::Number(n) if n.is_i64() || n.is_u64() => write!(f, "{n}"),
            Value::Number(n) => f.write_str(&js_number(n.as_f64().expect("a finite number"))),
            Value::Array(items) => {
                let parts: Vec<String> = items.iter().map(|v| J(v).to_string()).collect();
                f.write_str(&parts.join(","))
            }
            other => write!(f, "{other}"),
        }
    }
}

/// `Number.prototype.toString()` (ECMA-262 Number::toString, radix 10) for a finite double:
/// `2e10` is `20000000000`, `1e21` is `1e+21`, `1e-7` is `1e-7`, `0.001` stays `0.001`.
fn js_number(x: f64) -> String {
    if x == 0.0 {
        return "0".to_owned();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    // Rust's `{:e}` prints the shortest digits that round-trip, as JS does.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').expect("exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = i32::try_from(digits.len()).expect("digit count");
    let n = exp.parse::<i32>().expect("exponent") + 1;
    let at = |i: i32| usize::try_from(i).expect("index");
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat(at(n - k)))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..at(n)], &digits[at(n)..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat(at(-n)))
    } else {
        let e = n - 1;
        let e_sign = if e >= 0 { '+' } else { '-' };
        if k == 1 {
            format!("{digits}e{e_sign}{}", e.abs())
        } else {
            format!("{}.{}e{e_sign}{}", &digits[..1], &digits[1..], e.abs())
        }
    };
    format!("{sign}{body}")
}

#[test]
fn js_number_matches_javascript() {
    for (x, js) in [
        (2e10, "20000000000"),
        (1e21, "1e+21"),
        (1.5e21, "1.5e+21"),
        (1e-7, "1e-7"),
        (1.25e-7, "1.25e-7"),
        (0.000_001, "0.000001"),
        (0.001, "0.001"),
        (3.5, "3.5"),
        (-0.25, "-0.25"),
        (123.456, "123.456"),
        (0.1 + 0.2, "0.30000000000000004"),
        (-2.0, "-2"),
    ] {
        assert_eq!(js_number(x), js, "{x}");
    }
}

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn n(v: &Value) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("expected a number, got {v}"))
}

fn items(v: &Value) -> Vec<J<'_>> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected an array, got {v}"))
        .iter()
        .map(J)
        .collect()
}

fn contain(v: &Value) -> ContainValue {
    match v {
        Value::String(text) => ContainValue::from(text.as_str()),
        Value::Array(_) => ContainValue::array(items(v)),
        other => ContainValue::from(other.clone()),
    }
}

fn count(v: &Value) -> CountMethod {
    match s(v) {
        "exact" => CountMethod::Exact,
        "planned" => CountMethod::Planned,
        "estimated" => CountMethod::Estimated,
        other => panic!("unknown count {other}"),
    }
}

fn arg(op: &[Value], i: usize) -> &Value {
    op.get(i).unwrap_or(&Value::Null)
}

/// Interprets one corpus chain on our builder.
fn build(client: &Client, ops: &[Vec<Value>]) -> FilterBuilder {
    let (first, rest) = ops.split_first().expect("empty chain");
    let (mut b, mut rest) = match s(&first[0]) {
        "rpc" => (client.rpc(s(&first[1]), arg(first, 2).clone()), rest),
        "from" => {
            let mut q = client.from(s(&first[1]));
            let mut rest = rest;
            if rest[0][0] == "schema" {
                q = q.schema(s(&rest[0][1]));
                rest = &rest[1..];
            }
            let (action, rest) = rest.split_first().expect("no action");
            let b = match s(&action[0]) {
                "select" => q.select(s(&action[1])),
                "insert" => q.insert(action[1].clone()),
                "upsert" => q.upsert(action[1].clone()),
                "update" => q.update(action[1].clone()),
                "delete" => q.delete(),
                other => panic!("unknown action {other}"),
            };
            (b, rest)
        }
        other => panic!("a chain starts with from or rpc, not {other}"),
    };
    while let Some((op, tail)) = rest.split_first() {
        rest = tail;
        b = apply(b, op);
    }
    b
}

fn apply(b: FilterBuilder, op: &[Value]) -> FilterBuilder {
    let a = |i: usize| arg(op, i + 1);
    match s(&op[0]) {
        "count" => b.count(count(a(0))),
        "head" => b.head(),
        "get" => b.get(),
        "default_to_null" => b.default_to_null(a(0).as_bool().expect("bool")),
        "on_conflict" => b.on_conflict(s(a(0))),
        "ignore_duplicates" => b.ignore_duplicates(a(0).as_bool().expect("bool")),
        "not_" => b.not_(),
        "eq" => b.eq(s(a(0)), J(a(1))),
        "neq" => b.neq(s(a(0)), J(a(1))),
        "gt" => b.gt(s(a(0)), J(a(1))),
        "gte" => b.gte(s(a(0)), J(a(1))),
        "lt" => b.lt(s(a(0)), J(a(1))),
        "lte" => b.lte(s(a(0)), J(a(1))),
        "like" => b.like(s(a(0)), J(a(1))),
        "ilike" => b.ilike(s(a(0)), J(a(1))),
        "regex_match" => b.regex_match(s(a(0)), J(a(1))),
        "regex_imatch" => b.regex_imatch(s(a(0)), J(a(1))),
        "like_all_of" => b.like_all_of(s(a(0)), items(a(1))),
        "like_any_of" => b.like_any_of(s(a(0)), items(a(1))),
        "ilike_all_of" => b.ilike_all_of(s(a(0)), items(a(1))),
        "ilike_any_of" => b.ilike_any_of(s(a(0)), items(a(1))),
        "is_" => b.is_(
            s(a(0)),
            match a(1) {
                Value::Null => IsValue::Null,
                Value::Bool(v) => IsValue::from(*v),
                other => panic!("is_ takes null or a bool, got {other}"),
            },
        ),
        "is_distinct" => b.is_distinct(s(a(0)), J(a(1))),
        "in_" => b.in_(s(a(0)), items(a(1))),
        "not_in" => b.not_in(s(a(0)), items(a(1))),
        "contains" => b.contains(s(a(0)), contain(a(1))),
        "contained_by" => b.contained_by(s(a(0)), contain(a(1))),
        "overlaps" => b.overlaps(s(a(0)), contain(a(1))),
        "range_gt" => b.range_gt(s(a(0)), J(a(1))),
        "range_gte" => b.range_gte(s(a(0)), J(a(1))),
        "range_lt" => b.range_lt(s(a(0)), J(a(1))),
        "range_lte" => b.range_lte(s(a(0)), J(a(1))),
        "range_adjacent" => b.range_adjacent(s(a(0)), J(a(1))),
        "text_search" => {
            let mut opts = TextSearchOptions::new();
            if let Some(t) = a(2).get("type").and_then(Value::as_str) {
                opts = opts.search_type(match t {
                    "plain" => TextSearchType::Plain,
                    "phrase" => TextSearchType::Phrase,
                    "websearch" => TextSearchType::Websearch,
                    other => panic!("unknown text search type {other}"),
                });
            }
            if let Some(config) = a(2).get("config").and_then(Value::as_str) {
                opts = opts.config(config);
            }
            b.text_search(s(a(0)), J(a(1)), opts)
        }
        "match_" => {
            let pairs: Vec<(String, String)> = a(0)
                .as_object()
                .expect("match_ takes an object")
                .iter()
                .map(|(k, v)| (k.clone(), J(v).to_string()))
                .collect();
            b.match_(pairs)
        }
        "or_" => b.or_(s(a(0))),
        "or_referenced" => b.or_referenced(s(a(0)), s(a(1))),
        "filter" => b.filter(s(a(0)), s(a(1)), J(a(2))),
        "order" => {
            let o = a(1);
            let mut order = if o.get("ascending") == Some(&Value::Bool(false)) {
                Order::desc()
            } else {
                Order::asc()
            };
            match o.get("nulls_first") {
                Some(Value::Bool(true)) => order = order.nulls_first(),
                Some(Value::Bool(false)) => order = order.nulls_last(),
                _ => {}
            }
            if let Some(t) = o.get("referenced_table").and_then(Value::as_str) {
                order = order.referenced_table(t);
            }
            b.order(s(a(0)), order)
        }
        "limit" => b.limit(n(a(0))),
        "limit_referenced" => b.limit_referenced(s(a(0)), n(a(1))),
        "range" => b.range(n(a(0)), n(a(1))),
        "range_referenced" => b.range_referenced(s(a(0)), n(a(1)), n(a(2))),
        "single" => b.single(),
        "maybe_single" => b.maybe_single(),
        "csv" => b.csv(),
        "geojson" => b.geojson(),
        "explain" => {
            let o = a(0);
            let flag = |k: &str| o.get(k) == Some(&Value::Bool(true));
            let format = if o.get("format").and_then(Value::as_str) == Some("json") {
                ExplainFormat::Json
            } else {
                ExplainFormat::Text
            };
            b.explain(
                ExplainOptions::default()
                    .analyze(flag("analyze"))
                    .verbose(flag("verbose"))
                    .settings(flag("settings"))
                    .buffers(flag("buffers"))
                    .wal(flag("wal"))
                    .format(format),
            )
        }
        "strip_nulls" => b.strip_nulls(),
        "rollback" => b.rollback(),
        "max_affected" => b.max_affected(n(a(0))),
        "select" => b.select(s(a(0))),
        "header" => b.header(s(a(0)), s(a(1))),
        other => panic!("unknown op {other}"),
    }
}

/// The differences between our request and the captured one, one line each.
fn compare(ours: &PreparedRequest, js: &Captured) -> Vec<String> {
    let mut diffs = Vec::new();
    if ours.method().as_str() != js.method {
        diffs.push(format!("method: ours {} js {}", ours.method(), js.method));
    }
    if ours.path() != js.path {
        diffs.push(format!("path: ours {} js {}", ours.path(), js.path));
    }
    if ours.query_pairs() != js.query.as_slice() {
        diffs.push(format!(
            "query:\n      ours {:?}\n      js   {:?}",
            ours.query_pairs(),
            js.query
        ));
    }
    for h in HEADERS {
        let theirs = js.headers.get(h).map(String::as_str);
        if ours.header(h) != theirs {
            diffs.push(format!(
                "header {h}: ours {:?} js {:?}",
                ours.header(h),
                theirs
            ));
        }
    }
    let js_body = js.body.as_ref().filter(|b| !b.is_null());
    if ours.body() != js_body {
        diffs.push(format!(
            "body: ours {:?} js {:?}",
            ours.body().map(Value::to_string),
            js_body.map(Value::to_string)
        ));
    }
    diffs
}

/// Runs `tools/node/oracle.mjs` on the corpus and returns what postgrest-js sent for each chain.
fn run_postgrest_js(corpus_path: &Path) -> Vec<Captured> {
    let modules = supabase_tests::tools::node_modules();
    assert!(
        modules.join("@supabase/postgrest-js").join("package.json").is_file(),
        "@supabase/postgrest-js is not installed in {}: run `scripts/install-deps` from the repository root ({})",
        modules.display(),
        supabase_tests::tools::INSTALL_HINT
    );
    let node = supabase_tests::tools::node_bin().unwrap_or_else(|e| panic!("{e}"));
    let script = supabase_tests::tools::node_dir().join("oracle.mjs");
    let out = Command::new(&node)
        .arg(&script)
        .arg(corpus_path)
        .current_dir(supabase_tests::tools::node_dir())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "could not run {} {}: {e}; run `scripts/install-deps`",
                node.display(),
                script.display()
            )
        });
    assert!(
        out.status.success(),
        "oracle.mjs failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "oracle.mjs printed something that is not the expected JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn our_requests_match_postgrest_js() {
    let root = supabase_tests::tools::repo_root();
    let corpus_path = root.join("tests").join("oracle").join("corpus.json");
    let intended_path = root
        .join("tests")
        .join("oracle")
        .join("intended-differences.json");
    let corpus: Vec<Chain> = serde_json::from_slice(
        &std::fs::read(&corpus_path).expect("read tests/oracle/corpus.json"),
    )
    .expect("tests/oracle/corpus.json is not a list of {name, chain}");
    let intended: Vec<Intended> = serde_json::from_slice(
        &std::fs::read(&intended_path).expect("read tests/oracle/intended-differences.json"),
    )
    .expect("tests/oracle/intended-differences.json is not a list of {chain, reason}");
    assert!(
        corpus.len() >= 200,
        "the corpus must hold at least 200 chains, it has {}",
        corpus.len()
    );
    let mut names = HashSet::new();
    for chain in &corpus {
        assert!(
            names.insert(chain.name.as_str()),
            "duplicate chain name {}",
            chain.name
        );
    }
    let mut listed = HashSet::new();
    for entry in &intended {
        assert!(
            listed.insert(entry.chain.as_str()),
            "intended-differences.json lists {} twice",
            entry.chain
        );
        assert!(
            names.contains(entry.chain.as_str()),
            "intended-differences.json names {}, which is not in the corpus",
            entry.chain
        );
        assert!(
            !entry.reason.trim().is_empty(),
            "intended-differences.json: {} has no reason",
            entry.chain
        );
    }

    let captured = run_postgrest_js(&corpus_path);
    assert_eq!(
        captured.len(),
        corpus.len(),
        "oracle.mjs answered for a different number of chains"
    );

    let client = Client::new("http://127.0.0.1:9/", "anon-key").expect("client");
    let mut differing: Vec<&str> = Vec::new();
    let mut report = String::new();
    for (chain, js) in corpus.iter().zip(&captured) {
        assert_eq!(chain.name, js.name, "oracle.mjs answered out of order");
        if let Some(err) = &js.error {
            panic!("postgrest-js could not run chain {}: {err}", chain.name);
        }
        let diffs = match build(&client, &chain.chain).build() {
            Ok(ours) => compare(&ours, js),
            Err(e) => vec![format!("ours: build() failed: {e}")],
        };
        if diffs.is_empty() {
            continue;
        }
        let note = match intended.iter().find(|i| i.chain == chain.name) {
            Some(i) => format!("intended: {}", i.reason),
            None => "NOT LISTED as intended".to_owned(),
        };
        report.push_str(&format!(
            "\n{} ({note})\n    {}\n",
            chain.name,
            diffs.join("\n    ")
        ));
        differing.push(&chain.name);
    }
    let unlisted: Vec<&str> = differing
        .iter()
        .copied()
        .filter(|name| !listed.contains(name))
        .collect();
    let stale: Vec<&str> = intended
        .iter()
        .map(|i| i.chain.as_str())
        .filter(|name| !differing.contains(name))
        .collect();
    println!("{report}");
    println!(
        "oracle: {} chains, {} differences",
        corpus.len(),
        differing.len()
    );
    println!(
        "intended: {} of the {} differing chains are listed in tests/oracle/intended-differences.json",
        differing.len() - unlisted.len(),
        differing.len()
    );
    assert!(
        unlisted.is_empty(),
        "{} chains differ from postgrest-js without being listed as intended: {unlisted:?}",
        unlisted.len()
    );
    assert!(
        stale.is_empty(),
        "intended-differences.json lists chains that no longer differ (remove them): {stale:?}"
    );
}
