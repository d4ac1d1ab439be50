include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().on_conflict(country::id);
}
