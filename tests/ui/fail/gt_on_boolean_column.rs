include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().gt(country::is_member, false);
}
