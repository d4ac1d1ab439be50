//! Points `query!` in the tests at the fixture's schema snapshot.

fn main() {
    let manifest =
        std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let snapshot = manifest.join("../supabase-codegen/tests/snapshots/fixture.schema.json");
    let snapshot = std::fs::canonicalize(&snapshot).unwrap_or(snapshot);
    println!("cargo:rustc-env=SUPABASE_SCHEMA={}", snapshot.display());
    println!("cargo:rerun-if-changed={}", snapshot.display());
    println!("cargo:rerun-if-changed=build.rs");
}
