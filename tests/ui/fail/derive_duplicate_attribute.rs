#[derive(serde::Deserialize, supabase_core::Table)]
#[table(name = "countries", name = "nations")]
struct Country {
    id: i64,
}

fn main() {}
