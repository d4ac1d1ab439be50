include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().text_search(country::id, "cat", supabase_core::TextSearchOptions::new());
}
