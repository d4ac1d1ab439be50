//! Compile-fail and compile-pass suites of the typed layer (`#[derive(Table)]`, the typed
//! builder, `query!`): each case in `tests/ui/fail` is named after the misuse it checks, and its
//! committed `.stderr` shows the error at the user's token.
//!
//! Run: `cargo test -p supabase-tests --test ui`. Re-bless after an intended change of the
//! messages: `TRYBUILD=overwrite cargo test -p supabase-tests --test ui`, then review the diff.

#![allow(missing_docs)]

#[test]
fn ui() {
    // `query!` cases read the fixture's schema snapshot.
    let snapshot = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../supabase-codegen/tests/snapshots/fixture.schema.json");
    std::env::set_var("SUPABASE_SCHEMA", snapshot);
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
