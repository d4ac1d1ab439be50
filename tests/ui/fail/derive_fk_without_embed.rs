#[derive(serde::Deserialize, supabase_core::Table)]
struct Message {
    id: i64,
    #[table(fk = "messages_sender_fkey")]
    sender_id: i64,
}

fn main() {}
