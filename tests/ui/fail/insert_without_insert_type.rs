include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<City>().insert(City { id: 1, name: "Rome".into(), country_id: None });
}
