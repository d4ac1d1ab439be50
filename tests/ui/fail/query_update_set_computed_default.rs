// `SET col = DEFAULT` where the default is computed in the database (`auth.jwt_sub()`): the
// builder's update sends values, so only a constant default can be written for the user.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"update todos set owner = DEFAULT where id = $1"#,
        1_i64
    );
}
