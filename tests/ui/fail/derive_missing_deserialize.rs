#[derive(supabase_core::Table)]
struct Country {
    id: i64,
}

fn main() {}
