include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().upsert(NewCountry { name: "X".into() }).on_conflict(country::name);
}
