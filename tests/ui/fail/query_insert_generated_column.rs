// INSERT into a generated column.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, "insert into countries (name, search) values ($1, null)", "x");
}
