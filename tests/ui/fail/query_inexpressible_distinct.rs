// SELECT DISTINCT: PostgREST cannot express it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select distinct continent from countries order by continent"#
    );
}
