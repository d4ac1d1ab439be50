//! The Rust code `supabase-codegen` generates for `tests/fixtures/schema.sql` (committed as
//! `supabase-codegen/tests/snapshots/fixture.rs`, kept current by `supabase-codegen/tests/emit.rs`),
//! compiled here so a change that emits invalid Rust fails the test run.

include!("../../../supabase-codegen/tests/snapshots/fixture.rs");

/// The code generated for `supabase-codegen/tests/fixtures/odd-names/0001_odd_names.sql` (names
/// that do not fit Rust), committed as `supabase-codegen/tests/snapshots/odd_names.rs` and kept current by
/// `supabase-codegen/tests/odd_names.rs`; `tests/odd_names.rs` reads and writes every table
/// through PostgREST with it.
pub mod odd {
    include!("../../../supabase-codegen/tests/snapshots/odd_names.rs");
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::public::{countries, scratch, UserStatus};
    use serde_json::json;

    #[test]
    fn insert_leaves_out_unset_optional_columns() {
        let row = scratch::Insert {
            test: "t".into(),
            k: None,
            n: Some(1),
            status: None,
            flag: None,
            tags: None,
            payload: None,
        };
        assert_eq!(
            serde_json::to_value(&row).unwrap(),
            json!({"test": "t", "n": 1})
        );
    }

    #[test]
    fn update_tells_unchanged_from_null() {
        let update = scratch::Update {
            k: Some(None),
            n: Some(Some(2)),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"k": null, "n": 2})
        );
        assert_eq!(
            serde_json::to_value(scratch::Update::default()).unwrap(),
            json!({})
        );
    }

    #[test]
    fn rows_and_enums_decode_from_postgrest_json() {
        let status: UserStatus = serde_json::from_value(json!("ONLINE")).unwrap();
        assert_eq!(status, UserStatus::Online);
        assert_eq!(countries::NAME, "countries");
        assert_eq!(countries::PRIMARY_KEY, &["id"]);
    }
}
