// Unquoted `user` is PostgreSQL's current_user, not the column.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, user from prices"#
    );
}
