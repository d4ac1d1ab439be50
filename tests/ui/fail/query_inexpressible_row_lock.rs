// A row lock (`FOR UPDATE`): each PostgREST request is its own transaction, so the lock would
// end with the response; the way out is a function doing the locked work in one call.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, name from countries where id = $1 for update"#,
        1_i64
    );
}
