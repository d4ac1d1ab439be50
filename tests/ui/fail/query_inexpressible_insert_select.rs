// Rows computed by a query: PostgREST inserts only the JSON body it is sent.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"insert into scratch (test, k) select name, code from countries where population > $1"#,
        1_000_000_i64
    );
}
