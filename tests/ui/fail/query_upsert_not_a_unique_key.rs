// ON CONFLICT names columns without a unique constraint: PostgreSQL would refuse it (42P10).
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "insert into scratch (test, k, n) values ('t', 'a', 1) on conflict (n) do nothing"
    );
}
