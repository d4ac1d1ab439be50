include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().like(country::is_member, "t%");
}
