// `= any('{a,NULL}')`: a NULL item never matches with `=`, so the macro asks for the list
// without it (and `is null` beside it if rows with NULL are meant).
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id from users where status = any('{ONLINE,NULL}')"#
    );
}
