// Two foreign keys join messages to users: the JOIN must say which (ON ...).
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "select messages.body from messages join users");
}
