#[derive(serde::Deserialize, supabase_core::Table)]
#[table(name = "")]
struct Country {
    id: i64,
}

fn main() {}
