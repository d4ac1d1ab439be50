// CASE: PostgREST cannot express it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, case when population > 100000000 then 'large' else 'small' end as size from countries"#
    );
}
