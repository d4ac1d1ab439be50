// `= any($1)` takes a list of the column's type.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let ids = vec!["1", "2"];
    let _ = supabase_core::query!(client, "select id from prices where id = any($1)", ids);
}
