#[derive(serde::Deserialize, supabase_core::Table)]
enum Country {
    A,
}

fn main() {}
