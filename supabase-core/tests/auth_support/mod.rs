//! A GoTrue-protocol fake on 127.0.0.1 (fact sheet §2), for the Auth tests.
//!
//! It keeps users, sessions (rotating refresh tokens, reuse detection), PKCE flow states, OTPs
//! and MFA factors in memory, signs access tokens with HS256 and a test secret, serves a JWKS
//! with an ES256 and an RS256 key (`keys/`), and answers errors in the 2024-01-01 shape
//! (`{code, message}` plus the `X-Supabase-Api-Version` header) or, with
//! [`FakeGoTrue::set_legacy_errors`], the legacy shape (`{code:<int>, error_code, msg}`).
//!
//! It is strict: every request must carry `apikey`, `X-Client-Info`,
//! `X-Supabase-Api-Version: 2024-01-01`, the right `Authorization` (the API key, the service
//! key for admin calls, or a valid user JWT for user calls), `Content-Type:
//! application/json;charset=UTF-8` on non-GET requests and none on GET, and a JSON body with
//! exactly the expected keys. Anything else gets HTTP 400 `{"code":"fake_rejected"}` naming
//! the problem and is recorded in [`FakeGoTrue::rejections`], which every test checks.

#![allow(dead_code, clippy::result_large_err)]

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

pub const ANON_KEY: &str = "anon-key";
pub const SERVICE_KEY: &str = "service-key";
pub const JWT_SECRET: &str = "fake-gotrue-jwt-secret-at-least-32-chars";
pub const ES256_PRIVATE: &str = include_str!("keys/es256-private.pem");
pub const RS256_PRIVATE: &str = include_str!("keys/rs256-private.pem");
pub const JWKS: &str = include_str!("keys/jwks.json");

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Signs `claims` with the test HS256 secret.
pub fn sign_hs256(claims: &Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("sign")
}

/// Signs `claims` with a committed asymmetric key (`ES256` or `RS256`) and the given `kid`.
pub fn sign_asymmetric(claims: &Value, alg: Algorithm, kid: &str) -> String {
    let key = match alg {
        Algorithm::ES256 => EncodingKey::from_ec_pem(ES256_PRIVATE.as_bytes()).expect("es key"),
        Algorithm::RS256 => EncodingKey::from_rsa_pem(RS256_PRIVATE.as_bytes()).expect("rsa key"),
        other => panic!("no test key for {other:?}"),
    };
    let mut header = Header::new(alg);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, &key).expect("sign")
}

/// One request as received.
#[derive(Debug, Clone)]
pub struct Logged {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Option<Value>,
}

impl Logged {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Debug, Clone)]
pub struct UserRec {
    pub id: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub password: Option<String>,
    pub user_metadata: Value,
    pub app_metadata: Value,
    pub is_anonymous: bool,
    pub factors: Vec<Value>,
    pub identities: Vec<Value>,
    pub deleted: bool,
    pub banned: bool,
}

#[derive(Debug, Clone)]
struct SessionRec {
    user_id: String,
    session_id: String,
    used: bool,
    aal: &'static str,
}

/// A scripted answer for the next request to a path.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Scripted {
    pub fn json(status: u16, body: Value) -> Scripted {
        Scripted {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
        }
    }
    pub fn raw(status: u16, body: &str) -> Scripted {
        Scripted {
            status,
            headers: vec![("content-type".into(), "text/html".into())],
            body: body.into(),
        }
    }
    pub fn header(mut self, name: &str, value: &str) -> Scripted {
        self.headers.push((name.into(), value.into()));
        self
    }
}

#[derive(Default)]
struct State {
    users: HashMap<String, UserRec>,
    sessions: HashMap<String, SessionRec>,
    revoked_sessions: Vec<String>,
    flow_states: HashMap<String, (String, String, String)>, // code -> (challenge, method, user)
    otps: HashMap<String, (String, String)>,                // token -> (user_id, type)
    challenges: HashMap<String, String>,                    // challenge id -> factor id
    log: Vec<Logged>,
    rejections: Vec<String>,
    scripted: HashMap<String, VecDeque<Scripted>>,
    next_expires_in: VecDeque<i64>,
    legacy_errors: bool,
    autoconfirm: bool,
    seq: u64,
    rest_tokens: Vec<String>,
    oauth: oauth_server::OAuthState,
    passkeys: passkeys::PasskeyState,
    custom: custom_providers::CustomState,
}

struct Shared {
    /// The fake's clock: wall time at start plus tokio's elapsed time, so a paused, advanced
    /// test clock moves the server's notion of time too (token `iat`/`exp`, expiry checks).
    clock0: (i64, tokio::time::Instant),
    state: Mutex<State>,
    refresh_calls: AtomicUsize,
    refresh_delay: Mutex<Duration>,
    jwt_secret: String,
}

impl Shared {
    fn now(&self) -> i64 {
        self.clock0.0 + self.clock0.1.elapsed().as_secs() as i64
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The running fake.
#[derive(Clone)]
pub struct FakeGoTrue {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

type Answer = Result<Response<Full<Bytes>>, Response<Full<Bytes>>>;

impl FakeGoTrue {
    /// Starts the fake on the current runtime (so tokio's paused clock covers it too).
    pub async fn start() -> FakeGoTrue {
        Self::start_with_secret(JWT_SECRET).await
    }

    pub async fn start_with_secret(secret: &str) -> FakeGoTrue {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let shared = Arc::new(Shared {
            clock0: (now(), tokio::time::Instant::now()),
            state: Mutex::new(State {
                autoconfirm: true,
                ..State::default()
            }),
            refresh_calls: AtomicUsize::new(0),
            refresh_delay: Mutex::new(Duration::ZERO),
            jwt_secret: secret.to_owned(),
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
        FakeGoTrue { addr, shared }
    }

    pub fn project_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Adds a confirmed user with a password; returns its id.
    pub fn add_user(&self, email: &str, password: &str) -> String {
        let mut st = self.shared.lock();
        let id = new_uuid(&mut st);
        let identity = json!({
            "identity_id": new_uuid(&mut st), "id": id, "user_id": id, "provider": "email",
            "email": email, "identity_data": {"email": email, "sub": id},
            "created_at": "2024-05-01T10:00:00Z", "updated_at": "2024-05-01T10:00:00Z",
            "last_sign_in_at": "2024-05-01T10:00:00Z",
        });
        st.users.insert(
            id.clone(),
            UserRec {
                id: id.clone(),
                email: Some(email.into()),
                phone: None,
                password: Some(password.into()),
                user_metadata: json!({}),
                app_metadata: json!({"provider": "email", "providers": ["email"]}),
                is_anonymous: false,
                factors: Vec::new(),
                identities: vec![identity],
                deleted: false,
                banned: false,
            },
        );
        id
    }

    pub fn user(&self, id: &str) -> UserRec {
        self.shared.lock().users.get(id).cloned().expect("user")
    }

    pub fn update_user_rec(&self, id: &str, f: impl FnOnce(&mut UserRec)) {
        let mut st = self.shared.lock();
        f(st.users.get_mut(id).expect("user"));
    }

    /// The `expires_in` of the next issued sessions, one per session (then 3600).
    pub fn push_expires_in(&self, secs: i64) {
        self.shared.lock().next_expires_in.push_back(secs);
    }

    /// Answers the next request to `path` with `reply` (after validating it).
    pub fn script(&self, path: &str, reply: Scripted) {
        self.shared
            .lock()
            .scripted
            .entry(path.to_owned())
            .or_default()
            .push_back(reply);
    }

    pub fn set_legacy_errors(&self, on: bool) {
        self.shared.lock().legacy_errors = on;
    }

    pub fn set_autoconfirm(&self, on: bool) {
        self.shared.lock().autoconfirm = on;
    }

    /// Delays refresh grants (real time), so concurrent callers overlap.
    pub fn set_refresh_delay(&self, d: Duration) {
        *self
            .shared
            .refresh_delay
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = d;
    }

    pub fn refresh_calls(&self) -> usize {
        self.shared.refresh_calls.load(Ordering::SeqCst)
    }

    pub fn log(&self) -> Vec<Logged> {
        self.shared.lock().log.clone()
    }

    /// Requests to `path` (exact), in order.
    pub fn requests(&self, path: &str) -> Vec<Logged> {
        self.log().into_iter().filter(|l| l.path == path).collect()
    }

    pub fn last(&self, path: &str) -> Logged {
        self.requests(path)
            .pop()
            .unwrap_or_else(|| panic!("no request to {path}"))
    }

    pub fn rejections(&self) -> Vec<String> {
        self.shared.lock().rejections.clone()
    }

    /// Panics when any request was rejected as malformed.
    pub fn assert_clean(&self) {
        let r = self.rejections();
        assert!(r.is_empty(), "the fake rejected requests: {r:#?}");
    }

    /// Bearer tokens seen by `GET /rest/v1/probe`.
    pub fn rest_tokens(&self) -> Vec<String> {
        self.shared.lock().rest_tokens.clone()
    }

    /// A PKCE flow state for `user_id`, as the server keeps after an OAuth/magic-link
    /// redirect: the code the browser would bring back.
    pub fn issue_pkce_code(&self, challenge: &str, method: &str, user_id: &str) -> String {
        let mut st = self.shared.lock();
        let code = new_uuid(&mut st);
        st.flow_states.insert(
            code.clone(),
            (challenge.to_owned(), method.to_owned(), user_id.to_owned()),
        );
        code
    }

    /// An OTP the server "sent" to a user.
    pub fn issue_otp(&self, user_id: &str, otp_type: &str) -> String {
        let mut st = self.shared.lock();
        st.seq += 1;
        let token = format!("{:06}", 100_000 + st.seq);
        st.otps
            .insert(token.clone(), (user_id.to_owned(), otp_type.to_owned()));
        token
    }

    /// A session for `user_id` minted directly (tests of `set_session`).
    pub fn mint_session(&self, user_id: &str, expires_in: i64) -> (String, String) {
        let mut st = self.shared.lock();
        let s = issue(
            &mut st,
            &self.shared.jwt_secret,
            self.shared.now(),
            user_id,
            "aal1",
            Some(expires_in),
        );
        (
            s["access_token"].as_str().unwrap_or_default().to_owned(),
            s["refresh_token"].as_str().unwrap_or_default().to_owned(),
        )
    }
}

fn new_uuid(st: &mut State) -> String {
    st.seq += 1;
    let r: u64 = rand::random();
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (r >> 32) as u32,
        (r >> 16) as u16,
        st.seq % 0x1000,
        r as u16 % 0x1000,
        st.seq
    )
}

fn user_json(u: &UserRec) -> Value {
    json!({
        "id": u.id, "aud": "authenticated", "role": "authenticated",
        "email": u.email.clone().unwrap_or_default(), "phone": u.phone.clone().unwrap_or_default(),
        "email_confirmed_at": "2024-05-01T10:00:00.123456Z",
        "confirmed_at": "2024-05-01T10:00:00.123456Z",
        "last_sign_in_at": "2024-05-02T08:30:00Z",
        "app_metadata": u.app_metadata, "user_metadata": u.user_metadata,
        "identities": u.identities, "factors": u.factors,
        "created_at": "2024-05-01T10:00:00.123456Z", "updated_at": "2024-05-02T08:30:00Z",
        "is_anonymous": u.is_anonymous,
    })
}

/// Issues a session (access token signed HS256) for `user_id`.
fn issue(
    st: &mut State,
    secret: &str,
    now: i64,
    user_id: &str,
    aal: &'static str,
    ttl: Option<i64>,
) -> Value {
    let expires_in = ttl
        .or_else(|| st.next_expires_in.pop_front())
        .unwrap_or(3600);
    let session_id = new_uuid(st);
    let refresh_token = format!("rt-{}", new_uuid(st));
    st.sessions.insert(
        refresh_token.clone(),
        SessionRec {
            user_id: user_id.to_owned(),
            session_id: session_id.clone(),
            used: false,
            aal,
        },
    );
    session_value(
        st,
        secret,
        now,
        user_id,
        &session_id,
        aal,
        &refresh_token,
        expires_in,
    )
}

#[allow(clippy::too_many_arguments)]
fn session_value(
    st: &State,
    secret: &str,
    now: i64,
    user_id: &str,
    session_id: &str,
    aal: &str,
    refresh_token: &str,
    expires_in: i64,
) -> Value {
    let u = st.users.get(user_id).cloned().expect("user");
    let iat = now;
    let mut amr = vec![json!({"method": "password", "timestamp": iat})];
    if aal == "aal2" {
        amr.push(json!({"method": "totp", "timestamp": iat}));
    }
    let claims = json!({
        "aud": "authenticated", "exp": iat + expires_in, "iat": iat, "sub": user_id,
        "email": u.email.clone().unwrap_or_default(), "role": "authenticated", "aal": aal,
        "amr": amr, "session_id": session_id, "is_anonymous": u.is_anonymous,
    });
    json!({
        "access_token": sign_hs256(&claims, secret),
        "token_type": "bearer",
        "expires_in": expires_in,
        "expires_at": iat + expires_in,
        "refresh_token": refresh_token,
        "user": user_json(&u),
    })
}

fn reply(status: u16, body: Value) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("response")
}

fn reply_empty(status: u16) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .body(Full::new(Bytes::new()))
        .expect("response")
}

/// The shape `uuid.FromString` accepts (hyphenated form).
fn is_uuid_text(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn ok(body: Value) -> Answer {
    Ok(reply(200, body))
}

struct Ctx<'a> {
    shared: &'a Shared,
    legacy: bool,
}

impl Ctx<'_> {
    /// A GoTrue error in the shape the request asked for.
    fn err(&self, status: u16, code: &str, message: &str) -> Response<Full<Bytes>> {
        let (body, versioned) = if self.legacy {
            (
                json!({"code": status, "error_code": code, "msg": message, "error_id": "e-1"}),
                false,
            )
        } else {
            (json!({"code": code, "message": message}), true)
        };
        let mut r = reply(status, body);
        let h = r.headers_mut();
        h.insert("x-sb-error-code", code.parse().expect("hv"));
        if versioned {
            h.insert("x-supabase-api-version", "2024-01-01".parse().expect("hv"));
        }
        r
    }
}

fn reject(shared: &Shared, why: String) -> Response<Full<Bytes>> {
    shared.lock().rejections.push(why.clone());
    reply(400, json!({"code": "fake_rejected", "message": why}))
}

/// Checks that `body` is an object with all of `required` and nothing outside
/// `required ∪ optional`.
fn keys(
    body: &Option<Value>,
    required: &[&str],
    optional: &[&str],
) -> Result<Map<String, Value>, String> {
    let Some(Value::Object(obj)) = body else {
        return Err(format!("expected a JSON object body, got {body:?}"));
    };
    for k in required {
        if !obj.contains_key(*k) {
            return Err(format!("missing body key {k} in {obj:?}"));
        }
    }
    for k in obj.keys() {
        if !required.contains(&k.as_str()) && !optional.contains(&k.as_str()) {
            return Err(format!("unexpected body key {k} in {obj:?}"));
        }
    }
    Ok(obj.clone())
}

fn query_pairs(q: &Option<String>) -> Vec<(String, String)> {
    q.as_deref()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn q<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn s<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

/// What kind of `Authorization` an endpoint needs.
enum Auth {
    Key,
    Service,
    User,
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let raw = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().map(str::to_owned);
    let json_body: Option<Value> = if raw.is_empty() {
        None
    } else {
        match serde_json::from_slice(&raw) {
            Ok(v) => Some(v),
            Err(e) => return reject(&shared, format!("{path}: body is not JSON: {e}")),
        }
    };
    let logged = Logged {
        method: parts.method.clone(),
        path: path.clone(),
        query: query.clone(),
        headers: parts.headers.clone(),
        body: json_body.clone(),
    };
    let legacy = {
        let mut st = shared.lock();
        st.log.push(logged.clone());
        st.legacy_errors
    };
    let ctx = Ctx {
        shared: &shared,
        legacy,
    };
    match route(&ctx, &logged).await {
        Ok(r) | Err(r) => r,
    }
}

/// Verifies an HS256 user JWT: signature, audience, and `exp` against the fake's clock.
fn verify_user_jwt(shared: &Shared, token: &str) -> Result<jsonwebtoken::TokenData<Value>, String> {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_audience(&["authenticated"]);
    v.validate_exp = false;
    let data = jsonwebtoken::decode::<Value>(
        token,
        &DecodingKey::from_secret(shared.jwt_secret.as_bytes()),
        &v,
    )
    .map_err(|e| e.to_string())?;
    match data.claims["exp"].as_i64() {
        Some(exp) if exp > shared.now() => Ok(data),
        _ => Err("expired".into()),
    }
}

fn check_common(
    l: &Logged,
    auth: Auth,
    shared: &Shared,
) -> Result<Option<(String, String)>, String> {
    let apikey = l.header("apikey").ok_or("missing apikey")?;
    if apikey != ANON_KEY && apikey != SERVICE_KEY {
        return Err(format!("unknown apikey {apikey:?}"));
    }
    if l.header("x-supabase-api-version") != Some("2024-01-01") {
        return Err("missing X-Supabase-Api-Version: 2024-01-01".into());
    }
    if l.header("x-client-info").is_none() {
        return Err("missing X-Client-Info".into());
    }
    if l.method == Method::GET {
        if l.header("content-type").is_some() || l.body.is_some() {
            return Err("a GET with a content type or a body".into());
        }
    } else if l.header("content-type") != Some("application/json;charset=UTF-8") {
        return Err(format!("content-type {:?}", l.header("content-type")));
    }
    let bearer = l
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .ok_or("missing Authorization: Bearer")?;
    match auth {
        Auth::Key => {
            if bearer != apikey {
                return Err(format!("{}: Authorization must be the API key", l.path));
            }
            Ok(None)
        }
        Auth::Service => {
            if bearer != SERVICE_KEY || apikey != SERVICE_KEY {
                return Err(format!("{}: admin call without the service key", l.path));
            }
            Ok(None)
        }
        Auth::User => {
            let data = verify_user_jwt(shared, bearer)
                .map_err(|e| format!("{}: bad user JWT: {e}", l.path))?;
            let sub = data.claims["sub"].as_str().unwrap_or_default().to_owned();
            let sid = data.claims["session_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            Ok(Some((sub, sid)))
        }
    }
}

async fn route(ctx: &Ctx<'_>, l: &Logged) -> Answer {
    let shared = ctx.shared;
    let p = l.path.as_str();
    let pairs = query_pairs(&l.query);
    let seg: Vec<&str> = p.trim_start_matches('/').split('/').collect();
    if seg.as_slice() == ["rest", "v1", "probe"] {
        // A stand-in PostgREST endpoint: the bearer must be the API key or a valid user JWT.
        let bearer = l
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .unwrap_or_default()
            .to_owned();
        if l.header("apikey") != Some(ANON_KEY) {
            return Err(reject(shared, "probe without the anon apikey".into()));
        }
        if bearer != ANON_KEY && verify_user_jwt(shared, &bearer).is_err() {
            return Err(ctx.err(401, "bad_jwt", "JWT expired or invalid"));
        }
        shared.lock().rest_tokens.push(bearer);
        return ok(json!([{"ok": true}]));
    }
    let auth = match (&l.method, seg.as_slice()) {
        (_, ["auth", "v1", "admin", ..]) | (&Method::POST, ["auth", "v1", "invite"]) => {
            Auth::Service
        }
        (&Method::POST, ["auth", "v1", "logout"])
        | (_, ["auth", "v1", "user", ..])
        | (_, ["auth", "v1", "reauthenticate"])
        | (_, ["auth", "v1", "factors", ..])
        | (_, ["auth", "v1", "oauth", "authorizations", ..])
        | (_, ["auth", "v1", "passkeys", "registration", ..])
        | (_, ["auth", "v1", "passkeys"])
        | (_, ["auth", "v1", "passkeys", _]) => Auth::User,
        (&Method::POST, ["auth", "v1", "token"])
            if q(&pairs, "grant_type") == Some("id_token")
                && l.header("authorization").is_some_and(|h| {
                    h != format!("Bearer {}", l.header("apikey").unwrap_or_default())
                }) =>
        {
            Auth::User
        }
        _ => Auth::Key,
    };
    let who = match check_common(l, auth, shared) {
        Ok(w) => w,
        Err(why) => {
            // A revoked or expired token is the server's 401/403, not a malformed request.
            if why.contains("bad user JWT") {
                return Err(ctx.err(401, "bad_jwt", "invalid JWT"));
            }
            return Err(reject(shared, why));
        }
    };
    if let Some((_, sid)) = &who {
        if shared.lock().revoked_sessions.contains(sid) {
            return Err(ctx.err(
                403,
                "session_not_found",
                "Session from session_id claim in JWT does not exist",
            ));
        }
    }
    // Scripted answers (after validation).
    let scripted = shared
        .lock()
        .scripted
        .get_mut(p)
        .and_then(VecDeque::pop_front);
    if let Some(sc) = scripted {
        if p == "/auth/v1/token" && q(&pairs, "grant_type") == Some("refresh_token") {
            shared.refresh_calls.fetch_add(1, Ordering::SeqCst);
        }
        let mut b = Response::builder().status(sc.status);
        for (k, v) in &sc.headers {
            b = b.header(k.as_str(), v.as_str());
        }
        return Ok(b.body(Full::new(Bytes::from(sc.body))).expect("response"));
    }
    routes::dispatch(ctx, l, &pairs, &seg, who).await
}

pub mod custom_providers;
pub mod oauth_server;
pub mod passkeys;
pub mod routes;
pub mod webauthn;
