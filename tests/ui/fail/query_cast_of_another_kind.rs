// A cast to a type of another kind than the column's.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id from prices where product = $1::integer"#,
        7_i32
    );
}
