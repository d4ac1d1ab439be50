// A conditional update on conflict has no PostgREST form.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let name = "high score";
    let value = 120_i64;
    let _ = supabase_core::query!(
        client,
        "insert into counters (name, value) values ({name}, {value})
         on conflict (name) do update set value = excluded.value
         where counters.value < excluded.value"
    );
}
