//! The `supabase-codegen` command line (`src/bin/supabase-codegen.rs` is one call to [`run`]).
//! Not a public API: hidden, and free to change.
//!
//! Exit codes: 0 success (or `check` found everything current), 1 `check` found a stale file,
//! 2 bad usage or bad input (the error, with file:line:column when it has one, on stderr).

use std::io::Write;
use std::path::PathBuf;

use crate::atomic::write_if_changed;
use crate::emit::{self, EmitOptions};
use crate::error::Error;
use crate::input::{load, Loaded, Source};

const MAIN_HELP: &str = "\
supabase-codegen: typed Rust for supabase-core from a Postgres schema

Usage: supabase-codegen <COMMAND> [OPTIONS]

Commands:
  generate  Generate the Rust code (to a file or stdout)
  dump      Write the schema snapshot JSON (to a file or stdout)
  check     Exit 1 with a diff when a committed snapshot or generated file is stale
  help      Print this message or the help of a command

Options:
  -h, --help  Print help (also `supabase-codegen <COMMAND> --help`)

Exit codes: 0 success, 1 stale (check), 2 bad usage or bad input.
";

const SOURCE_HELP: &str = "\
Source (exactly one):
      --schema-file <FILE>     A committed schema snapshot JSON
      --migrations-dir <DIR>   A folder of *.sql migrations, applied in file-name order
      --database-url <URL>     A live PostgreSQL (postgres://user:pass@host:port/db)
      --openapi-file <FILE>    PostgREST's OpenAPI document (`GET /`), lossy
      --schema <NAME>          A schema to read; repeatable (default: public)
      --strict                 Treat every warning of the source as an error (for CI)
";

fn command_help(command: &str) -> Option<String> {
    let (usage, about, extra) = match command {
        "generate" => (
            "supabase-codegen generate <SOURCE> [--schema <NAME>]... [--out <FILE>]",
            "Generate the Rust code for the schema.",
            "Output:\n      --out <FILE>             Write to FILE atomically, only when changed \
             (default: stdout)\n",
        ),
        "dump" => (
            "supabase-codegen dump <SOURCE> [--schema <NAME>]... [--out <FILE>]",
            "Write the schema snapshot JSON (the file projects commit).",
            "Output:\n      --out <FILE>             Write to FILE atomically, only when changed \
             (default: stdout)\n",
        ),
        "check" => (
            "supabase-codegen check <SOURCE> [--schema <NAME>]... [--snapshot <FILE>] \
             [--generated <FILE>]",
            "Compare committed files with fresh ones from the source: exit 0 when current, exit \
             1 with a diff when stale.",
            "Committed files (at least one):\n      --snapshot <FILE>        A schema snapshot \
             JSON written by `dump`\n      --generated <FILE>       Rust code written by \
             `generate`\n",
        ),
        _ => return None,
    };
    Some(format!(
        "{about}\n\nUsage: {usage}\n\n{SOURCE_HELP}{extra}  -h, --help                   Print \
         help\n"
    ))
}

/// A usage error (exit 2) or an input error (exit 2), already formatted.
struct Failure(String);

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure(format!("error: {e}"))
    }
}

#[derive(Default)]
struct Args {
    sources: Vec<Source>,
    schemas: Vec<String>,
    out: Option<PathBuf>,
    snapshot: Option<PathBuf>,
    generated: Option<PathBuf>,
    strict: bool,
}

fn usage_error(command: &str, message: &str) -> Failure {
    Failure(format!(
        "error: {message}\n\nFor more information, try `supabase-codegen {command} --help`."
    ))
}

fn parse(command: &str, argv: &[String]) -> Result<Option<Args>, Failure> {
    let mut args = Args::default();
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        if arg == "--strict" {
            args.strict = true;
            continue;
        }
        let allowed = match flag {
            "--schema-file" | "--migrations-dir" | "--database-url" | "--openapi-file"
            | "--schema" => true,
            "--out" => command != "check",
            "--snapshot" | "--generated" => command == "check",
            _ => false,
        };
        if !allowed {
            return Err(usage_error(
                command,
                &format!("unexpected argument `{arg}`"),
            ));
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .cloned()
                .ok_or_else(|| usage_error(command, &format!("`{flag}` needs a value")))?,
        };
        let path = PathBuf::from(&value);
        match flag {
            "--schema-file" => args.sources.push(Source::SchemaFile(path)),
            "--migrations-dir" => args.sources.push(Source::MigrationsDir(path)),
            "--openapi-file" => args.sources.push(Source::OpenApiFile(path)),
            "--database-url" => args.sources.push(Source::DatabaseUrl(value)),
            "--schema" => args.schemas.push(value),
            "--out" => args.out = Some(path),
            "--snapshot" => args.snapshot = Some(path),
            _ => args.generated = Some(path),
        }
    }
    if args.sources.len() != 1 {
        return Err(usage_error(
            command,
            "give exactly one source: --schema-file, --migrations-dir, --database-url or \
             --openapi-file",
        ));
    }
    if command == "check" && args.snapshot.is_none() && args.generated.is_none() {
        return Err(usage_error(
            command,
            "give --snapshot <FILE> and/or --generated <FILE> to check",
        ));
    }
    Ok(Some(args))
}

/// Runs the command line `argv` (without the program name) and returns the exit code.
pub fn run(argv: Vec<String>) -> i32 {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    run_with(&argv, &mut stdout.lock(), &mut stderr.lock())
}

fn run_with(argv: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(command) = argv.first() else {
        let _ = write!(err, "{MAIN_HELP}");
        return 2;
    };
    match command.as_str() {
        "-h" | "--help" => {
            let _ = write!(out, "{MAIN_HELP}");
            return 0;
        }
        "help" => {
            let text = match argv.get(1) {
                None => Some(MAIN_HELP.to_string()),
                Some(c) => command_help(c),
            };
            return match text {
                Some(t) => {
                    let _ = write!(out, "{t}");
                    0
                }
                None => {
                    let _ = writeln!(err, "error: unknown command `{}`", argv[1]);
                    2
                }
            };
        }
        _ => {}
    }
    let Some(help) = command_help(command) else {
        let _ = writeln!(
            err,
            "error: unknown command `{command}`\n\nFor more information, try \
             `supabase-codegen --help`."
        );
        return 2;
    };
    let result = match parse(command, &argv[1..]) {
        Ok(None) => {
            let _ = write!(out, "{help}");
            return 0;
        }
        Ok(Some(args)) => execute(command, &args, out, err),
        Err(e) => Err(e),
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            let _ = writeln!(err, "{message}");
            2
        }
    }
}

fn load_warn(args: &Args, err: &mut dyn Write) -> Result<Loaded, Failure> {
    let loaded = load(&args.sources[0], &args.schemas)?;
    for w in &loaded.warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    loaded.check_strict(args.strict)?;
    Ok(loaded)
}

fn emit(text: &str, to: Option<&PathBuf>, out: &mut dyn Write) -> Result<(), Failure> {
    match to {
        Some(path) => {
            write_if_changed(path, text.as_bytes())?;
        }
        None => out
            .write_all(text.as_bytes())
            .map_err(|e| Failure(format!("error: cannot write to stdout: {e}")))?,
    }
    Ok(())
}

fn execute(
    command: &str,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, Failure> {
    let loaded = load_warn(args, err)?;
    let options = EmitOptions::default();
    match command {
        "generate" => {
            let code = emit::generate(&loaded.model, &options)?;
            emit(&code, args.out.as_ref(), out)?;
            Ok(0)
        }
        "dump" => {
            emit(&loaded.model.to_snapshot_json(), args.out.as_ref(), out)?;
            Ok(0)
        }
        _ => {
            let mut stale = false;
            let source = args.sources[0].describe();
            if let Some(path) = &args.snapshot {
                let fresh = loaded.model.to_snapshot_json();
                stale |= compare(path, &fresh, &source, out)?;
            }
            if let Some(path) = &args.generated {
                let fresh = emit::generate(&loaded.model, &options)?;
                stale |= compare(path, &fresh, &source, out)?;
            }
            Ok(i32::from(stale))
        }
    }
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
