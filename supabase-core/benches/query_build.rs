//! Builds and encodes a 6-filter select, and prints ns per query next to postgrest-js doing the
//! same chain under node (both timed in-process with a monotonic clock over the same number of
//! iterations after a warm-up), and next to a limit: writing the same URL text into one
//! `String` with `write!` (no builder, nothing to encode). "Encode" is the URL text and the
//! header block as they go on the wire; a second figure adds parsing that text into a `url::Url`,
//! which `execute` does once when it hands the request to reqwest. Also times the same query
//! through the typed layer (`#[derive(Table)]` + `from_table`) next to the untyped chain it
//! lowers to.
//!
//! Run: `cargo bench -p supabase-core --bench query_build` (needs `scripts/install-deps` for node).

use std::fmt::Write as _;
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
const ROUNDS: u32 = 100;

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
    request.url_str().len() + request.headers().len()
}

/// [`build_once`], then the URL parsed as sending does (`PreparedRequest::url`).
fn build_parsed(client: &Client) -> usize {
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
    request.url().as_str().len() + request.headers().len()
}

/// The limit: the same URL text written into one `String` with `write!`, its pieces already
/// encoded (the numbers formatted), and no header block.
fn write_limit(client: &Client) -> usize {
    let mut url = String::new();
    let _ = write!(
        url,
        "{}{}?select={}&continent=eq.{}&population=gt.{}&population=lt.{}&name=ilike.{}\
         &code=in.{}&founded=not.is.{}&order={}",
        black_box(client.rest_url().as_str()),
        black_box("countries"),
        black_box("id%2Cname%2Cpopulation"),
        black_box("Europe"),
        black_box(1_000_000),
        black_box(100_000_000),
        black_box("%25land%25"),
        black_box("%28FR%2CDE%2CNL%29"),
        black_box("null"),
        black_box("name.asc"),
    );
    url.len()
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
    request.url_str().len() + request.headers().len()
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
    request.url_str().len() + request.headers().len()
}

/// ns per call: the best of `ROUNDS` rounds of `ITERATIONS / ROUNDS` calls after a warm-up
/// (the machine is shared; the best round is the one least disturbed).
fn time(client: &Client, f: fn(&Client) -> usize) -> f64 {
    for _ in 0..WARMUP {
        black_box(f(black_box(client)));
    }
    let per_round = ITERATIONS / ROUNDS;
    let mut best = f64::MAX;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for _ in 0..per_round {
            black_box(f(black_box(client)));
        }
        best = best.min(start.elapsed().as_nanos() as f64 / f64::from(per_round));
    }
    best
}

fn main() {
    let client = Client::new("http://127.0.0.1:9", "anon-key").expect("client");
    let expected = client
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
    let mut limit_text = String::new();
    let _ = write!(
        limit_text,
        "{}countries?select=id%2Cname%2Cpopulation&continent=eq.Europe&population=gt.1000000\
         &population=lt.100000000&name=ilike.%25land%25&code=in.%28FR%2CDE%2CNL%29\
         &founded=not.is.null&order=name.asc",
        client.rest_url().as_str()
    );
    assert_eq!(
        expected.url_str(),
        limit_text,
        "the limit writes the same URL"
    );
    let ours = time(&client, build_once);
    let limit = time(&client, write_limit);
    let parsed = time(&client, build_parsed);

    let oracle = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/node/oracle.mjs");
    let js = Command::new("node")
        .arg(&oracle)
        .arg("--bench")
        .arg(ITERATIONS.to_string())
        .arg(ROUNDS.to_string())
        .output();
    println!(
        "6-filter select, build + encode, best of {ROUNDS} rounds of {} iterations after {WARMUP} warm-up:",
        ITERATIONS / ROUNDS
    );
    println!("  supabase-core: {ours:.0} ns/query (URL text + header block)");
    println!(
        "  limit:         {limit:.0} ns/query (the same URL text, one String + write!) -> ours {:.2}x the limit",
        ours / limit
    );
    println!(
        "  supabase-core: {parsed:.0} ns/query (and the URL parsed into a url::Url, as sending does)"
    );
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
