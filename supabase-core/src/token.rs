//! Where the `Authorization: Bearer` token comes from.

use std::future::Future;
use std::pin::Pin;

/// A boxed future returned by [`TokenSource::access_token`].
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>>;

/// Supplies the user's access token for the `Authorization` header.
///
/// When it yields `None` (nobody is signed in), requests carry `Bearer <api key>`.
/// The Auth client plugs its session in here; third-party auth can plug in its own.
///
/// ```
/// use std::sync::Arc;
/// use supabase_core::{Client, TokenFuture, TokenSource};
///
/// #[derive(Debug)]
/// struct Fixed(String);
///
/// impl TokenSource for Fixed {
///     fn access_token(&self) -> TokenFuture<'_> {
///         let token = self.0.clone();
///         Box::pin(async move { Some(token) })
///     }
/// }
///
/// let client = Client::builder("https://xyz.supabase.co", "anon-key")
///     .token_source(Arc::new(Fixed("user-jwt".into())))
///     .build()
///     .unwrap();
/// # let _ = client;
/// ```
pub trait TokenSource: Send + Sync + std::fmt::Debug {
    /// The current access token, refreshing it first if the source does that.
    fn access_token(&self) -> TokenFuture<'_>;
}
