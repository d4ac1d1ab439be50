//! Cleanup that survives the test binary: a tiny `sh` process that stops the servers and removes
//! the scratch directory once the test process is gone.
//!
//! The servers live in `static`s, which Rust never drops, and the workspace forbids `unsafe`, so no
//! exit hook can kill them. Instead the watchdog's stdin is a pipe whose only write end is held by
//! the test process (the pipe is close-on-exec, so no other child inherits it). When the test
//! process exits, however it exits (normal end, panic, `SIGKILL`), the kernel closes that end, the
//! watchdog's `cat` sees end-of-file, and the watchdog signals every recorded server, waits up to
//! five seconds for each to go, `SIGKILL`s stragglers and removes the directory.
//!
//! The watchdog runs in its own process group and ignores `SIGINT`/`SIGTERM`/`SIGHUP`, so a Ctrl-C
//! aimed at `cargo test` does not kill it before it has cleaned up.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::Mutex;

/// The `sh` program the watchdog runs; `$1` is the directory to remove, `$1/watchdog.pids` the
/// servers to stop (one `PID SIGNAL` per line).
const SCRIPT: &str = r#"
trap '' INT TERM HUP
dir=$1
pids="$dir/watchdog.pids"
cat >/dev/null
if [ -f "$pids" ]; then
  while read -r pid sig; do kill -s "$sig" "$pid" 2>/dev/null; done < "$pids"
  i=0
  while [ "$i" -lt 50 ]; do
    alive=0
    while read -r pid sig; do
      if kill -0 "$pid" 2>/dev/null; then
        # A zombie (exited, not yet reaped) counts as gone.
        state=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
        [ "$state" = Z ] || alive=1
      fi
    done < "$pids"
    [ "$alive" = 0 ] && break
    sleep 0.1
    i=$((i + 1))
  done
  while read -r pid sig; do kill -s KILL "$pid" 2>/dev/null; done < "$pids"
fi
rm -rf "$dir"
"#;

/// A running watchdog for one scratch directory. Keep it alive for as long as the servers should
/// run (in practice: in a `static`, so until the process exits).
#[derive(Debug)]
pub struct Watchdog {
    dir: PathBuf,
    // Never written to: holding it open is what keeps the watchdog waiting.
    _pipe: Mutex<ChildStdin>,
}

impl Watchdog {
    /// Starts a watchdog that removes `dir` (and stops the servers later passed to
    /// [`Watchdog::watch`]) when this process exits or this value is dropped.
    pub fn start(dir: &Path) -> Result<Watchdog, String> {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(SCRIPT)
            .arg("supabase-tests-watchdog")
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start the cleanup watchdog (sh): {e}"))?;
        let pipe = child
            .stdin
            .take()
            .ok_or_else(|| "the watchdog has no stdin pipe".to_string())?;
        Ok(Watchdog {
            dir: dir.to_path_buf(),
            _pipe: Mutex::new(pipe),
        })
    }

    /// Records a server process to stop with `signal` (a name such as `TERM`, `QUIT`) at cleanup.
    pub fn watch(&self, pid: u32, signal: &str) -> Result<(), String> {
        let path = self.dir.join("watchdog.pids");
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        writeln!(file, "{pid} {signal}")
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// The directory this watchdog removes.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
