//! Comparison with `@supabase/postgres-meta@0.99.0`'s TypeScript typegen (what `supabase gen
//! types typescript` prints), run by `tools/node/pgmeta-typegen.mjs` on the fixture database:
//! every table, view, column, enum, composite type and function it types appears in our
//! generated code, with the same nullability (`| null` / `Option`) and insert-optionality
//! (`?:` / `Option`, `?: never` / absent). Every difference, including each pair of
//! differently mapped types, must match an entry of `tests/pgmeta/intended-differences.json`,
//! which gives its reason; an entry that matches nothing fails the test too.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use quote::ToTokens;
use serde_json::Value;
use supabase_codegen::{emit, EmitOptions};

const SCHEMAS: &[&str] = &["public", "api2"];

/// postgres-meta's typegen of the fixture database, as parsed by the driver script.
fn pg_meta(url: &str) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/node/pgmeta-typegen.mjs");
    let out = Command::new("node")
        .arg(&script)
        .arg(url)
        .arg(SCHEMAS.join(","))
        .output()
        .expect("node runs (see README: tools/node)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// One struct of ours: column name -> Rust type, from `#[serde(rename = "...")]` fields.
type Fields = BTreeMap<String, String>;

#[derive(Default, Debug)]
struct OurRelation {
    row: Fields,
    insert: Option<Fields>,
    update: Option<Fields>,
}

#[derive(Default, Debug)]
struct OurSchema {
    relations: BTreeMap<String, OurRelation>,
    enums: BTreeMap<String, Vec<String>>,
    composites: BTreeMap<String, Fields>,
    /// Function name -> overloads (arguments, result type).
    functions: BTreeMap<String, Vec<(Fields, String)>>,
}

fn rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut name = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                name = Some(lit.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    name
}

fn doc(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => {
                Some(nv.value.to_token_stream().to_string())
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn ty(t: &syn::Type) -> String {
    t.to_token_stream()
        .to_string()
        .replace(' ', "")
        .replace("::supabase_core::types::", "")
        .replace("super::super::", "")
        .replace(",>", ">")
}

fn fields(s: &syn::ItemStruct) -> Fields {
    s.fields
        .iter()
        .filter_map(|f| Some((rename(&f.attrs)?, ty(&f.ty))))
        .collect()
}

fn items(m: &syn::ItemMod) -> &[syn::Item] {
    m.content.as_ref().map(|c| c.1.as_slice()).unwrap_or(&[])
}

fn ours(code: &str) -> BTreeMap<String, OurSchema> {
    let file = syn::parse_file(code).unwrap();
    let mut out = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Mod(schema_mod) = item else {
            continue;
        };
        let mut schema = OurSchema::default();
        for item in items(schema_mod) {
            match item {
                syn::Item::Enum(e) => {
                    // Enum `public.user_status`.
                    let d = doc(&e.attrs);
                    let name = d.split('.').nth(1).unwrap().split('`').next().unwrap();
                    let labels = e
                        .variants
                        .iter()
                        .map(|v| rename(&v.attrs).unwrap())
                        .collect();
                    schema.enums.insert(name.to_owned(), labels);
                }
                syn::Item::Struct(s) => {
                    let d = doc(&s.attrs);
                    let name = d.split('.').nth(1).unwrap().split('`').next().unwrap();
                    schema.composites.insert(name.to_owned(), fields(s));
                }
                syn::Item::Mod(m) if m.ident == "functions" => {
                    let mut args: BTreeMap<String, (String, Fields)> = BTreeMap::new();
                    let mut returns: BTreeMap<String, String> = BTreeMap::new();
                    for item in items(m) {
                        match item {
                            syn::Item::Struct(s) if s.ident.to_string().ends_with("Args") => {
                                // Arguments of `public.add(a integer, b integer)`.
                                let d = doc(&s.attrs);
                                let name = d.split('.').nth(1).unwrap().split('(').next().unwrap();
                                let base = s.ident.to_string().trim_end_matches("Args").to_owned();
                                args.insert(base, (name.to_owned(), fields(s)));
                            }
                            syn::Item::Type(t) => {
                                let base =
                                    t.ident.to_string().trim_end_matches("Returns").to_owned();
                                returns.insert(base, ty(&t.ty));
                            }
                            _ => {}
                        }
                    }
                    for (base, (name, a)) in args {
                        schema
                            .functions
                            .entry(name)
                            .or_default()
                            .push((a, returns[&base].clone()));
                    }
                }
                syn::Item::Mod(m) => {
                    let mut rel = OurRelation::default();
                    let mut name = String::new();
                    for item in items(m) {
                        match item {
                            syn::Item::Const(c) if c.ident == "NAME" => {
                                name = c
                                    .expr
                                    .to_token_stream()
                                    .to_string()
                                    .trim_matches('"')
                                    .to_owned();
                            }
                            syn::Item::Struct(s) if s.ident == "Row" => rel.row = fields(s),
                            syn::Item::Struct(s) if s.ident == "Insert" => {
                                rel.insert = Some(fields(s))
                            }
                            syn::Item::Struct(s) if s.ident == "Update" => {
                                rel.update = Some(fields(s))
                            }
                            _ => {}
                        }
                    }
                    schema.relations.insert(name, rel);
                }
                _ => {}
            }
        }
        out.insert(schema_mod.ident.to_string(), schema);
    }
    out
}

/// A TypeScript type of the typegen, as text without `| null`, and whether it has `| null`.
fn ts(t: &Value, schema: &str) -> (String, bool) {
    if let Some(types) = t.get("union").and_then(Value::as_array) {
        let null = types
            .iter()
            .any(|t| t.get("raw") == Some(&Value::from("null")));
        let rest: Vec<String> = types
            .iter()
            .filter(|t| t.get("raw") != Some(&Value::from("null")))
            .map(|t| ts(t, schema).0)
            .collect();
        return (rest.join(" | "), null);
    }
    if let Some(of) = t.get("array") {
        return (format!("{}[]", ts(of, schema).0), false);
    }
    if let Some(s) = t.get("string").and_then(Value::as_str) {
        return (format!("{s:?}"), false);
    }
    if t.get("object").is_some() {
        return ("{..}".to_owned(), false);
    }
    let raw = t["raw"].as_str().unwrap();
    // Database["public"]["Enums"]["user_status"] -> enum user_status.
    let raw = raw
        .replace(&format!("Database[\"{schema}\"][\"Enums\"]"), "enum")
        .replace(
            &format!("Database[\"{schema}\"][\"CompositeTypes\"]"),
            "composite",
        )
        .replace("[\"", " ")
        .replace("\"]", "");
    (raw, false)
}

/// Our Rust type without the outer `Option`, and whether it had one.
fn rust(t: &str) -> (String, bool) {
    match t.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')) {
        Some(inner) => (inner.to_owned(), true),
        None => (t.to_owned(), false),
    }
}

/// Whether a TypeScript type and a Rust type say the same thing (so no difference is listed).
fn same_type(ts: &str, rust: &str, schema: &str) -> bool {
    if let (Some(t), Some(r)) = (
        ts.strip_suffix("[]"),
        rust.strip_prefix("Vec<Option<")
            .and_then(|r| r.strip_suffix(">>")),
    ) {
        return same_type(t, r, schema);
    }
    let camel = |s: &str| -> String {
        s.split(|c: char| !c.is_alphanumeric())
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect()
    };
    match ts.split_once(' ') {
        Some(("enum" | "composite", name)) => rust == format!("{schema}::{}", camel(name)),
        _ => matches!(
            (ts, rust),
            ("string", "String")
                | ("boolean", "bool")
                | ("Json", "serde_json::Value")
                | ("number", "i16" | "i32" | "u32" | "Float4" | "Float8")
        ),
    }
}

fn differences(meta: &Value, ours: &BTreeMap<String, OurSchema>) -> BTreeSet<String> {
    let mut diffs = BTreeSet::new();
    for schema in SCHEMAS {
        let m = &meta["schemas"][schema];
        let o = &ours[*schema];
        let compare_type =
            |at: &str, t: &Value, our: &str, what: &str, diffs: &mut BTreeSet<String>| {
                let (ts_type, ts_null) = ts(t, schema);
                let (rust_type, rust_null) = rust(our);
                if ts_null != rust_null {
                    diffs.insert(format!(
                        "{at}: {what} pg-meta {} ({ts_type}) / ours {}",
                        if ts_null { "nullable" } else { "not null" },
                        if rust_null { "nullable" } else { "not null" }
                    ));
                }
                if !same_type(&ts_type, &rust_type, schema) {
                    diffs.insert(format!("{at}: type {ts_type} / {rust_type}"));
                }
            };
        for section in ["Tables", "Views"] {
            for (name, rel) in m[section].as_object().unwrap() {
                let at = format!("{schema}.{name}");
                let Some(our) = o.relations.get(name) else {
                    diffs.insert(format!("{at}: missing in ours"));
                    continue;
                };
                let rel = &rel["type"]["object"];
                for (col, c) in rel["Row"]["type"]["object"].as_object().unwrap() {
                    match our.row.get(col) {
                        Some(t) => {
                            compare_type(&format!("{at}.{col}"), &c["type"], t, "row", &mut diffs)
                        }
                        None => {
                            diffs.insert(format!("{at}.{col}: missing in ours"));
                        }
                    }
                }
                for (kind, ours_fields) in [("Insert", &our.insert), ("Update", &our.update)] {
                    let theirs = rel.get(kind).map(|k| &k["type"]["object"]);
                    match (theirs, ours_fields) {
                        (None, None) => {}
                        (Some(_), None) | (None, Some(_)) => {
                            diffs.insert(format!(
                                "{at}: {kind} type in {}",
                                if theirs.is_some() {
                                    "pg-meta only"
                                } else {
                                    "ours only"
                                }
                            ));
                        }
                        (Some(theirs), Some(ours_fields)) if kind == "Insert" => {
                            for (col, c) in theirs.as_object().unwrap() {
                                let never = c["type"].get("raw") == Some(&Value::from("never"));
                                let theirs = match (never, c["optional"].as_bool().unwrap()) {
                                    (true, _) => "absent",
                                    (false, true) => "optional",
                                    (false, false) => "required",
                                };
                                let ours = match ours_fields.get(col) {
                                    None => "absent",
                                    Some(t) if t.starts_with("Option<") => "optional",
                                    Some(_) => "required",
                                };
                                if theirs != ours {
                                    diffs.insert(format!(
                                        "{at}.{col}: insert pg-meta {theirs} / ours {ours}"
                                    ));
                                }
                            }
                        }
                        (Some(_), Some(_)) => {}
                    }
                }
            }
        }
        for (name, e) in m["Enums"].as_object().unwrap() {
            let labels: Vec<String> = e["type"]["union"]
                .as_array()
                .map(|u| {
                    u.iter()
                        .map(|l| l["string"].as_str().unwrap().to_owned())
                        .collect()
                })
                .unwrap_or_else(|| vec![e["type"]["string"].as_str().unwrap().to_owned()]);
            if o.enums.get(name) != Some(&labels) {
                diffs.insert(format!("{schema}.{name}: enum labels differ"));
            }
        }
        for (name, c) in m["CompositeTypes"].as_object().unwrap() {
            let Some(our) = o.composites.get(name) else {
                diffs.insert(format!("{schema}.{name}: composite missing in ours"));
                continue;
            };
            for (field, f) in c["type"]["object"].as_object().unwrap() {
                match our.get(field) {
                    Some(t) => compare_type(
                        &format!("{schema}.{name}.{field}"),
                        &f["type"],
                        t,
                        "field",
                        &mut diffs,
                    ),
                    None => {
                        diffs.insert(format!("{schema}.{name}.{field}: missing in ours"));
                    }
                }
            }
        }
        for (name, f) in m["Functions"].as_object().unwrap() {
            let at = format!("{schema}.{name}()");
            let overloads: Vec<&Value> = match f["type"].get("union") {
                Some(u) => u.as_array().unwrap().iter().collect(),
                None => vec![&f["type"]],
            };
            let Some(our) = o.functions.get(name) else {
                diffs.insert(format!("{at}: missing in ours"));
                continue;
            };
            if our.len() != overloads.len() {
                diffs.insert(format!(
                    "{at}: {} overloads in pg-meta / {} in ours",
                    overloads.len(),
                    our.len()
                ));
                continue;
            }
            for overload in overloads {
                let o = &overload["object"];
                let args: BTreeMap<String, bool> = o["Args"]["type"]
                    .get("object")
                    .and_then(Value::as_object)
                    .map(|a| {
                        a.iter()
                            .map(|(k, v)| (k.clone(), v["optional"].as_bool().unwrap()))
                            .collect()
                    })
                    .unwrap_or_default();
                let matching = our.iter().find(|(a, _)| {
                    a.len() == args.len()
                        && args.iter().all(|(k, opt)| {
                            a.get(k).is_some_and(|t| t.starts_with("Option<") == *opt)
                        })
                });
                let Some((_, returns)) = matching else {
                    diffs.insert(format!("{at}: arguments {args:?} not in ours"));
                    continue;
                };
                let theirs_set = o["Returns"]["type"].get("array").is_some();
                let ours_set = returns.starts_with("Vec<");
                if theirs_set != ours_set {
                    diffs.insert(format!(
                        "{at}: returns a set in {}",
                        if theirs_set {
                            "pg-meta only"
                        } else {
                            "ours only"
                        }
                    ));
                }
            }
        }
    }
    diffs
}

fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(part) else {
                return false;
            };
            rest = r;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            let Some(at) = rest.find(part) else {
                return false;
            };
            rest = &rest[at + part.len()..];
        }
    }
    rest.is_empty()
}

#[tokio::test]
async fn postgres_meta_types_appear_in_ours_with_the_same_nullability() {
    let db = supabase_tests::database();
    let meta = pg_meta(&db.superuser_url);
    let model = supabase_codegen::source::live::introspect_url(&db.superuser_url, SCHEMAS)
        .await
        .unwrap();
    let code = emit::generate(&model, &EmitOptions::new()).unwrap();
    let ours = ours(&code);
    // The comparison is not vacuous: postgres-meta typed the whole fixture.
    let public = &meta["schemas"]["public"];
    assert!(public["Tables"].as_object().unwrap().len() >= 18);
    assert!(public["Views"].as_object().unwrap().len() >= 4);
    assert!(public["Functions"].as_object().unwrap().len() >= 15);
    assert_eq!(
        ours["public"].relations.len(),
        public["Tables"].as_object().unwrap().len() + public["Views"].as_object().unwrap().len()
    );

    let diffs = differences(&meta, &ours);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pgmeta/intended-differences.json");
    let intended: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let intended = intended["differences"].as_array().unwrap();
    let unexplained: Vec<&String> = diffs
        .iter()
        .filter(|d| {
            !intended
                .iter()
                .any(|i| glob(i["what"].as_str().unwrap(), d))
        })
        .collect();
    let stale: Vec<&str> = intended
        .iter()
        .map(|i| i["what"].as_str().unwrap())
        .filter(|p| !diffs.iter().any(|d| glob(p, d)))
        .collect();
    for i in intended {
        assert!(!i["reason"].as_str().unwrap().is_empty(), "{i}: no reason");
    }
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "differences from postgres-meta not listed in {}:\n{}\n\nlisted but not found:\n{}",
        path.display(),
        unexplained
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        stale.join("\n")
    );
}
