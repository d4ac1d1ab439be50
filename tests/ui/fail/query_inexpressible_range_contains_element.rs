// A range compared with an element: PostgREST's `cs` reads the value as a range.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select id, product from prices where active_during @> '2024-06-15'::date"
    );
}
