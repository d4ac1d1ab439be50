//! Compile-time cost of `query!`: `cargo check` wall time of a crate with 100 and 300 `query!`
//! calls against a 300-table schema snapshot, next to the same crate written with the untyped
//! builder chains that send the same requests, after a touch of the crate's source and after a
//! clean of the crate (its dependencies stay built).
//!
//! ```text
//! scripts/bench-compile            # or: cargo run -p supabase-tests --bin bench-compile
//! BENCH_RUNS=5 scripts/bench-compile
//! BENCH_MACRO_OPT=1 scripts/bench-compile   # proc macros built optimized (build-override)
//! ```
//!
//! Each figure is the median of the runs, in wall time and in CPU time (user + system of cargo
//! and the compiler): on a loaded machine the CPU time is the steadier of the two.
//!
//! Two anchors, both in the same run: the bare chains decoding into `serde_json::Value`, and the
//! chains decoding into a hand-written `#[derive(Deserialize)]` struct per call (what an app
//! writes without `query!`). The generated crates live in `target/bench-compile/` with their own
//! target directory; the first run builds their dependencies once (not measured).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TABLES: usize = 300;

/// One generated crate: its name, its number of calls, how it is written.
struct Case {
    name: String,
    calls: usize,
    style: Style,
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// `query!`.
    Typed,
    /// The untyped chains, decoding into `serde_json::Value`.
    Chains,
    /// The untyped chains, decoding into a hand-written serde struct.
    ChainsSerde,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench-compile: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let root = supabase_tests::tools::repo_root();
    let dir = root.join("target/bench-compile");
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let counts: Vec<usize> = std::env::var("BENCH_CALLS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 300]);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let snapshot = snapshot(&root)?;
    write(&dir.join("schema.json"), &snapshot)?;
    let mut cases = Vec::new();
    for &calls in &counts {
        for style in [Style::Typed, Style::Chains, Style::ChainsSerde] {
            let prefix = match style {
                Style::Typed => "typed",
                Style::Chains => "chains",
                Style::ChainsSerde => "chains_serde",
            };
            cases.push(Case {
                name: format!("{prefix}_{calls}"),
                calls,
                style,
            });
        }
    }
    let members: Vec<String> = cases.iter().map(|c| format!("{:?}", c.name)).collect();
    // BENCH_MACRO_OPT=1: the proc macros (query!'s, serde's) and their dependencies built
    // optimized, as the README suggests for crates with many `query!` calls. Every case gets it.
    let macro_opt = std::env::var_os("BENCH_MACRO_OPT").is_some_and(|v| v == "1");
    let profile = if macro_opt {
        "\n[profile.dev.build-override]\nopt-level = 3\n"
    } else {
        ""
    };
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n{profile}",
            members.join(", ")
        ),
    )?;
    // The repository's lock file pins the same dependency versions.
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    for case in &cases {
        generate(&dir, &root, case)?;
    }
    println!(
        "bench-compile: {TABLES}-table snapshot ({} KB), median of {runs} runs of `cargo check -p <crate>`",
        snapshot.len() / 1024
    );
    if macro_opt {
        println!("proc macros built with opt-level 3 ([profile.dev.build-override])");
    }
    println!("building the dependencies once (not measured) ...");
    cargo(&dir, &["check", "--workspace", "--quiet"])?;

    // Rounds over all the cases (rather than all the runs of one case, then the next) so that a
    // change of the machine's load hits every case alike.
    let mut samples: Vec<(Vec<Sample>, Vec<Sample>)> = vec![(Vec::new(), Vec::new()); cases.len()];
    for _ in 0..runs {
        for (case, (touch, clean)) in cases.iter().zip(&mut samples) {
            let lib = dir.join(&case.name).join("src/lib.rs");
            cargo(&dir, &["clean", "-p", &case.name, "--quiet"])?;
            clean.push(timed(&dir, &case.name)?);
            let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
            write(&lib, &text)?;
            touch.push(timed(&dir, &case.name)?);
        }
    }
    let results: Vec<(String, Sample, Sample)> = cases
        .iter()
        .zip(samples)
        .map(|(case, (touch, clean))| (case.name.clone(), median(touch), median(clean)))
        .collect();
    for (title, pick) in [
        ("wall time", (|s: Sample| s.wall) as fn(Sample) -> Duration),
        (
            "CPU time (user + system of cargo and rustc: what a loaded machine disturbs least)",
            |s: Sample| s.cpu,
        ),
    ] {
        println!();
        println!("{title}");
        print_table(&results, &counts, pick);
    }
    Ok(())
}

/// One measurement: wall time and the CPU time of cargo and its children.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    cpu: Duration,
}

fn print_table(
    results: &[(String, Sample, Sample)],
    counts: &[usize],
    pick: fn(Sample) -> Duration,
) {
    println!(
        "{:<8} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "calls", "query!", "chains", "ratio", "+serde", "ratio", ""
    );
    for &calls in counts {
        let get = |prefix: &str| {
            results
                .iter()
                .find(|(n, _, _)| *n == format!("{prefix}_{calls}"))
                .map(|(_, t, c)| (pick(*t), pick(*c)))
        };
        let (Some(typed), Some(chains), Some(serde)) =
            (get("typed"), get("chains"), get("chains_serde"))
        else {
            continue;
        };
        for (label, pick) in [
            ("touch", (typed.0, chains.0, serde.0)),
            ("clean", (typed.1, chains.1, serde.1)),
        ] {
            println!(
                "{:<8} {:>9.2}s {:>9.2}s {:>9.2}x {:>9.2}s {:>9.2}x   ({label})",
                calls,
                pick.0.as_secs_f64(),
                pick.1.as_secs_f64(),
                pick.0.as_secs_f64() / pick.1.as_secs_f64(),
                pick.2.as_secs_f64(),
                pick.0.as_secs_f64() / pick.2.as_secs_f64(),
            );
        }
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("SUPABASE_SCHEMA", dir.join("schema.json"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo {} failed in {}",
            args.join(" "),
            dir.display()
        ))
    }
}

fn timed(dir: &Path, name: &str) -> Result<Sample, String> {
    let cpu = children_cpu();
    let start = Instant::now();
    cargo(dir, &["check", "-p", name, "--quiet"])?;
    let wall = start.elapsed();
    let cpu = children_cpu().saturating_sub(cpu);
    Ok(Sample { wall, cpu })
}

/// User + system time of this process's waited-for children and theirs (`cutime` and `cstime`
/// of `/proc/self/stat`, Linux); zero elsewhere.
fn children_cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name (which may hold spaces) closed by the last `)`.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = rest
        .split_whitespace()
        .skip(1)
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    // cutime and cstime are fields 16 and 17 of proc(5); `fields` starts at field 4 (ppid).
    let ticks = fields.get(12).copied().unwrap_or(0) + fields.get(13).copied().unwrap_or(0);
    Duration::from_secs_f64(ticks as f64 / clock_ticks())
}

fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|t| t.trim().parse().ok())
            .filter(|t: &f64| *t > 0.0)
            .unwrap_or(100.0)
    })
}

fn median(mut values: Vec<Sample>) -> Sample {
    let mut cpu: Vec<Duration> = values.iter().map(|s| s.cpu).collect();
    cpu.sort();
    values.sort_by_key(|s| s.wall);
    Sample {
        wall: values[values.len() / 2].wall,
        cpu: cpu[cpu.len() / 2],
    }
}

/// 300 tables shaped like the fixture's `countries` (11 columns of common types, a primary key,
/// a unique column), each with a foreign key to the one before.
fn snapshot(root: &Path) -> Result<String, String> {
    let path = root.join("supabase-codegen/tests/snapshots/fixture.schema.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let fixture: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let template = fixture["schemas"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == "public"))
        .and_then(|s| s["relations"].as_array())
        .and_then(|r| r.iter().find(|r| r["name"] == "countries"))
        .cloned()
        .ok_or("the fixture snapshot has no public.countries")?;
    let mut relations = Vec::new();
    for i in 0..TABLES {
        let mut relation = template.clone();
        let name = table(i);
        relation["name"] = json!(name);
        relation["primary_key"]["name"] = json!(format!("{name}_pkey"));
        if let Some(uniques) = relation["unique_constraints"].as_array_mut() {
            for u in uniques {
                let column = u["columns"][0].as_str().unwrap_or("name").to_owned();
                u["name"] = json!(format!("{name}_{column}_key"));
            }
        }
        let mut fks = Vec::new();
        if i > 0 {
            if let Some(columns) = relation["columns"].as_array_mut() {
                let ordinal = columns.len() + 1;
                columns.push(json!({
                    "name": "parent_id", "ordinal": ordinal,
                    "type": {"kind": "base", "schema": "pg_catalog", "name": "int8"},
                    "sql_type": "bigint", "nullable": true, "default": null, "identity": null,
                    "generated": null, "updatable": true, "comment": null
                }));
            }
            fks.push(json!({
                "name": format!("{name}_parent_id_fkey"), "columns": ["parent_id"],
                "referenced_schema": "public", "referenced_relation": table(i - 1),
                "referenced_columns": ["id"], "cardinality": "many_to_one",
                "on_update": "no_action", "on_delete": "no_action"
            }));
        }
        relation["foreign_keys"] = json!(fks);
        relations.push(relation);
    }
    let mut model = fixture.clone();
    model["schemas"] = json!([{
        "name": "public", "comment": null, "relations": relations, "enums": [],
        "composites": [], "domains": [], "functions": []
    }]);
    serde_json::to_string_pretty(&model).map_err(|e| e.to_string())
}

fn table(i: usize) -> String {
    format!("t{i:03}")
}

fn generate(dir: &Path, root: &Path, case: &Case) -> Result<(), String> {
    let core = root.join("supabase-core");
    let crate_dir: PathBuf = dir.join(&case.name);
    let serde = if case.style == Style::ChainsSerde {
        "serde = { version = \"1\", features = [\"derive\"] }\n"
    } else {
        ""
    };
    write(
        &crate_dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = {:?}\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nsupabase-core = {{ path = {:?} }}\nserde_json = \"1\"\n{serde}",
            case.name,
            core.display().to_string()
        ),
    )?;
    let mut lib = String::from(
        "//! Generated by bench-compile.\n#![allow(dead_code, clippy::all)]\n\nuse supabase_core::{Client, Error};\n\n",
    );
    for i in 0..case.calls {
        let t = table(i % TABLES);
        let _ = writeln!(lib, "{}", call(i, &t, case.style));
    }
    write(&crate_dir.join("src/lib.rs"), &lib)
}

/// The i-th call: four statement shapes in turn (a filtered, ordered page; one row by key; an
/// insert returning the key; an update).
fn call(i: usize, t: &str, style: Style) -> String {
    let (sql, chain, row, fields) = match i % 4 {
        0 => (
            format!("select id, name, population from {t} where population > $1 order by name limit 10"),
            format!("c.from({t:?}).schema(\"public\").select(\"id,name,population\").gt(\"population\", a).order(\"name\", supabase_core::Order::asc()).limit(10)"),
            "id: i64, name: String, population: Option<i64>",
            "rows.len() as i64",
        ),
        1 => (
            format!("select id, name, code, continent, founded from {t} where id = $1"),
            format!("c.from({t:?}).schema(\"public\").select(\"id,name,code,continent,founded\").eq(\"id\", a)"),
            "id: i64, name: String, code: Option<String>, continent: Option<String>, founded: Option<String>",
            "rows.first().map_or(0, |r| r.id)",
        ),
        2 => (
            format!("insert into {t} (name, population) values ('n', $1) returning id"),
            format!("c.from({t:?}).schema(\"public\").insert(serde_json::json!({{\"name\": \"n\", \"population\": a}})).select(\"id\")"),
            "id: i64",
            "rows.first().map_or(0, |r| r.id)",
        ),
        _ => (
            format!("update {t} set population = $1 where id = 1 returning id, population"),
            format!("c.from({t:?}).schema(\"public\").update(serde_json::json!({{\"population\": a}})).eq(\"id\", 1).select(\"id,population\")"),
            "id: i64, population: Option<i64>",
            "rows.len() as i64",
        ),
    };
    match style {
        Style::Typed => format!(
            "pub async fn q{i}(c: &Client, a: i64) -> Result<i64, Error> {{\n    let rows = supabase_core::query!(c, {sql:?}, a).execute().await?.data;\n    Ok({fields})\n}}\n"
        ),
        Style::Chains => format!(
            "pub async fn q{i}(c: &Client, a: i64) -> Result<i64, Error> {{\n    let rows = {chain}.execute::<serde_json::Value>().await?.data;\n    Ok(rows.as_array().map_or(0, |r| r.len() as i64))\n}}\n"
        ),
        Style::ChainsSerde => format!(
            "#[derive(Debug, serde::Deserialize)]\npub struct Row{i} {{ {} }}\n\npub async fn q{i}(c: &Client, a: i64) -> Result<i64, Error> {{\n    let rows = {chain}.execute::<Vec<Row{i}>>().await?.data;\n    Ok({fields})\n}}\n",
            row.split(", ").map(|f| format!("pub {f}")).collect::<Vec<_>>().join(", ")
        ),
    }
}
