// The items of an array literal in `= any('{...}')` are checked like any literal: here an enum
// label that `user_status` does not have.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select id from users where status = any('{ONLINE,BUSY}')"#
    );
}
