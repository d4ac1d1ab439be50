// auth.uid() in a condition: PostgREST cannot express it (RLS policies are the place for it).
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, task from todos where owner = auth.uid()::text and done = false"#
    );
}
