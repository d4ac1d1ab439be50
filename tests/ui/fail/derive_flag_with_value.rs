#[derive(serde::Deserialize, supabase_core::Table)]
struct Country {
    #[table(primary_key = true)]
    id: i64,
}

fn main() {}
