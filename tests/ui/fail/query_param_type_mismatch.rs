// A parameter of the wrong type for its column is reported at the argument.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select id from countries where population > $1",
        "many"
    );
}
