// A counter incremented on conflict: PostgREST's merge only sets `value = excluded.value`.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let name = "visits";
    let _ = supabase_core::query!(
        client,
        "insert into counters (name, value) values ($1, 1)
         on conflict (name) do update set value = counters.value + 1
         returning value",
        name
    );
}
