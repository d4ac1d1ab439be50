//! The application corpus (`tests/corpus/`) as a test of `query!`: each query is classified
//! by the compiler, the accepted ones are executed through the real PostgREST 12 and compared
//! with what psql returns for the SQL, and the rejected ones must name a feature PostgREST
//! cannot express.
//!
//! [`run`] does it all, for every app:
//!
//! 1. a throwaway PostgreSQL 15 cluster; per app a database with `supabase-platform.sql`, the
//!    migrations and the seed ([`sql`]);
//! 2. every query through psql (as `service_role` with alice's claims, rolled back), which also
//!    gives the type of each `$n`;
//! 3. the schema snapshot of the app's exposed schemas by live introspection
//!    (`supabase_codegen::source::live`, as `supabase-codegen dump --database-url` writes it);
//! 4. per app a crate calling `query!` once per query ([`codegen`]), `cargo check`ed to read
//!    each query's verdict, and a runner with the accepted queries, built ([`cargo`]);
//! 5. per app a PostgREST 12.0.2 exposing `public` and the app's second schema, behind the test
//!    gateway; the runner sends each accepted query (`Prefer: tx=rollback`; the sequences are put
//!    back before each write) with a `service_role` token whose `sub` is alice;
//! 6. the comparison ([`compare`]) and the tables ([`report`]).

pub mod cargo;
pub mod codegen;
pub mod compare;
pub mod report;
pub mod spec;
pub mod sql;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::json;

use crate::jwt;
use crate::pg::Cluster;
use crate::postgrest::Postgrest;
use crate::proxy::{Gateway, Route};
use crate::watchdog::Watchdog;
use codegen::{RustQuery, Workspace};
use report::{Class, QueryResult};
use spec::App;
use sql::PgResult;

/// The secret PostgREST verifies the corpus tokens with.
const JWT_SECRET: &str = "corpus-jwt-secret-at-least-32-characters-long";

/// Runs the whole corpus (see the module doc); `known_gaps` marks the tolerated failures.
pub fn run(
    apps: &[App],
    known_gaps: &BTreeMap<String, String>,
) -> Result<Vec<QueryResult>, String> {
    let repo = crate::tools::repo_root();
    let dir = scratch_dir()?;
    let watchdog = Watchdog::start(&dir)?;
    let cluster = Cluster::start(&dir, &watchdog)?;
    let platform = spec::corpus_dir().join("supabase-platform.sql");

    // 1-3: databases, psql results, snapshots.
    let mut dbs = Vec::new();
    let mut pg: BTreeMap<(String, String), Result<PgResult, String>> = BTreeMap::new();
    let mut snapshots = BTreeMap::new();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a tokio runtime: {e}"))?;
    for app in apps {
        let db = sql::load_app(&cluster, &platform, app)
            .map_err(|e| format!("loading the app `{}`: {e}", app.name))?;
        for q in &app.queries {
            pg.insert(
                (app.name.clone(), q.name.clone()),
                db.run(&cluster, &q.sql, &q.args),
            );
        }
        let url = format!(
            "postgres://postgres@127.0.0.1:{}/{}",
            cluster.port, db.database
        );
        let schemas: Vec<&str> = app.schemas.iter().map(String::as_str).collect();
        let model = runtime
            .block_on(supabase_codegen::source::live::introspect_url(
                &url, &schemas,
            ))
            .map_err(|e| format!("introspecting `{}`: {e}", app.name))?;
        snapshots.insert(app.name.clone(), model.to_snapshot_json());
        dbs.push(db);
    }

    // 4: check, then build the accepted ones.
    let ws = Workspace {
        root: target_dir().join("corpus"),
    };
    let names: Vec<String> = apps.iter().map(|a| a.name.clone()).collect();
    ws.write_root(&names, &repo)?;
    let mut classes: BTreeMap<(String, String), Class> = BTreeMap::new();
    let mut rust: BTreeMap<String, Vec<RustQuery>> = BTreeMap::new();
    let mut maps = BTreeMap::new();
    for app in apps {
        let mut queries = Vec::new();
        for q in &app.queries {
            let key = (app.name.clone(), q.name.clone());
            let args = match &pg[&key] {
                Ok(result) => codegen::rust_args(q, &result.params),
                Err(e) => Err(format!("psql: {e}")),
            };
            match args {
                Ok(args) => queries.push(RustQuery {
                    name: q.name.clone(),
                    sql: q.sql.clone(),
                    args,
                }),
                Err(e) => {
                    classes.insert(key, Class::CorpusError(e));
                }
            }
        }
        let (lib, map) = codegen::check_lib(&queries);
        let existing_main =
            std::fs::read_to_string(ws.root.join(format!("run_{}/src/main.rs", app.name)))
                .unwrap_or_else(|_| codegen::run_main(&[]));
        ws.write_app(
            &app.name,
            &repo,
            &snapshots[&app.name],
            &lib,
            &existing_main,
        )?;
        maps.insert(app.name.clone(), map);
        rust.insert(app.name.clone(), queries);
    }
    let verdicts = cargo::check(&ws, &maps)?;
    for app in apps {
        let accepted: Vec<RustQuery> = rust[&app.name]
            .iter()
            .filter(|q| verdicts[&app.name][&q.name] == cargo::Verdict::Accepted)
            .cloned()
            .collect();
        let lib = std::fs::read_to_string(ws.root.join(format!("check_{}/src/lib.rs", app.name)))
            .map_err(|e| format!("cannot read the generated library: {e}"))?;
        ws.write_app(
            &app.name,
            &repo,
            &snapshots[&app.name],
            &lib,
            &codegen::run_main(&accepted),
        )?;
        for (name, verdict) in &verdicts[&app.name] {
            let class = match verdict {
                cargo::Verdict::Accepted => continue,
                cargo::Verdict::Inexpressible(feature) => {
                    Class::RejectedInexpressible(feature.clone())
                }
                cargo::Verdict::Other(message) => Class::RejectedOther(message.clone()),
            };
            classes.insert((app.name.clone(), name.clone()), class);
        }
    }
    cargo::build(&ws, &names)?;

    // 5-6: run the accepted queries through PostgREST and compare.
    let token = jwt::sign_hs256(
        &json!({
            "role": "service_role",
            "sub": "11111111-1111-4111-8111-111111111111",
            "exp": jwt::now_secs() + 3600,
        }),
        JWT_SECRET,
    );
    let key = jwt::api_key("service_role", JWT_SECRET);
    for (app, db) in apps.iter().zip(&dbs) {
        let accepted: Vec<&RustQuery> = rust[&app.name]
            .iter()
            .filter(|q| verdicts[&app.name][&q.name] == cargo::Verdict::Accepted)
            .collect();
        if accepted.is_empty() {
            continue;
        }
        let app_dir = dir.join(&app.name);
        std::fs::create_dir_all(&app_dir)
            .map_err(|e| format!("cannot create {}: {e}", app_dir.display()))?;
        let postgrest = Postgrest::start_on(
            &app_dir,
            &cluster,
            &db.database,
            JWT_SECRET,
            &app.schemas.join(","),
            &watchdog,
        )?;
        let gateway = Gateway::start(vec![Route::new("/rest/v1", &postgrest.url)])?;
        let env = [
            ("CORPUS_URL", gateway.url.as_str()),
            ("CORPUS_KEY", key.as_str()),
            ("CORPUS_TOKEN", token.as_str()),
        ];
        let (writes, reads): (Vec<&RustQuery>, Vec<&RustQuery>) =
            accepted.into_iter().partition(|q| db.writes(&q.sql));
        let mut results = cargo::run(
            &ws,
            &app.name,
            &reads.iter().map(|q| q.name.clone()).collect::<Vec<_>>(),
            &env,
        )?;
        for q in writes {
            db.reset(&cluster)?;
            results.extend(cargo::run(
                &ws,
                &app.name,
                std::slice::from_ref(&q.name),
                &env,
            )?);
        }
        for q in &app.queries {
            let key = (app.name.clone(), q.name.clone());
            if classes.contains_key(&key) {
                continue;
            }
            let rows = match &pg[&key] {
                Ok(result) => &result.rows,
                Err(_) => continue,
            };
            let class = match results.get(&q.name) {
                Some(report) => match compare::compare(&q.sql, rows, report) {
                    compare::Outcome::Same => Class::AcceptedSame,
                    compare::Outcome::Errors(e) => Class::AcceptedDiffers(format!(
                        "error: {e} (request: {})",
                        report["request"]
                    )),
                    compare::Outcome::Differs(d) => {
                        Class::AcceptedDiffers(format!("{d} (request: {})", report["request"]))
                    }
                },
                None => Class::AcceptedDiffers("the runner did not report it".to_owned()),
            };
            classes.insert(key, class);
        }
    }

    let mut results = Vec::new();
    for app in apps {
        for q in &app.queries {
            let key = (app.name.clone(), q.name.clone());
            let class = classes
                .remove(&key)
                .unwrap_or_else(|| Class::CorpusError("not classified".to_owned()));
            let gap_key = format!("{}/{}", app.name, q.name);
            results.push(QueryResult {
                app: app.name.clone(),
                name: q.name.clone(),
                expect: q.expect,
                class,
                known_gap: known_gaps.get(&gap_key).cloned(),
                rows: pg[&key].as_ref().ok().map(|r| r.rows.len()),
            });
        }
    }
    Ok(results)
}

/// Where the full report of the last run is written: `<target>/corpus/report.txt`.
pub fn report_path() -> PathBuf {
    target_dir().join("corpus").join("report.txt")
}

/// This build's target directory (the test binary is `<target>/debug/deps/corpus-…`).
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        if dir.is_absolute() {
            return dir;
        }
        return crate::tools::repo_root().join(dir);
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
        .unwrap_or_else(|| crate::tools::repo_root().join("target"))
}

fn scratch_dir() -> Result<PathBuf, String> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let dir =
        std::env::temp_dir().join(format!("supabase-corpus-{}-{nanos:09}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}
