// coalesce in the select list: PostgREST cannot express it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, coalesce(code, 'n/a') as code from countries where continent = $1"#,
        "Asia"
    );
}
