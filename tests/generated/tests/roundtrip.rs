//! Rows fetched from the real PostgREST (12.0.2 on PostgreSQL 15, `tests/fixtures/schema.sql`)
//! for every fixture table, view and materialized view decode into the generated `Row` types
//! and encode back to the same values:
//!
//! 1. each row PostgREST sent decodes into `Row` (from the exact JSON text);
//! 2. the re-encoded row and PostgREST's row are read back by PostgreSQL itself
//!    (`json_populate_recordset` into the relation's row type) and compared as `to_jsonb` text,
//!    which is exact: numeric digits and scale, int8, bytea bytes, range bounds, timestamps to
//!    the microsecond, NaN and infinities;
//! 3. the re-encoded rows equal, as a multiset, the rows PostgreSQL reads from the relation
//!    directly with psql (`select to_jsonb(x) from relation x`).
//!
//! Function results decode into the generated `…Returns` types the same way.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use generated_fixture::{api2, public};
use serde::Serialize;
use serde_json::value::RawValue;
use supabase_core::Table;

/// The relation's rows from PostgREST, as raw JSON texts (with the service key: RLS bypassed).
async fn fetch_rows(schema: &str, name: &str) -> Vec<String> {
    let stack = supabase_tests::stack();
    let body = reqwest::Client::new()
        .get(format!("{}{name}?select=*", stack.postgrest_url))
        .header("Accept-Profile", schema)
        .bearer_auth(&stack.service_key)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows: Vec<Box<RawValue>> = serde_json::from_str(&body).unwrap();
    rows.into_iter().map(|r| r.get().to_owned()).collect()
}

/// PostgreSQL's reading of a JSON array of rows into `relation`'s row type, one `to_jsonb`
/// text per row, in order.
fn as_postgres_reads_them(relation: &str, rows_json: &str) -> Vec<String> {
    assert!(!rows_json.contains("$rows$"));
    let out = supabase_tests::database().psql(&format!(
        "select to_jsonb(x)::text from json_populate_recordset(null::{relation}, $rows${rows_json}$rows$::json) x"
    ));
    out.lines().map(str::to_owned).collect()
}

async fn round_trip<R: Table + Serialize>() -> usize {
    let relation = format!("{}.{}", R::SCHEMA, R::NAME);
    let sent = fetch_rows(R::SCHEMA, R::NAME).await;
    let mut ours = Vec::new();
    for row in &sent {
        let decoded: R = serde_json::from_str(row)
            .unwrap_or_else(|e| panic!("{relation}: row {row} does not decode: {e}"));
        ours.push(serde_json::to_string(&decoded).unwrap());
    }
    let theirs_read = as_postgres_reads_them(&relation, &format!("[{}]", sent.join(",")));
    let ours_read = as_postgres_reads_them(&relation, &format!("[{}]", ours.join(",")));
    assert_eq!(theirs_read.len(), sent.len(), "{relation}");
    for ((theirs, ours), (sent, reencoded)) in theirs_read
        .iter()
        .zip(&ours_read)
        .zip(sent.iter().zip(&ours))
    {
        assert_eq!(
            theirs, ours,
            "{relation}: the re-encoded row differs\nPostgREST sent: {sent}\nwe sent back:   {reencoded}"
        );
    }
    let mut direct: Vec<String> = supabase_tests::database()
        .psql(&format!("select to_jsonb(x)::text from {relation} x"))
        .lines()
        .map(str::to_owned)
        .collect();
    let mut ours_sorted = ours_read.clone();
    direct.sort();
    ours_sorted.sort();
    assert_eq!(ours_sorted, direct, "{relation}: rows differ from psql's");
    sent.len()
}

macro_rules! round_trip_all {
    ($($schema:ident :: $rel:ident = $rows:expr),* $(,)?) => {
        #[tokio::test]
        async fn every_fixture_relation_round_trips() {
            $(
                let n = round_trip::<$schema::$rel::Row>().await;
                assert_eq!(n, $rows, concat!(stringify!($schema), ".", stringify!($rel), " row count"));
            )*
        }
    };
}

round_trip_all! {
    public::big_countries = 6,
    public::cg_defaults = 2,
    public::cg_more_types = 3,
    public::cg_region_details = 2,
    public::cg_regions = 3,
    public::cg_site_names = 4,
    public::cg_sites = 4,
    public::cg_sites_per_zone = 2,
    public::cg_zone_names = 2,
    public::cities = 12,
    public::counters = 0,
    public::countries = 14,
    public::country_languages = 12,
    public::country_profiles = 3,
    public::languages = 8,
    public::messages = 5,
    public::price_events = 5,
    public::prices = 6,
    public::reservations = 4,
    public::todos = 3,
    public::type_samples = 3,
    public::users = 4,
    api2::items = 3,
}

/// Calls `schema.name` by POST with `args` and decodes the answer into `T`, returning it with
/// PostgREST's JSON.
async fn call<T: serde::de::DeserializeOwned>(
    schema: &str,
    name: &str,
    args: &impl Serialize,
) -> (T, serde_json::Value) {
    let stack = supabase_tests::stack();
    let body = reqwest::Client::new()
        .post(format!("{}rpc/{name}", stack.postgrest_url))
        .header("Content-Profile", schema)
        .bearer_auth(&stack.service_key)
        .json(args)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .text()
        .await
        .unwrap();
    let value = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
    let decoded = serde_json::from_str(if body.is_empty() { "null" } else { &body })
        .unwrap_or_else(|e| panic!("{schema}.{name}: {body} does not decode: {e}"));
    (decoded, value)
}

#[tokio::test]
async fn function_results_decode_into_the_generated_returns_types() {
    use public::functions as f;

    let (sum, _) = call::<f::AddReturns>("public", "add", &f::AddArgs { a: 2, b: 3 }).await;
    assert_eq!(sum, Some(5));
    let (hello, _) = call::<f::HelloReturns>("public", "hello", &f::HelloArgs {}).await;
    assert_eq!(hello.as_deref(), Some("Hello, world!"));
    let (hello2, _) =
        call::<api2::functions::HelloReturns>("api2", "hello", &api2::functions::HelloArgs {})
            .await;
    assert_eq!(hello2.as_deref(), Some("Hello from api2"));

    // SETOF a table: rows of the table's Row type.
    let (europe, _) = call::<f::CountriesByContinentReturns>(
        "public",
        "countries_by_continent",
        &f::CountriesByContinentArgs { c: "Europe".into() },
    )
    .await;
    let names: Vec<&str> = europe.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["France", "Germany", "Ísland"]);

    // One composite of a table's row type.
    let (france, _) = call::<f::CountryByCodeReturns>(
        "public",
        "country_by_code",
        &f::CountryByCodeArgs { c: "FR".into() },
    )
    .await;
    assert_eq!(france.map(|c| c.id), Some(1));

    // RETURNS TABLE with a defaulted argument left out.
    let (stats, json) = call::<f::ContinentStatsReturns>(
        "public",
        "continent_stats",
        &f::ContinentStatsArgs {
            min_population: None,
        },
    )
    .await;
    assert_eq!(stats.len(), json.as_array().unwrap().len());
    let europe = stats
        .iter()
        .find(|s| s.continent.as_deref() == Some("Europe"))
        .unwrap();
    assert_eq!(europe.country_count, Some(3));
    assert_eq!(
        europe.total_population.as_ref().map(|n| n.as_str()),
        Some("152789194")
    );

    // SETOF a scalar, OUT parameters, a composite type, overloads, a volatile function.
    let (series, _) =
        call::<f::CgSeriesReturns>("public", "cg_series", &f::CgSeriesArgs { n: 3 }).await;
    assert_eq!(series, [Some(1), Some(2), Some(3)]);
    let (split, _) = call::<f::CgSplitReturns>(
        "public",
        "cg_split",
        &f::CgSplitArgs {
            full_text: "a b c".into(),
        },
    )
    .await;
    assert_eq!(
        (split.head.as_deref(), split.tail.as_deref()),
        (Some("a"), Some("b c"))
    );
    let (address, _) = call::<f::CgMakeAddressReturns>(
        "public",
        "cg_make_address",
        &f::CgMakeAddressArgs {
            street: "x".into(),
            zip: Some("1".into()),
        },
    )
    .await;
    let address = address.unwrap();
    assert_eq!(
        (
            address.street.as_deref(),
            address.city,
            address.zip.as_deref()
        ),
        (Some("x"), None, Some("1"))
    );
    let (area, _) =
        call::<f::CgArea1Returns>("public", "cg_area", &f::CgArea1Args { r: 1.0.into() }).await;
    assert!((area.unwrap().0 - std::f64::consts::PI).abs() < 1e-12);
    let (area, _) =
        call::<f::CgArea2Returns>("public", "cg_area", &f::CgArea2Args { w: 2, h: 3 }).await;
    assert_eq!(area, Some(6));
    let (sites, _) = call::<f::CgSitesInReturns>(
        "public",
        "cg_sites_in",
        &f::CgSitesInArgs { zone: "eu".into() },
    )
    .await;
    assert_eq!(sites.len(), 3);
    assert_eq!(sites[0].region_name.as_deref(), Some("West"));
    let (text, _) =
        call::<f::CgNowTextReturns>("public", "cg_now_text", &f::CgNowTextArgs {}).await;
    assert_eq!(text.as_deref(), Some("volatile"));
}
