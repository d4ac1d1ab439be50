//! The fake's vector API (`POST /storage/v1/vector/{Operation}`) and analytics buckets
//! (`/storage/v1/iceberg/bucket`), from Storage's routes: bodies checked against the routes'
//! JSON schemas (no coercion, unknown keys refused), errors with the real HTTP status
//! (those routes set `respectStatusCode`): `ConflictException` 409, `NotFoundException` 404,
//! `VectorBucketNotEmpty` 400; iceberg errors as `{"error":{"message","type","code"}}`.
//! Queries are answered by brute force over the stored vectors (cosine or euclidean), with
//! the metadata filter language of the QueryVectors schema (`$eq $ne $gt $gte $lt $lte $in
//! $nin $exists $and $or`).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{as_object, check_keys, json_response, reject, Answer, Body, Response, Shared};

#[derive(Debug, Default)]
pub(super) struct VectorStore {
    /// bucket -> (creation seconds, indexes)
    buckets: BTreeMap<String, (i64, BTreeMap<String, Index>)>,
    clock: i64,
    analytics: BTreeMap<String, String>,
}

/// A stored vector: its numbers and metadata.
type Stored = (Vec<f64>, Option<Map<String, Value>>);

#[derive(Debug)]
struct Index {
    dimension: usize,
    metric: String,
    non_filterable: Vec<String>,
    created: i64,
    vectors: BTreeMap<String, Stored>,
}

/// What `response.send()` without a payload answers.
fn empty_ok() -> Response<Body> {
    Response::builder()
        .status(200)
        .body(super::empty_body())
        .expect("response")
}

fn status_error(status: u16, code: &str, message: &str) -> Response<Body> {
    json_response(
        status,
        &json!({"statusCode": status.to_string(), "code": code, "error": code, "message": message}),
    )
}

fn not_found(name: &str) -> Response<Body> {
    status_error(
        404,
        "NotFoundException",
        &format!("resource \"{name}\" not found"),
    )
}

fn string<'a>(o: &'a Map<String, Value>, k: &str) -> Result<&'a str, Response<Body>> {
    o.get(k)
        .and_then(Value::as_str)
        .ok_or_else(|| reject(format!("body/{k} must be string")))
}

fn index_name(o: &Map<String, Value>) -> Result<&str, Response<Body>> {
    let n = string(o, "indexName")?;
    let ok = (3..=45).contains(&n.len())
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && n.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && n.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric());
    if !ok {
        return Err(reject(format!(
            "body/indexName must match pattern, got {n:?}"
        )));
    }
    Ok(n)
}

fn int_in(
    o: &Map<String, Value>,
    k: &str,
    min: u64,
    max: u64,
) -> Result<Option<u64>, Response<Body>> {
    match o.get(k) {
        None => Ok(None),
        Some(v) => match v.as_u64() {
            Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(reject(format!(
                "body/{k} must be an integer from {min} to {max}, got {v}"
            ))),
        },
    }
}

fn boolean(o: &Map<String, Value>, k: &str) -> Result<bool, Response<Body>> {
    match o.get(k) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(v) => Err(reject(format!("body/{k} must be boolean, got {v}"))),
    }
}

fn floats(v: Option<&Value>, what: &str) -> Result<Vec<f64>, Response<Body>> {
    let data = v
        .and_then(Value::as_object)
        .ok_or_else(|| reject(format!("{what} must be an object")))?;
    check_keys(data, &["float32"], &["float32"])?;
    let a = data["float32"]
        .as_array()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| reject(format!("{what}/float32 must be a non-empty array")))?;
    a.iter()
        .map(|x| {
            x.as_f64()
                .ok_or_else(|| reject(format!("{what}/float32 must hold numbers")))
        })
        .collect()
}

fn keys_field(o: &Map<String, Value>, max: usize) -> Result<Vec<String>, Response<Body>> {
    let a = o
        .get("keys")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty() && a.len() <= max)
        .ok_or_else(|| reject(format!("body/keys must be an array of 1 to {max} strings")))?;
    a.iter()
        .map(|k| match k.as_str() {
            Some(s) if !s.is_empty() && s.len() <= 1024 => Ok(s.to_owned()),
            _ => Err(reject(
                "body/keys items must be strings of 1 to 1024 characters",
            )),
        })
        .collect()
}

fn metadata_ok(m: &Value) -> bool {
    let prim = |v: &Value| v.is_string() || v.is_number() || v.is_boolean();
    m.as_object().is_some_and(|o| {
        o.values()
            .all(|v| prim(v) || v.as_array().is_some_and(|a| a.iter().all(prim)))
    })
}

/// Whether `meta` matches a QueryVectors filter; `Err` for a filter the schema refuses.
fn matches(filter: &Value, meta: &Map<String, Value>) -> Result<bool, String> {
    let f = filter.as_object().ok_or("a filter must be an object")?;
    if let Some(all) = f.get("$and").or_else(|| f.get("$or")) {
        if f.len() != 1 {
            return Err("$and/$or stand alone".into());
        }
        let items = all
            .as_array()
            .filter(|a| !a.is_empty())
            .ok_or("$and/$or need items")?;
        let results = items
            .iter()
            .map(|i| matches(i, meta))
            .collect::<Result<Vec<bool>, String>>()?;
        return Ok(if f.contains_key("$and") {
            results.iter().all(|x| *x)
        } else {
            results.iter().any(|x| *x)
        });
    }
    let prim = |v: &Value| v.is_string() || v.is_number() || v.is_boolean();
    let mut ok = true;
    for (field, cond) in f {
        if field.starts_with('$') {
            return Err(format!("unknown operator {field}"));
        }
        let value = meta.get(field);
        let eq = |x: &Value| {
            value.is_some_and(|v| v == x || v.as_array().is_some_and(|a| a.contains(x)))
        };
        let num = |x: &Value| value.and_then(Value::as_f64).zip(x.as_f64());
        let hit = if prim(cond) {
            eq(cond)
        } else {
            let ops = cond
                .as_object()
                .filter(|o| !o.is_empty())
                .ok_or("bad condition")?;
            let mut all = true;
            for (op, x) in ops {
                let r = match op.as_str() {
                    "$eq" if prim(x) => eq(x),
                    "$ne" if prim(x) => !eq(x),
                    "$gt" if x.is_number() => num(x).is_some_and(|(a, b)| a > b),
                    "$gte" if x.is_number() => num(x).is_some_and(|(a, b)| a >= b),
                    "$lt" if x.is_number() => num(x).is_some_and(|(a, b)| a < b),
                    "$lte" if x.is_number() => num(x).is_some_and(|(a, b)| a <= b),
                    "$in" | "$nin" => {
                        let list = x
                            .as_array()
                            .filter(|a| !a.is_empty() && a.iter().all(prim))
                            .ok_or("$in/$nin need a non-empty array of primitives")?;
                        let any = list.iter().any(&eq);
                        if op == "$in" {
                            any
                        } else {
                            !any
                        }
                    }
                    "$exists" if x.is_boolean() => value.is_some() == (x == &Value::Bool(true)),
                    other => return Err(format!("bad operator {other}")),
                };
                all &= r;
            }
            all
        };
        ok &= hit;
    }
    Ok(ok)
}

fn distance(metric: &str, a: &[f64], b: &[f64]) -> f64 {
    if metric == "cosine" {
        let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
        let na: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
        let nb: f64 = b.iter().map(|x| x * x).sum::<f64>().sqrt();
        1.0 - dot / (na * nb)
    } else {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y) * (x - y))
            .sum::<f64>()
            .sqrt()
    }
}

fn match_json(
    key: &str,
    data: &[f64],
    meta: &Option<Map<String, Value>>,
    with_data: bool,
    with_meta: bool,
) -> Value {
    let mut m = json!({ "key": key });
    if with_data {
        m["data"] = json!({ "float32": data });
    }
    if with_meta {
        m["metadata"] = json!(meta.clone().unwrap_or_default());
    }
    m
}

/// `POST /vector/{op}`.
pub(super) fn vector_route(shared: &Shared, op: &str, body: &Value) -> Answer {
    let o = as_object(body)?;
    let mut guard = shared.lock();
    let st = &mut guard.vectors;
    st.clock += 1;
    let now = 1_700_000_000 + st.clock;
    let bucket_of =
        |st: &mut VectorStore, o: &Map<String, Value>| -> Result<String, Response<Body>> {
            let b = string(o, "vectorBucketName")?.to_owned();
            if st.buckets.contains_key(&b) {
                Ok(b)
            } else {
                Err(not_found(&b))
            }
        };
    match op {
        "CreateVectorBucket" => {
            check_keys(o, &["vectorBucketName"], &["vectorBucketName"])?;
            let b = string(o, "vectorBucketName")?;
            if st.buckets.contains_key(b) {
                return Err(status_error(
                    409,
                    "ConflictException",
                    &format!("vector bucket \"{b}\" already exists"),
                ));
            }
            st.buckets.insert(b.to_owned(), (now, BTreeMap::new()));
            Ok(empty_ok())
        }
        "GetVectorBucket" => {
            check_keys(o, &["vectorBucketName"], &["vectorBucketName"])?;
            let b = bucket_of(st, o)?;
            Ok(json_response(
                200,
                &json!({"vectorBucket": {"vectorBucketName": b, "creationTime": st.buckets[&b].0}}),
            ))
        }
        "DeleteVectorBucket" => {
            check_keys(o, &["vectorBucketName"], &["vectorBucketName"])?;
            let b = bucket_of(st, o)?;
            if !st.buckets[&b].1.is_empty() {
                return Err(status_error(
                    400,
                    "VectorBucketNotEmpty",
                    &format!("Vector Bucket \"{b}\" not empty"),
                ));
            }
            st.buckets.remove(&b);
            Ok(empty_ok())
        }
        "ListVectorBuckets" | "ListIndexes" => {
            let buckets = op == "ListVectorBuckets";
            if buckets {
                check_keys(o, &["maxResults", "nextToken", "prefix"], &[])?;
            } else {
                check_keys(
                    o,
                    &["vectorBucketName", "maxResults", "nextToken", "prefix"],
                    &["vectorBucketName"],
                )?;
            }
            let max = int_in(o, "maxResults", 1, 500)?.unwrap_or(500) as usize;
            let prefix = o
                .get("prefix")
                .map(|p| {
                    p.as_str()
                        .ok_or_else(|| reject("body/prefix must be string"))
                })
                .transpose()?
                .unwrap_or("");
            let after = o
                .get("nextToken")
                .map(|p| {
                    p.as_str()
                        .ok_or_else(|| reject("body/nextToken must be string"))
                })
                .transpose()?;
            let names: Vec<(String, i64)> = if buckets {
                st.buckets.iter().map(|(k, v)| (k.clone(), v.0)).collect()
            } else {
                let b = bucket_of(st, o)?;
                st.buckets[&b]
                    .1
                    .iter()
                    .map(|(k, v)| (k.clone(), v.created))
                    .collect()
            };
            let mut page: Vec<(String, i64)> = names
                .into_iter()
                .filter(|(n, _)| n.starts_with(prefix) && after.map_or(true, |a| n.as_str() > a))
                .collect();
            let next = (page.len() > max).then(|| page[max - 1].0.clone());
            page.truncate(max);
            let (list_key, name_key) = if buckets {
                ("vectorBuckets", "vectorBucketName")
            } else {
                ("indexes", "indexName")
            };
            let bucket = o.get("vectorBucketName").cloned();
            let items: Vec<Value> = page
                .into_iter()
                .map(|(n, t)| {
                    let mut v = json!({ name_key: n, "creationTime": t });
                    if let Some(b) = &bucket {
                        v["vectorBucketName"] = b.clone();
                    }
                    v
                })
                .collect();
            let mut answer = json!({ list_key: items });
            if let Some(n) = next {
                answer["nextToken"] = json!(n);
            }
            Ok(json_response(200, &answer))
        }
        "CreateIndex" => {
            check_keys(
                o,
                &[
                    "dataType",
                    "dimension",
                    "distanceMetric",
                    "indexName",
                    "metadataConfiguration",
                    "vectorBucketName",
                ],
                &[
                    "dataType",
                    "dimension",
                    "distanceMetric",
                    "indexName",
                    "vectorBucketName",
                ],
            )?;
            if o["dataType"] != "float32" {
                return Err(reject(
                    "body/dataType must be equal to one of the allowed values",
                ));
            }
            let dimension = int_in(o, "dimension", 1, 4096)?.unwrap_or(0) as usize;
            let metric = string(o, "distanceMetric")?;
            if metric != "cosine" && metric != "euclidean" {
                return Err(reject(
                    "body/distanceMetric must be equal to one of the allowed values",
                ));
            }
            let name = index_name(o)?.to_owned();
            let mut non_filterable = Vec::new();
            if let Some(mc) = o.get("metadataConfiguration") {
                let mc = mc
                    .as_object()
                    .ok_or_else(|| reject("body/metadataConfiguration must be object"))?;
                check_keys(
                    mc,
                    &["nonFilterableMetadataKeys"],
                    &["nonFilterableMetadataKeys"],
                )?;
                let keys = mc["nonFilterableMetadataKeys"]
                    .as_array()
                    .filter(|a| (1..=10).contains(&a.len()))
                    .ok_or_else(|| reject("nonFilterableMetadataKeys must have 1 to 10 items"))?;
                for k in keys {
                    let k = k
                        .as_str()
                        .filter(|s| (1..=63).contains(&s.len()))
                        .ok_or_else(|| {
                            reject("nonFilterableMetadataKeys items must be strings of 1 to 63")
                        })?;
                    if non_filterable.iter().any(|x| x == k) {
                        return Err(reject("nonFilterableMetadataKeys must be unique"));
                    }
                    non_filterable.push(k.to_owned());
                }
            }
            let b = bucket_of(st, o)?;
            let indexes = &mut st.buckets.get_mut(&b).expect("bucket").1;
            if indexes.contains_key(&name) {
                return Err(status_error(
                    409,
                    "ConflictException",
                    &format!("vector index \"{name}\" already exists"),
                ));
            }
            indexes.insert(
                name,
                Index {
                    dimension,
                    metric: metric.to_owned(),
                    non_filterable,
                    created: now,
                    vectors: BTreeMap::new(),
                },
            );
            Ok(empty_ok())
        }
        _ => index_route(st, op, o),
    }
}

fn index_route(st: &mut VectorStore, op: &str, o: &Map<String, Value>) -> Answer {
    let allowed: &[&str] = match op {
        "GetIndex" | "DeleteIndex" => &["vectorBucketName", "indexName"],
        "PutVectors" => &["vectorBucketName", "indexName", "vectors"],
        "GetVectors" => &[
            "vectorBucketName",
            "indexName",
            "keys",
            "returnData",
            "returnMetadata",
        ],
        "DeleteVectors" => &["vectorBucketName", "indexName", "keys"],
        "ListVectors" => &[
            "vectorBucketName",
            "indexArn",
            "indexName",
            "maxResults",
            "nextToken",
            "returnData",
            "returnMetadata",
            "segmentCount",
            "segmentIndex",
        ],
        "QueryVectors" => &[
            "vectorBucketName",
            "indexName",
            "queryVector",
            "topK",
            "filter",
            "returnDistance",
            "returnMetadata",
        ],
        _ => return Err(super::route_not_found(&format!("POST /vector/{op}"))),
    };
    let required: &[&str] = match op {
        "PutVectors" => &["vectorBucketName", "indexName", "vectors"],
        "GetVectors" | "DeleteVectors" => &["vectorBucketName", "indexName", "keys"],
        "QueryVectors" => &["vectorBucketName", "indexName", "queryVector", "topK"],
        _ => &["vectorBucketName", "indexName"],
    };
    check_keys(o, allowed, required)?;
    let name = if matches!(op, "GetVectors" | "DeleteVectors") {
        string(o, "indexName")?
    } else {
        index_name(o)?
    }
    .to_owned();
    let b = string(o, "vectorBucketName")?.to_owned();
    let Some((_, indexes)) = st.buckets.get_mut(&b) else {
        return Err(not_found(&b));
    };
    if op == "DeleteIndex" {
        return match indexes.remove(&name) {
            Some(_) => Ok(empty_ok()),
            None => Err(not_found(&name)),
        };
    }
    let Some(index) = indexes.get_mut(&name) else {
        return Err(not_found(&name));
    };
    match op {
        "GetIndex" => {
            let mut i = json!({
                "indexName": name, "vectorBucketName": b, "dataType": "float32",
                "dimension": index.dimension, "distanceMetric": index.metric,
                "creationTime": format!("2024-01-01T00:00:{:02}.000Z", index.created % 60),
            });
            if !index.non_filterable.is_empty() {
                i["metadataConfiguration"] =
                    json!({"nonFilterableMetadataKeys": index.non_filterable});
            }
            Ok(json_response(200, &json!({ "index": i })))
        }
        "PutVectors" => {
            let vs = o["vectors"]
                .as_array()
                .filter(|a| (1..=500).contains(&a.len()))
                .ok_or_else(|| reject("body/vectors must have 1 to 500 items"))?;
            let mut parsed = Vec::new();
            for v in vs {
                let v = v
                    .as_object()
                    .ok_or_else(|| reject("body/vectors items must be objects"))?;
                check_keys(v, &["key", "data", "metadata"], &["key", "data"])?;
                let key = v["key"]
                    .as_str()
                    .filter(|k| (1..=1024).contains(&k.len()))
                    .ok_or_else(|| reject("vector key must be 1 to 1024 characters"))?;
                let data = floats(v.get("data"), "body/vectors/data")?;
                if data.len() != index.dimension {
                    return Err(status_error(
                        400,
                        "InvalidRequest",
                        &format!(
                            "vector dimension {} does not match index dimension {}",
                            data.len(),
                            index.dimension
                        ),
                    ));
                }
                let meta =
                    match v.get("metadata") {
                        None => None,
                        Some(m) if metadata_ok(m) => m.as_object().cloned(),
                        Some(_) => return Err(reject(
                            "metadata values must be strings, numbers, booleans or arrays of them",
                        )),
                    };
                parsed.push((key.to_owned(), data, meta));
            }
            for (k, d, m) in parsed {
                index.vectors.insert(k, (d, m));
            }
            Ok(empty_ok())
        }
        "GetVectors" => {
            let keys = keys_field(o, 100)?;
            let (with_data, with_meta) = (boolean(o, "returnData")?, boolean(o, "returnMetadata")?);
            let found: Vec<Value> = keys
                .iter()
                .filter_map(|k| {
                    index
                        .vectors
                        .get(k)
                        .map(|(d, m)| match_json(k, d, m, with_data, with_meta))
                })
                .collect();
            Ok(json_response(200, &json!({ "vectors": found })))
        }
        "DeleteVectors" => {
            for k in keys_field(o, 500)? {
                index.vectors.remove(&k);
            }
            Ok(empty_ok())
        }
        "ListVectors" => {
            let max = int_in(o, "maxResults", 1, 1000)?.unwrap_or(1000) as usize;
            let count = int_in(o, "segmentCount", 1, 16)?;
            let seg = int_in(o, "segmentIndex", 0, 15)?;
            match (count, seg) {
                (None, None) => {}
                (Some(c), Some(s)) if s < c => {}
                _ => {
                    return Err(status_error(
                        400,
                        "InvalidRequest",
                        "segmentCount and segmentIndex go together, the index below the count",
                    ))
                }
            }
            let (with_data, with_meta) = (boolean(o, "returnData")?, boolean(o, "returnMetadata")?);
            let after = o.get("nextToken").and_then(Value::as_str);
            let mut rows: Vec<Value> = index
                .vectors
                .iter()
                .enumerate()
                .filter(|(i, _)| count.map_or(true, |c| (*i as u64) % c == seg.unwrap_or(0)))
                .filter(|(_, (k, _))| after.map_or(true, |a| k.as_str() > a))
                .map(|(_, (k, (d, m)))| match_json(k, d, m, with_data, with_meta))
                .collect();
            let next = (rows.len() > max).then(|| rows[max - 1]["key"].clone());
            rows.truncate(max);
            let mut answer = json!({ "vectors": rows });
            if let Some(n) = next {
                answer["nextToken"] = n;
            }
            Ok(json_response(200, &answer))
        }
        "QueryVectors" => {
            let q = floats(o.get("queryVector"), "body/queryVector")?;
            let top_k = int_in(o, "topK", 1, 100)?.unwrap_or(1) as usize;
            if q.len() != index.dimension {
                return Err(status_error(
                    400,
                    "InvalidRequest",
                    "query vector dimension does not match the index",
                ));
            }
            let (with_dist, with_meta) =
                (boolean(o, "returnDistance")?, boolean(o, "returnMetadata")?);
            let filter = o.get("filter");
            let mut hits = Vec::new();
            for (k, (d, m)) in &index.vectors {
                if let Some(f) = filter {
                    let empty = Map::new();
                    let meta = m.as_ref().unwrap_or(&empty);
                    let filterable: Map<String, Value> = meta
                        .iter()
                        .filter(|(k, _)| !index.non_filterable.contains(k))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    if !matches(f, &filterable).map_err(|e| reject(format!("body/filter: {e}")))? {
                        continue;
                    }
                }
                hits.push((distance(&index.metric, &q, d), k, m));
            }
            hits.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
            let out: Vec<Value> = hits
                .into_iter()
                .take(top_k)
                .map(|(dist, k, m)| {
                    let mut v = match_json(k, &[], m, false, with_meta);
                    if with_dist {
                        v["distance"] = json!(dist);
                    }
                    v
                })
                .collect();
            Ok(json_response(
                200,
                &json!({ "vectors": out, "distanceMetric": index.metric }),
            ))
        }
        _ => Err(super::route_not_found(op)),
    }
}

fn iceberg_error(status: u16, kind: &str, message: &str) -> Response<Body> {
    json_response(
        status,
        &json!({"error": {"message": message, "type": kind, "code": status}}),
    )
}

/// `POST /iceberg/bucket` `{name}`.
pub(super) fn analytics_create(shared: &Shared, body: &Value) -> Answer {
    let o = as_object(body)?;
    check_keys(o, &["name"], &["name"])?;
    let name = string(o, "name")?.to_owned();
    if !super::server_accepts_bucket_name(&name) {
        return Err(iceberg_error(
            400,
            "InvalidBucketName",
            "Bucket name invalid",
        ));
    }
    let mut st = shared.lock();
    let (_, now) = st.tick();
    if st.vectors.analytics.contains_key(&name) {
        return Err(iceberg_error(
            409,
            "BucketAlreadyExists",
            "The resource already exists",
        ));
    }
    st.vectors.analytics.insert(name.clone(), now.clone());
    Ok(json_response(
        200,
        &json!({"id": name, "name": name, "created_at": now, "updated_at": now}),
    ))
}

/// `GET /iceberg/bucket?limit&offset&sortColumn&sortOrder&search`.
pub(super) fn analytics_list(shared: &Shared, q: &[(String, String)]) -> Answer {
    super::allow_query(q, &["limit", "offset", "sortColumn", "sortOrder", "search"])?;
    let num = |k: &str, min: u64| -> Result<Option<u64>, Response<Body>> {
        super::get_q(q, k)
            .map(|v| {
                v.parse::<u64>()
                    .ok()
                    .filter(|n| *n >= min)
                    .ok_or_else(|| reject(format!("querystring/{k} must be integer >= {min}")))
            })
            .transpose()
    };
    let limit = num("limit", 1)?;
    let offset = num("offset", 0)?.unwrap_or(0) as usize;
    let column = super::get_q(q, "sortColumn").unwrap_or("name");
    if !["id", "name", "created_at", "updated_at"].contains(&column) {
        return Err(reject(
            "querystring/sortColumn must be equal to one of the allowed values",
        ));
    }
    let order = super::get_q(q, "sortOrder").unwrap_or("asc");
    if !["asc", "desc"].contains(&order) {
        return Err(reject(
            "querystring/sortOrder must be equal to one of the allowed values",
        ));
    }
    let st = shared.lock();
    let mut rows: Vec<(&String, &String)> = st
        .vectors
        .analytics
        .iter()
        .filter(|(n, _)| super::get_q(q, "search").map_or(true, |s| n.contains(s)))
        .collect();
    if column == "created_at" || column == "updated_at" {
        rows.sort_by(|a, b| a.1.cmp(b.1));
    }
    if order == "desc" {
        rows.reverse();
    }
    let out: Vec<Value> = rows
        .into_iter()
        .skip(offset)
        .take(limit.map_or(usize::MAX, |l| l as usize))
        .map(|(n, t)| json!({"name": n, "created_at": t, "updated_at": t, "id": n}))
        .collect();
    Ok(json_response(200, &Value::Array(out)))
}

/// `DELETE /iceberg/bucket/{name}` (the route takes no body).
pub(super) fn analytics_delete(shared: &Shared, name: &str) -> Answer {
    let mut st = shared.lock();
    match st.vectors.analytics.remove(name) {
        Some(_) => Ok(json_response(
            200,
            &json!({"message": "Successfully deleted"}),
        )),
        None => Err(iceberg_error(404, "NoSuchBucket", "Bucket not found")),
    }
}
