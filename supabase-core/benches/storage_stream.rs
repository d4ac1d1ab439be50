//! Moves a 1 GiB file up and down through the Storage client and through `curl`, against the
//! same Storage fake (`tests/storage_support`), and prints throughput, the ratio, and the
//! client's peak RSS.
//!
//! Same work on both sides: the upload reads the same file from disk (ours with
//! `UploadBody::file`, curl with `-T file`, both sending `content-length`), the download writes
//! the object to a file (ours from `download_stream` into a `tokio::fs::File`, curl with `-o`).
//! The files live in `STORAGE_BENCH_DIR` (default `/dev/shm` when present, so the disk is not
//! what is measured). The fake runs in a child process (this binary re-executed with
//! `STORAGE_FAKE_CHILD=1`), so `VmHWM` of this process is the client's alone. The fake does
//! not hash here (it still checks the uploaded bytes against the generated pattern as they
//! stream); both clients move the same bytes over loopback HTTP/1.1.
//!
//! ```sh
//! cargo bench -p supabase-core --bench storage_stream
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

#[path = "../tests/storage_support/mod.rs"]
mod storage_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use futures_util::StreamExt;
use supabase_core::storage::{BucketOptions, DownloadOptions, FileOptions, UploadBody};
use supabase_core::Client;
use tokio::io::AsyncWriteExt;

use storage_support::{pattern_chunk, FakeConfig, FakeStorage};

const LEN: u64 = 1 << 30;
const KEY: &str = "bench-key";

fn main() {
    if std::env::var_os("STORAGE_FAKE_CHILD").is_some() {
        serve_child();
        return;
    }
    let exe = std::env::current_exe().expect("current exe");
    let mut child = Command::new(exe)
        .env("STORAGE_FAKE_CHILD", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the fake");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("port line");
    let port: u16 = line
        .trim()
        .strip_prefix("PORT ")
        .and_then(|p| p.parse().ok())
        .expect("PORT <n>");
    let project = format!("http://127.0.0.1:{port}");

    let dir = bench_dir();
    let source = dir.join(format!("storage-bench-{}.bin", std::process::id()));
    write_pattern_file(&source, LEN);
    let sink = dir.join(format!("storage-bench-{}.out", std::process::id()));

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // Rounds alternate ours and curl; the best of each is kept (the machine may be shared).
    let rounds: usize = std::env::var("STORAGE_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let rss_start = vm_hwm_kib();
    let (mut up, mut down) = (f64::MAX, f64::MAX);
    let (mut curl_up, mut curl_down): (Option<f64>, Option<f64>) = (None, None);
    let best = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    for _ in 0..rounds {
        let (u, d) = rt.block_on(ours(&project, &source, &sink));
        up = up.min(u);
        down = down.min(d);
        let _ = std::fs::remove_file(&sink);
        curl_up = best(curl_up, curl_upload(&project, &source));
        curl_down = best(curl_down, curl_download(&project, &sink));
        let _ = std::fs::remove_file(&sink);
    }
    let rss_peak = vm_hwm_kib();
    let _ = std::fs::remove_file(&source);

    let mib = LEN as f64 / (1024.0 * 1024.0);
    let (ours_up, ours_down) = (mib / up, mib / down);
    println!(
        "storage_stream: a 1 GiB file over loopback HTTP/1.1 to the Storage fake (separate process), files in {}, best of {rounds} alternating rounds",
        dir.display()
    );
    println!("{:<34} {:>14} {:>16}", "", "upload MiB/s", "download MiB/s");
    println!(
        "{:<34} {:>14.0} {:>16.0}",
        "supabase-core (file, streamed)", ours_up, ours_down
    );
    match (curl_up, curl_down) {
        (Some(u), Some(d)) => {
            let (u, d) = (u / (1024.0 * 1024.0), d / (1024.0 * 1024.0));
            println!("{:<34} {:>14.0} {:>16.0}", "curl (-T file / -o file)", u, d);
            println!(
                "{:<34} {:>14.2} {:>16.2}",
                "ratio (ours / curl, goal >= 0.9)",
                ours_up / u,
                ours_down / d
            );
        }
        _ => println!("curl: not available or failed"),
    }
    println!(
        "peak RSS (VmHWM) of the client process: {} MiB before, {} MiB after all rounds",
        rss_start.map_or(-1, |k| (k / 1024) as i64),
        rss_peak.map_or(-1, |k| (k / 1024) as i64)
    );

    drop(child.stdin.take());
    let _ = child.wait();
}

/// `STORAGE_BENCH_DIR`, else `/dev/shm` when present, else the temp dir.
fn bench_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("STORAGE_BENCH_DIR") {
        return PathBuf::from(d);
    }
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// Writes `len` bytes of the fake's test pattern (which it checks uploads against).
fn write_pattern_file(path: &Path, len: u64) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create source"));
    let mut off = 0;
    while off < len {
        let c = pattern_chunk(off, (len - off).min(1 << 16) as usize);
        f.write_all(&c).expect("write source");
        off += c.len() as u64;
    }
    f.flush().expect("flush source");
}

/// Our client: upload the file, download into a file; seconds each.
async fn ours(project: &str, source: &Path, sink: &Path) -> (f64, f64) {
    let client = Client::new(project, KEY).expect("client");
    let storage = client.storage();
    // Made by the first round; later rounds find it there.
    let _ = storage.create_bucket("bench", BucketOptions::new()).await;
    let b = storage.from_("bench");

    let t = Instant::now();
    b.upload(
        "big.bin",
        UploadBody::file(source),
        FileOptions::new()
            .content_type("application/octet-stream")
            .upsert(true),
    )
    .await
    .expect("upload");
    let up = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut stream = b
        .download_stream("big.bin", DownloadOptions::new())
        .await
        .expect("download");
    let mut out = tokio::fs::File::create(sink).await.expect("create sink");
    let mut n = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("chunk");
        out.write_all(&chunk).await.expect("write sink");
        n += chunk.len() as u64;
    }
    out.flush().await.expect("flush sink");
    let down = t.elapsed().as_secs_f64();
    assert_eq!(n, LEN);
    (up, down)
}

fn curl_available() -> bool {
    Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `curl -T file` (POST with content-length); bytes per second as curl reports.
fn curl_upload(project: &str, source: &Path) -> Option<f64> {
    if !curl_available() {
        return None;
    }
    let script = format!(
        "curl -sS -o /dev/null -w '%{{speed_upload}} %{{http_code}}' \
         -X POST -H 'Expect:' -H 'apikey: {KEY}' -H 'authorization: Bearer {KEY}' \
         -H 'x-client-info: curl' -H 'content-type: application/octet-stream' \
         -H 'cache-control: max-age=3600' -H 'x-upsert: true' -T '{}' \
         {project}/storage/v1/object/bench/curl.bin",
        source.display()
    );
    run_curl(&script)
}

/// `curl -o file` of the object our client uploaded.
fn curl_download(project: &str, sink: &Path) -> Option<f64> {
    if !curl_available() {
        return None;
    }
    let script = format!(
        "curl -sS -o '{}' -w '%{{speed_download}} %{{http_code}}' \
         -H 'apikey: {KEY}' -H 'authorization: Bearer {KEY}' -H 'x-client-info: curl' \
         {project}/storage/v1/object/bench/big.bin",
        sink.display()
    );
    run_curl(&script)
}

fn run_curl(script: &str) -> Option<f64> {
    let out = Command::new("sh").arg("-c").arg(script).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let speed: f64 = parts.next()?.parse().ok()?;
    let code = parts.next()?;
    if code != "200" {
        eprintln!(
            "curl answered {code}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    Some(speed)
}

/// The fake, in this (child) process: prints its port, serves until stdin closes.
fn serve_child() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let fake = FakeStorage::start(FakeConfig {
            api_key: KEY.into(),
            bearer_tokens: vec![KEY.into()],
            hash: false,
            semicolon_delimiter: true,
        })
        .await;
        println!("PORT {}", fake.addr.port());
        tokio::task::spawn_blocking(|| {
            let mut sink = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut sink);
        })
        .await
        .expect("stdin watcher");
    });
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
