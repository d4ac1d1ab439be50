// An aggregate of an expression (`sum(population / area)`): PostgREST aggregates a column as stored.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select continent, sum(population / area) as density from countries group by continent"#
    );
}
