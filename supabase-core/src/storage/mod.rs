//! Supabase Storage: buckets and objects (`client.storage()`).

mod error;

pub use error::StorageError;
