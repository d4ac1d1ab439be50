include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().order(city::id, supabase_core::Order::asc());
}
