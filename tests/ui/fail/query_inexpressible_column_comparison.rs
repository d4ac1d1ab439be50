// Two columns compared: PostgREST compares a column with a value.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, username from users where age = id"#
    );
}
