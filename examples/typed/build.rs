//! Generates the Rust types of the planets schema into `$OUT_DIR/supabase_schema.rs`. This crate
//! is laid out as a Supabase CLI project, so `from_supabase_dir` reads `supabase/config.toml`
//! (the exposed schemas) and `supabase/migrations`; cargo reruns it when either changes.

fn main() {
    if let Err(err) = supabase_codegen::Builder::from_supabase_dir(".").generate() {
        eprintln!("supabase-codegen: {err}");
        std::process::exit(1);
    }
}
