//! The typed layer on the generated code: `Row` types carry `#[derive(Table)]`, so
//! `from_table::<public::countries::Row>()` with the generated column handles
//! (`public::countries::columns::*`), generated enums as filter values, range filters on
//! generated `PgRange` columns, and `client.call(..Args)` for generated function signatures.
//! Each query is checked against the untyped chain it lowers to, then run on the real PostgREST.
//!
//! Run: `cargo test -p generated-fixture --test typed`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use generated_fixture::public::{
    self, cities, countries, functions, reservations, users, UserStatus,
};
use serde_json::json;
use supabase_core::types::PgRange;
use supabase_core::{Client, FilterBuilder, Order, PreparedRequest, Table};

fn client() -> Client {
    supabase_tests::stack().service_client()
}

fn assert_same(typed: PreparedRequest, untyped: PreparedRequest) {
    assert_eq!(typed.method(), untyped.method());
    assert_eq!(typed.url().as_str(), untyped.url().as_str());
    assert_eq!(typed.headers(), untyped.headers());
    assert_eq!(typed.body(), untyped.body());
}

fn untyped<T: Table>(c: &Client) -> FilterBuilder {
    c.from(T::NAME).schema(T::SCHEMA).select(&T::select_list())
}

#[tokio::test]
async fn generated_rows_with_typed_filters() {
    let c = client();
    let typed = c
        .from_table::<countries::Row>()
        .select()
        .ilike(countries::columns::name, "%land")
        .gt(countries::columns::population, 100_000_i64)
        .order(countries::columns::id, Order::asc());
    assert_same(
        typed.build().unwrap(),
        untyped::<countries::Row>(&c)
            .ilike("name", "%land")
            .gt("population", 100_000)
            .order("id", Order::asc())
            .build()
            .unwrap(),
    );
    let rows = typed.execute().await.unwrap().data;
    assert_eq!(
        rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Ísland", "New Zealand"]
    );
}

#[tokio::test]
async fn generated_enum_as_a_filter_value() {
    let c = client();
    let typed = c
        .from_table::<users::Row>()
        .select()
        .eq(users::columns::status, UserStatus::Online)
        .order(users::columns::id, Order::asc());
    assert_same(
        typed.build().unwrap(),
        untyped::<users::Row>(&c)
            .eq("status", "ONLINE")
            .order("id", Order::asc())
            .build()
            .unwrap(),
    );
    let rows = typed.execute().await.unwrap().data;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 4]);
    assert!(rows.iter().all(|r| r.status == UserStatus::Online));
}

#[tokio::test]
async fn range_filters_on_generated_range_columns() {
    let c = client();
    let seats: PgRange<i32> = "[5,30)".parse().unwrap();
    let typed = c
        .from_table::<reservations::Row>()
        .select()
        .overlaps(reservations::columns::seats, seats.clone())
        .order(reservations::columns::id, Order::asc());
    assert_same(
        typed.build().unwrap(),
        untyped::<reservations::Row>(&c)
            .overlaps("seats", supabase_core::ContainValue::raw("[5,30)"))
            .order("id", Order::asc())
            .build()
            .unwrap(),
    );
    let rows = typed.execute().await.unwrap().data;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 3]);

    let left_of: PgRange<i32> = "[20,25)".parse().unwrap();
    let typed = c
        .from_table::<reservations::Row>()
        .select()
        .range_lt(reservations::columns::seats, left_of)
        .order(reservations::columns::id, Order::asc());
    assert_same(
        typed.build().unwrap(),
        untyped::<reservations::Row>(&c)
            .range_lt("seats", "[20,25)")
            .order("id", Order::asc())
            .build()
            .unwrap(),
    );
    let rows = typed.execute().await.unwrap().data;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 2, 3]);
}

#[tokio::test]
async fn generated_insert_and_update_types() {
    let c = client();
    let tag = "generated-typed::write".to_owned();
    let row = public::scratch::Insert {
        test: tag.clone(),
        k: Some("a".into()),
        n: Some(1),
        status: None,
        flag: None,
        tags: None,
        payload: None,
    };
    let inserted = c
        .from_table::<public::scratch::Row>()
        .insert(row)
        .select()
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(inserted[0].status, "new");
    let patch = public::scratch::Update {
        n: Some(None),
        ..Default::default()
    };
    let typed = c
        .from_table::<public::scratch::Row>()
        .update(patch.clone())
        .eq(public::scratch::columns::test, tag.as_str())
        .select();
    assert_same(
        typed.build().unwrap(),
        c.from("scratch")
            .schema("public")
            .update(&patch)
            .eq("test", tag.as_str())
            .select(&public::scratch::Row::select_list())
            .build()
            .unwrap(),
    );
    let updated = typed.execute().await.unwrap().data;
    assert_eq!(updated[0].n, None);
}

#[tokio::test]
async fn generated_function_signatures() {
    let c = client();
    let typed = c.call(functions::AddArgs { a: 20, b: 22 }).get();
    assert_same(
        typed.build().unwrap(),
        c.rpc("add", json!({"a": 20, "b": 22}))
            .get()
            .build()
            .unwrap(),
    );
    assert_eq!(typed.execute().await.unwrap().data, Some(42));
}

#[tokio::test]
async fn generated_embed_through_untyped_select_decodes_cities() {
    // Cities' FK column is typed; filter on it with the generated handle.
    let c = client();
    let rows = c
        .from_table::<cities::Row>()
        .select()
        .eq(cities::columns::country_id, 1_i64)
        .order(cities::columns::name, Order::asc())
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(
        rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Lyon", "Marseille", "Paris"]
    );
}

#[tokio::test]
async fn numeric_digits_survive_execute() {
    // `execute` decodes from the body's text, not through `serde_json::Value` (f64), so the
    // trailing zeros of `numeric(12,2)` and every digit of a wide numeric arrive intact.
    let c = client();
    let france = c
        .from_table::<countries::Row>()
        .select()
        .eq(countries::columns::id, 1_i64)
        .single()
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(france.area.as_ref().map(|a| a.as_str()), Some("643801.00"));
    let maybe = c
        .from_table::<countries::Row>()
        .select()
        .eq(countries::columns::id, 13_i64)
        .maybe_single()
        .execute()
        .await
        .unwrap()
        .data
        .unwrap();
    assert_eq!(maybe.area.as_ref().map(|a| a.as_str()), Some("0.01"));
}
