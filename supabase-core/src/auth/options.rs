//! `AuthOptions`: how the Auth client keeps and refreshes the session.

use std::fmt;
use std::sync::Arc;

use super::store::{MemoryStore, SessionStore};

/// The OAuth/magic-link flow: tokens in the redirect URL (implicit) or a code exchanged with a
/// stored verifier (PKCE).
///
/// ```
/// use supabase_core::auth::FlowType;
/// assert_eq!(FlowType::default(), FlowType::Implicit);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum FlowType {
    /// Tokens come back in the redirect URL's fragment (supabase-js's default).
    #[default]
    Implicit,
    /// A `code` comes back; [`crate::auth::Auth::exchange_code_for_session`] trades it with
    /// the stored verifier.
    Pkce,
}

/// Settings of the Auth client, given to [`crate::ClientBuilder::auth_options`].
///
/// Defaults as supabase-js: implicit flow, auto-refresh on, storage key
/// `sb-<first label of the project host>-auth-token`, and an in-memory store.
///
/// ```
/// use std::sync::Arc;
/// use supabase_core::Client;
/// use supabase_core::auth::{AuthOptions, FlowType, MemoryStore};
///
/// let client = Client::builder("https://xyz.supabase.co", "anon-key")
///     .auth_options(
///         AuthOptions::new()
///             .flow_type(FlowType::Pkce)
///             .auto_refresh(false)
///             .storage_key("my-app-auth")
///             .store(Arc::new(MemoryStore::new())),
///     )
///     .build()
///     .unwrap();
/// assert_eq!(client.auth().storage_key(), "my-app-auth");
/// ```
#[derive(Clone)]
#[must_use]
pub struct AuthOptions {
    pub(crate) flow_type: FlowType,
    pub(crate) auto_refresh: bool,
    pub(crate) storage_key: Option<String>,
    pub(crate) store: Arc<dyn SessionStore>,
}

impl Default for AuthOptions {
    fn default() -> Self {
        AuthOptions {
            flow_type: FlowType::Implicit,
            auto_refresh: true,
            storage_key: None,
            store: Arc::new(MemoryStore::new()),
        }
    }
}

impl fmt::Debug for AuthOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthOptions")
            .field("flow_type", &self.flow_type)
            .field("auto_refresh", &self.auto_refresh)
            .field("storage_key", &self.storage_key)
            .finish_non_exhaustive()
    }
}

impl AuthOptions {
    /// The defaults.
    ///
    /// ```
    /// let o = supabase_core::auth::AuthOptions::new();
    /// # let _ = o;
    /// ```
    pub fn new() -> Self {
        AuthOptions::default()
    }

    /// Implicit (default) or PKCE.
    ///
    /// ```
    /// use supabase_core::auth::{AuthOptions, FlowType};
    /// let o = AuthOptions::new().flow_type(FlowType::Pkce);
    /// # let _ = o;
    /// ```
    pub fn flow_type(mut self, flow_type: FlowType) -> Self {
        self.flow_type = flow_type;
        self
    }

    /// Refresh the session in the background (default on): a tick every 30 s refreshes when
    /// less than 120 s remain.
    ///
    /// ```
    /// let o = supabase_core::auth::AuthOptions::new().auto_refresh(false);
    /// # let _ = o;
    /// ```
    pub fn auto_refresh(mut self, on: bool) -> Self {
        self.auto_refresh = on;
        self
    }

    /// The key the session is stored under.
    ///
    /// ```
    /// let o = supabase_core::auth::AuthOptions::new().storage_key("app-auth");
    /// # let _ = o;
    /// ```
    pub fn storage_key(mut self, key: impl Into<String>) -> Self {
        self.storage_key = Some(key.into());
        self
    }

    /// Where the session is kept (default: in memory).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use supabase_core::auth::{AuthOptions, FileStore};
    /// let o = AuthOptions::new().store(Arc::new(FileStore::new("/tmp/auth")));
    /// # let _ = o;
    /// ```
    pub fn store(mut self, store: Arc<dyn SessionStore>) -> Self {
        self.store = store;
        self
    }
}
