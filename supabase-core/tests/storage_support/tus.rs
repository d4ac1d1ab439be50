//! The real TUS server (tools/node/tus-server.mjs: @tus/server with @tus/file-store, set up as
//! Supabase Storage sets it up) in its own node process, and a loopback TCP proxy that can
//! cut a connection after a given number of bytes from the client.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::process::{Child, Command};

/// A running `tus-server.mjs`; killed and its files removed on drop.
pub struct TusServer {
    pub addr: SocketAddr,
    dir: PathBuf,
    _child: Child,
}

fn tools_node() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/node")
}

impl TusServer {
    /// Starts the server; `hash` makes it hash every finished upload (SHA-256).
    pub async fn start(api_key: &str, hash: bool) -> TusServer {
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "supabase-core-tus-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let script = tools_node().join("tus-server.mjs");
        assert!(
            tools_node().join("node_modules/@tus/server").exists(),
            "@tus/server is missing from tools/node/node_modules: run scripts/install-deps"
        );
        let mut child = Command::new("node")
            .arg(&script)
            .arg(&dir)
            .arg(api_key)
            .env("TUS_HASH", if hash { "1" } else { "0" })
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("node must be installed (scripts/install-deps)");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let line = lines
            .next_line()
            .await
            .expect("read tus-server output")
            .expect("tus-server exited before listening");
        let port: u16 = line
            .strip_prefix("listening ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("unexpected tus-server output {line:?}"));
        TusServer {
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            dir,
            _child: child,
        }
    }

    pub fn project_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    async fn get(&self, path: &str) -> Value {
        reqwest::get(format!("http://{}{path}", self.addr))
            .await
            .expect("tus-server test endpoint")
            .json()
            .await
            .expect("json")
    }

    /// Finished uploads: `{bucket, objectName, size, sha256, contentType, cacheControl, metadata}`.
    pub async fn objects(&self) -> Vec<Value> {
        match self.get("/__test/objects").await {
            Value::Array(a) => a,
            other => panic!("{other}"),
        }
    }

    /// The finished upload of `bucket/key`.
    pub async fn object(&self, bucket: &str, key: &str) -> Option<Value> {
        self.objects()
            .await
            .into_iter()
            .find(|o| o["bucket"] == bucket && o["objectName"] == key)
    }

    /// Requests received: `{method, url, headers}`.
    pub async fn log(&self) -> Vec<Value> {
        match self.get("/__test/log").await {
            Value::Array(a) => a,
            other => panic!("{other}"),
        }
    }
}

impl Drop for TusServer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A TCP proxy to `upstream`. [`CutProxy::cut_after`] arms it: after that many more bytes
/// from the client, the connection carrying them is closed (once).
#[derive(Clone)]
pub struct CutProxy {
    pub addr: SocketAddr,
    budget: Arc<AtomicU64>,
    cuts: Arc<AtomicU64>,
}

const UNARMED: u64 = u64::MAX;

impl CutProxy {
    pub async fn start(upstream: SocketAddr) -> CutProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let proxy = CutProxy {
            addr: listener.local_addr().expect("addr"),
            budget: Arc::new(AtomicU64::new(UNARMED)),
            cuts: Arc::new(AtomicU64::new(0)),
        };
        let p = proxy.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let p = p.clone();
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(upstream).await {
                        p.pipe(client, server).await;
                    }
                });
            }
        });
        proxy
    }

    /// Cut the connection once `bytes` more bytes have come from the client.
    pub fn cut_after(&self, bytes: u64) {
        self.budget.store(bytes, Ordering::SeqCst);
    }

    /// How many connections were cut.
    pub fn cuts(&self) -> u64 {
        self.cuts.load(Ordering::SeqCst)
    }

    async fn pipe(&self, client: TcpStream, server: TcpStream) {
        let (mut cr, mut cw) = client.into_split();
        let (mut sr, mut sw) = server.into_split();
        let upstream = async {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = match cr.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                let budget = self.budget.load(Ordering::SeqCst);
                if budget != UNARMED && (n as u64) >= budget {
                    // Forward what the budget allows, then drop the connection.
                    let _ = sw.write_all(&buf[..budget as usize]).await;
                    self.budget.store(UNARMED, Ordering::SeqCst);
                    self.cuts.fetch_add(1, Ordering::SeqCst);
                    return;
                }
                if budget != UNARMED {
                    self.budget.store(budget - n as u64, Ordering::SeqCst);
                }
                if sw.write_all(&buf[..n]).await.is_err() {
                    return;
                }
            }
        };
        let downstream = async {
            let _ = tokio::io::copy(&mut sr, &mut cw).await;
        };
        tokio::select! {
            _ = upstream => {}
            _ = downstream => {}
        }
    }
}
