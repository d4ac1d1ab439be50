//! `query!` function calls and upserts, written as app developers write them:
//! `select fn(...)`, `select fn(...) as x`, `select schema.fn(a => $1)`, `select * from fn(...)`
//! with WHERE/ORDER BY/LIMIT; `insert ... on conflict ... do nothing | do update set c =
//! excluded.c`, multi-row VALUES.
//!
//! Offline tests show each statement builds the request of the untyped chain (method, URL,
//! headers, body). The `real_` tests run the statement through the real PostgREST 12.0.2 and the
//! same SQL through psql, and compare: the JSON PostgREST answers with psql's JSON of the
//! statement, and for upserts the table rows each side leaves behind.
//!
//! Run: `cargo test -p supabase-tests --test query_macro_fn_write`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

use serde_json::{json, Value};
use supabase_core::{query, Client, FilterBuilder, Order, PreparedRequest, Query};

fn offline() -> Client {
    Client::new("https://xyz.supabase.co", "anon-key").unwrap()
}

fn same(a: &PreparedRequest, b: &PreparedRequest) {
    assert_eq!(a.method(), b.method());
    assert_eq!(a.url().as_str(), b.url().as_str());
    assert_eq!(a.headers(), b.headers());
    assert_eq!(a.body(), b.body());
}

fn check<R>(q: &Query<R>, chain: FilterBuilder) {
    same(&q.build().unwrap(), &chain.build().unwrap());
}

/// The SQL with `$n` replaced by SQL literals, for psql.
fn inline(sql: &str, values: &[&str]) -> String {
    let mut out = sql.to_owned();
    for (i, v) in values.iter().enumerate().rev() {
        out = out.replace(&format!("${}", i + 1), v);
    }
    out
}

// ------------------------------------------------------------------------------------------------
// Function calls: the request of the untyped chain
// ------------------------------------------------------------------------------------------------

#[test]
fn select_fn_positional_is_a_get_for_an_immutable_function() {
    let c = offline();
    let q: Query<Option<i32>> = query!(c, "select add(1, 2)");
    check(
        &q,
        c.schema("public").rpc("add", json!({"a": 1, "b": 2})).get(),
    );
    let q: Query<Option<i32>> = query!(c, "select add($1, b => $2) as total", 40, 2);
    check(&q, c.rpc("add", json!({"a": 40, "b": 2})).get());
}

#[test]
fn schema_qualified_named_arguments_and_defaults_left_out() {
    let c = offline();
    let vals = vec!["a".to_owned(), "b".to_owned()];
    let q: Query<Option<String>> =
        query!(c, "select public.join_texts(vals => $1) as joined", &vals);
    check(&q, c.rpc("join_texts", json!({"vals": ["a", "b"]})).get());
}

#[test]
fn a_null_argument_goes_by_post() {
    // A query string cannot carry NULL (`sep=null` would be the text 'null').
    let c = offline();
    let vals = vec!["a".to_owned()];
    let sep: Option<&str> = None;
    let q = query!(c, "select join_texts(vals => $1, sep => $2)", &vals, sep);
    check(&q, c.rpc("join_texts", json!({"vals": ["a"], "sep": null})));
    let q = query!(
        c,
        "select join_texts(vals => $1, sep => $2)",
        &vals,
        Some("-")
    );
    check(
        &q,
        c.rpc("join_texts", json!({"vals": ["a"], "sep": "-"}))
            .get(),
    );
    let q = query!(c, "select join_texts(array['x'], null)");
    check(&q, c.rpc("join_texts", json!({"vals": ["x"], "sep": null})));
}

#[test]
fn volatile_and_json_arguments_go_by_post() {
    let c = offline();
    let q: Query<Option<i64>> = query!(c, "select bump_counter($1)", "visits");
    check(&q, c.rpc("bump_counter", json!({"counter_name": "visits"})));
    let doc = json!({"a": [1, 2]});
    let q: Query<Option<Value>> = query!(c, "select echo_json(doc => $1) as doc", &doc);
    check(&q, c.rpc("echo_json", json!({"doc": {"a": [1, 2]}})));
}

#[test]
fn void_function_is_unit() {
    let c = offline();
    let q: Query<()> = query!(c, "select touch_counter($1)", "page");
    check(&q, c.rpc("touch_counter", json!({"counter_name": "page"})));
}

#[test]
fn second_schema_sets_the_profile_headers() {
    let c = offline();
    let q: Query<Option<String>> = query!(c, "select api2.hello()");
    let built = q.build().unwrap();
    assert_eq!(built.header("accept-profile"), Some("api2"));
    check(&q, c.schema("api2").rpc("hello", json!({})).get());
    let q = query!(
        c,
        "select id, test from api2.add_scratch(test => $1, body => 'x')",
        "t"
    );
    let built = q.build().unwrap();
    assert_eq!(built.header("content-profile"), Some("api2"));
    check(
        &q,
        c.schema("api2")
            .rpc("add_scratch", json!({"test": "t", "body": "x"}))
            .select("id,test"),
    );
}

#[test]
fn set_returning_with_where_order_limit() {
    let c = offline();
    let q = query!(
        c,
        "select id, name, population from countries_by_continent($1) where population > $2 order by name desc limit 2",
        "Europe",
        1_000_000_i64
    );
    check(
        &q,
        c.rpc("countries_by_continent", json!({"c": "Europe"}))
            .get()
            .select("id,name,population")
            .gt("population", 1_000_000)
            .order("name", Order::desc())
            .limit(2),
    );
}

#[test]
fn an_argument_named_like_a_result_column_goes_by_post() {
    // `GET /rpc/add_scratch?test=...` would read `test` as an argument and as a filter alike;
    // the function is volatile anyway, so take a stable one: `continent_stats(min_population)`
    // has no such clash and stays GET.
    let c = offline();
    let q = query!(c, "select * from continent_stats(min_population => 1)");
    check(
        &q,
        c.rpc("continent_stats", json!({"min_population": 1})).get(),
    );
}

#[test]
fn overloads_are_told_apart_by_argument_names() {
    let c = offline();
    let q: Query<Option<i32>> = query!(c, "select cg_area(w => 3, h => 4)");
    check(&q, c.rpc("cg_area", json!({"w": 3, "h": 4})).get());
    let q: Query<Option<f64>> = query!(c, "select cg_area(r => 1.5)");
    check(&q, c.rpc("cg_area", json!({"r": 1.5})).get());
}

#[test]
fn result_shapes_are_typed() {
    let c = offline();
    let _: Query<Vec<Option<i32>>> = query!(c, "select * from cg_series(3)");
    let _: Query<Vec<Option<i32>>> = query!(c, "select cg_series(3)");
    // OUT parameters and a composite: one row, every field an Option.
    let split = query!(c, "select cg_split('a b')");
    fields(&split, |parts| (parts.head, parts.tail));
    check(&split, c.rpc("cg_split", json!({"full_text": "a b"})).get());
}

/// Type-checks the fields of a generated row.
fn fields<R>(_: &Query<R>, _: impl Fn(R) -> (Option<String>, Option<String>)) {}

#[test]
fn casts_to_the_argument_type_are_the_argument() {
    let c = offline();
    let q = query!(
        c,
        "select * from countries_by_continent($1::text) limit 1",
        "Asia"
    );
    check(
        &q,
        c.rpc("countries_by_continent", json!({"c": "Asia"}))
            .get()
            .limit(1),
    );
}

// ------------------------------------------------------------------------------------------------
// Upserts: the request of the untyped chain
// ------------------------------------------------------------------------------------------------

#[test]
fn on_conflict_do_nothing_ignores_duplicates() {
    let c = offline();
    let q = query!(
        c,
        "insert into scratch (test, k, n) values ($1, $2, $3) on conflict (test, k) do nothing",
        "t",
        "a",
        1
    );
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .upsert(json!({"test": "t", "k": "a", "n": 1}))
            .on_conflict("test,k")
            .ignore_duplicates(true),
    );
}

#[test]
fn on_conflict_do_update_excluded_merges_duplicates() {
    let c = offline();
    let q = query!(
        c,
        "insert into scratch (test, k, n) values ($1, $2, $3)
         on conflict (test, k) do update set n = excluded.n
         returning id, n",
        "t",
        "a",
        1
    );
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .upsert(json!({"test": "t", "k": "a", "n": 1}))
            .on_conflict("test,k")
            .select("id,n"),
    );
}

#[test]
fn on_conflict_on_constraint_names_its_columns() {
    let c = offline();
    let q = query!(
        c,
        "insert into scratch (test, k, n, status) values ('t', 'a', 1, 'done')
         on conflict on constraint scratch_test_k_key
         do update set n = excluded.n, status = EXCLUDED.status"
    );
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .upsert(json!({"test": "t", "k": "a", "n": 1, "status": "done"}))
            .on_conflict("test,k"),
    );
}

#[test]
fn multi_row_values_is_an_array_body() {
    let c = offline();
    let q = query!(
        c,
        "insert into scratch (test, k, n) values ($1, 'a', 1), ($1, 'b', 2)
         on conflict (test, k) do update set (n) = (excluded.n)",
        "t"
    );
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .upsert(json!([
                {"test": "t", "k": "a", "n": 1},
                {"test": "t", "k": "b", "n": 2}
            ]))
            .on_conflict("test,k"),
    );
}

#[test]
fn do_nothing_without_target_uses_the_only_key() {
    let c = offline();
    let q = query!(
        c,
        "insert into counters (name, value) values ($1, 10) on conflict do nothing",
        "n"
    );
    check(
        &q,
        c.from("counters")
            .schema("public")
            .upsert(json!({"name": "n", "value": 10}))
            .on_conflict("name")
            .ignore_duplicates(true),
    );
}

// ------------------------------------------------------------------------------------------------
// Against the real PostgREST 12.0.2 and psql
// ------------------------------------------------------------------------------------------------

fn stack() -> &'static supabase_tests::Stack {
    supabase_tests::stack()
}

fn live() -> Client {
    stack().service_client()
}

/// psql's JSON of a statement's rows.
fn psql_rows(sql: &str) -> Value {
    let text = stack().psql(&format!(
        "select coalesce(json_agg(t), '[]'::json) from ({sql}) t"
    ));
    serde_json::from_str(&text).unwrap()
}

/// psql's JSON of the rows a write returns.
fn psql_returning(sql: &str) -> Value {
    let text = stack().psql(&format!(
        "with w as ({sql}) select coalesce(json_agg(w), '[]'::json) from w"
    ));
    serde_json::from_str(&text).unwrap()
}

/// psql's JSON of a statement's single value (`null` for NULL).
fn psql_value(sql: &str) -> Value {
    let text = stack().psql(&format!("select json_build_array(({sql}))->0"));
    serde_json::from_str(&text).unwrap()
}

/// psql's JSON of a statement's only row, as an object.
fn psql_row(sql: &str) -> Value {
    let text = stack().psql(&format!("select to_json(t) from ({sql}) t"));
    serde_json::from_str(&text).unwrap()
}

/// Runs the query as the raw JSON PostgREST sends, and typed.
async fn raw<R>(q: Query<R>) -> (Value, R) {
    let json = q
        .clone()
        .into_untyped()
        .execute::<Value>()
        .await
        .unwrap()
        .data;
    let typed = q.execute().await.unwrap().data;
    (json, typed)
}

#[tokio::test]
async fn real_scalar_calls_match_psql() {
    let c = live();
    let (json, sum) = raw(query!(c, "select add($1, b => $2) as total", 40, 2)).await;
    assert_eq!(sum, Some(42));
    assert_eq!(json, psql_value("select add(40, b => 2) as total"));

    let sql = "select public.join_texts(vals => $1, sep => $2) as joined";
    let vals = vec!["a".to_owned(), "b".to_owned()];
    let (json, joined) = raw(query!(
        c,
        "select public.join_texts(vals => $1, sep => $2) as joined",
        &vals,
        Some("-")
    ))
    .await;
    assert_eq!(joined.as_deref(), Some("a-b"));
    assert_eq!(json, psql_value(&inline(sql, &["array['a','b']", "'-'"])));
    // NULL goes by POST: PostgreSQL's NULL, not the text 'null'.
    let none: Option<String> = None;
    let (json, joined) = raw(query!(
        c,
        "select public.join_texts(vals => $1, sep => $2) as joined",
        &vals,
        none
    ))
    .await;
    assert_eq!(joined, None);
    assert_eq!(json, psql_value(&inline(sql, &["array['a','b']", "null"])));
    // The default of `sep` when it is left out.
    let (json, joined) = raw(query!(c, "select join_texts(array['x', 'y'])")).await;
    assert_eq!(joined.as_deref(), Some("x,y"));
    assert_eq!(json, psql_value("select join_texts(array['x', 'y'])"));

    let (json, area) = raw(query!(c, "select cg_area(r => 2.0)")).await;
    assert!((area.unwrap() - 12.566_370_614_359_172).abs() < 1e-9);
    assert_eq!(json, psql_value("select cg_area(r => 2.0)"));

    let doc = json!({"list": [1, "two", null], "nested": {"ok": true}});
    let (json, echoed) = raw(query!(c, "select echo_json(doc => $1)", &doc)).await;
    assert_eq!(echoed, Some(doc.clone()));
    assert_eq!(
        json,
        psql_value(&format!("select echo_json(doc => '{doc}'::jsonb)"))
    );

    let (json, hello) = raw(query!(c, "select api2.hello() as greeting")).await;
    assert_eq!(hello.as_deref(), Some("Hello from api2"));
    assert_eq!(json, psql_value("select api2.hello()"));
}

#[tokio::test]
async fn real_set_returning_calls_match_psql() {
    let c = live();
    let sql = "select id, name, population from countries_by_continent($1) where population > $2 order by name desc limit 2";
    let (json, rows) = raw(query!(
        c,
        "select id, name, population from countries_by_continent($1) where population > $2 order by name desc limit 2",
        "Europe",
        100_000_i64
    ))
    .await;
    assert_eq!(json, psql_rows(&inline(sql, &["'Europe'", "100000"])));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].name, "Ísland");

    let sql =
        "select * from continent_stats() where country_count > 1 order by total_population desc";
    let (json, rows) = raw(query!(
        c,
        "select * from continent_stats() where country_count > 1 order by total_population desc"
    ))
    .await;
    assert_eq!(json, psql_rows(sql));
    assert!(rows.iter().all(|r| r.country_count > Some(1)));

    let (json, series) = raw(query!(c, "select * from cg_series(4)")).await;
    assert_eq!(series, vec![Some(1), Some(2), Some(3), Some(4)]);
    let expected: Vec<Value> = psql_rows("select * from cg_series(4)")
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["cg_series"].clone())
        .collect();
    assert_eq!(json, Value::Array(expected));

    let (json, sites) = raw(query!(
        c,
        "select site from cg_sites_in(zone => 'north') order by site"
    ))
    .await;
    assert_eq!(
        json,
        psql_rows("select site from cg_sites_in(zone => 'north') order by site")
    );
    assert_eq!(sites.len(), json.as_array().unwrap().len());
}

#[tokio::test]
async fn real_composite_calls_match_psql() {
    let c = live();
    let (json, found) = raw(query!(c, "select country_by_code($1)", "DE")).await;
    assert_eq!(json, psql_row("select * from country_by_code('DE')"));
    assert_eq!(found.name.as_deref(), Some("Germany"));
    // No such country: SQL's `select * from` gives one row of NULLs, and so does PostgREST.
    let (json, missing) = raw(query!(
        c,
        "select * from country_by_code(c => $1)",
        "no such code"
    ))
    .await;
    assert_eq!(
        json,
        psql_row("select * from country_by_code(c => 'no such code')")
    );
    assert_eq!((missing.id, missing.name), (None, None));

    let (json, address) = raw(query!(
        c,
        "select * from cg_make_address(street => $1)",
        "Main St"
    ))
    .await;
    assert_eq!(
        json,
        psql_row("select * from cg_make_address(street => 'Main St')")
    );
    assert_eq!(address.street.as_deref(), Some("Main St"));
    assert_eq!(address.zip, None);

    let (json, parts) = raw(query!(c, "select cg_split('hello big world')")).await;
    assert_eq!(json, psql_row("select * from cg_split('hello big world')"));
    assert_eq!(
        (parts.head.as_deref(), parts.tail.as_deref()),
        (Some("hello"), Some("big world"))
    );
}

#[tokio::test]
async fn real_volatile_and_void_calls_write_what_psql_sees() {
    let c = live();
    let name = "qm_fn_touch";
    stack().psql(&format!("delete from counters where name = '{name}'"));
    let ((), ()) = (
        query!(c, "select touch_counter($1)", name)
            .execute()
            .await
            .unwrap()
            .data,
        query!(
            c,
            "select touch_counter(counter_name => $1, step => 5)",
            name
        )
        .execute()
        .await
        .unwrap()
        .data,
    );
    assert_eq!(
        stack().psql(&format!("select value from counters where name = '{name}'")),
        "6"
    );
    let bumped = query!(c, "select bump_counter($1)", name)
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(bumped, Some(7));

    let tag = "qm_fn_add_scratch";
    stack().psql(&format!("delete from api2.scratch where test = '{tag}'"));
    let rows = query!(
        c,
        "select id, test, body from api2.add_scratch(test => $1, body => 'x')",
        tag
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].body.as_deref(), Some("x"));
    assert_eq!(
        psql_rows(&format!(
            "select id, test, body from api2.scratch where test = '{tag}'"
        )),
        json!([{"id": rows[0].id, "test": tag, "body": "x"}])
    );
}

// ------------------------------------------------------------------------------------------------
// Upserts against the real PostgREST: the rows left behind equal those of the same SQL in psql
// ------------------------------------------------------------------------------------------------

/// `scratch` rows of a test tag, as JSON.
fn scratch_rows(tag: &str) -> Value {
    psql_rows(&format!(
        "select k, n, status from scratch where test = '{tag}' order by k"
    ))
}

/// Seeds both tags with the same rows.
fn seed(tags: [&str; 2]) {
    for tag in tags {
        stack().psql(&format!(
            "delete from scratch where test = '{tag}'; \
             insert into scratch (test, k, n, status) values ('{tag}', 'a', 1, 'old'), ('{tag}', 'b', 2, 'old')"
        ));
    }
}

#[tokio::test]
async fn real_on_conflict_do_nothing_matches_psql() {
    let c = live();
    let tags = ["qm_upsert_nothing", "qm_upsert_nothing_psql"];
    seed(tags);
    let sql = "insert into scratch (test, k, n) values ($1, 'a', 10), ($1, 'c', 30) on conflict (test, k) do nothing returning k, n";
    let returned = query!(
        c,
        "insert into scratch (test, k, n) values ($1, 'a', 10), ($1, 'c', 30) on conflict (test, k) do nothing returning k, n",
        tags[0]
    )
    .execute()
    .await
    .unwrap()
    .data;
    let psql_returned = psql_returning(&inline(sql, &[&format!("'{}'", tags[1])]));
    assert_eq!(
        returned
            .iter()
            .map(|r| json!({"k": r.k, "n": r.n}))
            .collect::<Vec<_>>(),
        psql_returned.as_array().unwrap().clone()
    );
    assert_eq!(scratch_rows(tags[0]), scratch_rows(tags[1]));
    assert_eq!(
        scratch_rows(tags[0]),
        json!([{"k": "a", "n": 1, "status": "old"}, {"k": "b", "n": 2, "status": "old"}, {"k": "c", "n": 30, "status": "new"}])
    );
}

#[tokio::test]
async fn real_on_conflict_do_update_matches_psql() {
    let c = live();
    let tags = ["qm_upsert_update", "qm_upsert_update_psql"];
    seed(tags);
    let sql = "insert into scratch (test, k, n, status) values ($1, 'a', 10, 'merged'), ($1, 'c', 30, 'merged') on conflict (test, k) do update set n = excluded.n, status = excluded.status";
    query!(
        c,
        "insert into scratch (test, k, n, status) values ($1, 'a', 10, 'merged'), ($1, 'c', 30, 'merged') on conflict (test, k) do update set n = excluded.n, status = excluded.status",
        tags[0]
    )
    .execute()
    .await
    .unwrap();
    stack().psql(&inline(sql, &[&format!("'{}'", tags[1])]));
    assert_eq!(scratch_rows(tags[0]), scratch_rows(tags[1]));
    assert_eq!(
        scratch_rows(tags[0]),
        json!([{"k": "a", "n": 10, "status": "merged"}, {"k": "b", "n": 2, "status": "old"}, {"k": "c", "n": 30, "status": "merged"}])
    );

    // ON CONSTRAINT, one row, with RETURNING.
    let sql = "insert into scratch (test, k, n) values ($1, 'b', $2) on conflict on constraint scratch_test_k_key do update set n = excluded.n returning k, n, status";
    let returned = query!(
        c,
        "insert into scratch (test, k, n) values ($1, 'b', $2) on conflict on constraint scratch_test_k_key do update set n = excluded.n returning k, n, status",
        tags[0],
        99
    )
    .execute()
    .await
    .unwrap()
    .data;
    let psql_returned = psql_returning(&inline(sql, &[&format!("'{}'", tags[1]), "99"]));
    assert_eq!(
        json!([{"k": returned[0].k, "n": returned[0].n, "status": returned[0].status}]),
        psql_returned
    );
    assert_eq!(scratch_rows(tags[0]), scratch_rows(tags[1]));
}

#[tokio::test]
async fn real_on_conflict_without_target_on_a_single_key_matches_psql() {
    let c = live();
    let names = ["qm_upsert_counter", "qm_upsert_counter_psql"];
    for name in names {
        stack().psql(&format!(
            "delete from counters where name = '{name}'; insert into counters values ('{name}', 1)"
        ));
    }
    let sql = "insert into counters (name, value) values ($1, 50) on conflict do nothing";
    query!(
        c,
        "insert into counters (name, value) values ($1, 50) on conflict do nothing",
        names[0]
    )
    .execute()
    .await
    .unwrap();
    stack().psql(&inline(sql, &[&format!("'{}'", names[1])]));
    let values =
        |name: &str| stack().psql(&format!("select value from counters where name = '{name}'"));
    assert_eq!(values(names[0]), values(names[1]));
    assert_eq!(values(names[0]), "1");
}
