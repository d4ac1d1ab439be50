// A value computed in the database (`now()`): PostgREST writes only the values it is sent.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"update users set created_at = now() where id = $1"#,
        1_i64
    );
}
