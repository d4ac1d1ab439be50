// UPDATE ... SET with a value of the wrong type is reported at the argument.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "update scratch set n = $1 where test = $2",
        "five",
        "t"
    );
}
