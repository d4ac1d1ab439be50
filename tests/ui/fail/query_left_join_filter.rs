// A WHERE on a LEFT JOINed table would only filter the embedded rows in PostgREST.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select countries.name from countries left join cities on cities.country_id = countries.id where cities.name = $1",
        "Paris"
    );
}
