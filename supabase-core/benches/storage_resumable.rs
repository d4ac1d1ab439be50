//! A 1 GiB resumable upload against the real TUS server Supabase Storage runs (`@tus/server`
//! with `@tus/file-store`, tools/node/tus-server.mjs, in its own node process), side by side
//! with the plain streamed upload of the same file to the same server, and curl as the anchor:
//!
//! - `resumable`: `upload_resumable`, 6 MiB chunks (171 `PATCH` requests), from the file;
//! - `single request`: the same client streaming the whole file in one `PATCH` (what a plain
//!   streamed upload is on this server);
//! - `curl`: creates the upload, then one `PATCH` with `-T file`;
//! - `curl, 6 MiB chunks`: the same chunking as ours, one `curl --data-binary` per `PATCH` fed
//!   by `dd` (a process and a connection per chunk: curl's way to do it from a shell).
//!
//! Each of ours runs in a fresh child process (this binary, `STORAGE_RESUMABLE_CHILD=mode`), so
//! each peak RSS (`VmHWM`) is its own. The server writes to `STORAGE_BENCH_DIR` (default
//! `/dev/shm` when present) and deletes each finished upload; it does not hash.
//!
//! ```sh
//! cargo bench -p supabase-core --bench storage_resumable
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

#[path = "../tests/storage_support/mod.rs"]
mod storage_support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use supabase_core::storage::{ResumableOptions, ResumableSource, RESUMABLE_CHUNK_SIZE};
use supabase_core::Client;

use storage_support::pattern_chunk;
use storage_support::tus::TusServer;

const LEN: u64 = 1 << 30;
const KEY: &str = "bench-key";

fn main() {
    if let Ok(mode) = std::env::var("STORAGE_RESUMABLE_CHILD") {
        child(&mode);
        return;
    }
    let dir = bench_dir();
    let source = dir.join(format!("resumable-bench-{}.bin", std::process::id()));
    write_pattern_file(&source, LEN);
    std::env::set_var("TMPDIR", &dir);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let tus = rt.block_on(TusServer::start(KEY, false));
    let project = tus.project_url();

    let mib = LEN as f64 / (1024.0 * 1024.0);
    let mut rows = Vec::new();
    for (label, mode) in [
        ("supabase-core resumable (6 MiB)", "resumable"),
        ("supabase-core single request", "single"),
    ] {
        let out = Command::new(std::env::current_exe().expect("exe"))
            .env("STORAGE_RESUMABLE_CHILD", mode)
            .arg(&project)
            .arg(&source)
            .output()
            .expect("child");
        let text = String::from_utf8_lossy(&out.stdout);
        let mut it = text.split_whitespace();
        let secs: f64 = it
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{mode}: {text} {}", String::from_utf8_lossy(&out.stderr)));
        let rss: u64 = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        rows.push((label, mib / secs, Some(rss)));
    }
    if let Some(speed) = curl_patch(&project, &source) {
        rows.push(("curl (one PATCH, -T file)", speed / (1024.0 * 1024.0), None));
    } else {
        println!("curl: not available or failed");
    }
    if let Some(secs) = curl_chunked(&project, &source) {
        rows.push(("curl (6 MiB PATCHes, dd | curl)", mib / secs, None));
    }
    let _ = std::fs::remove_file(&source);

    println!(
        "storage_resumable: a 1 GiB file to @tus/server 2.4.2 + @tus/file-store (node, own process), store in {}",
        dir.display()
    );
    println!("{:<34} {:>10} {:>14}", "", "MiB/s", "peak RSS MiB");
    for (label, speed, rss) in &rows {
        let rss = rss.map_or("-".to_owned(), |k| (k / 1024).to_string());
        println!("{label:<34} {speed:>10.0} {rss:>14}");
    }
    println!(
        "ratio resumable / single request: {:.2}",
        rows[0].1 / rows[1].1
    );
    for curl in rows.iter().skip(2) {
        println!("ratio resumable / {}: {:.2}", curl.0, rows[0].1 / curl.1);
    }
    drop(tus);
}

/// One upload in this (child) process; prints `seconds peak_rss_kib`.
fn child(mode: &str) {
    let args: Vec<String> = std::env::args().collect();
    let (project, source) = (&args[1], PathBuf::from(&args[2]));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let secs = rt.block_on(async {
        let client = Client::new(project, KEY).expect("client");
        let chunk = if mode == "single" {
            LEN
        } else {
            RESUMABLE_CHUNK_SIZE
        };
        let t = Instant::now();
        let done = client
            .storage()
            .from_("bench")
            .upload_resumable(
                &format!("{mode}.bin"),
                ResumableSource::file(&source),
                ResumableOptions::new()
                    .chunk_size(chunk)
                    .content_type("application/octet-stream"),
            )
            .await
            .expect("upload");
        assert_eq!(done.size, LEN);
        t.elapsed().as_secs_f64()
    });
    println!("{secs} {}", vm_hwm_kib().unwrap_or(0));
}

/// Creates an upload with curl; its URL.
fn curl_create(project: &str, name: &str) -> Option<String> {
    let b64 = |s: &str| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(s)
    };
    let create = format!(
        "curl -sS -D - -o /dev/null -X POST -H 'apikey: {KEY}' -H 'authorization: Bearer {KEY}' \
         -H 'tus-resumable: 1.0.0' -H 'upload-length: {LEN}' -H 'x-upsert: true' \
         -H 'upload-metadata: bucketName {},objectName {},contentType {},cacheControl {}' \
         {project}/storage/v1/upload/resumable",
        b64("bench"),
        b64(name),
        b64("application/octet-stream"),
        b64("3600")
    );
    let out = Command::new("sh").arg("-c").arg(&create).output().ok()?;
    let headers = String::from_utf8_lossy(&out.stdout);
    headers
        .lines()
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or_else(|| l.strip_prefix("Location: "))
        })
        .map(|l| l.trim().to_owned())
}

/// The same 6 MiB chunks as ours, one `dd | curl --data-binary @-` per PATCH; seconds.
fn curl_chunked(project: &str, source: &Path) -> Option<f64> {
    let location = curl_create(project, "curl-chunks.bin")?;
    let chunks = LEN.div_ceil(RESUMABLE_CHUNK_SIZE);
    let script = format!(
        "set -e; i=0; while [ $i -lt {chunks} ]; do \
           off=$((i * {RESUMABLE_CHUNK_SIZE})); \
           code=$(dd if='{}' bs={RESUMABLE_CHUNK_SIZE} skip=$i count=1 status=none | \
             curl -sS -o /dev/null -w '%{{http_code}}' -X PATCH -H 'Expect:' \
             -H 'apikey: {KEY}' -H 'authorization: Bearer {KEY}' -H 'tus-resumable: 1.0.0' \
             -H 'x-upsert: true' -H \"upload-offset: $off\" \
             -H 'content-type: application/offset+octet-stream' --data-binary @- '{location}'); \
           [ \"$code\" = 204 ] || {{ echo \"PATCH $i: $code\" >&2; exit 1; }}; \
           i=$((i + 1)); done",
        source.display()
    );
    let t = Instant::now();
    let status = Command::new("sh").arg("-c").arg(&script).status().ok()?;
    status.success().then(|| t.elapsed().as_secs_f64())
}

/// Creates an upload with curl, then sends the file in one PATCH; bytes per second.
fn curl_patch(project: &str, source: &Path) -> Option<f64> {
    let location = curl_create(project, "curl.bin")?;
    let patch = format!(
        "curl -sS -o /dev/null -w '%{{speed_upload}} %{{http_code}}' -X PATCH -H 'Expect:' \
         -H 'apikey: {KEY}' -H 'authorization: Bearer {KEY}' -H 'tus-resumable: 1.0.0' \
         -H 'x-upsert: true' -H 'upload-offset: 0' \
         -H 'content-type: application/offset+octet-stream' -T '{}' '{location}'",
        source.display()
    );
    let out = Command::new("sh").arg("-c").arg(&patch).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let speed: f64 = parts.next()?.parse().ok()?;
    (parts.next()? == "204").then_some(speed)
}

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

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
