//! Driving Cargo on the generated workspace: `cargo check` to classify the queries from the
//! compiler's diagnostics (mapped to a query by the line of their primary span), `cargo build`
//! of the runners, and running a runner.

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

use super::codegen::{LineMap, Workspace};

/// The phrase `query!` puts in every rejection of a statement PostgREST cannot express,
/// followed by the feature.
pub const CANNOT_EXPRESS: &str = "PostgREST cannot express ";

/// What the compiler said about one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No error.
    Accepted,
    /// An error naming a feature PostgREST cannot express.
    Inexpressible(String),
    /// Any other error (its first line).
    Other(String),
}

/// `cargo <args> --offline --manifest-path <root>/Cargo.toml` with the workspace's own target
/// directory.
fn cargo(ws: &Workspace, args: &[String]) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(&ws.root)
        .env("CARGO_TARGET_DIR", ws.target_dir())
        .env_remove("SUPABASE_SCHEMA")
        // The generated code is checked as a user's crate would be, whatever flags the outer
        // build runs with (and a change of flags would rebuild everything).
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .args(args)
        .arg("--offline")
        .arg("--manifest-path")
        .arg(ws.root.join("Cargo.toml"));
    cmd
}

/// `cargo check` of the `check_<app>` crates; the verdict of every query of every app.
pub fn check(
    ws: &Workspace,
    maps: &BTreeMap<String, LineMap>,
) -> Result<BTreeMap<String, BTreeMap<String, Verdict>>, String> {
    let mut args: Vec<String> = vec![
        "check".into(),
        "--keep-going".into(),
        "--message-format=json".into(),
    ];
    for app in maps.keys() {
        args.push("-p".into());
        args.push(format!("check_{app}"));
    }
    let out = cargo(ws, &args)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut verdicts: BTreeMap<String, BTreeMap<String, Verdict>> = maps
        .iter()
        .map(|(app, map)| {
            (
                app.clone(),
                map.iter()
                    .map(|(name, _, _)| (name.clone(), Verdict::Accepted))
                    .collect(),
            )
        })
        .collect();
    let mut unmapped = Vec::new();
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-message" || msg["message"]["level"] != "error" {
            continue;
        }
        let target = msg["target"]["name"].as_str().unwrap_or_default();
        let Some(app) = target.strip_prefix("check_") else {
            unmapped.push(rendered(&msg["message"]));
            continue;
        };
        let line_no = msg["message"]["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| {
                s["is_primary"] == true
                    && s["file_name"]
                        .as_str()
                        .is_some_and(|f| f.ends_with("lib.rs"))
            })
            .and_then(|s| s["line_start"].as_u64())
            .and_then(|l| usize::try_from(l).ok());
        let query = line_no.and_then(|l| {
            maps.get(app)?
                .iter()
                .find(|(_, start, end)| (*start..=*end).contains(&l))
                .map(|(name, _, _)| name.clone())
        });
        match query {
            Some(name) => {
                let text = full_text(&msg["message"]);
                let verdict = match text.find(CANNOT_EXPRESS) {
                    Some(at) => Verdict::Inexpressible(feature(&text[at + CANNOT_EXPRESS.len()..])),
                    None => Verdict::Other(first_line(&msg["message"])),
                };
                if let Some(slot) = verdicts.get_mut(app).and_then(|v| v.get_mut(&name)) {
                    // The first error decides; an inexpressible class wins over a follow-up error.
                    if *slot == Verdict::Accepted
                        || matches!(verdict, Verdict::Inexpressible(_))
                            && matches!(slot, Verdict::Other(_))
                    {
                        *slot = verdict;
                    }
                }
            }
            None => {
                let text = rendered(&msg["message"]);
                if !text.contains("aborting due to") && !text.contains("could not compile") {
                    unmapped.push(text);
                }
            }
        }
    }
    if !unmapped.is_empty() {
        return Err(format!(
            "cargo check reported errors outside any query:\n{}",
            unmapped.join("\n")
        ));
    }
    if !out.status.success()
        && verdicts
            .values()
            .all(|v| v.values().all(|x| *x == Verdict::Accepted))
    {
        return Err(format!(
            "cargo check failed without a diagnostic on a query:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(verdicts)
}

/// `cargo build` of the `run_<app>` binaries.
pub fn build(ws: &Workspace, apps: &[String]) -> Result<(), String> {
    let mut args: Vec<String> = vec!["build".into(), "--message-format=short".into()];
    for app in apps {
        args.push("-p".into());
        args.push(format!("run_{app}"));
    }
    let out = cargo(ws, &args)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo build of the accepted queries failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Runs `run_<app>` on the named queries; one JSON result per name.
pub fn run(
    ws: &Workspace,
    app: &str,
    names: &[String],
    env: &[(&str, &str)],
) -> Result<BTreeMap<String, Value>, String> {
    let bin = ws.target_dir().join("debug").join(format!("run_{app}"));
    let mut cmd = Command::new(&bin);
    cmd.args(names);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} failed ({}):\n{}",
            bin.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut results = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: Value =
            serde_json::from_str(line).map_err(|e| format!("bad runner output {line:?}: {e}"))?;
        let name = v["name"].as_str().unwrap_or_default().to_owned();
        results.insert(name, v["result"].clone());
    }
    Ok(results)
}

fn rendered(message: &Value) -> String {
    message["rendered"]
        .as_str()
        .unwrap_or_else(|| message["message"].as_str().unwrap_or_default())
        .to_owned()
}

fn first_line(message: &Value) -> String {
    message["message"]
        .as_str()
        .unwrap_or_default()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The message with its notes and helps.
fn full_text(message: &Value) -> String {
    let mut text = message["message"].as_str().unwrap_or_default().to_owned();
    for child in message["children"].as_array().into_iter().flatten() {
        text.push('\n');
        text.push_str(child["message"].as_str().unwrap_or_default());
    }
    text
}

/// The feature named after [`CANNOT_EXPRESS`]: up to the end of the clause.
fn feature(rest: &str) -> String {
    let end = rest
        .find(['\n', ':', ';', '.', '(', ','])
        .unwrap_or(rest.len());
    rest[..end].trim().trim_matches('`').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_text() {
        assert_eq!(
            feature("a window function (`rank() over`); write"),
            "a window function"
        );
        assert_eq!(feature("DISTINCT: use a function"), "DISTINCT");
    }
}
