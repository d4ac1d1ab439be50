// A function argument that does not exist.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select * from add(a => 1, c => 2)");
}
