// GROUP BY must list exactly the plain columns selected next to the aggregates.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select name, count(*) from countries group by continent"
    );
}
