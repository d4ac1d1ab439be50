//! `query!` on statement styles app developers write that the corpus harness cannot carry to the
//! macro as written (it strips a trailing `;`), and on `SET col = DEFAULT`: each query builds
//! exactly the request of the untyped chain; the default is proven against the real PostgREST.

use serde_json::json;
use supabase_core::{query, IsValue, Order};

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
