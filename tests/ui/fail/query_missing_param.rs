// The SQL uses a parameter that has no argument.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select id from countries where id = $2", 1_i64);
}
