// ORDER BY an aggregate: PostgREST 12 orders by columns only.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select continent, count(*) as countries from countries group by continent order by countries desc"
    );
}
