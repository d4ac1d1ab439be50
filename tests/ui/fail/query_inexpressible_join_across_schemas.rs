// A join across schemas: PostgREST embeds only tables of one schema (it answers PGRST200).
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select i.id, i.name, c.name as country from api2.items i join countries c on c.id = i.id"#
    );
}
