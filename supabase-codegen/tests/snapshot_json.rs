//! The snapshot JSON without a database: errors carry line:column, other format versions are
//! refused, and reading normalizes.

#![allow(clippy::unwrap_used, missing_docs)]

use supabase_codegen::{Column, Error, Relation, RelationKind, Schema, SchemaModel, TypeRef};

fn small_model() -> SchemaModel {
    let mut table = Relation::new("things", RelationKind::Table);
    table
        .columns
        .push(Column::new("name", 2, TypeRef::base("text"), "text"));
    table
        .columns
        .push(Column::new("id", 1, TypeRef::base("int8"), "bigint"));
    let mut public = Schema::new("public");
    public.relations.push(table);
    public
        .relations
        .push(Relation::new("a_view", RelationKind::View));
    let mut model = SchemaModel::new();
    model.schemas.push(public);
    model.schemas.push(Schema::new("api"));
    model
}

#[test]
fn writing_normalizes_and_reading_gives_the_same_model() {
    let model = small_model();
    let json = model.to_snapshot_json();
    assert!(json.ends_with("}\n"));
    let read = SchemaModel::from_snapshot_json(&json).unwrap();
    let mut normalized = model.clone();
    normalized.normalize();
    assert_eq!(read, normalized);
    assert_ne!(read, model, "the unsorted model is not normalized");
    let schemas: Vec<&str> = read.schemas.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(schemas, ["api", "public"]);
    let public = read.schema("public").unwrap();
    assert_eq!(public.relations[0].name, "a_view");
    let columns: Vec<&str> = public.relations[1]
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(columns, ["id", "name"]);
    assert_eq!(read.to_snapshot_json(), json);
}

#[test]
fn unknown_format_version_is_refused_clearly() {
    for (version, shown) in [("2", "2"), ("0", "0"), ("\"1\"", "\"1\""), ("null", "null")] {
        let json = format!("{{\"format_version\": {version}, \"schemas\": {{\"whatever\": 1}}}}");
        let err = SchemaModel::from_snapshot_json(&json).unwrap_err();
        match &err {
            Error::UnsupportedFormatVersion { found, supported } => {
                assert_eq!((found.as_str(), *supported), (shown, 1));
            }
            other => panic!("{version}: unexpected {other:?}"),
        }
        assert!(
            err.to_string().starts_with(&format!(
                "unsupported schema snapshot format_version {shown}: this supabase-codegen reads version 1"
            )),
            "{err}"
        );
    }
}

fn json_error(json: &str) -> (usize, usize, String) {
    match SchemaModel::from_snapshot_json(json).unwrap_err() {
        Error::SnapshotJson {
            line,
            column,
            message,
            ..
        } => (line, column, message),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn malformed_json_reports_line_and_column() {
    let (line, column, message) = json_error("{\n  \"format_version\": 1,\n  \"schemas\": [,]\n}");
    assert_eq!((line, column), (3, 15));
    assert_eq!(message, "expected value");

    let (line, _, message) = json_error("{\n  \"schemas\": []\n}");
    assert_eq!(line, 3);
    assert_eq!(message, "missing field `format_version`");
}

#[test]
fn a_wrong_field_deep_inside_reports_its_line() {
    let mut json = small_model().to_snapshot_json();
    json = json.replacen("\"nullable\": true", "\"nullable\": \"yes\"", 1);
    let expected_line = json.lines().position(|l| l.contains("\"yes\"")).unwrap() + 1;
    let (line, _, message) = json_error(&json);
    assert_eq!(line, expected_line);
    assert!(
        message.starts_with("invalid type: string \"yes\", expected a boolean"),
        "{message}"
    );

    let json = small_model()
        .to_snapshot_json()
        .replacen("\"rls_enabled\"", "\"rls\"", 1);
    let (line, _, message) = json_error(&json);
    assert!(line > 1);
    assert!(message.starts_with("unknown field `rls`"), "{message}");

    let json =
        small_model()
            .to_snapshot_json()
            .replacen("\"kind\": \"base\"", "\"kind\": \"bogus\"", 1);
    let (_, _, message) = json_error(&json);
    assert!(message.starts_with("unknown variant `bogus`"), "{message}");
}

#[test]
fn error_message_names_the_position_once() {
    let err =
        SchemaModel::from_snapshot_json("{\"format_version\": 1, \"schemas\": 3}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid schema snapshot JSON at 1:34: invalid type: integer `3`, expected a sequence"
    );
}
