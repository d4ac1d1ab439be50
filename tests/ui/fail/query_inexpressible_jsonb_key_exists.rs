// The jsonb `?` operator: PostgREST has no filter for it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, name from countries where meta ? 'capital'"#
    );
}
