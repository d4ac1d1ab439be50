#[derive(serde::Deserialize, supabase_core::Table)]
struct Country<T> {
    id: T,
}

fn main() {}
