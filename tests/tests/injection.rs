//! Property test: arbitrary strings sent through filter values (eq, neq, in_, not_in, contains,
//! like-free operators, and `or`/`and` trees built with `Condition`) against the real PostgREST
//! match exactly the rows whose value equals the string, never more, never fewer, and never
//! produce a parse error. This is what "no value can add or change a filter" means.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::json;
use supabase_core::{Client, Condition, ContainValue, FilterBuilder};

#[derive(Debug, Deserialize)]
struct Row {
    id: i64,
    v: Option<String>,
    arr: Option<Vec<String>>,
}

fn client() -> Client {
    supabase_tests::stack().service_client()
}

fn next_run() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "inj-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Strings rich in the characters that PostgREST's URL grammar, Postgres array literals and
/// form encoding treat specially.
fn nasty_string() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        ',', '(', ')', '"', '\\', '.', ':', '*', '{', '}', '&', '%', '+', '=', '?', '#', ' ', '\t',
        '\'', ';', '/', '[', ']', '<', '>', 'é', 'ß', '中', '🙂', 'a', 'b', 'n', 'u', 'l', 'N',
        'U', 'L', '0', '1', '-', '_',
    ]);
    prop::collection::vec(special, 0..10).prop_map(|chars| chars.into_iter().collect())
}

/// Inserts rows for `values` (plus decoys) under a fresh run tag; returns the tag and rows.
async fn seed(client: &Client, values: &[String]) -> (String, Vec<Row>) {
    let run = next_run();
    let mut rows = Vec::new();
    let mut all: Vec<String> = values.to_vec();
    for v in values {
        all.push(format!("{v}x"));
        all.push(format!("x{v}"));
        all.push(format!("\"{v}\""));
    }
    all.extend([
        "".to_owned(),
        "null".to_owned(),
        ",".to_owned(),
        "a".to_owned(),
    ]);
    for (i, v) in all.iter().enumerate() {
        rows.push(json!({
            "run": run,
            "v": v,
            "arr": [v, format!("e{i}")],
        }));
    }
    let inserted: Vec<Row> = client
        .from("injection")
        .insert(rows)
        .select("id, v, arr")
        .execute()
        .await
        .expect("seed insert")
        .data;
    assert_eq!(inserted.len(), all.len());
    for (row, v) in inserted.iter().zip(&all) {
        assert_eq!(row.v.as_deref(), Some(v.as_str()), "insert round-trip");
    }
    (run, inserted)
}

async fn ids(query: FilterBuilder, what: &str) -> BTreeSet<i64> {
    match query.execute::<Vec<Row>>().await {
        Ok(res) => res.data.into_iter().map(|r| r.id).collect(),
        Err(err) => panic!("{what}: the server refused the request: {err}"),
    }
}

fn expected(rows: &[Row], pred: impl Fn(&Row) -> bool) -> BTreeSet<i64> {
    rows.iter().filter(|r| pred(r)).map(|r| r.id).collect()
}

async fn check(a: String, b: String) {
    let client = client();
    let (run, rows) = seed(&client, &[a.clone(), b.clone()]).await;
    let base = || {
        client
            .from("injection")
            .select("id, v, arr")
            .eq("run", &run)
    };
    let is = |r: &Row, s: &str| r.v.as_deref() == Some(s);

    assert_eq!(
        ids(base().eq("v", &a), "eq").await,
        expected(&rows, |r| is(r, &a)),
        "eq {a:?}"
    );
    assert_eq!(
        ids(base().neq("v", &a), "neq").await,
        expected(&rows, |r| !is(r, &a)),
        "neq {a:?}"
    );
    assert_eq!(
        ids(base().not_().eq("v", &a), "not eq").await,
        expected(&rows, |r| !is(r, &a)),
        "not eq {a:?}"
    );
    assert_eq!(
        ids(base().in_("v", [&a, &b]), "in").await,
        expected(&rows, |r| is(r, &a) || is(r, &b)),
        "in {a:?} {b:?}"
    );
    assert_eq!(
        ids(base().not_in("v", [&a, &b]), "not_in").await,
        expected(&rows, |r| !(is(r, &a) || is(r, &b))),
        "not_in {a:?} {b:?}"
    );
    let has = |r: &Row, s: &str| r.arr.as_ref().is_some_and(|x| x.iter().any(|e| e == s));
    assert_eq!(
        ids(
            base().contains("arr", ContainValue::array([&a])),
            "contains"
        )
        .await,
        expected(&rows, |r| has(r, &a)),
        "contains {a:?}"
    );
    assert_eq!(
        ids(
            base().overlaps("arr", ContainValue::array([&a, &b])),
            "overlaps"
        )
        .await,
        expected(&rows, |r| has(r, &a) || has(r, &b)),
        "overlaps {a:?} {b:?}"
    );
    assert_eq!(
        ids(
            base().any_of([Condition::eq("v", &a), Condition::eq("v", &b)]),
            "or eq"
        )
        .await,
        expected(&rows, |r| is(r, &a) || is(r, &b)),
        "or(eq {a:?}, eq {b:?})"
    );
    assert_eq!(
        ids(
            base().any_of([
                Condition::in_("v", [&a]),
                Condition::all([Condition::contains("arr", [&b]), Condition::neq("v", &a)]),
            ]),
            "or in/and contains"
        )
        .await,
        expected(&rows, |r| is(r, &a) || (has(r, &b) && !is(r, &a))),
        "or(in {a:?}, and(cs {b:?}, neq {a:?}))"
    );
    assert_eq!(
        ids(
            base()
                .not_()
                .all_of([Condition::neq("v", &a), Condition::neq("v", &b)]),
            "not and"
        )
        .await,
        expected(&rows, |r| is(r, &a) || is(r, &b)),
        "not.and(neq {a:?}, neq {b:?})"
    );
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Fixed cases that once broke naive encoders; they run every time, before the random ones.
#[test]
fn known_nasty_values_match_exactly() {
    let cases = [
        ("", ","),
        ("a,b", "(x)"),
        ("\"quoted\"", "\\"),
        ("back\\slash", "a\"b"),
        ("x.eq.1", "id.gt.0)"),
        ("St. Kitts (and Nevis)", "Côte d'Ivoire"),
        ("null", "NULL"),
        ("{a,b}", "}"),
        ("a&b=c", "50%+1"),
        (" lead", "trail "),
        ("*", "a:b"),
        ("🙂", "中文"),
    ];
    let rt = runtime();
    for (a, b) in cases {
        rt.block_on(check(a.to_owned(), b.to_owned()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_values_match_exactly(a in nasty_string(), b in nasty_string()) {
        runtime().block_on(check(a, b));
    }
}
