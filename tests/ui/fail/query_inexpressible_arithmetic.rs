// Arithmetic in an expression: PostgREST cannot express it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, name, population / area as density from countries where area > 0 order by density desc"#
    );
}
