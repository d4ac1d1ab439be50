//! The `supabase-codegen` command line (`src/bin/supabase-codegen.rs` is one call to [`run`]).
//! Not a public API: hidden, and free to change.
//!
//! Exit codes: 0 success (or `check` found everything current), 1 `check` found a stale file or
//! drift between two sources, 2 bad usage or bad input (the error, with file:line:column when it
//! has one, on stderr).

mod check;

use std::io::Write;
use std::path::PathBuf;

use crate::atomic::write_if_changed;
use crate::emit::{self, EmitOptions};
use crate::error::Error;
use crate::input::{load, load_listed, Loaded, Source};
use crate::project::Project;

const MAIN_HELP: &str = "\
supabase-codegen: typed Rust for supabase-core from a Postgres schema

Usage: supabase-codegen <COMMAND> [OPTIONS]

Commands:
  generate  Generate the Rust code (to a file or stdout)
  dump      Write the schema snapshot JSON (to a file or stdout)
  check     Compare two sources (drift), or committed files with a source (stale); exit 1 if
            they differ
  help      Print this message or the help of a command

Inside a Supabase CLI project (a folder with supabase/config.toml, here or above), no source
flag is needed: the schema comes from supabase/migrations and the schemas are [api] schemas.

Options:
  -h, --help  Print help (also `supabase-codegen <COMMAND> --help`)

Exit codes: 0 success, 1 stale or drift (check), 2 bad usage or bad input.
";

const SOURCE_HELP: &str = "\
Source (one; `check` takes two to compare; none inside a Supabase CLI project):
      --schema-file <FILE>     A committed schema snapshot JSON
      --migrations-dir <DIR>   A folder of *.sql migrations, applied in file-name order
      --database-url <URL>     A live PostgreSQL (postgres://user:pass@host:port/db)
      --openapi-file <FILE>    PostgREST's OpenAPI document (`GET /`), lossy
      --schema <NAME>          A schema to read; repeatable (default: [api] schemas of
                               supabase/config.toml, else public)
      --strict                 Treat every warning of the source as an error (for CI)
";

fn command_help(command: &str) -> Option<String> {
    let (usage, about, extra) = match command {
        "generate" => (
            "supabase-codegen generate [SOURCE] [--schema <NAME>]... [--out <FILE>]",
            "Generate the Rust code for the schema.",
            "Output:\n      --out <FILE>             Write to FILE atomically, only when changed \
             (default: stdout)\n",
        ),
        "dump" => (
            "supabase-codegen dump [SOURCE] [--schema <NAME>]... [--out <FILE>]",
            "Write the schema snapshot JSON (the file projects commit).",
            "Output:\n      --out <FILE>             Write to FILE atomically, only when changed \
             (default: stdout)\n",
        ),
        "check" => (
            "supabase-codegen check [SOURCE [SOURCE]] [--schema <NAME>]... [--snapshot <FILE>] \
             [--generated <FILE>]",
            "With two sources (say --migrations-dir and --database-url): print a semantic diff \
             per relation, column, type, nullability, default, key, foreign key, function and \
             enum, and exit 1 when they differ (drift). Inside a Supabase CLI project the first \
             source defaults to supabase/migrations.\n\nWith one source and committed files: \
             exit 0 when they are current, exit 1 with a diff when stale. Inside a Supabase CLI \
             project without flags: supabase/migrations against supabase/schema.json.",
            "Committed files (with one source):\n      --snapshot <FILE>        A schema snapshot \
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
    /// The Supabase CLI project the sources or schemas default from, if any.
    project: Option<Project>,
}

impl Args {
    /// Reads one source with the schemas asked for: `--schema`s as given, else the project's
    /// `[api] schemas` (those the source lacks are skipped), else `public`.
    fn load(&self, source: &Source, err: &mut dyn Write) -> Result<Loaded, Failure> {
        let search_path = self
            .project
            .as_ref()
            .map(Project::search_path)
            .unwrap_or_default();
        let loaded = match &self.project {
            Some(project) if self.schemas.is_empty() => {
                load_listed(source, &project.schemas, &search_path)?
            }
            _ => load(source, &self.schemas, &search_path)?,
        };
        for w in &loaded.warnings {
            let _ = writeln!(err, "warning: {w}");
        }
        loaded.check_strict(self.strict)?;
        Ok(loaded)
    }
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
    let max = if command == "check" { 2 } else { 1 };
    if args.sources.len() > max {
        return Err(usage_error(
            command,
            if command == "check" {
                "give at most two sources to compare"
            } else {
                "give one source: --schema-file, --migrations-dir, --database-url or \
                 --openapi-file"
            },
        ));
    }
    let committed = args.snapshot.is_some() || args.generated.is_some();
    if command == "check" && args.sources.len() == 2 && committed {
        return Err(usage_error(
            command,
            "compare two sources, or committed files (--snapshot, --generated) with one source, \
             not both",
        ));
    }
    let needs_project =
        args.sources.is_empty() || (command == "check" && !committed && args.sources.len() == 1);
    if needs_project {
        let cwd = std::env::current_dir()
            .map_err(|e| Failure(format!("error: cannot read the current directory: {e}")))?;
        args.project = Project::find(&cwd)?;
        let Some(project) = &args.project else {
            return Err(usage_error(
                command,
                if args.sources.is_empty() {
                    "give a source (--schema-file, --migrations-dir, --database-url or \
                     --openapi-file), or run inside a Supabase CLI project (a folder with \
                     supabase/config.toml)"
                } else {
                    "give a second source to compare with, or --snapshot <FILE> and/or \
                     --generated <FILE> to check"
                },
            ));
        };
        args.sources
            .insert(0, Source::MigrationsDir(project.migrations_dir()));
        if command == "check" && args.sources.len() == 1 {
            args.snapshot = project.snapshot();
            if args.snapshot.is_none() {
                return Err(usage_error(
                    command,
                    &format!(
                        "nothing to compare {} with: give a second source (say \
                         --database-url), or --snapshot <FILE> and/or --generated <FILE>",
                        project.migrations_dir().display()
                    ),
                ));
            }
        }
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
    let options = EmitOptions::default();
    match command {
        "generate" => {
            let loaded = args.load(&args.sources[0], err)?;
            let code = emit::generate(&loaded.model, &options)?;
            emit(&code, args.out.as_ref(), out)?;
            Ok(0)
        }
        "dump" => {
            let loaded = args.load(&args.sources[0], err)?;
            emit(&loaded.model.to_snapshot_json(), args.out.as_ref(), out)?;
            Ok(0)
        }
        _ if args.sources.len() == 2 => check::drift(args, out, err),
        _ => check::committed(args, &options, out, err),
    }
}
