//! Starts the real Deno server of `tests/deno/functions/main.ts` for `tests/functions.rs`.
//!
//! Deno 2.9.6 comes from the npm package `@deno/linux-x64-glibc` (the platform package of the
//! `deno` npm package, which ships the binary) pinned in `tools/node/package.json`;
//! `scripts/install-deps` installs it. Set
//! `SUPABASE_TESTS_DENO` to use another `deno` binary. A missing Deno is a test failure with a
//! hint, never a skip.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// The workspace root (`supabase-core/..`).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("supabase-core has a parent directory")
        .to_path_buf()
}

/// The `deno` binary: `$SUPABASE_TESTS_DENO`, else the one `scripts/install-deps` put in
/// `tools/node/node_modules`. Panics with a hint when there is none.
pub fn deno_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("SUPABASE_TESTS_DENO") {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "SUPABASE_TESTS_DENO={} is not a file",
            path.display()
        );
        return path;
    }
    let modules = workspace_root().join("tools/node/node_modules");
    let candidates = [modules.join("@deno/linux-x64-glibc/deno")];
    candidates
        .iter()
        .find(|path| path.is_file())
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "Deno is missing (looked for {}). Run `scripts/install-deps` (it runs `npm ci` in \
                 tools/node, which installs the pinned `deno` npm package), or set \
                 SUPABASE_TESTS_DENO to a deno binary.",
                candidates
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// A running Deno server; killed when dropped.
pub struct DenoServer {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    stderr: Arc<Mutex<String>>,
}

impl DenoServer {
    /// Starts `main.ts` on a free port and waits for its `listening <port>` line.
    pub fn start() -> DenoServer {
        let deno = deno_binary();
        let script = workspace_root().join("tests/deno/functions/main.ts");
        let deno_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("deno-dir");
        let mut child = Command::new(&deno)
            .args([
                "run",
                "--no-config",
                "--no-lock",
                "--no-remote",
                "--no-npm",
                "--allow-net=127.0.0.1",
            ])
            .arg(&script)
            .arg("0")
            .env("DENO_DIR", &deno_dir)
            .env("DENO_NO_UPDATE_CHECK", "1")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "could not run {} ({e}); run `scripts/install-deps`",
                    deno.display()
                )
            });

        // Drain both pipes so Deno never blocks on a full pipe; keep stderr for messages.
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err_pipe = child.stderr.take().expect("stderr piped");
        let err_buf = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                if let Ok(mut buf) = err_buf.lock() {
                    buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
                }
            }
        });
        let out_pipe = child.stdout.take().expect("stdout piped");
        let (port_tx, port_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(out_pipe).lines();
            let first = lines.next().and_then(Result::ok);
            let _ = port_tx.send(first);
            for _ in lines {}
        });

        let mut server = DenoServer {
            child,
            base: String::new(),
            stderr,
        };
        let first = port_rx.recv_timeout(Duration::from_secs(60));
        let port: Option<u16> = match &first {
            Ok(Some(line)) => line
                .strip_prefix("listening ")
                .and_then(|p| p.trim().parse().ok()),
            _ => None,
        };
        match port {
            Some(port) => server.base = format!("http://127.0.0.1:{port}"),
            None => panic!(
                "deno did not start the test functions (first stdout line {first:?}); stderr:\n{}",
                server.stderr()
            ),
        }
        server
    }

    /// What Deno wrote on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Drop for DenoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
