// A join on columns that no foreign key links: PostgREST cannot embed it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select u.username, t.task from users u join todos t on t.owner = u.username"#
    );
}
