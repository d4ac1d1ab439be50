// `DEFAULT` in some rows only, for a column whose default is computed in the database
// (`auth.jwt_sub()`): a bulk insert sends one column list, and a row missing the key would be
// written NULL, not the default.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"insert into todos (owner, task) values (DEFAULT, 'a'), ('bob', 'b')"#
    );
}
