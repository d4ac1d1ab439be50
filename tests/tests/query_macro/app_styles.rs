//! `query!` on statement styles app developers write that the corpus harness cannot carry to the
//! macro as written (it strips a trailing `;`), and on `SET col = DEFAULT`: each query builds
//! exactly the request of the untyped chain; the default is proven against the real PostgREST.

use serde_json::json;
use supabase_core::{query, Condition, IsValue, Order};

use super::{check, live, offline};

#[test]
fn trailing_semicolon_comments_and_upper_case_keywords() {
    let c = offline();
    let q = query!(
        c,
        r#"SELECT "id", k /* the key */
           FROM public.scratch AS s -- every row of this test
           WHERE s.test = 'x' AND s.flag IS NOT TRUE
           ORDER BY s.n DESC NULLS LAST
           LIMIT ALL;"#
    );
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .select("id,k")
            .eq("test", "x")
            .not_()
            .is_("flag", IsValue::True)
            .order("n", Order::desc().nulls_last()),
    );
}

#[test]
fn set_default_writes_the_constant_default_and_null_without_one() {
    let c = offline();
    let q = query!(
        c,
        "UPDATE scratch SET n = $1, status = DEFAULT, k = default WHERE test = $2;",
        3,
        "t"
    );
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .update(json!({"n": 3, "status": "new", "k": null}))
            .eq("test", "t"),
    );
}

#[tokio::test]
async fn set_default_matches_postgres_default() {
    let c = live();
    let tag = "query_macro_set_default";
    let _ = query!(c, "delete from scratch where test = $1", tag)
        .execute()
        .await
        .unwrap();
    let _ = query!(
        c,
        "insert into scratch (test, k, status) values ($1, 'a', 'done')",
        tag
    )
    .execute()
    .await
    .unwrap();
    let reset = query!(
        c,
        "update scratch set status = default, k = default where test = $1 returning status, k",
        tag
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(reset.len(), 1);
    assert_eq!(
        (reset[0].status.as_str(), reset[0].k.as_deref()),
        ("new", None)
    );
    let _ = query!(c, "delete from scratch where test = $1", tag)
        .execute()
        .await
        .unwrap();
}

#[test]
fn default_in_values_leaves_a_computed_default_out_and_writes_a_constant_one() {
    let c = offline();
    let q = query!(
        c,
        "INSERT INTO todos (owner, task, done) VALUES (DEFAULT, $1, DEFAULT), (DEFAULT, $2, true)",
        "a",
        "b"
    );
    check(
        &q,
        c.from("todos").schema("public").insert(json!([
            {"task": "a", "done": false},
            {"task": "b", "done": true}
        ])),
    );
}

#[test]
fn row_values_in_a_list_are_an_or_of_ands() {
    let c = offline();
    let q = query!(
        c,
        "select id from scratch where (test, k) in (('t', $1), ('u', 'b')) and n > 1",
        "a"
    );
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .select("id")
            .any_of([
                Condition::all([Condition::eq("test", "t"), Condition::eq("k", "a")]),
                Condition::all([Condition::eq("test", "u"), Condition::eq("k", "b")]),
            ])
            .gt("n", 1),
    );
    let not_in = query!(
        c,
        "select id from scratch where (test, k) not in (('t', 'a'))"
    );
    check(
        &not_in,
        c.from("scratch")
            .schema("public")
            .select("id")
            .not_()
            .all_of([Condition::eq("test", "t"), Condition::eq("k", "a")]),
    );
}

#[test]
fn count_of_a_constant_is_count_star() {
    let c = offline();
    let q = query!(c, "SELECT count(1) FROM scratch WHERE test = 'x'");
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .select("count()")
            .eq("test", "x"),
    );
}

#[test]
fn typed_literals_array_literals_and_row_equality() {
    let c = offline();
    let q = query!(
        c,
        "SELECT id FROM users
         WHERE created_at >= TIMESTAMPTZ '2024-01-01 00:00:00+00'
           AND status = ANY('{ONLINE,\"OFFLINE\"}')
           AND (username, age) = ($1, 30)",
        "ann"
    );
    check(
        &q,
        c.from("users")
            .schema("public")
            .select("id")
            .gte("created_at", "2024-01-01 00:00:00+00")
            .in_("status", ["ONLINE", "OFFLINE"])
            .all_of([Condition::eq("username", "ann"), Condition::eq("age", 30)]),
    );
    let dated = query!(
        c,
        "select id from countries where founded < date '1900-01-01' and population = any('{1, 2}')"
    );
    check(
        &dated,
        c.from("countries")
            .schema("public")
            .select("id")
            .lt("founded", "1900-01-01")
            .in_("population", [1, 2]),
    );
}

#[test]
fn is_unknown_on_a_boolean_is_is_null() {
    let c = offline();
    let q = query!(
        c,
        "select id from scratch where flag is unknown and test = 'x'"
    );
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .select("id")
            .is_("flag", IsValue::Null)
            .eq("test", "x"),
    );
}
