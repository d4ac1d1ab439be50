#[derive(serde::Deserialize, supabase_core::Table)]
struct Country {
    #[table(schema = "geo")]
    id: i64,
}

fn main() {}
