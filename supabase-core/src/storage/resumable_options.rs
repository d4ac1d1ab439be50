//! Options of a resumable upload.

use std::time::Duration;

use base64::Engine;

use super::progress::Progress;
use super::resumable_source::PauseHandle;
use crate::Error;

/// The chunk size Supabase Storage requires for resumable uploads: 6 MiB.
pub const RESUMABLE_CHUNK_SIZE: u64 = 6 * 1024 * 1024;

/// Options of a resumable upload.
///
/// Defaults: 6 MiB chunks, cache control 3600 s, no upsert, the content type guessed for
/// files (`text/plain;charset=UTF-8` for bytes), up to 5 resumes in a row after dropped
/// connections, 1 s apart.
///
/// ```
/// use std::time::Duration;
/// use supabase_core::storage::{PauseHandle, Progress, ResumableOptions};
/// let pause = PauseHandle::new();
/// let o = ResumableOptions::new()
///     .content_type("video/mp4")
///     .cache_control(60)
///     .upsert(true)
///     .metadata(serde_json::json!({ "camera": "front" }))
///     .on_progress(Progress::new(|p| println!("{:?}", p.fraction())))
///     .pause_handle(pause.clone())
///     .retries(10)
///     .retry_delay(Duration::from_millis(200));
/// # let _ = o;
/// ```
#[must_use]
pub struct ResumableOptions {
    pub(crate) chunk_size: u64,
    pub(crate) content_type: Option<String>,
    pub(crate) cache_control: Option<u64>,
    pub(crate) upsert: bool,
    pub(crate) metadata: Option<serde_json::Value>,
    pub(crate) upload_url: Option<String>,
    pub(crate) retries: u32,
    pub(crate) retry_delay: Duration,
    pub(crate) progress: Option<Progress>,
    pub(crate) pause: Option<PauseHandle>,
    pub(crate) error: Option<Error>,
}

impl Default for ResumableOptions {
    fn default() -> Self {
        ResumableOptions {
            chunk_size: RESUMABLE_CHUNK_SIZE,
            content_type: None,
            cache_control: None,
            upsert: false,
            metadata: None,
            upload_url: None,
            retries: 5,
            retry_delay: Duration::from_secs(1),
            progress: None,
            pause: None,
            error: None,
        }
    }
}

impl ResumableOptions {
    /// The defaults.
    ///
    /// ```
    /// # use supabase_core::storage::ResumableOptions;
    /// let o = ResumableOptions::new();
    /// # let _ = o;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes per `PATCH` (default [`RESUMABLE_CHUNK_SIZE`], which Supabase Storage requires;
    /// other TUS servers may take others). Must not be zero.
    ///
    /// ```
    /// # use supabase_core::storage::ResumableOptions;
    /// let o = ResumableOptions::new().chunk_size(1 << 20);
    /// # let _ = o;
    /// ```
    pub fn chunk_size(mut self, bytes: u64) -> Self {
        if bytes == 0 {
            self.error.get_or_insert(Error::InvalidArgument(
                "the chunk size of a resumable upload must not be zero".into(),
            ));
        }
        self.chunk_size = bytes;
        self
    }

    /// The content type to store the object with (`contentType` metadata).
    ///
    /// ```
    /// # use supabase_core::storage::ResumableOptions;
    /// let o = ResumableOptions::new().content_type("application/zip");
    /// # let _ = o;
    /// ```
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Seconds the object may be cached (`cacheControl` metadata; default 3600).
    ///
    /// ```
    /// # use supabase_core::storage::ResumableOptions;
    /// let o = ResumableOptions::new().cache_control(0);
    /// # let _ = o;
    /// ```
    pub fn cache_control(mut self, seconds: u64) -> Self {
        self.cache_control = Some(seconds);
        self
    }

    /// Overwrite an existing object (`x-upsert: true` on every request).
    ///
    /// ```
    /// # use supabase_core::storage::ResumableOptions;
    /// let o = ResumableOptions::new().upsert(true);
    /// # let _ = o;
    /// ```
    pub fn upsert(mut self, upsert: bool) -> Self {
        self.upsert = upsert;
        self
    }

    /// User metadata stored with the object (`metadata`, as JSON).
    ///
    /// ```
    /// # use supabase_core::storage::ResumableOptions;
    /// let o = ResumableOptions::new().metadata(std::collections::HashMap::from([("k", "v")]));
    /// # let _ = o;
    /// ```
    pub fn metadata(mut self, metadata: impl serde::Serialize) -> Self {
        match serde_json::to_value(metadata) {
            Ok(v) => self.metadata = Some(v),
            Err(e) => {
                self.error.get_or_insert(Error::Serialize(e));
            }
        }
        self
    }

    /// Resume the upload at this URL (from
    /// [`ResumableUpload::url`](super::ResumableUpload::url), stored by an earlier run) instead
    /// of creating a new one: the client asks the server for its offset and sends the rest. The
    /// source must be the same as before.
    ///
    /// ```
    /// # use supabase_core::storage::ResumableOptions;
    /// let o = ResumableOptions::new()
    ///     .upload_url("https://xyz.supabase.co/storage/v1/upload/resumable/YnVja2V0L2EvdjE");
    /// # let _ = o;
    /// ```
    pub fn upload_url(mut self, url: impl Into<String>) -> Self {
        self.upload_url = Some(url.into());
        self
    }

    /// How many times in a row to resume after a dropped connection or a busy upload before
    /// giving up (default 5). Zero never resumes by itself.
    ///
    /// ```
    /// # use supabase_core::storage::ResumableOptions;
    /// let o = ResumableOptions::new().retries(0);
    /// # let _ = o;
    /// ```
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// The wait before each resume (default 1 s).
    ///
    /// ```
    /// # use supabase_core::storage::ResumableOptions;
    /// let o = ResumableOptions::new().retry_delay(std::time::Duration::from_millis(100));
    /// # let _ = o;
    /// ```
    pub fn retry_delay(mut self, delay: Duration) -> Self {
        self.retry_delay = delay;
        self
    }

    /// Called as bytes go out (see [`Progress`]).
    ///
    /// ```
    /// # use supabase_core::storage::{Progress, ResumableOptions};
    /// let o = ResumableOptions::new().on_progress(Progress::new(|p| println!("{}", p.transferred)));
    /// # let _ = o;
    /// ```
    pub fn on_progress(mut self, progress: Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Lets a [`PauseHandle`] pause and resume
    /// [`ResumableUpload::finish`](super::ResumableUpload::finish).
    ///
    /// ```
    /// # use supabase_core::storage::{PauseHandle, ResumableOptions};
    /// let o = ResumableOptions::new().pause_handle(PauseHandle::new());
    /// # let _ = o;
    /// ```
    pub fn pause_handle(mut self, handle: PauseHandle) -> Self {
        self.pause = Some(handle);
        self
    }

    /// The TUS `Upload-Metadata` header: `key base64(value)` pairs, comma-separated.
    pub(crate) fn upload_metadata(
        &self,
        bucket: &str,
        key: &str,
        content_type: &str,
    ) -> Result<String, Error> {
        let b64 = |v: &str| base64::engine::general_purpose::STANDARD.encode(v);
        let mut pairs = vec![
            format!("bucketName {}", b64(bucket)),
            format!("objectName {}", b64(key)),
            format!("contentType {}", b64(content_type)),
            format!(
                "cacheControl {}",
                b64(&self.cache_control.unwrap_or(3600).to_string())
            ),
        ];
        if let Some(m) = &self.metadata {
            let json = serde_json::to_string(m).map_err(Error::Serialize)?;
            pairs.push(format!("metadata {}", b64(&json)));
        }
        Ok(pairs.join(","))
    }
}

impl std::fmt::Debug for ResumableOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResumableOptions")
            .field("chunk_size", &self.chunk_size)
            .field("content_type", &self.content_type)
            .field("cache_control", &self.cache_control)
            .field("upsert", &self.upsert)
            .field("metadata", &self.metadata)
            .field(
                "upload_url",
                &self.upload_url.as_deref().map(crate::redact::ScrubbedUrl),
            )
            .field("retries", &self.retries)
            .field("retry_delay", &self.retry_delay)
            .field("progress", &self.progress)
            .field("pause", &self.pause)
            .field("error", &self.error)
            .finish()
    }
}
