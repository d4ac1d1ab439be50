//! `supabase/schema.json` (what `query!` checks against) must describe the same schema as
//! `supabase/migrations` (what `build.rs` generates the types from). Refresh it with
//! `cargo run -p supabase-codegen -- dump --migrations-dir examples/typed/supabase/migrations --out examples/typed/supabase/schema.json`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;

#[test]
fn committed_snapshot_matches_the_migrations() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("supabase");
    let (model, warnings) = supabase_codegen::source::migrations::from_migrations_dir(
        dir.join("migrations"),
        &["public"],
    )
    .expect("the migrations parse");
    assert!(warnings.is_empty(), "{warnings:?}");
    let committed = std::fs::read_to_string(dir.join("schema.json")).unwrap();
    assert_eq!(
        model.to_snapshot_json(),
        committed,
        "supabase/schema.json is stale; re-run the dump command in this file's header"
    );
}
