// EXISTS not along a foreign key (a message whose body names the user): PostgREST cannot
// express it. (Along a foreign key it is an embed: see the query_macro tests.)
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, username from users u where exists (select 1 from messages m where m.body = u.username and m.sent_at > $1)"#,
        "2024-01-01T00:00:00Z"
    );
}
