//! `query!` on the application corpus (`tests/corpus/`): eleven Supabase-shaped apps with 690
//! queries written as app developers write SQL. Every query runs through psql; each one
//! `query!` accepts runs through the real PostgREST 12.0.2 and must return the same rows; each
//! one it rejects must be rejected for a feature PostgREST cannot express. Prints a table per
//! app, per class and per rejection feature (see `supabase_tests::corpus`).
//!
//! `tests/corpus/known-gaps.txt` lists the failures tolerated today (printed as "known gap");
//! the test fails when an unlisted query fails or a listed one passes. Rewrite the list from the
//! current results with
//!
//! ```text
//! CORPUS_BLESS=1 cargo test -p supabase-tests --test corpus
//! ```
//!
//! The generated crates build in `<target>/corpus/target`, kept across runs; every query with
//! its whole detail (request, error, differing rows) is written to `<target>/corpus/report.txt`.
//!
//! Run: `cargo test -p supabase-tests --test corpus -- --nocapture` (to see the table).
//! `CORPUS_APPS=chat,shop` runs only those apps (the counts and blessing then cover only them).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

use supabase_tests::corpus::{self, report, spec};

#[test]
fn corpus_queries_match_psql_or_are_rejected_as_inexpressible() {
    let dir = spec::corpus_dir();
    let mut apps = spec::load_apps(&dir).expect("the corpus apps");
    let gaps_path = dir.join("known-gaps.txt");
    let mut gaps = spec::read_known_gaps(&gaps_path).expect("known-gaps.txt");
    let only = std::env::var("CORPUS_APPS")
        .ok()
        .filter(|v| !v.trim().is_empty());
    if let Some(only) = &only {
        let wanted: Vec<&str> = only.split(',').map(str::trim).collect();
        apps.retain(|a| wanted.contains(&a.name.as_str()));
        gaps.retain(|key, _| wanted.iter().any(|w| key.starts_with(&format!("{w}/"))));
        println!("CORPUS_APPS={only}: {} app(s)", apps.len());
    } else {
        assert!(apps.len() >= 8, "the corpus has {} apps", apps.len());
        let total: usize = apps.iter().map(|a| a.queries.len()).sum();
        assert!(total >= 250, "the corpus has {total} queries");
    }

    let results = corpus::run(&apps, &gaps).unwrap_or_else(|e| panic!("{e}"));
    println!("{}", report::tables(&results));
    let full = corpus::report_path();
    std::fs::write(&full, report::full(&results)).expect("write the report");
    println!("every query with its whole detail: {}", full.display());

    if std::env::var_os("CORPUS_BLESS").is_some_and(|v| v == "1") {
        assert!(
            only.is_none(),
            "CORPUS_BLESS rewrites the whole list: run it without CORPUS_APPS"
        );
        std::fs::write(&gaps_path, report::bless(&results)).expect("write known-gaps.txt");
        println!("wrote {}", gaps_path.display());
        return;
    }
    let problems = report::problems(&results, &gaps);
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
