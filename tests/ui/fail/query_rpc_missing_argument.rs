// A required argument left out is the user's mistake (no "cannot express").
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select add(1)");
}
