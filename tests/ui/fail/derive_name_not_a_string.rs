#[derive(serde::Deserialize, supabase_core::Table)]
#[table(name = countries)]
struct Country {
    id: i64,
}

fn main() {}
