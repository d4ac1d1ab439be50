//! Every write action (insert, bulk insert, upsert, update, delete) and every rpc mode of the
//! query builder, run against the real PostgREST 12.0.2 of the test stack. Each test asserts the
//! rows (or error) PostgREST sends back **and** the database state afterwards, read with `psql`.
//!
//! Isolation (see `tests/fixtures/schema.sql`): committed writes go to `scratch` /
//! `api2.scratch` with a `test` value equal to the test's name (or to `counters` with a counter
//! name of the test's own); writes to fixture tables (`countries`, `cities`, `todos`,
//! `type_samples`) always use `rollback()` (`Prefer: tx=rollback`), so tests run in parallel.
//!
//! Run: `cargo test -p supabase-tests --test rest_writes`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

use http::Method;
use serde::Deserialize;
use serde_json::{json, Value};
use supabase_core::{
    Client, CountMethod, Error, FilterBuilder, Order, PostgrestError, PostgrestResponse,
    ReturnMethod,
};
use supabase_tests::Stack;

// ------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------

fn stack() -> &'static Stack {
    supabase_tests::stack()
}

/// A client with the anon key (scratch, counters and the fixture tables are writable by anon).
fn anon() -> Client {
    stack().anon_client()
}

/// A client acting as the user `sub` (role `authenticated`, RLS on `todos`).
fn user(sub: &str) -> Client {
    stack().user_client(sub)
}

/// Runs `select` as the superuser and returns its rows as a JSON array (`[]` for none).
fn db(select: &str) -> Value {
    let out = stack().psql(&format!(
        "select coalesce(json_agg(t), '[]'::json) from ({select}) t"
    ));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("psql output {out:?}: {e}"))
}

/// The `scratch` rows of one test (`k`, `n`, `status`, `flag`), ordered by `k`.
fn scratch(test: &str) -> Value {
    db(&format!(
        "select k, n, status, flag from scratch where test = '{test}' order by k"
    ))
}

/// The `id` of one `scratch` row, read from the database.
fn scratch_id(test: &str, k: &str) -> i64 {
    stack()
        .psql(&format!(
            "select id from scratch where test = '{test}' and k = '{k}'"
        ))
        .parse()
        .expect("an id")
}

/// Inserts `rows` (`k`, `n`) for `test` straight into the database, bypassing PostgREST.
fn seed(test: &str, rows: &[(&str, i32)]) {
    let values: Vec<String> = rows
        .iter()
        .map(|(k, n)| format!("('{test}', '{k}', {n})"))
        .collect();
    stack().psql(&format!(
        "insert into scratch (test, k, n) values {}",
        values.join(", ")
    ));
}

/// Executes and expects a PostgREST error (`Error::Postgrest`), returned whole.
async fn server_error(query: FilterBuilder) -> PostgrestError {
    match query.execute::<Value>().await {
        Err(Error::Postgrest(e)) => e,
        Err(other) => panic!("expected a PostgREST error, got {other:?}"),
        Ok(res) => panic!(
            "expected a PostgREST error, got status {} with {}",
            res.status, res.data
        ),
    }
}

fn countries_row_count() -> String {
    stack().psql("select count(*) from countries")
}

/// `todos` as it is in the fixture (id, owner, task, done), for "nothing changed" checks.
fn todos_state() -> Value {
    db("select id, owner, task, done from todos order by id")
}

fn fixture_todos() -> Value {
    json!([
        { "id": 1, "owner": "alice", "task": "alice private task", "done": false },
        { "id": 2, "owner": "alice", "task": "alice public task", "done": true },
        { "id": 3, "owner": "bob", "task": "bob private task", "done": false },
    ])
}

#[derive(Debug, Deserialize, PartialEq)]
struct IdK {
    id: i64,
    k: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ScratchRow {
    id: i64,
    test: String,
    k: Option<String>,
    n: Option<i32>,
    status: String,
    flag: Option<bool>,
    tags: Option<Vec<String>>,
    payload: Option<Value>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct KN {
    k: String,
    n: Option<i32>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct KStatus {
    k: String,
    status: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Country {
    id: i64,
    name: String,
    population: Option<i64>,
    continent: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Name {
    name: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Todo {
    id: i64,
    owner: String,
    task: String,
    done: bool,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ContinentStats {
    continent: String,
    country_count: i64,
    total_population: i64,
}

fn sorted<T, K: Ord>(mut rows: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    rows.sort_by_key(key);
    rows
}

// ------------------------------------------------------------------------------------------------
// insert
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn insert_without_select_answers_201_with_no_data() {
    let test = "insert_without_select_answers_201_with_no_data";
    let query = anon()
        .from("scratch")
        .insert(json!({ "test": test, "k": "a", "n": 1 }));
    let req = query.build().unwrap();
    assert_eq!(req.method(), Method::POST);
    assert_eq!(req.header("prefer"), None);
    assert!(req.query_pairs().is_empty(), "{:?}", req.query_pairs());

    let res: PostgrestResponse<()> = query.execute().await.unwrap();
    assert_eq!(res.status, 201);
    assert_eq!(res.count, None);

    // The same, decoded as an optional value: no body is `None`.
    let res = anon()
        .from("scratch")
        .insert(json!({ "test": test, "k": "b", "n": 2 }))
        .execute::<Option<Value>>()
        .await
        .unwrap();
    assert_eq!(res.status, 201);
    assert_eq!(res.data, None);

    assert_eq!(
        scratch(test),
        json!([
            { "k": "a", "n": 1, "status": "new", "flag": null },
            { "k": "b", "n": 2, "status": "new", "flag": null },
        ])
    );
}

#[tokio::test]
async fn insert_with_select_returns_the_inserted_row() {
    let test = "insert_with_select_returns_the_inserted_row";
    let query = anon()
        .from("scratch")
        .insert(json!({ "test": test, "k": "a" }))
        .select("id, k");
    let req = query.build().unwrap();
    assert_eq!(req.header("prefer"), Some("return=representation"));
    assert_eq!(req.url().query(), Some("select=id%2Ck"));

    let res = query.execute::<Vec<IdK>>().await.unwrap();
    assert_eq!(res.status, 201);
    assert_eq!(
        res.data,
        vec![IdK {
            id: scratch_id(test, "a"),
            k: Some("a".into())
        }]
    );
    assert_eq!(
        scratch(test),
        json!([{ "k": "a", "n": null, "status": "new", "flag": null }])
    );
}

#[tokio::test]
async fn insert_returning_representation_returns_every_column_with_defaults() {
    let test = "insert_returning_representation_returns_every_column_with_defaults";
    let query = anon()
        .from("scratch")
        .insert(json!({
            "test": test, "k": "a", "n": 7, "flag": true,
            "tags": ["x", "y,z", "\"q\""], "payload": { "deep": [1, null, "s"] },
        }))
        .returning(ReturnMethod::Representation);
    assert_eq!(
        query.build().unwrap().header("prefer"),
        Some("return=representation")
    );
    let res = query.execute::<Vec<ScratchRow>>().await.unwrap();
    assert_eq!(res.status, 201);
    assert_eq!(
        res.data,
        vec![ScratchRow {
            id: scratch_id(test, "a"),
            test: test.into(),
            k: Some("a".into()),
            n: Some(7),
            status: "new".into(),
            flag: Some(true),
            tags: Some(vec!["x".into(), "y,z".into(), "\"q\"".into()]),
            payload: Some(json!({ "deep": [1, null, "s"] })),
        }]
    );
    assert_eq!(
        db(&format!(
            "select tags, payload from scratch where test = '{test}'"
        )),
        json!([{ "tags": ["x", "y,z", "\"q\""], "payload": { "deep": [1, null, "s"] } }])
    );

    // And `ReturnMethod::Minimal` asks for no body.
    let res = anon()
        .from("scratch")
        .insert(json!({ "test": test, "k": "b" }))
        .returning(ReturnMethod::Minimal)
        .execute::<Option<Value>>()
        .await
        .unwrap();
    assert_eq!((res.status, res.data), (201, None));
    assert_eq!(scratch(test).as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn insert_with_count_exact_reports_the_inserted_rows() {
    let test = "insert_with_count_exact_reports_the_inserted_rows";
    // One object, no representation.
    let query = anon()
        .from("scratch")
        .insert(json!({ "test": test, "k": "a" }))
        .count(CountMethod::Exact);
    assert_eq!(query.build().unwrap().header("prefer"), Some("count=exact"));
    let res = query.execute::<()>().await.unwrap();
    assert_eq!((res.status, res.count), (201, Some(1)));

    // Three rows, with representation.
    let res = anon()
        .from("scratch")
        .insert(json!([
            { "test": test, "k": "b" },
            { "test": test, "k": "c" },
            { "test": test, "k": "d" },
        ]))
        .count(CountMethod::Exact)
        .select("k")
        .execute::<Vec<Value>>()
        .await
        .unwrap();
    assert_eq!(res.status, 201);
    assert_eq!(res.count, Some(3));
    assert_eq!(
        res.data,
        vec![json!({"k": "b"}), json!({"k": "c"}), json!({"k": "d"})]
    );
    assert_eq!(
        stack().psql(&format!(
            "select count(*) from scratch where test = '{test}'"
        )),
        "4"
    );
}

// ------------------------------------------------------------------------------------------------
// bulk insert: columns= and missing=default
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn bulk_insert_with_differing_keys_sets_missing_keys_to_null() {
    let test = "bulk_insert_with_differing_keys_sets_missing_keys_to_null";
    let query = anon()
        .from("scratch")
        .insert(json!([
            { "test": test, "k": "a", "n": 1 },
            { "test": test, "k": "b", "flag": true },
        ]))
        .select("k, n, flag");
    let req = query.build().unwrap();
    assert_eq!(
        req.query_pairs()[0],
        ("columns".to_owned(), r#""test","k","n","flag""#.to_owned())
    );
    let res = query.execute::<Value>().await.unwrap();
    assert_eq!(res.status, 201);
    assert_eq!(
        res.data,
        json!([
            { "k": "a", "n": 1, "flag": null },
            { "k": "b", "n": null, "flag": true },
        ])
    );
    assert_eq!(
        scratch(test),
        json!([
            { "k": "a", "n": 1, "status": "new", "flag": null },
            { "k": "b", "n": null, "status": "new", "flag": true },
        ])
    );
}

#[tokio::test]
async fn bulk_insert_missing_key_of_a_not_null_default_column_becomes_null_and_fails() {
    // `status` is `not null default 'new'`; one row gives it, the other does not. With
    // `columns=` (default_to_null true) the missing key is an explicit NULL, so the whole insert
    // fails with a not-null violation instead of taking the default.
    let test = "bulk_insert_missing_key_of_a_not_null_default_column_becomes_null_and_fails";
    let err = server_error(anon().from("scratch").insert(json!([
        { "test": test, "k": "a", "status": "done" },
        { "test": test, "k": "b" },
    ])))
    .await;
    assert_eq!(err.status, 400);
    assert_eq!(err.code.as_deref(), Some("23502"));
    assert_eq!(
        err.message,
        r#"null value in column "status" of relation "scratch" violates not-null constraint"#
    );
    // Postgres shortens the long `test` value inside the failing row.
    let details = err.details.expect("details");
    assert!(
        details.starts_with("Failing row contains (")
            && details.ends_with(", b, null, null, null, null, null)."),
        "{details}"
    );
    assert_eq!(err.hint, None);
    assert_eq!(scratch(test), json!([]), "the whole insert was rolled back");
}

#[tokio::test]
async fn bulk_insert_default_to_null_false_gives_missing_keys_the_column_default() {
    let test = "bulk_insert_default_to_null_false_gives_missing_keys_the_column_default";
    let query = anon()
        .from("scratch")
        .insert(json!([
            { "test": test, "k": "a", "status": "done" },
            { "test": test, "k": "b", "n": 2 },
        ]))
        .default_to_null(false)
        .select("k, n, status");
    let req = query.build().unwrap();
    assert_eq!(
        req.header("prefer"),
        Some("missing=default, return=representation")
    );
    assert_eq!(
        req.query_pairs()[0],
        (
            "columns".to_owned(),
            r#""test","k","status","n""#.to_owned()
        )
    );
    let res = query.execute::<Value>().await.unwrap();
    assert_eq!(res.status, 201);
    assert_eq!(
        res.data,
        json!([
            { "k": "a", "n": null, "status": "done" },
            { "k": "b", "n": 2, "status": "new" },
        ])
    );
    assert_eq!(
        scratch(test),
        json!([
            { "k": "a", "n": null, "status": "done", "flag": null },
            { "k": "b", "n": 2, "status": "new", "flag": null },
        ])
    );
}

// ------------------------------------------------------------------------------------------------
// upsert
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn upsert_merge_duplicates_updates_the_existing_row() {
    let test = "upsert_merge_duplicates_updates_the_existing_row";
    seed(test, &[("a", 1)]);
    let id = scratch_id(test, "a");
    let query = anon()
        .from("scratch")
        .upsert(json!({ "test": test, "k": "a", "n": 2 }))
        .on_conflict("test,k")
        .select("id, k, n");
    let req = query.build().unwrap();
    assert_eq!(
        req.header("prefer"),
        Some("resolution=merge-duplicates, return=representation")
    );
    assert_eq!(
        req.url().query(),
        Some("on_conflict=test%2Ck&select=id%2Ck%2Cn")
    );
    let res = query.execute::<Value>().await.unwrap();
    // PostgREST 12 answers 200 (not 201) when an upsert inserted nothing, only updated.
    assert_eq!(res.status, 200);
    assert_eq!(res.data, json!([{ "id": id, "k": "a", "n": 2 }]));
    assert_eq!(
        db(&format!(
            "select id, k, n from scratch where test = '{test}'"
        )),
        json!([{ "id": id, "k": "a", "n": 2 }]),
        "updated in place, same id"
    );
}

#[tokio::test]
async fn upsert_ignore_duplicates_keeps_the_existing_row() {
    let test = "upsert_ignore_duplicates_keeps_the_existing_row";
    seed(test, &[("a", 1)]);
    let query = anon()
        .from("scratch")
        .upsert(json!([
            { "test": test, "k": "a", "n": 100 },
            { "test": test, "k": "b", "n": 200 },
        ]))
        .on_conflict("test,k")
        .ignore_duplicates(true)
        .select("k, n");
    assert_eq!(
        query.build().unwrap().header("prefer"),
        Some("resolution=ignore-duplicates, return=representation")
    );
    let res = query.execute::<Vec<KN>>().await.unwrap();
    assert_eq!(res.status, 201);
    // Only the row actually inserted comes back; the ignored duplicate does not.
    assert_eq!(
        res.data,
        vec![KN {
            k: "b".into(),
            n: Some(200)
        }]
    );
    assert_eq!(
        scratch(test),
        json!([
            { "k": "a", "n": 1, "status": "new", "flag": null },
            { "k": "b", "n": 200, "status": "new", "flag": null },
        ])
    );
}

#[tokio::test]
async fn upsert_without_on_conflict_uses_the_primary_key() {
    // `scratch.id` is GENERATED ALWAYS, so the primary-key upsert is shown on `countries`
    // (identity BY DEFAULT) inside a rolled-back transaction.
    let res = anon()
        .from("countries")
        .upsert(json!([
            { "id": 1, "name": "France", "population": 1 },
            { "id": 1000, "name": "Upsertland", "population": 2 },
        ]))
        .select("id, name, population, continent")
        .rollback()
        .execute::<Vec<Country>>()
        .await
        .unwrap();
    assert_eq!(res.status, 201);
    assert_eq!(
        sorted(res.data, |c| c.id),
        vec![
            Country {
                id: 1,
                name: "France".into(),
                population: Some(1),
                continent: Some("Europe".into()),
            },
            Country {
                id: 1000,
                name: "Upsertland".into(),
                population: Some(2),
                continent: None,
            },
        ]
    );
    assert_eq!(
        stack().psql("select population from countries where id = 1"),
        "68042591"
    );
    assert_eq!(countries_row_count(), "14");
}

#[tokio::test]
async fn upsert_on_conflict_on_a_unique_constraint_that_is_not_the_primary_key() {
    // `scratch` has `unique (test, k)` besides its primary key `id`: conflicts on it update the
    // row; without `on_conflict` PostgREST would target the primary key and hit the unique
    // constraint instead (409 23505).
    let test = "upsert_on_conflict_on_a_unique_constraint_that_is_not_the_primary_key";
    seed(test, &[("a", 1)]);
    let err = server_error(
        anon()
            .from("scratch")
            .upsert(json!({ "test": test, "k": "a", "n": 2 })),
    )
    .await;
    assert_eq!((err.status, err.code.as_deref()), (409, Some("23505")));
    assert_eq!(scratch(test)[0]["n"], 1);

    let res = anon()
        .from("scratch")
        .upsert(json!({ "test": test, "k": "a", "n": 3, "flag": false }))
        .on_conflict("test,k")
        .execute::<()>()
        .await
        .unwrap();
    assert_eq!(res.status, 200, "only updated");
    assert_eq!(
        scratch(test),
        json!([{ "k": "a", "n": 3, "status": "new", "flag": false }])
    );
}

#[tokio::test]
async fn bulk_upsert_inserts_new_rows_and_updates_existing_ones() {
    let test = "bulk_upsert_inserts_new_rows_and_updates_existing_ones";
    seed(test, &[("a", 1), ("b", 2)]);
    let (id_a, id_b) = (scratch_id(test, "a"), scratch_id(test, "b"));
    let res = anon()
        .from("scratch")
        .upsert(json!([
            { "test": test, "k": "a", "n": 10 },
            { "test": test, "k": "b", "n": 20 },
            { "test": test, "k": "c", "n": 30 },
        ]))
        .on_conflict("test,k")
        .select("id, k")
        .execute::<Vec<IdK>>()
        .await
        .unwrap();
    assert_eq!(res.status, 201);
    let id_c = scratch_id(test, "c");
    assert_eq!(
        sorted(res.data, |r| r.id),
        vec![
            IdK {
                id: id_a,
                k: Some("a".into())
            },
            IdK {
                id: id_b,
                k: Some("b".into())
            },
            IdK {
                id: id_c,
                k: Some("c".into())
            },
        ]
    );
    assert_eq!(
        db(&format!(
            "select k, n from scratch where test = '{test}' order by k"
        )),
        json!([{ "k": "a", "n": 10 }, { "k": "b", "n": 20 }, { "k": "c", "n": 30 }])
    );
}

#[tokio::test]
async fn upsert_with_count_exact_counts_inserted_and_updated_rows() {
    let test = "upsert_with_count_exact_counts_inserted_and_updated_rows";
    seed(test, &[("a", 1)]);
    let query = anon()
        .from("scratch")
        .upsert(json!([
            { "test": test, "k": "a", "n": 10 },
            { "test": test, "k": "b", "n": 20 },
        ]))
        .on_conflict("test,k")
        .count(CountMethod::Exact);
    assert_eq!(
        query.build().unwrap().header("prefer"),
        Some("resolution=merge-duplicates, count=exact")
    );
    let res = query.execute::<()>().await.unwrap();
    assert_eq!((res.status, res.count), (201, Some(2)));

    // With ignore-duplicates only the inserted row is counted.
    let res = anon()
        .from("scratch")
        .upsert(json!([
            { "test": test, "k": "a", "n": 100 },
            { "test": test, "k": "c", "n": 30 },
        ]))
        .on_conflict("test,k")
        .ignore_duplicates(true)
        .count(CountMethod::Exact)
        .execute::<()>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count), (201, Some(1)));
    assert_eq!(
        db(&format!(
            "select k, n from scratch where test = '{test}' order by k"
        )),
        json!([{ "k": "a", "n": 10 }, { "k": "b", "n": 20 }, { "k": "c", "n": 30 }])
    );
}

// ------------------------------------------------------------------------------------------------
// update
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn update_changes_only_the_rows_matching_the_filters() {
    let test = "update_changes_only_the_rows_matching_the_filters";
    seed(test, &[("a", 1), ("b", 2), ("c", 3)]);
    let query = anon()
        .from("scratch")
        .update(json!({ "status": "done", "flag": true }))
        .eq("test", test)
        .gte("n", 2);
    let req = query.build().unwrap();
    assert_eq!(req.method(), Method::PATCH);
    assert_eq!(req.body(), Some(&json!({ "status": "done", "flag": true })));
    let res = query.execute::<Option<Value>>().await.unwrap();
    assert_eq!((res.status, res.data), (204, None));
    assert_eq!(
        scratch(test),
        json!([
            { "k": "a", "n": 1, "status": "new", "flag": null },
            { "k": "b", "n": 2, "status": "done", "flag": true },
            { "k": "c", "n": 3, "status": "done", "flag": true },
        ])
    );
}

#[tokio::test]
async fn update_with_select_returns_the_updated_rows() {
    let test = "update_with_select_returns_the_updated_rows";
    seed(test, &[("a", 1), ("b", 2), ("c", 3)]);
    let res = anon()
        .from("scratch")
        .update(json!({ "status": "updated" }))
        .eq("test", test)
        .in_("k", ["a", "c"])
        .select("k, status")
        .execute::<Vec<KStatus>>()
        .await
        .unwrap();
    assert_eq!(res.status, 200);
    assert_eq!(
        sorted(res.data, |r| r.k.clone()),
        vec![
            KStatus {
                k: "a".into(),
                status: "updated".into()
            },
            KStatus {
                k: "c".into(),
                status: "updated".into()
            },
        ]
    );
    assert_eq!(
        db(&format!(
            "select k, status from scratch where test = '{test}' order by k"
        )),
        json!([
            { "k": "a", "status": "updated" },
            { "k": "b", "status": "new" },
            { "k": "c", "status": "updated" },
        ])
    );
}

#[tokio::test]
async fn update_with_count_exact_reports_the_affected_rows() {
    let test = "update_with_count_exact_reports_the_affected_rows";
    seed(test, &[("a", 1), ("b", 2), ("c", 3)]);
    let res = anon()
        .from("scratch")
        .update(json!({ "n": 0 }))
        .eq("test", test)
        .neq("k", "b")
        .count(CountMethod::Exact)
        .execute::<()>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count), (204, Some(2)));

    let res = anon()
        .from("scratch")
        .update(json!({ "n": 5 }))
        .eq("test", test)
        .count(CountMethod::Exact)
        .select("k")
        .execute::<Vec<Value>>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count, res.data.len()), (200, Some(3), 3));
    assert_eq!(
        db(&format!(
            "select k, n from scratch where test = '{test}' order by k"
        )),
        json!([{ "k": "a", "n": 5 }, { "k": "b", "n": 5 }, { "k": "c", "n": 5 }])
    );
}

#[tokio::test]
async fn update_matching_no_rows_changes_nothing() {
    let test = "update_matching_no_rows_changes_nothing";
    seed(test, &[("a", 1)]);
    let res = anon()
        .from("scratch")
        .update(json!({ "n": 99 }))
        .eq("test", test)
        .eq("k", "nope")
        .count(CountMethod::Exact)
        .execute::<()>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count), (204, Some(0)));

    let res = anon()
        .from("scratch")
        .update(json!({ "n": 99 }))
        .eq("test", test)
        .eq("k", "nope")
        .select("*")
        .execute::<Vec<ScratchRow>>()
        .await
        .unwrap();
    assert_eq!(res.status, 200);
    assert!(res.data.is_empty());
    assert_eq!(
        scratch(test),
        json!([{ "k": "a", "n": 1, "status": "new", "flag": null }])
    );
}

// ------------------------------------------------------------------------------------------------
// delete
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn delete_removes_only_the_rows_matching_the_filters() {
    let test = "delete_removes_only_the_rows_matching_the_filters";
    seed(test, &[("a", 1), ("b", 2), ("c", 3)]);
    let query = anon().from("scratch").delete().eq("test", test).lt("n", 3);
    let req = query.build().unwrap();
    assert_eq!(req.method(), Method::DELETE);
    assert_eq!(req.body(), None);
    let res = query.execute::<Option<Value>>().await.unwrap();
    assert_eq!((res.status, res.data), (204, None));
    assert_eq!(
        scratch(test),
        json!([{ "k": "c", "n": 3, "status": "new", "flag": null }])
    );
}

#[tokio::test]
async fn delete_with_select_returns_the_deleted_rows() {
    let test = "delete_with_select_returns_the_deleted_rows";
    seed(test, &[("a", 1), ("b", 2), ("c", 3)]);
    let res = anon()
        .from("scratch")
        .delete()
        .eq("test", test)
        .in_("k", ["b", "c", "zz"])
        .select("k, n")
        .execute::<Vec<KN>>()
        .await
        .unwrap();
    assert_eq!(res.status, 200);
    assert_eq!(
        sorted(res.data, |r| r.k.clone()),
        vec![
            KN {
                k: "b".into(),
                n: Some(2)
            },
            KN {
                k: "c".into(),
                n: Some(3)
            },
        ]
    );
    assert_eq!(
        scratch(test),
        json!([{ "k": "a", "n": 1, "status": "new", "flag": null }])
    );
}

#[tokio::test]
async fn delete_with_count_exact_reports_the_deleted_rows() {
    let test = "delete_with_count_exact_reports_the_deleted_rows";
    seed(test, &[("a", 1), ("b", 2), ("c", 3)]);
    let res = anon()
        .from("scratch")
        .delete()
        .eq("test", test)
        .gt("n", 1)
        .count(CountMethod::Exact)
        .execute::<()>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count), (204, Some(2)));

    let res = anon()
        .from("scratch")
        .delete()
        .eq("test", test)
        .count(CountMethod::Exact)
        .select("k")
        .execute::<Vec<Value>>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count), (200, Some(1)));
    assert_eq!(res.data, vec![json!({ "k": "a" })]);

    let res = anon()
        .from("scratch")
        .delete()
        .eq("test", test)
        .count(CountMethod::Exact)
        .execute::<()>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count), (204, Some(0)));
    assert_eq!(scratch(test), json!([]));
}

// ------------------------------------------------------------------------------------------------
// rollback and max_affected
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn rollback_returns_the_representation_but_commits_nothing() {
    let test = "rollback_returns_the_representation_but_commits_nothing";
    // Insert into scratch.
    let query = anon()
        .from("scratch")
        .insert(json!({ "test": test, "k": "a", "n": 1 }))
        .select("k, n, status")
        .rollback();
    assert_eq!(
        query.build().unwrap().header("prefer"),
        Some("return=representation, tx=rollback")
    );
    let res = query.execute::<Value>().await.unwrap();
    assert_eq!(res.status, 201);
    assert_eq!(res.data, json!([{ "k": "a", "n": 1, "status": "new" }]));
    assert_eq!(scratch(test), json!([]));

    // Update and delete on a fixture table.
    let res = anon()
        .from("countries")
        .update(json!({ "population": 1 }))
        .eq("id", 1)
        .select("id, name, population, continent")
        .single()
        .rollback()
        .execute::<Country>()
        .await
        .unwrap();
    assert_eq!(res.status, 200);
    assert_eq!(
        res.data,
        Country {
            id: 1,
            name: "France".into(),
            population: Some(1),
            continent: Some("Europe".into())
        }
    );
    let res = anon()
        .from("countries")
        .delete()
        .eq("id", 13)
        .select("name")
        .count(CountMethod::Exact)
        .rollback()
        .execute::<Vec<Name>>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count), (200, Some(1)));
    assert_eq!(
        res.data,
        vec![Name {
            name: "100% *Real*_Land".into()
        }]
    );
    assert_eq!(
        stack().psql("select population from countries where id = 1"),
        "68042591"
    );
    assert_eq!(
        stack().psql("select name from countries where id = 13"),
        "100% *Real*_Land"
    );
    assert_eq!(countries_row_count(), "14");
}

#[tokio::test]
async fn max_affected_is_refused_by_postgrest_12_with_pgrst122() {
    let test = "max_affected_is_refused_by_postgrest_12_with_pgrst122";
    seed(test, &[("a", 1), ("b", 2)]);
    let query = anon()
        .from("scratch")
        .delete()
        .eq("test", test)
        .max_affected(1)
        .select("k")
        .rollback();
    assert_eq!(
        query.build().unwrap().header("prefer"),
        Some("handling=strict, max-affected=1, return=representation, tx=rollback")
    );
    // What PostgREST 12.0.2 really does: it does not know `max-affected` (a PostgREST 13
    // preference), so it neither ignores it nor applies it. It does know `handling=strict`,
    // which makes any unknown preference an error: 400 PGRST122, kept whole, and nothing is
    // deleted. (PostgREST 13 would instead compare the 2 matching rows with the limit of 1.)
    let err = server_error(query).await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("PGRST122".into()),
            message: "Invalid preferences given with handling=strict".into(),
            details: Some("Invalid preferences: max-affected=1".into()),
            hint: None,
            status: 400,
        }
    );
    assert_eq!(
        db(&format!(
            "select k from scratch where test = '{test}' order by k"
        )),
        json!([{ "k": "a" }, { "k": "b" }])
    );

    // Within the limit it is refused the same way: max_affected cannot be used on 12.0.2.
    let err = server_error(
        anon()
            .from("scratch")
            .delete()
            .eq("test", test)
            .eq("k", "a")
            .max_affected(5),
    )
    .await;
    assert_eq!((err.status, err.code.as_deref()), (400, Some("PGRST122")));
    assert_eq!(scratch(test).as_array().unwrap().len(), 2);
}

// ------------------------------------------------------------------------------------------------
// another schema
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn writes_into_another_schema_use_content_profile() {
    let test = "writes_into_another_schema_use_content_profile";
    let api2 = anon().schema("api2");
    let query = api2
        .from("scratch")
        .insert(json!([
            { "test": test, "body": "one" },
            { "test": test, "body": "two" },
        ]))
        .select("test, body");
    let req = query.build().unwrap();
    assert_eq!(req.header("content-profile"), Some("api2"));
    assert_eq!(req.header("accept-profile"), None);
    let res = query.execute::<Value>().await.unwrap();
    assert_eq!(res.status, 201);
    assert_eq!(
        res.data,
        json!([{ "test": test, "body": "one" }, { "test": test, "body": "two" }])
    );

    // Update through `from(..).schema(..)` instead of `client.schema(..)`.
    let res = anon()
        .from("scratch")
        .schema("api2")
        .update(json!({ "body": "uno" }))
        .eq("test", test)
        .eq("body", "one")
        .count(CountMethod::Exact)
        .execute::<()>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count), (204, Some(1)));

    let res = api2
        .from("scratch")
        .delete()
        .eq("test", test)
        .eq("body", "two")
        .select("body")
        .execute::<Vec<Value>>()
        .await
        .unwrap();
    assert_eq!(res.data, vec![json!({ "body": "two" })]);

    assert_eq!(
        db(&format!(
            "select body from api2.scratch where test = '{test}' order by id"
        )),
        json!([{ "body": "uno" }])
    );
    // Nothing went to public.scratch (which has no `body` column anyway).
    assert_eq!(scratch(test), json!([]));
}

// ------------------------------------------------------------------------------------------------
// server errors on writes
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn unique_violation_is_a_409_23505_kept_whole() {
    let test = "unique_violation_is_a_409_23505_kept_whole";
    seed(test, &[("a", 1)]);
    let err = server_error(
        anon()
            .from("scratch")
            .insert(json!({ "test": test, "k": "a", "n": 2 }))
            .select("*"),
    )
    .await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("23505".into()),
            message: r#"duplicate key value violates unique constraint "scratch_test_k_key""#
                .into(),
            details: Some(format!("Key (test, k)=({test}, a) already exists.")),
            hint: None,
            status: 409,
        }
    );
    assert_eq!(
        scratch(test),
        json!([{ "k": "a", "n": 1, "status": "new", "flag": null }])
    );
}

#[tokio::test]
async fn not_null_violation_is_a_400_23502_kept_whole() {
    let err = server_error(
        anon()
            .from("scratch")
            .insert(json!({ "k": "not_null_violation", "n": 1 })),
    )
    .await;
    assert_eq!(err.status, 400);
    assert_eq!(err.code.as_deref(), Some("23502"));
    assert_eq!(
        err.message,
        r#"null value in column "test" of relation "scratch" violates not-null constraint"#
    );
    let details = err.details.expect("details");
    assert!(
        details.starts_with("Failing row contains (")
            && details.ends_with(", null, not_null_violation, 1, new, null, null, null)."),
        "{details}"
    );
    assert_eq!(err.hint, None);
    assert_eq!(
        stack().psql("select count(*) from scratch where k = 'not_null_violation'"),
        "0"
    );
}

#[tokio::test]
async fn foreign_key_violation_is_a_409_23503_kept_whole() {
    let err = server_error(
        anon()
            .from("cities")
            .insert(json!({ "name": "Nowhere", "country_id": 9999 }))
            .rollback(),
    )
    .await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("23503".into()),
            message: r#"insert or update on table "cities" violates foreign key constraint "cities_country_id_fkey""#.into(),
            details: Some(r#"Key (country_id)=(9999) is not present in table "countries"."#.into()),
            hint: None,
            status: 409,
        }
    );
    assert_eq!(
        stack().psql("select count(*) from cities where name = 'Nowhere'"),
        "0"
    );
}

#[tokio::test]
async fn check_violation_is_a_400_23514_kept_whole() {
    // The fixture has no table CHECK constraint; the domain `email_address` has one
    // (`type_samples.mail`), which fails with the same SQLSTATE.
    let err = server_error(
        anon()
            .from("type_samples")
            .insert(json!({ "id": 1000, "mail": "not an email" }))
            .rollback(),
    )
    .await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("23514".into()),
            message:
                r#"value for domain email_address violates check constraint "email_address_check""#
                    .into(),
            details: None,
            hint: None,
            status: 400,
        }
    );
    assert_eq!(
        stack().psql("select count(*) from type_samples where id = 1000"),
        "0"
    );
}

#[tokio::test]
async fn unknown_column_is_a_400_pgrst204_kept_whole() {
    let test = "unknown_column_is_a_400_pgrst204_kept_whole";
    let err = server_error(
        anon()
            .from("scratch")
            .insert(json!({ "test": test, "nope": 1 })),
    )
    .await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("PGRST204".into()),
            // PostgREST 12.0.2's wording (later versions say "Could not find the 'nope'
            // column of 'scratch' in the schema cache").
            message: "Column 'nope' of relation 'scratch' does not exist".into(),
            details: None,
            hint: None,
            status: 400,
        }
    );
    assert_eq!(scratch(test), json!([]));
}

#[tokio::test]
async fn generated_always_identity_error_keeps_its_hint() {
    let test = "generated_always_identity_error_keeps_its_hint";
    let err = server_error(
        anon()
            .from("scratch")
            .insert(json!({ "id": 1, "test": test })),
    )
    .await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("428C9".into()),
            message: r#"cannot insert a non-DEFAULT value into column "id""#.into(),
            details: Some(
                r#"Column "id" is an identity column defined as GENERATED ALWAYS."#.into()
            ),
            hint: Some("Use OVERRIDING SYSTEM VALUE to override.".into()),
            status: 400,
        }
    );
    assert_eq!(scratch(test), json!([]));
}

// ------------------------------------------------------------------------------------------------
// RLS on writes (todos)
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn rls_user_inserts_updates_and_deletes_own_rows() {
    let alice = user("alice");
    // Insert: `owner` defaults to the JWT sub.
    let res = alice
        .from("todos")
        .insert(json!({ "task": "new alice task" }))
        .select("owner, task, done")
        .single()
        .rollback()
        .execute::<Value>()
        .await
        .unwrap();
    assert_eq!(res.status, 201);
    assert_eq!(
        res.data,
        json!({ "owner": "alice", "task": "new alice task", "done": false })
    );

    // Update her own row.
    let res = alice
        .from("todos")
        .update(json!({ "done": true }))
        .eq("id", 1)
        .select("id, owner, task, done")
        .count(CountMethod::Exact)
        .rollback()
        .execute::<Vec<Todo>>()
        .await
        .unwrap();
    assert_eq!(res.count, Some(1));
    assert_eq!(
        res.data,
        vec![Todo {
            id: 1,
            owner: "alice".into(),
            task: "alice private task".into(),
            done: true
        }]
    );

    // Delete her own rows (without a filter on id: RLS limits it to 1 and 2).
    let res = alice
        .from("todos")
        .delete()
        .gt("id", 0)
        .select("id")
        .rollback()
        .execute::<Vec<Value>>()
        .await
        .unwrap();
    assert_eq!(
        sorted(res.data, |v| v["id"].as_i64()),
        vec![json!({ "id": 1 }), json!({ "id": 2 })]
    );

    assert_eq!(todos_state(), fixture_todos());
}

#[tokio::test]
async fn rls_user_cannot_touch_another_users_rows() {
    let alice = user("alice");
    // Update and delete of bob's row: RLS hides it, 0 rows affected, no error.
    let res = alice
        .from("todos")
        .update(json!({ "done": true }))
        .eq("id", 3)
        .count(CountMethod::Exact)
        .rollback()
        .execute::<()>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count), (204, Some(0)));
    let res = alice
        .from("todos")
        .delete()
        .eq("owner", "bob")
        .select("id")
        .count(CountMethod::Exact)
        .rollback()
        .execute::<Vec<Value>>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count), (200, Some(0)));
    assert!(res.data.is_empty());

    // Inserting a row owned by bob fails the policy's WITH CHECK: 403 42501.
    let err = server_error(
        alice
            .from("todos")
            .insert(json!({ "owner": "bob", "task": "sneaky" }))
            .rollback(),
    )
    .await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("42501".into()),
            message: r#"new row violates row-level security policy for table "todos""#.into(),
            details: None,
            hint: None,
            status: 403,
        }
    );

    // Moving her own row to bob fails the same way.
    let err = server_error(
        alice
            .from("todos")
            .update(json!({ "owner": "bob" }))
            .eq("id", 1)
            .rollback(),
    )
    .await;
    assert_eq!((err.status, err.code.as_deref()), (403, Some("42501")));

    assert_eq!(todos_state(), fixture_todos());
}

#[tokio::test]
async fn rls_anon_cannot_insert_into_todos() {
    let err = server_error(
        anon()
            .from("todos")
            .insert(json!({ "owner": "anon", "task": "anon task" }))
            .rollback(),
    )
    .await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("42501".into()),
            message: "permission denied for table todos".into(),
            details: None,
            hint: None,
            status: 401,
        }
    );
    assert_eq!(todos_state(), fixture_todos());
}

// ------------------------------------------------------------------------------------------------
// rpc
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn rpc_post_with_arguments() {
    let query = anon().rpc("add", json!({ "a": 1, "b": 2 }));
    let req = query.build().unwrap();
    assert_eq!(req.method(), Method::POST);
    assert_eq!(req.path(), "/rest/v1/rpc/add");
    assert_eq!(req.url().query(), None);
    assert_eq!(req.body(), Some(&json!({ "a": 1, "b": 2 })));
    assert_eq!(req.header("content-profile"), Some("public"));
    let res = query.execute::<i64>().await.unwrap();
    assert_eq!((res.status, res.data), (200, 3));
}

#[tokio::test]
async fn rpc_without_arguments_posts_an_empty_object() {
    let query = anon().rpc("hello", ());
    assert_eq!(query.build().unwrap().body(), Some(&json!({})));
    let res = query.execute::<String>().await.unwrap();
    assert_eq!((res.status, res.data.as_str()), (200, "Hello, world!"));

    let res = anon()
        .rpc("hello", ())
        .get()
        .execute::<String>()
        .await
        .unwrap();
    assert_eq!(res.data, "Hello, world!");
}

#[tokio::test]
async fn rpc_get_sends_the_arguments_in_the_query_string() {
    let query = anon().rpc("add", json!({ "a": 2, "b": 40 })).get();
    let req = query.build().unwrap();
    assert_eq!(req.method(), Method::GET);
    assert_eq!(req.url().query(), Some("a=2&b=40"));
    assert_eq!(req.body(), None);
    assert_eq!(req.header("accept-profile"), Some("public"));
    let res = query.execute::<i64>().await.unwrap();
    assert_eq!((res.status, res.data), (200, 42));
}

#[tokio::test]
async fn rpc_head_with_count_has_no_data_but_the_count() {
    let query = anon()
        .rpc("countries_by_continent", json!({ "c": "Europe" }))
        .head()
        .count(CountMethod::Exact);
    let req = query.build().unwrap();
    assert_eq!(req.method(), Method::HEAD);
    assert_eq!(req.url().query(), Some("c=Europe"));
    assert_eq!(req.header("prefer"), Some("count=exact"));
    let res = query.execute::<Option<Value>>().await.unwrap();
    assert_eq!((res.status, res.count, res.data), (200, Some(3), None));
}

#[tokio::test]
async fn rpc_setof_result_takes_filters_order_and_limit() {
    let query = anon()
        .rpc("countries_by_continent", json!({ "c": "Europe" }))
        .gt("population", 1_000_000)
        .order("name", Order::desc())
        .limit(1);
    assert_eq!(
        query.build().unwrap().url().query(),
        Some("population=gt.1000000&order=name.desc&limit=1")
    );
    let res = query.execute::<Vec<Country>>().await.unwrap();
    assert_eq!(res.status, 200);
    assert_eq!(
        res.data,
        vec![Country {
            id: 2,
            name: "Germany".into(),
            population: Some(84_358_845),
            continent: Some("Europe".into())
        }]
    );

    // The same filters by GET.
    let res = anon()
        .rpc("countries_by_continent", json!({ "c": "Asia" }))
        .get()
        .lt("population", 1_000_000_000)
        .execute::<Vec<Country>>()
        .await
        .unwrap();
    assert_eq!(
        res.data.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["Japan"]
    );
}

#[tokio::test]
async fn rpc_select_picks_columns_of_a_set_returning_function() {
    let query = anon()
        .rpc("countries_by_continent", json!({ "c": "Europe" }))
        .select("name");
    let req = query.build().unwrap();
    assert_eq!(req.url().query(), Some("select=name"));
    let res = query.execute::<Vec<Name>>().await.unwrap();
    assert_eq!(res.status, 200);
    assert_eq!(
        res.data,
        ["France", "Germany", "Ísland"]
            .map(|n| Name { name: n.into() })
            .into_iter()
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn rpc_single_on_a_one_row_result() {
    let res = anon()
        .rpc("countries_by_continent", json!({ "c": "Africa" }))
        .single()
        .execute::<Country>()
        .await
        .unwrap();
    assert_eq!(res.data.name, "Côte d'Ivoire");

    // A function returning one composite gives an object without single().
    let res = anon()
        .rpc("country_by_code", json!({ "c": "NZ" }))
        .get()
        .execute::<Country>()
        .await
        .unwrap();
    assert_eq!(res.data.id, 14);

    // single() on several rows: 406 PGRST116 from the server.
    let err = server_error(
        anon()
            .rpc("countries_by_continent", json!({ "c": "Europe" }))
            .single(),
    )
    .await;
    assert_eq!((err.status, err.code.as_deref()), (406, Some("PGRST116")));
    assert_eq!(err.details.as_deref(), Some("The result contains 3 rows"));
}

#[tokio::test]
async fn rpc_returns_table_and_default_argument_omitted() {
    let expected: Vec<ContinentStats> = serde_json::from_value(db(
        "select continent, country_count, total_population::bigint as total_population \
         from continent_stats()",
    ))
    .unwrap();
    assert_eq!(expected.len(), 6, "{expected:?}");

    // No argument: min_population takes its default 0.
    let res = anon()
        .rpc("continent_stats", ())
        .execute::<Vec<ContinentStats>>()
        .await
        .unwrap();
    assert_eq!(res.data, expected);

    let res = anon()
        .rpc("continent_stats", json!({ "min_population": 100_000_000 }))
        .get()
        .execute::<Vec<ContinentStats>>()
        .await
        .unwrap();
    let names: Vec<&str> = res.data.iter().map(|s| s.continent.as_str()).collect();
    assert_eq!(names, ["Asia", "North America", "South America"]);

    // join_texts(vals, sep default ','): with and without the defaulted argument.
    let res = anon()
        .rpc("join_texts", json!({ "vals": ["a", "b", "c"] }))
        .execute::<String>()
        .await
        .unwrap();
    assert_eq!(res.data, "a,b,c");
    let res = anon()
        .rpc("join_texts", json!({ "vals": ["a", "b"], "sep": " - " }))
        .execute::<String>()
        .await
        .unwrap();
    assert_eq!(res.data, "a - b");
}

#[tokio::test]
async fn rpc_jsonb_argument_round_trips() {
    let doc = json!({ "a": [1, 2.5, { "b": null }], "s": "x,y\"z", "t": true, "e": {} });
    let res = anon()
        .rpc("echo_json", json!({ "doc": doc }))
        .execute::<Value>()
        .await
        .unwrap();
    assert_eq!(res.data, doc);

    // A single unnamed jsonb parameter receives the whole body.
    let res = anon()
        .rpc("echo_body", json!({ "whole": ["body"] }))
        .execute::<Value>()
        .await
        .unwrap();
    assert_eq!(res.data, json!({ "whole": ["body"] }));
}

#[tokio::test]
async fn rpc_array_argument_by_post_and_by_get() {
    let post = anon().rpc("sum_array", json!({ "nums": [1, 2, 3] }));
    assert_eq!(
        post.build().unwrap().body(),
        Some(&json!({ "nums": [1, 2, 3] }))
    );
    assert_eq!(post.execute::<i64>().await.unwrap().data, 6);

    let get = anon().rpc("sum_array", json!({ "nums": [1, 2, 3] })).get();
    let req = get.build().unwrap();
    assert_eq!(
        req.query_pairs(),
        &[("nums".to_owned(), "{1,2,3}".to_owned())]
    );
    assert_eq!(req.url().query(), Some("nums=%7B1%2C2%2C3%7D"));
    assert_eq!(get.execute::<i64>().await.unwrap().data, 6);

    // Empty array.
    let res = anon()
        .rpc("sum_array", json!({ "nums": [] }))
        .get()
        .execute::<i64>()
        .await
        .unwrap();
    assert_eq!(res.data, 0);
}

#[tokio::test]
async fn rpc_volatile_function_works_by_post_and_is_refused_by_get() {
    let name = "rpc_volatile_function_works_by_post_and_is_refused_by_get";
    let args = json!({ "counter_name": name });
    assert_eq!(
        anon()
            .rpc("bump_counter", &args)
            .execute::<i64>()
            .await
            .unwrap()
            .data,
        1
    );
    assert_eq!(
        anon()
            .rpc("bump_counter", &args)
            .execute::<i64>()
            .await
            .unwrap()
            .data,
        2
    );
    assert_eq!(
        stack().psql(&format!("select value from counters where name = '{name}'")),
        "2"
    );

    // GET runs the function in a read-only transaction.
    let err = server_error(anon().rpc("bump_counter", &args).get()).await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("25006".into()),
            message: "cannot execute INSERT in a read-only transaction".into(),
            details: None,
            hint: None,
            status: 405,
        }
    );
    assert_eq!(
        stack().psql(&format!("select value from counters where name = '{name}'")),
        "2"
    );
}

#[tokio::test]
async fn rpc_raised_exception_is_kept_whole() {
    let err = server_error(anon().rpc("raise_error", json!({ "msg": "boom, on purpose" }))).await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("P0001".into()),
            message: "boom, on purpose".into(),
            details: Some("raised by raise_error".into()),
            hint: Some("this error is on purpose".into()),
            status: 400,
        }
    );
}

#[tokio::test]
async fn rpc_unknown_function_is_a_404_pgrst202() {
    // A name like no function of the fixture (PostgREST's fuzzy search finds no near miss).
    let err = server_error(anon().rpc("xyzzy_plugh", json!({ "x": 1 }))).await;
    assert_eq!(err.status, 404);
    assert_eq!(err.code.as_deref(), Some("PGRST202"));
    assert_eq!(
        err.message,
        "Could not find the function public.xyzzy_plugh(x) in the schema cache"
    );
    assert_eq!(
        err.details.as_deref(),
        Some("Searched for the function public.xyzzy_plugh with parameter x or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.")
    );
    assert_eq!(err.hint, None, "no similar function, no hint");

    // A near miss of the name: the hint names the function meant.
    let err = server_error(anon().rpc("helo", ())).await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("PGRST202".into()),
            message: "Could not find the function public.helo without parameters in the schema cache".into(),
            details: Some("Searched for the function public.helo without parameters or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.".into()),
            hint: Some("Perhaps you meant to call the function public.hello".into()),
            status: 404,
        }
    );

    // Wrong argument names (by GET): the hint names the right signature.
    let err = server_error(anon().rpc("add", json!({ "a": 1, "c": 2 })).get()).await;
    assert_eq!(
        err,
        PostgrestError {
            code: Some("PGRST202".into()),
            message: "Could not find the function public.add(a, c) in the schema cache".into(),
            details: Some("Searched for the function public.add with parameters a, c, but no matches were found in the schema cache.".into()),
            hint: Some("Perhaps you meant to call the function public.add(a, b)".into()),
            status: 404,
        }
    );
}

#[tokio::test]
async fn rpc_count_exact_on_a_set_returning_function() {
    let res = anon()
        .rpc("countries_by_continent", json!({ "c": "Europe" }))
        .count(CountMethod::Exact)
        .execute::<Vec<Name>>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count, res.data.len()), (200, Some(3), 3));

    let res = anon()
        .rpc("countries_by_continent", json!({ "c": "Europe" }))
        .select("name")
        .count(CountMethod::Exact)
        .range(0, 0)
        .execute::<Vec<Name>>()
        .await
        .unwrap();
    assert_eq!((res.status, res.count), (206, Some(3)));
    assert_eq!(
        res.data,
        vec![Name {
            name: "France".into()
        }]
    );
}

#[tokio::test]
async fn rpc_head_with_an_object_argument_falls_back_to_post() {
    let query = anon().rpc("echo_json", json!({ "doc": { "a": 1 } })).head();
    let req = query.build().unwrap();
    assert_eq!(req.method(), Method::POST);
    assert_eq!(req.header("prefer"), Some("return=minimal"));
    assert_eq!(req.header("content-profile"), Some("public"));
    assert_eq!(req.body(), Some(&json!({ "doc": { "a": 1 } })));
    // The server accepts it. PostgREST 12.0.2 ignores `return=minimal` on a function call (no
    // Preference-Applied for it) and sends the result; since the request was a POST, the body is
    // read and decoded like postgrest-js does (only a real HEAD leaves `data` null).
    let res = query.execute::<Value>().await.unwrap();
    assert_eq!(res.status, 200);
    assert_eq!(res.count, None);
    assert_eq!(res.data, json!({ "a": 1 }));

    // With a count: `Prefer: count=exact,return=minimal` (set, not appended: no space).
    let query = anon()
        .rpc("echo_json", json!({ "doc": { "a": 1 } }))
        .head()
        .count(CountMethod::Exact);
    let req = query.build().unwrap();
    assert_eq!(req.method(), Method::POST);
    assert_eq!(req.header("prefer"), Some("count=exact,return=minimal"));
    let res = query.execute::<Value>().await.unwrap();
    assert_eq!((res.status, res.count), (200, Some(1)));
    assert_eq!(
        res.headers
            .get("preference-applied")
            .map(|v| v.to_str().unwrap()),
        Some("count=exact")
    );

    // An array holding an object also falls back; a plain array argument does not.
    let req = anon()
        .rpc("echo_json", json!({ "doc": [1, { "b": 2 }] }))
        .head()
        .build()
        .unwrap();
    assert_eq!(req.method(), Method::POST);
    let req = anon()
        .rpc("sum_array", json!({ "nums": [1, 2] }))
        .head()
        .build()
        .unwrap();
    assert_eq!(req.method(), Method::HEAD);
    assert_eq!(req.url().query(), Some("nums=%7B1%2C2%7D"));
}

#[tokio::test]
async fn rpc_in_another_schema() {
    let api2 = anon().schema("api2");
    let query = api2.rpc("hello", ());
    assert_eq!(
        query.build().unwrap().header("content-profile"),
        Some("api2")
    );
    assert_eq!(
        query.execute::<String>().await.unwrap().data,
        "Hello from api2"
    );

    let query = api2.rpc("hello", ()).get();
    assert_eq!(
        query.build().unwrap().header("accept-profile"),
        Some("api2")
    );
    assert_eq!(
        query.execute::<String>().await.unwrap().data,
        "Hello from api2"
    );

    // The public function of the same name is unaffected.
    assert_eq!(
        anon()
            .rpc("hello", ())
            .execute::<String>()
            .await
            .unwrap()
            .data,
        "Hello, world!"
    );
}
