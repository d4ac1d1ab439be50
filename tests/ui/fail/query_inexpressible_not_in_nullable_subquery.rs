// NOT IN over a subquery column that can be NULL (`cities.country_id`): SQL answers no row at
// all when the subquery returns a NULL, which an anti-join embed does not reproduce.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select id from countries where id not in (select country_id from cities)"
    );
}
