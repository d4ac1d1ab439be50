//! `query!` and `query_as!`: every supported SQL form builds the same request (URL, headers, body)
//! as the hand-written builder chain, and the queries marked `real_` run against the real
//! PostgREST 12.0.2 of the test stack, decoding typed rows compared with the fixture's values.
//!
//! The schema snapshot is `supabase-codegen/tests/snapshots/fixture.schema.json` (set by
//! `tests/build.rs` through `SUPABASE_SCHEMA`).
//!
//! Run: `cargo test -p supabase-tests --test query_macro`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

use serde_json::json;
use supabase_core::{
    query, query_as, Client, Condition, FilterBuilder, IsValue, Order, PreparedRequest, Query,
    Table, TextSearchOptions, TextSearchType,
};

fn offline() -> Client {
    Client::new("https://xyz.supabase.co", "anon-key").unwrap()
}

/// The two requests are byte-identical: method, URL, headers, body.
fn same(a: &PreparedRequest, b: &PreparedRequest) {
    assert_eq!(a.method(), b.method());
    assert_eq!(a.url().as_str(), b.url().as_str());
    assert_eq!(a.headers(), b.headers());
    assert_eq!(a.body(), b.body());
}

fn check<R: serde::de::DeserializeOwned>(q: &Query<R>, chain: FilterBuilder) {
    let built = q.build().unwrap();
    same(&built, &chain.build().unwrap());
}

#[test]
fn select_columns_where_order_limit() {
    let c = offline();
    let min_pop = 50_000_000_i64;
    let q = query!(
        c,
        "select id, name from countries where population > $1 order by name limit 10",
        min_pop
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id,name")
            .gt("population", 50_000_000)
            .order("name", Order::asc())
            .limit(10),
    );
}
