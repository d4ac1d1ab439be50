// PostgREST 12 filters a function's rows after picking the selected columns: a WHERE column of
// the function's rows must be selected (else the server answers 42703).
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select id, name from countries_by_continent('Europe') where population > 1000000"
    );
}
