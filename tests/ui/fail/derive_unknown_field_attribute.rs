#[derive(serde::Deserialize, supabase_core::Table)]
struct Country {
    #[table(primary)]
    id: i64,
}

fn main() {}
