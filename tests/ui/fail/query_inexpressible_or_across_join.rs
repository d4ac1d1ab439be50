// An OR across a joined table's columns: PostgREST's or=(...) names the columns of one table.
fn main() {
    let client = supabase_core::Client::new("http://localhost", "anon-key").unwrap();
    let _ = supabase_core::query!(
        client,
        r#"select ci.name, co.name as country from cities ci join countries co on co.id = ci.country_id where ci.is_capital or co.population > 1000000"#
    );
}
