// `auth.uid()` lives in a schema PostgREST does not expose: the way out is a function in `public`.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select auth.uid() as user_id");
}
