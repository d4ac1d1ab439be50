// LIMIT takes an integer (a negative one is an error at execute).
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let page = "20";
    let _ = supabase_core::query!(client, "select id from prices order by id limit {page}");
}
