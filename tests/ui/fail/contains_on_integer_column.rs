include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().contains(country::population, [1_i64]);
}
