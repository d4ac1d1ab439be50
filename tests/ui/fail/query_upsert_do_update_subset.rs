// Only `n` is updated on conflict, but PostgREST's merge would also overwrite `status`.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        "insert into scratch (test, k, n, status) values ($1, $2, $3, 'new')
         on conflict (test, k) do update set n = excluded.n",
        "t",
        "a",
        1
    );
}
