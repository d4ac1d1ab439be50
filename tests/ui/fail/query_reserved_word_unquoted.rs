// `order` is reserved in PostgreSQL: a column named so must be quoted (not a PostgREST limit).
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, order from prices"#
    );
}
