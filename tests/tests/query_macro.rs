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

#[path = "query_macro/sql_forms.rs"]
mod sql_forms;

#[path = "query_macro/app_styles.rs"]
mod app_styles;

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

fn check<R>(q: &Query<R>, chain: FilterBuilder) {
    let built = q.build().unwrap();
    same(&built, &chain.build().unwrap());
}

fn live() -> Client {
    supabase_tests::stack().service_client()
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

// ------------------------------------------------------------------------------------------------
// Request equality (offline)
// ------------------------------------------------------------------------------------------------

#[test]
fn inline_parameters_bind_rust_variables() {
    let c = offline();
    let name = "France";
    let q = query!(c, "select id from countries where name = {name}");
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id")
            .eq("name", "France"),
    );
}

#[test]
fn every_comparison_operator() {
    let c = offline();
    let q = query!(
        c,
        "select id from countries where id = 1 and id <> 2 and id < 3 and id <= 4 and id > 0 and id >= $1",
        0_i64
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id")
            .eq("id", 1)
            .neq("id", 2)
            .lt("id", 3)
            .lte("id", 4)
            .gt("id", 0)
            .gte("id", 0),
    );
}

#[test]
fn value_on_the_left_flips_the_operator() {
    let c = offline();
    let q = query!(c, "select id from countries where 1000 < population");
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id")
            .gt("population", 1000),
    );
}

#[test]
fn like_ilike_not_like() {
    let c = offline();
    let q = query!(
        c,
        "select name from countries where name like 'F%' and name ilike $1 and name not like '%x%'",
        "%a%"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("name")
            .like("name", "F%")
            .ilike("name", "%a%")
            .not_()
            .like("name", "%x%"),
    );
}

#[test]
fn like_patterns_joined_with_concat() {
    let c = offline();
    let term = String::from("an");
    let q = query!(
        c,
        "select name from countries where name ilike '%' || $1 || '%' and name not like ($2 || '%')",
        term,
        "F"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("name")
            .ilike("name", "%an%")
            .not_()
            .like("name", "F%"),
    );
}

#[test]
fn left_join_without_a_match_is_a_filter_on_the_embed() {
    let c = offline();
    let q = query!(
        c,
        "select c.id from countries c left join cities ci on ci.country_id = c.id where ci.id is null order by c.id"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id,ci:cities()")
            .is_("ci", IsValue::Null)
            .order("id", Order::asc()),
    );
    // A to-one join: the rows with a match too.
    let q = query!(
        c,
        "select ci.name from cities ci left join countries co on co.id = ci.country_id where co.id is not null"
    );
    check(
        &q,
        c.from("cities")
            .schema("public")
            .select("name,co:countries()")
            .not_()
            .is_("co", IsValue::Null),
    );
}

#[test]
fn order_by_a_column_of_a_join_that_returns_nothing() {
    let c = offline();
    let q = query!(
        c,
        "select ci.name from cities ci join countries co on co.id = ci.country_id order by co.code, ci.name"
    );
    check(
        &q,
        c.from("cities")
            .schema("public")
            .select("name,co:countries!inner()")
            .order("co(code)", Order::asc())
            .order("name", Order::asc()),
    );
}

#[test]
fn order_by_a_column_of_a_join_that_the_select_list_does_not_return() {
    let c = offline();
    let q = query!(
        c,
        "select ci.name, co.name as country from cities ci join countries co on co.id = ci.country_id order by co.code desc, ci.name"
    );
    check(
        &q,
        c.from("cities")
            .schema("public")
            .select("name,co:countries!inner(country:name),__sort_co:countries!inner()")
            .order("__sort_co(code)", Order::desc())
            .order("name", Order::asc()),
    );
}

#[test]
fn a_view_joins_along_its_tables_foreign_keys() {
    let c = offline();
    let q = query!(
        c,
        "select b.name, ci.name as city from big_countries b join cities ci on ci.country_id = b.id where b.continent = 'Europe'"
    );
    check(
        &q,
        c.from("big_countries")
            .schema("public")
            .select("name,ci:cities!inner(city:name)")
            .eq("continent", "Europe"),
    );
}

#[test]
fn escaped_and_dollar_quoted_literals_are_their_text() {
    let c = offline();
    let q = query!(
        c,
        "select id from countries where name = E'C\\'te d\\'Ivoire' or code = $$it's$$ or continent = $x$a$$b$x$"
    );
    check(
        &q,
        c.from("countries").schema("public").select("id").any_of([
            Condition::eq("name", "C'te d'Ivoire"),
            Condition::eq("code", "it's"),
            Condition::eq("continent", "a$$b"),
        ]),
    );
}

#[test]
fn cast_of_a_json_path() {
    let c = offline();
    let q = query!(
        c,
        "select id, (meta->>'calling_code')::int as calling_code from countries where id = 1"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id,meta->>calling_code::int")
            .eq("id", 1),
    );
}

#[test]
fn in_and_not_in() {
    let c = offline();
    let q = query!(
        c,
        "select id from countries where id in (1, $1, 3) and code not in ('FR', 'DE')",
        2_i64
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id")
            .in_("id", [1, 2, 3])
            .not_in("code", ["FR", "DE"]),
    );
}

#[test]
fn is_null_and_is_not_null_and_booleans() {
    let c = offline();
    let q = query!(
        c,
        "select id from cities where population is null and country_id is not null and is_capital is true and not is_capital = false"
    );
    check(
        &q,
        c.from("cities")
            .schema("public")
            .select("id")
            .is_("population", IsValue::Null)
            .not_()
            .is_("country_id", IsValue::Null)
            .is_("is_capital", true)
            .not_()
            .eq("is_capital", false),
    );
}

#[test]
fn between_and_not_between() {
    let c = offline();
    let q = query!(
        c,
        "select id from countries where id between 2 and $1 and population not between 0 and 1000",
        5_i64
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id")
            .gte("id", 2)
            .lte("id", 5)
            .not_()
            .all_of([
                Condition::gte("population", 0),
                Condition::lte("population", 1000),
            ]),
    );
}

#[test]
fn or_trees_become_any_of() {
    let c = offline();
    let q = query!(
        c,
        "select id from countries where name = 'Bonaire, Sint Eustatius and Saba' or (population > $1 and continent is null) or id in (1, 2)",
        1000_i64
    );
    check(
        &q,
        c.from("countries").schema("public").select("id").any_of([
            Condition::eq("name", "Bonaire, Sint Eustatius and Saba"),
            Condition::all([
                Condition::gt("population", 1000),
                Condition::is_("continent", IsValue::Null),
            ]),
            Condition::in_("id", [1, 2]),
        ]),
    );
}

#[test]
fn not_of_an_or() {
    let c = offline();
    let q = query!(c, "select id from countries where not (id = 1 or id = 2)");
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id")
            .not_()
            .any_of([Condition::eq("id", 1), Condition::eq("id", 2)]),
    );
}

#[test]
fn full_text_search_forms() {
    let c = offline();
    let q = query!(
        c,
        "select id from countries where search @@ to_tsquery('island') and search @@ websearch_to_tsquery('english', $1) and search @@ plainto_tsquery($1) and search @@ phraseto_tsquery('english', 'west africa')",
        "fire ice"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id")
            .text_search("search", "island", TextSearchOptions::new())
            .text_search(
                "search",
                "fire ice",
                TextSearchOptions::new()
                    .search_type(TextSearchType::Websearch)
                    .config("english"),
            )
            .text_search(
                "search",
                "fire ice",
                TextSearchOptions::new().search_type(TextSearchType::Plain),
            )
            .text_search(
                "search",
                "west africa",
                TextSearchOptions::new()
                    .search_type(TextSearchType::Phrase)
                    .config("english"),
            ),
    );
}

#[test]
fn order_by_directions_and_nulls() {
    let c = offline();
    let q = query!(
        c,
        "select id from countries order by continent desc nulls last, founded asc nulls first, name"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id")
            .order("continent", Order::desc().nulls_last())
            .order("founded", Order::asc().nulls_first())
            .order("name", Order::asc()),
    );
}

#[test]
fn limit_offset_is_a_range() {
    let c = offline();
    let q = query!(c, "select id from countries order by id limit 3 offset 2");
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("id")
            .order("id", Order::asc())
            .range(2, 4),
    );
}

#[test]
fn aliases_casts_and_json_paths() {
    let c = offline();
    let q = query!(
        c,
        "select name as country, id::text, meta->>'capital', meta->'languages' as langs, area::text as area_text from countries where meta->>'capital' = 'Paris'"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select(
                "country:name,id::text,meta->>capital,langs:meta->languages,area_text:area::text",
            )
            .eq("meta->>capital", "Paris"),
    );
}

#[test]
fn star_selects_every_column() {
    let c = offline();
    let q = query!(c, "select * from cities where id = 1");
    check(
        &q,
        c.from("cities").schema("public").select("*").eq("id", 1),
    );
}

#[test]
fn aggregates_group_implicitly() {
    let c = offline();
    let q = query!(
        c,
        "select continent, count(*), sum(population) as total, avg(population), min(founded), max(name) from countries group by continent"
    );
    check(
        &q,
        c.from("countries").schema("public").select(
            "continent,count(),total:population.sum(),population.avg(),founded.min(),name.max()",
        ),
    );
}

#[test]
fn many_to_one_join_is_an_embed() {
    let c = offline();
    let q = query!(
        c,
        "select ci.name, co.name as country from cities ci left join countries co on co.id = ci.country_id"
    );
    check(
        &q,
        c.from("cities")
            .schema("public")
            .select("name,co:countries(country:name)"),
    );
}

#[test]
fn inner_join_is_inner_and_filters_through_the_embed() {
    let c = offline();
    let q = query!(
        c,
        "select countries.name, cities.name as city from countries join cities on cities.country_id = countries.id where cities.is_capital = true"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("name,cities!inner(city:name)")
            .eq("cities.is_capital", true),
    );
}

#[test]
fn two_foreign_keys_get_hints() {
    let c = offline();
    let q = query!(
        c,
        "select m.body, s.username, r.username as to_user from messages m join users s on s.id = m.sender_id join users r on m.receiver_id = r.id"
    );
    check(
        &q,
        c.from("messages").schema("public").select(
            "body,s:users!messages_sender_fkey!inner(username),r:users!messages_receiver_fkey!inner(to_user:username)",
        ),
    );
}

#[test]
fn join_without_on_uses_the_only_foreign_key() {
    let c = offline();
    let q = query!(
        c,
        "select countries.name, country_profiles.motto from countries join country_profiles"
    );
    check(
        &q,
        c.from("countries")
            .schema("public")
            .select("name,country_profiles!inner(motto)"),
    );
}

#[test]
fn insert_values_returning() {
    let c = offline();
    let q = query!(
        c,
        "insert into scratch (test, n, flag, tags, payload) values ($1, 3, true, array['a', 'b'], '{\"k\": [1]}') returning id, n",
        "t1"
    );
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .insert(json!({"test": "t1", "n": 3, "flag": true, "tags": ["a", "b"], "payload": {"k": [1]}}))
            .select("id,n"),
    );
}

#[test]
fn insert_many_rows() {
    let c = offline();
    let q = query!(
        c,
        "insert into scratch (test, k) values ('t', 'a'), ('t', null)"
    );
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .insert(json!([{"test": "t", "k": "a"}, {"test": "t", "k": null}])),
    );
}

#[test]
fn update_set_where_returning() {
    let c = offline();
    let k: Option<&str> = None;
    let q = query!(
        c,
        "update scratch set n = $1, k = $2 where test = $3 and n < 10 returning *",
        7,
        k,
        "t2"
    );
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .update(json!({"n": 7, "k": null}))
            .eq("test", "t2")
            .lt("n", 10)
            .select("*"),
    );
}

#[test]
fn delete_where_returning() {
    let c = offline();
    let q = query!(c, "delete from scratch where test = 'x' returning id, test");
    check(
        &q,
        c.from("scratch")
            .schema("public")
            .delete()
            .eq("test", "x")
            .select("id,test"),
    );
}

#[test]
fn rpc_scalar_with_named_arguments() {
    let c = offline();
    let q = query!(c, "select * from add(a => $1, b => 2)", 1);
    // `add` is immutable: GET, as `rpc(.., { get: true })`.
    check(&q, c.rpc("add", json!({"a": 1, "b": 2})).get());
}

#[test]
fn rpc_set_returning_with_filters() {
    let c = offline();
    let q = query!(
        c,
        "select id, name from countries_by_continent(c => 'Europe') where id > 1 order by name desc limit 2"
    );
    check(
        &q,
        c.rpc("countries_by_continent", json!({"c": "Europe"}))
            .get()
            .select("id,name")
            .gt("id", 1)
            .order("name", Order::desc())
            .limit(2),
    );
}

#[test]
fn other_schema_sets_the_profile() {
    let c = offline();
    let q = query!(c, "select name from api2.items where price > 1");
    check(
        &q,
        c.from("items").schema("api2").select("name").gt("price", 1),
    );
}

#[derive(Debug, serde::Deserialize, PartialEq, Table)]
#[table(name = "cities")]
struct City {
    #[table(primary_key)]
    id: i64,
    name: String,
    country_id: Option<i64>,
}

#[test]
fn query_as_decodes_into_a_table_type() {
    let c = offline();
    let q = query_as!(
        City,
        c,
        "select id, name, country_id from cities where id = $1",
        1_i64
    );
    check(
        &q,
        c.from("cities")
            .schema("public")
            .select("id,name,country_id")
            .eq("id", 1),
    );
}

// ------------------------------------------------------------------------------------------------
// Against the real PostgREST 12.0.2
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn real_select_where_order_limit() {
    let c = live();
    let rows = query!(
        c,
        "select id, name, population from countries where population > $1 order by population desc limit 3",
        100_000_000_i64
    )
    .execute()
    .await
    .unwrap()
    .data;
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["India", "United States", "Brazil"]);
    assert_eq!(rows[0].population, Some(1_428_627_663));
    assert_eq!(rows[0].id, 5);
}

#[tokio::test]
async fn real_inline_parameter() {
    let c = live();
    let code = "JP";
    let rows = query!(c, "select name, founded from countries where code = {code}")
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "Japan");
    assert_eq!(rows[0].founded, None);
}

#[tokio::test]
async fn real_like_and_ilike_with_quoting_in_data() {
    let c = live();
    let rows = query!(
        c,
        "select id from countries where name like $1 order by id",
        "%(and%"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [10]);
    let rows = query!(
        c,
        "select id from countries where name ilike '%LAND%' order by id"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 13, 14]);
}

#[tokio::test]
async fn real_like_pattern_joined_with_concat() {
    let c = live();
    let rows = query!(
        c,
        "select id from countries where name ilike '%' || $1 || '%' order by id",
        "LAND"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 13, 14]);
}

#[tokio::test]
async fn real_left_join_without_a_match() {
    let c = live();
    let rows = query!(
        c,
        "select c.id from countries c left join cities ci on ci.country_id = c.id where ci.id is null and c.id <= 9 order by c.id"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [5, 7, 9]);
    let rows = query!(
        c,
        "select ci.name from cities ci left join countries co on co.id = ci.country_id where co.id is null"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(
        rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Atlantis"]
    );
}

#[tokio::test]
async fn real_order_by_a_join_that_returns_nothing_and_json_path_cast() {
    let c = live();
    let rows = query!(
        c,
        "select ci.name from cities ci join countries co on co.id = ci.country_id order by co.code, ci.name"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(
        rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        [
            "São Paulo",
            "Abidjan",
            "Berlin",
            "Munich",
            "Lyon",
            "Marseille",
            "Paris",
            "Reykjavík",
            "Osaka",
            "Tokyo",
            "Wellington"
        ]
    );
    let rows = query!(
        c,
        "select id, (meta->>'calling_code')::int as calling_code from countries where id in (1, 2) order by id"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(
        rows.iter()
            .map(|r| (r.id, r.calling_code))
            .collect::<Vec<_>>(),
        [(1, Some(33)), (2, Some(49))]
    );
}

#[tokio::test]
async fn real_in_list_with_awkward_values() {
    let c = live();
    let rows = query!(
        c,
        "select id from countries where name in ('Bonaire, Sint Eustatius and Saba', $1, 'a\"quote') order by id",
        "St. Kitts (and Nevis)"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [9, 10, 11]);
}

#[tokio::test]
async fn real_not_in_and_is_null() {
    let c = live();
    let rows = query!(
        c,
        "select id from countries where continent is null and id not in (11) order by id"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [12]);
}

#[tokio::test]
async fn real_between() {
    let c = live();
    let rows = query!(
        c,
        "select name, population from cities where population between $1 and $2 order by population",
        1_000_000,
        3_000_000
    )
    .execute()
    .await
    .unwrap()
    .data;
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Munich", "Paris", "Osaka"]);
    assert_eq!(rows[0].population, Some(1_512_491));
}

#[tokio::test]
async fn real_or_tree() {
    let c = live();
    let rows = query!(
        c,
        "select id from countries where name = 'Bonaire, Sint Eustatius and Saba' or (population < 100 and code = 'ZZ') order by id"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [9, 13]);
}

#[tokio::test]
async fn real_not_or() {
    let c = live();
    let rows = query!(
        c,
        "select id from cities where not (is_capital = true or country_id is null) order by id"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        [2, 3, 5, 8, 9, 10]
    );
}

#[tokio::test]
async fn real_full_text_search() {
    let c = live();
    let rows = query!(
        c,
        "select name from countries where search @@ plainto_tsquery('english', $1) order by name",
        "island country"
    )
    .execute()
    .await
    .unwrap()
    .data;
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Japan", "New Zealand", "Ísland"]);
}

#[tokio::test]
async fn real_order_nulls_and_range() {
    let c = live();
    let rows = query!(
        c,
        "select id, founded from countries order by founded desc nulls first, id limit 3 offset 1"
    )
    .execute()
    .await
    .unwrap()
    .data;
    // NULL founded: 4 and 11 first, then the latest date (2010-10-10, id 9).
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [11, 9, 12]);
    assert_eq!(rows[0].founded, None);
    assert_eq!(rows[1].founded.as_deref(), Some("2010-10-10"));
}

#[tokio::test]
async fn real_casts_and_json_paths() {
    let c = live();
    let rows = query!(
        c,
        "select id::text as id_text, area::text, meta->>'capital' as capital, meta->'languages' as languages, meta->>'calling_code' from countries where meta->>'capital' = $1",
        "Paris"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.id_text, "1");
    assert_eq!(row.area.as_deref(), Some("643801.00"));
    assert_eq!(row.capital.as_deref(), Some("Paris"));
    assert_eq!(row.languages, json!(["fr"]));
    assert_eq!(row.calling_code.as_deref(), Some("33"));
}

#[tokio::test]
async fn real_star_and_types() {
    let c = live();
    let rows = query!(c, "select * from countries where id = 12")
        .execute()
        .await
        .unwrap()
        .data;
    let row = &rows[0];
    assert_eq!(row.name, "back\\slash");
    assert_eq!(
        row.tags.as_deref(),
        Some(
            &[
                "with,comma".to_owned(),
                "with \"quote\"".to_owned(),
                "with space".to_owned(),
                "back\\slash".to_owned()
            ][..]
        )
    );
    assert_eq!(row.population, Some(0));
    assert_eq!(row.meta.as_ref().unwrap()["empty"], json!({}));
    assert!(row.search.is_some());
}

#[tokio::test]
async fn real_type_samples() {
    let c = live();
    let rows = query!(
        c,
        // `texts` of row 3 holds a NULL element, which `Vec<String>` (the codegen type map) cannot
        // hold: rows 1 and 2 only for it.
        "select id, b, i2, i4, i8, f4, f8, txt, ints, status, mail, jb from type_samples order by id"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.len(), 3);
    let one = &rows[0];
    assert_eq!(
        (one.b, one.i2, one.i4, one.i8),
        (
            Some(true),
            Some(32767),
            Some(2_147_483_647),
            Some(9_223_372_036_854_775_807)
        )
    );
    assert_eq!((one.f4, one.f8), (Some(1.5), Some(2.25)));
    assert_eq!(one.ints, Some(vec![1, 2, 3]));
    assert_eq!(one.status.as_deref(), Some("AWAY"));
    assert_eq!(one.mail.as_deref(), Some("someone@example.com"));
    assert_eq!(one.jb, Some(json!({"a": [1, 2, {"b": null}]})));
    assert_eq!(rows[1].b, None);
    let texts = query!(c, "select texts from type_samples where id < 3 order by id")
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(texts[0].texts, Some(vec!["x".to_owned(), "y z".to_owned()]));
    assert_eq!(texts[1].texts, None);
    assert_eq!(rows[2].f8, Some(f64::INFINITY));
    assert!(rows[2].f4.unwrap().is_nan());
    assert_eq!(rows[2].i8, Some(i64::MIN));
}

#[tokio::test]
async fn real_aggregates() {
    let c = live();
    let rows = query!(
        c,
        "select continent, count(*), sum(population) as total, max(name) from countries where continent is not null group by continent order by continent"
    )
    .execute()
    .await
    .unwrap()
    .data;
    let europe = rows
        .iter()
        .find(|r| r.continent.as_deref() == Some("Europe"))
        .unwrap();
    assert_eq!(europe.count, 3);
    assert_eq!(europe.total, json!(68042591_i64 + 84358845 + 387758));
    assert_eq!(europe.max.as_deref(), Some("Ísland"));
    assert_eq!(rows.len(), 6);
}

#[tokio::test]
async fn real_count_star_alone() {
    let c = live();
    let rows = query!(
        c,
        "select count(*) as n from cities where is_capital = true"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].n, 5);
}

#[tokio::test]
async fn real_many_to_one_left_join() {
    let c = live();
    let rows = query!(
        c,
        "select ci.id, ci.name, co.name as country from cities ci left join countries co on co.id = ci.country_id where ci.id in (1, 12) order by ci.id"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].co.as_ref().map(|c| c.country.as_str()),
        Some("France")
    );
    assert_eq!(rows[1].name, "Atlantis");
    assert!(rows[1].co.is_none());
}

#[tokio::test]
async fn real_one_to_many_inner_join_filters_parents() {
    let c = live();
    let rows = query!(
        c,
        "select countries.id, cities.name from countries join cities on cities.country_id = countries.id where cities.population > $1 order by countries.id",
        3_000_000
    )
    .execute()
    .await
    .unwrap()
    .data;
    // Countries with a city over 3 million: Germany (Berlin), Japan (Tokyo), Brazil (São Paulo),
    // Côte d'Ivoire (Abidjan); only those cities are embedded.
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 4, 6, 8]);
    let japan: Vec<&str> = rows[1].cities.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(japan, ["Tokyo"]);
}

#[tokio::test]
async fn real_one_to_one_embed_is_an_object() {
    let c = live();
    let rows = query!(
        c,
        "select c.name, p.motto from countries c left join country_profiles p on p.country_id = c.id where c.id in (1, 3) order by c.id"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(
        rows[0].p.as_ref().map(|p| p.motto.as_str()),
        Some("Liberté, égalité, fraternité")
    );
    assert!(rows[1].p.is_none());
}

#[tokio::test]
async fn real_ambiguous_foreign_keys_with_hints() {
    let c = live();
    let rows = query!(
        c,
        "select m.id, m.body, s.username as sender, r.username as receiver from messages m join users s on s.id = m.sender_id join users r on r.id = m.receiver_id where m.id <= 2 order by m.id"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows[0].s.sender, "alice");
    assert_eq!(rows[0].r.receiver, "bob");
    assert_eq!(rows[1].body, "Hello Alice.");
    assert_eq!(rows[1].s.sender, "bob");
}

#[tokio::test]
async fn real_nested_join() {
    let c = live();
    let rows = query!(
        c,
        "select l.name, cl.country_id, co.name as country from languages l join country_languages cl on cl.language_id = l.id join countries co on co.id = cl.country_id where l.code = 'mi'"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "Māori");
    assert_eq!(rows[0].cl.len(), 1);
    assert_eq!(rows[0].cl[0].co.country, "New Zealand");
}

#[tokio::test]
async fn real_query_as_table_type() {
    let c = live();
    let rows = query_as!(
        City,
        c,
        "select id, name, country_id from cities where country_id = $1 order by id",
        2_i64
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(
        rows,
        [
            City {
                id: 4,
                name: "Berlin".into(),
                country_id: Some(2)
            },
            City {
                id: 5,
                name: "Munich".into(),
                country_id: Some(2)
            },
        ]
    );
}

#[tokio::test]
async fn real_rpc_scalar() {
    let c = live();
    let sum = query!(c, "select * from add(a => $1, b => $2)", 40, 2)
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(sum, Some(42));
    let hello = query!(c, "select * from hello()")
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(hello.as_deref(), Some("Hello, world!"));
}

#[tokio::test]
async fn real_rpc_rows_with_filters() {
    let c = live();
    let rows = query!(
        c,
        "select id, name from countries_by_continent(c => $1) where id > 1 order by name desc",
        "Europe"
    )
    .execute()
    .await
    .unwrap()
    .data;
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Ísland", "Germany"]);
}

#[tokio::test]
async fn real_rpc_returns_table_and_defaults() {
    let c = live();
    let rows = query!(
        c,
        "select * from continent_stats(min_population => 100000000)"
    )
    .execute()
    .await
    .unwrap()
    .data;
    let asia = rows
        .iter()
        .find(|r| r.continent.as_deref() == Some("Asia"))
        .unwrap();
    assert_eq!(asia.country_count, Some(2));
    assert_eq!(asia.total_population, Some(json!(1_553_144_313_i64)));
    let all = query!(c, "select continent from continent_stats()")
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(all.len(), 6);
}

#[tokio::test]
async fn real_rpc_array_argument() {
    let c = live();
    let nums = vec![1, 2, 3, 4];
    let total = query!(c, "select * from sum_array(nums => $1)", nums)
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(total, Some(10));
}

#[tokio::test]
async fn real_insert_update_delete_returning() {
    let c = live();
    let tag = "query_macro_writes";
    let _ = query!(c, "delete from scratch where test = $1", tag)
        .execute()
        .await
        .unwrap();
    let inserted = query!(
        c,
        "insert into scratch (test, k, n, tags, payload) values ($1, 'a', $2, array['x', 'y'], '{\"deep\": {\"v\": 1}}') returning id, test, n, status, tags, payload",
        tag,
        5
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(inserted.len(), 1);
    assert_eq!(inserted[0].n, Some(5));
    assert_eq!(inserted[0].status, "new");
    assert_eq!(inserted[0].tags, Some(vec!["x".to_owned(), "y".to_owned()]));
    assert_eq!(inserted[0].payload, Some(json!({"deep": {"v": 1}})));
    let id = inserted[0].id;

    let many = query!(
        c,
        "insert into scratch (test, k) values ({tag}, 'b'), ({tag}, 'c') returning k"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(
        many.iter().map(|r| r.k.clone()).collect::<Vec<_>>(),
        [Some("b".to_owned()), Some("c".to_owned())]
    );

    let flag: Option<bool> = Some(true);
    let updated = query!(
        c,
        "update scratch set n = 9, flag = $1 where test = $2 and k = 'a' returning id, n, flag",
        flag,
        tag
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(updated.len(), 1);
    assert_eq!(
        (updated[0].id, updated[0].n, updated[0].flag),
        (id, Some(9), Some(true))
    );

    let deleted = query!(
        c,
        "delete from scratch where test = $1 and k <> 'a' returning k",
        tag
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(deleted.len(), 2);
    let left = query!(c, "select id from scratch where test = $1", tag)
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(left.iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    let _ = query!(c, "delete from scratch where test = $1", tag)
        .execute()
        .await
        .unwrap();
}

#[tokio::test]
async fn real_write_without_returning_and_rollback() {
    let c = live();
    let q = query!(c, "update countries set population = 1 where id = 1").with(|b| b.rollback());
    q.execute().await.unwrap();
    let rows = query!(c, "select population from countries where id = 1")
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(rows[0].population, Some(68_042_591));
}

#[tokio::test]
async fn real_other_schema() {
    let c = live();
    let rows = query!(
        c,
        "select id, name, price::text from api2.items where price < 10 order by price"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(
        rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["doohickey", "widget"]
    );
    assert_eq!(rows[1].price, "9.99");
}

#[tokio::test]
async fn real_enum_filter_and_timestamps() {
    let c = live();
    let rows = query!(
        c,
        "select username, created_at, profile->>'theme' as theme from users where status = 'ONLINE' order by id"
    )
    .execute()
    .await
    .unwrap()
    .data;
    assert_eq!(
        rows.iter().map(|r| r.username.as_str()).collect::<Vec<_>>(),
        ["alice", "dave"]
    );
    assert_eq!(rows[0].created_at, "2024-01-01T10:00:00+00:00");
    assert_eq!(rows[0].theme.as_deref(), Some("dark"));
    assert_eq!(rows[1].theme, None);
}
