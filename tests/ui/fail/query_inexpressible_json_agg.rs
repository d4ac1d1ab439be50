// json_agg: PostgREST cannot express it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select u.id, json_agg(m.body) as bodies from users u join messages m on m.sender_id = u.id group by u.id"#
    );
}
