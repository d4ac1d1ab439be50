// A window function: PostgREST cannot express it; the error offers a SQL function.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, name, rank() over (partition by continent order by population desc) as rank_in_continent from countries where continent = $1"#,
        "Europe"
    );
}
