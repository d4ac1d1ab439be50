// `value > any(array_column)`: PostgREST tests an array column's elements only for containment.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id, name from countries where 'b' > any(tags)"#
    );
}
