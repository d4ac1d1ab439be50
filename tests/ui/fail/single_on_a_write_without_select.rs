include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().delete().single();
}
