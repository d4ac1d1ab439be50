// HAVING: PostgREST cannot express it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select continent, count(*) from countries group by continent having count(*) > 2"#
    );
}
