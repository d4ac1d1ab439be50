// A built-in function alone is not a call PostgREST can make.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select now()");
}
