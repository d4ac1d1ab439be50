// `range &< value` with the value first has no mirror operator PostgREST could send.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select id, room from reservations where '[2024-06-01, 2024-06-02)'::tstzrange &< during"
    );
}
