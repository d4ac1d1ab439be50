#[derive(serde::Deserialize, supabase_core::Table)]
#[table(insert = "NewCountry")]
struct Country {
    id: i64,
}

fn main() {}
