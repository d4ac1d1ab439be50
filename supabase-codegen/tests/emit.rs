//! The emitter's output for the fixture snapshot equals the committed
//! `tests/snapshots/fixture.rs` (which the `generated-fixture` crate compiles).
//!
//! Re-bless after an intended change: `BLESS=1 cargo test -p supabase-codegen --test emit`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;

use supabase_codegen::{emit, EmitOptions, SchemaModel};

fn fixture_model() -> SchemaModel {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let json = std::fs::read_to_string(dir.join("fixture.schema.json")).unwrap();
    SchemaModel::from_snapshot_json(&json).unwrap()
}

#[test]
fn generated_code_matches_the_committed_snapshot() {
    let code = emit::generate(&fixture_model(), &EmitOptions::new()).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/fixture.rs");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &code).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == code,
        "generated code differs from {}; re-bless with BLESS=1 if intended",
        path.display()
    );
    // Deterministic.
    assert_eq!(
        code,
        emit::generate(&fixture_model(), &EmitOptions::new()).unwrap()
    );
}

#[test]
fn insert_and_update_follow_identity_generated_and_nullability() {
    let code = emit::generate(&fixture_model(), &EmitOptions::new()).unwrap();
    let scratch = code
        .split("pub mod scratch {")
        .nth(2)
        .expect("public.scratch module");
    let insert = scratch.split("pub struct Insert {").nth(1).unwrap();
    let insert = &insert[..insert.find("\n        }").unwrap()];
    // Identity ALWAYS `id` is absent from Insert; `test` (NOT NULL, no default) is required.
    assert!(!insert.contains("pub id:"), "{insert}");
    assert!(insert.contains("pub test: String,"), "{insert}");
    assert!(insert.contains("pub k: Option<String>,"), "{insert}");
    let update = scratch.split("pub struct Update {").nth(1).unwrap();
    assert!(
        update.contains("pub k: Option<Option<String>>,"),
        "{update}"
    );
    assert!(update.contains("pub test: Option<String>,"), "{update}");
    // The generated `search` tsvector column of countries is in Row only.
    let countries = code.split("pub mod countries {").nth(1).unwrap();
    let countries = &countries[..countries.find("\n    }\n").unwrap()];
    assert_eq!(countries.matches("pub search:").count(), 1, "{countries}");
}

#[test]
fn overrides_replace_the_default_map() {
    let options = EmitOptions::new()
        .column_type("public.countries.meta", "crate::Meta")
        .pg_type("pg_catalog.numeric", "rust_decimal::Decimal");
    let code = emit::generate(&fixture_model(), &options).unwrap();
    assert!(code.contains("pub meta: Option<crate::Meta>,"));
    assert!(code.contains("Option<rust_decimal::Decimal>"));
}
