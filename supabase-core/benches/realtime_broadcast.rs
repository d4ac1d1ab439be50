//! Broadcast messages decoded per second: this crate next to `@supabase/realtime-js` 2.112.2,
//! both against the same loopback fake Phoenix server (tests/realtime_support), in one run. The
//! fake runs in its own process (this binary started again with `--serve`), so it shares no
//! runtime with the client it serves.
//!
//! Two measures. **Decode**: the same pre-encoded frames fed straight to each client's decoder,
//! no socket and no server (ours: `realtime::decode_broadcast_frame`, the codec + router +
//! typed-subscription path; realtime-js: its `Serializer.decode` with a callback, driven by
//! `tools/node/realtime-decode-bench.mjs`). **End to end**: each round subscribes to a channel and sends the `__flood` broadcast; the fake answers with
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
const DECODE_ROUNDS: usize = 5;

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

/// One vsn 2.0.0 binary kind-4 frame: the server's broadcast of tick `seq`.
fn tick_frame(seq: u64) -> Vec<u8> {
    let topic = b"realtime:bench";
    let event = b"tick";
    let payload = json!({
        "seq": seq,
        "user": format!("user-{}", seq % 97),
        "text": "the quick brown fox jumps over the lazy dog",
        "pos": {"x": seq as f64 * 0.5, "y": -(seq as f64) / 3.0},
    })
    .to_string();
    let mut frame = vec![4, topic.len() as u8, event.len() as u8, 0, 1];
    frame.extend_from_slice(topic);
    frame.extend_from_slice(event);
    frame.extend_from_slice(payload.as_bytes());
    frame
}

/// Decodes the frames straight, ours and realtime-js's; ms per pass (best of `DECODE_ROUNDS`).
fn decode_only() -> (f64, f64) {
    let frames: Vec<Vec<u8>> = (0..COUNT).map(tick_frame).collect();
    let pass = || {
        for (seq, frame) in frames.iter().enumerate() {
            let b = supabase_core::realtime::decode_broadcast_frame::<Tick>(frame).unwrap();
            assert_eq!(b.payload.seq, seq as u64);
            std::hint::black_box(b);
        }
    };
    pass();
    let mut ours = f64::MAX;
    for _ in 0..DECODE_ROUNDS {
        let start = Instant::now();
        pass();
        ours = ours.min(start.elapsed().as_secs_f64() * 1e3);
    }
    let mut file = Vec::new();
    for frame in &frames {
        file.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        file.extend_from_slice(frame);
    }
    let path = std::env::temp_dir().join(format!("realtime-frames-{}.bin", std::process::id()));
    std::fs::write(&path, &file).unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/node");
    let out = std::process::Command::new("node")
        .arg(dir.join("realtime-decode-bench.mjs"))
        .arg(&path)
        .arg(DECODE_ROUNDS.to_string())
        .current_dir(&dir)
        .output()
        .expect("node must be installed");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the bench line");
    assert_eq!(line["count"], COUNT);
    let js = line["ms"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .fold(f64::MAX, f64::min);
    (ours, js)
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
    let (ours_ms, js_ms) = decode_only();
    println!("realtime broadcast decode: {COUNT} pre-encoded binary kind-4 frames fed to the decoder (best of {DECODE_ROUNDS} passes)");
    println!(
        "  supabase-core  {:>10.0} msg/s ({ours_ms:.1} ms per pass, into a typed struct)",
        COUNT as f64 / ours_ms * 1e3
    );
    println!(
        "  realtime-js    {:>10.0} msg/s ({js_ms:.1} ms per pass, Serializer.decode + callback)",
        COUNT as f64 / js_ms * 1e3
    );
    println!("  ratio: {:.2}x realtime-js", js_ms / ours_ms);
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
            "realtime broadcast end to end: {COUNT} binary kind-4 frames per round, same fake server (own process)"
        );
        report("supabase-core", &mut rust_times);
        report("realtime-js", &mut js_times);
        println!(
            "  ratio (messages/s, best round): {:.2}x realtime-js",
            js_times[0].as_secs_f64() / rust_times[0].as_secs_f64()
        );
    });
}
