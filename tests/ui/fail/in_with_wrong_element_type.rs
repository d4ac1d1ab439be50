include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().in_(country::id, ["1", "2"]);
}
