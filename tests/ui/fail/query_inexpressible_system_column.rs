// A system column: PostgREST reaches only the columns of its schema cache.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select ctid, id, name from countries order by id"#
    );
}
