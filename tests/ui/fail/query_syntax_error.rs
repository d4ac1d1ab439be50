// SQL that does not parse.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select id fron countries where");
}
