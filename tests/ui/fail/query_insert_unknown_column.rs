// INSERT into a column that does not exist.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "insert into scratch (test, nmae) values ($1, 2)", "t");
}
