#[derive(serde::Deserialize, supabase_core::Table)]
struct Country(i64, String);

fn main() {}
