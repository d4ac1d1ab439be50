// LATERAL: PostgREST cannot express it.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select c.name, l.name as city from countries c, lateral (select name from cities where country_id = c.id order by population desc limit 1) l"#
    );
}
