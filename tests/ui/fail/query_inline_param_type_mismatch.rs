// A `{name}` parameter of the wrong type.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let min = 1.5_f64;
    let _ = supabase_core::query!(client, "select id from countries where name = {min}");
}
