//! Live introspection of the fixture schema (`tests/fixtures/schema.sql`) on a throwaway
//! PostgreSQL 15 started by `supabase_tests::database()`, and the snapshot JSON round trip.
//!
//! The committed snapshot `tests/snapshots/fixture.schema.json` is compared byte for byte. After
//! an intended change to the model or the fixture, re-bless it with:
//!
//!     BLESS=1 cargo test -p supabase-codegen --test live
//!
//! and review the diff of the snapshot.

#![cfg(feature = "live")]
#![allow(clippy::unwrap_used, missing_docs)]

use supabase_codegen::source::live::{introspect, introspect_url};
use supabase_codegen::{
    ArgMode, Cardinality, Column, Error, ForeignKeyAction, Function, Identity, Relation,
    RelationKind, Schema, SchemaModel, TypeRef, Volatility,
};
use tokio_postgres::NoTls;

/// Objects the fixture does not have (materialized view, foreign table, multi-column and
/// cross-schema foreign keys, overloads, OUT/INOUT/VARIADIC, security definer, NOT NULL domain,
/// enum with a label added later, dropped column), created by `extra_objects` in a schema of its
/// own in this test process's throwaway database, so the fixture stays as it is.
const EXTRA_SQL: &str = r#"
create schema codegen_extra;
comment on schema codegen_extra is 'Extra objects for the codegen tests.';
create domain codegen_extra.positive_int as integer not null default 1 check (value > 0);
comment on domain codegen_extra.positive_int is 'A positive integer.';
create type codegen_extra.mood as enum ('sad', 'ok', 'happy');
alter type codegen_extra.mood add value 'meh' before 'ok';
create table codegen_extra.parents (
    a integer not null,
    b text not null,
    c integer generated always as identity,
    primary key (a, b)
);
alter table codegen_extra.parents enable row level security;
create table codegen_extra.children (
    id integer generated always as identity primary key,
    pa integer not null,
    pb text not null,
    country_id bigint references public.countries (id) on delete cascade,
    score codegen_extra.positive_int,
    scores codegen_extra.positive_int[],
    moods codegen_extra.mood[] not null default '{}',
    dropped integer,
    constraint children_parent_fkey foreign key (pa, pb)
        references codegen_extra.parents (a, b) on update cascade on delete set null,
    constraint children_parent_key unique (pb, pa)
);
alter table codegen_extra.children drop column dropped;
alter table codegen_extra.children add column note varchar(40);
create view codegen_extra.child_counts as
    select pa, count(*) as n from codegen_extra.children group by pa;
create view codegen_extra.child_ids as
    select id, pa, pa + 1 as pa_next from codegen_extra.children;
create materialized view codegen_extra.parent_counts as
    select a, count(*) as n from codegen_extra.parents group by a;
comment on materialized view codegen_extra.parent_counts is 'Parents per a.';
create foreign data wrapper codegen_dummy;
create server codegen_dummy_server foreign data wrapper codegen_dummy;
create foreign table codegen_extra.remote_things (id integer, label text)
    server codegen_dummy_server;
create function codegen_extra.area(r integer) returns double precision
    language sql immutable as $$ select pi() * r * r $$;
create function codegen_extra.area(w integer, h integer) returns double precision
    language sql immutable as $$ select (w * h)::double precision $$;
create function codegen_extra.split(in whole text, out head text, out tail text)
    language sql stable as $$ select split_part(whole, ' ', 1), substr(whole, 2) $$;
create function codegen_extra.total(variadic nums integer[]) returns bigint
    language sql immutable as $$ select sum(x) from unnest(nums) x $$;
create function codegen_extra.twice(inout n integer)
    language sql immutable as $$ select n * 2 $$;
create function codegen_extra.secret() returns text
    language sql stable security definer as $$ select 'x'::text $$;
comment on function codegen_extra.secret() is 'Runs as its owner.';
create procedure codegen_extra.do_nothing() language sql as $$ select 1 $$;
"#;

const SNAPSHOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/snapshots/fixture.schema.json"
);

async fn fixture_model() -> SchemaModel {
    let db = supabase_tests::database();
    introspect_url(&db.superuser_url, &["public", "api2"])
        .await
        .expect("introspect the fixture")
}

#[tokio::test]
async fn snapshot_matches_committed_file() {
    let json = fixture_model().await.to_snapshot_json();
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        std::fs::write(SNAPSHOT, &json).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(SNAPSHOT).unwrap_or_default();
    assert!(
        committed == json,
        "the introspected fixture differs from {SNAPSHOT}; if intended, re-bless with \
         `BLESS=1 cargo test -p supabase-codegen --test live`.\n--- introspected ---\n{json}"
    );
}

#[tokio::test]
async fn snapshot_round_trips_and_is_deterministic() {
    let first = fixture_model().await;
    let second = fixture_model().await;
    let json = first.to_snapshot_json();
    assert_eq!(json, second.to_snapshot_json(), "two introspections differ");
    let read = SchemaModel::from_snapshot_json(&json).unwrap();
    assert_eq!(read, first);
    assert_eq!(read.to_snapshot_json(), json);
}

fn schema<'a>(model: &'a SchemaModel, name: &str) -> &'a Schema {
    model
        .schema(name)
        .unwrap_or_else(|| panic!("schema {name}"))
}

fn relation<'a>(model: &'a SchemaModel, schema_name: &str, name: &str) -> &'a Relation {
    schema(model, schema_name)
        .relation(name)
        .unwrap_or_else(|| panic!("relation {schema_name}.{name}"))
}

fn column<'a>(relation: &'a Relation, name: &str) -> &'a Column {
    relation
        .column(name)
        .unwrap_or_else(|| panic!("column {}.{name}", relation.name))
}

fn function<'a>(model: &'a SchemaModel, schema_name: &str, name: &str) -> &'a Function {
    let mut found = schema(model, schema_name).functions_named(name);
    let f = found.next().unwrap_or_else(|| panic!("function {name}"));
    assert!(found.next().is_none(), "{name} is overloaded");
    f
}

fn base(name: &str) -> TypeRef {
    TypeRef::base(name)
}

fn array(element: TypeRef) -> TypeRef {
    TypeRef::Array {
        element: Box::new(element),
    }
}

#[tokio::test]
async fn fixture_relations_and_columns() {
    let model = fixture_model().await;
    assert_eq!(model.format_version, 1);
    let names: Vec<&str> = model.schemas.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["api2", "public"]);
    let public: Vec<&str> = schema(&model, "public")
        .relations
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        public,
        [
            "big_countries",
            "cg_defaults",
            "cg_more_types",
            "cg_region_details",
            "cg_regions",
            "cg_site_names",
            "cg_sites",
            "cg_sites_per_zone",
            "cg_zone_names",
            "cities",
            "counters",
            "countries",
            "country_languages",
            "country_profiles",
            "injection",
            "languages",
            "messages",
            "price_events",
            "prices",
            "reservations",
            "scratch",
            "todos",
            "type_samples",
            "users"
        ]
    );

    // countries: identity by default, unique name, comments, numeric(12,2), text[], generated.
    let countries = relation(&model, "public", "countries");
    assert_eq!(countries.kind, RelationKind::Table);
    assert_eq!(
        countries.comment.as_deref(),
        Some("Countries of the world, and a few fictional ones with awkward names.")
    );
    assert!(!countries.rls_enabled);
    assert!(countries.insertable && countries.updatable && countries.deletable);
    let ordinals: Vec<u32> = countries.columns.iter().map(|c| c.ordinal).collect();
    assert_eq!(ordinals, (1..=11).collect::<Vec<_>>());
    let id = column(countries, "id");
    assert_eq!(id.type_ref, base("int8"));
    assert_eq!(id.identity, Some(Identity::ByDefault));
    assert!(!id.nullable && id.default.is_none() && id.insertable() && id.optional_on_insert());
    assert!(id.updatable, "identity BY DEFAULT can be updated");
    let name = column(countries, "name");
    assert!(!name.nullable && !name.optional_on_insert());
    assert_eq!(countries.unique_constraints.len(), 1);
    assert_eq!(countries.unique_constraints[0].name, "countries_name_key");
    assert_eq!(countries.unique_constraints[0].columns, ["name"]);
    assert_eq!(
        countries.primary_key.as_ref().unwrap().name,
        "countries_pkey"
    );
    let area = column(countries, "area");
    assert_eq!(area.type_ref, base("numeric"));
    assert_eq!(area.sql_type, "numeric(12,2)");
    assert_eq!(area.comment.as_deref(), Some("Area in square kilometres."));
    assert!(area.nullable);
    assert_eq!(column(countries, "tags").type_ref, array(base("text")));
    assert_eq!(column(countries, "tags").sql_type, "text[]");
    let search = column(countries, "search");
    assert_eq!(search.type_ref, base("tsvector"));
    assert!(search.is_generated() && !search.updatable && !search.insertable());
    assert!(search
        .generated
        .as_deref()
        .unwrap()
        .starts_with("to_tsvector('english'"));
    assert_eq!(search.default, None);

    // Identity ALWAYS vs BY DEFAULT; defaults printed by Postgres, qualified.
    let scratch = relation(&model, "public", "scratch");
    let id = column(scratch, "id");
    assert_eq!(id.identity, Some(Identity::Always));
    assert!(!id.insertable() && !id.updatable);
    assert_eq!(
        column(scratch, "status").default.as_deref(),
        Some("'new'::text")
    );
    assert_eq!(scratch.unique_constraints[0].columns, ["test", "k"]);
    let todos = relation(&model, "public", "todos");
    assert!(todos.rls_enabled);
    assert_eq!(
        column(todos, "owner").default.as_deref(),
        Some("auth.jwt_sub()")
    );
    assert_eq!(column(todos, "done").default.as_deref(), Some("false"));
    assert_eq!(
        column(relation(&model, "public", "users"), "created_at")
            .default
            .as_deref(),
        Some("'2024-01-01 00:00:00+00'::timestamp with time zone")
    );
    assert_eq!(
        column(relation(&model, "public", "counters"), "value")
            .default
            .as_deref(),
        Some("0")
    );

    // The view: all columns nullable, auto-updatable (privileges are not part of the model).
    let view = relation(&model, "public", "big_countries");
    assert_eq!(view.kind, RelationKind::View);
    assert!(view.insertable && view.updatable && view.deletable);
    assert!(view.primary_key.is_none() && view.foreign_keys.is_empty());
    let view_columns: Vec<&str> = view.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        view_columns,
        ["id", "name", "code", "population", "continent"]
    );
    assert!(view.columns.iter().all(|c| c.nullable && c.updatable));

    // api2.
    let items = relation(&model, "api2", "items");
    assert_eq!(column(items, "price").sql_type, "numeric(10,2)");
    assert!(!column(items, "price").nullable);
    assert_eq!(
        column(relation(&model, "api2", "scratch"), "id").identity,
        Some(Identity::Always)
    );
}

#[tokio::test]
async fn fixture_type_map_columns() {
    let model = fixture_model().await;
    let samples = relation(&model, "public", "type_samples");
    let expected = [
        ("b", base("bool"), "boolean"),
        ("i2", base("int2"), "smallint"),
        ("i4", base("int4"), "integer"),
        ("i8", base("int8"), "bigint"),
        ("f4", base("float4"), "real"),
        ("f8", base("float8"), "double precision"),
        ("num", base("numeric"), "numeric"),
        ("txt", base("text"), "text"),
        ("vc", base("varchar"), "character varying(20)"),
        ("ch", base("bpchar"), "character(3)"),
        ("uid", base("uuid"), "uuid"),
        ("bin", base("bytea"), "bytea"),
        ("d", base("date"), "date"),
        ("t", base("time"), "time without time zone"),
        ("ts", base("timestamp"), "timestamp without time zone"),
        ("tstz", base("timestamptz"), "timestamp with time zone"),
        ("iv", base("interval"), "interval"),
        ("j", base("json"), "json"),
        ("jb", base("jsonb"), "jsonb"),
        ("ints", array(base("int4")), "integer[]"),
        ("texts", array(base("text")), "text[]"),
        (
            "status",
            TypeRef::Enum {
                schema: "public".into(),
                name: "user_status".into(),
            },
            "public.user_status",
        ),
        ("ip", base("inet"), "inet"),
        (
            "mail",
            TypeRef::Domain {
                schema: "public".into(),
                name: "email_address".into(),
                base: Box::new(base("text")),
            },
            "public.email_address",
        ),
        (
            "addr",
            TypeRef::Composite {
                schema: "public".into(),
                name: "address".into(),
            },
            "public.address",
        ),
        (
            "r",
            TypeRef::Range {
                schema: "pg_catalog".into(),
                name: "int4range".into(),
                subtype: Box::new(base("int4")),
            },
            "int4range",
        ),
    ];
    assert_eq!(samples.columns.len(), expected.len() + 1);
    for (name, type_ref, sql_type) in expected {
        let c = column(samples, name);
        assert_eq!(c.type_ref, type_ref, "type of {name}");
        assert_eq!(c.sql_type, sql_type, "sql type of {name}");
        assert!(c.nullable, "{name} is nullable");
    }
    assert!(!column(samples, "id").nullable);
    assert_eq!(
        column(samples, "mail").type_ref.without_domains(),
        base("text")
    );

    let reservations = relation(&model, "public", "reservations");
    let range = |name: &str, subtype: &str| TypeRef::Range {
        schema: "pg_catalog".into(),
        name: name.into(),
        subtype: Box::new(base(subtype)),
    };
    assert_eq!(
        column(reservations, "during").type_ref,
        range("tstzrange", "timestamptz")
    );
    assert_eq!(
        column(reservations, "seats").type_ref,
        range("int4range", "int4")
    );
    assert_eq!(
        column(reservations, "days").type_ref,
        range("daterange", "date")
    );
    assert!(!column(reservations, "during").nullable && column(reservations, "days").nullable);

    let public = schema(&model, "public");
    let status = public.enum_type("user_status").unwrap();
    assert_eq!(status.labels, ["ONLINE", "OFFLINE", "AWAY"]);
    // user_status, cg_priority, and price_interval (query!'s keyword-column table).
    assert_eq!(public.enums.len(), 3);
    let priority = public.enum_type("cg_priority").unwrap();
    assert_eq!(priority.labels, ["low", "high", "very high"]);
    let address = public.composite("address").unwrap();
    let fields: Vec<(&str, &TypeRef)> = address
        .attributes
        .iter()
        .map(|a| (a.name.as_str(), &a.type_ref))
        .collect();
    let text = base("text");
    assert_eq!(fields, [("street", &text), ("city", &text), ("zip", &text)]);
    assert_eq!(
        public.composites.len(),
        1,
        "row types of tables are not composites"
    );
    let email = public.domain("email_address").unwrap();
    assert_eq!(email.base, base("text"));
    assert!(!email.not_null && email.default.is_none());
    let positive = public.domain("positive_int").unwrap();
    assert_eq!(positive.base, base("int4"));
    assert!(positive.not_null);
    let more = relation(&model, "public", "cg_more_types");
    assert!(column(more, "pos").nullable, "the NOT NULL is the domain's");
    assert_eq!(
        column(more, "ci").type_ref,
        TypeRef::Base {
            schema: "extensions".into(),
            name: "citext".into()
        }
    );
}

#[tokio::test]
async fn fixture_keys_and_relationships() {
    let model = fixture_model().await;
    let messages = relation(&model, "public", "messages");
    let names: Vec<&str> = messages
        .foreign_keys
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, ["messages_receiver_fkey", "messages_sender_fkey"]);
    for (fk, col) in [
        ("messages_sender_fkey", "sender_id"),
        ("messages_receiver_fkey", "receiver_id"),
    ] {
        let fk = messages.foreign_key(fk).unwrap();
        assert_eq!(fk.columns, [col]);
        assert_eq!(
            (
                fk.referenced_schema.as_str(),
                fk.referenced_relation.as_str()
            ),
            ("public", "users")
        );
        assert_eq!(fk.referenced_columns, ["id"]);
        assert_eq!(fk.cardinality, Cardinality::ManyToOne);
        assert_eq!(fk.on_delete, ForeignKeyAction::NoAction);
    }

    let profiles = relation(&model, "public", "country_profiles");
    let fk = profiles
        .foreign_key("country_profiles_country_id_fkey")
        .unwrap();
    assert_eq!(fk.cardinality, Cardinality::OneToOne);
    assert_eq!(fk.referenced_relation, "countries");

    let cities = relation(&model, "public", "cities");
    let fk = cities.foreign_key("cities_country_id_fkey").unwrap();
    assert_eq!(fk.cardinality, Cardinality::ManyToOne);

    // The junction table: a two-column primary key; each FK alone is only part of it.
    let junction = relation(&model, "public", "country_languages");
    let pk = junction.primary_key.as_ref().unwrap();
    assert_eq!(pk.name, "country_languages_pkey");
    assert_eq!(pk.columns, ["country_id", "language_id"]);
    assert_eq!(junction.foreign_keys.len(), 2);
    assert!(junction
        .foreign_keys
        .iter()
        .all(|fk| fk.cardinality == Cardinality::ManyToOne));
}

#[tokio::test]
async fn fixture_functions() {
    let model = fixture_model().await;
    let add = function(&model, "public", "add");
    assert_eq!(add.identity_args, "a integer, b integer");
    let args: Vec<(Option<&str>, ArgMode, &TypeRef, bool)> = add
        .args
        .iter()
        .map(|a| (a.name.as_deref(), a.mode, &a.type_ref, a.has_default()))
        .collect();
    let int4 = base("int4");
    assert_eq!(
        args,
        [
            (Some("a"), ArgMode::In, &int4, false),
            (Some("b"), ArgMode::In, &int4, false)
        ]
    );
    assert_eq!(add.returns.type_ref, int4);
    assert!(!add.returns.set && !add.returns.is_table());
    assert_eq!(add.volatility, Volatility::Immutable);
    assert!(!add.security_definer);
    assert_eq!(add.language, "sql");

    let by_continent = function(&model, "public", "countries_by_continent");
    assert!(by_continent.returns.set);
    assert_eq!(
        by_continent.returns.type_ref,
        TypeRef::Composite {
            schema: "public".into(),
            name: "countries".into()
        }
    );
    assert_eq!(by_continent.volatility, Volatility::Stable);
    assert!(!function(&model, "public", "country_by_code").returns.set);

    let stats = function(&model, "public", "continent_stats");
    assert_eq!(stats.identity_args, "min_population bigint");
    assert_eq!(stats.args.len(), 1);
    assert_eq!(stats.args[0].name.as_deref(), Some("min_population"));
    assert_eq!(stats.args[0].default.as_deref(), Some("0"));
    assert!(stats.returns.set && stats.returns.is_table());
    assert_eq!(stats.returns.sql_type, "record");
    let columns: Vec<(&str, &TypeRef)> = stats
        .returns
        .columns
        .iter()
        .map(|c| (c.name.as_str(), &c.type_ref))
        .collect();
    assert_eq!(
        columns,
        [
            ("continent", &base("text")),
            ("country_count", &base("int8")),
            ("total_population", &base("numeric"))
        ]
    );

    let bump = function(&model, "public", "bump_counter");
    assert_eq!(bump.volatility, Volatility::Volatile);
    assert!(!bump.volatility.allows_get());

    let body = function(&model, "public", "echo_body");
    assert_eq!(body.args[0].name, None);
    assert_eq!(body.identity_args, "jsonb");
    let join = function(&model, "public", "join_texts");
    assert_eq!(join.args[0].type_ref, array(base("text")));
    assert_eq!(join.args[1].default.as_deref(), Some("','::text"));
    let raise = function(&model, "public", "raise_error");
    assert_eq!(raise.language, "plpgsql");
    assert!(matches!(&raise.returns.type_ref, TypeRef::Pseudo { name, .. } if name == "void"));

    // `hello` exists in both schemas; `auth` was not asked for.
    assert_eq!(
        function(&model, "api2", "hello").volatility,
        Volatility::Stable
    );
    assert_eq!(function(&model, "public", "hello").identity_args, "");
    assert!(model.schema("auth").is_none());
    let public_names: Vec<&str> = schema(&model, "public")
        .functions
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        public_names,
        [
            "add",
            "bump_counter",
            "cg_area",
            "cg_area",
            "cg_make_address",
            "cg_now_text",
            "cg_series",
            "cg_sites_in",
            "cg_split",
            "continent_stats",
            "countries_by_continent",
            "country_by_code",
            "echo_body",
            "echo_json",
            "hello",
            "join_texts",
            "raise_error",
            "sum_array",
            "touch_counter"
        ]
    );
}

#[tokio::test]
async fn missing_schema_is_an_error() {
    let db = supabase_tests::database();
    let err = introspect_url(&db.superuser_url, &["public", "no_such_schema"])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::SchemaNotFound(s) if s == "no_such_schema"),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "schema `no_such_schema` does not exist in the database"
    );
}

async fn extra_model() -> SchemaModel {
    let db = supabase_tests::database();
    db.psql(EXTRA_SQL);
    let (mut client, connection) = tokio_postgres::connect(&db.superuser_url, NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    // The session's search_path does not change how names are printed.
    client
        .batch_execute("set search_path = codegen_extra, public")
        .await
        .unwrap();
    let model = introspect(&mut client, &["codegen_extra"]).await.unwrap();
    let path = client.query_one("show search_path", &[]).await.unwrap();
    assert_eq!(
        path.get::<_, String>(0),
        "codegen_extra, public",
        "session untouched"
    );
    model
}

#[tokio::test]
async fn extra_objects() {
    let model = extra_model().await;
    let extra = schema(&model, "codegen_extra");
    assert_eq!(
        extra.comment.as_deref(),
        Some("Extra objects for the codegen tests.")
    );
    let kinds: Vec<(&str, RelationKind)> = extra
        .relations
        .iter()
        .map(|r| (r.name.as_str(), r.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("child_counts", RelationKind::View),
            ("child_ids", RelationKind::View),
            ("children", RelationKind::Table),
            ("parent_counts", RelationKind::MaterializedView),
            ("parents", RelationKind::Table),
            ("remote_things", RelationKind::ForeignTable),
        ]
    );
    let writable = |r: &Relation| (r.insertable, r.updatable, r.deletable);
    let rel = |name: &str| relation(&model, "codegen_extra", name);
    assert_eq!(writable(rel("child_counts")), (false, false, false));
    assert_eq!(writable(rel("child_ids")), (true, true, true));
    assert_eq!(writable(rel("parent_counts")), (false, false, false));
    assert_eq!(writable(rel("remote_things")), (false, false, false));
    assert_eq!(
        rel("parent_counts").comment.as_deref(),
        Some("Parents per a.")
    );
    let child_ids = rel("child_ids");
    assert!(column(child_ids, "pa").updatable);
    assert!(!column(child_ids, "pa_next").updatable);
    assert!(rel("parents").rls_enabled && !rel("children").rls_enabled);

    // Multi-column primary key and foreign key; a unique set in another order is one-to-one.
    let parents = rel("parents");
    assert_eq!(parents.primary_key.as_ref().unwrap().columns, ["a", "b"]);
    assert_eq!(column(parents, "c").identity, Some(Identity::Always));
    let children = rel("children");
    let fk = children.foreign_key("children_parent_fkey").unwrap();
    assert_eq!(fk.columns, ["pa", "pb"]);
    assert_eq!(fk.referenced_columns, ["a", "b"]);
    assert_eq!(
        fk.column_pairs().collect::<Vec<_>>(),
        [("pa", "a"), ("pb", "b")]
    );
    assert_eq!(fk.cardinality, Cardinality::OneToOne);
    assert_eq!(fk.on_update, ForeignKeyAction::Cascade);
    assert_eq!(fk.on_delete, ForeignKeyAction::SetNull);
    assert_eq!(children.unique_constraints[0].columns, ["pb", "pa"]);
    // Cross-schema.
    let fk = children.foreign_key("children_country_id_fkey").unwrap();
    assert_eq!(
        (
            fk.referenced_schema.as_str(),
            fk.referenced_relation.as_str()
        ),
        ("public", "countries")
    );
    assert_eq!(fk.cardinality, Cardinality::ManyToOne);
    assert_eq!(fk.on_delete, ForeignKeyAction::Cascade);

    // Dense ordinals after a dropped column; domains and arrays of domains and enums.
    let columns: Vec<(&str, u32)> = children
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.ordinal))
        .collect();
    assert_eq!(
        columns,
        [
            ("id", 1),
            ("pa", 2),
            ("pb", 3),
            ("country_id", 4),
            ("score", 5),
            ("scores", 6),
            ("moods", 7),
            ("note", 8)
        ]
    );
    let positive = TypeRef::Domain {
        schema: "codegen_extra".into(),
        name: "positive_int".into(),
        base: Box::new(base("int4")),
    };
    let score = column(children, "score");
    assert_eq!(score.type_ref, positive);
    assert_eq!(score.sql_type, "codegen_extra.positive_int");
    assert!(score.nullable, "the column has no NOT NULL of its own");
    assert_eq!(column(children, "scores").type_ref, array(positive.clone()));
    assert_eq!(
        column(children, "scores").type_ref.without_domains(),
        array(base("int4"))
    );
    let moods = column(children, "moods");
    assert_eq!(
        moods.type_ref,
        array(TypeRef::Enum {
            schema: "codegen_extra".into(),
            name: "mood".into()
        })
    );
    assert_eq!(moods.default.as_deref(), Some("'{}'::codegen_extra.mood[]"));
    assert_eq!(column(children, "note").sql_type, "character varying(40)");

    let domain = extra.domain("positive_int").unwrap();
    assert!(domain.not_null);
    assert_eq!(domain.default.as_deref(), Some("1"));
    assert_eq!(domain.comment.as_deref(), Some("A positive integer."));
    assert_eq!(
        extra.enum_type("mood").unwrap().labels,
        ["sad", "meh", "ok", "happy"]
    );

    // Overloads, sorted by identity arguments; OUT, INOUT, VARIADIC; security definer;
    // procedures are not functions.
    let area: Vec<&str> = extra
        .functions_named("area")
        .map(|f| f.identity_args.as_str())
        .collect();
    assert_eq!(area, ["r integer", "w integer, h integer"]);
    let split = function(&model, "codegen_extra", "split");
    assert_eq!(split.args.len(), 1);
    assert_eq!(split.args[0].name.as_deref(), Some("whole"));
    let out: Vec<&str> = split
        .returns
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(out, ["head", "tail"]);
    assert!(!split.returns.set);
    assert_eq!(split.returns.sql_type, "record");
    let total = function(&model, "codegen_extra", "total");
    assert_eq!(total.args[0].mode, ArgMode::Variadic);
    assert_eq!(total.args[0].type_ref, array(base("int4")));
    let twice = function(&model, "codegen_extra", "twice");
    assert_eq!(twice.args[0].mode, ArgMode::InOut);
    assert_eq!(twice.returns.columns.len(), 1);
    assert_eq!(twice.returns.type_ref, base("int4"));
    let secret = function(&model, "codegen_extra", "secret");
    assert!(secret.security_definer);
    assert_eq!(secret.comment.as_deref(), Some("Runs as its owner."));
    assert!(extra.functions_named("do_nothing").next().is_none());

    // The snapshot of this schema round-trips too.
    let json = model.to_snapshot_json();
    assert_eq!(SchemaModel::from_snapshot_json(&json).unwrap(), model);
}
