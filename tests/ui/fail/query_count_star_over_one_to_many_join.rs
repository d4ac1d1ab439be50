// count(*) over a one-to-many join counts joined rows in SQL; count a column of the joined table.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "select u.username, count(*) from users u join messages m on m.sender_id = u.id group by u.username"
    );
}
