//! Every read-side feature of the query builder (select syntax, embedding, every filter, every
//! modifier, counting, output formats, schemas, views, RLS) run against the real PostgREST 12.0.2
//! of the test stack, with the returned rows asserted exactly.
//!
//! Expected rows are written out by hand from `tests/fixtures/schema.sql` and, wherever a filter
//! has an SQL equivalent, also checked against PostgreSQL itself (`stack.psql(...)`): the ids
//! PostgREST returns must equal both the hand-computed ids and the ids of the equivalent SQL.
//!
//! Nothing here writes: every test only reads the fixture tables.
//!
//! Run: `cargo test -p supabase-tests --test rest_reads`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{json, Value};
use supabase_core::{
    Client, Condition, ContainValue, CountMethod, Error, ExplainFormat, ExplainOptions,
    FilterBuilder, IsValue, Order, PostgrestError, PostgrestResponse, TextSearchOptions,
    TextSearchType, TokenFuture, TokenSource,
};
use supabase_tests::Stack;

// ------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------

fn stack() -> &'static Stack {
    supabase_tests::stack()
}

/// A client with the anon key, through the gateway.
fn client() -> Client {
    stack().anon_client()
}

/// Runs `select` as the superuser and returns its rows as a JSON array (`[]` for none).
fn sql_rows(select: &str) -> Value {
    let out = stack().psql(&format!(
        "select coalesce(json_agg(t), '[]'::json) from ({select}) t"
    ));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("psql output {out:?}: {e}"))
}

/// The ids of `table` matching the SQL `condition`, ascending.
fn sql_ids(table: &str, condition: &str) -> Vec<i64> {
    let out = stack().psql(&format!(
        "select coalesce(json_agg(id order by id), '[]'::json) from {table} where {condition}"
    ));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("psql output {out:?}: {e}"))
}

#[derive(Debug, Deserialize)]
struct IdRow {
    id: i64,
}

/// Executes a query selecting `id` and returns the ids in the order PostgREST sent them.
async fn ids_of(query: FilterBuilder) -> Vec<i64> {
    let res: PostgrestResponse<Vec<IdRow>> = query.execute().await.expect("query");
    assert_eq!(res.status, 200);
    res.data.into_iter().map(|row| row.id).collect()
}

/// The ids PostgREST returns must equal `expected` (worked out by hand from the fixture) and the
/// ids of `select id from {table} where {condition}`.
async fn assert_ids(query: FilterBuilder, table: &str, condition: &str, expected: &[i64]) {
    let from_sql = sql_ids(table, condition);
    assert_eq!(from_sql, expected, "SQL: {condition}");
    let from_rest = ids_of(query).await;
    assert_eq!(
        from_rest, expected,
        "PostgREST, SQL equivalent: {condition}"
    );
}

/// `countries?select=id&order=id.asc`, to chain filters on.
fn countries() -> FilterBuilder {
    client()
        .from("countries")
        .select("id")
        .order("id", Order::asc())
}

/// `reservations?select=id&order=id.asc`, to chain filters on.
fn reservations() -> FilterBuilder {
    client()
        .from("reservations")
        .select("id")
        .order("id", Order::asc())
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

#[derive(Debug, Deserialize, PartialEq)]
struct Country {
    id: i64,
    name: String,
}

fn country(id: i64, name: &str) -> Country {
    Country {
        id,
        name: name.to_owned(),
    }
}

// ------------------------------------------------------------------------------------------------
// select: columns, aliases, casts, json paths
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn select_star_returns_every_column_like_sql() {
    let res: PostgrestResponse<Value> = client()
        .from("countries")
        .select("*")
        .order("id", Order::asc())
        .execute()
        .await
        .expect("select *");
    assert_eq!(res.status, 200);
    assert_eq!(
        res.data,
        sql_rows("select * from countries order by id"),
        "select * equals the rows as Postgres serializes them"
    );
    let rows = res.data.as_array().expect("an array");
    assert_eq!(rows.len(), 14);
    assert_eq!(
        rows[0]["meta"],
        json!({"capital": "Paris", "languages": ["fr"], "eu": true, "calling_code": 33})
    );
    assert_eq!(rows[0]["tags"], json!(["europe", "eu", "wine"]));
    assert_eq!(rows[0]["founded"], json!("1792-09-22"));
    // Row 11: everything but the name is NULL.
    assert_eq!(rows[10]["name"], json!("a\"quote"));
    assert_eq!(rows[10]["population"], Value::Null);
    assert_eq!(rows[10]["tags"], Value::Null);
}

#[tokio::test]
async fn select_column_list_with_whitespace_decodes_into_a_struct() {
    let rows: Vec<Country> = client()
        .from("countries")
        .select("  id ,\n\tname  ")
        .lte("id", 3)
        .order("id", Order::asc())
        .execute()
        .await
        .expect("select")
        .data;
    assert_eq!(
        rows,
        vec![
            country(1, "France"),
            country(2, "Germany"),
            country(3, "Ísland")
        ]
    );
}

#[tokio::test]
async fn select_quoted_identifiers() {
    // The fixture has no column that needs quoting; quoted ordinary names must work the same,
    // and whitespace inside the quotes is kept by the client (here, none is wanted).
    let rows: Value = client()
        .from("countries")
        .select(r#" "id" , label:"name" "#)
        .in_("id", [1, 11])
        .order("id", Order::asc())
        .execute()
        .await
        .expect("select")
        .data;
    assert_eq!(
        rows,
        json!([{ "id": 1, "label": "France" }, { "id": 11, "label": "a\"quote" }])
    );
}

#[tokio::test]
async fn select_aliases_rename_columns() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct Aliased {
        country_id: i64,
        country_name: String,
        iso: Option<String>,
    }
    let rows: Vec<Aliased> = client()
        .from("countries")
        .select("country_id:id, country_name:name, iso:code")
        .in_("id", [7, 11])
        .order("id", Order::asc())
        .execute()
        .await
        .expect("select")
        .data;
    assert_eq!(
        rows,
        vec![
            Aliased {
                country_id: 7,
                country_name: "United States".into(),
                iso: Some("US".into())
            },
            Aliased {
                country_id: 11,
                country_name: "a\"quote".into(),
                iso: None
            },
        ]
    );
}

#[tokio::test]
async fn select_casts_change_the_json_type() {
    let rows: Value = client()
        .from("countries")
        .select("id, population::text, pop:population, area::int")
        .in_("id", [1, 11, 13])
        .order("id", Order::asc())
        .execute()
        .await
        .expect("select")
        .data;
    assert_eq!(
        rows,
        json!([
            { "id": 1, "population": "68042591", "pop": 68042591, "area": 643801 },
            { "id": 11, "population": null, "pop": null, "area": null },
            { "id": 13, "population": "1", "pop": 1, "area": 0 },
        ])
    );
}

#[tokio::test]
async fn select_json_paths_arrow_and_double_arrow() {
    let rows: Value = client()
        .from("countries")
        .select(
            "id, meta->capital, meta->>calling_code, code_json:meta->calling_code, \
             first_language:meta->languages->>0, meta->weird",
        )
        .in_("id", [1, 9, 12])
        .order("id", Order::asc())
        .execute()
        .await
        .expect("select")
        .data;
    assert_eq!(
        rows,
        json!([
            { "id": 1, "capital": "Paris", "calling_code": "33", "code_json": 33,
              "first_language": "fr", "weird": null },
            { "id": 9, "capital": "Kralendijk", "calling_code": null, "code_json": null,
              "first_language": "nl", "weird": null },
            { "id": 12, "capital": null, "calling_code": null, "code_json": null,
              "first_language": null, "weird": "a,b.(c)\"d\\e" },
        ])
    );
}

#[tokio::test]
async fn filter_on_json_path() {
    // `meta->>capital=eq.Washington, D.C.` and `meta->calling_code=gt.100`.
    assert_ids(
        countries().eq("meta->>capital", "Washington, D.C."),
        "countries",
        "meta->>'capital' = 'Washington, D.C.'",
        &[7],
    )
    .await;
    assert_ids(
        countries().gt("meta->calling_code", 100),
        "countries",
        "meta->'calling_code' > '100'::jsonb",
        &[3, 8, 10],
    )
    .await;
}

// ------------------------------------------------------------------------------------------------
// select: embedding
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn embed_one_to_many() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct CityName {
        name: String,
    }
    #[derive(Debug, Deserialize, PartialEq)]
    struct WithCities {
        id: i64,
        name: String,
        cities: Vec<CityName>,
    }
    let res: PostgrestResponse<Vec<WithCities>> = client()
        .from("countries")
        .select("id, name, cities(name)")
        .order("id", Order::asc())
        .order("id", Order::asc().referenced_table("cities"))
        .execute()
        .await
        .expect("embed");
    let names = |id: i64| -> Vec<&str> {
        res.data
            .iter()
            .find(|c| c.id == id)
            .expect("country")
            .cities
            .iter()
            .map(|c| c.name.as_str())
            .collect()
    };
    assert_eq!(res.data.len(), 14);
    assert_eq!(names(1), ["Paris", "Lyon", "Marseille"]);
    assert_eq!(names(2), ["Berlin", "Munich"]);
    assert_eq!(names(5), Vec::<&str>::new());
    assert_eq!(names(14), ["Wellington"]);

    let as_json: Value = client()
        .from("countries")
        .select("id, name, cities(name)")
        .order("id", Order::asc())
        .order("id", Order::asc().referenced_table("cities"))
        .execute()
        .await
        .expect("embed")
        .data;
    assert_eq!(
        as_json,
        sql_rows(
            "select c.id, c.name, (select coalesce(json_agg(json_build_object('name', ci.name) \
             order by ci.id), '[]') from cities ci where ci.country_id = c.id) as cities \
             from countries c order by c.id"
        )
    );
}

#[tokio::test]
async fn embed_many_to_one() {
    let rows: Value = client()
        .from("cities")
        .select("name, countries(name, code)")
        .in_("id", [1, 9, 12])
        .order("id", Order::asc())
        .execute()
        .await
        .expect("embed")
        .data;
    assert_eq!(
        rows,
        json!([
            { "name": "Paris", "countries": { "name": "France", "code": "FR" } },
            { "name": "São Paulo", "countries": { "name": "Brazil", "code": "BR" } },
            { "name": "Atlantis", "countries": null },
        ])
    );
}

#[tokio::test]
async fn embed_spread_flattens_a_to_one_embed() {
    let rows: Value = client()
        .from("cities")
        .select("name, ...countries(country:name, code)")
        .in_("id", [4, 12])
        .order("id", Order::asc())
        .execute()
        .await
        .expect("spread")
        .data;
    assert_eq!(
        rows,
        json!([
            { "name": "Berlin", "country": "Germany", "code": "DE" },
            { "name": "Atlantis", "country": null, "code": null },
        ])
    );
}

#[tokio::test]
async fn embed_count_of_children() {
    let rows: Value = client()
        .from("countries")
        .select("id, cities(count)")
        .order("id", Order::asc())
        .execute()
        .await
        .expect("embedded count")
        .data;
    assert_eq!(
        rows,
        sql_rows(
            "select c.id, json_build_array(json_build_object('count', \
             (select count(*) from cities ci where ci.country_id = c.id))) as cities \
             from countries c order by c.id"
        )
    );
    assert_eq!(rows[0], json!({ "id": 1, "cities": [{ "count": 3 }] }));
    assert_eq!(rows[4], json!({ "id": 5, "cities": [{ "count": 0 }] }));
}

#[tokio::test]
async fn embed_one_to_one_is_an_object() {
    let rows: Value = client()
        .from("countries")
        .select("name, country_profiles(motto)")
        .in_("id", [1, 3, 7])
        .order("id", Order::asc())
        .execute()
        .await
        .expect("embed")
        .data;
    assert_eq!(
        rows,
        json!([
            { "name": "France", "country_profiles": { "motto": "Liberté, égalité, fraternité" } },
            { "name": "Ísland", "country_profiles": null },
            { "name": "United States", "country_profiles": { "motto": "In God We Trust" } },
        ])
    );
}

#[tokio::test]
async fn embed_many_to_many_through_the_junction_table() {
    let rows: Value = client()
        .from("countries")
        .select("name, languages(code, name)")
        .in_("id", [5, 9, 14])
        .order("id", Order::asc())
        .order("code", Order::asc().referenced_table("languages"))
        .execute()
        .await
        .expect("embed")
        .data;
    assert_eq!(
        rows,
        json!([
            { "name": "India", "languages": [
                { "code": "en", "name": "English" }, { "code": "hi", "name": "Hindi" }] },
            { "name": "Bonaire, Sint Eustatius and Saba", "languages": [] },
            { "name": "New Zealand", "languages": [
                { "code": "en", "name": "English" }, { "code": "mi", "name": "Māori" }] },
        ])
    );

    // And from the other side, with the countries counted by SQL.
    let english: Value = client()
        .from("languages")
        .select("name, countries(id)")
        .eq("code", "en")
        .order("id", Order::asc().referenced_table("countries"))
        .single()
        .execute()
        .await
        .expect("embed")
        .data;
    let ids: Vec<i64> = english["countries"]
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids, [5, 7, 10, 14]);
    assert_eq!(
        ids,
        sql_ids(
            "countries",
            "id in (select country_id from country_languages where language_id = 3)"
        )
    );
}

#[tokio::test]
async fn embed_inner_filters_parents_by_the_embedded_filter() {
    let rows: Value = client()
        .from("countries")
        .select("name, cities!inner(name)")
        .eq("cities.name", "Lyon")
        .execute()
        .await
        .expect("inner")
        .data;
    assert_eq!(
        rows,
        json!([{ "name": "France", "cities": [{ "name": "Lyon" }] }])
    );

    // Without a filter, !inner keeps only the countries that have a city.
    assert_ids(
        client()
            .from("countries")
            .select("id, cities!inner(id)")
            .order("id", Order::asc()),
        "countries",
        "exists (select 1 from cities where country_id = countries.id)",
        &[1, 2, 3, 4, 6, 8, 14],
    )
    .await;
}

#[tokio::test]
async fn embed_filter_on_referenced_table_without_inner_filters_only_the_children() {
    let rows: Value = client()
        .from("countries")
        .select("name, cities(name)")
        .eq("cities.name", "Paris")
        .in_("id", [1, 2, 5])
        .order("id", Order::asc())
        .execute()
        .await
        .expect("embedded filter")
        .data;
    assert_eq!(
        rows,
        json!([
            { "name": "France", "cities": [{ "name": "Paris" }] },
            { "name": "Germany", "cities": [] },
            { "name": "India", "cities": [] },
        ])
    );

    // Several filters on the referenced table, one a list with reserved characters.
    let rows: Value = client()
        .from("countries")
        .select("name, cities(name)")
        .in_("cities.name", ["São Paulo", "Marseille", "Lyon"])
        .gt("cities.population", 600000)
        .in_("id", [1, 6])
        .order("id", Order::asc())
        .execute()
        .await
        .expect("embedded filters")
        .data;
    assert_eq!(
        rows,
        json!([
            { "name": "France", "cities": [{ "name": "Marseille" }] },
            { "name": "Brazil", "cities": [{ "name": "São Paulo" }] },
        ])
    );
}

#[tokio::test]
async fn embed_ambiguous_two_foreign_keys_is_pgrst201_kept_whole() {
    let err = server_error(client().from("messages").select("body, users(username)")).await;
    assert_eq!(err.status, 300, "{err:?}");
    assert_eq!(err.code.as_deref(), Some("PGRST201"), "{err:?}");
    assert!(
        err.message
            .contains("more than one relationship was found for 'messages' and 'users'"),
        "{err:?}"
    );
    // PostgREST sends `details` as a JSON array of the candidate relationships; it is kept as
    // its JSON text.
    let details: Value =
        serde_json::from_str(err.details.as_deref().expect("details")).expect("JSON details");
    let text = details.to_string();
    assert!(text.contains("messages_sender_fkey"), "{text}");
    assert!(text.contains("messages_receiver_fkey"), "{text}");
    assert_eq!(details.as_array().map(Vec::len), Some(2), "{details}");
    let hint = err.hint.as_deref().expect("hint");
    assert!(hint.contains("users!messages_sender_fkey"), "{hint}");
    assert!(hint.contains("users!messages_receiver_fkey"), "{hint}");
}

#[tokio::test]
async fn embed_with_fk_hint_disambiguates() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct User {
        username: String,
    }
    #[derive(Debug, Deserialize, PartialEq)]
    struct Message {
        body: String,
        sender: User,
        receiver: User,
    }
    let rows: Vec<Message> = client()
        .from("messages")
        .select(
            "body, sender:users!messages_sender_fkey(username), \
             receiver:users!messages_receiver_fkey(username)",
        )
        .order("id", Order::asc())
        .execute()
        .await
        .expect("hinted embed")
        .data;
    let flat: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|m| {
            (
                m.body.as_str(),
                m.sender.username.as_str(),
                m.receiver.username.as_str(),
            )
        })
        .collect();
    assert_eq!(
        flat,
        [
            ("Hi Bob!", "alice", "bob"),
            ("Hello Alice.", "bob", "alice"),
            ("Are you there, Carol?", "alice", "carol"),
            ("Back now.", "carol", "alice"),
            ("Lunch?", "dave", "bob"),
        ]
    );

    // From the users side: the messages each user sent.
    let rows: Value = client()
        .from("users")
        .select("username, messages!messages_sender_fkey(id)")
        .order("id", Order::asc())
        .order("id", Order::asc().referenced_table("messages"))
        .execute()
        .await
        .expect("hinted embed")
        .data;
    assert_eq!(
        rows,
        json!([
            { "username": "alice", "messages": [{ "id": 1 }, { "id": 3 }] },
            { "username": "bob", "messages": [{ "id": 2 }] },
            { "username": "carol", "messages": [{ "id": 4 }] },
            { "username": "dave", "messages": [{ "id": 5 }] },
        ])
    );
}

// ------------------------------------------------------------------------------------------------
// Filters: comparison
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn filter_eq_and_neq() {
    assert_ids(
        countries().eq("code", "DE"),
        "countries",
        "code = 'DE'",
        &[2],
    )
    .await;
    assert_ids(
        countries().eq("name", "Côte d'Ivoire"),
        "countries",
        "name = 'Côte d''Ivoire'",
        &[8],
    )
    .await;
    assert_ids(
        countries().eq("name", "100% *Real*_Land"),
        "countries",
        "name = '100% *Real*_Land'",
        &[13],
    )
    .await;
    assert_ids(
        countries().eq("name", "Bonaire, Sint Eustatius and Saba"),
        "countries",
        "name = 'Bonaire, Sint Eustatius and Saba'",
        &[9],
    )
    .await;
    // neq drops NULLs, like SQL.
    assert_ids(
        countries().neq("continent", "Europe"),
        "countries",
        "continent <> 'Europe'",
        &[4, 5, 6, 7, 8, 9, 10, 13, 14],
    )
    .await;
}

#[tokio::test]
async fn filter_gt_gte_lt_lte() {
    assert_ids(
        countries().gt("population", 200_000_000),
        "countries",
        "population > 200000000",
        &[5, 6, 7],
    )
    .await;
    assert_ids(
        countries().gte("population", 216_422_446),
        "countries",
        "population >= 216422446",
        &[5, 6, 7],
    )
    .await;
    assert_ids(
        countries().lt("population", 47755),
        "countries",
        "population < 47755",
        &[9, 12, 13],
    )
    .await;
    assert_ids(
        countries().lte("population", 47755),
        "countries",
        "population <= 47755",
        &[9, 10, 12, 13],
    )
    .await;
    // Dates and numerics, combined.
    assert_ids(
        countries()
            .gte("founded", "1900-01-01")
            .lt("founded", "2000-01-01")
            .gt("area", 1000.5),
        "countries",
        "founded >= '1900-01-01' and founded < '2000-01-01' and area > 1000.5",
        &[3, 5, 8, 14],
    )
    .await;
}

// ------------------------------------------------------------------------------------------------
// Filters: patterns
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn filter_like_and_ilike_with_star_wildcard() {
    assert_ids(
        countries().like("name", "*land"),
        "countries",
        "name like '%land'",
        &[3, 14],
    )
    .await;
    assert_ids(
        countries().ilike("name", "*LAND"),
        "countries",
        "name ilike '%land'",
        &[3, 13, 14],
    )
    .await;
    // `%` works as the wildcard too.
    assert_ids(
        countries().like("name", "%an%"),
        "countries",
        "name like '%an%'",
        &[1, 2, 3, 4, 9, 10, 13, 14],
    )
    .await;
    assert_ids(
        countries().ilike("name", "s%"),
        "countries",
        "name ilike 's%'",
        &[10],
    )
    .await;
}

#[tokio::test]
async fn filter_like_literal_percent_and_underscore() {
    // `\%` and `\_` are literal in LIKE: only `100% *Real*_Land` has them.
    assert_ids(
        countries().like("name", r"%\%%"),
        "countries",
        r"name like '%\%%'",
        &[13],
    )
    .await;
    assert_ids(
        countries().like("name", r"*\_Land"),
        "countries",
        r"name like '%\_Land'",
        &[13],
    )
    .await;
    // An unescaped `_` matches any one character.
    assert_ids(
        countries().like("name", "Ja_an"),
        "countries",
        "name like 'Ja_an'",
        &[4],
    )
    .await;
}

#[tokio::test]
async fn filter_like_and_ilike_all_and_any_of() {
    assert_ids(
        countries().like_all_of("name", ["%a%", "%e%"]),
        "countries",
        "name like all (array['%a%', '%e%'])",
        &[1, 2, 7, 9, 10, 11, 13, 14],
    )
    .await;
    assert_ids(
        countries().like_any_of("name", ["B%", "%land"]),
        "countries",
        "name like any (array['B%', '%land'])",
        &[3, 6, 9, 14],
    )
    .await;
    assert_ids(
        countries().ilike_all_of("name", ["%N%", "%D%"]),
        "countries",
        "name ilike all (array['%N%', '%D%'])",
        &[3, 5, 7, 9, 10, 13, 14],
    )
    .await;
    assert_ids(
        countries().ilike_any_of("name", ["b*", "*LAND"]),
        "countries",
        "name ilike any (array['b%', '%LAND'])",
        &[3, 6, 9, 12, 13, 14],
    )
    .await;
    // Patterns that need quoting in the array literal (a comma, a space at the edge).
    assert_ids(
        countries().like_any_of("name", ["Bonaire, %", " nothing "]),
        "countries",
        "name like any (array['Bonaire, %', ' nothing '])",
        &[9],
    )
    .await;
}

#[tokio::test]
async fn filter_regex_match_and_imatch() {
    assert_ids(
        countries().regex_match("name", "^[A-C]"),
        "countries",
        "name ~ '^[A-C]'",
        &[6, 8, 9],
    )
    .await;
    assert_ids(
        countries().regex_imatch("name", "^b"),
        "countries",
        "name ~* '^b'",
        &[6, 9, 12],
    )
    .await;
    // Regex metacharacters, including an escaped parenthesis and a backslash.
    assert_ids(
        countries().regex_match("name", r"\(and [A-Z]"),
        "countries",
        r"name ~ '\(and [A-Z]'",
        &[10],
    )
    .await;
    assert_ids(
        countries().regex_match("name", r"\\"),
        "countries",
        r"name ~ '\\'",
        &[12],
    )
    .await;
}

// ------------------------------------------------------------------------------------------------
// Filters: is, is distinct, in
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn filter_is_null_true_false() {
    assert_ids(
        countries().is_("continent", IsValue::Null),
        "countries",
        "continent is null",
        &[11, 12],
    )
    .await;
    assert_ids(
        countries().is_("founded", None::<bool>),
        "countries",
        "founded is null",
        &[4, 11],
    )
    .await;
    let capitals = client()
        .from("cities")
        .select("id")
        .is_("is_capital", true)
        .order("id", Order::asc());
    assert_ids(capitals, "cities", "is_capital is true", &[1, 4, 6, 7, 11]).await;
    let others = client()
        .from("cities")
        .select("id")
        .is_("is_capital", IsValue::False)
        .order("id", Order::asc());
    assert_ids(
        others,
        "cities",
        "is_capital is false",
        &[2, 3, 5, 8, 9, 10, 12],
    )
    .await;
    // IS UNKNOWN on a nullable boolean (type_samples.b: true, NULL, false).
    let unknown = client()
        .from("type_samples")
        .select("id")
        .is_("b", IsValue::Unknown)
        .order("id", Order::asc());
    assert_ids(unknown, "type_samples", "b is unknown", &[2]).await;
}

#[tokio::test]
async fn filter_is_distinct_keeps_nulls() {
    assert_ids(
        countries().is_distinct("continent", "Europe"),
        "countries",
        "continent is distinct from 'Europe'",
        &[4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
    )
    .await;
    assert_ids(
        countries().is_distinct("continent", "North America"),
        "countries",
        "continent is distinct from 'North America'",
        &[1, 2, 3, 4, 5, 6, 8, 11, 12, 13, 14],
    )
    .await;
}

#[tokio::test]
async fn filter_in_with_reserved_characters_matches_names_exactly() {
    let names = [
        "Bonaire, Sint Eustatius and Saba",
        "St. Kitts (and Nevis)",
        "a\"quote",
        "back\\slash",
        "Côte d'Ivoire",
        "100% *Real*_Land",
        "Ísland",
        "No such: country",
    ];
    let rows: Vec<Country> = client()
        .from("countries")
        .select("id, name")
        .in_("name", names)
        .order("id", Order::asc())
        .execute()
        .await
        .expect("in")
        .data;
    assert_eq!(
        rows,
        vec![
            country(3, "Ísland"),
            country(8, "Côte d'Ivoire"),
            country(9, "Bonaire, Sint Eustatius and Saba"),
            country(10, "St. Kitts (and Nevis)"),
            country(11, "a\"quote"),
            country(12, "back\\slash"),
            country(13, "100% *Real*_Land"),
        ]
    );
    // Numbers and duplicates.
    assert_ids(
        countries().in_("id", [14, 2, 2, 7]),
        "countries",
        "id in (14, 2, 7)",
        &[2, 7, 14],
    )
    .await;
    // Each reserved-character name on its own.
    for (name, id) in [
        ("Bonaire, Sint Eustatius and Saba", 9),
        ("St. Kitts (and Nevis)", 10),
        ("a\"quote", 11),
        ("back\\slash", 12),
        ("Côte d'Ivoire", 8),
    ] {
        assert_eq!(
            ids_of(countries().in_("name", [name])).await,
            [id],
            "{name}"
        );
    }
}

#[tokio::test]
async fn filter_not_in() {
    assert_ids(
        countries().not_in("continent", ["Europe", "Asia", "North America"]),
        "countries",
        "continent not in ('Europe', 'Asia', 'North America')",
        &[6, 8, 13, 14],
    )
    .await;
    assert_ids(
        countries().not_in(
            "name",
            [
                "Bonaire, Sint Eustatius and Saba",
                "St. Kitts (and Nevis)",
                "a\"quote",
                "back\\slash",
                "Côte d'Ivoire",
            ],
        ),
        "countries",
        "name not in ('Bonaire, Sint Eustatius and Saba', 'St. Kitts (and Nevis)', \
         'a\"quote', 'back\\slash', 'Côte d''Ivoire')",
        &[1, 2, 3, 4, 5, 6, 7, 13, 14],
    )
    .await;
}

// ------------------------------------------------------------------------------------------------
// Filters: contains / contained by / overlaps
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn filter_array_contains_contained_by_overlaps() {
    assert_ids(
        countries().contains("tags", ContainValue::array(["europe", "eu"])),
        "countries",
        "tags @> array['europe', 'eu']",
        &[1, 2],
    )
    .await;
    // Elements with a comma, a quote, a space and a backslash.
    assert_ids(
        countries().contains(
            "tags",
            ContainValue::array(["with,comma", "with \"quote\"", "with space", "back\\slash"]),
        ),
        "countries",
        r#"tags @> array['with,comma', 'with "quote"', 'with space', 'back\slash']"#,
        &[12],
    )
    .await;
    // The empty array of row 13 is contained by anything.
    assert_ids(
        countries().contained_by(
            "tags",
            ContainValue::array(["europe", "eu", "wine", "island"]),
        ),
        "countries",
        "tags <@ array['europe', 'eu', 'wine', 'island']",
        &[1, 2, 3, 13],
    )
    .await;
    assert_ids(
        countries().overlaps("tags", vec!["wine", "caribbean"]),
        "countries",
        "tags && array['wine', 'caribbean']",
        &[1, 9, 10],
    )
    .await;
}

#[tokio::test]
async fn filter_jsonb_contains_and_contained_by() {
    assert_ids(
        countries().contains("meta", json!({ "eu": true })),
        "countries",
        r#"meta @> '{"eu": true}'"#,
        &[1, 2],
    )
    .await;
    assert_ids(
        countries().contains("meta", json!({ "languages": ["en"] })),
        "countries",
        r#"meta @> '{"languages": ["en"]}'"#,
        &[5, 7, 9, 10, 14],
    )
    .await;
    // A JSON string with reserved characters, a quote and a backslash.
    assert_ids(
        countries().contains("meta", json!({ "weird": "a,b.(c)\"d\\e" })),
        "countries",
        r#"meta @> '{"weird": "a,b.(c)\"d\\e"}'"#,
        &[12],
    )
    .await;
    // `{}` of row 13 is contained by anything.
    assert_ids(
        countries().contained_by(
            "meta",
            json!({ "capital": "Kralendijk", "languages": ["nl", "pap", "en"], "extra": 1 }),
        ),
        "countries",
        r#"meta <@ '{"capital": "Kralendijk", "languages": ["nl", "pap", "en"], "extra": 1}'"#,
        &[9, 13],
    )
    .await;
}

#[tokio::test]
async fn filter_range_contains_contained_by_overlaps() {
    assert_ids(
        reservations().contains("seats", "[2,4)"),
        "reservations",
        "seats @> '[2,4)'::int4range",
        &[1, 3],
    )
    .await;
    assert_ids(
        reservations().contained_by("seats", "[0,10)"),
        "reservations",
        "seats <@ '[0,10)'::int4range",
        &[1, 2],
    )
    .await;
    assert_ids(
        reservations().overlaps("seats", "[4,6)"),
        "reservations",
        "seats && '[4,6)'::int4range",
        &[1, 2, 3],
    )
    .await;
    assert_ids(
        reservations().overlaps("during", "[2024-01-01 11:00:00+00,2024-01-01 13:00:00+00)"),
        "reservations",
        "during && '[2024-01-01 11:00:00+00,2024-01-01 13:00:00+00)'::tstzrange",
        &[1, 2],
    )
    .await;
    assert_ids(
        reservations().contains("days", "[2024-01-11,2024-01-12)"),
        "reservations",
        "days @> '[2024-01-11,2024-01-12)'::daterange",
        &[3],
    )
    .await;
}

// ------------------------------------------------------------------------------------------------
// Filters: range operators
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn filter_range_operators_on_int4range() {
    assert_ids(
        reservations().range_gt("seats", "[1,10)"),
        "reservations",
        "seats >> '[1,10)'::int4range",
        &[4],
    )
    .await;
    assert_ids(
        reservations().range_gte("seats", "[5,6)"),
        "reservations",
        "seats &> '[5,6)'::int4range",
        &[2, 4],
    )
    .await;
    assert_ids(
        reservations().range_lt("seats", "[20,30)"),
        "reservations",
        "seats << '[20,30)'::int4range",
        &[1, 2, 3],
    )
    .await;
    assert_ids(
        reservations().range_lte("seats", "[0,10)"),
        "reservations",
        "seats &< '[0,10)'::int4range",
        &[1, 2],
    )
    .await;
    assert_ids(
        reservations().range_adjacent("seats", "[10,20)"),
        "reservations",
        "seats -|- '[10,20)'::int4range",
        &[2],
    )
    .await;
}

#[tokio::test]
async fn filter_range_operators_on_tstzrange() {
    assert_ids(
        reservations().range_gt("during", "[2024-01-01 00:00:00+00,2024-01-02 00:00:00+00)"),
        "reservations",
        "during >> '[2024-01-01 00:00:00+00,2024-01-02 00:00:00+00)'::tstzrange",
        &[3, 4],
    )
    .await;
    assert_ids(
        reservations().range_gte("during", "[2024-01-01 12:00:00+00,2024-01-01 13:00:00+00)"),
        "reservations",
        "during &> '[2024-01-01 12:00:00+00,2024-01-01 13:00:00+00)'::tstzrange",
        &[2, 3, 4],
    )
    .await;
    assert_ids(
        reservations().range_lt("during", "[2024-01-02 00:00:00+00,2024-01-03 00:00:00+00)"),
        "reservations",
        "during << '[2024-01-02 00:00:00+00,2024-01-03 00:00:00+00)'::tstzrange",
        &[1, 2],
    )
    .await;
    assert_ids(
        reservations().range_lte("during", "[2024-01-01 00:00:00+00,2024-01-01 12:00:00+00)"),
        "reservations",
        "during &< '[2024-01-01 00:00:00+00,2024-01-01 12:00:00+00)'::tstzrange",
        &[1],
    )
    .await;
    assert_ids(
        reservations().range_adjacent("during", "[2024-01-01 14:00:00+00,2024-01-01 15:00:00+00)"),
        "reservations",
        "during -|- '[2024-01-01 14:00:00+00,2024-01-01 15:00:00+00)'::tstzrange",
        &[2],
    )
    .await;
}

#[tokio::test]
async fn filter_range_operators_on_daterange_skip_null() {
    assert_ids(
        reservations().range_gt("days", "[2024-01-01,2024-01-05)"),
        "reservations",
        "days >> '[2024-01-01,2024-01-05)'::daterange",
        &[3],
    )
    .await;
    assert_ids(
        reservations().range_gte("days", "[2024-01-02,2024-01-03)"),
        "reservations",
        "days &> '[2024-01-02,2024-01-03)'::daterange",
        &[2, 3],
    )
    .await;
    assert_ids(
        reservations().range_lt("days", "[2024-01-05,2024-01-10)"),
        "reservations",
        "days << '[2024-01-05,2024-01-10)'::daterange",
        &[1, 2],
    )
    .await;
    assert_ids(
        reservations().range_lte("days", "[2024-01-01,2024-01-05)"),
        "reservations",
        "days &< '[2024-01-01,2024-01-05)'::daterange",
        &[1, 2],
    )
    .await;
    assert_ids(
        reservations().range_adjacent("days", "[2024-01-05,2024-01-10)"),
        "reservations",
        "days -|- '[2024-01-05,2024-01-10)'::daterange",
        &[2, 3],
    )
    .await;
}

// ------------------------------------------------------------------------------------------------
// Filters: full-text search
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn filter_text_search_every_type_with_config() {
    let english = || TextSearchOptions::new().config("english");
    // fts: to_tsquery syntax.
    assert_ids(
        countries().text_search("search", "island & country", english()),
        "countries",
        "search @@ to_tsquery('english', 'island & country')",
        &[3, 4, 14],
    )
    .await;
    assert_ids(
        countries().text_search("search", "wine | federal", english()),
        "countries",
        "search @@ to_tsquery('english', 'wine | federal')",
        &[1, 2, 7],
    )
    .await;
    // plfts: plain words, all required.
    assert_ids(
        countries().text_search(
            "search",
            "europe countries",
            english().search_type(TextSearchType::Plain),
        ),
        "countries",
        "search @@ plainto_tsquery('english', 'europe countries')",
        &[1, 2],
    )
    .await;
    // phfts: the words in this order, adjacent.
    assert_ids(
        countries().text_search(
            "search",
            "federal country",
            english().search_type(TextSearchType::Phrase),
        ),
        "countries",
        "search @@ phraseto_tsquery('english', 'federal country')",
        &[2],
    )
    .await;
    assert_ids(
        countries().text_search(
            "search",
            "country federal",
            english().search_type(TextSearchType::Phrase),
        ),
        "countries",
        "search @@ phraseto_tsquery('english', 'country federal')",
        &[],
    )
    .await;
    // wfts: web search syntax (quotes, or, -).
    assert_ids(
        countries().text_search(
            "search",
            "island -pacific",
            english().search_type(TextSearchType::Websearch),
        ),
        "countries",
        "search @@ websearch_to_tsquery('english', 'island -pacific')",
        &[3, 4, 10],
    )
    .await;
    assert_ids(
        countries().text_search(
            "search",
            "\"island country\" or wine",
            english().search_type(TextSearchType::Websearch),
        ),
        "countries",
        "search @@ websearch_to_tsquery('english', '\"island country\" or wine')",
        &[1, 3, 4, 14],
    )
    .await;
}

#[tokio::test]
async fn filter_text_search_without_config_uses_the_server_default() {
    // No config: the database's default_text_search_config (compared with SQL run the same way).
    let default = stack().psql("show default_text_search_config");
    assert_eq!(default, "pg_catalog.english");
    assert_ids(
        countries().text_search("search", "island & country", TextSearchOptions::new()),
        "countries",
        "search @@ to_tsquery('island & country')",
        &[3, 4, 14],
    )
    .await;
    assert_ids(
        countries().text_search(
            "search",
            "island countries",
            TextSearchOptions::new().search_type(TextSearchType::Plain),
        ),
        "countries",
        "search @@ plainto_tsquery('island countries')",
        &[3, 4, 14],
    )
    .await;
    assert_ids(
        countries().text_search(
            "search",
            "western europe",
            TextSearchOptions::new().search_type(TextSearchType::Phrase),
        ),
        "countries",
        "search @@ phraseto_tsquery('western europe')",
        &[1],
    )
    .await;
    assert_ids(
        countries().text_search(
            "search",
            "caribbean -nevis",
            TextSearchOptions::new().search_type(TextSearchType::Websearch),
        ),
        "countries",
        "search @@ websearch_to_tsquery('caribbean -nevis')",
        &[],
    )
    .await;
}

// ------------------------------------------------------------------------------------------------
// Filters: match, not, or, raw, logic trees
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn filter_match_several_keys() {
    assert_ids(
        countries().match_([("continent", "North America"), ("code", "KN")]),
        "countries",
        "continent = 'North America' and code = 'KN'",
        &[10],
    )
    .await;
    assert_ids(
        countries().match_([
            ("continent", "Europe"),
            ("name", "Ísland"),
            ("founded", "1944-06-17"),
        ]),
        "countries",
        "continent = 'Europe' and name = 'Ísland' and founded = '1944-06-17'",
        &[3],
    )
    .await;
    assert_ids(
        countries().match_([("continent", "Europe"), ("code", "US")]),
        "countries",
        "continent = 'Europe' and code = 'US'",
        &[],
    )
    .await;
}

#[tokio::test]
async fn filter_not_before_eq_in_is_like_contains() {
    assert_ids(
        countries().not_().eq("continent", "Europe"),
        "countries",
        "not (continent = 'Europe')",
        &[4, 5, 6, 7, 8, 9, 10, 13, 14],
    )
    .await;
    assert_ids(
        countries().not_().in_(
            "name",
            ["St. Kitts (and Nevis)", "a\"quote", "France", "Germany"],
        ),
        "countries",
        "name not in ('St. Kitts (and Nevis)', 'a\"quote', 'France', 'Germany')",
        &[3, 4, 5, 6, 7, 8, 9, 12, 13, 14],
    )
    .await;
    assert_ids(
        countries().not_().is_("population", IsValue::Null),
        "countries",
        "population is not null",
        &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14],
    )
    .await;
    assert_ids(
        countries().not_().like("name", "*a*"),
        "countries",
        "name not like '%a%'",
        &[8],
    )
    .await;
    assert_ids(
        countries()
            .not_()
            .contains("tags", ContainValue::array(["island"])),
        "countries",
        "not (tags @> array['island'])",
        &[1, 2, 5, 6, 7, 8, 12, 13],
    )
    .await;
    // Several negations in one query, and a normal filter after them.
    assert_ids(
        countries()
            .not_()
            .is_("continent", IsValue::Null)
            .not_()
            .eq("continent", "Europe")
            .lt("population", 100_000_000),
        "countries",
        "continent is not null and not (continent = 'Europe') and population < 100000000",
        &[8, 9, 10, 13, 14],
    )
    .await;
}

#[tokio::test]
async fn filter_not_or() {
    assert_ids(
        countries()
            .not_()
            .or_("continent.eq.Europe,continent.is.null,population.gt.1000000000"),
        "countries",
        "not (continent = 'Europe' or continent is null or population > 1000000000)",
        &[4, 6, 7, 8, 9, 10, 13, 14],
    )
    .await;
}

#[tokio::test]
async fn filter_or_with_nested_and() {
    assert_ids(
        countries().or_("id.eq.1,and(continent.eq.Asia,population.gt.200000000)"),
        "countries",
        "id = 1 or (continent = 'Asia' and population > 200000000)",
        &[1, 5],
    )
    .await;
    // Deeper: or(…, and(…, or(…))), and a quoted value with a comma written by hand.
    assert_ids(
        countries().or_(
            r#"name.eq."Bonaire, Sint Eustatius and Saba",and(continent.eq.Oceania,or(code.eq.NZ,population.lt.10))"#,
        ),
        "countries",
        "name = 'Bonaire, Sint Eustatius and Saba' or (continent = 'Oceania' and \
         (code = 'NZ' or population < 10))",
        &[9, 13, 14],
    )
    .await;
    // Two or_ calls are ANDed.
    assert_ids(
        countries()
            .or_("continent.eq.Europe,continent.eq.Asia")
            .or_("code.eq.FR,code.eq.JP,code.eq.US"),
        "countries",
        "(continent = 'Europe' or continent = 'Asia') and code in ('FR', 'JP', 'US')",
        &[1, 4],
    )
    .await;
}

#[tokio::test]
async fn filter_or_referenced_on_embedded_table() {
    let rows: Value = client()
        .from("countries")
        .select("name, cities(name)")
        .or_referenced("cities", "name.eq.Paris,population.lt.600000")
        .in_("id", [1, 2, 14])
        .order("id", Order::asc())
        .order("id", Order::asc().referenced_table("cities"))
        .execute()
        .await
        .expect("or on cities")
        .data;
    assert_eq!(
        rows,
        json!([
            { "name": "France", "cities": [{ "name": "Paris" }, { "name": "Lyon" }] },
            { "name": "Germany", "cities": [] },
            { "name": "New Zealand", "cities": [{ "name": "Wellington" }] },
        ])
    );
    // With !inner, the or on the embedded table filters the parents too.
    assert_ids(
        client()
            .from("countries")
            .select("id, cities!inner(id)")
            .or_referenced("cities", "name.eq.Osaka,name.eq.Munich")
            .order("id", Order::asc()),
        "countries",
        "exists (select 1 from cities where country_id = countries.id \
         and (name = 'Osaka' or name = 'Munich'))",
        &[2, 4],
    )
    .await;
}

#[tokio::test]
async fn filter_raw() {
    assert_ids(
        countries().filter("name", "in", r#"("a\"quote","St. Kitts (and Nevis)")"#),
        "countries",
        "name in ('a\"quote', 'St. Kitts (and Nevis)')",
        &[10, 11],
    )
    .await;
    assert_ids(
        countries().filter("tags", "cs", "{island,caribbean}"),
        "countries",
        "tags @> array['island', 'caribbean']",
        &[9, 10],
    )
    .await;
    assert_ids(
        countries().filter("population", "not.gte", 1_000_000),
        "countries",
        "not (population >= 1000000)",
        &[3, 9, 10, 12, 13],
    )
    .await;
}

#[tokio::test]
async fn filter_any_of_and_all_of_with_conditions() {
    // Values with `,` `.` `(` `)` `"` `\` `'` and non-ASCII, quoted by Condition.
    assert_ids(
        countries().any_of([
            Condition::eq("name", "St. Kitts (and Nevis)"),
            Condition::eq("name", "a\"quote"),
            Condition::eq("name", "back\\slash"),
            Condition::in_(
                "name",
                ["Bonaire, Sint Eustatius and Saba", "Côte d'Ivoire"],
            ),
            Condition::all([
                Condition::eq("continent", "Asia"),
                Condition::gt("population", 1_000_000_000),
            ]),
        ]),
        "countries",
        "name in ('St. Kitts (and Nevis)', 'a\"quote', 'back\\slash', \
         'Bonaire, Sint Eustatius and Saba', 'Côte d''Ivoire') \
         or (continent = 'Asia' and population > 1000000000)",
        &[5, 8, 9, 10, 11, 12],
    )
    .await;
    assert_ids(
        countries().any_of([
            Condition::contains("tags", ["with,comma", "back\\slash"]),
            Condition::contained_by("tags", ["asia", "island"]),
            Condition::is_("code", IsValue::Null),
        ]),
        "countries",
        "tags @> array['with,comma', 'back\\slash'] or tags <@ array['asia', 'island'] \
         or code is null",
        &[4, 5, 11, 12, 13],
    )
    .await;
    assert_ids(
        countries().all_of([
            Condition::ilike("name", "*land*"),
            Condition::gt("population", 1_000_000),
        ]),
        "countries",
        "name ilike '%land%' and population > 1000000",
        &[14],
    )
    .await;
    assert_ids(
        countries().all_of([
            Condition::like("name", "*(*"),
            Condition::neq("code", "XX"),
            Condition::is_distinct("continent", "Europe"),
        ]),
        "countries",
        "name like '%(%' and code <> 'XX' and continent is distinct from 'Europe'",
        &[10],
    )
    .await;
    // Negations: of a leaf and of a whole group (`not.and=(…)`).
    assert_ids(
        countries().any_of([
            Condition::eq("continent", "Europe").not(),
            Condition::eq("code", "FR"),
        ]),
        "countries",
        "not (continent = 'Europe') or code = 'FR'",
        &[1, 4, 5, 6, 7, 8, 9, 10, 13, 14],
    )
    .await;
    assert_ids(
        countries().not_().all_of([
            Condition::eq("continent", "Europe"),
            Condition::gt("population", 50_000_000),
        ]),
        "countries",
        "not (continent = 'Europe' and population > 50000000)",
        &[3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14],
    )
    .await;
    assert_ids(
        countries().any_of([Condition::any([
            Condition::eq("code", "JP"),
            Condition::eq("code", "IN"),
        ])
        .not()]),
        "countries",
        "not (code = 'JP' or code = 'IN')",
        &[1, 2, 3, 6, 7, 8, 9, 10, 12, 13, 14],
    )
    .await;
}

#[tokio::test]
async fn filter_on_unknown_column_is_an_error_kept_whole() {
    let err = server_error(countries().eq("no_such_column", 1)).await;
    assert_eq!(err.status, 400, "{err:?}");
    assert_eq!(err.code.as_deref(), Some("42703"), "{err:?}");
    assert!(err.message.contains("no_such_column"), "{err:?}");
    // A malformed filter is PostgREST's parse error PGRST100.
    let err = server_error(countries().filter("id", "nosuchop", 1)).await;
    assert_eq!(err.status, 400, "{err:?}");
    assert_eq!(err.code.as_deref(), Some("PGRST100"), "{err:?}");
    assert!(err.details.is_some(), "{err:?}");
}

// ------------------------------------------------------------------------------------------------
// Modifiers: order, limit, range
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn order_asc_and_desc() {
    let asc = ids_of(
        client()
            .from("countries")
            .select("id")
            .not_()
            .is_("population", IsValue::Null)
            .order("population", Order::asc()),
    )
    .await;
    assert_eq!(asc, [12, 13, 9, 10, 3, 14, 8, 1, 2, 4, 6, 7, 5]);
    let desc = ids_of(
        client()
            .from("countries")
            .select("id")
            .not_()
            .is_("population", IsValue::Null)
            .order("population", Order::desc()),
    )
    .await;
    assert_eq!(desc, [5, 7, 6, 4, 2, 1, 8, 14, 3, 10, 9, 13, 12]);
    let from_sql: Vec<i64> = serde_json::from_str(&stack().psql(
        "select json_agg(id order by population desc) from countries where population is not null",
    ))
    .expect("json");
    assert_eq!(desc, from_sql);
}

#[tokio::test]
async fn order_nulls_first_and_last_on_nullable_column() {
    // founded is NULL for 4 and 11; id breaks the tie.
    let order = |o: Order| {
        client()
            .from("countries")
            .select("id")
            .order("founded", o)
            .order("id", Order::asc())
    };
    let sql = |clause: &str| -> Vec<i64> {
        serde_json::from_str(&stack().psql(&format!(
            "select json_agg(id order by founded {clause}, id) from countries"
        )))
        .expect("json")
    };
    let asc_first = ids_of(order(Order::asc().nulls_first())).await;
    assert_eq!(asc_first, [4, 11, 7, 1, 6, 2, 14, 3, 5, 8, 10, 13, 12, 9]);
    assert_eq!(asc_first, sql("asc nulls first"));
    let asc_last = ids_of(order(Order::asc().nulls_last())).await;
    assert_eq!(asc_last, [7, 1, 6, 2, 14, 3, 5, 8, 10, 13, 12, 9, 4, 11]);
    assert_eq!(asc_last, sql("asc nulls last"));
    let desc_first = ids_of(order(Order::desc().nulls_first())).await;
    assert_eq!(desc_first, sql("desc nulls first"));
    assert_eq!(&desc_first[..3], [4, 11, 9]);
    let desc_last = ids_of(order(Order::desc().nulls_last())).await;
    assert_eq!(desc_last, sql("desc nulls last"));
    assert_eq!(&desc_last[11..], [7, 4, 11]);
    // Postgres's default: NULLs last ascending, first descending.
    assert_eq!(ids_of(order(Order::asc())).await, asc_last);
    assert_eq!(ids_of(order(Order::desc())).await, desc_first);
}

#[tokio::test]
async fn order_by_several_columns() {
    let rows: Vec<Country> = client()
        .from("countries")
        .select("id, name")
        .order("continent", Order::asc().nulls_first())
        .order("population", Order::desc())
        .execute()
        .await
        .expect("order")
        .data;
    let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
    let from_sql: Vec<i64> = serde_json::from_str(&stack().psql(
        "select json_agg(id order by continent asc nulls first, population desc) from countries",
    ))
    .expect("json");
    assert_eq!(ids, from_sql);
    assert_eq!(ids, [11, 12, 8, 5, 4, 2, 1, 3, 7, 10, 9, 14, 13, 6]);
}

#[tokio::test]
async fn order_referenced_table() {
    let rows: Value = client()
        .from("countries")
        .select("name, cities(name)")
        .in_("id", [1, 2])
        .order("id", Order::asc())
        .order("name", Order::desc().referenced_table("cities"))
        .execute()
        .await
        .expect("order on cities")
        .data;
    assert_eq!(
        rows,
        json!([
            { "name": "France", "cities": [
                { "name": "Paris" }, { "name": "Marseille" }, { "name": "Lyon" }] },
            { "name": "Germany", "cities": [{ "name": "Munich" }, { "name": "Berlin" }] },
        ])
    );
    // Several columns on the referenced table: is_capital first, then population.
    let rows: Value = client()
        .from("countries")
        .select("cities(name)")
        .eq("id", 1)
        .order("is_capital", Order::desc().referenced_table("cities"))
        .order("population", Order::asc().referenced_table("cities"))
        .single()
        .execute()
        .await
        .expect("order on cities")
        .data;
    assert_eq!(
        rows,
        json!({ "cities": [{ "name": "Paris" }, { "name": "Lyon" }, { "name": "Marseille" }] })
    );
}

#[tokio::test]
async fn limit_and_limit_referenced() {
    assert_eq!(
        ids_of(countries().limit(3)).await,
        [1, 2, 3],
        "limit on the top level"
    );
    assert_eq!(ids_of(countries().limit(0)).await, Vec::<i64>::new());
    let rows: Value = client()
        .from("countries")
        .select("name, cities(name)")
        .in_("id", [1, 2, 5])
        .order("id", Order::asc())
        .order("id", Order::asc().referenced_table("cities"))
        .limit_referenced("cities", 1)
        .execute()
        .await
        .expect("limit on cities")
        .data;
    assert_eq!(
        rows,
        json!([
            { "name": "France", "cities": [{ "name": "Paris" }] },
            { "name": "Germany", "cities": [{ "name": "Berlin" }] },
            { "name": "India", "cities": [] },
        ])
    );
}

#[tokio::test]
async fn range_and_range_referenced() {
    let res: PostgrestResponse<Vec<IdRow>> =
        countries().range(2, 4).execute().await.expect("range");
    assert_eq!(res.status, 200, "no count asked: a plain 200");
    assert_eq!(res.data.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 4, 5]);
    assert_eq!(ids_of(countries().range(13, 20)).await, [14]);
    assert_eq!(ids_of(countries().range(20, 29)).await, Vec::<i64>::new());
    // range() after limit() replaces the limit; limit() after range() keeps the offset.
    assert_eq!(ids_of(countries().limit(10).range(1, 2)).await, [2, 3]);
    assert_eq!(ids_of(countries().range(3, 4).limit(3)).await, [4, 5, 6]);
    let rows: Value = client()
        .from("countries")
        .select("name, cities(name)")
        .eq("id", 1)
        .order("id", Order::asc().referenced_table("cities"))
        .range_referenced("cities", 1, 2)
        .execute()
        .await
        .expect("range on cities")
        .data;
    assert_eq!(
        rows,
        json!([{ "name": "France", "cities": [{ "name": "Lyon" }, { "name": "Marseille" }] }])
    );
}

// ------------------------------------------------------------------------------------------------
// Modifiers: single, maybe_single
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn single_one_row_is_an_object() {
    let res: PostgrestResponse<Country> = client()
        .from("countries")
        .select("id, name")
        .eq("code", "CI")
        .single()
        .execute()
        .await
        .expect("single");
    assert_eq!(res.status, 200);
    assert_eq!(res.data, country(8, "Côte d'Ivoire"));
    let as_value: Value = client()
        .from("countries")
        .select("id, name")
        .eq("id", 11)
        .single()
        .execute()
        .await
        .expect("single")
        .data;
    assert_eq!(as_value, json!({ "id": 11, "name": "a\"quote" }));
}

#[tokio::test]
async fn single_zero_or_many_rows_is_pgrst116_406() {
    let err = server_error(
        client()
            .from("countries")
            .select("id")
            .eq("code", "none")
            .single(),
    )
    .await;
    assert_eq!(err.status, 406, "{err:?}");
    assert_eq!(err.code.as_deref(), Some("PGRST116"));
    assert_eq!(
        err.message,
        "JSON object requested, multiple (or no) rows returned"
    );
    assert_eq!(err.details.as_deref(), Some("The result contains 0 rows"));

    let err = server_error(
        client()
            .from("countries")
            .select("id")
            .eq("continent", "Europe")
            .single(),
    )
    .await;
    assert_eq!(err.status, 406, "{err:?}");
    assert_eq!(err.code.as_deref(), Some("PGRST116"));
    assert_eq!(err.details.as_deref(), Some("The result contains 3 rows"));
}

#[tokio::test]
async fn maybe_single_zero_one_and_two_rows() {
    let none: PostgrestResponse<Option<Country>> = client()
        .from("countries")
        .select("id, name")
        .eq("code", "none")
        .maybe_single()
        .execute()
        .await
        .expect("zero rows");
    assert_eq!(none.status, 200);
    assert_eq!(none.data, None);

    let one: Option<Country> = client()
        .from("countries")
        .select("id, name")
        .eq("code", "BQ")
        .maybe_single()
        .execute()
        .await
        .expect("one row")
        .data;
    assert_eq!(one, Some(country(9, "Bonaire, Sint Eustatius and Saba")));

    let two = client()
        .from("countries")
        .select("id, name")
        .in_("id", [1, 2])
        .maybe_single()
        .execute::<Option<Country>>()
        .await
        .expect_err("two rows");
    let Error::Postgrest(err) = two else {
        panic!("expected the client-made PGRST116, got {two:?}");
    };
    assert_eq!(err.status, 406);
    assert_eq!(err.code.as_deref(), Some("PGRST116"));
    assert_eq!(
        err.message,
        "JSON object requested, multiple (or no) rows returned"
    );
    assert_eq!(
        err.details.as_deref(),
        Some("Results contain 2 rows, application/vnd.pgrst.object+json requires 1 row")
    );
    assert_eq!(err.hint, None);
}

// ------------------------------------------------------------------------------------------------
// Modifiers: output formats
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn csv_exact_text() {
    let res: PostgrestResponse<String> = client()
        .from("countries")
        .select("id, name, code, population")
        .in_("id", [8, 9, 11, 12])
        .order("id", Order::asc())
        .csv()
        .execute()
        .await
        .expect("csv");
    assert_eq!(res.status, 200);
    assert_eq!(
        res.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/csv; charset=utf-8")
    );
    // PostgREST 12 writes each row as Postgres's record text form without the parentheses: a
    // value with a space, comma, quote or backslash is double-quoted, `"` and `\` are doubled,
    // NULL is empty, and there is no trailing newline.
    assert_eq!(
        res.data,
        r#"id,name,code,population
8,"Côte d'Ivoire",CI,28873034
9,"Bonaire, Sint Eustatius and Saba",BQ,27148
11,"a""quote",,
12,"back\\slash",XX,0"#
    );
}

#[tokio::test]
async fn explain_text_json_and_analyze() {
    let text: PostgrestResponse<String> = client()
        .from("countries")
        .select("id, name")
        .explain(ExplainOptions::default())
        .execute()
        .await
        .expect("explain text");
    assert_eq!(text.status, 200);
    assert!(text.data.contains("Seq Scan on countries"), "{}", text.data);
    assert!(text.data.contains("cost="), "{}", text.data);
    assert!(!text.data.contains("actual time="), "{}", text.data);

    let analyzed: String = client()
        .from("countries")
        .select("id")
        .explain(ExplainOptions::default().analyze(true))
        .execute()
        .await
        .expect("explain analyze")
        .data;
    assert!(analyzed.contains("actual time="), "{analyzed}");
    assert!(analyzed.contains("Execution Time"), "{analyzed}");

    let json_plan: Value = client()
        .from("countries")
        .select("id")
        .eq("continent", "Europe")
        .explain(
            ExplainOptions::default()
                .format(ExplainFormat::Json)
                .analyze(true)
                .verbose(true),
        )
        .execute()
        .await
        .expect("explain json")
        .data;
    let plan = &json_plan[0]["Plan"];
    assert!(plan.is_object(), "{json_plan}");
    assert!(plan["Node Type"].is_string(), "{json_plan}");
    assert!(plan["Actual Total Time"].is_number(), "{json_plan}");
    assert!(
        json_plan.to_string().contains("\"Seq Scan\""),
        "{json_plan}"
    );
    assert!(
        json_plan.to_string().contains("continent"),
        "verbose plans show the filter: {json_plan}"
    );
}

#[tokio::test]
async fn explain_of_single_and_csv_plans_the_same_query() {
    let plan: String = client()
        .from("countries")
        .select("id")
        .eq("id", 1)
        .single()
        .explain(ExplainOptions::default())
        .execute()
        .await
        .expect("explain single")
        .data;
    assert!(plan.contains("countries"), "{plan}");
    let plan: String = client()
        .from("countries")
        .select("id")
        .csv()
        .explain(ExplainOptions::default())
        .execute()
        .await
        .expect("explain csv")
        .data;
    assert!(plan.contains("Seq Scan on countries"), "{plan}");
}

#[tokio::test]
async fn strip_nulls_drops_null_keys() {
    let rows: Value = client()
        .from("countries")
        .select("id, name, code, population, continent")
        .in_("id", [11, 12])
        .order("id", Order::asc())
        .strip_nulls()
        .execute()
        .await
        .expect("strip nulls")
        .data;
    assert_eq!(
        rows,
        json!([
            { "id": 11, "name": "a\"quote" },
            { "id": 12, "name": "back\\slash", "code": "XX", "population": 0 },
        ])
    );
    let one: Value = client()
        .from("users")
        .select("*")
        .eq("username", "carol")
        .single()
        .strip_nulls()
        .execute()
        .await
        .expect("strip nulls single")
        .data;
    assert_eq!(
        one,
        json!({
            "id": 3, "username": "carol", "status": "AWAY",
            "created_at": "2024-01-03T12:45:00+00:00"
        })
    );
}

#[tokio::test]
async fn geojson_without_postgis_is_an_error_kept_whole() {
    let query = || {
        client()
            .from("countries")
            .select("id, name")
            .eq("id", 1)
            .geojson()
    };
    let request = query().build().expect("a well-formed request");
    assert_eq!(request.header("accept"), Some("application/geo+json"));
    assert_eq!(request.url().query(), Some("select=id%2Cname&id=eq.1"));
    // PostgREST 12.0.2 accepts the media type and builds `ST_AsGeoJSON(...)`; without PostGIS
    // Postgres answers "function does not exist" (42883), which PostgREST maps to 404.
    let err = server_error(query()).await;
    assert_eq!(err.status, 404, "{err:?}");
    assert_eq!(err.code.as_deref(), Some("42883"), "{err:?}");
    assert_eq!(err.message, "function st_asgeojson(record) does not exist");
    assert_eq!(err.details, None);
    assert!(
        err.hint
            .as_deref()
            .is_some_and(|h| h.contains("No function matches")),
        "{err:?}"
    );
}

// ------------------------------------------------------------------------------------------------
// Counting
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn head_with_count_has_no_data() {
    let res: PostgrestResponse<Value> = client()
        .from("countries")
        .select("*")
        .count(CountMethod::Exact)
        .head()
        .execute()
        .await
        .expect("head");
    assert_eq!(res.status, 200);
    assert_eq!(res.data, Value::Null);
    assert_eq!(res.count, Some(14));

    let res: PostgrestResponse<()> = client()
        .from("countries")
        .select("id")
        .eq("continent", "North America")
        .count(CountMethod::Exact)
        .head()
        .execute()
        .await
        .expect("head");
    assert_eq!(res.count, Some(3));

    // HEAD without a count: no data and no count, just the status.
    let res: PostgrestResponse<Option<Value>> = client()
        .from("countries")
        .select("*")
        .head()
        .execute()
        .await
        .expect("head");
    assert_eq!(res.status, 200);
    assert_eq!(res.data, None);
    assert_eq!(res.count, None);
}

#[tokio::test]
async fn count_exact_planned_estimated() {
    let exact: PostgrestResponse<Vec<IdRow>> = countries()
        .eq("continent", "Oceania")
        .count(CountMethod::Exact)
        .execute()
        .await
        .expect("exact");
    let sql: u64 = stack()
        .psql("select count(*) from countries where continent = 'Oceania'")
        .parse()
        .expect("count");
    assert_eq!(exact.count, Some(sql));
    assert_eq!(exact.count, Some(2));
    assert_eq!(exact.data.len(), 2);

    // Without a count, none is reported.
    let none: PostgrestResponse<Vec<IdRow>> = countries().execute().await.expect("no count");
    assert_eq!(none.count, None);

    stack().psql("analyze countries");
    let planned: PostgrestResponse<Vec<IdRow>> = countries()
        .count(CountMethod::Planned)
        .execute()
        .await
        .expect("planned");
    assert_eq!(planned.data.len(), 14);
    assert_eq!(
        planned.count,
        Some(14),
        "after ANALYZE the planner knows the table has 14 rows"
    );
    let estimated: PostgrestResponse<Vec<IdRow>> = countries()
        .gt("population", 100_000_000)
        .count(CountMethod::Estimated)
        .execute()
        .await
        .expect("estimated");
    assert_eq!(estimated.data.len(), 4);
    assert!(estimated.count.is_some(), "{:?}", estimated.count);
}

#[tokio::test]
async fn count_with_range_is_206_partial_content() {
    let res: PostgrestResponse<Vec<IdRow>> = countries()
        .range(0, 2)
        .count(CountMethod::Exact)
        .execute()
        .await
        .expect("range with count");
    assert_eq!(res.status, 206);
    assert_eq!(res.count, Some(14));
    assert_eq!(res.data.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(
        res.headers
            .get("content-range")
            .and_then(|v| v.to_str().ok()),
        Some("0-2/14")
    );
    // The whole result in range: 200.
    let all: PostgrestResponse<Vec<IdRow>> = countries()
        .range(0, 99)
        .count(CountMethod::Exact)
        .execute()
        .await
        .expect("whole range");
    assert_eq!(all.status, 200);
    assert_eq!(all.count, Some(14));
}

// ------------------------------------------------------------------------------------------------
// Timeouts
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn per_request_timeout() {
    // The fixture has no slow function or view (no pg_sleep), so a timeout against PostgREST
    // cannot be provoked. A generous timeout on the real server succeeds...
    let ok: Vec<IdRow> = countries()
        .timeout(Duration::from_secs(10))
        .execute()
        .await
        .expect("within the timeout")
        .data;
    assert_eq!(ok.len(), 14);

    // ...and a short one against a listener that never answers ends in `Error::Timeout`,
    // without retries (the whole call stays well under the retry backoff of 1 s).
    let silent = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    let url = format!("http://{}", silent.local_addr().expect("addr"));
    let started = std::time::Instant::now();
    let err = Client::new(&url, &stack().anon_key)
        .expect("client")
        .from("countries")
        .select("id")
        .timeout(Duration::from_millis(200))
        .execute::<Value>()
        .await
        .expect_err("the server never answers");
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    drop(silent);
}

// ------------------------------------------------------------------------------------------------
// Schemas and views
// ------------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: i64,
    name: String,
    price: f64,
}

fn fixture_items() -> Vec<Item> {
    vec![
        Item {
            id: 1,
            name: "widget".into(),
            price: 9.99,
        },
        Item {
            id: 2,
            name: "gadget".into(),
            price: 24.5,
        },
        Item {
            id: 3,
            name: "doohickey".into(),
            price: 0.99,
        },
    ]
}

#[tokio::test]
async fn schema_switching_on_the_client_and_on_the_query() {
    let via_client: PostgrestResponse<Vec<Item>> = client()
        .schema("api2")
        .from("items")
        .select("*")
        .order("id", Order::asc())
        .execute()
        .await
        .expect("client.schema");
    assert_eq!(via_client.data, fixture_items());
    let via_query: Vec<Item> = client()
        .from("items")
        .schema("api2")
        .select("id, name, price")
        .order("id", Order::asc())
        .execute()
        .await
        .expect("from().schema")
        .data;
    assert_eq!(via_query, fixture_items());
    // Filters work the same in the other schema.
    let cheap: Vec<Item> = client()
        .from("items")
        .schema("api2")
        .select("*")
        .lt("price", 10)
        .order("price", Order::desc())
        .execute()
        .await
        .expect("filtered")
        .data;
    assert_eq!(cheap.iter().map(|i| i.id).collect::<Vec<_>>(), [1, 3]);

    // In the default schema the table does not exist: PostgREST 12.0.2 says 404 / 42P01.
    let err = server_error(client().from("items").select("*")).await;
    assert_eq!(err.status, 404, "{err:?}");
    assert_eq!(err.code.as_deref(), Some("42P01"), "{err:?}");
    // An unexposed schema is refused with PGRST106.
    let err = server_error(client().schema("auth").from("items").select("*")).await;
    assert_eq!(err.status, 406, "{err:?}");
    assert_eq!(err.code.as_deref(), Some("PGRST106"), "{err:?}");
}

#[tokio::test]
async fn reading_a_view() {
    #[derive(Debug, Deserialize)]
    struct BigCountry {
        id: i64,
        name: String,
        population: i64,
        continent: String,
    }
    let rows: Vec<BigCountry> = client()
        .from("big_countries")
        .select("*")
        .order("id", Order::asc())
        .execute()
        .await
        .expect("view")
        .data;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, [1, 2, 4, 5, 6, 7]);
    assert_eq!(ids, sql_ids("countries", "population > 50000000"));
    assert!(rows.iter().all(|r| r.population > 50_000_000));
    assert_eq!(rows[3].name, "India");
    assert_eq!(rows[3].continent, "Asia");
    // Filters and an embed through the view's id.
    let rows: Value = client()
        .from("big_countries")
        .select("name, cities(name)")
        .eq("continent", "Asia")
        .order("id", Order::asc())
        .order("id", Order::asc().referenced_table("cities"))
        .execute()
        .await
        .expect("view with embed")
        .data;
    assert_eq!(
        rows,
        json!([
            { "name": "Japan", "cities": [{ "name": "Tokyo" }, { "name": "Osaka" }] },
            { "name": "India", "cities": [] },
        ])
    );
}

// ------------------------------------------------------------------------------------------------
// Auth: RLS and tokens
// ------------------------------------------------------------------------------------------------

#[derive(Debug)]
struct FixedToken(String);

impl TokenSource for FixedToken {
    fn access_token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Some(token) })
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct Todo {
    id: i64,
    owner: String,
    task: String,
}

fn todo(id: i64, owner: &str, task: &str) -> Todo {
    Todo {
        id,
        owner: owner.into(),
        task: task.into(),
    }
}

async fn todos(client: &Client) -> Vec<Todo> {
    client
        .from("todos")
        .select("id, owner, task")
        .order("id", Order::asc())
        .execute()
        .await
        .expect("todos")
        .data
}

#[tokio::test]
async fn rls_anon_key_versus_user_token() {
    let stack = stack();
    assert_eq!(
        todos(&client()).await,
        [todo(2, "alice", "alice public task")],
        "anon sees the public row only"
    );

    let alice_header = Client::builder(&stack.base_url, &stack.anon_key)
        .header(
            "Authorization",
            format!("Bearer {}", stack.user_token("alice")),
        )
        .build()
        .expect("client");
    let alice = [
        todo(1, "alice", "alice private task"),
        todo(2, "alice", "alice public task"),
    ];
    assert_eq!(todos(&alice_header).await, alice);

    let alice_source = Client::builder(&stack.base_url, &stack.anon_key)
        .token_source(Arc::new(FixedToken(stack.user_token("alice"))))
        .build()
        .expect("client");
    assert_eq!(todos(&alice_source).await, alice);

    let bob = client();
    bob.set_token_source(Some(Arc::new(FixedToken(stack.user_token("bob")))));
    assert_eq!(todos(&bob).await, [todo(3, "bob", "bob private task")]);
    // Filters apply on top of RLS: alice cannot reach bob's row.
    let none: Vec<Todo> = alice_header
        .from("todos")
        .select("id, owner, task")
        .eq("id", 3)
        .execute()
        .await
        .expect("filtered")
        .data;
    assert_eq!(none, []);

    let service = Client::new(&stack.base_url, &stack.service_key).expect("client");
    assert_eq!(todos(&service).await.len(), 3, "service_role bypasses RLS");
}

#[tokio::test]
async fn expired_token_is_401_pgrst301_kept_whole() {
    let stack = stack();
    let expired = stack.token(&json!({ "role": "authenticated", "sub": "alice", "exp": 1 }));
    let client = Client::builder(&stack.base_url, &stack.anon_key)
        .header("Authorization", format!("Bearer {expired}"))
        .build()
        .expect("client");
    let err = server_error(client.from("todos").select("id")).await;
    assert_eq!(err.status, 401, "{err:?}");
    assert_eq!(err.code.as_deref(), Some("PGRST301"), "{err:?}");
    assert_eq!(err.message, "JWT expired");

    // The same through a token source.
    let client = client_with_source(&expired);
    let err = client
        .from("todos")
        .select("id")
        .execute::<Value>()
        .await
        .expect_err("expired");
    assert_eq!(err.status(), Some(401));
    assert_eq!(
        err.postgrest().and_then(|e| e.code.as_deref()),
        Some("PGRST301")
    );
}

fn client_with_source(token: &str) -> Client {
    let stack = stack();
    Client::builder(&stack.base_url, &stack.anon_key)
        .token_source(Arc::new(FixedToken(token.to_owned())))
        .build()
        .expect("client")
}

// ------------------------------------------------------------------------------------------------
// execute_stream: rows as they arrive
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn execute_stream_yields_the_same_rows_as_execute_with_the_count() {
    let query = || {
        client()
            .from("countries")
            .select("id, name")
            .order("id", Order::asc())
            .count(CountMethod::Exact)
    };
    let whole = query().execute::<Vec<Country>>().await.unwrap();
    let mut stream = query().execute_stream::<Country>().await.unwrap();
    assert_eq!(stream.status(), whole.status);
    assert_eq!(stream.count(), whole.count);
    let mut rows = Vec::new();
    while let Some(row) = stream.next_row().await {
        rows.push(row.unwrap());
    }
    assert!(!rows.is_empty());
    assert_eq!(rows, whole.data);
}

#[tokio::test]
async fn execute_stream_of_a_set_returning_function_sums_like_sql() {
    use futures_util::StreamExt;
    let n = 50_000i64;
    let stream = client()
        .rpc("cg_series", json!({ "n": n }))
        .execute_stream::<i64>()
        .await
        .unwrap();
    let values: Vec<i64> = stream.map(|v| v.unwrap()).collect().await;
    assert_eq!(values.len() as i64, n);
    let sql: i64 = stack()
        .psql(&format!("select sum(v) from public.cg_series({n}) v"))
        .parse()
        .unwrap();
    assert_eq!(values.iter().sum::<i64>(), sql);
}

#[tokio::test]
async fn execute_stream_errors_are_those_of_execute() {
    let missing = client().from("no_such_table").select("*");
    let streamed = missing.clone().execute_stream::<Value>().await.unwrap_err();
    let whole = missing.execute::<Value>().await.unwrap_err();
    match (streamed, whole) {
        (Error::Postgrest(a), Error::Postgrest(b)) => assert_eq!(a, b),
        other => panic!("{other:?}"),
    }
    // A row that does not decode is a decode error keeping that row's text; the stream ends.
    let mut stream = countries().execute_stream::<String>().await.unwrap();
    match stream.next_row().await {
        Some(Err(Error::Decode { body, .. })) => assert_eq!(body, r#"{"id":1}"#),
        other => panic!("{other:?}"),
    }
    assert!(stream.next_row().await.is_none());
    // Shapes that are not an array of rows are refused before sending.
    let single = countries().single().execute_stream::<Value>().await;
    assert!(matches!(single, Err(Error::InvalidArgument(m)) if m.contains("single()")));
}

// ------------------------------------------------------------------------------------------------
// get_openapi_spec
// ------------------------------------------------------------------------------------------------

/// The document PostgREST itself serves at its root for `schema`, fetched without the client.
async fn openapi_from_postgrest(schema: &str) -> Value {
    let stack = stack();
    reqwest::Client::new()
        .get(&stack.postgrest_url)
        .header("accept", "application/openapi+json")
        .header("accept-profile", schema)
        .bearer_auth(&stack.service_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn get_openapi_spec_returns_the_document_postgrest_serves_per_schema() {
    let client = stack().service_client();
    let spec = client.get_openapi_spec().await.unwrap();
    assert_eq!(spec["swagger"], "2.0");
    assert!(spec["paths"]["/countries"].is_object(), "{}", spec["paths"]);
    assert!(spec["definitions"]["countries"]["properties"]["population"].is_object());
    assert_eq!(spec, openapi_from_postgrest("public").await);

    let api2 = client.schema("api2").get_openapi_spec().await.unwrap();
    assert_eq!(api2, openapi_from_postgrest("api2").await);
    assert_ne!(api2["paths"], spec["paths"]);

    // A schema PostgREST does not expose is its error, kept whole.
    match client.schema("nope").get_openapi_spec().await {
        Err(Error::Postgrest(e)) => assert_eq!(e.code.as_deref(), Some("PGRST106")),
        other => panic!("{other:?}"),
    }
}
