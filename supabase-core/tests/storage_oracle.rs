//! Cross-check with the official client: the calls of tools/node/storage-oracle.mjs
//! (`@supabase/storage-js` 2.112.2 with a capturing fetch) made through this client against
//! the Storage fake, request by request: method, path as Storage's router decodes it, query
//! pairs, JSON body (numbers compared as numbers), JSON content type.
//!
//! One intended difference: deleting an analytics bucket sends no body here; storage-js sends
//! `{}`, which the route ignores (its JSON parser reads nothing).

#![cfg(feature = "storage")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod storage_support;

use std::path::PathBuf;

use serde_json::{json, Value};
use supabase_core::storage::{
    AnalyticsListOptions, BucketOptions, BucketSortColumn, CreateIndexOptions, DistanceMetric,
    ListV2Options, ListV2SortColumn, ListVectorsOptions, QueryVectorsOptions, SortOrder,
    VectorData, VectorListOptions, VectorObject,
};
use supabase_core::Client;

use storage_support::router::parse_target;
use storage_support::{FakeConfig, FakeStorage, Logged};

const KEY: &str = "k";

/// One request, comparable across both clients.
#[derive(Debug, PartialEq)]
struct Seen {
    method: String,
    segments: Vec<String>,
    query: Vec<(String, String)>,
    json_content_type: bool,
    body: Option<Value>,
}

/// Numbers as f64, so `1` (JavaScript) and `1.0` (an `f32` here) compare equal.
fn normalize(v: Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}

fn seen(
    method: &str,
    path: &str,
    query: &str,
    content_type: Option<&str>,
    body: Option<Value>,
) -> Seen {
    Seen {
        method: method.to_owned(),
        segments: parse_target(path, true).unwrap().segments,
        query: form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        json_content_type: content_type.is_some_and(|c| c.starts_with("application/json")),
        body: body.map(normalize),
    }
}

fn from_fake(r: &Logged) -> Seen {
    seen(
        r.method.as_str(),
        &r.path,
        r.query.as_deref().unwrap_or(""),
        r.header("content-type"),
        r.json.clone(),
    )
}

fn from_js(v: &Value) -> Seen {
    seen(
        v["method"].as_str().unwrap(),
        v["path"].as_str().unwrap(),
        v["query"].as_str().unwrap(),
        v["contentType"].as_str(),
        (!v["body"].is_null()).then(|| v["body"].clone()),
    )
}

async fn rust_scenario(client: &Client) {
    let storage = client.storage();
    let b = storage.from_("b");
    let _ = b
        .list_v2(
            ListV2Options::new()
                .prefix("a/")
                .limit(2)
                .with_delimiter(true)
                .sort_by(ListV2SortColumn::UpdatedAt, SortOrder::Desc),
        )
        .await;
    let _ = b.list_v2(ListV2Options::new().cursor("c1")).await;
    let _ = b.purge_cache("dir/my file;1(a).png", false).await;
    let _ = b.purge_cache("a.png", true).await;

    let vectors = storage.vectors();
    let _ = vectors.create_bucket("emb").await;
    let _ = vectors.get_bucket("emb").await;
    let _ = vectors
        .list_buckets(
            VectorListOptions::new()
                .prefix("e")
                .max_results(5)
                .next_token("t"),
        )
        .await;
    let bucket = vectors.from_("emb");
    let _ = bucket
        .create_index(
            CreateIndexOptions::new("docs", 3, DistanceMetric::Cosine)
                .non_filterable_metadata_keys(["body"]),
        )
        .await;
    let _ = bucket.get_index("docs").await;
    let _ = bucket
        .list_indexes(VectorListOptions::new().prefix("d").max_results(2))
        .await;
    let index = bucket.index("docs");
    let _ = index
        .put_vectors(vec![VectorObject::new(
            "a",
            VectorData::float32([1.0, 0.5, 0.0]),
        )
        .metadata(json!({"lang": "en", "year": 2024}))])
        .await;
    let _ = index.get_vectors(["a", "b"], true, true).await;
    let _ = index
        .list_vectors(
            ListVectorsOptions::new()
                .max_results(10)
                .return_metadata(true)
                .segment(1, 2),
        )
        .await;
    let _ = index
        .query_vectors(
            QueryVectorsOptions::new(VectorData::float32([1.0, 0.5, 0.0]), 3)
                .filter(json!({"lang": "en"}))
                .return_distance(true)
                .return_metadata(true),
        )
        .await;
    let _ = index.delete_vectors(["a"]).await;
    let _ = bucket.delete_index("docs").await;
    let _ = vectors.delete_bucket("emb").await;

    let analytics = storage.analytics();
    let _ = analytics.create_bucket("events").await;
    let _ = analytics
        .list_buckets(
            AnalyticsListOptions::new()
                .limit(10)
                .offset(5)
                .sort(BucketSortColumn::CreatedAt, SortOrder::Desc)
                .search("ev"),
        )
        .await;
    let _ = analytics.delete_bucket("events").await;
}

#[tokio::test]
async fn new_storage_calls_match_storage_js() {
    let fake = FakeStorage::start(FakeConfig {
        api_key: KEY.into(),
        bearer_tokens: vec![KEY.into()],
        hash: false,
        semicolon_delimiter: true,
    })
    .await;
    let client = Client::new(fake.project_url(), KEY).unwrap();
    client
        .storage()
        .create_bucket("b", BucketOptions::new())
        .await
        .unwrap();
    let skip = fake.request_count();
    rust_scenario(&client).await;
    let ours: Vec<Seen> = fake.requests()[skip..].iter().map(from_fake).collect();

    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/node/storage-oracle.mjs");
    let out = tokio::process::Command::new("node")
        .arg(&script)
        .output()
        .await
        .expect("node must be installed (scripts/install-deps)");
    assert!(
        out.status.success(),
        "storage-oracle.mjs failed (is @supabase/storage-js installed? scripts/install-deps): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let js: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let js: Vec<Seen> = js.iter().map(from_js).collect();

    assert_eq!(ours.len(), js.len(), "ours {ours:#?}\njs {js:#?}");
    for (i, (o, j)) in ours.iter().zip(&js).enumerate() {
        if o.segments == ["storage", "v1", "iceberg", "bucket", "events"] && o.method == "DELETE" {
            // The intended difference (see the module doc).
            assert_eq!(o.body, None);
            assert_eq!(j.body, Some(json!({})));
            assert_eq!(
                (&o.method, &o.segments, &o.query),
                (&j.method, &j.segments, &j.query)
            );
            continue;
        }
        assert_eq!(o, j, "request {i}");
    }
}
