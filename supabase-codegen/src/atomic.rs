//! Writing output files atomically: never half a file, and untouched when unchanged.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `contents` to `path` unless it already holds exactly these bytes: into a temporary
/// file in the same folder, synced, then renamed over `path` (atomic on the same file system).
/// Returns whether the file was written.
pub(crate) fn write_if_changed(path: &Path, contents: &[u8]) -> Result<bool> {
    let io = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    if std::fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(false);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    // Make the rename itself durable where the platform allows syncing a folder.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(true)
}
