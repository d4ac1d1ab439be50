// LIMIT takes an unsigned count.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let page: i64 = 20;
    let _ = supabase_core::query!(client, "select id from prices order by id limit {page}");
}
