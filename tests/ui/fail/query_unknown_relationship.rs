// A JOIN needs a foreign key between the two tables.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select countries.name from countries join languages");
}
