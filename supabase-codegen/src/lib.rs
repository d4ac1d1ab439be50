//! Code generation for `supabase-core` from a Postgres schema.
//!
//! This crate is the home of the schema model and its sources (the codegen issue). It holds no
//! public items yet.
