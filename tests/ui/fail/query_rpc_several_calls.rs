// Two function calls are two requests: one query! makes one.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select add(1, 2) as sum, hello() as greeting");
}
