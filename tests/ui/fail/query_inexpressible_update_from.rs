// UPDATE ... FROM: PostgREST cannot express it; the function offered is volatile.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"update cities set population = 0 from countries where countries.id = cities.country_id and countries.code = $1 returning cities.id"#,
        "FR"
    );
}
