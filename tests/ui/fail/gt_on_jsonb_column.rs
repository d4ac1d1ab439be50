include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().lt(country::meta, serde_json::json!(1));
}
