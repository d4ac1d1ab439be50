#[derive(serde::Deserialize, supabase_core::Table)]
struct Country {
    id: i64,
    #[serde(rename = "id")]
    other_id: i64,
}

fn main() {}
