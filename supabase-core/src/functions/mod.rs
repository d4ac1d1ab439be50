//! Supabase Edge Functions (`client.functions()`).

mod error;

pub use error::FunctionsError;
