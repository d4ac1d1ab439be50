//! The `supabase-codegen` command: `generate`, `dump` and `check`; see `--help`.

fn main() {
    std::process::exit(supabase_codegen::__cli::run(
        std::env::args().skip(1).collect(),
    ));
}
