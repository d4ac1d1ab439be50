//! Builds and encodes a 6-filter select, and prints ns per query next to postgrest-js doing the
//! same chain under node (both timed in-process with a monotonic clock over the same number of
//! iterations after a warm-up). Also times the same query through the typed layer
//! (`#[derive(Table)]` + `from_table`) next to the untyped chain it lowers to.
//!
//! Run: `cargo bench -p supabase-core --bench query_build` (needs `scripts/install-deps` for node).

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use supabase_core::{Client, IsValue, Order, Table};

/// The row type of the typed variant: its columns are the select list.
#[derive(serde::Deserialize, Table)]
#[table(name = "countries")]
#[allow(dead_code)]
struct Country {
    id: i64,
    name: String,
    population: Option<i64>,
    continent: Option<String>,
    code: Option<String>,
    founded: Option<String>,
}

const TYPED_SELECT: &str = "id,name,population,continent,code,founded";

const WARMUP: u32 = 20_000;
const ITERATIONS: u32 = 200_000;

fn build_once(client: &Client) -> usize {
    let request = client
        .from("countries")
        .select("id,name,population")
        .eq("continent", "Europe")
        .gt("population", 1_000_000)
        .lt("population", 100_000_000)
        .ilike("name", "%land%")
        .in_("code", ["FR", "DE", "NL"])
        .not_()
        .is_("founded", IsValue::Null)
        .order("name", Order::asc())
        .build()
        .expect("the bench chain is valid");
    // Encoding: the final URL text and the header block, as they go on the wire.
    request.url().as_str().len() + request.headers().len()
}

/// The same filters through the typed layer.
fn build_typed(client: &Client) -> usize {
    let request = client
        .from_table::<Country>()
        .select()
        .eq(country::continent, "Europe")
        .gt(country::population, 1_000_000)
        .lt(country::population, 100_000_000)
        .ilike(country::name, "%land%")
        .in_(country::code, ["FR", "DE", "NL"])
        .not_()
        .is_(country::founded, IsValue::Null)
        .order(country::name, Order::asc())
        .build()
        .expect("the bench chain is valid");
    request.url().as_str().len() + request.headers().len()
}

/// The untyped chain the typed one lowers to (same select list and schema header).
fn build_untyped_same(client: &Client) -> usize {
    let request = client
        .from("countries")
        .schema("public")
        .select(TYPED_SELECT)
        .eq("continent", "Europe")
        .gt("population", 1_000_000)
        .lt("population", 100_000_000)
        .ilike("name", "%land%")
        .in_("code", ["FR", "DE", "NL"])
        .not_()
        .is_("founded", IsValue::Null)
        .order("name", Order::asc())
        .build()
        .expect("the bench chain is valid");
    request.url().as_str().len() + request.headers().len()
}

fn time(client: &Client, f: fn(&Client) -> usize) -> f64 {
    for _ in 0..WARMUP {
        black_box(f(black_box(client)));
    }
    let start = Instant::now();
    for _ in 0..ITERATIONS {
        black_box(f(black_box(client)));
    }
    start.elapsed().as_nanos() as f64 / f64::from(ITERATIONS)
}

fn main() {
    let client = Client::new("http://127.0.0.1:9", "anon-key").expect("client");
    for _ in 0..WARMUP {
        black_box(build_once(black_box(&client)));
    }
    let start = Instant::now();
    for _ in 0..ITERATIONS {
        black_box(build_once(black_box(&client)));
    }
    let ours = start.elapsed().as_nanos() as f64 / f64::from(ITERATIONS);

    let oracle = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/node/oracle.mjs");
    let js = Command::new("node")
        .arg(&oracle)
        .arg("--bench")
        .arg(ITERATIONS.to_string())
        .output();
    println!("6-filter select, build + encode, {ITERATIONS} iterations after {WARMUP} warm-up:");
    println!("  supabase-core: {ours:.0} ns/query");
    match js {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                println!("  {}", line.trim());
            }
        }
        Ok(out) => println!(
            "  postgrest-js: failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(err) => println!("  postgrest-js: node not runnable ({err}); run scripts/install-deps"),
    }
    let typed = time(&client, build_typed);
    let untyped = time(&client, build_untyped_same);
    println!("the same filters, typed layer vs the untyped chain it lowers to:");
    println!("  typed (from_table::<Country>): {typed:.0} ns/query");
    println!("  untyped (same request):        {untyped:.0} ns/query");
}
