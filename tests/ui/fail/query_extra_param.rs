// An argument that the SQL never uses.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select id from countries where id = $1", 1_i64, 2_i64);
}
