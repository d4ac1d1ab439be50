// An aggregate FILTER: PostgREST cannot express it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select continent, count(*) filter (where population > 1000000) as big from countries group by continent"#
    );
}
