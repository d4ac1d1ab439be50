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
    exposed_in(
        std::env::var("SUPABASE_EXPOSED_SCHEMAS").ok().as_deref(),
        schema,
    )
}

/// Whether `schema` is in the `db-schemas`-style `list`, or not one of Supabase's own without it.
fn exposed_in(list: Option<&str>, schema: &str) -> bool {
    match list {
        Some(list) if !list.trim().is_empty() => list.split(',').any(|s| s.trim() == schema),
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
        assert!(exposed_in(None, "public"));
        assert!(exposed_in(None, "api2"));
        assert!(!exposed_in(None, "auth"));
        assert!(!exposed_in(Some(""), "storage"));
    }

    #[test]
    fn the_list_names_the_exposed_schemas() {
        let list = Some("public, api");
        assert!(exposed_in(list, "public"));
        assert!(exposed_in(list, "api"));
        assert!(!exposed_in(list, "private"));
        assert!(!exposed_in(list, "auth"));
    }
}
