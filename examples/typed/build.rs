//! Generates the Rust types of the planets schema from `supabase/migrations` into
//! `$OUT_DIR/supabase_schema.rs`; cargo reruns it when a migration changes.

fn main() {
    if let Err(err) = supabase_codegen::Builder::new()
        .migrations_dir("supabase/migrations")
        .schemas(["public"])
        .generate()
    {
        eprintln!("supabase-codegen: {err}");
        std::process::exit(1);
    }
}
