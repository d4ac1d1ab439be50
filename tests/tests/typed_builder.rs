//! The typed builder (`#[derive(Table)]` + `client.from_table::<T>()`) against the real PostgREST
//! 12.0.2 of the test stack: every typed query's request equals the hand-written untyped chain's
//! (method, URL, headers, body), and its rows decode into the derive's struct with the values the
//! fixture (`tests/fixtures/schema.sql`) holds.
//!
//! Run: `cargo test -p supabase-tests --test typed_builder`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub,
    dead_code
)]

use serde::{Deserialize, Serialize};
use serde_json::json;
use supabase_core::{
    Client, CountMethod, FilterBuilder, Function, IsValue, Order, PreparedRequest,
    ReadOnlyFunction, Table, TextSearchOptions, TextSearchType, TypedFilter, TypedRpc,
};

// ------------------------------------------------------------------------------------------------
// Row types of the fixture, as a user would write them.
// ------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Deserialize, Table)]
#[table(name = "countries")]
struct Country {
    #[table(primary_key)]
    id: i64,
    #[table(unique)]
    name: String,
    code: Option<String>,
    population: Option<i64>,
    tags: Option<Vec<String>>,
    meta: Option<serde_json::Value>,
    continent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Table)]
#[table(name = "cities")]
struct City {
    #[table(primary_key)]
    id: i64,
    name: String,
    country_id: Option<i64>,
    population: Option<i32>,
    is_capital: bool,
}

/// A projection of `countries` with its cities embedded (one-to-many).
#[derive(Debug, Clone, PartialEq, Deserialize, Table)]
#[table(name = "countries", columns = "country_cities")]
struct CountryWithCities {
    id: i64,
    name: String,
    #[table(embed = "cities")]
    cities: Vec<CityName>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Table)]
#[table(name = "cities", columns = "city_name")]
struct CityName {
    name: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Table)]
#[table(name = "users")]
struct User {
    #[table(primary_key)]
    id: i64,
    username: String,
    status: String,
    age: Option<i32>,
    email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Table)]
#[table(name = "users", columns = "username_only")]
struct Username {
    username: String,
}

/// Two FKs from `messages` to `users`: the embeds name their constraint.
#[derive(Debug, Clone, PartialEq, Deserialize, Table)]
#[table(name = "messages")]
struct Message {
    #[table(primary_key)]
    id: i64,
    body: String,
    #[table(embed = "users", fk = "messages_sender_fkey")]
    sender: Username,
    #[table(embed = "users", fk = "messages_receiver_fkey")]
    receiver: Username,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Table)]
#[table(name = "scratch", insert = NewScratch, update = ScratchPatch)]
struct Scratch {
    #[table(primary_key)]
    id: i64,
    test: String,
    k: Option<String>,
    n: Option<i32>,
    status: String,
    flag: Option<bool>,
    tags: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
struct NewScratch {
    test: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Serialize)]
struct ScratchPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<Option<i32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Table)]
#[table(name = "counters", insert = CounterRow)]
struct Counter {
    #[table(primary_key)]
    name: String,
    value: i64,
}

#[derive(Debug, Clone, Serialize)]
struct CounterRow {
    name: String,
    value: i64,
}

#[derive(Debug, Serialize)]
struct AddArgs {
    a: i32,
    b: i32,
}
impl Function for AddArgs {
    const SCHEMA: &'static str = "public";
    const NAME: &'static str = "add";
    type Output = i32;
}
impl ReadOnlyFunction for AddArgs {}

#[derive(Debug, Serialize)]
struct CountriesByContinentArgs {
    c: String,
}
impl Function for CountriesByContinentArgs {
    const SCHEMA: &'static str = "public";
    const NAME: &'static str = "countries_by_continent";
    type Output = Vec<Country>;
}
impl ReadOnlyFunction for CountriesByContinentArgs {}

// ------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------

fn client() -> Client {
    supabase_tests::stack().service_client()
}

fn assert_same(typed: &PreparedRequest, untyped: &PreparedRequest) {
    assert_eq!(typed.method(), untyped.method(), "method");
    assert_eq!(typed.url().as_str(), untyped.url().as_str(), "url");
    assert_eq!(typed.headers(), untyped.headers(), "headers");
    assert_eq!(typed.body(), untyped.body(), "body");
}

/// Checks the typed query lowers to `untyped`, then runs it.
async fn run<T: Table, R: serde::de::DeserializeOwned>(
    typed: TypedFilter<T, R>,
    untyped: FilterBuilder,
) -> R {
    assert_same(&typed.build().unwrap(), &untyped.build().unwrap());
    typed.execute().await.unwrap().data
}

fn from(c: &Client, table: &str) -> supabase_core::QueryBuilder {
    c.from(table).schema("public")
}

const COUNTRY_COLS: &str = "id,name,code,population,tags,meta,continent";
const CITY_COLS: &str = "id,name,country_id,population,is_capital";

fn ids<T>(rows: &[T], id: impl Fn(&T) -> i64) -> Vec<i64> {
    rows.iter().map(id).collect()
}

fn test_tag(name: &str) -> String {
    format!("typed_builder::{name}")
}

// ------------------------------------------------------------------------------------------------
// Reads
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn select_all_columns_of_the_struct() {
    let c = client();
    let rows = run(
        c.from_table::<Country>()
            .select()
            .order(country::id, Order::asc()),
        from(&c, "countries")
            .select(COUNTRY_COLS)
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(rows.len(), 14);
    assert_eq!(rows[0].name, "France");
    assert_eq!(
        rows[0].tags.as_deref(),
        Some(&["europe".to_owned(), "eu".into(), "wine".into()][..])
    );
    assert_eq!(rows[10].code, None);
}

#[tokio::test]
async fn eq_on_text_with_str() {
    let c = client();
    let rows = run(
        c.from_table::<Country>()
            .select()
            .eq(country::name, "Japan"),
        from(&c, "countries")
            .select(COUNTRY_COLS)
            .eq("name", "Japan"),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![4]);
}

#[tokio::test]
async fn eq_on_nullable_column_with_plain_value() {
    let c = client();
    let rows = run(
        c.from_table::<Country>().select().eq(country::code, "IS"),
        from(&c, "countries").select(COUNTRY_COLS).eq("code", "IS"),
    )
    .await;
    assert_eq!(rows[0].name, "Ísland");
}

#[tokio::test]
async fn neq_and_order_desc() {
    let c = client();
    let rows = run(
        c.from_table::<City>()
            .select()
            .neq(city::is_capital, true)
            .order(city::population, Order::desc().nulls_last())
            .limit(2),
        from(&c, "cities")
            .select(CITY_COLS)
            .neq("is_capital", true)
            .order("population", Order::desc().nulls_last())
            .limit(2),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![9, 10]);
}

#[tokio::test]
async fn gt_gte_lt_lte_on_integers() {
    let c = client();
    let rows = run(
        c.from_table::<Country>()
            .select()
            .gte(country::population, 28_873_034)
            .lt(country::population, 100_000_000_i64)
            .order(country::id, Order::asc()),
        from(&c, "countries")
            .select(COUNTRY_COLS)
            .gte("population", 28_873_034)
            .lt("population", 100_000_000)
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![1, 2, 8]);
    let rows = run(
        c.from_table::<City>()
            .select()
            .gt(city::population, 3_000_000)
            .lte(city::population, 4_707_404)
            .order(city::id, Order::asc()),
        from(&c, "cities")
            .select(CITY_COLS)
            .gt("population", 3_000_000)
            .lte("population", 4_707_404)
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![4, 10]);
}

#[tokio::test]
async fn gt_on_text_is_ordered() {
    let c = client();
    let rows = run(
        c.from_table::<User>()
            .select()
            .gt(user::username, "bob")
            .order(user::id, Order::asc()),
        from(&c, "users")
            .select("id,username,status,age,email")
            .gt("username", "bob")
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![3, 4]);
}

#[tokio::test]
async fn like_and_ilike() {
    let c = client();
    let rows = run(
        c.from_table::<Country>()
            .select()
            .like(country::name, "%land")
            .order(country::id, Order::asc()),
        from(&c, "countries")
            .select(COUNTRY_COLS)
            .like("name", "%land")
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![3, 14]);
    let rows = run(
        c.from_table::<Country>()
            .select()
            .ilike(country::name, "j%"),
        from(&c, "countries")
            .select(COUNTRY_COLS)
            .ilike("name", "j%"),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![4]);
}

#[tokio::test]
async fn like_any_and_ilike_all() {
    let c = client();
    let rows = run(
        c.from_table::<City>()
            .select()
            .like_any_of(city::name, ["P%", "B%"])
            .order(city::id, Order::asc()),
        from(&c, "cities")
            .select(CITY_COLS)
            .like_any_of("name", ["P%", "B%"])
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![1, 4]);
    let rows = run(
        c.from_table::<City>()
            .select()
            .ilike_all_of(city::name, ["%a%", "%o%"])
            .order(city::id, Order::asc()),
        from(&c, "cities")
            .select(CITY_COLS)
            .ilike_all_of("name", ["%a%", "%o%"])
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![8, 9]);
}

#[tokio::test]
async fn is_null_and_is_not_null() {
    let c = client();
    let rows = run(
        c.from_table::<City>().select().is_null(city::country_id),
        from(&c, "cities")
            .select(CITY_COLS)
            .is_("country_id", IsValue::Null),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![12]);
    let rows = run(
        c.from_table::<User>()
            .select()
            .is_not_null(user::age)
            .order(user::id, Order::asc()),
        from(&c, "users")
            .select("id,username,status,age,email")
            .not_()
            .is_("age", IsValue::Null)
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![1, 2, 4]);
}

#[tokio::test]
async fn is_true_on_boolean() {
    let c = client();
    let rows = run(
        c.from_table::<City>()
            .select()
            .is_(city::is_capital, true)
            .order(city::id, Order::asc()),
        from(&c, "cities")
            .select(CITY_COLS)
            .is_("is_capital", true)
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![1, 4, 6, 7, 11]);
}

#[tokio::test]
async fn in_with_awkward_names() {
    let c = client();
    let names = [
        "St. Kitts (and Nevis)",
        "Bonaire, Sint Eustatius and Saba",
        "a\"quote",
    ];
    let rows = run(
        c.from_table::<Country>()
            .select()
            .in_(country::name, names)
            .order(country::id, Order::asc()),
        from(&c, "countries")
            .select(COUNTRY_COLS)
            .in_("name", names)
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![9, 10, 11]);
}

#[tokio::test]
async fn in_takes_owned_values_and_not_in() {
    let c = client();
    let wanted: Vec<i64> = vec![1, 2, 3];
    let rows = run(
        c.from_table::<City>()
            .select()
            .in_(city::country_id, wanted.clone())
            .not_in(city::id, [2_i64])
            .order(city::id, Order::asc()),
        from(&c, "cities")
            .select(CITY_COLS)
            .in_("country_id", [1, 2, 3])
            .not_in("id", [2])
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![1, 3, 4, 5, 6]);
}

#[tokio::test]
async fn contains_and_contained_by_on_arrays() {
    let c = client();
    let rows = run(
        c.from_table::<Country>()
            .select()
            .contains(country::tags, ["island", "asia"]),
        from(&c, "countries").select(COUNTRY_COLS).contains(
            "tags",
            supabase_core::ContainValue::array(["island", "asia"]),
        ),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![4]);
    let rows = run(
        c.from_table::<Country>()
            .select()
            .contained_by(country::tags, ["europe", "eu", "wine", "island"])
            .order(country::id, Order::asc()),
        from(&c, "countries")
            .select(COUNTRY_COLS)
            .contained_by(
                "tags",
                supabase_core::ContainValue::array(["europe", "eu", "wine", "island"]),
            )
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![1, 2, 3, 13]);
}

#[tokio::test]
async fn contains_on_array_elements_that_need_quotes() {
    let c = client();
    let rows = run(
        c.from_table::<Country>()
            .select()
            .contains(country::tags, ["with,comma", "with \"quote\""]),
        from(&c, "countries").select(COUNTRY_COLS).contains(
            "tags",
            supabase_core::ContainValue::array(["with,comma", "with \"quote\""]),
        ),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![12]);
}

#[tokio::test]
async fn contains_on_jsonb_sends_json() {
    let c = client();
    let rows = run(
        c.from_table::<Country>()
            .select()
            .contains(country::meta, json!({"eu": true}))
            .order(country::id, Order::asc()),
        from(&c, "countries")
            .select(COUNTRY_COLS)
            .contains("meta", json!({"eu": true}))
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![1, 2]);
    // An array inside jsonb: typed sends JSON text, which PostgreSQL's jsonb @> understands.
    let typed = c
        .from_table::<Country>()
        .select()
        .contains(country::meta, json!({"languages": ["en", "mi"]}));
    let rows = typed.execute().await.unwrap().data;
    assert_eq!(ids(&rows, |r| r.id), vec![14]);
}

#[tokio::test]
async fn overlaps_on_arrays() {
    let c = client();
    let rows = run(
        c.from_table::<Country>()
            .select()
            .overlaps(country::tags, ["wine", "south-america"])
            .order(country::id, Order::asc()),
        from(&c, "countries")
            .select(COUNTRY_COLS)
            .overlaps(
                "tags",
                supabase_core::ContainValue::array(["wine", "south-america"]),
            )
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![1, 6]);
}

#[tokio::test]
async fn text_search_on_text_column() {
    let c = client();
    let opts = || {
        TextSearchOptions::new()
            .search_type(TextSearchType::Plain)
            .config("english")
    };
    let rows = run(
        c.from_table::<Country>()
            .select()
            .text_search(country::continent, "south america", opts()),
        from(&c, "countries").select(COUNTRY_COLS).text_search(
            "continent",
            "south america",
            opts(),
        ),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![6]);
}

#[tokio::test]
async fn not_negates_the_next_typed_filter() {
    let c = client();
    let rows = run(
        c.from_table::<City>()
            .select()
            .eq(city::country_id, 1)
            .not_()
            .eq(city::name, "Paris")
            .order(city::id, Order::asc()),
        from(&c, "cities")
            .select(CITY_COLS)
            .eq("country_id", 1)
            .not_()
            .eq("name", "Paris")
            .order("id", Order::asc()),
    )
    .await;
    assert_eq!(ids(&rows, |r| r.id), vec![2, 3]);
}

#[tokio::test]
async fn range_and_count() {
    let c = client();
    let typed = c
        .from_table::<City>()
        .select()
        .order(city::id, Order::asc())
        .range(2, 4)
        .count(CountMethod::Exact);
    let untyped = from(&c, "cities")
        .select(CITY_COLS)
        .order("id", Order::asc())
        .range(2, 4)
        .count(CountMethod::Exact);
    assert_same(&typed.build().unwrap(), &untyped.build().unwrap());
    let res = typed.execute().await.unwrap();
    assert_eq!(ids(&res.data, |r| r.id), vec![3, 4, 5]);
    assert_eq!(res.count, Some(12));
}

#[tokio::test]
async fn single_and_maybe_single() {
    let c = client();
    let one = c
        .from_table::<Country>()
        .select()
        .eq(country::id, 5)
        .single();
    assert_same(
        &one.build().unwrap(),
        &from(&c, "countries")
            .select(COUNTRY_COLS)
            .eq("id", 5)
            .single()
            .build()
            .unwrap(),
    );
    let india: Country = one.execute().await.unwrap().data;
    assert_eq!(india.population, Some(1_428_627_663));
    let none: Option<Country> = c
        .from_table::<Country>()
        .select()
        .eq(country::id, 999)
        .maybe_single()
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(none, None);
    let err = c
        .from_table::<Country>()
        .select()
        .single()
        .execute()
        .await
        .unwrap_err();
    assert_eq!(
        err.postgrest().and_then(|e| e.code.as_deref()),
        Some("PGRST116")
    );
}

#[tokio::test]
async fn embed_one_to_many() {
    let c = client();
    let rows = run(
        c.from_table::<CountryWithCities>()
            .select()
            .eq(country_cities::id, 1),
        from(&c, "countries")
            .select("id,name,cities(name)")
            .eq("id", 1),
    )
    .await;
    let mut names: Vec<String> = rows[0].cities.iter().map(|c| c.name.clone()).collect();
    names.sort();
    assert_eq!(names, vec!["Lyon", "Marseille", "Paris"]);
}

#[tokio::test]
async fn embed_with_fk_hints_for_two_fks() {
    let c = client();
    let rows = run(
        c.from_table::<Message>().select().order(message::id, Order::asc()).limit(2),
        from(&c, "messages").select("id,body,sender:users!messages_sender_fkey(username),receiver:users!messages_receiver_fkey(username)").order("id", Order::asc()).limit(2),
    )
    .await;
    assert_eq!(rows[0].sender.username, "alice");
    assert_eq!(rows[0].receiver.username, "bob");
    assert_eq!(rows[1].sender.username, "bob");
}

#[tokio::test]
async fn schema_header_follows_the_table() {
    let c = client();
    let req = c.from_table::<Country>().select().build().unwrap();
    assert_eq!(req.header("accept-profile"), Some("public"));
    // The same typed query from a client whose default schema is another one.
    let other = c.schema("api2");
    let req2 = other.from_table::<Country>().select().build().unwrap();
    assert_eq!(req2.header("accept-profile"), Some("public"));
    let rows = other
        .from_table::<Country>()
        .select()
        .eq(country::id, 2)
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(rows[0].name, "Germany");
}

// ------------------------------------------------------------------------------------------------
// Writes
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn insert_then_select_returns_typed_rows() {
    let c = client();
    let tag = test_tag("insert");
    let row = NewScratch {
        test: tag.clone(),
        k: Some("a".into()),
        n: Some(1),
        tags: Some(vec!["x,y".into()]),
    };
    let rows = run(
        c.from_table::<Scratch>().insert(row.clone()).select(),
        from(&c, "scratch")
            .insert(&row)
            .select("id,test,k,n,status,flag,tags"),
    )
    .await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, "new");
    assert_eq!(rows[0].tags.as_deref(), Some(&["x,y".to_owned()][..]));
}

#[tokio::test]
async fn insert_many_keeps_defaults() {
    let c = client();
    let tag = test_tag("insert_many");
    let rows = vec![
        NewScratch {
            test: tag.clone(),
            k: Some("a".into()),
            n: None,
            tags: None,
        },
        NewScratch {
            test: tag.clone(),
            k: Some("b".into()),
            n: Some(2),
            tags: None,
        },
    ];
    let typed = c
        .from_table::<Scratch>()
        .insert_many(rows.clone())
        .default_to_null(false);
    let untyped = from(&c, "scratch").insert(&rows).default_to_null(false);
    assert_same(&typed.build().unwrap(), &untyped.build().unwrap());
    typed.execute().await.unwrap();
    let back = c
        .from_table::<Scratch>()
        .select()
        .eq(scratch::test, tag.as_str())
        .order(scratch::k, Order::asc())
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(
        back.iter().map(|r| r.n).collect::<Vec<_>>(),
        vec![None, Some(2)]
    );
}

#[tokio::test]
async fn update_distinguishes_unset_from_null() {
    let c = client();
    let tag = test_tag("update");
    c.from_table::<Scratch>()
        .insert(NewScratch {
            test: tag.clone(),
            k: Some("u".into()),
            n: Some(5),
            tags: None,
        })
        .execute()
        .await
        .unwrap();
    // status set, n left alone.
    let patch = ScratchPatch {
        status: Some("done".into()),
        ..Default::default()
    };
    let rows = run(
        c.from_table::<Scratch>()
            .update(patch.clone())
            .eq(scratch::test, tag.as_str())
            .select(),
        from(&c, "scratch")
            .update(&patch)
            .eq("test", tag.as_str())
            .select("id,test,k,n,status,flag,tags"),
    )
    .await;
    assert_eq!((rows[0].status.as_str(), rows[0].n), ("done", Some(5)));
    // n set to NULL.
    let patch = ScratchPatch {
        n: Some(None),
        ..Default::default()
    };
    let rows = c
        .from_table::<Scratch>()
        .update(patch)
        .eq(scratch::test, tag.as_str())
        .select()
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(rows[0].n, None);
}

#[tokio::test]
async fn upsert_on_a_unique_column() {
    let c = client();
    let name = test_tag("upsert");
    let first = CounterRow {
        name: name.clone(),
        value: 1,
    };
    let rows = run(
        c.from_table::<Counter>()
            .upsert(first.clone())
            .on_conflict(counter::name)
            .select(),
        from(&c, "counters")
            .upsert(&first)
            .on_conflict("name")
            .select("name,value"),
    )
    .await;
    assert_eq!(rows[0].value, 1);
    let rows = c
        .from_table::<Counter>()
        .upsert(CounterRow {
            name: name.clone(),
            value: 7,
        })
        .on_conflict(counter::name)
        .select()
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(rows[0].value, 7);
    let rows = run(
        c.from_table::<Counter>()
            .upsert_many([CounterRow {
                name: name.clone(),
                value: 9,
            }])
            .ignore_duplicates()
            .select(),
        from(&c, "counters")
            .upsert([&CounterRow {
                name: name.clone(),
                value: 9,
            }])
            .ignore_duplicates(true)
            .select("name,value"),
    )
    .await;
    assert!(
        rows.is_empty(),
        "ignore-duplicates returns no row for an existing key: {rows:?}"
    );
}

#[tokio::test]
async fn delete_with_typed_filters() {
    let c = client();
    let tag = test_tag("delete");
    c.from_table::<Scratch>()
        .insert_many([
            NewScratch {
                test: tag.clone(),
                k: Some("1".into()),
                n: Some(1),
                tags: None,
            },
            NewScratch {
                test: tag.clone(),
                k: Some("2".into()),
                n: Some(2),
                tags: None,
            },
        ])
        .execute()
        .await
        .unwrap();
    let rows = run(
        c.from_table::<Scratch>()
            .delete()
            .eq(scratch::test, tag.as_str())
            .gt(scratch::n, 1)
            .select(),
        from(&c, "scratch")
            .delete()
            .eq("test", tag.as_str())
            .gt("n", 1)
            .select("id,test,k,n,status,flag,tags"),
    )
    .await;
    assert_eq!(
        rows.iter().map(|r| r.k.clone()).collect::<Vec<_>>(),
        vec![Some("2".to_owned())]
    );
}

// ------------------------------------------------------------------------------------------------
// RPC
// ------------------------------------------------------------------------------------------------

async fn run_rpc<F: Function, R: serde::de::DeserializeOwned>(
    typed: TypedRpc<F, R>,
    untyped: FilterBuilder,
) -> R {
    assert_same(&typed.build().unwrap(), &untyped.build().unwrap());
    typed.execute().await.unwrap().data
}

#[tokio::test]
async fn call_scalar_function_post_and_get() {
    let c = client();
    let sum = run_rpc(
        c.call(AddArgs { a: 2, b: 40 }),
        c.rpc("add", json!({"a": 2, "b": 40})),
    )
    .await;
    assert_eq!(sum, 42);
    let sum = run_rpc(
        c.call(AddArgs { a: 1, b: 1 }).get(),
        c.rpc("add", json!({"a": 1, "b": 1})).get(),
    )
    .await;
    assert_eq!(sum, 2);
}

#[tokio::test]
async fn call_set_returning_function() {
    let c = client();
    let rows = run_rpc(
        c.call(CountriesByContinentArgs { c: "Asia".into() }),
        c.rpc("countries_by_continent", json!({"c": "Asia"})),
    )
    .await;
    let mut names: Vec<String> = rows.into_iter().map(|r| r.name).collect();
    names.sort();
    assert_eq!(names, vec!["India", "Japan"]);
}
