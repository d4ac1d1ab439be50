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
}
