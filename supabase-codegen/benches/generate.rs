//! Code generation speed: a synthetic 1,000-table schema, generated from its snapshot JSON and
//! from live introspection of the same schema created in a throwaway PostgreSQL (the test
//! harness's), with postgres-meta 0.99.0's typegen on the same database beside it.
//!
//! Run: `cargo bench -p supabase-codegen --bench generate` (prints times; target: under one
//! second from the snapshot).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use supabase_codegen::{emit, EmitOptions, SchemaModel};

const TABLES: usize = 1_000;

/// 1,000 tables of 8 columns over the type map, each but the first with a foreign key to the
/// previous one, in schema `bench`.
fn schema_sql() -> String {
    let mut sql = String::from(
        "drop schema if exists bench cascade; create schema bench;\n\
         create type bench.mood as enum ('sad', 'ok', 'happy');\n",
    );
    for i in 0..TABLES {
        let fk = if i == 0 {
            String::new()
        } else {
            format!(", prev_id bigint references bench.t{:04} (id)", i - 1)
        };
        writeln!(
            sql,
            "create table bench.t{i:04} (id bigint generated always as identity primary key, \
             name text not null, amount numeric(12,2), at timestamptz default now(), \
             tags text[], doc jsonb, mood bench.mood, during tstzrange{fk});"
        )
        .unwrap();
    }
    sql
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.unwrap())
}

fn main() {
    let db = supabase_tests::database();
    let start = Instant::now();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), schema_sql()).unwrap();
    db.psql_file(file.path()).unwrap();
    println!("created {TABLES} tables in {:.2?}", start.elapsed());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (introspect, model) = best_of(3, || {
        runtime
            .block_on(supabase_codegen::source::live::introspect_url(
                &db.superuser_url,
                &["bench"],
            ))
            .unwrap()
    });
    let json = model.to_snapshot_json();
    let (emit_only, code) = best_of(5, || emit::generate(&model, &EmitOptions::new()).unwrap());
    let (from_snapshot, _) = best_of(5, || {
        let model = SchemaModel::from_snapshot_json(&json).unwrap();
        emit::generate(&model, &EmitOptions::new()).unwrap()
    });
    assert_eq!(model.schemas[0].relations.len(), TABLES);

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/node/pgmeta-typegen.mjs");
    let pg_meta = Command::new("node")
        .arg(&script)
        .arg(&db.superuser_url)
        .arg("bench")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok())
        .and_then(|v| v["typegen_ms"].as_f64());

    println!(
        "snapshot JSON {} KiB, generated Rust {} KiB",
        json.len() / 1024,
        code.len() / 1024
    );
    println!("supabase-codegen, {TABLES} tables (best of runs):");
    println!("  snapshot JSON -> formatted Rust:     {from_snapshot:>10.2?}  (target < 1 s)");
    println!("  model -> formatted Rust (emit only): {emit_only:>10.2?}");
    println!("  live introspection:                  {introspect:>10.2?}");
    println!(
        "  live introspection + emit:           {:>10.2?}",
        introspect + emit_only
    );
    match pg_meta {
        Some(ms) => println!(
            "postgres-meta 0.99.0 typegen (node, same database, one run): {:>10.2?}",
            Duration::from_secs_f64(ms / 1000.0)
        ),
        None => println!("postgres-meta typegen: not run (node or tools/node missing)"),
    }
}
