include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().range_gt(country::name, "[1,2)".to_owned());
}
