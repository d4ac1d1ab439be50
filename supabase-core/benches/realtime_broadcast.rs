//! Broadcast messages decoded per second: this crate next to `@supabase/realtime-js` 2.112.2,
//! both against the same loopback fake Phoenix server (tests/realtime_support), in one run. The
//! fake runs in its own process (this binary started again with `--serve`), so it shares no
//! runtime with the client it serves.
//!
//! Each round subscribes to a channel and sends the `__flood` broadcast; the fake answers with
//! N vsn 2.0.0 binary kind-4 frames (JSON payload of ~110 bytes). The time is from the send
//! to the N-th message decoded by the listener: ours into a typed struct through a
//! `Subscription` stream, realtime-js into its callback. Run with
//! `cargo bench -p supabase-core --bench realtime_broadcast` (needs node and `npm ci` in tools/node).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

#[path = "../tests/realtime_support/mod.rs"]
mod realtime_support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::json;
use supabase_core::realtime::{RealtimeClient, RealtimeError, RealtimeOptions};

use realtime_support::{FakeRealtime, API_KEY};

const COUNT: u64 = 50_000;
const ROUNDS: usize = 3;

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Pos {
    x: f64,
    y: f64,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Tick {
    seq: u64,
    user: String,
    text: String,
    pos: Pos,
}

async fn ours(endpoint: &str) -> Duration {
    let options = RealtimeOptions::new().buffer_capacity(COUNT as usize + 16);
    let rt = RealtimeClient::new(endpoint, API_KEY, options).unwrap();
    let ch = rt.channel("bench");
    let mut ticks = ch.on_broadcast::<Tick>("tick");
    ch.subscribe().await.unwrap();
    let start = Instant::now();
    ch.send_broadcast("__flood", &json!({"count": COUNT}))
        .await
        .unwrap();
    let mut seen = 0;
    while seen < COUNT {
        match ticks.next().await.expect("stream ended") {
            Ok(t) => {
                assert_eq!(t.payload.seq, seen);
                seen += 1;
            }
            Err(RealtimeError::Lagged { missed }) => panic!("lagged by {missed}"),
            Err(e) => panic!("{e}"),
        }
    }
    let elapsed = start.elapsed();
    rt.remove_all_channels().await.unwrap();
    elapsed
}

async fn realtime_js(endpoint: &str) -> Duration {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/node");
    let out = tokio::process::Command::new("node")
        .arg(dir.join("realtime-oracle.mjs"))
        .arg(endpoint)
        .arg("2.0.0")
        .arg("bench")
        .arg(COUNT.to_string())
        .current_dir(&dir)
        .output()
        .await
        .expect("node must be installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the bench line");
    assert_eq!(line["count"], COUNT);
    Duration::from_secs_f64(line["ms"].as_f64().unwrap() / 1000.0)
}

fn report(name: &str, times: &mut [Duration]) {
    times.sort();
    let best = times[0];
    let median = times[times.len() / 2];
    println!(
        "  {name:<14} {:>10.0} msg/s (best {:.3} s, median {:.3} s over {} rounds)",
        COUNT as f64 / best.as_secs_f64(),
        best.as_secs_f64(),
        median.as_secs_f64(),
        times.len()
    );
}

/// `--serve`: runs the fake server and prints its endpoint, until the parent kills it.
fn serve() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let fake = FakeRealtime::start().await;
        println!("{}", fake.endpoint());
        std::future::pending::<()>().await;
    });
}

/// Kills the server process when the run ends, however it ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--serve") {
        return serve();
    }
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--serve")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut endpoint = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut endpoint,
    )
    .unwrap();
    let _server = Server(child);
    let endpoint = endpoint.trim().to_owned();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut rust_times = Vec::new();
        let mut js_times = Vec::new();
        for _ in 0..ROUNDS {
            rust_times.push(ours(&endpoint).await);
            js_times.push(realtime_js(&endpoint).await);
        }
        println!(
            "realtime broadcast decode: {COUNT} binary kind-4 frames per round, same fake server (own process)"
        );
        report("supabase-core", &mut rust_times);
        report("realtime-js", &mut js_times);
        println!(
            "  ratio (messages/s, best round): {:.2}x realtime-js",
            js_times[0].as_secs_f64() / rust_times[0].as_secs_f64()
        );
    });
}
