//! The exported schema JSON: a versioned, deterministic snapshot of a [`SchemaModel`] that
//! projects commit.

use serde::Deserialize;

use super::{SchemaModel, FORMAT_VERSION};
use crate::error::{Error, Result};

/// Reads only the version, so that a snapshot of another version is refused with a clear message
/// instead of whatever field it fails on.
#[derive(Deserialize)]
struct VersionProbe {
    format_version: serde_json::Value,
}

impl SchemaModel {
    /// The model as the snapshot JSON: normalized (see [`SchemaModel::normalize`]), pretty-printed
    /// with two-space indentation, every field present, ending in a newline. The same database
    /// always gives the same bytes.
    ///
    /// ```
    /// use supabase_codegen::{Schema, SchemaModel};
    ///
    /// let mut model = SchemaModel::new();
    /// model.schemas.push(Schema::new("public"));
    /// let json = model.to_snapshot_json();
    /// assert!(json.starts_with("{\n  \"format_version\": 1,"));
    /// assert_eq!(SchemaModel::from_snapshot_json(&json)?, model);
    /// # Ok::<(), supabase_codegen::Error>(())
    /// ```
    pub fn to_snapshot_json(&self) -> String {
        let mut model = self.clone();
        model.normalize();
        // Serializing plain structs, enums, strings and numbers into a String cannot fail.
        let mut json =
            serde_json::to_string_pretty(&model).expect("the schema model always serializes");
        json.push('\n');
        json
    }

    /// Reads a snapshot written by [`SchemaModel::to_snapshot_json`] (or by hand), and
    /// normalizes it.
    ///
    /// # Errors
    ///
    /// [`Error::SnapshotJson`] with the line and column for malformed JSON, a missing or unknown
    /// field, or a value of the wrong type; [`Error::UnsupportedFormatVersion`] when
    /// `format_version` is not [`FORMAT_VERSION`].
    ///
    /// ```
    /// use supabase_codegen::{Error, SchemaModel};
    ///
    /// let err = SchemaModel::from_snapshot_json("{\"format_version\": 99, \"schemas\": []}")
    ///     .unwrap_err();
    /// assert!(matches!(err, Error::UnsupportedFormatVersion { .. }));
    ///
    /// let err = SchemaModel::from_snapshot_json("{\n  \"format_version\": 1,\n  \"schemas\": 3\n}")
    ///     .unwrap_err();
    /// assert!(matches!(err, Error::SnapshotJson { line: 3, .. }), "{err}");
    /// ```
    pub fn from_snapshot_json(json: &str) -> Result<SchemaModel> {
        // One pass over the text when it reads (`query!` loads a snapshot of megabytes once per
        // crate); the version alone is probed only to explain a snapshot that does not read.
        let parsed: std::result::Result<SchemaModel, _> = serde_json::from_str(json);
        let version_error = |found: &serde_json::Value| Error::UnsupportedFormatVersion {
            found: found.to_string(),
            supported: FORMAT_VERSION,
        };
        match parsed {
            Ok(mut model) => {
                if model.format_version != FORMAT_VERSION {
                    return Err(version_error(&serde_json::Value::from(
                        model.format_version,
                    )));
                }
                model.normalize();
                Ok(model)
            }
            Err(err) => {
                let probe: VersionProbe =
                    serde_json::from_str(json).map_err(Error::snapshot_json)?;
                if probe.format_version.as_u64() != Some(u64::from(FORMAT_VERSION)) {
                    return Err(version_error(&probe.format_version));
                }
                Err(Error::snapshot_json(err))
            }
        }
    }
}
