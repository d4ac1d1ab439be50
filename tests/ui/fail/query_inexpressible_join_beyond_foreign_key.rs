// A join condition beyond the foreign key's columns: PostgREST joins on exactly the foreign key.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select m.id, m.body, u.username from messages m join users u on u.id = m.sender_id and u.status = 'ONLINE'"#
    );
}
