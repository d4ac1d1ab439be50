// A computed select item (`extract(...)`): PostgREST selects columns, casts, json paths and aggregates.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, extract(year from founded) as year from countries order by id"#
    );
}
