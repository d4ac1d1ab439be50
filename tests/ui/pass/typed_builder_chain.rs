// Every typed filter on a column type it fits compiles.
include!("../common/tables.rs");

fn main() {
    let code = "FR".to_owned();
    let _ = client()
        .from_table::<Country>()
        .select()
        .eq(country::name, "France")
        .eq(country::name, &code)
        .eq(country::code, code.as_str())
        .neq(country::id, 3)
        .gt(country::population, 10_i64)
        .lte(country::name, "M")
        .ilike(country::name, "fr%")
        .like_any_of(country::code, ["F%", "D%"])
        .is_null(country::code)
        .is_not_null(country::population)
        .is_(country::is_member, true)
        .in_(country::id, vec![1_i64, 2])
        .not_in(country::name, ["X", "Y"])
        .contains(country::tags, ["eu"])
        .contained_by(country::tags, vec!["eu".to_owned()])
        .overlaps(country::tags, ["eu", "asia"])
        .contains(country::meta, serde_json::json!({"eu": true}))
        .text_search(country::name, "fra", supabase_core::TextSearchOptions::new())
        .not_()
        .eq(country::id, 1)
        .order(country::name, supabase_core::Order::asc())
        .limit(10)
        .single();
    let _ = client()
        .from_table::<Country>()
        .upsert(NewCountry { name: "X".into() })
        .on_conflict(country::id)
        .select()
        .maybe_single();
    let _ = client().from_table::<City>().delete().eq(city::id, 1).select();
    let _ = client().call(BumpArgs { name: "n".into() });
}
