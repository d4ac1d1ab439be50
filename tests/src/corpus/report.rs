//! Classifying each query of the corpus and printing the tables.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::spec::Expect;

/// What happened to one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    /// `query!` accepted it and PostgREST returned what psql returned.
    AcceptedSame,
    /// `query!` accepted it and PostgREST failed, returned other rows, or the rows did not
    /// decode.
    AcceptedDiffers(String),
    /// `query!` rejected it, naming a feature PostgREST cannot express.
    RejectedInexpressible(String),
    /// `query!` rejected it with another error.
    RejectedOther(String),
    /// psql could not run it, or its sample arguments do not fit (a corpus bug).
    CorpusError(String),
}

impl Class {
    /// The row label in the table.
    pub fn label(&self, expect: Expect) -> &'static str {
        match (self, expect) {
            (Class::AcceptedSame, Expect::Ok) => "accepted, same result",
            (Class::AcceptedSame, Expect::Inexpressible) => {
                "accepted and same result, but expect inexpressible"
            }
            (Class::AcceptedDiffers(_), _) => "accepted, differs/errors",
            (Class::RejectedInexpressible(_), Expect::Inexpressible) => {
                "rejected: PostgREST cannot express (expected)"
            }
            (Class::RejectedInexpressible(_), Expect::Ok) => {
                "rejected: PostgREST cannot express, but expect ok"
            }
            (Class::RejectedOther(_), _) => "rejected, other error",
            (Class::CorpusError(_), _) => "corpus error (psql or sample args)",
        }
    }

    /// Whether the query passes.
    pub fn passes(&self, expect: Expect) -> bool {
        matches!(
            (self, expect),
            (Class::AcceptedSame, Expect::Ok)
                | (Class::RejectedInexpressible(_), Expect::Inexpressible)
        )
    }

    /// The detail (error, difference, feature), one line.
    pub fn detail(&self) -> String {
        let text = match self {
            Class::AcceptedSame => "",
            Class::AcceptedDiffers(d)
            | Class::RejectedInexpressible(d)
            | Class::RejectedOther(d)
            | Class::CorpusError(d) => d,
        };
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// One query's outcome.
#[derive(Debug, Clone)]
pub struct QueryResult {
    /// The app.
    pub app: String,
    /// The query's name.
    pub name: String,
    /// The annotation.
    pub expect: Expect,
    /// What happened.
    pub class: Class,
    /// The reason from `known-gaps.txt`, when the query is listed there.
    pub known_gap: Option<String>,
    /// How many rows psql returned (`None` when psql failed).
    pub rows: Option<usize>,
}

impl QueryResult {
    /// `app/name`, the key in `known-gaps.txt`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.app, self.name)
    }
}

/// The tables: per app × class, per class, per rejection feature; then the failures.
pub fn tables(results: &[QueryResult]) -> String {
    let mut out = String::new();
    let mut per_app: BTreeMap<&str, BTreeMap<&str, (usize, usize)>> = BTreeMap::new();
    let mut per_class: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut per_feature: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in results {
        let label = r.class.label(r.expect);
        let gap = usize::from(r.known_gap.is_some() && !r.class.passes(r.expect));
        let slot = per_app.entry(&r.app).or_default().entry(label).or_default();
        slot.0 += 1;
        slot.1 += gap;
        let slot = per_class.entry(label).or_default();
        slot.0 += 1;
        slot.1 += gap;
        if let Class::RejectedInexpressible(feature) = &r.class {
            let slot = per_feature.entry(feature.clone()).or_default();
            slot.0 += 1;
            if r.expect == Expect::Ok {
                slot.1 += 1;
            }
        }
    }
    let _ = writeln!(
        out,
        "\n== query! on the application corpus ({} queries) ==",
        results.len()
    );
    for (app, classes) in &per_app {
        let total: usize = classes.values().map(|c| c.0).sum();
        let _ = writeln!(out, "\n{app} ({total} queries)");
        for (label, (n, gaps)) in classes {
            let _ = writeln!(out, "  {n:>4}  {label}{}", gap_note(*gaps));
        }
    }
    let empty = results
        .iter()
        .filter(|r| r.class == Class::AcceptedSame && r.rows == Some(0))
        .count();
    let rows: usize = results
        .iter()
        .filter(|r| r.class == Class::AcceptedSame)
        .filter_map(|r| r.rows)
        .sum();
    let _ = writeln!(
        out,
        "\nAll apps, per class (the accepted queries with the same result compared {rows} rows; {empty} of them returned no row)"
    );
    for (label, (n, gaps)) in &per_class {
        let _ = writeln!(out, "  {n:>4}  {label}{}", gap_note(*gaps));
    }
    let _ = writeln!(out, "\nRejections naming a feature PostgREST cannot express, per feature (of which `expect: ok`)");
    for (feature, (n, ok)) in &per_feature {
        let _ = writeln!(out, "  {n:>4}  {feature} ({ok})");
    }
    let mut failures: Vec<&QueryResult> = results
        .iter()
        .filter(|r| !r.class.passes(r.expect))
        .collect();
    failures.sort_by_key(|r| r.known_gap.is_some());
    if !failures.is_empty() {
        let _ = writeln!(out, "\nFailing queries");
        for r in failures {
            let tag = if r.known_gap.is_some() {
                "known gap"
            } else {
                "FAIL"
            };
            let mut detail = r.class.detail();
            if detail.len() > 300 {
                let mut end = 300;
                while !detail.is_char_boundary(end) {
                    end -= 1;
                }
                detail.truncate(end);
                detail.push('…');
            }
            let _ = writeln!(
                out,
                "  [{tag}] {}: {}: {detail}",
                r.key(),
                r.class.label(r.expect)
            );
        }
    }
    out
}

fn gap_note(gaps: usize) -> String {
    if gaps == 0 {
        String::new()
    } else {
        format!("  ({gaps} known gap{})", if gaps == 1 { "" } else { "s" })
    }
}

/// Every query with its class and the whole detail (the request, PostgREST's error or the rows
/// that differ), for `<target>/corpus/report.txt`.
pub fn full(results: &[QueryResult]) -> String {
    let mut out = tables(results);
    let _ = writeln!(out, "\nEvery query");
    for r in results {
        let gap = if r.known_gap.is_some() {
            " [known gap]"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{}: {}{gap}\n    {}",
            r.key(),
            r.class.label(r.expect),
            r.class.detail()
        );
    }
    out
}

/// The content of `known-gaps.txt` listing every failing query of `results`.
pub fn bless(results: &[QueryResult]) -> String {
    let mut out = String::from(
        "# Queries of tests/corpus whose failure the corpus test (tests/tests/corpus.rs) tolerates\n\
         # today: `app/query: class: detail`. The test fails when a query listed here passes (remove\n\
         # it) or when a query not listed fails. Regenerate from a run with\n\
         #   CORPUS_BLESS=1 cargo test -p supabase-tests --test corpus\n",
    );
    for r in results.iter().filter(|r| !r.class.passes(r.expect)) {
        let mut detail = r.class.detail();
        if detail.len() > 160 {
            let mut end = 160;
            while !detail.is_char_boundary(end) {
                end -= 1;
            }
            detail.truncate(end);
            detail.push('…');
        }
        let _ = writeln!(out, "{}: {}: {detail}", r.key(), r.class.label(r.expect));
    }
    out
}

/// Why the run fails: unlisted failures, and listed queries that now pass or no longer exist.
pub fn problems(results: &[QueryResult], gaps: &BTreeMap<String, String>) -> Vec<String> {
    let mut problems = Vec::new();
    for r in results {
        let passes = r.class.passes(r.expect);
        match (passes, r.known_gap.is_some()) {
            (false, false) => problems.push(format!(
                "{} fails and is not in known-gaps.txt: {}: {}",
                r.key(),
                r.class.label(r.expect),
                r.class.detail()
            )),
            (true, true) => problems.push(format!(
                "{} passes now: remove it from known-gaps.txt",
                r.key()
            )),
            _ => {}
        }
    }
    for key in gaps.keys() {
        if !results.iter().any(|r| &r.key() == key) {
            problems.push(format!(
                "known-gaps.txt lists {key}, which is not a corpus query"
            ));
        }
    }
    problems
}
