//! Which schemas PostgREST serves. A request names its schema in the `Accept-Profile` /
//! `Content-Profile` header, and PostgREST answers only for the schemas of its `db-schemas`
//! setting; a snapshot may hold others (`auth`, a `private` schema dumped for its types).
//!
//! `SUPABASE_EXPOSED_SCHEMAS` (comma-separated, as PostgREST's `db-schemas`) names them; without
//! it every schema of the snapshot counts as exposed except Supabase's own, which a Supabase
//! project never exposes.

/// Schemas a Supabase project keeps to itself.
const INTERNAL: &[&str] = &[
    "auth",
    "storage",
    "realtime",
    "_realtime",
    "extensions",
    "graphql",
    "vault",
    "pgsodium",
    "pgsodium_masks",
    "supabase_functions",
    "supabase_migrations",
    "net",
    "cron",
    "pgbouncer",
    "pgtle",
    "_analytics",
    "information_schema",
    "pg_catalog",
];

/// Whether PostgREST serves `schema`.
pub(crate) fn is_exposed(schema: &str) -> bool {
    match std::env::var("SUPABASE_EXPOSED_SCHEMAS") {
        Ok(list) if !list.trim().is_empty() => list.split(',').any(|s| s.trim() == schema),
        _ => !INTERNAL.contains(&schema),
    }
}

/// Where the setting lives, for messages.
pub(crate) const HOW: &str = "PostgREST serves only the schemas of its `db-schemas` setting \
(query! reads them from SUPABASE_EXPOSED_SCHEMAS; without it, every schema of the snapshot but \
Supabase's own: auth, storage, realtime, extensions, ...)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supabase_schemas_are_never_exposed_by_default() {
        if std::env::var_os("SUPABASE_EXPOSED_SCHEMAS").is_none() {
            assert!(is_exposed("public"));
            assert!(is_exposed("api2"));
            assert!(!is_exposed("auth"));
            assert!(!is_exposed("storage"));
        }
    }
}
