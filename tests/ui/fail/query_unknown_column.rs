// An unknown column is reported with the closest column name, a caret under it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select id, nmae from countries");
}
