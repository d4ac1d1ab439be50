//! `check`: drift between two sources, or committed files gone stale.

use std::io::Write;
use std::path::PathBuf;

use super::{Args, Failure};
use crate::diff::{diff_with, DiffOptions};
use crate::emit::{self, EmitOptions};
use crate::error::Error;
use crate::input::Source;
use crate::model::SchemaModel;

/// Compares the two sources of `args` and prints their drift; 1 when they differ.
pub(super) fn drift(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, Failure> {
    let (left, right) = (&args.sources[0], &args.sources[1]);
    let l = args.load(left, err)?;
    let r = args.load(right, err)?;
    let lossy = [left, right]
        .iter()
        .any(|s| matches!(s, Source::OpenApiFile(_)));
    let drift = diff_with(&l.model, &r.model, &DiffOptions::new().lossy(lossy));
    let (ln, rn) = (left.describe(), right.describe());
    let schemas: Vec<&str> = l
        .model
        .schemas
        .iter()
        .chain(&r.model.schemas)
        .map(|s| s.name.as_str())
        .collect();
    let mut schemas = schemas;
    schemas.sort_unstable();
    schemas.dedup();
    if drift.is_empty() {
        let _ = writeln!(
            out,
            "no drift between {ln} and {rn} (schemas: {}){}",
            schemas.join(", "),
            if lossy {
                "; compared what an OpenAPI document tells"
            } else {
                ""
            }
        );
        return Ok(0);
    }
    let _ = writeln!(out, "drift: {ln} (left) → {rn} (right)");
    if lossy {
        let _ = writeln!(out, "(compared what an OpenAPI document tells)");
    }
    let _ = write!(out, "{drift}");
    let n = drift.changes.len();
    let _ = writeln!(out, "{n} difference{}", if n == 1 { "" } else { "s" });
    Ok(1)
}

/// Compares the committed `--snapshot` / `--generated` files with fresh ones from the source.
pub(super) fn committed(
    args: &Args,
    options: &EmitOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, Failure> {
    let loaded = args.load(&args.sources[0], err)?;
    let mut stale = false;
    let source = args.sources[0].describe();
    if let Some(path) = &args.snapshot {
        let fresh = loaded.model.to_snapshot_json();
        let was_stale = compare(path, &fresh, &source, out)?;
        if was_stale {
            // Say what changed in the schema, when the committed file is a readable snapshot.
            if let Some(old) = std::fs::read_to_string(path)
                .ok()
                .and_then(|text| SchemaModel::from_snapshot_json(&text).ok())
            {
                let drift = crate::diff::diff(&old, &loaded.model);
                if !drift.is_empty() {
                    let _ = writeln!(
                        out,
                        "what changed ({} (committed) → {source}):",
                        path.display()
                    );
                    let _ = write!(out, "{drift}");
                }
            }
        }
        stale |= was_stale;
    }
    if let Some(path) = &args.generated {
        let fresh = emit::generate(&loaded.model, options)?;
        stale |= compare(path, &fresh, &source, out)?;
    }
    Ok(i32::from(stale))
}

/// Prints a diff and returns `true` when `path` does not hold `fresh`.
fn compare(
    path: &PathBuf,
    fresh: &str,
    source: &str,
    out: &mut dyn Write,
) -> Result<bool, Failure> {
    let committed = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(Error::Io {
                path: path.display().to_string(),
                source,
            }
            .into())
        }
    };
    if committed == fresh {
        let _ = writeln!(out, "{}: up to date", path.display());
        return Ok(false);
    }
    let _ = write!(
        out,
        "{}",
        unified_diff(
            &committed,
            fresh,
            &format!("{} (committed)", path.display()),
            &format!("{} (fresh from {source})", path.display())
        )
    );
    let _ = writeln!(
        out,
        "{} is stale: regenerate it with `supabase-codegen {}`",
        path.display(),
        if path.extension().is_some_and(|e| e == "json") {
            "dump"
        } else {
            "generate"
        }
    );
    Ok(true)
}

/// One hunk around the changed lines (common prefix and suffix removed), with three lines of
/// context and at most 40 lines per side, in unified diff format.
fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    const CONTEXT: usize = 3;
    const MAX: usize = 40;
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let start = prefix.saturating_sub(CONTEXT);
    let a_end = a.len() - suffix;
    let b_end = b.len() - suffix;
    let after = suffix.min(CONTEXT);
    let mut text = format!("--- {old_name}\n+++ {new_name}\n");
    text.push_str(&format!(
        "@@ -{},{} +{},{} @@\n",
        start + 1,
        a_end + after - start,
        start + 1,
        b_end + after - start
    ));
    for line in &a[start..prefix] {
        text.push_str(&format!(" {line}\n"));
    }
    let side = |text: &mut String, lines: &[&str], mark: char| {
        for line in lines.iter().take(MAX) {
            text.push_str(&format!("{mark}{line}\n"));
        }
        if lines.len() > MAX {
            text.push_str(&format!("{mark}... ({} more lines)\n", lines.len() - MAX));
        }
    };
    side(&mut text, &a[prefix..a_end], '-');
    side(&mut text, &b[prefix..b_end], '+');
    for line in &a[a_end..a_end + after] {
        text.push_str(&format!(" {line}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::unified_diff;

    #[test]
    fn the_diff_shows_the_changed_lines_with_line_numbers() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nc\nd\nE\nf\ng\n";
        let diff = unified_diff(old, new, "old", "new");
        assert_eq!(
            diff,
            "--- old\n+++ new\n@@ -2,6 +2,6 @@\n b\n c\n d\n-e\n+E\n f\n g\n"
        );
    }
}
