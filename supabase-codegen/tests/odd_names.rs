//! Names that do not fit Rust (`tests/fixtures/odd-names/0001_odd_names.sql`: spaces, dashes,
//! uppercase, accents and other scripts, keywords, leading digits, colliding pairs) get valid,
//! unique Rust names, and the real names are kept for serde and PostgREST.
//!
//! The SQL is loaded into a fresh database and introspected; the model must equal the committed
//! `tests/snapshots/odd_names.schema.json` and the generated code the committed
//! `tests/snapshots/odd_names.rs`, which the `generated-fixture` crate compiles and uses against
//! the real PostgREST (`cargo test -p generated-fixture --test odd_names`).
//!
//! Re-bless after an intended change: `BLESS=1 cargo test -p supabase-codegen --test odd_names`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::{Path, PathBuf};

use supabase_codegen::{emit, EmitOptions, SchemaModel};

fn here(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

async fn live_model() -> SchemaModel {
    let db = supabase_tests::database();
    let name = format!("odd_names_{}", std::process::id());
    db.psql(&format!("drop database if exists {name} with (force)"));
    db.psql(&format!("create database {name}"));
    let base = db.superuser_url.rsplit_once('/').unwrap().0.to_string();
    let (mut client, connection) =
        tokio_postgres::connect(&format!("{base}/{name}"), tokio_postgres::NoTls)
            .await
            .unwrap();
    tokio::spawn(connection);
    let sql = std::fs::read_to_string(here("tests/fixtures/odd-names/0001_odd_names.sql")).unwrap();
    client.batch_execute(&sql).await.unwrap();
    let model = supabase_codegen::source::live::introspect(&mut client, &["odd_names"])
        .await
        .unwrap();
    drop(client);
    db.psql(&format!("drop database {name} with (force)"));
    model
}

fn same_as_committed(path: &Path, fresh: &str) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, fresh).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} differs from what is generated now; re-bless with BLESS=1 if intended",
        path.display()
    );
}

/// The lines of `code` between `start` and the next line equal to `end`.
fn block<'a>(code: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    let mut lines = code.lines().skip_while(|l| !l.contains(start));
    let _ = lines
        .next()
        .unwrap_or_else(|| panic!("no `{start}` in the code"));
    lines.take_while(|l| l.trim() != end).collect()
}

#[tokio::test]
async fn odd_names_get_valid_unique_rust_names_and_keep_their_own() {
    let model = live_model().await;
    same_as_committed(
        &here("tests/snapshots/odd_names.schema.json"),
        &model.to_snapshot_json(),
    );
    let code = emit::generate(&model, &EmitOptions::new()).unwrap();
    same_as_committed(&here("tests/snapshots/odd_names.rs"), &code);

    // The row of "User Profiles": one field per column, each renamed to the real column.
    let profiles = &code[code.find("pub mod user_profiles {").unwrap()..];
    let row = block(profiles, "pub struct Row {", "}").join("\n");
    let fields: Vec<(&str, &str)> = row
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("pub "))
        .map(|l| l.trim_start_matches("pub ").split_once(':').unwrap())
        .collect();
    let idents: Vec<&str> = fields.iter().map(|f| f.0).collect();
    assert_eq!(
        idents,
        [
            "id",
            "zip_code",
            "e_mail",
            "user_id_2",
            "user_id",
            "user_id_3",
            "r#type",
            "select",
            "order",
            "limit",
            "_1st_place",
            "naive",
            "u540d_u524d",
            "self_",
            "a_b",
            "strasse",
            "mood"
        ],
        "{row}"
    );
    for column in [
        "ID",
        "zip code",
        "e-mail",
        "userId",
        "user_id",
        "UserID",
        "type",
        "select",
        "order",
        "limit",
        "1st place",
        "naïve",
        "名前",
        "self",
        "a.b",
        "Straße",
        "mood",
    ] {
        assert!(
            row.contains(&format!("#[serde(rename = {column:?})]")),
            "no rename to {column:?} in\n{row}"
        );
    }

    // Relations whose names collide: `line_items` keeps its name, `Line-Items` takes a suffix.
    let line_items = &code[code.find("    pub mod line_items_2 {\n").unwrap()..];
    assert!(line_items.contains("pub const NAME: &str = \"Line-Items\";"));
    let line_items = &code[code.find("    pub mod line_items {\n").unwrap()..];
    assert!(line_items.contains("pub const NAME: &str = \"line_items\";"));
    assert!(code.contains("    pub mod order {\n"), "{code}");
    assert!(code.contains("    pub mod zip_codes {\n"), "{code}");
    // Enum labels: unique variants, the label kept.
    let mood = block(&code, "pub enum MoodKind {", "}").join("\n");
    for (label, variant) in [
        ("très bien", "TresBien"),
        ("not-ok", "NotOk"),
        ("OK", "Ok"),
        ("ok", "Ok2"),
        ("1st", "_1st"),
        ("type", "Type"),
        ("a,b.c", "ABC"),
        ("say \"hi\"", "SayHi"),
    ] {
        assert!(
            mood.contains(&format!("#[serde(rename = {label:?})]\n        {variant},")),
            "{label} → {variant} in\n{mood}"
        );
    }
    // Functions whose names collide: `getUser` and `get_user`.
    assert!(code.contains("pub struct GetUserArgs {"), "{code}");
    assert!(code.contains("pub struct GetUser2Args {"), "{code}");
    assert!(
        code.contains("pub const GET_USER_ALLOWS_GET: bool"),
        "{code}"
    );
    assert!(
        code.contains("pub const GET_USER_2_ALLOWS_GET: bool"),
        "{code}"
    );
}
