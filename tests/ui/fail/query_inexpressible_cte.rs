// WITH (a CTE): PostgREST cannot express it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"with big as (select id, name from countries where population > 100000000) select id, name from big"#
    );
}
