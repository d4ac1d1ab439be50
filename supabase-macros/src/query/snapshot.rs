//! Finding and loading the schema snapshot: `SUPABASE_SCHEMA` (relative to the crate's
//! `CARGO_MANIFEST_DIR`), else `$CARGO_MANIFEST_DIR/supabase/schema.json`. Parsed models are
//! cached per (path, modification time) for the life of the compiler process.
//!
//! Editing the snapshot must re-run the macros of the crates that read it. Stable Rust has no
//! `proc_macro::tracked_path`, so one expansion per crate emits `include_bytes!` of the snapshot,
//! which puts the file in the crate's dep-info (cargo then rebuilds the crate when it changes).
//! Once per crate is enough: the dependency is the crate's, not the call's, and each crate is
//! compiled by its own compiler process, whose expansions all run again on every build. Emitting
//! it in every expansion cost a copy of the whole file per call.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use supabase_codegen::SchemaModel;

/// A loaded snapshot, the absolute path it came from and its modification time.
pub(crate) struct Snapshot {
    pub(crate) path: PathBuf,
    pub(crate) model: Arc<SchemaModel>,
    pub(crate) modified: Option<SystemTime>,
}

type Cache = Mutex<HashMap<(PathBuf, Option<SystemTime>), Arc<SchemaModel>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Whether this expansion is the first of its crate to use `path` (it then emits the tracking).
/// Keyed by crate too, for a compiler process that expands several crates (rust-analyzer).
pub(crate) fn first_use(path: &Path, modified: Option<SystemTime>) -> bool {
    type Seen = Mutex<HashSet<(String, String, PathBuf, Option<SystemTime>)>>;
    static SEEN: OnceLock<Seen> = OnceLock::new();
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let key = (
        var("CARGO_MANIFEST_DIR"),
        var("CARGO_CRATE_NAME"),
        path.to_path_buf(),
        modified,
    );
    match SEEN.get_or_init(|| Mutex::new(HashSet::new())).lock() {
        Ok(mut seen) => seen.insert(key),
        // A poisoned lock: track again rather than risk not tracking.
        Err(_) => true,
    }
}

/// The snapshot path this crate's `query!` reads.
pub(crate) fn locate() -> Result<PathBuf, String> {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    match std::env::var_os("SUPABASE_SCHEMA") {
        Some(path) if !path.is_empty() => {
            let path = PathBuf::from(path);
            if path.is_absolute() {
                Ok(path)
            } else {
                match manifest {
                    Some(dir) => Ok(dir.join(path)),
                    None => Err(format!(
                        "SUPABASE_SCHEMA is the relative path `{}` but CARGO_MANIFEST_DIR is not set",
                        path.display()
                    )),
                }
            }
        }
        _ => match manifest {
            Some(dir) => Ok(dir.join("supabase").join("schema.json")),
            None => Err(
                "cannot find the schema snapshot: set SUPABASE_SCHEMA to its path (CARGO_MANIFEST_DIR is not set either)"
                    .to_owned(),
            ),
        },
    }
}

/// Loads (or takes from the cache) the snapshot at `path`.
pub(crate) fn load(path: &Path) -> Result<Snapshot, String> {
    let path = std::fs::canonicalize(path).map_err(|e| {
        format!(
            "cannot read the schema snapshot `{}`: {e}\n  (query! reads the path in SUPABASE_SCHEMA, else `supabase/schema.json` in the crate; write it with `supabase-codegen dump`)",
            path.display()
        )
    })?;
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    let key = (path.clone(), modified);
    if let Ok(cache) = cache().lock() {
        if let Some(model) = cache.get(&key) {
            return Ok(Snapshot {
                path,
                model: Arc::clone(model),
                modified,
            });
        }
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the schema snapshot `{}`: {e}", path.display()))?;
    let model = SchemaModel::from_snapshot_json(&text).map_err(|e| {
        format!(
            "the schema snapshot `{}` is not a valid snapshot: {e}",
            path.display()
        )
    })?;
    let model = Arc::new(model);
    if let Ok(mut cache) = cache().lock() {
        cache.insert(key, Arc::clone(&model));
    }
    Ok(Snapshot {
        path,
        model,
        modified,
    })
}
