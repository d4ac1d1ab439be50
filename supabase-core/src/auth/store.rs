//! Where sessions and PKCE verifiers are kept: [`SessionStore`], with [`MemoryStore`] (the
//! default) and [`FileStore`].

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Mutex;

/// A boxed future returned by [`SessionStore`] methods.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send + 'a>>;

/// A string key-value store for the session (like the browser's `localStorage` for
/// supabase-js).
///
/// The session is kept as JSON under the storage key (`sb-<project>-auth-token` by default);
/// PKCE code verifiers under `<storage key>-code-verifier`. Implement it to keep sessions in a
/// keychain, a database or a cookie jar.
///
/// ```
/// use supabase_core::auth::{MemoryStore, SessionStore};
/// # tokio_test_block(async {
/// let store = MemoryStore::new();
/// store.set_item("k", "v".to_owned()).await.unwrap();
/// assert_eq!(store.get_item("k").await.unwrap().as_deref(), Some("v"));
/// store.remove_item("k").await.unwrap();
/// assert_eq!(store.get_item("k").await.unwrap(), None);
/// # });
/// # fn tokio_test_block(f: impl std::future::Future<Output = ()>) {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
pub trait SessionStore: Send + Sync + fmt::Debug {
    /// The value under `key`, if any.
    fn get_item<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>>;
    /// Stores `value` under `key`, replacing any previous value.
    fn set_item<'a>(&'a self, key: &'a str, value: String) -> StoreFuture<'a, ()>;
    /// Removes `key` (no error when absent).
    fn remove_item<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()>;
}

/// Keeps everything in memory for the life of the process (the default).
///
/// `Debug` lists the keys only, never the values (they hold tokens).
///
/// ```
/// use supabase_core::auth::MemoryStore;
/// let store = MemoryStore::new();
/// assert!(format!("{store:?}").contains("MemoryStore"));
/// ```
#[derive(Default)]
pub struct MemoryStore {
    items: Mutex<HashMap<String, String>>,
}

impl MemoryStore {
    /// An empty store.
    ///
    /// ```
    /// let store = supabase_core::auth::MemoryStore::new();
    /// # let _ = store;
    /// ```
    pub fn new() -> Self {
        MemoryStore::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, String>) -> T) -> T {
        match self.items.lock() {
            Ok(mut guard) => f(&mut guard),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut keys = self.with(|m| m.keys().cloned().collect::<Vec<_>>());
        keys.sort();
        f.debug_struct("MemoryStore").field("keys", &keys).finish()
    }
}

impl SessionStore for MemoryStore {
    fn get_item<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        let value = self.with(|m| m.get(key).cloned());
        Box::pin(async move { Ok(value) })
    }

    fn set_item<'a>(&'a self, key: &'a str, value: String) -> StoreFuture<'a, ()> {
        self.with(|m| m.insert(key.to_owned(), value));
        Box::pin(async { Ok(()) })
    }

    fn remove_item<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        self.with(|m| m.remove(key));
        Box::pin(async { Ok(()) })
    }
}

/// Keeps each key in its own file in a directory, so a session survives restarts.
///
/// Files are named after the key (characters outside `[A-Za-z0-9._-]` percent-encoded) with a
/// `.json` suffix, written to a temporary file and renamed into place, and on Unix readable by
/// the owner only (mode 0600). The directory is created on first write.
///
/// ```no_run
/// use std::sync::Arc;
/// use supabase_core::Client;
/// use supabase_core::auth::{AuthOptions, FileStore};
///
/// let client = Client::builder("https://xyz.supabase.co", "anon-key")
///     .auth_options(AuthOptions::new().store(Arc::new(FileStore::new("/var/lib/myapp/auth"))))
///     .build()
///     .unwrap();
/// # let _ = client;
/// ```
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    /// A store in the directory `dir`.
    ///
    /// ```
    /// let store = supabase_core::auth::FileStore::new(std::env::temp_dir().join("auth"));
    /// # let _ = store;
    /// ```
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileStore { dir: dir.into() }
    }

    fn path(&self, key: &str) -> PathBuf {
        let mut name = String::with_capacity(key.len() + 5);
        for b in key.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
                name.push(char::from(b));
            } else {
                name.push_str(&format!("%{b:02X}"));
            }
        }
        name.push_str(".json");
        self.dir.join(name)
    }
}

impl SessionStore for FileStore {
    fn get_item<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        let path = self.path(key);
        Box::pin(async move {
            match tokio::fs::read_to_string(&path).await {
                Ok(text) => Ok(Some(text)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    fn set_item<'a>(&'a self, key: &'a str, value: String) -> StoreFuture<'a, ()> {
        let path = self.path(key);
        let dir = self.dir.clone();
        Box::pin(async move {
            tokio::fs::create_dir_all(&dir).await?;
            let unique = rand::random::<u64>();
            let tmp = path.with_extension(format!("json.{unique:016x}.tmp"));
            let mut options = tokio::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            options.mode(0o600);
            let mut file = options.open(&tmp).await?;
            let written = async {
                tokio::io::AsyncWriteExt::write_all(&mut file, value.as_bytes()).await?;
                file.sync_all().await
            }
            .await;
            drop(file);
            if let Err(e) = written {
                let _ = tokio::fs::remove_file(&tmp).await;
                return Err(e);
            }
            tokio::fs::rename(&tmp, &path).await
        })
    }

    fn remove_item<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        let path = self.path(key);
        Box::pin(async move {
            match tokio::fs::remove_file(&path).await {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            }
        })
    }
}
