// query! and query_as! forms that compile: select, join, writes, rpc, inline parameters.

#[derive(Debug, serde::Deserialize, supabase_core::Table)]
#[table(name = "cities")]
pub struct City {
    #[table(primary_key)]
    pub id: i64,
    pub name: String,
}

fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let name = String::from("France");
    let q = supabase_core::query!(client, "select id, name, population from countries where name = {name}");
    let _ = q.build().unwrap();
    let joined = supabase_core::query!(
        client,
        "select ci.name, co.name as country from cities ci join countries co on co.id = ci.country_id where ci.population > $1",
        1_000_000
    );
    let _ = joined.build().unwrap();
    let _ = supabase_core::query!(client, "insert into scratch (test, k) values ($1, $2) returning id", "t", Some("k"));
    let _ = supabase_core::query!(client, "update scratch set n = $1 where test = $2", 5, &name);
    let _ = supabase_core::query!(client, "delete from scratch where test = 't'");
    let _ = supabase_core::query!(client, "select * from add(a => $1, b => 2)", 1);
    let _ = supabase_core::query_as!(City, client, "select id, name from cities");

    // `<op> any/all(list)`: PostgREST's (any)/(all) modifiers; `<> any` is `not eq(all)`.
    let gt_any = supabase_core::query!(client, "select id from countries where population > any($1)", [10_i64, 20]);
    assert_eq!(
        gt_any.build().unwrap().query_pairs()[1],
        ("population".to_owned(), "gt(any).{10,20}".to_owned())
    );
    let neq_any = supabase_core::query!(client, "select id from countries where code <> any(array['fr', 'de'])");
    assert_eq!(
        neq_any.build().unwrap().query_pairs()[1],
        ("code".to_owned(), "not.eq(all).{fr,de}".to_owned())
    );
    // `range @> element` as the range of that element alone; `element <@ range` the same.
    let point = supabase_core::query!(client, "select id from reservations where during @> $1::timestamptz", "2024-06-01 10:00:00+00");
    let flipped = supabase_core::query!(client, "select id from reservations where $1::timestamptz <@ during", "2024-06-01 10:00:00+00");
    assert_eq!(point.build().unwrap().url(), flipped.build().unwrap().url());
    // Operators inside OR go through `Condition::filter`.
    let or = supabase_core::query!(client, "select id from reservations where seats @> 4 or room ~* '^a'");
    assert_eq!(
        or.build().unwrap().query_pairs()[1],
        ("or".to_owned(), r#"(seats.cs."[\"4\",\"4\"]",room.imatch.^a)"#.to_owned())
    );
    // A function's rows filtered on a column the select leaves out: selected too, not decoded.
    let hidden = supabase_core::query!(client, "select id, name from countries_by_continent('Europe') where population > 1000000 order by code");
    assert_eq!(hidden.hidden_keys(), ["population", "code"]);
    // `numeric` writes take any number type.
    let _ = supabase_core::query!(client, "insert into type_samples (id, num) values (1, $1)", 2.5_f64);
    let _ = supabase_core::query!(client, "update type_samples set num = $1 where id = 1", 7_i32);
    // `DEFAULT VALUES`: the empty object.
    let defaults = supabase_core::query!(client, "insert into scratch default values returning id");
    assert_eq!(defaults.build().unwrap().body(), Some(&serde_json::json!({})));
    // Casts of written values are checked and dropped.
    let _ = supabase_core::query!(client, "update users set status = $1::user_status where id = 1", "ONLINE");
}
