//! Procedural macros for `supabase-core`.
//!
//! This crate is the home of `#[derive(Table)]` and `query!` (the typed-layer issue). It holds
//! no macros yet; `supabase-core` does not re-export it until they land.
