// A numeric column takes numbers (integers, floats, Numeric, Decimal), not text.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(client, r#"select id from prices where "Unit Amount" > $1"#, "10");
}
