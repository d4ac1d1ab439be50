//! Streams 1 GiB up and down through the Storage client and through `curl`, against the same
//! Storage fake (`tests/storage_support`), and prints throughput and the client's peak RSS.
//!
//! The fake runs in a child process (this binary re-executed with `STORAGE_FAKE_CHILD=1`), so
//! `VmHWM` of this process is the client's alone. The fake does not hash here (it still checks
//! the uploaded bytes against the generated pattern as they stream); both clients move the same
//! bytes over loopback HTTP/1.1.
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

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Instant;

use futures_util::StreamExt;
use supabase_core::storage::{BucketOptions, DownloadOptions, FileOptions, UploadBody};
use supabase_core::Client;

use storage_support::{pattern_stream, FakeConfig, FakeStorage};

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

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let rss_start = vm_hwm_kib();
    let (up, down) = rt.block_on(ours(&project));
    let rss_peak = vm_hwm_kib();

    let curl_up = curl_upload(&project);
    let curl_down = curl_download(&project);

    let mib = LEN as f64 / (1024.0 * 1024.0);
    println!("storage_stream: 1 GiB over loopback HTTP/1.1 to the Storage fake (separate process)");
    println!("{:<28} {:>14} {:>16}", "", "upload MiB/s", "download MiB/s");
    println!(
        "{:<28} {:>14.0} {:>16.0}",
        "supabase-core (streamed)",
        mib / up,
        mib / down
    );
    match (curl_up, curl_down) {
        (Some(u), Some(d)) => println!(
            "{:<28} {:>14.0} {:>16.0}",
            "curl (-T - / -o /dev/null)",
            u / (1024.0 * 1024.0),
            d / (1024.0 * 1024.0)
        ),
        _ => println!("curl: not available or failed"),
    }
    println!(
        "peak RSS (VmHWM) of the client process: {} MiB before, {} MiB after moving 2 GiB",
        rss_start.map_or(-1, |k| (k / 1024) as i64),
        rss_peak.map_or(-1, |k| (k / 1024) as i64)
    );

    drop(child.stdin.take());
    let _ = child.wait();
}

/// Our client: upload from a generated `AsyncRead`, download as a stream; seconds each.
async fn ours(project: &str) -> (f64, f64) {
    let client = Client::new(project, KEY).expect("client");
    let storage = client.storage();
    storage
        .create_bucket("bench", BucketOptions::new())
        .await
        .expect("bucket");
    let b = storage.from_("bench");

    let reader = tokio_util::io::StreamReader::new(pattern_stream(LEN, 256 * 1024));
    let t = Instant::now();
    b.upload(
        "big.bin",
        UploadBody::reader(reader),
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
    let mut n = 0u64;
    while let Some(chunk) = stream.next().await {
        n += chunk.expect("chunk").len() as u64;
    }
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

/// `head -c 1G /dev/zero | curl -T -` (chunked POST); bytes per second as curl reports.
fn curl_upload(project: &str) -> Option<f64> {
    if !curl_available() {
        return None;
    }
    let script = format!(
        "head -c {LEN} /dev/zero | curl -sS -o /dev/null -w '%{{speed_upload}} %{{http_code}}' \
         -X POST -H 'Expect:' -H 'apikey: {KEY}' -H 'authorization: Bearer {KEY}' \
         -H 'x-client-info: curl' -H 'content-type: application/octet-stream' \
         -H 'cache-control: max-age=3600' -H 'x-upsert: true' -T - \
         {project}/storage/v1/object/bench/curl.bin"
    );
    run_curl(&script)
}

/// `curl -o /dev/null` of the object our client uploaded.
fn curl_download(project: &str) -> Option<f64> {
    if !curl_available() {
        return None;
    }
    let script = format!(
        "curl -sS -o /dev/null -w '%{{speed_download}} %{{http_code}}' \
         -H 'apikey: {KEY}' -H 'authorization: Bearer {KEY}' -H 'x-client-info: curl' \
         {project}/storage/v1/object/bench/big.bin"
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
