// A string compared with an enum column must be one of its labels.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id from users where status = 'ONLNE'"#
    );
}
