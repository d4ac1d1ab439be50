// now() in a condition: PostgREST cannot express it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, body from messages where sent_at > now() - interval '7 days' order by sent_at desc"#
    );
}
