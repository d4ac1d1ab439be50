// Subqueries are not supported.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select id from countries where id in (select country_id from cities)"
    );
}
