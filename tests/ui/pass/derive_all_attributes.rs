// Every `#[table(...)]` attribute in one place.

#[derive(Debug, serde::Deserialize, supabase_core::Table)]
#[table(name = "users", schema = "public", columns = "user_cols")]
pub struct User {
    #[table(primary_key)]
    pub id: i64,
    #[table(unique)]
    #[serde(rename = "username")]
    pub login: String,
}

#[derive(Debug, serde::Serialize)]
pub struct NewMessage {
    pub body: String,
}

#[derive(Debug, serde::Serialize)]
pub struct MessagePatch {
    pub body: Option<String>,
}

#[derive(Debug, serde::Deserialize, supabase_core::Table)]
#[table(name = "messages", insert = NewMessage, update = MessagePatch)]
pub struct Message {
    #[table(primary_key)]
    pub id: i64,
    pub r#type: Option<String>,
    #[table(embed = "users", fk = "messages_sender_fkey", inner)]
    pub sender: User,
    #[table(embed = "users", fk = "messages_receiver_fkey")]
    pub receiver: Option<User>,
}

fn main() {
    use supabase_core::Table;
    assert_eq!(
        Message::select_list(),
        "id,type,sender:users!messages_sender_fkey!inner(id,username),receiver:users!messages_receiver_fkey(id,username)"
    );
    let client = supabase_core::Client::new("http://h", "k").unwrap();
    let _ = client.from_table::<User>().select().eq(user_cols::login, "ada").order(user_cols::id, supabase_core::Order::asc());
    let _ = client.from_table::<Message>().update(MessagePatch { body: None }).eq(message::r#type, "x");
}
