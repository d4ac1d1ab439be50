include!("../common/tables.rs");

fn main() {
    let wanted = "1".to_owned();
    let _ = client().from_table::<City>().select().eq(city::id, &wanted);
}
