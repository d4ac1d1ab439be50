// A scalar subquery in a condition: PostgREST cannot express it. (`x IN (SELECT fk ...)` along a
// foreign key is a semi-join embed: see the query_macro tests.)
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select id from countries where population > (select avg(population) from countries)"
    );
}
