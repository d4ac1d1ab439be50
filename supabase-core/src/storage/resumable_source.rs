//! What a resumable upload reads ([`ResumableSource`]) and what pauses it ([`PauseHandle`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::{self, BoxStream, StreamExt};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio::sync::watch;
use tokio_util::io::ReaderStream;

use super::upload::{DEFAULT_CONTENT_TYPE, FILE_READ_CHUNK};
use crate::Error;

const OCTET_STREAM: &str = "application/octet-stream";

/// What a resumable upload sends: a file (read chunk by chunk from disk, never whole) or
/// bytes in memory. Both can be re-read from any offset, which resuming needs.
///
/// ```
/// use supabase_core::storage::ResumableSource;
/// let a = ResumableSource::file("video.mp4");
/// let b = ResumableSource::bytes(vec![0u8; 1024]);
/// let c: ResumableSource = std::path::Path::new("photo.png").into();
/// # let _ = (a, b, c);
/// ```
#[derive(Debug, Clone)]
pub struct ResumableSource(Source);

#[derive(Debug, Clone)]
enum Source {
    File(PathBuf),
    Bytes(Bytes),
}

impl ResumableSource {
    /// A file on disk; its content type is guessed from the extension unless set.
    ///
    /// ```
    /// # use supabase_core::storage::ResumableSource;
    /// let s = ResumableSource::file("backup.tar");
    /// # let _ = s;
    /// ```
    pub fn file(path: impl AsRef<Path>) -> Self {
        ResumableSource(Source::File(path.as_ref().to_path_buf()))
    }

    /// Bytes in memory.
    ///
    /// ```
    /// # use supabase_core::storage::ResumableSource;
    /// let s = ResumableSource::bytes("hello");
    /// # let _ = s;
    /// ```
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        ResumableSource(Source::Bytes(bytes.into()))
    }

    pub(crate) async fn len(&self) -> Result<u64, Error> {
        match &self.0 {
            Source::Bytes(b) => Ok(b.len() as u64),
            Source::File(path) => tokio::fs::metadata(path)
                .await
                .map(|m| m.len())
                .map_err(|e| {
                    Error::InvalidArgument(format!("cannot stat {}: {e}", path.display()))
                }),
        }
    }

    pub(crate) fn default_content_type(&self) -> &'static str {
        match &self.0 {
            Source::Bytes(_) => DEFAULT_CONTENT_TYPE,
            Source::File(path) => mime_guess::from_path(path)
                .first_raw()
                .unwrap_or(OCTET_STREAM),
        }
    }

    /// `len` bytes from `offset`, as a stream of pieces of at most 64 KiB.
    pub(crate) async fn chunk(
        &self,
        offset: u64,
        len: u64,
    ) -> Result<BoxStream<'static, std::io::Result<Bytes>>, Error> {
        match &self.0 {
            Source::Bytes(b) => {
                let piece = b.slice(offset as usize..(offset + len) as usize);
                let pieces: Vec<std::io::Result<Bytes>> = (0..piece.len())
                    .step_by(64 * 1024)
                    .map(|at| Ok(piece.slice(at..piece.len().min(at + 64 * 1024))))
                    .collect();
                Ok(stream::iter(pieces).boxed())
            }
            Source::File(path) => {
                let cannot = |e: std::io::Error| {
                    Error::InvalidArgument(format!("cannot read {}: {e}", path.display()))
                };
                let mut file = tokio::fs::File::open(path).await.map_err(cannot)?;
                file.seek(std::io::SeekFrom::Start(offset))
                    .await
                    .map_err(cannot)?;
                Ok(ReaderStream::with_capacity(file.take(len), FILE_READ_CHUNK).boxed())
            }
        }
    }
}

impl From<PathBuf> for ResumableSource {
    fn from(p: PathBuf) -> Self {
        ResumableSource::file(p)
    }
}

impl From<&Path> for ResumableSource {
    fn from(p: &Path) -> Self {
        ResumableSource::file(p)
    }
}

impl From<Bytes> for ResumableSource {
    fn from(b: Bytes) -> Self {
        ResumableSource::bytes(b)
    }
}

impl From<Vec<u8>> for ResumableSource {
    fn from(b: Vec<u8>) -> Self {
        ResumableSource::bytes(b)
    }
}

/// The text's bytes (as with `UploadBody`, a `&str` is content, not a file name).
impl From<&str> for ResumableSource {
    fn from(s: &str) -> Self {
        ResumableSource::bytes(Bytes::copy_from_slice(s.as_bytes()))
    }
}

impl From<String> for ResumableSource {
    fn from(s: String) -> Self {
        ResumableSource::bytes(s)
    }
}

impl From<&'static [u8]> for ResumableSource {
    fn from(b: &'static [u8]) -> Self {
        ResumableSource::bytes(b)
    }
}

/// Pauses and resumes a running resumable upload from anywhere (another task, a UI).
///
/// A pause takes effect between chunks: the chunk in flight is finished first, so the server
/// keeps every byte sent. Clones control the same upload.
///
/// ```
/// use supabase_core::storage::PauseHandle;
/// let h = PauseHandle::new();
/// h.pause();
/// assert!(h.is_paused());
/// h.resume();
/// assert!(!h.is_paused());
/// ```
#[derive(Debug, Clone)]
pub struct PauseHandle(Arc<watch::Sender<bool>>);

impl Default for PauseHandle {
    fn default() -> Self {
        PauseHandle(Arc::new(watch::Sender::new(false)))
    }
}

impl PartialEq for PauseHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl PauseHandle {
    /// A handle that is not paused.
    ///
    /// ```
    /// # use supabase_core::storage::PauseHandle;
    /// assert!(!PauseHandle::new().is_paused());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Stop after the chunk in flight.
    ///
    /// ```
    /// # use supabase_core::storage::PauseHandle;
    /// PauseHandle::new().pause();
    /// ```
    pub fn pause(&self) {
        self.0.send_replace(true);
    }

    /// Go on sending.
    ///
    /// ```
    /// # use supabase_core::storage::PauseHandle;
    /// PauseHandle::new().resume();
    /// ```
    pub fn resume(&self) {
        self.0.send_replace(false);
    }

    /// Whether the upload is paused.
    ///
    /// ```
    /// # use supabase_core::storage::PauseHandle;
    /// assert!(!PauseHandle::new().is_paused());
    /// ```
    pub fn is_paused(&self) -> bool {
        *self.0.borrow()
    }

    pub(crate) async fn wait_until_running(&self) {
        let mut rx = self.0.subscribe();
        // The sender lives in `self`, so the channel stays open.
        let _ = rx.wait_for(|paused| !paused).await;
    }
}
