include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().gte(country::tags, vec!["a".to_owned()]);
}
