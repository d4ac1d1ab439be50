#[derive(serde::Deserialize, supabase_core::Table)]
#[table(nmae = "countries")]
struct Country {
    id: i64,
}

fn main() {}
