//! The emitter's output for the fixture snapshot equals the committed
//! `tests/snapshots/fixture.rs` (which the `generated-fixture` crate compiles).
//!
//! Re-bless after an intended change: `BLESS=1 cargo test -p supabase-codegen --test emit`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;

use supabase_codegen::{emit, EmitOptions, SchemaModel};

fn fixture_model() -> SchemaModel {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let json = std::fs::read_to_string(dir.join("fixture.schema.json")).unwrap();
    SchemaModel::from_snapshot_json(&json).unwrap()
}

#[test]
fn generated_code_matches_the_committed_snapshot() {
    let code = emit::generate(&fixture_model(), &EmitOptions::new()).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/fixture.rs");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &code).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == code,
        "generated code differs from {}; re-bless with BLESS=1 if intended",
        path.display()
    );
    // Deterministic.
    assert_eq!(
        code,
        emit::generate(&fixture_model(), &EmitOptions::new()).unwrap()
    );
}

#[test]
fn insert_and_update_follow_identity_generated_and_nullability() {
    let code = emit::generate(&fixture_model(), &EmitOptions::new()).unwrap();
    let scratch = code
        .split("pub mod scratch {")
        .nth(2)
        .expect("public.scratch module");
    let insert = scratch.split("pub struct Insert {").nth(1).unwrap();
    let insert = &insert[..insert.find("\n        }").unwrap()];
    // Identity ALWAYS `id` is absent from Insert; `test` (NOT NULL, no default) is required.
    assert!(!insert.contains("pub id:"), "{insert}");
    assert!(insert.contains("pub test: String,"), "{insert}");
    assert!(insert.contains("pub k: Option<String>,"), "{insert}");
    let update = scratch.split("pub struct Update {").nth(1).unwrap();
    assert!(
        update.contains("pub k: Option<Option<String>>,"),
        "{update}"
    );
    assert!(update.contains("pub test: Option<String>,"), "{update}");
    // The generated `search` tsvector column of countries is in Row only.
    let countries = code.split("pub mod countries {").nth(1).unwrap();
    let countries = &countries[..countries.find("\n    }\n").unwrap()];
    assert_eq!(countries.matches("pub search:").count(), 1, "{countries}");
}

#[test]
fn overrides_replace_the_default_map() {
    let options = EmitOptions::new()
        .column_type("public.countries.meta", "crate::Meta")
        .pg_type("pg_catalog.numeric", "rust_decimal::Decimal");
    let code = emit::generate(&fixture_model(), &options).unwrap();
    assert!(code.contains("pub meta: Option<crate::Meta>,"));
    assert!(code.contains("Option<rust_decimal::Decimal>"));
}

/// The module of `schema.relation` in the generated code.
fn module<'a>(code: &'a str, schema: &str, relation: &str) -> &'a str {
    let schema_start = code.find(&format!("pub mod {schema} {{")).unwrap();
    let code = &code[schema_start..];
    let start = code.find(&format!("    pub mod {relation} {{")).unwrap();
    let rest = &code[start..];
    &rest[..rest.find("\n    }\n").unwrap()]
}

#[test]
fn every_row_of_the_type_map() {
    let code = emit::generate(&fixture_model(), &EmitOptions::new()).unwrap();
    let t = "::supabase_core::types::";
    let samples = module(&code, "public", "type_samples");
    let more = module(&code, "public", "cg_more_types");
    for (field, ty) in [
        ("b", "bool".to_owned()),
        ("i2", "i16".to_owned()),
        ("i4", "i32".to_owned()),
        ("i8", "i64".to_owned()),
        ("f4", format!("{t}Float4")),
        ("f8", format!("{t}Float8")),
        ("num", format!("{t}Numeric")),
        ("txt", "String".to_owned()),
        ("vc", "String".to_owned()),
        ("ch", "String".to_owned()),
        ("uid", format!("{t}Uuid")),
        ("bin", format!("{t}Bytea")),
        ("d", format!("{t}Date")),
        ("t", format!("{t}Time")),
        ("ts", format!("{t}Timestamp")),
        ("tstz", format!("{t}Timestamptz")),
        ("iv", format!("{t}Interval")),
        ("j", "serde_json::Value".to_owned()),
        ("jb", "serde_json::Value".to_owned()),
        ("ints", "Vec<Option<i32>>".to_owned()),
        ("status", "super::super::public::UserStatus".to_owned()),
        ("ip", format!("{t}Inet")),
        ("mail", "String".to_owned()),
        ("addr", "super::super::public::Address".to_owned()),
        ("r", format!("{t}PgRange<i32>")),
    ] {
        let line = format!("pub {field}: Option<{ty}>,");
        assert!(samples.contains(&line), "{line}\n{samples}");
    }
    for (field, ty) in [
        ("m", "String".to_owned()),
        ("nm", "String".to_owned()),
        ("ci", "String".to_owned()),
        ("tz", format!("{t}TimeTz")),
        ("i8r", format!("{t}PgRange<i64>")),
        ("net", format!("{t}Cidr")),
        ("mac", format!("{t}MacAddr")),
        ("mac8", format!("{t}MacAddr8")),
        ("scaled", format!("{t}Numeric")),
        ("bins", format!("Vec<Option<{t}Bytea>>")),
        (
            "prios",
            "Vec<Option<super::super::public::CgPriority>>".to_owned(),
        ),
    ] {
        let line = format!("pub {field}: Option<{ty}>,");
        assert!(more.contains(&line), "{line}\n{more}");
    }
    // A NOT NULL domain makes the column required; ranges over timestamps use chrono.
    assert!(more.contains("pub pos: i32,"), "{more}");
    let flat: String = more.split_whitespace().collect();
    assert!(flat.contains(&format!(
        "pubtstzr:Option<{t}PgRange<{t}chrono::DateTime<{t}chrono::Utc,>,>,>,"
    )));
    // An enum label with a space.
    assert!(code.contains("#[serde(rename = \"very high\")]\n        VeryHigh,"));
    // Options: Decimal, non-null array elements.
    let code = emit::generate(
        &fixture_model(),
        &EmitOptions::new()
            .decimal(true)
            .non_null_array_elements(true),
    )
    .unwrap();
    let samples = module(&code, "public", "type_samples");
    assert!(samples.contains(&format!("pub num: Option<{t}Decimal>,")));
    assert!(samples.contains("pub ints: Option<Vec<i32>>,"));
}

#[test]
fn views_are_writable_only_when_updatable() {
    let code = emit::generate(&fixture_model(), &EmitOptions::new()).unwrap();
    let traits = |m: &str| {
        (
            m.contains("::supabase_core::Table\n") && m.contains("columns = \"columns\""),
            m.contains("pub struct Insert {") && m.contains("insert = Insert"),
            m.contains("pub struct Update {") && m.contains("update = Update"),
        )
    };
    assert_eq!(
        traits(module(&code, "public", "countries")),
        (true, true, true)
    );
    assert_eq!(
        traits(module(&code, "public", "cg_site_names")),
        (true, true, true)
    );
    assert_eq!(
        traits(module(&code, "public", "cg_sites_per_zone")),
        (true, false, false)
    );
    assert_eq!(
        traits(module(&code, "public", "cg_zone_names")),
        (true, false, false)
    );
    // Identity ALWAYS and generated columns are not inserted; BY DEFAULT identity is optional.
    let defaults = module(&code, "public", "cg_defaults");
    let insert = &defaults[defaults.find("pub struct Insert {").unwrap()..];
    let insert = &insert[..insert.find('}').unwrap()];
    assert!(
        !insert.contains("pub id:") && !insert.contains("pub label_upper:"),
        "{insert}"
    );
    assert!(insert.contains("pub code: Option<i32>,"), "{insert}");
    assert!(
        insert.contains("pub flags: Option<Vec<Option<bool>>>,"),
        "{insert}"
    );
    // Named multi-column foreign keys, two between the same pair of tables.
    let sites = module(&code, "public", "cg_sites");
    assert!(sites.contains("constraint: \"cg_sites_backup_fkey\""));
    assert!(sites.contains("constraint: \"cg_sites_main_fkey\""));
    let flat: String = sites.split_whitespace().collect();
    assert!(
        flat.contains("columns:&[\"main_zone\",\"main_num\"],"),
        "{sites}"
    );
    let details: String = module(&code, "public", "cg_region_details")
        .split_whitespace()
        .collect();
    assert!(details.contains("one_to_one:true"));
}

#[test]
fn function_result_types() {
    let code = emit::generate(&fixture_model(), &EmitOptions::new()).unwrap();
    let flat: String = code.split_whitespace().collect();
    for expected in [
        "pubtypeAddReturns=Option<i32>;",
        "pubtypeCountriesByContinentReturns=Vec<super::super::public::countries::Row>;",
        "pubtypeCountryByCodeReturns=Option<super::super::public::countries::Row>;",
        "pubtypeContinentStatsReturns=Vec<ContinentStatsRow>;",
        "pubstructContinentStatsRow{",
        "pubtypeCgSeriesReturns=Vec<Option<i32>>;",
        "pubtypeCgSplitReturns=CgSplitRow;",
        "pubtypeCgMakeAddressReturns=Option<super::super::public::Address>;",
        "pubtypeCgArea1Returns=Option<::supabase_core::types::Float8>;",
        "pubtypeCgArea2Returns=Option<i32>;",
        "pubtypeRaiseErrorReturns=();",
        "impl::supabase_core::FunctionforAddArgs{",
        "impl::supabase_core::ReadOnlyFunctionforAddArgs{}",
        "pubconstADD_ALLOWS_GET:bool=true;",
        "pubconstBUMP_COUNTER_ALLOWS_GET:bool=false;",
        "pubconstCG_AREA1_ALLOWS_GET:bool=true;",
    ] {
        assert!(flat.contains(expected), "{expected}");
    }
    // Volatile: no ReadOnlyFunction. Unnamed argument: no Function impl.
    assert!(flat.contains("impl::supabase_core::FunctionforBumpCounterArgs{"));
    assert!(!flat.contains("ReadOnlyFunctionforBumpCounterArgs"));
    assert!(!flat.contains("FunctionforEchoBodyArgs"));
}

/// The emitter prints its code formatted itself; it must be exactly what prettyplease prints for
/// the same code (parsed with syn), on every committed model.
#[test]
fn the_output_is_what_prettyplease_prints() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for (file, options) in [
        ("fixture.schema.json", EmitOptions::new()),
        (
            "fixture.schema.json",
            EmitOptions::new()
                .decimal(true)
                .non_null_array_elements(true)
                .column_type("public.countries.meta", "std::collections::BTreeMap<String, Vec<Option<::supabase_core::types::chrono::NaiveDateTime>>>"),
        ),
        ("odd_names.schema.json", EmitOptions::new()),
    ] {
        let json = std::fs::read_to_string(dir.join(file)).unwrap();
        let model = SchemaModel::from_snapshot_json(&json).unwrap();
        let code = emit::generate(&model, &options).unwrap();
        let (header, body) = code.split_at(code.find("\n\n").unwrap() + 2);
        let pretty = prettyplease::unparse(&syn::parse_file(body).unwrap());
        if body != pretty {
            let line = body
                .lines()
                .zip(pretty.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let show = |text: &str| text.lines().skip(line.saturating_sub(3)).take(12).collect::<Vec<_>>().join("\n");
            panic!(
                "{file}: the output differs from prettyplease's at line {}:\nours:\n{}\nprettyplease:\n{}",
                line + 1 + header.lines().count(),
                show(body),
                show(&pretty)
            );
        }
    }
}

#[test]
fn an_override_that_is_not_a_rust_type_is_an_error() {
    let options = EmitOptions::new().column_type("public.countries.meta", "not a type!");
    let err = emit::generate(&fixture_model(), &options).unwrap_err();
    assert!(err.to_string().contains("not a type!"), "{err}");
}
