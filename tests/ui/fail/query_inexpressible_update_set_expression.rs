// A value computed from the row (`value = value + 1`): PostgREST writes only the values it is sent.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"update counters set value = value + 1 where name = 'visits' returning value"#
    );
}
