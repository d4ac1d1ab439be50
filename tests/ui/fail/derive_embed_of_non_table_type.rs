#[derive(serde::Deserialize)]
struct Plain {
    name: String,
}

#[derive(serde::Deserialize, supabase_core::Table)]
#[table(name = "countries")]
struct Country {
    id: i64,
    #[table(embed = "cities")]
    cities: Vec<Plain>,
}

fn main() {}
