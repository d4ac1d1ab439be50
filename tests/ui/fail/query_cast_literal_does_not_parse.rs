// A cast literal is checked at compile time.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id from prices where "createdAt" >= '2024-02-30'::date"#
    );
}
