//! `query!` on SQL written as application code writes it, against the `prices` fixture (keyword,
//! mixed-case and spaced column names, a numeric amount, an array, jsonb, a range): each query
//! builds exactly the request of the untyped chain, and the real PostgREST answers with the rows
//! psql returns for the same SQL (compared as JSON, in order).

use serde_json::{json, Value};
use supabase_core::types::Numeric;
use supabase_core::{query, ContainValue, Order, Query};

use super::{check, live, offline};

/// Runs `q` through PostgREST (decoding the typed rows, and the raw JSON rows of the same
/// request) and `sql` through psql; the raw rows must equal psql's, in order.
async fn agrees_with_psql<R>(q: Query<R>, sql: &str) -> R {
    let typed = q.clone().execute().await.unwrap().data;
    let raw: Vec<Value> = q.into_untyped().execute().await.unwrap().data;
    let out = supabase_tests::stack().psql(&format!(
        "select coalesce(json_agg(x), '[]')::text from ({sql}) x"
    ));
    let expected: Vec<Value> = serde_json::from_str(out.trim()).unwrap();
    assert!(!expected.is_empty(), "the comparison needs rows: {sql}");
    assert_eq!(raw, expected, "PostgREST and psql differ on: {sql}");
    typed
}

#[tokio::test]
async fn keyword_column_names_unquoted_where_postgres_allows_them() {
    let c = live();
    let q = query!(
        c,
        r#"select id, interval, type, position, "order", "user", "group"
           from prices
           where interval = 'month' and type = 'recurring'
           order by "order""#
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select(r#"id,interval,type,position,"order",user,group"#)
            .eq("interval", "month")
            .eq("type", "recurring")
            .order(r#""order""#, Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        r#"select id, interval, type, position, "order", "user", "group" from prices where interval = 'month' and type = 'recurring' order by "order""#,
    )
    .await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 1]);
    assert_eq!(rows[0].order, 2);
    assert_eq!(rows[1].user.as_deref(), Some("ann"));
    assert_eq!(rows[1].interval.as_deref(), Some("month"));
}

#[tokio::test]
async fn upper_case_sql_folds_and_quoted_mixed_case_stays() {
    let c = live();
    let min = 25.5_f64;
    let q = query!(
        c,
        r#"SELECT ID, Product, "createdAt", "Unit Amount" FROM Prices WHERE "Unit Amount" > {min} ORDER BY "createdAt" DESC, Position ASC NULLS FIRST"#
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select(r#"id,product,createdAt,"Unit Amount""#)
            .gt(r#""Unit Amount""#, 25.5)
            .order("createdAt", Order::desc())
            .order("position", Order::asc().nulls_first()),
    );
    let rows = agrees_with_psql(
        q,
        r#"select id, product, "createdAt", "Unit Amount" from prices where "Unit Amount" > 25.5 order by "createdAt" desc, position asc nulls first"#,
    )
    .await;
    assert_eq!(rows[0].product, "enterprise");
    assert_eq!(rows[0].createdAt, "2024-05-20");
    assert_eq!(rows[0].Unit_Amount, json!(1200.75));
}

#[test]
fn numeric_parameters_take_numbers_numeric_and_json() {
    let c = offline();
    let chain = || {
        c.from("prices")
            .schema("public")
            .select("id")
            .gte(r#""Unit Amount""#, 99)
    };
    check(
        &query!(
            c,
            r#"select id from prices where "Unit Amount" >= $1"#,
            99_i32
        ),
        chain(),
    );
    check(
        &query!(
            c,
            r#"select id from prices where "Unit Amount" >= $1"#,
            99_u64
        ),
        chain(),
    );
    let exact: Numeric = "99".parse().unwrap();
    check(
        &query!(
            c,
            r#"select id from prices where "Unit Amount" >= $1"#,
            exact
        ),
        chain(),
    );
    check(
        &query!(
            c,
            r#"select id from prices where "Unit Amount" >= {json!(99)}"#
        ),
        chain(),
    );
}

#[tokio::test]
async fn any_and_all_with_list_parameters() {
    let c = live();
    let ids = [1_i64, 2, 3, 6];
    let skip = vec!["eur".to_owned()];
    let q = query!(
        c,
        "select id, product from prices where id = any($1) and currency <> all($2) order by id",
        &ids,
        skip
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id,product")
            .in_("id", [1, 2, 3, 6])
            .not_in("currency", ["eur"])
            .order("id", Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        "select id, product from prices where id = any('{1,2,3,6}') and currency <> all('{eur}') order by id",
    )
    .await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 2, 6]);
}

#[tokio::test]
async fn value_equals_any_of_an_array_column_is_contains() {
    let c = live();
    let feature = "sso";
    let q = query!(
        c,
        "select id from prices where {feature} = any(features) order by id"
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id")
            .contains("features", ContainValue::array(["sso"]))
            .order("id", Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        "select id from prices where 'sso' = any(features) order by id",
    )
    .await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 3, 6]);
}

#[tokio::test]
async fn like_and_ilike_any() {
    let c = live();
    let q = query!(
        c,
        "select id from prices where product like any($1) and product not ilike any(array['%ER']) order by id",
        ["start%", "%prise"]
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id")
            .like_any_of("product", ["start%", "%prise"])
            .not_()
            .ilike_all_of("product", ["%ER"])
            .order("id", Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        "select id from prices where product like any(array['start%', '%prise']) and product not ilike any(array['%ER']) order by id",
    )
    .await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [6]);
}

#[tokio::test]
async fn is_distinct_from_counts_nulls() {
    let c = live();
    let q = query!(
        c,
        r#"select id, "user" from prices where "user" is distinct from 'ann' and "group" is not distinct from $1 order by id"#,
        "b"
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id,user")
            .is_distinct("user", "ann")
            .not_()
            .is_distinct("group", "b")
            .order("id", Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        r#"select id, "user" from prices where "user" is distinct from 'ann' and "group" is not distinct from 'b' order by id"#,
    )
    .await;
    // Row 4 has no user: distinct from 'ann'.
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [4]);
    assert_eq!(rows[0].user, None);
}

#[tokio::test]
async fn jsonb_contains_and_contained_by() {
    let c = live();
    let q = query!(
        c,
        r#"select id from prices where metadata @> '{"tier": "pro"}' order by id"#
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id")
            .contains("metadata", ContainValue::raw(r#"{"tier": "pro"}"#))
            .order("id", Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        r#"select id from prices where metadata @> '{"tier": "pro"}' order by id"#,
    )
    .await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 5]);

    let doc = json!({"tier": "basic", "seats": 1, "annual": true});
    let q = query!(
        c,
        "select id from prices where metadata <@ {doc} order by id"
    );
    let rows = agrees_with_psql(
        q,
        r#"select id from prices where metadata <@ '{"tier": "basic", "seats": 1, "annual": true}' order by id"#,
    )
    .await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 2]);
}

#[tokio::test]
async fn array_contains_contained_by_overlaps() {
    let c = live();
    let wanted = vec!["audit", "onboarding"];
    let q = query!(
        c,
        "select id from prices where features @> array['api', 'sso'] and features <@ '{api,email,sso,audit}' and features && {wanted} order by id"
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id")
            .contains("features", ContainValue::array(["api", "sso"]))
            .contained_by("features", ContainValue::raw("{api,email,sso,audit}"))
            .overlaps("features", ContainValue::array(["audit", "onboarding"]))
            .order("id", Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        "select id from prices where features @> array['api', 'sso'] and features <@ '{api,email,sso,audit}' and features && array['audit', 'onboarding'] order by id",
    )
    .await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [6]);
}

#[tokio::test]
async fn range_operators() {
    let c = live();
    let q = query!(
        c,
        "select id from prices where active_during && '[2024-05-01,2024-06-15)' and active_during &< '[2024-01-01,2025-06-01)' and not active_during -|- $1 order by id",
        "[2024-07-01,2024-08-01)"
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id")
            .overlaps(
                "active_during",
                ContainValue::raw("[2024-05-01,2024-06-15)"),
            )
            .range_lte("active_during", "[2024-01-01,2025-06-01)")
            .not_()
            .range_adjacent("active_during", "[2024-07-01,2024-08-01)")
            .order("id", Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        "select id from prices where active_during && '[2024-05-01,2024-06-15)' and active_during &< '[2024-01-01,2025-06-01)' and not active_during -|- '[2024-07-01,2024-08-01)' order by id",
    )
    .await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 3]);

    let q = query!(
        c,
        "select id from prices where active_during >> '[2024-12-01,2024-12-31)' order by id"
    );
    let rows = agrees_with_psql(
        q,
        "select id from prices where active_during >> '[2024-12-01,2024-12-31)' order by id",
    )
    .await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [6]);
}

#[tokio::test]
async fn casts_of_literals_and_parameters() {
    let c = live();
    let since = "2024-03-01";
    let q = query!(
        c,
        r#"select id from prices where interval = 'year'::price_interval and "createdAt" >= cast($1 as date) and id <> $2::bigint order by id"#,
        since,
        6_i64
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id")
            .eq("interval", "year")
            .gte("createdAt", "2024-03-01")
            .neq("id", 6)
            .order("id", Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        r#"select id from prices where interval = 'year'::price_interval and "createdAt" >= cast('2024-03-01' as date) and id <> 6::bigint order by id"#,
    )
    .await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [4]);
}

#[tokio::test]
async fn limit_and_offset_parameters() {
    let c = live();
    let (page_size, offset) = (2_u64, 3_u64);
    let q = query!(
        c,
        "select id from prices order by id limit {page_size} offset {offset}"
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id")
            .order("id", Order::asc())
            .range(3, 4),
    );
    let rows = agrees_with_psql(q, "select id from prices order by id limit 2 offset 3").await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [4, 5]);

    let q = query!(
        c,
        "select id from prices order by id desc limit $1",
        1_usize
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id")
            .order("id", Order::desc())
            .limit(1),
    );
    let rows = agrees_with_psql(q, "select id from prices order by id desc limit 1").await;
    assert_eq!(rows[0].id, 6);
    // LIMIT 0 with an offset: no rows.
    let none = query!(c, "select id from prices limit $1 offset $2", 0_u64, 2_u64)
        .execute()
        .await
        .unwrap()
        .data;
    assert!(none.is_empty());
}

#[tokio::test]
async fn one_to_many_join_keeps_both_ids_apart() {
    let c = live();
    let q = query!(
        c,
        "select p.id, p.product, e.id, e.kind from prices p join price_events e on e.price_id = p.id where p.currency = 'usd' order by p.id"
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id,product,e:price_events!inner(id,kind)")
            .eq("currency", "usd")
            .order("id", Order::asc()),
    );
    let rows = q.execute().await.unwrap().data;
    let expected = supabase_tests::stack().psql(
        "select p.id, array_agg(e.id order by e.id) from prices p join price_events e on e.price_id = p.id where p.currency = 'usd' group by p.id order by p.id",
    );
    let ours: Vec<String> = rows
        .iter()
        .map(|r| {
            let mut ids: Vec<i64> = r.e.iter().map(|e| e.id).collect();
            ids.sort_unstable();
            format!(
                "{}|{{{}}}",
                r.id,
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            )
        })
        .collect();
    assert_eq!(ours.join("\n"), expected.trim());
}

#[tokio::test]
async fn order_by_a_to_one_joined_column() {
    let c = live();
    let q = query!(
        c,
        "select ci.name, co.name as country from cities ci join countries co on co.id = ci.country_id where ci.is_capital order by co.name desc, ci.name"
    );
    check(
        &q,
        c.from("cities")
            .schema("public")
            .select("name,co:countries!inner(country:name)")
            .eq("is_capital", true)
            // PostgREST 12 names the embed's column by its output name.
            .order("co(country)", Order::desc())
            .order("name", Order::asc()),
    );
    let rows = q.execute().await.unwrap().data;
    let ours: Vec<String> = rows
        .iter()
        .map(|r| format!("{}|{}", r.name, r.co.country))
        .collect();
    let psql = supabase_tests::stack().psql(
        "select ci.name, co.name as country from cities ci join countries co on co.id = ci.country_id where ci.is_capital order by co.name desc, ci.name",
    );
    assert_eq!(ours.join("\n"), psql.trim());
}

#[tokio::test]
async fn order_inside_a_one_to_many_join() {
    let c = live();
    let q = query!(
        c,
        "select p.id, e.kind, e.at from prices p join price_events e on e.price_id = p.id order by p.id, e.at desc"
    );
    check(
        &q,
        c.from("prices")
            .schema("public")
            .select("id,e:price_events!inner(kind,at)")
            .order("id", Order::asc())
            .order("at", Order::desc().referenced_table("e")),
    );
    let rows = q.execute().await.unwrap().data;
    let ours: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            r.e.iter()
                .map(move |e| format!("{}|{}|{}", r.id, e.kind, e.at))
        })
        .collect();
    let psql = supabase_tests::stack().psql(
        "select p.id, e.kind, e.at from prices p join price_events e on e.price_id = p.id order by p.id, e.at desc",
    );
    assert_eq!(ours.join("\n"), psql.trim());
}

#[tokio::test]
async fn aggregate_over_a_one_to_many_join() {
    let c = live();
    let q = query!(
        c,
        "select u.id, u.username, count(m.id) as sent from users u join messages m on m.sender_id = u.id group by u.id, u.username order by u.id"
    );
    check(
        &q,
        c.from("users")
            .schema("public")
            .select("id,username,m:messages!messages_sender_fkey!inner(sent:id.count())")
            .order("id", Order::asc()),
    );
    let rows = q.execute().await.unwrap().data;
    let ours: Vec<String> = rows
        .iter()
        .map(|r| format!("{}|{}|{}", r.id, r.username, r.m[0].sent))
        .collect();
    let psql = supabase_tests::stack().psql(
        "select u.id, u.username, count(m.id) as sent from users u join messages m on m.sender_id = u.id group by u.id, u.username order by u.id",
    );
    assert_eq!(ours.join("\n"), psql.trim());
}

/// The way out printed by each "PostgREST cannot express" case of `tests/ui/fail` (its committed
/// `.stderr`) is a function PostgreSQL creates (it checks the body and the declared result type
/// at creation), in a transaction rolled back afterwards.
#[test]
fn every_way_out_function_is_created_by_postgres() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/fail");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("query_inexpressible_") || !name.ends_with(".stderr") {
            continue;
        }
        let stderr = std::fs::read_to_string(&path).unwrap();
        assert!(
            stderr.contains("PostgREST cannot express "),
            "{name}: no 'PostgREST cannot express' phrase"
        );
        let start = stderr
            .find("create or replace function")
            .unwrap_or_else(|| panic!("{name}: no function offered"));
        let end = stderr[start..].find("$$;").unwrap() + start + 3;
        // rustc indents the message's lines; the SQL is the same without the indentation.
        let function: String = stderr[start..end]
            .lines()
            .map(str::trim_start)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            stderr[end..].contains("query!(client, \"select * from "),
            "{name}: no query! call offered"
        );
        let sql = format!(
            "begin;\ncreate or replace function auth.uid() returns uuid language sql stable as $$ select null::uuid $$;\n{function}\nrollback;"
        );
        if let Err(e) = supabase_tests::database().try_psql(&sql) {
            panic!("{name}: PostgreSQL refused the way out:\n{function}\n{e}");
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} cases");
}

#[tokio::test]
async fn not_exists_along_a_foreign_key_is_an_anti_join() {
    let c = live();
    let q = query!(
        c,
        "select id, name from countries c
         where not exists (select 1 from cities ci where ci.country_id = c.id)
         order by id"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id,name,ci:cities()")
            .is_("ci", supabase_core::IsValue::Null)
            .order("id", Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        "select id, name from countries c where not exists (select 1 from cities ci where ci.country_id = c.id) order by id",
    )
    .await;
    assert!(rows.iter().all(|r| ![1, 2, 3, 4, 6, 8].contains(&r.id)));
}

#[tokio::test]
async fn exists_with_conditions_on_the_subquery_table_is_a_filtered_inner_embed() {
    let c = live();
    let min = 2_000_000;
    let q = query!(
        c,
        "select co.id from countries co
         where co.continent <> 'Asia'
           and exists (select 1 from cities where cities.country_id = co.id and population > $1 and is_capital)
         order by co.id",
        min
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id,cities!inner()")
            .gt("cities.population", min)
            .eq("cities.is_capital", true)
            .neq("continent", "Asia")
            .order("id", Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        "select co.id from countries co where co.continent <> 'Asia' and exists (select 1 from cities where cities.country_id = co.id and population > 2000000 and is_capital) order by co.id",
    )
    .await;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn not_exists_with_a_condition_filters_the_embed_before_the_null_test() {
    let c = offline();
    let q = query!(
        c,
        "select id from countries c where not exists (select 1 from cities ci where ci.country_id = c.id and ci.is_capital)"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id,ci:cities()")
            .eq("ci.is_capital", true)
            .is_("ci", supabase_core::IsValue::Null),
    );
}

#[tokio::test]
async fn in_a_subquery_along_a_foreign_key_is_a_semi_join() {
    let c = live();
    let q = query!(
        c,
        "select id, name from countries
         where id in (select country_id from cities where is_capital)
         order by id"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id,name,cities!inner()")
            .eq("cities.is_capital", true)
            .order("id", Order::asc()),
    );
    let rows = agrees_with_psql(
        q,
        "select id, name from countries where id in (select country_id from cities where is_capital) order by id",
    )
    .await;
    assert_eq!(rows.len(), 5);
}

#[test]
fn not_in_a_subquery_of_a_nullable_column_stays_rejected() {
    // `cities.country_id` can be NULL: SQL's NOT IN then answers no row at all, which no
    // PostgREST request reproduces; `query!` rejects it (see the ui case). The same anti-join
    // over a NOT NULL column is accepted:
    let c = offline();
    let q = query!(
        c,
        "select id from countries where id not in (select country_id from country_profiles)"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id,country_profiles()")
            .is_("country_profiles", supabase_core::IsValue::Null),
    );
}
