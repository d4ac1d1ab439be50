//! What a statement is, from its first words: commands that cannot change the model (ignored
//! silently), kinds whose grammar must parse (a failure is an error), and valid PostgreSQL
//! commands whose parse failure is sqlparser's gap (a warning).

/// Statement starts that cannot change the model: ignored silently.
pub(super) const SILENT: &[&[&str]] = &[
    &["GRANT"],
    &["REVOKE"],
    &["CREATE", "POLICY"],
    &["ALTER", "POLICY"],
    &["DROP", "POLICY"],
    &["CREATE", "INDEX"],
    &["CREATE", "UNIQUE", "INDEX"],
    &["DROP", "INDEX"],
    &["ALTER", "INDEX"],
    &["CREATE", "TRIGGER"],
    &["CREATE", "OR", "REPLACE", "TRIGGER"],
    &["DROP", "TRIGGER"],
    &["CREATE", "ROLE"],
    &["ALTER", "ROLE"],
    &["DROP", "ROLE"],
    &["CREATE", "USER"],
    &["CREATE", "EXTENSION"],
    &["CREATE", "SEQUENCE"],
    &["ALTER", "SEQUENCE"],
    &["DROP", "SEQUENCE"],
    &["CREATE", "PUBLICATION"],
    &["ALTER", "PUBLICATION"],
    &["DROP", "PUBLICATION"],
    &["CREATE", "EVENT", "TRIGGER"],
    &["ALTER", "EVENT", "TRIGGER"],
    &["DROP", "EVENT", "TRIGGER"],
    &["CREATE", "SUBSCRIPTION"],
    &["ALTER", "SUBSCRIPTION"],
    &["DROP", "SUBSCRIPTION"],
    &["DROP", "EXTENSION"],
    &["ALTER", "EXTENSION"],
    &["DROP", "OWNED"],
    &["REASSIGN"],
    &["CREATE", "STATISTICS"],
    &["ALTER", "DEFAULT", "PRIVILEGES"],
    &["CREATE", "PROCEDURE"],
    &["CREATE", "OR", "REPLACE", "PROCEDURE"],
    &["INSERT"],
    &["UPDATE"],
    &["DELETE"],
    &["SELECT"],
    &["SET"],
    &["RESET"],
    &["BEGIN"],
    &["COMMIT"],
    &["END"],
    &["ROLLBACK"],
    &["START"],
    &["TRUNCATE"],
    &["ANALYZE"],
    &["VACUUM"],
    &["NOTIFY"],
    &["REFRESH"],
    &["SECURITY", "LABEL"],
];

/// Statement kinds whose full grammar is expected to parse: a parse failure is an error.
pub(super) const STRICT: &[&[&str]] = &[
    &["CREATE", "TABLE"],
    &["CREATE", "TYPE"],
    &["CREATE", "VIEW"],
    &["CREATE", "OR", "REPLACE", "VIEW"],
    &["CREATE", "MATERIALIZED", "VIEW"],
];

/// Statement starts that are valid Postgres: a parse failure there is a warning, not an error.
const KNOWN_COMMANDS: &[&str] = &[
    "ALTER",
    "CREATE",
    "DROP",
    "COMMENT",
    "CALL",
    "COPY",
    "LOCK",
    "CLUSTER",
    "REINDEX",
    "IMPORT",
    "REASSIGN",
    "LISTEN",
    "PREPARE",
    "EXECUTE",
    "DISCARD",
    "SAVEPOINT",
    "RELEASE",
    "WITH",
    "EXPLAIN",
    "CHECKPOINT",
    "LOAD",
    "DEALLOCATE",
];

/// Object kinds after CREATE / ALTER / DROP (and OR REPLACE).
const OBJECT_KINDS: &[&str] = &[
    "TABLE",
    "VIEW",
    "MATERIALIZED",
    "TYPE",
    "DOMAIN",
    "FUNCTION",
    "PROCEDURE",
    "AGGREGATE",
    "OPERATOR",
    "CAST",
    "COLLATION",
    "CONVERSION",
    "EXTENSION",
    "FOREIGN",
    "INDEX",
    "UNIQUE",
    "LANGUAGE",
    "POLICY",
    "PUBLICATION",
    "ROLE",
    "RULE",
    "SCHEMA",
    "SEQUENCE",
    "SERVER",
    "STATISTICS",
    "SUBSCRIPTION",
    "TABLESPACE",
    "TEXT",
    "TRIGGER",
    "EVENT",
    "USER",
    "DATABASE",
    "ACCESS",
    "TEMP",
    "TEMPORARY",
    "UNLOGGED",
    "DEFAULT",
    "GROUP",
    "LARGE",
    "OWNED",
    "ROUTINE",
    "TRANSFORM",
    "RECURSIVE",
    "CONSTRAINT",
];

/// Whether the statement starts like valid Postgres (so a parse failure is sqlparser's gap, not
/// a typo).
pub(super) fn known_command(words: &[String]) -> bool {
    let Some(first) = words.first() else {
        return false;
    };
    if !KNOWN_COMMANDS.contains(&first.as_str()) {
        return false;
    }
    if !matches!(first.as_str(), "CREATE" | "ALTER" | "DROP") {
        return true;
    }
    let kind = if starts_with(&words[1..], &["OR", "REPLACE"]) {
        words.get(3)
    } else {
        words.get(1)
    };
    kind.is_some_and(|k| OBJECT_KINDS.contains(&k.as_str()))
}

pub(super) fn starts_with(words: &[String], prefix: &[&str]) -> bool {
    words.len() >= prefix.len() && words.iter().zip(prefix).all(|(w, p)| w == p)
}
