include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().update(NewCountry { name: "X".into() });
}
