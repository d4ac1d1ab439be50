#[derive(serde::Deserialize, supabase_core::Table)]
struct User {
    id: i64,
}

#[derive(serde::Deserialize, supabase_core::Table)]
struct Message {
    id: i64,
    #[table(embed = "users", primary_key)]
    sender: User,
}

fn main() {}
