//! A Storage-protocol fake on 127.0.0.1: buckets and objects in memory, answering as the
//! Storage server does (fact sheet §3), ugly cases included.
//!
//! It is strict: a request with a wrong method, path, query key, header or JSON body gets an
//! error answer (HTTP 400 with `"code":"FakeRejected"` and a message naming the problem), so a
//! wrong request never passes. Answers follow the server: most errors are HTTP 400 with the
//! real status in the body's `statusCode` (`"404"`, `"409"`), a missing `Authorization` is 403
//! `InvalidJWT`, a missing `apikey` is the gateway's 401.
//!
//! Bodies are streamed: an upload is read frame by frame, hashed (SHA-256, unless hashing is
//! off) and compared with the test pattern ([`pattern_chunk`]) as it arrives; only the first
//! [`KEEP_LIMIT`] bytes are kept. A larger object is kept only as "the pattern, N bytes long" (or
//! as its digest when it is not the pattern) and is served back by generating the pattern,
//! hashed as it is sent. Nothing large is ever buffered.
//!
//! Test knobs (bucket ids): `proxy-502` answers a non-JSON 502; `bad-json` answers 200 with a
//! body that is not JSON.

#![allow(dead_code, clippy::result_large_err)]

pub mod router;
pub mod tus;
mod vector;

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use base64::Engine;
use bytes::{Bytes, BytesMut};
use futures_util::stream;
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Empty, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

type Body = UnsyncBoxBody<Bytes, Infallible>;

/// Uploads up to this size are kept in memory; larger ones only as pattern/digest.
pub const KEEP_LIMIT: usize = 4 * 1024 * 1024;

/// The pattern's period: a prime, so chunk boundaries rarely line up with it.
const PERIOD: usize = 65_521;

/// Two periods of the pseudo-random test pattern, so any window of up to `PERIOD` bytes is
/// one contiguous slice.
fn pattern_block() -> &'static Bytes {
    static BLOCK: OnceLock<Bytes> = OnceLock::new();
    BLOCK.get_or_init(|| {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut one = Vec::with_capacity(PERIOD);
        for _ in 0..PERIOD {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            one.push((x >> 24) as u8);
        }
        let mut two = one.clone();
        two.extend_from_slice(&one);
        Bytes::from(two)
    })
}

/// The pattern bytes at `offset`, at most `max` of them (zero-copy).
pub fn pattern_chunk(offset: u64, max: usize) -> Bytes {
    let start = (offset % PERIOD as u64) as usize;
    let len = max.min(PERIOD);
    pattern_block().slice(start..start + len)
}

/// A stream of `len` pattern bytes in chunks of up to `chunk` bytes.
pub fn pattern_stream(
    len: u64,
    chunk: usize,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    stream::unfold(0u64, move |offset| async move {
        if offset >= len {
            return None;
        }
        let n = chunk.min((len - offset) as usize);
        let bytes = pattern_chunk(offset, n);
        let next = offset + bytes.len() as u64;
        Some((Ok(bytes), next))
    })
}

/// The SHA-256 of `len` pattern bytes.
pub fn pattern_sha256(len: u64) -> String {
    let mut h = Sha256::new();
    let mut off = 0;
    while off < len {
        let c = pattern_chunk(off, (len - off).min(1 << 20) as usize);
        off += c.len() as u64;
        h.update(&c);
    }
    hex(&h.finalize())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How the fake authenticates.
#[derive(Debug, Clone)]
pub struct FakeConfig {
    /// The `apikey` every request must carry.
    pub api_key: String,
    /// Accepted `Authorization: Bearer …` tokens.
    pub bearer_tokens: Vec<String>,
    /// Hash bodies (SHA-256) while streaming.
    pub hash: bool,
    /// The router's `useSemicolonDelimiter`: `;` ends the path (Fastify 4's default, which
    /// deployed servers ran with); Fastify 5 turns it off. See [`router`].
    pub semicolon_delimiter: bool,
}

/// One request as received.
#[derive(Debug, Clone)]
pub struct Logged {
    pub method: Method,
    /// The raw path, as sent.
    pub path: String,
    /// The raw query, if any.
    pub query: Option<String>,
    pub headers: HeaderMap,
    /// The JSON body, when the request had one.
    pub json: Option<Value>,
}

impl Logged {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A body digest taken while streaming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyDigest {
    pub key: String,
    pub len: u64,
    /// Empty when hashing is off.
    pub sha256: String,
}

#[derive(Debug, Clone)]
enum Content {
    Kept(Bytes),
    Pattern(u64),
    Opaque(u64),
}

impl Content {
    fn len(&self) -> u64 {
        match self {
            Content::Kept(b) => b.len() as u64,
            Content::Pattern(n) | Content::Opaque(n) => *n,
        }
    }
}

#[derive(Debug, Clone)]
struct Object {
    id: String,
    content: Content,
    content_type: String,
    cache_control: String,
    metadata: Option<Value>,
    created_at: String,
    updated_at: String,
    etag: String,
}

#[derive(Debug, Clone)]
struct BucketRec {
    id: String,
    public: bool,
    bucket_type: String,
    file_size_limit: Option<Value>,
    allowed_mime_types: Option<Vec<String>>,
    created_at: String,
    updated_at: String,
    seq: u64,
}

#[derive(Debug, Clone)]
enum Token {
    Read {
        bucket: String,
        key: String,
        transform: Option<Value>,
    },
    Upload {
        bucket: String,
        key: String,
        upsert: bool,
    },
}

#[derive(Debug, Default)]
struct State {
    buckets: BTreeMap<String, BucketRec>,
    objects: BTreeMap<(String, String), Object>,
    tokens: HashMap<String, Token>,
    log: Vec<Logged>,
    seq: u64,
    uploads: Vec<BodyDigest>,
    downloads: Vec<BodyDigest>,
    vectors: vector::VectorStore,
}

impl State {
    fn tick(&mut self) -> (u64, String) {
        self.seq += 1;
        (
            self.seq,
            format!("2024-01-01T00:00:00.{:06}Z", self.seq % 1_000_000),
        )
    }
}

struct Shared {
    config: FakeConfig,
    state: Mutex<State>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }
}

/// The running fake.
#[derive(Clone)]
pub struct FakeStorage {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl FakeStorage {
    /// Starts the fake on a free port of 127.0.0.1 (on the current tokio runtime).
    pub async fn start(config: FakeConfig) -> FakeStorage {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let shared = Arc::new(Shared {
            config,
            state: Mutex::new(State::default()),
        });
        let server = Arc::clone(&shared);
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    continue;
                };
                let shared = Arc::clone(&server);
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let shared = Arc::clone(&shared);
                        async move { Ok::<_, Infallible>(handle(shared, req).await) }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(tcp), service)
                        .await;
                });
            }
        });
        FakeStorage { addr, shared }
    }

    /// `http://127.0.0.1:port` (the project URL; Storage lives under `/storage/v1/`).
    pub fn project_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Logged> {
        self.shared.lock().log.clone()
    }

    pub fn last_request(&self) -> Logged {
        self.shared
            .lock()
            .log
            .last()
            .cloned()
            .expect("no request received")
    }

    pub fn request_count(&self) -> usize {
        self.shared.lock().log.len()
    }

    pub fn uploads(&self) -> Vec<BodyDigest> {
        self.shared.lock().uploads.clone()
    }

    pub fn downloads(&self) -> Vec<BodyDigest> {
        self.shared.lock().downloads.clone()
    }

    /// The stored bytes of a small object.
    pub fn object_bytes(&self, bucket: &str, key: &str) -> Option<Bytes> {
        match &self
            .shared
            .lock()
            .objects
            .get(&(bucket.to_owned(), key.to_owned()))?
            .content
        {
            Content::Kept(b) => Some(b.clone()),
            _ => None,
        }
    }

    /// (content type, cache control, metadata) of a stored object.
    pub fn object_headers(
        &self,
        bucket: &str,
        key: &str,
    ) -> Option<(String, String, Option<Value>)> {
        let st = self.shared.lock();
        let o = st.objects.get(&(bucket.to_owned(), key.to_owned()))?;
        Some((
            o.content_type.clone(),
            o.cache_control.clone(),
            o.metadata.clone(),
        ))
    }

    /// Deletes every object of a bucket (test reset).
    pub fn clear_objects(&self, bucket: &str) {
        self.shared.lock().objects.retain(|(b, _), _| b != bucket);
    }

    pub fn object_keys(&self, bucket: &str) -> Vec<String> {
        self.shared
            .lock()
            .objects
            .keys()
            .filter(|(b, _)| b == bucket)
            .map(|(_, k)| k.clone())
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Answers

fn json_response(status: u16, value: &Value) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8")
        .body(Full::new(Bytes::from(value.to_string())).boxed_unsync())
        .expect("response")
}

fn storage_error(
    http: u16,
    status_code: &str,
    code: &str,
    error: &str,
    message: &str,
) -> Response<Body> {
    json_response(
        http,
        &json!({ "statusCode": status_code, "code": code, "error": error, "message": message }),
    )
}

/// A request the real server (or the protocol) would not accept from a correct client.
fn reject(message: impl Into<String>) -> Response<Body> {
    let message = message.into();
    storage_error(400, "400", "FakeRejected", "Bad Request", &message)
}

fn no_such_key() -> Response<Body> {
    storage_error(400, "404", "NoSuchKey", "not_found", "Object not found")
}

fn no_such_bucket() -> Response<Body> {
    storage_error(
        400,
        "404",
        "NoSuchBucket",
        "Bucket not found",
        "Bucket not found",
    )
}

fn duplicate() -> Response<Body> {
    storage_error(
        400,
        "409",
        "Duplicate",
        "Duplicate",
        "The resource already exists",
    )
}

fn empty_body() -> Body {
    Empty::new().boxed_unsync()
}

fn route_not_found(what: &str) -> Response<Body> {
    storage_error(
        404,
        "404",
        "NotFound",
        "Not Found",
        &format!("Route {what} not found"),
    )
}

fn message(text: &str) -> Response<Body> {
    json_response(200, &json!({ "message": text }))
}

type Answer = Result<Response<Body>, Response<Body>>;

// ---------------------------------------------------------------------------------------------
// Request checks

fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn allow_query(pairs: &[(String, String)], allowed: &[&str]) -> Result<(), Response<Body>> {
    let mut seen = Vec::new();
    for (k, _) in pairs {
        if !allowed.contains(&k.as_str()) {
            return Err(reject(format!("unexpected query parameter {k:?}")));
        }
        if seen.contains(k) {
            return Err(reject(format!("repeated query parameter {k:?}")));
        }
        seen.push(k.clone());
    }
    Ok(())
}

fn get_q<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn check_keys(
    obj: &Map<String, Value>,
    allowed: &[&str],
    required: &[&str],
) -> Result<(), Response<Body>> {
    for k in obj.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(reject(format!("unexpected body key {k:?}")));
        }
    }
    for k in required {
        if !obj.contains_key(*k) {
            return Err(reject(format!("missing body key {k:?}")));
        }
    }
    Ok(())
}

fn as_object(v: &Value) -> Result<&Map<String, Value>, Response<Body>> {
    v.as_object()
        .ok_or_else(|| reject("the body must be a JSON object"))
}

fn string_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a str, Response<Body>> {
    obj.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| reject(format!("{key:?} must be a string")))
}

/// Reads a (small) JSON body; `content-type: application/json` is required.
async fn read_json(headers: &HeaderMap, body: Incoming) -> Result<Value, Response<Body>> {
    let ct = header(headers, "content-type").unwrap_or("");
    if !ct.starts_with("application/json") {
        return Err(reject(format!(
            "expected content-type application/json, got {ct:?}"
        )));
    }
    let bytes = body
        .collect()
        .await
        .map_err(|e| reject(format!("body: {e}")))?
        .to_bytes();
    if bytes.len() > 1 << 20 {
        return Err(reject("json body too large"));
    }
    serde_json::from_slice(&bytes).map_err(|e| reject(format!("invalid JSON body: {e}")))
}

/// A GET/HEAD must come without a body.
async fn expect_no_body(headers: &HeaderMap, body: Incoming) -> Result<(), Response<Body>> {
    if headers.contains_key("content-type") {
        return Err(reject("unexpected content-type on a request without body"));
    }
    let bytes = body
        .collect()
        .await
        .map_err(|e| reject(format!("body: {e}")))?
        .to_bytes();
    if !bytes.is_empty() {
        return Err(reject("unexpected request body"));
    }
    Ok(())
}

/// The server's `isValidKey`: ASCII letters, digits and `_/!-.*'() &$=@;:+,?`, not empty.
pub fn server_accepts_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_/!-.*'() &$=@;:+,?".contains(c))
}

/// The server's `isValidBucketName`: the key characters without `/`, 1 to 100 of them.
pub fn server_accepts_bucket_name(name: &str) -> bool {
    server_accepts_key(name) && !name.contains('/') && name.len() <= 100
}

fn valid_key(key: &str) -> Result<(), Response<Body>> {
    if !server_accepts_key(key) {
        return Err(storage_error(
            400,
            "400",
            "InvalidKey",
            "Invalid Input",
            &format!("Invalid key: {key}"),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Dispatch

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Response<Body> {
    match route(&shared, req).await {
        Ok(r) | Err(r) => r,
    }
}

async fn route(shared: &Arc<Shared>, req: Request<Incoming>) -> Answer {
    let (parts, body) = req.into_parts();
    let method = parts.method.clone();
    let raw_path = parts.uri.path().to_owned();
    let query = parts.uri.query().map(str::to_owned);
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| raw_path.clone(), |pq| pq.as_str().to_owned());
    let headers = parts.headers.clone();
    let log_index = {
        let mut st = shared.lock();
        st.log.push(Logged {
            method: method.clone(),
            path: raw_path.clone(),
            query: query.clone(),
            headers: headers.clone(),
            json: None,
        });
        st.log.len() - 1
    };
    // The router's reading of the target: segments decoded as route parameters are, and the
    // query string it cut (after `?`, or `;` with the semicolon delimiter).
    let parsed = match router::parse_target(&target, shared.config.semicolon_delimiter) {
        Ok(t) => t,
        Err(router::BadUrl(why)) => {
            return Err(json_response(
                400,
                &json!({"statusCode": 400, "code": "FST_ERR_BAD_URL", "error": "Bad Request",
                        "message": format!("'{target}' is not a valid url component ({why})")}),
            ))
        }
    };
    let q = query_pairs(Some(&parsed.query));

    if !raw_path.starts_with("/storage/v1/") {
        return Err(storage_error(
            404,
            "404",
            "NotFound",
            "Not Found",
            "route not found",
        ));
    };
    let s: Vec<&str> = parsed
        .segments
        .get(2..)
        .unwrap_or(&[])
        .iter()
        .map(String::as_str)
        .collect();

    // Token-authenticated routes need no Authorization.
    let token_route = matches!(
        (&method, s.as_slice()),
        (&Method::GET, ["object", "sign", _, _, ..])
            | (&Method::GET, ["render", "image", "sign", _, _, ..])
            | (&Method::GET, ["object", "public", _, _, ..])
            | (&Method::GET, ["render", "image", "public", _, _, ..])
            | (&Method::PUT, ["object", "upload", "sign", _, _, ..])
    );
    if !token_route {
        match header(&headers, "apikey") {
            Some(k) if k == shared.config.api_key => {}
            Some(_) => return Err(json_response(401, &json!({"message": "Invalid API key"}))),
            None => {
                return Err(json_response(
                    401,
                    &json!({"message": "No API key found in request"}),
                ))
            }
        }
        if header(&headers, "x-client-info").is_none() {
            return Err(reject("missing x-client-info"));
        }
        match header(&headers, "authorization") {
            None => {
                return Err(storage_error(
                    403,
                    "403",
                    "InvalidJWT",
                    "Unauthorized",
                    "headers must have required property 'authorization'",
                ))
            }
            Some(a) => {
                let ok = a
                    .strip_prefix("Bearer ")
                    .is_some_and(|t| shared.config.bearer_tokens.iter().any(|x| x == t));
                if !ok {
                    return Err(storage_error(
                        403,
                        "403",
                        "InvalidJWT",
                        "Unauthorized",
                        "invalid signature",
                    ));
                }
            }
        }
    }

    let m = method.clone();
    let json_methods = matches!(
        (&m, s.as_slice()),
        (&Method::POST, ["bucket"])
            | (&Method::PUT, ["bucket", _])
            | (&Method::DELETE, ["bucket", _])
            | (&Method::POST, ["bucket", _, "empty"])
            | (&Method::POST, ["object", "list", _])
            | (&Method::POST, ["object", "move"])
            | (&Method::POST, ["object", "copy"])
            | (&Method::POST, ["object", "sign", ..])
            | (&Method::POST, ["object", "upload", "sign", ..])
            | (&Method::DELETE, ["object", _])
            | (&Method::POST, ["object", "list-v2", _])
            | (&Method::DELETE, ["cdn", _, _, ..])
            | (&Method::POST, ["vector", _])
            | (&Method::POST, ["iceberg", "bucket"])
    );
    if json_methods {
        let allowed_query: &[&str] = if s.first() == Some(&"cdn") {
            &["transformations"]
        } else {
            &[]
        };
        allow_query(&q, allowed_query)?;
        if let Some(t) = get_q(&q, "transformations") {
            if t != "true" && t != "false" {
                return Err(reject(format!(
                    "querystring/transformations must be boolean, got {t:?}"
                )));
            }
        }
        let value = read_json(&headers, body).await?;
        shared.lock().log[log_index].json = Some(value.clone());
        return json_route(shared, &m, &s, &headers, value);
    }

    match (&m, s.as_slice()) {
        (&Method::GET, ["iceberg", "bucket"]) => {
            expect_no_body(&headers, body).await?;
            vector::analytics_list(shared, &q)
        }
        (&Method::DELETE, ["iceberg", "bucket", name]) => {
            // The route's JSON parser takes no body (bodyLimit 0).
            expect_no_body(&headers, body).await?;
            allow_query(&q, &[])?;
            vector::analytics_delete(shared, name)
        }
        (&Method::GET, ["bucket"]) => {
            expect_no_body(&headers, body).await?;
            list_buckets(shared, &q)
        }
        (&Method::GET, ["bucket", id]) => {
            expect_no_body(&headers, body).await?;
            allow_query(&q, &[])?;
            match *id {
                "proxy-502" => Err(Response::builder()
                    .status(502)
                    .header("content-type", "text/html")
                    .body(
                        Full::new(Bytes::from_static(b"<html><body>Bad Gateway</body></html>"))
                            .boxed_unsync(),
                    )
                    .expect("response")),
                "bad-json" => Ok(Response::builder()
                    .status(200)
                    .header("content-type", "application/json")
                    .body(Full::new(Bytes::from_static(b"{not json")).boxed_unsync())
                    .expect("response")),
                _ => {
                    let st = shared.lock();
                    st.buckets
                        .get(*id)
                        .map(|b| json_response(200, &bucket_json(b)))
                        .ok_or_else(no_such_bucket)
                }
            }
        }
        (&Method::GET, ["object", "info", bucket, key @ ..]) => {
            expect_no_body(&headers, body).await?;
            allow_query(&q, &[])?;
            info(shared, bucket, &key.join("/"))
        }
        (&Method::GET, ["object", "sign", bucket, key @ ..]) if !key.is_empty() => {
            expect_no_body(&headers, body).await?;
            allow_query(&q, &["token", "download", "cacheNonce"])?;
            serve_signed(shared, bucket, &key.join("/"), &q, false)
        }
        (&Method::GET, ["render", "image", "sign", bucket, key @ ..]) if !key.is_empty() => {
            expect_no_body(&headers, body).await?;
            allow_query(&q, &["token", "download", "cacheNonce"])?;
            serve_signed(shared, bucket, &key.join("/"), &q, true)
        }
        (&Method::GET, ["object", "public", bucket, key @ ..]) if !key.is_empty() => {
            expect_no_body(&headers, body).await?;
            allow_query(&q, &["download", "cacheNonce"])?;
            serve_public(shared, bucket, &key.join("/"), &q, None)
        }
        (&Method::GET, ["render", "image", "public", bucket, key @ ..]) if !key.is_empty() => {
            expect_no_body(&headers, body).await?;
            allow_query(
                &q,
                &[
                    "download",
                    "width",
                    "height",
                    "resize",
                    "format",
                    "quality",
                    "cacheNonce",
                ],
            )?;
            let t = transform_from_query(&q)?;
            serve_public(shared, bucket, &key.join("/"), &q, Some(t))
        }
        (&Method::GET, ["render", "image", "authenticated", bucket, key @ ..])
            if !key.is_empty() =>
        {
            expect_no_body(&headers, body).await?;
            allow_query(
                &q,
                &[
                    "width",
                    "height",
                    "resize",
                    "format",
                    "quality",
                    "cacheNonce",
                ],
            )?;
            let t = transform_from_query(&q)?;
            if t.as_object().map_or(true, |o| o.is_empty()) {
                return Err(reject("a render request without transformation"));
            }
            serve(shared, bucket, &key.join("/"), Some(t), None)
        }
        (&Method::PUT, ["object", "upload", "sign", bucket, key @ ..]) if !key.is_empty() => {
            allow_query(&q, &["token"])?;
            let key = key.join("/");
            let token = get_q(&q, "token")
                .ok_or_else(|| reject("missing token"))?
                .to_owned();
            let upsert = {
                let st = shared.lock();
                match st.tokens.get(&token) {
                    Some(Token::Upload {
                        bucket: b,
                        key: k,
                        upsert,
                    }) if b == bucket && *k == key => *upsert,
                    _ => {
                        return Err(storage_error(
                            400,
                            "400",
                            "InvalidSignature",
                            "Invalid signature",
                            "invalid signature",
                        ))
                    }
                }
            };
            let sent = match header(&headers, "x-upsert") {
                Some("true") => true,
                Some("false") => false,
                other => {
                    return Err(reject(format!(
                        "x-upsert must be true or false on a signed upload, got {other:?}"
                    )))
                }
            };
            let answer =
                store_upload(shared, bucket, &key, &headers, body, upsert || sent, true).await?;
            let _ = answer;
            Ok(json_response(
                200,
                &json!({ "Key": format!("{bucket}/{key}") }),
            ))
        }
        (&Method::POST, ["object", bucket, key @ ..]) if !key.is_empty() => {
            allow_query(&q, &[])?;
            let upsert = match header(&headers, "x-upsert") {
                Some("true") => true,
                Some("false") => false,
                other => {
                    return Err(reject(format!(
                        "x-upsert must be true or false, got {other:?}"
                    )))
                }
            };
            let key = key.join("/");
            let id = store_upload(shared, bucket, &key, &headers, body, upsert, true).await?;
            Ok(json_response(
                200,
                &json!({ "Id": id, "Key": format!("{bucket}/{key}") }),
            ))
        }
        (&Method::PUT, ["object", bucket, key @ ..]) if !key.is_empty() => {
            allow_query(&q, &[])?;
            if headers.contains_key("x-upsert") {
                return Err(reject("update sends no x-upsert"));
            }
            let key = key.join("/");
            let id = store_upload(shared, bucket, &key, &headers, body, true, false).await?;
            Ok(json_response(
                200,
                &json!({ "Id": id, "Key": format!("{bucket}/{key}") }),
            ))
        }
        (&Method::GET, ["object", bucket, key @ ..]) if !key.is_empty() => {
            expect_no_body(&headers, body).await?;
            allow_query(&q, &["cacheNonce"])?;
            serve(shared, bucket, &key.join("/"), None, None)
        }
        (&Method::HEAD, ["object", bucket, key @ ..]) if !key.is_empty() => {
            expect_no_body(&headers, body).await?;
            allow_query(&q, &[])?;
            let key = key.join("/");
            let st = shared.lock();
            if !st.buckets.contains_key(*bucket) {
                return Err(empty_status(400));
            }
            match st.objects.get(&(bucket.to_string(), key)) {
                Some(o) => Ok(Response::builder()
                    .status(200)
                    .header("content-type", o.content_type.as_str())
                    .header("content-length", o.content.len())
                    .header("etag", o.etag.as_str())
                    .body(Empty::new().boxed_unsync())
                    .expect("response")),
                None => Err(empty_status(400)),
            }
        }
        _ => Err(storage_error(
            404,
            "404",
            "NotFound",
            "Not Found",
            &format!("Route {method}:{raw_path} not found"),
        )),
    }
}

fn empty_status(status: u16) -> Response<Body> {
    Response::builder()
        .status(status)
        .body(Empty::new().boxed_unsync())
        .expect("response")
}

fn json_route(
    shared: &Arc<Shared>,
    m: &Method,
    s: &[&str],
    headers: &HeaderMap,
    body: Value,
) -> Answer {
    match (m, s) {
        (&Method::POST, ["bucket"]) => create_bucket(shared, &body),
        (&Method::PUT, ["bucket", id]) => update_bucket(shared, id, &body),
        (&Method::DELETE, ["bucket", id]) => {
            expect_empty_object(&body)?;
            let mut st = shared.lock();
            if !st.buckets.contains_key(*id) {
                return Err(no_such_bucket());
            }
            if st.objects.keys().any(|(b, _)| b == id) {
                return Err(storage_error(
                    400,
                    "409",
                    "InvalidRequest",
                    "Bucket not empty",
                    "The bucket you tried to delete is not empty",
                ));
            }
            st.buckets.remove(*id);
            Ok(message("Successfully deleted"))
        }
        (&Method::POST, ["bucket", id, "empty"]) => {
            expect_empty_object(&body)?;
            let mut st = shared.lock();
            if !st.buckets.contains_key(*id) {
                return Err(no_such_bucket());
            }
            st.objects.retain(|(b, _), _| b != id);
            Ok(message("Successfully emptied"))
        }
        (&Method::POST, ["object", "list", bucket]) => list_objects(shared, bucket, &body),
        (&Method::POST, ["object", "list-v2", bucket]) => list_objects_v2(shared, bucket, &body),
        (&Method::POST, ["vector", op]) => vector::vector_route(shared, op, &body),
        (&Method::POST, ["iceberg", "bucket"]) => vector::analytics_create(shared, &body),
        (&Method::DELETE, ["cdn", bucket, key @ ..]) if !key.is_empty() => {
            // The body is ignored by the route; storage-js sends `{}`.
            expect_empty_object(&body)?;
            if !shared.lock().buckets.contains_key(*bucket) {
                return Err(no_such_bucket());
            }
            Ok(json_response(
                200,
                &json!({"message": "success", "statusCode": "200"}),
            ))
        }
        (&Method::POST, ["object", "move"]) => transfer(shared, &body, true),
        (&Method::POST, ["object", "copy"]) => transfer(shared, &body, false),
        (&Method::POST, ["object", "sign", bucket]) => sign_many(shared, bucket, &body),
        (&Method::POST, ["object", "sign", bucket, key @ ..]) if !key.is_empty() => {
            sign_one(shared, bucket, &key.join("/"), &body)
        }
        (&Method::POST, ["object", "upload", "sign", bucket, key @ ..]) if !key.is_empty() => {
            expect_empty_object(&body)?;
            let upsert = match header(headers, "x-upsert") {
                None => false,
                Some("true") => true,
                Some(other) => {
                    return Err(reject(format!(
                        "x-upsert is only sent as true here, got {other:?}"
                    )))
                }
            };
            let key = key.join("/");
            valid_key(&key)?;
            let mut st = shared.lock();
            if !st.buckets.contains_key(*bucket) {
                return Err(no_such_bucket());
            }
            let (n, _) = st.tick();
            let token = format!("up.{n}_tok-en");
            st.tokens.insert(
                token.clone(),
                Token::Upload {
                    bucket: bucket.to_string(),
                    key: key.clone(),
                    upsert,
                },
            );
            Ok(json_response(
                200,
                &json!({ "url": format!("/object/upload/sign/{bucket}/{key}?token={token}"), "token": token }),
            ))
        }
        (&Method::DELETE, ["object", bucket]) => {
            let obj = as_object(&body)?;
            check_keys(obj, &["prefixes"], &["prefixes"])?;
            let prefixes = obj
                .get("prefixes")
                .and_then(Value::as_array)
                .filter(|a| !a.is_empty() && a.iter().all(Value::is_string))
                .ok_or_else(|| reject("prefixes must be a non-empty array of strings"))?;
            let mut st = shared.lock();
            if !st.buckets.contains_key(*bucket) {
                return Err(no_such_bucket());
            }
            let mut gone = Vec::new();
            for p in prefixes.iter().filter_map(Value::as_str) {
                if let Some(o) = st.objects.remove(&(bucket.to_string(), p.to_owned())) {
                    let mut v = file_object_json(p, &o);
                    v["bucket_id"] = json!(bucket);
                    gone.push(v);
                }
            }
            Ok(json_response(200, &Value::Array(gone)))
        }
        _ => Err(reject("unknown JSON route")),
    }
}

fn expect_empty_object(body: &Value) -> Result<(), Response<Body>> {
    match body.as_object() {
        Some(o) if o.is_empty() => Ok(()),
        _ => Err(reject(format!("expected the body {{}}, got {body}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// Buckets

fn bucket_json(b: &BucketRec) -> Value {
    json!({
        "id": b.id, "name": b.id, "owner": "", "public": b.public, "type": b.bucket_type,
        "file_size_limit": b.file_size_limit, "allowed_mime_types": b.allowed_mime_types,
        "created_at": b.created_at, "updated_at": b.updated_at,
    })
}

fn list_buckets(shared: &Arc<Shared>, q: &[(String, String)]) -> Answer {
    allow_query(q, &["limit", "offset", "search", "sortColumn", "sortOrder"])?;
    let num = |k: &str| -> Result<Option<usize>, Response<Body>> {
        get_q(q, k)
            .map(|v| {
                v.parse::<usize>()
                    .map_err(|_| reject(format!("{k} must be a number")))
            })
            .transpose()
    };
    let limit = num("limit")?;
    let offset = num("offset")?.unwrap_or(0);
    let column = get_q(q, "sortColumn").unwrap_or("name");
    if !["id", "name", "created_at", "updated_at"].contains(&column) {
        return Err(reject(format!("bad sortColumn {column:?}")));
    }
    let order = get_q(q, "sortOrder").unwrap_or("asc");
    if !["asc", "desc"].contains(&order) {
        return Err(reject(format!("bad sortOrder {order:?}")));
    }
    let st = shared.lock();
    let mut list: Vec<&BucketRec> = st
        .buckets
        .values()
        .filter(|b| get_q(q, "search").map_or(true, |s| b.id.contains(s)))
        .collect();
    match column {
        "id" | "name" => list.sort_by(|a, b| a.id.cmp(&b.id)),
        _ => list.sort_by_key(|b| b.seq),
    }
    if order == "desc" {
        list.reverse();
    }
    let out: Vec<Value> = list
        .into_iter()
        .skip(offset)
        .take(limit.unwrap_or(usize::MAX))
        .map(bucket_json)
        .collect();
    Ok(json_response(200, &Value::Array(out)))
}

fn check_bucket_fields(obj: &Map<String, Value>) -> Result<(), Response<Body>> {
    if let Some(p) = obj.get("public") {
        if !p.is_boolean() {
            return Err(reject("public must be a boolean"));
        }
    }
    if let Some(l) = obj.get("file_size_limit") {
        if !(l.is_u64() || l.is_string()) {
            return Err(reject("file_size_limit must be a number or a string"));
        }
    }
    if let Some(t) = obj.get("allowed_mime_types") {
        if !t.as_array().is_some_and(|a| a.iter().all(Value::is_string)) {
            return Err(reject("allowed_mime_types must be an array of strings"));
        }
    }
    Ok(())
}

/// The server stores the limit in bytes: `"20MB"` becomes 20971520.
fn size_limit(obj: &Map<String, Value>) -> Result<Option<Value>, Response<Body>> {
    let Some(v) = obj.get("file_size_limit") else {
        return Ok(None);
    };
    if let Some(n) = v.as_u64() {
        return Ok(Some(json!(n)));
    }
    let text = v.as_str().unwrap_or("").trim().to_ascii_uppercase();
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let unit = text[digits.len()..].trim();
    let mult: u64 = match unit {
        "" | "B" => 1,
        "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        _ => return Err(reject(format!("bad file_size_limit {v}"))),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| reject(format!("bad file_size_limit {v}")))?;
    Ok(Some(json!(n * mult)))
}

fn mime_types(obj: &Map<String, Value>) -> Option<Vec<String>> {
    obj.get("allowed_mime_types")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
}

fn create_bucket(shared: &Arc<Shared>, body: &Value) -> Answer {
    let obj = as_object(body)?;
    check_keys(
        obj,
        &[
            "id",
            "name",
            "type",
            "public",
            "file_size_limit",
            "allowed_mime_types",
        ],
        &["id", "name", "public"],
    )?;
    let id = string_field(obj, "id")?;
    if string_field(obj, "name")? != id {
        return Err(reject("name must equal id"));
    }
    if !server_accepts_bucket_name(id) {
        return Err(storage_error(
            400,
            "400",
            "InvalidBucketName",
            "Invalid Input",
            &format!("Bucket name invalid: {id}"),
        ));
    }
    check_bucket_fields(obj)?;
    let bucket_type = match obj.get("type") {
        None => "STANDARD".to_owned(),
        Some(Value::String(t)) if t == "STANDARD" || t == "ANALYTICS" => t.clone(),
        Some(other) => return Err(reject(format!("bad bucket type {other}"))),
    };
    let mut st = shared.lock();
    if st.buckets.contains_key(id) {
        return Err(duplicate());
    }
    let (seq, now) = st.tick();
    st.buckets.insert(
        id.to_owned(),
        BucketRec {
            id: id.to_owned(),
            public: obj.get("public").and_then(Value::as_bool).unwrap_or(false),
            bucket_type,
            file_size_limit: size_limit(obj)?,
            allowed_mime_types: mime_types(obj),
            created_at: now.clone(),
            updated_at: now,
            seq,
        },
    );
    Ok(json_response(200, &json!({ "name": id })))
}

fn update_bucket(shared: &Arc<Shared>, id: &str, body: &Value) -> Answer {
    let obj = as_object(body)?;
    check_keys(
        obj,
        &[
            "id",
            "name",
            "public",
            "file_size_limit",
            "allowed_mime_types",
        ],
        &["id", "name"],
    )?;
    if string_field(obj, "id")? != id || string_field(obj, "name")? != id {
        return Err(reject("id and name must equal the bucket in the path"));
    }
    check_bucket_fields(obj)?;
    let mut st = shared.lock();
    let (_, now) = st.tick();
    let b = st.buckets.get_mut(id).ok_or_else(no_such_bucket)?;
    if let Some(p) = obj.get("public").and_then(Value::as_bool) {
        b.public = p;
    }
    if let Some(l) = size_limit(obj)? {
        b.file_size_limit = Some(l);
    }
    if obj.contains_key("allowed_mime_types") {
        b.allowed_mime_types = mime_types(obj);
    }
    b.updated_at = now;
    Ok(message("Successfully updated"))
}

// ---------------------------------------------------------------------------------------------
// Objects

fn file_object_json(name: &str, o: &Object) -> Value {
    json!({
        "name": name, "id": o.id, "updated_at": o.updated_at, "created_at": o.created_at,
        "last_accessed_at": o.updated_at,
        "metadata": {
            "eTag": o.etag, "size": o.content.len(), "mimetype": o.content_type,
            "cacheControl": o.cache_control, "lastModified": o.updated_at,
            "contentLength": o.content.len(), "httpStatusCode": 200,
        },
    })
}

#[allow(clippy::too_many_arguments)]
async fn store_upload(
    shared: &Arc<Shared>,
    bucket: &str,
    key: &str,
    headers: &HeaderMap,
    mut body: Incoming,
    upsert: bool,
    create: bool,
) -> Result<String, Response<Body>> {
    valid_key(key)?;
    let content_type = header(headers, "content-type")
        .filter(|c| !c.is_empty())
        .ok_or_else(|| reject("missing content-type"))?
        .to_owned();
    if content_type.starts_with("multipart/") {
        return Err(reject("this client must send raw bodies, not multipart"));
    }
    let cache_control =
        header(headers, "cache-control").ok_or_else(|| reject("missing cache-control"))?;
    let valid_cc = cache_control
        .strip_prefix("max-age=")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !valid_cc {
        return Err(reject(format!(
            "cache-control must be max-age=N, got {cache_control:?}"
        )));
    }
    let cache_control = cache_control.to_owned();
    let metadata = match header(headers, "x-metadata") {
        None => None,
        Some(m) => {
            let raw = base64::engine::general_purpose::STANDARD
                .decode(m)
                .map_err(|_| reject("x-metadata is not base64"))?;
            let v: Value = serde_json::from_slice(&raw)
                .map_err(|_| reject("x-metadata is not base64 JSON"))?;
            if !v.is_object() {
                return Err(reject("x-metadata must be a JSON object"));
            }
            Some(v)
        }
    };
    let (limit, allowed) = {
        let st = shared.lock();
        let b = st.buckets.get(bucket).ok_or_else(no_such_bucket)?;
        let exists = st
            .objects
            .contains_key(&(bucket.to_owned(), key.to_owned()));
        if create && exists && !upsert {
            return Err(duplicate());
        }
        if !create && !exists {
            return Err(no_such_key());
        }
        (
            b.file_size_limit.as_ref().and_then(Value::as_u64),
            b.allowed_mime_types.clone(),
        )
    };
    if let Some(types) = allowed {
        let base = content_type.split(';').next().unwrap_or("").trim();
        let ok = types.iter().any(|t| {
            t == base
                || t.strip_suffix("/*")
                    .is_some_and(|p| base.starts_with(&format!("{p}/")))
        });
        if !ok {
            return Err(storage_error(
                400,
                "415",
                "InvalidMimeType",
                "invalid_mime_type",
                &format!("mime type {content_type} is not supported"),
            ));
        }
    }

    // Stream the body: hash, compare with the pattern, keep at most KEEP_LIMIT bytes.
    let mut hasher = shared.config.hash.then(Sha256::new);
    let mut kept = BytesMut::new();
    let mut keep = true;
    let mut is_pattern = true;
    let mut len: u64 = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| reject(format!("reading the body: {e}")))?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if let Some(h) = hasher.as_mut() {
            h.update(&data);
        }
        if is_pattern {
            let mut off = 0;
            while off < data.len() {
                let expect = pattern_chunk(len + off as u64, data.len() - off);
                if data[off..off + expect.len()] != expect[..] {
                    is_pattern = false;
                    break;
                }
                off += expect.len();
            }
        }
        if keep {
            if kept.len() + data.len() <= KEEP_LIMIT {
                kept.extend_from_slice(&data);
            } else {
                keep = false;
                kept = BytesMut::new();
            }
        }
        len += data.len() as u64;
    }
    if let Some(limit) = limit {
        if len > limit {
            return Err(storage_error(
                400,
                "413",
                "EntityTooLarge",
                "Payload too large",
                "The object exceeded the maximum allowed size",
            ));
        }
    }
    let sha256 = hasher.map(|h| hex(&h.finalize())).unwrap_or_default();
    let content = if keep {
        Content::Kept(kept.freeze())
    } else if is_pattern {
        Content::Pattern(len)
    } else {
        Content::Opaque(len)
    };
    let mut st = shared.lock();
    let (n, now) = st.tick();
    let full = (bucket.to_owned(), key.to_owned());
    let (id, created_at) = match st.objects.get(&full) {
        Some(o) => (o.id.clone(), o.created_at.clone()),
        None => (format!("obj-{n}"), now.clone()),
    };
    st.objects.insert(
        full,
        Object {
            id: id.clone(),
            content,
            content_type,
            cache_control,
            metadata,
            created_at,
            updated_at: now,
            etag: format!("\"etag-{n}\""),
        },
    );
    st.uploads.push(BodyDigest {
        key: format!("{bucket}/{key}"),
        len,
        sha256,
    });
    Ok(id)
}

fn transform_from_query(q: &[(String, String)]) -> Result<Value, Response<Body>> {
    let mut t = Map::new();
    for k in ["width", "height", "quality"] {
        if let Some(v) = get_q(q, k) {
            let n: u64 = v
                .parse()
                .map_err(|_| reject(format!("{k} must be a positive integer")))?;
            if n == 0 || (k == "quality" && !(20..=100).contains(&n)) {
                return Err(reject(format!("{k} out of range")));
            }
            t.insert(k.to_owned(), json!(n));
        }
    }
    if let Some(r) = get_q(q, "resize") {
        if !["cover", "contain", "fill"].contains(&r) {
            return Err(reject(format!("bad resize {r:?}")));
        }
        t.insert("resize".into(), json!(r));
    }
    if let Some(f) = get_q(q, "format") {
        if f != "origin" {
            return Err(reject(format!("bad format {f:?}")));
        }
        t.insert("format".into(), json!(f));
    }
    Ok(Value::Object(t))
}

fn check_transform_json(t: &Value) -> Result<(), Response<Body>> {
    let obj = as_object(t)?;
    check_keys(
        obj,
        &["width", "height", "resize", "format", "quality"],
        &[],
    )?;
    if obj.is_empty() {
        return Err(reject("an empty transform must not be sent"));
    }
    let q: Vec<(String, String)> = obj
        .iter()
        .map(|(k, v)| match (k.as_str(), v) {
            ("resize" | "format", Value::String(s)) => Ok((k.clone(), s.clone())),
            ("width" | "height" | "quality", Value::Number(n)) => Ok((k.clone(), n.to_string())),
            _ => Err(reject(format!("bad transform value {k}={v}"))),
        })
        .collect::<Result<_, _>>()?;
    transform_from_query(&q).map(|_| ())
}

/// Serves an object's content, streaming large ones from the pattern.
fn serve(
    shared: &Arc<Shared>,
    bucket: &str,
    key: &str,
    transform: Option<Value>,
    download: Option<&str>,
) -> Answer {
    let st = shared.lock();
    if !st.buckets.contains_key(bucket) {
        return Err(no_such_bucket());
    }
    let o = st
        .objects
        .get(&(bucket.to_owned(), key.to_owned()))
        .cloned()
        .ok_or_else(no_such_key)?;
    drop(st);
    let mut builder = Response::builder()
        .status(200)
        .header("content-type", o.content_type.as_str())
        .header("cache-control", o.cache_control.as_str())
        .header("etag", o.etag.as_str())
        .header("content-length", o.content.len());
    if let Some(t) = transform.filter(|t| t.as_object().is_some_and(|o| !o.is_empty())) {
        builder = builder.header("x-fake-transform", t.to_string());
    }
    if let Some(name) = download {
        let name = if name.is_empty() {
            key.rsplit('/').next().unwrap_or(key)
        } else {
            name
        };
        builder = builder.header(
            "content-disposition",
            format!("attachment; filename=\"{}\"", name.replace('"', "")),
        );
    }
    let digest_key = format!("{bucket}/{key}");
    let body = match &o.content {
        Content::Kept(b) => {
            let sha256 = if shared.config.hash {
                hex(&Sha256::digest(b))
            } else {
                String::new()
            };
            shared.lock().downloads.push(BodyDigest {
                key: digest_key,
                len: b.len() as u64,
                sha256,
            });
            Full::new(b.clone()).boxed_unsync()
        }
        Content::Pattern(len) => {
            let len = *len;
            pattern_body(Arc::clone(shared), digest_key, len)
        }
        Content::Opaque(_) => {
            return Err(storage_error(
                500,
                "500",
                "FakeCannotReplay",
                "internal",
                "the fake keeps only the digest of this large object",
            ));
        }
    };
    builder.body(body).map_err(|e| reject(e.to_string()))
}

/// `len` pattern bytes, hashed as they are sent; the digest is recorded with the last chunk.
fn pattern_body(shared: Arc<Shared>, key: String, len: u64) -> Body {
    const CHUNK: usize = 64 * 1024;
    let hash = shared.config.hash;
    let state = (0u64, hash.then(Sha256::new), shared, key);
    let s = stream::unfold(Some(state), move |state| async move {
        let (offset, mut hasher, shared, key) = state?;
        if offset >= len {
            return None;
        }
        let chunk = pattern_chunk(offset, CHUNK.min((len - offset) as usize));
        let next = offset + chunk.len() as u64;
        if let Some(h) = hasher.as_mut() {
            h.update(&chunk);
        }
        let frame = Ok::<_, Infallible>(Frame::data(chunk));
        if next >= len {
            let sha256 = hasher.map(|h| hex(&h.finalize())).unwrap_or_default();
            shared
                .lock()
                .downloads
                .push(BodyDigest { key, len, sha256 });
            Some((frame, None))
        } else {
            Some((frame, Some((next, hasher, shared, key))))
        }
    });
    StreamBody::new(s).boxed_unsync()
}

fn serve_public(
    shared: &Arc<Shared>,
    bucket: &str,
    key: &str,
    q: &[(String, String)],
    transform: Option<Value>,
) -> Answer {
    let public = shared.lock().buckets.get(bucket).map(|b| b.public);
    if public != Some(true) {
        return Err(no_such_bucket());
    }
    serve(shared, bucket, key, transform, get_q(q, "download"))
}

fn serve_signed(
    shared: &Arc<Shared>,
    bucket: &str,
    key: &str,
    q: &[(String, String)],
    render: bool,
) -> Answer {
    let token = get_q(q, "token").ok_or_else(|| reject("missing token"))?;
    let transform = {
        let st = shared.lock();
        match st.tokens.get(token) {
            Some(Token::Read {
                bucket: b,
                key: k,
                transform,
            }) if b == bucket && k == key => transform.clone(),
            _ => {
                return Err(storage_error(
                    400,
                    "400",
                    "InvalidSignature",
                    "Invalid signature",
                    "invalid signature",
                ))
            }
        }
    };
    if render != transform.is_some() {
        return Err(reject("signed URL kind does not match its token"));
    }
    serve(shared, bucket, key, transform, get_q(q, "download"))
}

fn info(shared: &Arc<Shared>, bucket: &str, key: &str) -> Answer {
    let st = shared.lock();
    if !st.buckets.contains_key(bucket) {
        return Err(no_such_bucket());
    }
    let o = st
        .objects
        .get(&(bucket.to_owned(), key.to_owned()))
        .ok_or_else(no_such_key)?;
    Ok(json_response(
        200,
        &json!({
            "id": o.id, "version": format!("v-{}", o.id), "name": key, "bucket_id": bucket,
            "size": o.content.len(), "content_type": o.content_type, "cache_control": o.cache_control,
            "etag": o.etag, "metadata": o.metadata, "last_modified": o.updated_at,
            "created_at": o.created_at, "updated_at": o.updated_at,
        }),
    ))
}

/// `list-v2`, as Storage's `listObjectsV2`: up to `limit` (at most 1000) entries after the
/// cursor, sorted by the column then the key (byte order), grouped by `/` one level under the
/// prefix with `with_delimiter` (a folder repeated only when not consecutive, as the server's
/// loop does), `hasNext` when more follow. The cursor is opaque (here: base64 JSON).
fn list_objects_v2(shared: &Arc<Shared>, bucket: &str, body: &Value) -> Answer {
    let obj = as_object(body)?;
    check_keys(
        obj,
        &["prefix", "limit", "cursor", "with_delimiter", "sortBy"],
        &[],
    )?;
    let prefix = match obj.get("prefix") {
        None => "",
        Some(Value::String(p)) => p.as_str(),
        Some(_) => return Err(reject("body/prefix must be string")),
    };
    let limit = match obj.get("limit") {
        None => 1000,
        Some(v) => match v.as_u64() {
            Some(n) if n >= 1 => n.min(1000) as usize,
            _ => return Err(reject("body/limit must be an integer >= 1")),
        },
    };
    let delimiter = match obj.get("with_delimiter") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(reject("body/with_delimiter must be boolean")),
    };
    let (mut column, mut order) = ("name".to_owned(), "asc".to_owned());
    if let Some(sb) = obj.get("sortBy") {
        let sb = as_object(sb)?;
        check_keys(sb, &["column", "order"], &["column"])?;
        let c = string_field(sb, "column")?;
        if !["name", "updated_at", "created_at"].contains(&c) {
            return Err(reject(format!(
                "body/sortBy/column must be one of name, updated_at, created_at, got {c:?}"
            )));
        }
        column = c.to_owned();
        if let Some(o) = sb.get("order") {
            match o.as_str() {
                Some(o @ ("asc" | "desc")) => order = o.to_owned(),
                _ => {
                    return Err(reject(format!(
                        "body/sortBy/order must be asc or desc, got {o}"
                    )))
                }
            }
        }
    }
    let mut after: Option<(String, String)> = None;
    if let Some(c) = obj.get("cursor") {
        let text = c
            .as_str()
            .ok_or_else(|| reject("body/cursor must be string"))?;
        let decoded: Value = base64::engine::general_purpose::STANDARD
            .decode(text)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| {
                storage_error(
                    400,
                    "400",
                    "InvalidRequest",
                    "Invalid Input",
                    "invalid cursor",
                )
            })?;
        column = decoded["column"].as_str().unwrap_or("name").to_owned();
        order = decoded["order"].as_str().unwrap_or("asc").to_owned();
        after = Some((
            decoded["value"].as_str().unwrap_or("").to_owned(),
            decoded["name"].as_str().unwrap_or("").to_owned(),
        ));
    }
    let st = shared.lock();
    if !st.buckets.contains_key(bucket) {
        return Err(no_such_bucket());
    }
    let sort_value = |o: &Object| match column.as_str() {
        "updated_at" => o.updated_at.clone(),
        "created_at" => o.created_at.clone(),
        _ => String::new(),
    };
    let mut rows: Vec<(String, String, &Object)> = st
        .objects
        .iter()
        .filter(|((b, k), _)| b == bucket && k.starts_with(prefix))
        .map(|((_, k), o)| (sort_value(o), k.clone(), o))
        .collect();
    rows.sort_by(|a, b| (a.0.as_str(), a.1.as_bytes()).cmp(&(b.0.as_str(), b.1.as_bytes())));
    if order == "desc" {
        rows.reverse();
    }
    if let Some((value, name)) = &after {
        rows.retain(|(v, k, _)| {
            let past = if order == "asc" {
                (v.as_str(), k.as_bytes()) > (value.as_str(), name.as_bytes())
            } else {
                (v.as_str(), k.as_bytes()) < (value.as_str(), name.as_bytes())
            };
            // After a folder, none of its keys come again.
            past && !(name.ends_with('/') && k.starts_with(name.as_str()))
        });
    }
    // (sort value, name, the object or None for a folder)
    let mut entries: Vec<(String, String, Option<&Object>)> = Vec::new();
    let mut prev_folder = String::new();
    for (v, k, o) in rows {
        if delimiter {
            if let Some(i) = k[prefix.len()..].find('/') {
                let folder = k[..prefix.len() + i + 1].to_owned();
                if folder == prev_folder {
                    continue;
                }
                prev_folder = folder.clone();
                entries.push((v, folder, None));
                continue;
            }
        }
        entries.push((v, k, Some(o)));
    }
    let has_next = entries.len() > limit;
    entries.truncate(limit);
    let next_cursor = if has_next {
        entries.last().map(|(v, name, _)| {
            base64::engine::general_purpose::STANDARD.encode(
                json!({"column": column, "order": order, "value": v, "name": name}).to_string(),
            )
        })
    } else {
        None
    };
    let mut folders = Vec::new();
    let mut objects = Vec::new();
    for (_, name, o) in &entries {
        match o {
            None => folders.push(json!({"id": null, "name": name, "bucket_id": bucket})),
            Some(o) => objects.push(file_object_json(name, o)),
        }
    }
    let mut answer = json!({"hasNext": has_next, "folders": folders, "objects": objects});
    if let Some(c) = next_cursor {
        answer["nextCursor"] = json!(c);
        answer["nextCursorKey"] = json!(entries.last().map(|e| e.1.clone()));
    }
    Ok(json_response(200, &answer))
}

fn list_objects(shared: &Arc<Shared>, bucket: &str, body: &Value) -> Answer {
    let obj = as_object(body)?;
    check_keys(
        obj,
        &["prefix", "limit", "offset", "sortBy", "search"],
        &["prefix"],
    )?;
    let prefix = string_field(obj, "prefix")?;
    let num = |k: &str, default: u64| -> Result<u64, Response<Body>> {
        match obj.get(k) {
            None => Ok(default),
            Some(v) => v
                .as_u64()
                .ok_or_else(|| reject(format!("{k} must be a non-negative integer"))),
        }
    };
    let limit = num("limit", 100)? as usize;
    let offset = num("offset", 0)? as usize;
    let search = match obj.get("search") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(reject("search must be a string")),
    };
    let (column, order) = match obj.get("sortBy") {
        None => ("name".to_owned(), "asc".to_owned()),
        Some(sb) => {
            let sb = as_object(sb)?;
            check_keys(sb, &["column", "order"], &["column"])?;
            let c = string_field(sb, "column")?;
            if !["name", "created_at", "updated_at", "last_accessed_at"].contains(&c) {
                return Err(reject(format!("bad sort column {c:?}")));
            }
            let o = match sb.get("order") {
                None => "asc",
                Some(Value::String(o)) if o == "asc" || o == "desc" => o.as_str(),
                Some(o) => return Err(reject(format!("bad sort order {o}"))),
            };
            (c.to_owned(), o.to_owned())
        }
    };
    let st = shared.lock();
    if !st.buckets.contains_key(bucket) {
        return Err(no_such_bucket());
    }
    let norm = prefix.trim_end_matches('/');
    let dir = if norm.is_empty() {
        String::new()
    } else {
        format!("{norm}/")
    };
    let mut folders: Vec<String> = Vec::new();
    let mut files: Vec<(String, &Object)> = Vec::new();
    for ((b, k), o) in &st.objects {
        if b != bucket {
            continue;
        }
        let Some(rest) = k.strip_prefix(&dir) else {
            continue;
        };
        match rest.split_once('/') {
            Some((folder, _)) => {
                if !folders.iter().any(|f| f == folder) {
                    folders.push(folder.to_owned());
                }
            }
            None => files.push((rest.to_owned(), o)),
        }
    }
    let mut entries: Vec<(String, Value, String)> = folders
        .into_iter()
        .map(|f| {
            let v = json!({ "name": f, "id": null, "updated_at": null, "created_at": null,
                            "last_accessed_at": null, "metadata": null });
            (f, v, String::new())
        })
        .chain(files.into_iter().map(|(name, o)| {
            let sort = if column == "name" {
                name.clone()
            } else {
                o.updated_at.clone()
            };
            (name.clone(), file_object_json(&name, o), sort)
        }))
        .filter(|(name, _, _)| search.as_deref().map_or(true, |s| name.contains(s)))
        .collect();
    if column == "name" {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
    } else {
        entries.sort_by(|a, b| a.2.cmp(&b.2));
    }
    if order == "desc" {
        entries.reverse();
    }
    let out: Vec<Value> = entries
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|e| e.1)
        .collect();
    Ok(json_response(200, &Value::Array(out)))
}

fn transfer(shared: &Arc<Shared>, body: &Value, is_move: bool) -> Answer {
    let obj = as_object(body)?;
    check_keys(
        obj,
        &[
            "bucketId",
            "sourceKey",
            "destinationKey",
            "destinationBucket",
        ],
        &["bucketId", "sourceKey", "destinationKey"],
    )?;
    let bucket = string_field(obj, "bucketId")?;
    let from = string_field(obj, "sourceKey")?;
    let to = string_field(obj, "destinationKey")?;
    let dest_bucket = match obj.get("destinationBucket") {
        None => bucket,
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err(reject("destinationBucket must be a string")),
    };
    valid_key(from)?;
    valid_key(to)?;
    let mut st = shared.lock();
    if !st.buckets.contains_key(bucket) || !st.buckets.contains_key(dest_bucket) {
        return Err(no_such_bucket());
    }
    let src = (bucket.to_owned(), from.to_owned());
    let dst = (dest_bucket.to_owned(), to.to_owned());
    let mut object = st.objects.get(&src).cloned().ok_or_else(no_such_key)?;
    if st.objects.contains_key(&dst) {
        return Err(duplicate());
    }
    let (n, now) = st.tick();
    if is_move {
        st.objects.remove(&src);
        object.updated_at = now;
        st.objects.insert(dst, object);
        Ok(message("Successfully moved"))
    } else {
        object.id = format!("obj-{n}");
        object.created_at = now.clone();
        object.updated_at = now;
        let id = object.id.clone();
        st.objects.insert(dst, object);
        Ok(json_response(
            200,
            &json!({ "Id": id, "Key": format!("{dest_bucket}/{to}") }),
        ))
    }
}

fn check_expires(obj: &Map<String, Value>) -> Result<(), Response<Body>> {
    match obj.get("expiresIn").and_then(Value::as_u64) {
        Some(n) if n > 0 => Ok(()),
        _ => Err(reject("expiresIn must be a positive integer")),
    }
}

fn sign_one(shared: &Arc<Shared>, bucket: &str, key: &str, body: &Value) -> Answer {
    let obj = as_object(body)?;
    check_keys(obj, &["expiresIn", "transform"], &["expiresIn"])?;
    check_expires(obj)?;
    let transform = obj.get("transform").cloned();
    if let Some(t) = &transform {
        check_transform_json(t)?;
    }
    let mut st = shared.lock();
    if !st.buckets.contains_key(bucket) {
        return Err(no_such_bucket());
    }
    if !st
        .objects
        .contains_key(&(bucket.to_owned(), key.to_owned()))
    {
        return Err(no_such_key());
    }
    let (n, _) = st.tick();
    let token = format!("rd.{n}_tok-en");
    let kind = if transform.is_some() {
        "render/image"
    } else {
        "object"
    };
    st.tokens.insert(
        token.clone(),
        Token::Read {
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            transform,
        },
    );
    Ok(json_response(
        200,
        &json!({ "signedURL": format!("/{kind}/sign/{bucket}/{key}?token={token}") }),
    ))
}

fn sign_many(shared: &Arc<Shared>, bucket: &str, body: &Value) -> Answer {
    let obj = as_object(body)?;
    check_keys(obj, &["expiresIn", "paths"], &["expiresIn", "paths"])?;
    check_expires(obj)?;
    let paths = obj
        .get("paths")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty() && a.iter().all(Value::is_string))
        .ok_or_else(|| reject("paths must be a non-empty array of strings"))?;
    let mut st = shared.lock();
    if !st.buckets.contains_key(bucket) {
        return Err(no_such_bucket());
    }
    let mut out = Vec::new();
    for p in paths.iter().filter_map(Value::as_str) {
        if st.objects.contains_key(&(bucket.to_owned(), p.to_owned())) {
            let (n, _) = st.tick();
            let token = format!("rd.{n}_tok-en");
            st.tokens.insert(
                token.clone(),
                Token::Read {
                    bucket: bucket.to_owned(),
                    key: p.to_owned(),
                    transform: None,
                },
            );
            out.push(json!({ "error": null, "path": p, "signedURL": format!("/object/sign/{bucket}/{p}?token={token}") }));
        } else {
            out.push(json!({ "error": "Either the object does not exist or you do not have access to it", "path": p, "signedURL": null }));
        }
    }
    Ok(json_response(200, &Value::Array(out)))
}

/// Headers helper for tests: whether a logged header is absent.
pub fn has_header(headers: &HeaderMap, name: &str) -> bool {
    headers.contains_key(name)
}

/// The status of an answer (used by the benchmark's sanity checks).
pub fn status_ok(status: StatusCode) -> bool {
    status.is_success()
}
