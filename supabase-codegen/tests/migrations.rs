//! The SQL migrations source (`source::migrations`).
//!
//! The key test, `migrations_equal_live_introspection`, applies the migration files of
//! `tests/fixtures/migrations/` twice: to the model through the migrations source, and to a fresh
//! database of the test PostgreSQL 15 (created per test process) before introspecting it with the
//! live source. The two normalized models must be equal; on failure the snapshot JSON of both is
//! diffed line by line.
//!
//! Kept out of the equality fixture, because the migrations source cannot reproduce Postgres
//! exactly there (see the module docs of `source::migrations`):
//! - defaults and generated expressions calling functions with untyped literal arguments
//!   (`to_tsvector('english', name)`: the argument types come from the function's signature),
//!   and literals that Postgres normalizes on input (`'2024-1-1'::date`, `'{"a":1}'::jsonb`);
//! - views over joins with updatable columns (Postgres's rules are approximated), and `WITH
//!   CHECK OPTION`/`security_barrier` options (`tests/migrations_fidelity.rs` covers view
//!   column types of aggregates and functions);
//! - `BEGIN ATOMIC` function bodies.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;

use supabase_codegen::source::migrations::{from_files, from_migrations_dir, from_sql};
use supabase_codegen::{Error, Identity, RelationKind, SchemaModel};

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/migrations")
}

/// A line diff of two texts, `-` for the first, `+` for the second (a simple LCS).
fn diff(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out += &format!("+{:5} {}\n", j + 1, b[j]);
            j += 1;
        } else {
            out += &format!("-{:5} {}\n", i + 1, a[i]);
            i += 1;
        }
    }
    out
}

async fn live_model_of_fixture() -> SchemaModel {
    let db = supabase_tests::database();
    let name = format!("mig_test_{}", std::process::id());
    db.psql(&format!("drop database if exists {name}"));
    db.psql(&format!("create database {name}"));
    let base = db
        .superuser_url
        .rsplit_once('/')
        .map(|(base, _)| base.to_string())
        .unwrap();
    let (mut client, connection) =
        tokio_postgres::connect(&format!("{base}/{name}"), tokio_postgres::NoTls)
            .await
            .unwrap();
    tokio::spawn(connection);
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let sql = std::fs::read_to_string(&file).unwrap();
        client
            .batch_execute(&sql)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", file.display()));
    }
    supabase_codegen::source::live::introspect(&mut client, &["public"])
        .await
        .unwrap()
}

#[tokio::test]
async fn migrations_equal_live_introspection() {
    let (from_migrations, warnings) = from_migrations_dir(fixture_dir(), &["public"]).unwrap();
    assert!(
        warnings.is_empty(),
        "unexpected warnings:\n{}",
        warnings
            .iter()
            .map(|w| format!("{w}\n"))
            .collect::<String>()
    );
    let live = live_model_of_fixture().await;
    let (m, l) = (from_migrations.to_snapshot_json(), live.to_snapshot_json());
    assert!(
        from_migrations == live,
        "the migrations model (-) differs from live introspection (+):\n{}",
        diff(&m, &l)
    );
}

#[test]
fn fixture_model_has_what_the_migrations_say() {
    let (model, _) = from_migrations_dir(fixture_dir(), &["public"]).unwrap();
    let public = model.schema("public").unwrap();
    let mood = public.enum_type("mood").unwrap();
    assert_eq!(mood.labels, ["sad", "ok", "happy", "ecstatic"]);
    let authors = public.relation("authors").unwrap();
    assert!(authors.rls_enabled);
    // `born` was dropped and `nickname` added: ordinals have no gap.
    assert!(authors.column("born").is_none());
    let nickname = authors.column("nickname").unwrap();
    assert_eq!(nickname.ordinal as usize, authors.columns.len());
    assert_eq!(nickname.sql_type, "character varying(40)");
    assert_eq!(
        authors.column("id").unwrap().identity,
        Some(Identity::Always)
    );
    assert_eq!(
        authors.column("legacy_id").unwrap().default.as_deref(),
        Some("nextval('public.authors_legacy_id_seq'::regclass)")
    );
    let books = public.relation("books").unwrap();
    assert_eq!(
        books.column("status").unwrap().default.as_deref(),
        Some("'published'::text")
    );
    assert!(books.column("tiny").is_some() && books.column("small").is_none());
    assert_eq!(
        books.column("total").unwrap().generated.as_deref(),
        Some("(price * (quantity)::numeric)")
    );
    let mut fk_names: Vec<&str> = books.foreign_keys.iter().map(|f| f.name.as_str()).collect();
    fk_names.sort();
    assert_eq!(fk_names, ["books_author_id_fkey", "books_editor_id_fkey"]);
    assert!(public.relation("scratch").is_none());
    let adds: Vec<_> = public.functions_named("add").collect();
    assert_eq!(adds.len(), 1);
    assert_eq!(adds[0].identity_args, "a integer, b integer, c integer");
    assert_eq!(
        public.relation("book_titles").unwrap().kind,
        RelationKind::View
    );
    assert!(public.relation("book_titles").unwrap().updatable);
    assert!(!public.relation("book_counts").unwrap().updatable);
}

#[test]
fn unsupported_statements_warn_with_position() {
    let sql = "create table t (id int);\n\
               grant select on t to anon;\n\
               do $$ begin perform 1; for r in select 1 loop end loop; end $$;\n  \
               create rule r as on insert to t do instead nothing;\n";
    let (model, warnings) = from_sql(sql, "0001_x.sql", &["public"]).unwrap();
    assert!(model.schema("public").unwrap().relation("t").is_some());
    let positions: Vec<(String, u64, u64)> = warnings
        .iter()
        .map(|w| (w.file.clone(), w.line, w.column))
        .collect();
    assert_eq!(
        positions,
        [
            ("0001_x.sql".to_string(), 3, 24),
            ("0001_x.sql".to_string(), 4, 3)
        ],
        "{warnings:?}"
    );
    assert!(warnings[0]
        .to_string()
        .starts_with("0001_x.sql:3:24: a loop in a DO block is not interpreted"));
}

#[test]
fn malformed_sql_is_an_error_with_position() {
    let sql = "create table ok (id int);\n\ncreate table broken (\n  id int,\n  name text nope nope\n);\n";
    match from_sql(sql, "0002_bad.sql", &["public"]) {
        Err(Error::MigrationSql {
            file,
            line,
            column,
            message,
        }) => {
            assert_eq!((file.as_str(), line), ("0002_bad.sql", 5), "{message}");
            assert!(column > 1, "{column}");
        }
        other => panic!("expected a MigrationSql error, got {other:?}"),
    }
    match from_sql(
        "create table t (id int);\nselect 'unterminated;\n",
        "x.sql",
        &["public"],
    ) {
        Err(Error::MigrationSql { line: 2, .. }) => {}
        other => panic!("expected a tokenizer error on line 2, got {other:?}"),
    }
    match from_sql("create tabel t (id int);", "y.sql", &["public"]) {
        Err(e @ Error::MigrationSql { .. }) => {
            assert!(e.to_string().starts_with("y.sql:1:"), "{e}")
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn files_apply_in_file_name_order() {
    let dir = std::env::temp_dir().join(format!("mig_order_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Written in reverse order; the ALTER only works after the CREATE.
    std::fs::write(
        dir.join("0002_alter.sql"),
        "alter table t add column b text;",
    )
    .unwrap();
    std::fs::write(dir.join("0001_create.sql"), "create table t (a int);").unwrap();
    std::fs::write(dir.join("notes.txt"), "not sql").unwrap();
    let (model, warnings) = from_migrations_dir(&dir, &["public"]).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let t = model.schema("public").unwrap().relation("t").unwrap();
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
}

#[test]
fn drop_and_alter_effects() {
    let (model, warnings) = from_files(
        &[
            (
                "1.sql",
                "create table p (id int primary key, code text);
                 create table c (id int, p_id int references p, extra int);
                 create type gone as enum ('x');",
            ),
            (
                "2.sql",
                "alter table c drop column extra;
                 alter table c add primary key (id);
                 alter table c rename to children;
                 alter table p rename column id to pid;
                 alter table p alter column code set not null;
                 alter table p alter column code type varchar(10);
                 alter table children drop constraint c_p_id_fkey;
                 drop type gone;
                 alter table p disable row level security;",
            ),
        ],
        &["public"],
    )
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let public = model.schema("public").unwrap();
    assert!(public.enum_type("gone").is_none());
    let children = public.relation("children").unwrap();
    assert!(children.column("extra").is_none());
    assert_eq!(children.primary_key.as_ref().unwrap().name, "c_pkey");
    assert!(children.foreign_keys.is_empty());
    let p = public.relation("p").unwrap();
    assert_eq!(p.primary_key.as_ref().unwrap().columns, ["pid"]);
    let code = p.column("code").unwrap();
    assert!(!code.nullable);
    assert_eq!(code.sql_type, "character varying(10)");
}

#[test]
fn unknown_schema_is_an_error() {
    assert!(matches!(
        from_sql("create table t (id int);", "a.sql", &["api"]),
        Err(Error::SchemaNotFound(s)) if s == "api"
    ));
}

#[test]
fn do_blocks_run_as_the_database_runs_them() {
    let sql = "create type mood as enum ('sad');\n\
        do $$ begin create type mood as enum ('x'); exception when sqlstate '42710' then null; end $$;\n\
        do $$ begin\n\
          if to_regclass('public.t') is null then execute 'create table t (id int)'; end if;\n\
          if exists (select 1 from pg_enum e join pg_type t on t.oid = e.enumtypid\n\
                     where t.typname = 'mood' and e.enumlabel = 'sad') then\n\
            alter table t add column m mood;\n\
          elsif true then\n\
            alter table t add column never int;\n\
          else\n\
            alter table t add column nope int;\n\
          end if;\n\
        end $$;\n\
        do $$ declare n int := 0; begin\n\
          begin alter table t add column id int; exception when others then n := 1; end;\n\
          if current_setting('app.flag', true) = 'on' then create table flagged (id int); end if;\n\
        end $$;\n\
        do $$ begin alter table t add column id int; exception when undefined_table then null; end $$;\n";
    let (model, warnings) = from_sql(sql, "0001_do.sql", &["public"]).unwrap();
    let public = model.schema("public").unwrap();
    assert_eq!(public.enum_type("mood").unwrap().labels, ["sad"]);
    let t = public.relation("t").unwrap();
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "m"]);
    // An unknowable guard whose branch changes the model is a warning (assumed false);
    // an error no handler catches is two: the failing statement and the DO block.
    assert!(public.relation("flagged").is_none());
    let lines: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].starts_with("0001_do.sql:16:4: IF condition"),
        "{lines:#?}"
    );
    assert!(
        lines[1].contains("column t.id already exists"),
        "{lines:#?}"
    );
    assert!(
        lines[2].contains("DO block raises duplicate_column"),
        "{lines:#?}"
    );
}

#[test]
fn raise_in_a_do_block_rolls_back_to_its_handler() {
    let sql = "create table t (id int);\n\
        do $$ begin\n\
          begin alter table t add column a int; raise exception 'stop'; exception when others then null; end;\n\
          raise notice 'fine';\n\
          alter table t add column b int;\n\
        end $$;\n\
        do $$ begin case 1 when 1 then null; end case; end $$;\n";
    let (model, warnings) = from_sql(sql, "r.sql", &["public"]).unwrap();
    let t = model.schema("public").unwrap().relation("t").unwrap();
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "b"]);
    // PL/pgSQL that is not interpreted is a warning at its own position, never an error.
    let lines: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("r.sql:7:13: a CASE statement"),
        "{lines:#?}"
    );
}
