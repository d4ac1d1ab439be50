//! Progress callbacks of uploads and downloads.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::Stream;

/// How far a transfer has got: bytes moved so far and the total, when known.
///
/// For uploads `transferred` counts bytes handed to the connection (for resumable uploads:
/// the offset the server confirmed plus what went out of the chunk in flight, so after a
/// dropped connection it steps back to the server's offset); for downloads, bytes received.
///
/// ```
/// use supabase_core::storage::TransferProgress;
/// let p = TransferProgress { transferred: 512, total: Some(2048) };
/// assert_eq!(p.fraction(), Some(0.25));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferProgress {
    /// Bytes moved so far.
    pub transferred: u64,
    /// The whole size, when known.
    pub total: Option<u64>,
}

impl TransferProgress {
    /// `transferred / total`, when the total is known and not zero.
    ///
    /// ```
    /// use supabase_core::storage::TransferProgress;
    /// assert_eq!(TransferProgress { transferred: 1, total: None }.fraction(), None);
    /// ```
    pub fn fraction(&self) -> Option<f64> {
        match self.total {
            Some(t) if t > 0 => Some(self.transferred as f64 / t as f64),
            _ => None,
        }
    }
}

/// A progress callback, called from the task driving the transfer each time a piece of the
/// body moves (every 64 KiB or so). Keep it quick; it must not block.
///
/// Two `Progress` values are equal when they are the same callback.
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use std::sync::Arc;
/// use supabase_core::storage::Progress;
/// let seen = Arc::new(AtomicU64::new(0));
/// let s = Arc::clone(&seen);
/// let p = Progress::new(move |p| s.store(p.transferred, Ordering::Relaxed));
/// # let _ = p;
/// ```
#[derive(Clone)]
pub struct Progress(Arc<dyn Fn(TransferProgress) + Send + Sync>);

impl Progress {
    /// Wraps a callback.
    ///
    /// ```
    /// use supabase_core::storage::Progress;
    /// let p = Progress::new(|p| println!("{} of {:?}", p.transferred, p.total));
    /// # let _ = p;
    /// ```
    pub fn new(callback: impl Fn(TransferProgress) + Send + Sync + 'static) -> Self {
        Progress(Arc::new(callback))
    }

    pub(crate) fn report(&self, transferred: u64, total: Option<u64>) {
        (self.0)(TransferProgress { transferred, total });
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Progress(..)")
    }
}

impl PartialEq for Progress {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Progress {}

/// Bytes between two traced progress events of a streamed upload.
#[cfg(feature = "tracing")]
const TRACE_STEP: u64 = 8 * 1024 * 1024;

/// `progress`, plus (when the `tracing` feature is on and a subscriber listens at DEBUG) a
/// `streamed upload progress` event each time another 8 MiB went out and at the end.
pub(crate) fn with_trace(progress: Option<Progress>) -> Option<Progress> {
    #[cfg(feature = "tracing")]
    if tracing::enabled!(tracing::Level::DEBUG) {
        use std::sync::atomic::{AtomicU64, Ordering};
        let next = AtomicU64::new(TRACE_STEP);
        return Some(Progress::new(move |p| {
            if let Some(user) = &progress {
                user.report(p.transferred, p.total);
            }
            if p.transferred >= next.load(Ordering::Relaxed) || Some(p.transferred) == p.total {
                next.store(p.transferred + TRACE_STEP, Ordering::Relaxed);
                tracing::debug!(
                    storage.upload.offset = p.transferred,
                    storage.upload.size = p.total,
                    "streamed upload progress"
                );
            }
        }));
    }
    progress
}

/// A byte stream that reports, after each item, the running count (starting at `start`).
pub(crate) struct Counted<S> {
    inner: S,
    progress: Progress,
    done: u64,
    total: Option<u64>,
}

impl<S> Counted<S> {
    pub(crate) fn new(inner: S, progress: Progress, start: u64, total: Option<u64>) -> Self {
        Counted {
            inner,
            progress,
            done: start,
            total,
        }
    }
}

impl<S, E> Stream for Counted<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
{
    type Item = Result<Bytes, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let item = Pin::new(&mut self.inner).poll_next(cx);
        if let Poll::Ready(Some(Ok(chunk))) = &item {
            let n = chunk.len() as u64;
            self.done += n;
            self.progress.report(self.done, self.total);
        }
        item
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}
