//! The command line as a user runs it: `supabase-codegen generate` as a whole process (start,
//! read, generate, format, write the file) on a 1,000-table schema, from SQL migrations, from a
//! snapshot JSON and from a live database, next to postgres-meta 0.99.0's typegen as a whole
//! process (`node server.js` with `PG_META_GENERATE_TYPES=typescript`, as the Supabase CLI's
//! `supabase gen types typescript --db-url` runs it) on the same database. Both write their
//! output to a file; each figure is the best of several runs; the ratios are postgres-meta's
//! time over ours.
//!
//! Run: `cargo bench -p supabase-codegen --bench cli` (needs PostgreSQL 15 and
//! `tools/node/node_modules`, as the tests do).
//!
//! Measured on a loaded 2-core machine (Rust 6.5 MiB out; postgres-meta 4.2 s): from the live
//! database 261 ms (16x), from the snapshot 75 ms (57x), from migrations 105 ms (40x). With the
//! earlier emitter, which parsed its text with syn and re-printed it with prettyplease, the same
//! runs took 1.08 s (3.9x), 1.02 s (4.1x) and 870 ms (4.8x).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TABLES: usize = 1_000;
const RUNS: usize = 5;

/// 1,000 tables of 8 columns over the type map, each but the first with a foreign key to the
/// previous one, in schema `bench` (the same schema as `benches/generate.rs`), as 10 migrations.
fn migrations() -> Vec<String> {
    let mut files = vec![String::from(
        "create schema bench;\ncreate type bench.mood as enum ('sad', 'ok', 'happy');\n",
    )];
    for i in 0..TABLES {
        if i % 100 == 0 {
            files.push(String::new());
        }
        let fk = if i == 0 {
            String::new()
        } else {
            format!(", prev_id bigint references bench.t{:04} (id)", i - 1)
        };
        let sql = files.last_mut().unwrap();
        writeln!(
            sql,
            "create table bench.t{i:04} (id bigint generated always as identity primary key, \
             name text not null, amount numeric(12,2), at timestamptz default now(), \
             tags text[], doc jsonb, mood bench.mood, during tstzrange{fk});"
        )
        .unwrap();
    }
    files
}

/// The best wall time of `RUNS` runs of `command`, which must succeed.
fn best(what: &str, mut command: impl FnMut() -> Command) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..RUNS {
        let mut cmd = command();
        cmd.stdout(Stdio::null()).stderr(Stdio::piped());
        let start = Instant::now();
        let out = cmd.output().unwrap();
        let elapsed = start.elapsed();
        assert!(
            out.status.success(),
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        best = best.min(elapsed);
    }
    best
}

fn main() {
    let db = supabase_tests::database();
    let dir = tempfile::tempdir().unwrap();
    let migrations_dir = dir.path().join("migrations");
    std::fs::create_dir(&migrations_dir).unwrap();
    let files = migrations();
    for (i, sql) in files.iter().enumerate() {
        std::fs::write(migrations_dir.join(format!("{i:04}_bench.sql")), sql).unwrap();
    }
    drop_bench_schema(db);
    let start = Instant::now();
    for i in 0..files.len() {
        db.psql_file(&migrations_dir.join(format!("{i:04}_bench.sql")))
            .unwrap();
    }
    println!("created {TABLES} tables in {:.2?}", start.elapsed());

    let bin = env!("CARGO_BIN_EXE_supabase-codegen");
    let url = db.superuser_url.clone();
    let snapshot = dir.path().join("schema.json");
    let out = Command::new(bin)
        .args(["dump", "--schema", "bench", "--database-url", &url, "--out"])
        .arg(&snapshot)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rust = dir.path().join("schema.rs");
    let generate = |source: &[&str]| {
        let mut cmd = Command::new(bin);
        cmd.arg("generate")
            .args(source)
            .args(["--schema", "bench", "--out"])
            .arg(&rust)
            .current_dir(dir.path());
        cmd
    };
    let (m, s) = (
        migrations_dir.display().to_string(),
        snapshot.display().to_string(),
    );
    // Every source gives the same code.
    let mut outputs = Vec::new();
    for source in [
        ["--migrations-dir", m.as_str()],
        ["--schema-file", s.as_str()],
        ["--database-url", url.as_str()],
    ] {
        let _ = std::fs::remove_file(&rust);
        assert!(generate(&source).status().unwrap().success());
        outputs.push(std::fs::read_to_string(&rust).unwrap());
    }
    assert!(
        outputs.windows(2).all(|w| w[0] == w[1]),
        "the sources disagree"
    );
    let from_migrations = best("migrations", || generate(&["--migrations-dir", &m]));
    let from_snapshot = best("snapshot", || generate(&["--schema-file", &s]));
    let from_live = best("live", || generate(&["--database-url", &url]));

    let server = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tools/node/node_modules/@supabase/postgres-meta/dist/server/server.js");
    let ts = dir.path().join("types.ts");
    let pg_meta = best("postgres-meta typegen", || {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg("exec node \"$0\" > \"$1\"")
            .arg(&server)
            .arg(&ts)
            .env("PG_META_GENERATE_TYPES", "typescript")
            .env("PG_META_DB_URL", &url)
            .env("PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS", "bench")
            .env(
                "PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS",
                "true",
            );
        cmd
    });
    let ts_len = std::fs::metadata(&ts).unwrap().len();
    assert!(ts_len > 100_000, "postgres-meta wrote {ts_len} bytes");

    println!(
        "{TABLES} tables; Rust {} KiB, snapshot {} KiB, TypeScript {} KiB; best of {RUNS} \
         whole-process runs each",
        outputs[0].len() / 1024,
        std::fs::metadata(&snapshot).unwrap().len() / 1024,
        ts_len / 1024
    );
    let ratio = |d: Duration| pg_meta.as_secs_f64() / d.as_secs_f64();
    println!("  postgres-meta 0.99.0 typegen (node), live database: {pg_meta:>10.2?}");
    println!(
        "  supabase-codegen generate --database-url:           {from_live:>10.2?}  {:>5.1}x faster",
        ratio(from_live)
    );
    println!(
        "  supabase-codegen generate --schema-file:            {from_snapshot:>10.2?}  {:>5.1}x faster",
        ratio(from_snapshot)
    );
    println!(
        "  supabase-codegen generate --migrations-dir:         {from_migrations:>10.2?}  {:>5.1}x faster",
        ratio(from_migrations)
    );
    drop_bench_schema(db);
}

/// Drops the schema `bench` (in steps: one transaction dropping 1,000 tables runs out of locks).
fn drop_bench_schema(db: &supabase_tests::pg::Cluster) {
    for i in (0..TABLES).step_by(100).rev() {
        let tables: Vec<String> = (i..i + 100).map(|t| format!("bench.t{t:04}")).collect();
        let _ = db.try_psql(&format!(
            "drop table if exists {} cascade",
            tables.join(", ")
        ));
    }
    db.psql("drop schema if exists bench cascade");
}
