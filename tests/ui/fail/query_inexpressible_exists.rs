// EXISTS: PostgREST cannot express it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, username from users u where exists (select 1 from messages m where m.sender_id = u.id and m.sent_at > $1)"#,
        "2024-01-01T00:00:00Z"
    );
}
