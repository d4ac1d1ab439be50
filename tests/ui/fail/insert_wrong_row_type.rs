include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().insert(City { id: 1, name: "Rome".into(), country_id: None });
}
