include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().range_adjacent(country::id, 1_i64);
}
