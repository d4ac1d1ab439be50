// PostgREST 12 filters a function's rows on the selected columns, so `query!` selects a filtered
// column too; an alias with that column's name would put two such keys in one row.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select id, name as population from countries_by_continent('Europe') where population > 1000000"
    );
}
