//! Never wrong in silence: a type the migrations source cannot resolve is a warning with
//! file:line:column, the column's model type is `unknown`, the generated field is
//! `serde_json::Value` with a doc comment saying why, and strict mode (`Builder::strict`,
//! `--strict`) turns every warning into an error.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;
use std::process::Command;

use supabase_codegen::source::migrations::from_files;
use supabase_codegen::{EmitOptions, Error, TypeRef};

const SQL: &str = "create table places (\n    id bigint primary key,\n    shape geometry(Point, 4326),\n    tags citext[]\n);\n\ncreate view place_areas as\n    select id, st_area(shape) as area, count(*) over () as total from places;\n";

fn migrations_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("unknown_types_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("0001_places.sql"), SQL).unwrap();
    dir
}

#[test]
fn unresolved_types_are_unknown_with_a_positioned_warning() {
    let (model, warnings) = from_files(&[("0001_places.sql", SQL)], &["public"]).unwrap();
    let lines: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].starts_with("0001_places.sql:3:5: column places.shape: unknown type `geometry"),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with("0001_places.sql:4:5: column places.tags"),
        "{lines:#?}"
    );
    assert!(
        lines[2].starts_with("0001_places.sql:8:16: view place_areas: column area"),
        "{lines:#?}"
    );
    let public = model.schema("public").unwrap();
    let places = public.relation("places").unwrap();
    let shape = places.column("shape").unwrap();
    assert!(matches!(&shape.type_ref, TypeRef::Unknown { reason } if reason.contains("geometry")));
    assert!(places
        .column("tags")
        .unwrap()
        .type_ref
        .unknown_reason()
        .is_some());
    // The rest of the table and the view are still modeled.
    assert_eq!(places.column("id").unwrap().type_ref, TypeRef::base("int8"));
    let view = public.relation("place_areas").unwrap();
    let names: Vec<&str> = view.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "area", "total"]);
    assert!(view
        .column("area")
        .unwrap()
        .type_ref
        .unknown_reason()
        .is_some());
    assert_eq!(
        view.column("total").unwrap().type_ref,
        TypeRef::base("int8")
    );

    // Serialized as `{"kind":"unknown","reason":..}` and read back.
    let json = model.to_snapshot_json();
    assert!(json.contains("\"kind\": \"unknown\""), "{json}");
    assert_eq!(
        supabase_codegen::SchemaModel::from_snapshot_json(&json).unwrap(),
        model
    );

    // Emitted as serde_json::Value with the reason, never as a concrete guess.
    let code = supabase_codegen::emit::generate(&model, &EmitOptions::new()).unwrap();
    syn::parse_file(&code).unwrap();
    let field = code
        .split("pub shape:")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap();
    assert_eq!(field.trim(), "Option<serde_json::Value>", "{code}");
    assert!(
        code.contains("The column's type is not known (unknown type `geometry"),
        "{code}"
    );
    assert!(!code.contains("pub shape: Option<String>"), "{code}");
}

#[test]
fn strict_builder_fails_and_writes_nothing() {
    let dir = migrations_dir("builder");
    let out = dir.join("schema.rs");
    let err = supabase_codegen::Builder::new()
        .migrations_dir(&dir)
        .out_file(&out)
        .directives_to(std::io::sink())
        .strict(true)
        .generate()
        .unwrap_err();
    match &err {
        Error::Strict { warnings } => {
            assert_eq!(warnings.len(), 3, "{warnings:#?}");
            assert!(
                warnings[0].contains("0001_places.sql:3:5:"),
                "{warnings:#?}"
            );
        }
        other => panic!("expected Error::Strict, got {other:?}"),
    }
    assert!(!out.exists());
    // Without strict mode the same input generates, with the warnings in the report.
    let report = supabase_codegen::Builder::new()
        .migrations_dir(&dir)
        .out_file(&out)
        .directives_to(std::io::sink())
        .generate()
        .unwrap();
    assert_eq!(report.warnings.len(), 3);
    assert!(out.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn strict_flag_of_the_command_line() {
    let dir = migrations_dir("cli");
    let dir_arg = dir.display().to_string();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_supabase-codegen"))
            .args(["generate", "--migrations-dir", &dir_arg])
            .args(extra)
            .output()
            .unwrap()
    };
    let lenient = run(&[]);
    assert_eq!(lenient.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&lenient.stderr);
    assert!(
        stderr.contains("warning: ") && stderr.contains("0001_places.sql:3:5:"),
        "{stderr}"
    );

    let strict = run(&["--strict"]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(strict.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(
        stderr.contains("error: strict mode: 3 warnings are each an error"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn altered_columns_and_composite_attributes_are_unknown_too() {
    let sql = "create table t (id int, area int);\n\
               alter table t alter column area type geography;\n\
               create type pin as (label text, at geometry);\n";
    let (model, warnings) = from_files(&[("2.sql", sql)], &["public"]).unwrap();
    let lines: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].starts_with("2.sql:2:28: column t.area"),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with("2.sql:3:33: type pin, attribute at"),
        "{lines:#?}"
    );
    let public = model.schema("public").unwrap();
    let area = public.relation("t").unwrap().column("area").unwrap();
    assert!(area.type_ref.unknown_reason().is_some(), "{area:?}");
    let pin = public.composite("pin").unwrap();
    assert!(pin.attributes[1].type_ref.unknown_reason().is_some());
}

#[test]
fn functions_with_unresolved_types_are_kept_with_json_values() {
    let sql = "create function nearby(\n    origin geometry,\n    radius_m double precision\n)\n\
               returns setof geography\nlanguage sql stable\nas $$ select null::geography $$;\n\
               create function place_names(lim int)\nreturns table (name text, shape geometry)\n\
               language sql as $$ select 'x', null::geometry $$;\n";
    let (model, warnings) = from_files(&[("3.sql", sql)], &["public"]).unwrap();
    let lines: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].starts_with("3.sql:2:12: function nearby: unknown type `geometry`"),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with("3.sql:5:15: function nearby: unknown type `geography`"),
        "{lines:#?}"
    );
    assert!(
        lines[2].starts_with("3.sql:9:33: function place_names: unknown type `geometry`"),
        "{lines:#?}"
    );
    let public = model.schema("public").unwrap();
    let nearby = public.functions_named("nearby").next().expect("kept");
    assert!(nearby.args[0].type_ref.unknown_reason().is_some());
    assert_eq!(nearby.args[1].type_ref, TypeRef::base("float8"));
    assert!(nearby.returns.type_ref.unknown_reason().is_some());
    let names = public.functions_named("place_names").next().expect("kept");
    assert!(names.returns.columns[1].type_ref.unknown_reason().is_some());

    let code = supabase_codegen::emit::generate(&model, &EmitOptions::new()).unwrap();
    syn::parse_file(&code).unwrap();
    let field = code
        .split("pub origin:")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap();
    assert_eq!(field.trim(), "serde_json::Value", "{code}");
    assert!(
        code.contains("The argument's type is not known (unknown type `geometry"),
        "{code}"
    );
    assert!(
        code.contains("The result's type is not known (unknown type `geography"),
        "{code}"
    );
}
