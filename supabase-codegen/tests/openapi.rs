//! The PostgREST OpenAPI source against the real PostgREST 12.0.2 of `supabase_tests::stack()`:
//! what the document can tell matches live introspection of the same database, and the lossy
//! fields are listed (see `source::openapi`'s docs).
//!
//! The committed copy `tests/fixtures/postgrest-openapi.json` is read offline too. Refresh it
//! after a fixture change with:
//!
//!     BLESS=1 cargo test -p supabase-codegen --test openapi

#![cfg(feature = "live")]
#![allow(clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;

use supabase_codegen::source::live::introspect_url;
use supabase_codegen::source::openapi::from_openapi_json;
use supabase_codegen::{Cardinality, SchemaModel, TypeRef};

fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/postgrest-openapi.json")
}

/// Compares what OpenAPI can know; returns the known-lossy differences seen, for the record.
fn compare(openapi: &SchemaModel, live: &SchemaModel) -> Vec<String> {
    let mut lossy = Vec::new();
    let o = openapi.schema("public").unwrap();
    let l = live.schema("public").unwrap();
    let o_names: Vec<&str> = o.relations.iter().map(|r| r.name.as_str()).collect();
    let l_names: Vec<&str> = l.relations.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(o_names, l_names, "relations");
    for (or, lr) in o.relations.iter().zip(&l.relations) {
        let name = &or.name;
        if or.kind != lr.kind {
            lossy.push(format!("{name}: kind {:?} (really {:?})", or.kind, lr.kind));
        }
        assert_eq!(or.insertable, lr.insertable, "{name}: insertable");
        assert_eq!(or.updatable, lr.updatable, "{name}: updatable");
        assert_eq!(or.deletable, lr.deletable, "{name}: deletable");
        assert_eq!(or.comment, lr.comment, "{name}: comment");
        let cols = |r: &supabase_codegen::Relation| {
            r.columns
                .iter()
                .map(|c| (c.name.clone(), c.ordinal))
                .collect::<Vec<_>>()
        };
        assert_eq!(cols(or), cols(lr), "{name}: columns and ordinals");
        for (oc, lc) in or.columns.iter().zip(&lr.columns) {
            let at = format!("{name}.{}", oc.name);
            // Domains: PostgREST prints the base type.
            let live_type = lc.type_ref.without_domains();
            let live_sql = match &lc.type_ref {
                TypeRef::Domain { .. } => {
                    lossy.push(format!("{at}: domain {} shown as its base", lc.sql_type));
                    oc.sql_type.clone()
                }
                _ => lc.sql_type.clone(),
            };
            if oc.sql_type != live_sql && live_sql.starts_with("numeric(") {
                lossy.push(format!("{at}: {live_sql} shown as {}", oc.sql_type));
            } else {
                assert_eq!(oc.sql_type, live_sql, "{at}: sql_type");
                assert_eq!(oc.type_ref, live_type, "{at}: type");
            }
            // A column of a NOT NULL domain is not null, as PostgREST says.
            let domain_not_null = match &lc.type_ref {
                TypeRef::Domain { name, .. } => l.domain(name).is_some_and(|d| d.not_null),
                _ => false,
            };
            assert_eq!(
                oc.nullable,
                lc.nullable && !domain_not_null,
                "{at}: nullable"
            );
            assert_eq!(oc.comment, lc.comment, "{at}: comment");
            let o_has_default = oc.default.is_some();
            let l_has_default = lc.default.is_some();
            if lc.identity.is_some() {
                lossy.push(format!("{at}: identity {:?} unknown", lc.identity));
                assert!(!o_has_default, "{at}");
            } else if lc.generated.is_some() {
                lossy.push(format!("{at}: generated column unknown"));
            } else if !o_has_default && lc.default.as_deref().is_some_and(|d| d.starts_with("'{")) {
                lossy.push(format!("{at}: array default unknown"));
            } else {
                assert_eq!(o_has_default, l_has_default, "{at}: has a default");
            }
            if oc.updatable != lc.updatable {
                lossy.push(format!(
                    "{at}: updatable {} (really {})",
                    oc.updatable, lc.updatable
                ));
            }
        }
        let pk = |r: &supabase_codegen::Relation| {
            r.primary_key.as_ref().map(|pk| {
                let mut c = pk.columns.clone();
                c.sort();
                c
            })
        };
        if lr.kind == supabase_codegen::RelationKind::Table {
            assert_eq!(pk(or), pk(lr), "{name}: primary key columns");
        } else if pk(or).is_some() {
            lossy.push(format!(
                "{name}: primary key inferred by PostgREST for a view"
            ));
        }
        // Foreign keys: the same (columns -> referenced table.columns) pairs, one per column.
        let mut o_pairs = Vec::new();
        for fk in &or.foreign_keys {
            assert_eq!(fk.columns.len(), 1);
            o_pairs.push((
                fk.columns[0].clone(),
                fk.referenced_relation.clone(),
                fk.referenced_columns[0].clone(),
            ));
        }
        let mut l_pairs = Vec::new();
        for fk in &lr.foreign_keys {
            if fk.referenced_schema != "public" {
                lossy.push(format!(
                    "{name}: cross-schema foreign key {} missing",
                    fk.name
                ));
                continue;
            }
            let shown = fk
                .columns
                .iter()
                .all(|c| or.foreign_keys.iter().any(|f| &f.columns[0] == c));
            if fk.columns.len() > 1 && !shown {
                // PostgREST 12 marks only single-column foreign keys.
                lossy.push(format!(
                    "{name}: multi-column foreign key {} missing",
                    fk.name
                ));
                continue;
            }
            if fk.cardinality == Cardinality::OneToOne && !shown {
                // PostgREST 12 marks only many-to-one relationships.
                lossy.push(format!(
                    "{name}: one-to-one foreign key {} missing",
                    fk.name
                ));
                continue;
            }
            if fk.columns.len() > 1 {
                lossy.push(format!(
                    "{name}: multi-column foreign key {} split",
                    fk.name
                ));
            }
            for (c, r) in fk.column_pairs() {
                l_pairs.push((c.to_string(), fk.referenced_relation.clone(), r.to_string()));
            }
            if or.foreign_key(&fk.name).is_none() {
                lossy.push(format!("{name}: foreign key name {} unknown", fk.name));
            }
            if fk.cardinality == Cardinality::OneToOne
                && !or
                    .foreign_keys
                    .iter()
                    .any(|f| f.columns == fk.columns && f.cardinality == Cardinality::OneToOne)
            {
                lossy.push(format!(
                    "{name}: one-to-one {} seen as many-to-one",
                    fk.name
                ));
            }
        }
        o_pairs.sort();
        l_pairs.sort();
        assert_eq!(o_pairs, l_pairs, "{name}: foreign key column pairs");
    }
    // Enums used by columns: same labels in the same order.
    for e in &o.enums {
        let live_enum = l.enum_type(&e.name).unwrap();
        assert_eq!(e.labels, live_enum.labels, "enum {}", e.name);
    }
    // Functions: same names; arguments with the same names, types and optionality.
    let mut l_fns: Vec<&str> = l.functions.iter().map(|f| f.name.as_str()).collect();
    l_fns.dedup();
    let o_fns: Vec<&str> = o.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(o_fns, l_fns, "functions");
    for of in &o.functions {
        let args = |f: &supabase_codegen::Function| {
            f.args
                .iter()
                .map(|a| (a.name.clone(), a.sql_type.clone(), a.has_default()))
                .collect::<Vec<_>>()
        };
        // Of overloads, PostgREST's document shows one.
        let overloads = l.functions_named(&of.name).count();
        let lf = l
            .functions_named(&of.name)
            .find(|lf| args(lf) == args(of))
            .unwrap_or_else(|| l.functions_named(&of.name).next().unwrap());
        if overloads > 1 {
            lossy.push(format!(
                "{}(): {} of {overloads} overloads shown",
                of.name, 1
            ));
        }
        assert_eq!(args(of), args(lf), "function {}", of.name);
        // The document has no OUT parameters, which Postgres lists in the identity.
        let without_out = |ids: &str| {
            ids.split(", ")
                .filter(|a| !a.starts_with("OUT "))
                .collect::<Vec<_>>()
                .join(", ")
        };
        assert_eq!(
            of.identity_args,
            without_out(&lf.identity_args),
            "function {}",
            of.name
        );
        if of.returns != lf.returns {
            lossy.push(format!(
                "{}(): return type {} unknown",
                of.name, lf.returns.sql_type
            ));
        }
        if of.volatility != lf.volatility {
            lossy.push(format!(
                "{}(): volatility {:?} unknown",
                of.name, lf.volatility
            ));
        }
    }
    for d in &l.domains {
        lossy.push(format!("domain {} missing", d.name));
    }
    for c in &l.composites {
        lossy.push(format!("composite {} missing", c.name));
    }
    lossy
}

#[tokio::test]
async fn the_real_postgrest_document_matches_live_introspection_where_it_can() {
    let stack = supabase_tests::stack();
    let body = reqwest::get(&stack.postgrest_url)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    if std::env::var_os("BLESS").is_some() {
        let pretty: serde_json::Value = serde_json::from_str(&body).unwrap();
        let mut text = serde_json::to_string_pretty(&pretty).unwrap();
        text.push('\n');
        std::fs::write(fixture_path(), text).unwrap();
    }
    let (openapi, notes) = from_openapi_json(&body, "public").unwrap();
    assert!(!notes.is_empty());
    let live = introspect_url(&stack.db.superuser_url, &["public"])
        .await
        .unwrap();
    let lossy = compare(&openapi, &live);
    // The fixture has identity columns, a view, domains and composites: all of them lossy.
    for expected in [
        "identity",
        "really View",
        "generated",
        "domain",
        "one-to-one",
        "return type",
        "volatility",
    ] {
        assert!(
            lossy.iter().any(|l| l.contains(expected)),
            "expected a known-lossy `{expected}`; got {lossy:#?}"
        );
    }
    eprintln!(
        "known-lossy fields ({}):\n  {}",
        lossy.len(),
        lossy.join("\n  ")
    );
}

#[test]
fn the_committed_document_reads_offline() {
    let json = std::fs::read_to_string(fixture_path()).unwrap();
    let (model, _) = from_openapi_json(&json, "public").unwrap();
    let public = model.schema("public").unwrap();
    let users = public.relation("users").unwrap();
    assert_eq!(
        users.primary_key.as_ref().map(|p| p.columns.clone()),
        Some(vec!["id".to_string()])
    );
    assert!(!users.column("username").unwrap().nullable);
    assert!(users.column("age").unwrap().nullable);
    assert_eq!(
        users.column("status").unwrap().type_ref,
        TypeRef::Enum {
            schema: "public".into(),
            name: "user_status".into()
        }
    );
    assert_eq!(
        public.enum_type("user_status").unwrap().labels,
        ["ONLINE", "OFFLINE", "AWAY"]
    );
    let messages = public.relation("messages").unwrap();
    assert_eq!(messages.foreign_keys.len(), 2);
    assert!(messages
        .foreign_keys
        .iter()
        .all(|fk| fk.referenced_relation == "users"));
    let samples = public.relation("type_samples").unwrap();
    assert_eq!(
        samples.column("vc").unwrap().sql_type,
        "character varying(20)"
    );
    let add = public.functions_named("add").next().unwrap();
    assert_eq!(add.identity_args, "a integer, b integer");
    let echo = public.functions_named("echo_body").next().unwrap();
    assert_eq!(echo.args[0].name, None);
    let stats = public.functions_named("continent_stats").next().unwrap();
    assert!(stats.args[0].has_default());
    // The model round-trips through the snapshot JSON like any other.
    assert_eq!(
        SchemaModel::from_snapshot_json(&model.to_snapshot_json()).unwrap(),
        model
    );
}

#[test]
fn malformed_documents_are_refused_with_a_position() {
    let err = from_openapi_json("{\n  \"swagger\": \"2.0\",\n  x", "public").unwrap_err();
    assert!(err.to_string().contains("3:3"), "{err}");
    let err = from_openapi_json("{\"openapi\": \"3.0.0\"}", "public").unwrap_err();
    assert!(err.to_string().contains("Swagger 2.0"), "{err}");
}
