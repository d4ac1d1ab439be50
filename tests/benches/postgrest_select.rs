//! The PostgREST client path next to its limit, raw reqwest + `serde_json::from_slice` into the
//! same struct, in one run, both sides doing the same work against the same server:
//!
//! - **end to end** on the real PostgREST 12 (loopback, its own process): 2,000 selects of 100
//!   rows, and one select of 10,000 rows (repeated);
//! - **decode**: a 10,000-row body served as fixed bytes by a tiny HTTP server in a child process,
//!   so the time is the client's (request + read + decode), not the database's;
//! - **peak memory** (VmHWM of a child process doing only that): the 10,000-row decode, and the
//!   streaming export of 1,000,000 rows with `execute_stream` next to reading them whole.
//!
//! Rounds of each side alternate; each figure is the median over rounds.
//!
//! Run: `cargo bench -p supabase-tests --bench postgrest_select` (needs `scripts/install-deps`).

#![allow(missing_docs, clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde::Deserialize;
use supabase_core::Client;

/// The row shape: what an app's `users`-like table looks like through PostgREST.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Row {
    id: i64,
    name: String,
    email: String,
    score: f64,
    active: bool,
    created_at: String,
    tags: Vec<String>,
}

const SMALL_SELECTS: usize = 2_000;
const BIG_ROWS: usize = 10_000;
const STREAM_ROWS: usize = 1_000_000;
const ROUNDS: usize = 8;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--serve") => serve(&args[1..]),
        Some("--mem") => memory_child(&args[1..]),
        _ => run_all(),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The same headers as the client sends, so both sides send equal requests.
fn raw_client(key: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("apikey", key.parse().unwrap());
    headers.insert("authorization", format!("Bearer {key}").parse().unwrap());
    headers.insert("accept-profile", "public".parse().unwrap());
    headers.insert("x-client-info", "supabase-core/0.1.0".parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

fn our_client(rest_url: &str, key: &str) -> Client {
    Client::builder(rest_url, key)
        .rest_url(rest_url)
        .build()
        .unwrap()
}

async fn ours_select(client: &Client, limit: usize) -> usize {
    let rows = client
        .from("bench_rows")
        .select("*")
        .order("id", supabase_core::Order::asc())
        .limit(limit as u64)
        .execute::<Vec<Row>>()
        .await
        .unwrap()
        .data;
    rows.len()
}

async fn raw_select(http: &reqwest::Client, rest_url: &str, limit: usize) -> usize {
    let url = format!("{rest_url}bench_rows?select=*&order=id.asc&limit={limit}");
    let response = http.get(url).send().await.unwrap();
    assert!(response.status().is_success());
    let bytes = response.bytes().await.unwrap();
    let rows: Vec<Row> = serde_json::from_slice(&bytes).unwrap();
    rows.len()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

type Call<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = usize> + 'a>>;

/// µs per call of `per_round` sequential calls.
fn time_round<'a>(
    rt: &tokio::runtime::Runtime,
    per_round: usize,
    f: &mut impl FnMut() -> Call<'a>,
) -> f64 {
    let start = Instant::now();
    rt.block_on(async {
        for _ in 0..per_round {
            std::hint::black_box(f().await);
        }
    });
    start.elapsed().as_secs_f64() * 1e6 / per_round as f64
}

/// Times `per_round` calls of each side per round, alternating which side goes first; the
/// medians over rounds, in µs per call.
fn compare<'a>(
    rt: &tokio::runtime::Runtime,
    per_round: usize,
    mut ours: impl FnMut() -> Call<'a>,
    mut raw: impl FnMut() -> Call<'a>,
) -> (f64, f64) {
    // Warm-up: connections open, allocator and caches warm.
    time_round(rt, per_round.clamp(1, 50), &mut ours);
    time_round(rt, per_round.clamp(1, 50), &mut raw);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            a.push(time_round(rt, per_round, &mut ours));
            b.push(time_round(rt, per_round, &mut raw));
        } else {
            b.push(time_round(rt, per_round, &mut raw));
            a.push(time_round(rt, per_round, &mut ours));
        }
    }
    (median(a), median(b))
}

fn print_pair(label: &str, ours: f64, raw: f64) {
    println!(
        "  {label:<34} supabase-core {ours:>10.1} µs   raw reqwest+serde {raw:>10.1} µs   ratio {:.3}x",
        ours / raw
    );
}

fn run_all() {
    let stack = supabase_tests::stack();
    stack.psql(
        "drop table if exists public.bench_rows;
         create table public.bench_rows (
           id bigint primary key, name text not null, email text not null,
           score double precision not null, active boolean not null,
           created_at timestamptz not null, tags text[] not null);
         insert into public.bench_rows
           select i, 'user ' || i, 'user' || i || '@example.com', i * 0.25, i % 3 = 0,
                  timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute',
                  array['tag' || (i % 7), 'group' || (i % 11)]
           from generate_series(1, 10000) i;
         grant select on public.bench_rows to anon, authenticated, service_role;
         notify pgrst, 'reload schema';",
    );
    let rest_url = stack.postgrest_url.clone();
    let key = stack.service_key.clone();
    let rt = runtime();
    let client = our_client(&rest_url, &key);
    let http = raw_client(&key);
    // Wait for the schema cache to see the new table.
    rt.block_on(async {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ok = client
                .from("bench_rows")
                .select("id")
                .limit(1)
                .execute::<serde_json::Value>()
                .await
                .is_ok();
            if ok {
                break;
            }
            assert!(Instant::now() < deadline, "PostgREST never saw bench_rows");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });

    println!("PostgREST 12.0.2 on loopback, current-thread runtime, medians of {ROUNDS} alternating rounds:");
    let (o, r) = compare(
        &rt,
        SMALL_SELECTS / ROUNDS,
        || Box::pin(ours_select(&client, 100)),
        || Box::pin(raw_select(&http, &rest_url, 100)),
    );
    print_pair("select 100 rows (x2,000)", o, r);
    let (o, r) = compare(
        &rt,
        1,
        || Box::pin(ours_select(&client, BIG_ROWS)),
        || Box::pin(raw_select(&http, &rest_url, BIG_ROWS)),
    );
    print_pair("select 10,000 rows", o, r);

    // The decode: the same 10,000-row body as fixed bytes from a server in its own process.
    let body = rt.block_on(async {
        http.get(format!(
            "{rest_url}bench_rows?select=*&order=id.asc&limit={BIG_ROWS}"
        ))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
    });
    let body_path = stack.dir().join("bench_rows.json");
    std::fs::write(&body_path, &body).unwrap();
    let fixed = Server::start(&["file", body_path.to_str().unwrap()]);
    let fixed_client = our_client(&fixed.url, &key);
    let (o, r) = compare(
        &rt,
        5,
        || Box::pin(ours_select(&fixed_client, BIG_ROWS)),
        || Box::pin(raw_select(&http, &fixed.url, BIG_ROWS)),
    );
    println!(
        "fixed-bytes server (child process), {} KiB body of {BIG_ROWS} rows:",
        body.len() / 1024
    );
    print_pair("request + decode 10,000 rows", o, r);
    let decode_only = {
        let start = Instant::now();
        for _ in 0..20 {
            let rows: Vec<Row> = serde_json::from_slice(&body).unwrap();
            std::hint::black_box(rows.len());
        }
        start.elapsed().as_secs_f64() * 1e6 / 20.0
    };
    println!("  (serde_json::from_slice alone on that body: {decode_only:.1} µs)");

    println!("peak memory (VmHWM of a child process doing only this):");
    let idle = memory(&["idle", &fixed.url, &key]);
    println!(
        "  {:<56} {:>8} KiB",
        "idle (runtime + client, no request)", idle
    );
    let ours = memory(&["decode-ours", &fixed.url, &key]);
    let raw = memory(&["decode-raw", &fixed.url, &key]);
    println!(
        "  {:<56} {:>8} KiB",
        "10,000 rows, execute::<Vec<Row>>()", ours
    );
    println!(
        "  {:<56} {:>8} KiB",
        "10,000 rows, raw reqwest bytes + from_slice", raw
    );
    let gen = Server::start(&["rows", &STREAM_ROWS.to_string()]);
    let stream = memory(&["stream-ours", &gen.url, &key]);
    let whole = memory(&["whole-raw", &gen.url, &key]);
    println!(
        "  {:<56} {:>8} KiB",
        "1,000,000 rows, execute_stream::<Row>() (counted)", stream
    );
    println!(
        "  {:<56} {:>8} KiB",
        "1,000,000 rows, raw reqwest bytes + from_slice", whole
    );
}

/// Runs this binary as `--mem <mode> <url> <key>` and returns the child's VmHWM in KiB.
fn memory(args: &[&str]) -> u64 {
    let out = Command::new(std::env::current_exe().unwrap())
        .arg("--mem")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "memory child {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

fn vm_hwm_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn memory_child(args: &[String]) {
    let (mode, url, key) = (args[0].as_str(), args[1].as_str(), args[2].as_str());
    let rt = runtime();
    let client = our_client(url, key);
    let http = raw_client(key);
    let count = rt.block_on(async {
        match mode {
            "idle" => 0,
            "decode-ours" => ours_select(&client, BIG_ROWS).await,
            "decode-raw" | "whole-raw" => raw_select(&http, url, BIG_ROWS).await,
            "stream-ours" => {
                let mut rows = client
                    .from("bench_rows")
                    .select("*")
                    .order("id", supabase_core::Order::asc())
                    .limit(BIG_ROWS as u64)
                    .execute_stream::<Row>()
                    .await
                    .unwrap();
                let mut n = 0;
                while let Some(row) = rows.next().await {
                    std::hint::black_box(row.unwrap());
                    n += 1;
                }
                n
            }
            other => panic!("unknown mode {other}"),
        }
    });
    if mode.starts_with("stream") || mode.starts_with("whole") {
        assert_eq!(count, STREAM_ROWS, "{mode}");
    }
    println!("{}", vm_hwm_kib());
}

/// A fixed-bytes HTTP/1.1 server in a child process (this binary with `--serve`).
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .arg("--serve")
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        Server {
            child,
            url: format!("http://127.0.0.1:{}/", line.trim()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `--serve file <path>` or `--serve rows <n>`: answers every request with that JSON body.
fn serve(args: &[String]) {
    let body: Vec<u8> = match args[0].as_str() {
        "file" => std::fs::read(&args[1]).unwrap(),
        "rows" => generated_rows(args[1].parse().unwrap()),
        other => panic!("unknown body {other}"),
    };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    println!("{}", listener.local_addr().unwrap().port());
    std::io::stdout().flush().unwrap();
    let body: &'static [u8] = Box::leak(body.into_boxed_slice());
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        std::thread::spawn(move || answer(stream, body));
    }
}

fn generated_rows(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n * 180);
    out.push(b'[');
    for i in 1..=n {
        if i > 1 {
            out.push(b',');
        }
        let _ = write!(
            out,
            r#"{{"id":{i},"name":"user {i}","email":"user{i}@example.com","score":{},"active":{},"created_at":"2024-01-01T00:00:00+00:00","tags":["tag{}","group{}"]}}"#,
            i as f64 * 0.25,
            i % 3 == 0,
            i % 7,
            i % 11
        );
    }
    out.push(b']');
    out
}

/// Keep-alive loop: read a request head (GETs carry no body), write the fixed answer.
fn answer(mut stream: TcpStream, body: &[u8]) {
    let _ = stream.set_nodelay(true);
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        buf.drain(..end);
        if stream.write_all(head.as_bytes()).is_err() || stream.write_all(body).is_err() {
            return;
        }
    }
}
