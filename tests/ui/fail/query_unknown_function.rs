// An unknown function is reported with the closest function name.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select * from ad(a => 1, b => 2)");
}
