include!("../common/tables.rs");

fn main() {
    let _ = client().from_table::<Country>().select().like_any_of(country::tags, ["a%"]);
}
