include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().ilike(country::id, "1%");
}
