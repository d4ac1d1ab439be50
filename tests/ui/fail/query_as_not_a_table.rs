// query_as! decodes into a #[derive(Table)] type.
#[derive(Debug, serde::Deserialize)]
struct NotATable {
    id: i64,
}

fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query_as!(NotATable, client, "select id from countries");
}
