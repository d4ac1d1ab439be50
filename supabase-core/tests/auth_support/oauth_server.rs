//! The fake's OAuth 2.1 server: admin clients (`/admin/oauth/clients`), the consent endpoints
//! (`/oauth/authorizations/{id}`, `/consent`) and the user's grants (`/user/oauth/grants`),
//! after supabase/auth `internal/api/oauthserver` (handlers.go, service.go, authorize.go).
//!
//! Validation follows the server step by step: a body field of the wrong JSON type is the Go
//! decoder's failure (400 `bad_json` "Invalid JSON body"); then redirect URIs (1 to 10,
//! absolute, no fragment, `http` only on loopback, no dangerous scheme), grant types, name and
//! URI lengths, client type / auth method consistency, each a 400 `validation_failed`. Unknown
//! body keys (which Go would ignore) are refused as `fake_rejected`: we never send them.

use http::Method;
use serde_json::{json, Map, Value};

use super::routes::{body_keys, no_body, only_query};
use super::*;

/// The fake's records of the OAuth server.
#[derive(Default)]
pub(super) struct OAuthState {
    clients: Vec<ClientRec>,
    authorizations: HashMap<String, AuthzRec>,
    consents: Vec<ConsentRec>,
}

#[derive(Clone)]
struct ClientRec {
    id: String,
    secret: Option<String>,
    client_type: String,
    auth_method: String,
    registration_type: String,
    redirect_uris: Vec<String>,
    grant_types: Vec<String>,
    name: Option<String>,
    uri: Option<String>,
    logo_uri: Option<String>,
    created_at: String,
    updated_at: String,
    deleted: bool,
}

struct AuthzRec {
    client_id: String,
    redirect_uri: String,
    scope: String,
    state: Option<String>,
    user_id: Option<String>,
    status: &'static str,
    expires_at: i64,
    code: Option<String>,
}

struct ConsentRec {
    user_id: String,
    client_id: String,
    scopes: Vec<String>,
    granted_at: String,
    revoked: bool,
}

fn client_json(c: &ClientRec, with_secret: bool) -> Value {
    let mut o = Map::new();
    o.insert("client_id".into(), json!(c.id));
    if with_secret {
        if let Some(sec) = &c.secret {
            o.insert("client_secret".into(), json!(sec));
        }
    }
    o.insert("client_type".into(), json!(c.client_type));
    if !c.redirect_uris.is_empty() {
        o.insert("redirect_uris".into(), json!(c.redirect_uris));
    }
    o.insert("token_endpoint_auth_method".into(), json!(c.auth_method));
    o.insert("grant_types".into(), json!(c.grant_types));
    o.insert("response_types".into(), json!(["code"]));
    for (k, v) in [
        ("client_name", &c.name),
        ("client_uri", &c.uri),
        ("logo_uri", &c.logo_uri),
    ] {
        if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
            o.insert(k.into(), json!(v));
        }
    }
    o.insert("registration_type".into(), json!(c.registration_type));
    o.insert("created_at".into(), json!(c.created_at));
    o.insert("updated_at".into(), json!(c.updated_at));
    Value::Object(o)
}

fn client_details(c: &ClientRec) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(c.id));
    for (k, v) in [
        ("name", &c.name),
        ("uri", &c.uri),
        ("logo_uri", &c.logo_uri),
    ] {
        if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
            o.insert(k.into(), json!(v));
        }
    }
    Value::Object(o)
}

fn timestamp(now: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp(now, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .unwrap_or_default()
}

/// Go's json decoding into the params struct: every present key must have the field's type
/// (`null` leaves the field unset).
fn decode_types(obj: &Map<String, Value>, strings: &[&str], lists: &[&str]) -> bool {
    obj.iter().all(|(k, v)| {
        if v.is_null() {
            true
        } else if lists.contains(&k.as_str()) {
            v.as_array()
                .is_some_and(|a| a.iter().all(|x| x.is_string() || x.is_null()))
        } else if strings.contains(&k.as_str()) {
            v.is_string()
        } else {
            true
        }
    })
}

fn strs(v: Option<&Value>) -> Option<Vec<String>> {
    v.and_then(Value::as_array).map(|a| {
        a.iter()
            .map(|x| x.as_str().unwrap_or_default().to_owned())
            .collect()
    })
}

fn validate_redirect_uri(uri: &str) -> Result<(), String> {
    if uri.is_empty() {
        return Err("redirect URI cannot be empty".into());
    }
    let u = url::Url::parse(uri).map_err(|_| "must have scheme and host".to_owned())?;
    if u.host_str().unwrap_or_default().is_empty() {
        return Err("must have scheme and host".into());
    }
    let scheme = u.scheme();
    for bad in ["javascript", "data", "file", "vbscript", "about", "blob"] {
        if scheme.eq_ignore_ascii_case(bad) {
            return Err(format!(
                "scheme '{scheme}' is not allowed for security reasons"
            ));
        }
    }
    if scheme == "http" {
        let h = u.host_str().unwrap_or_default();
        if h != "localhost" && h != "127.0.0.1" && h != "[::1]" {
            return Err("HTTP scheme only allowed for localhost".into());
        }
    }
    if u.fragment().is_some() {
        return Err("fragment not allowed in redirect URI".into());
    }
    Ok(())
}

fn validate_common(obj: &Map<String, Value>, create: bool) -> Result<(), String> {
    if let Some(uris) = strs(obj.get("redirect_uris")).or(if create { Some(vec![]) } else { None })
    {
        if create && uris.is_empty() {
            return Err("redirect_uris is required".into());
        }
        if uris.is_empty() {
            return Err("redirect_uris cannot be empty".into());
        }
        if uris.len() > 10 {
            return Err("redirect_uris cannot exceed 10 items".into());
        }
        for u in &uris {
            validate_redirect_uri(u).map_err(|e| format!("invalid redirect_uri '{u}': {e}"))?;
        }
    }
    if let Some(g) = strs(obj.get("grant_types")) {
        if g.is_empty() && !create {
            return Err("grant_types cannot be empty".into());
        }
        if g.iter()
            .any(|t| t != "authorization_code" && t != "refresh_token")
        {
            return Err(
                "grant_types must only contain 'authorization_code' and/or 'refresh_token'".into(),
            );
        }
    }
    if s(obj, "client_name").is_some_and(|n| n.len() > 1024) {
        return Err("client_name cannot exceed 1024 characters".into());
    }
    for k in ["client_uri", "logo_uri"] {
        if let Some(v) = s(obj, k).filter(|v| !v.is_empty()) {
            if v.len() > 2048 {
                return Err(format!("{k} cannot exceed 2048 characters"));
            }
            if url::Url::parse(v).is_err() {
                return Err(format!("{k} must be a valid URL"));
            }
        }
    }
    Ok(())
}

const METHODS: [&str; 3] = ["none", "client_secret_basic", "client_secret_post"];

fn infer_type(method: &str) -> &'static str {
    if method == "none" {
        "public"
    } else {
        "confidential"
    }
}

const CLIENT_KEYS: [&str; 7] = [
    "redirect_uris",
    "client_type",
    "token_endpoint_auth_method",
    "grant_types",
    "client_name",
    "client_uri",
    "logo_uri",
];

impl FakeGoTrue {
    /// A pending authorization, as `GET /oauth/authorize` leaves it after its checks (the
    /// client exists, the redirect URI is registered); returns the `authorization_id`.
    pub fn start_authorization(
        &self,
        client_id: &str,
        redirect_uri: &str,
        scope: &str,
        state: &str,
    ) -> Result<String, String> {
        let mut st = self.shared.lock();
        let client = st
            .oauth
            .clients
            .iter()
            .find(|c| c.id == client_id && !c.deleted)
            .ok_or("invalid client_id")?;
        if !client.redirect_uris.iter().any(|u| u == redirect_uri) {
            return Err("invalid redirect_uri".into());
        }
        let id = format!("authz-{}", new_uuid(&mut st));
        let expires_at = self.shared.now() + 600;
        st.oauth.authorizations.insert(
            id.clone(),
            AuthzRec {
                client_id: client_id.into(),
                redirect_uri: redirect_uri.into(),
                scope: scope.into(),
                state: Some(state.to_owned()).filter(|s| !s.is_empty()),
                user_id: None,
                status: "pending",
                expires_at,
                code: None,
            },
        );
        Ok(id)
    }

    /// Moves an authorization's expiry into the past.
    pub fn expire_authorization(&self, authorization_id: &str) {
        let now = self.shared.now();
        if let Some(a) = self
            .shared
            .lock()
            .oauth
            .authorizations
            .get_mut(authorization_id)
        {
            a.expires_at = now - 1;
        }
    }

    /// Whether `secret` is the current secret of the client.
    pub fn client_secret_matches(&self, client_id: &str, secret: &str) -> bool {
        self.shared
            .lock()
            .oauth
            .clients
            .iter()
            .any(|c| c.id == client_id && c.secret.as_deref() == Some(secret))
    }
}

fn redirect_with(base: &str, pairs: &[(&str, &str)]) -> String {
    let mut u = url::Url::parse(base).expect("registered redirect");
    let mut all: Vec<(String, String)> = u
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .filter(|(k, _)| !pairs.iter().any(|(p, _)| p == k))
        .collect();
    all.extend(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    all.sort(); // Go's url.Values.Encode sorts by key
    u.query_pairs_mut().clear().extend_pairs(all);
    u.to_string()
}

pub(super) fn dispatch(
    ctx: &Ctx<'_>,
    l: &Logged,
    pairs: &[(String, String)],
    seg: &[&str],
    uid: &str,
) -> Option<Answer> {
    let shared = ctx.shared;
    let bad_json = || Err(ctx.err(400, "bad_json", "Invalid JSON body"));
    let invalid = |m: String| Err(ctx.err(400, "validation_failed", &m));
    let answer = match (&l.method, seg) {
        (&Method::GET, ["auth", "v1", "admin", "oauth", "clients"]) => {
            if let Err(e) = only_query(ctx, l, pairs, &["page", "per_page"]) {
                return Some(Err(e));
            }
            let st = shared.lock();
            let mut list: Vec<Value> = st
                .oauth
                .clients
                .iter()
                .filter(|c| !c.deleted)
                .map(|c| client_json(c, false))
                .collect();
            list.reverse(); // created_at desc
            let body = if list.is_empty() {
                json!({})
            } else {
                json!({ "clients": list })
            };
            ok(body)
        }
        (&Method::POST, ["auth", "v1", "admin", "oauth", "clients"]) => {
            let obj = match body_keys(ctx, l, &[], &CLIENT_KEYS) {
                Ok(o) => o,
                Err(e) => return Some(Err(e)),
            };
            if !decode_types(&obj, &CLIENT_KEYS[1..], &["redirect_uris", "grant_types"]) {
                return Some(bad_json());
            }
            if let Err(m) = validate_common(&obj, true) {
                return Some(invalid(m));
            }
            let ct = s(&obj, "client_type").unwrap_or_default();
            if !ct.is_empty() && ct != "public" && ct != "confidential" {
                return Some(invalid(
                    "client_type must be 'public' or 'confidential'".into(),
                ));
            }
            let method = s(&obj, "token_endpoint_auth_method").unwrap_or_default();
            if !method.is_empty() && !METHODS.contains(&method) {
                return Some(invalid(format!(
                    "token_endpoint_auth_method must be one of: [{}]",
                    METHODS.join(" ")
                )));
            }
            if !ct.is_empty() && !method.is_empty() && ct != infer_type(method) {
                return Some(invalid(format!(
                    "client_type '{ct}' is inconsistent with token_endpoint_auth_method '{method}' (expected client_type '{}')",
                    infer_type(method)
                )));
            }
            let client_type = if !ct.is_empty() {
                ct.to_owned()
            } else if !method.is_empty() {
                infer_type(method).to_owned()
            } else {
                "confidential".to_owned()
            };
            let auth_method = if !method.is_empty() {
                method.to_owned()
            } else if client_type == "public" {
                "none".to_owned()
            } else {
                "client_secret_basic".to_owned()
            };
            let mut st = shared.lock();
            let id = new_uuid(&mut st);
            let secret =
                (client_type == "confidential").then(|| format!("sec-{}", new_uuid(&mut st)));
            let now = timestamp(shared.now());
            let rec = ClientRec {
                id,
                secret,
                client_type,
                auth_method,
                registration_type: "manual".into(),
                redirect_uris: strs(obj.get("redirect_uris")).unwrap_or_default(),
                grant_types: strs(obj.get("grant_types"))
                    .filter(|g| !g.is_empty())
                    .unwrap_or_else(|| vec!["authorization_code".into(), "refresh_token".into()]),
                name: s(&obj, "client_name").map(str::to_owned),
                uri: s(&obj, "client_uri").map(str::to_owned),
                logo_uri: s(&obj, "logo_uri").map(str::to_owned),
                created_at: now.clone(),
                updated_at: now,
                deleted: false,
            };
            let body = client_json(&rec, true);
            st.oauth.clients.push(rec);
            Ok(reply(201, body))
        }
        (_, ["auth", "v1", "admin", "oauth", "clients", id, rest @ ..]) => {
            if let Err(e) = only_query(ctx, l, pairs, &[]) {
                return Some(Err(e));
            }
            if !is_uuid_text(id) {
                return Some(invalid("invalid client_id format".into()));
            }
            let mut st = shared.lock();
            let Some(pos) = st
                .oauth
                .clients
                .iter()
                .position(|c| c.id == *id && !c.deleted)
            else {
                return Some(Err(ctx.err(
                    404,
                    "oauth_client_not_found",
                    "OAuth client not found",
                )));
            };
            match (&l.method, rest) {
                (&Method::GET, []) => ok(client_json(&st.oauth.clients[pos], false)),
                (&Method::DELETE, []) => {
                    if let Err(e) = no_body(ctx, l) {
                        return Some(Err(e));
                    }
                    st.oauth.clients[pos].deleted = true;
                    Ok(reply_empty(204))
                }
                (&Method::POST, ["regenerate_secret"]) => {
                    if let Err(e) = no_body(ctx, l) {
                        return Some(Err(e));
                    }
                    if st.oauth.clients[pos].client_type != "confidential" {
                        return Some(invalid("Cannot regenerate secret for public client".into()));
                    }
                    let secret = format!("sec-{}", new_uuid(&mut st));
                    let c = &mut st.oauth.clients[pos];
                    c.secret = Some(secret);
                    c.updated_at = timestamp(shared.now());
                    ok(client_json(c, true))
                }
                (&Method::PUT, []) => {
                    let allowed = [
                        "redirect_uris",
                        "grant_types",
                        "client_name",
                        "client_uri",
                        "logo_uri",
                        "token_endpoint_auth_method",
                    ];
                    let obj = match body_keys(ctx, l, &[], &allowed) {
                        Ok(o) => o,
                        Err(e) => return Some(Err(e)),
                    };
                    if !decode_types(&obj, &allowed[2..], &["redirect_uris", "grant_types"]) {
                        return Some(bad_json());
                    }
                    if obj.values().all(Value::is_null) {
                        return Some(invalid("No fields provided for update".into()));
                    }
                    if let Err(m) = validate_common(&obj, false) {
                        return Some(invalid(m));
                    }
                    if let Some(m) = s(&obj, "token_endpoint_auth_method") {
                        if !METHODS.contains(&m) {
                            return Some(invalid(format!(
                                "invalid token_endpoint_auth_method: must be one of [{}]",
                                METHODS.join(" ")
                            )));
                        }
                    }
                    let c = &mut st.oauth.clients[pos];
                    if let Some(m) = s(&obj, "token_endpoint_auth_method") {
                        if infer_type(m) != c.client_type {
                            return Some(invalid(format!(
                                "token_endpoint_auth_method '{m}' is not valid for client_type '{}'",
                                c.client_type
                            )));
                        }
                        c.auth_method = m.to_owned();
                    }
                    if let Some(u) = strs(obj.get("redirect_uris")) {
                        c.redirect_uris = u;
                    }
                    if let Some(g) = strs(obj.get("grant_types")) {
                        c.grant_types = g;
                    }
                    if let Some(v) = s(&obj, "client_name") {
                        c.name = Some(v.into());
                    }
                    if let Some(v) = s(&obj, "client_uri") {
                        c.uri = Some(v.into());
                    }
                    if let Some(v) = s(&obj, "logo_uri") {
                        c.logo_uri = Some(v.into());
                    }
                    c.updated_at = timestamp(shared.now());
                    ok(client_json(c, false))
                }
                _ => return None,
            }
        }
        (&Method::GET, ["auth", "v1", "oauth", "authorizations", id]) => {
            if let Err(e) = only_query(ctx, l, pairs, &[]) {
                return Some(Err(e));
            }
            let now = shared.now();
            let mut st = shared.lock();
            let user_email = st.users.get(uid).and_then(|u| u.email.clone());
            let not_found = || {
                ctx.err(
                    404,
                    "oauth_authorization_not_found",
                    "authorization not found",
                )
            };
            let Some(a) = st.oauth.authorizations.get(*id) else {
                return Some(Err(not_found()));
            };
            if a.expires_at <= now {
                return Some(Err(not_found()));
            }
            if a.status != "pending" {
                return Some(invalid("authorization request cannot be processed".into()));
            }
            if a.user_id.as_deref().is_some_and(|u| u != uid) {
                return Some(Err(not_found()));
            }
            let (client_id, scope) = (a.client_id.clone(), a.scope.clone());
            let first_visit = a.user_id.is_none();
            let covered = first_visit
                && st.oauth.consents.iter().any(|c| {
                    !c.revoked
                        && c.user_id == uid
                        && c.client_id == client_id
                        && scope.split(' ').all(|s| c.scopes.iter().any(|g| g == s))
                });
            let code = covered.then(|| format!("code-{}", new_uuid(&mut st)));
            let Some(a) = st.oauth.authorizations.get_mut(*id) else {
                return Some(Err(not_found()));
            };
            a.user_id = Some(uid.to_owned());
            if let Some(code) = code {
                a.status = "approved";
                a.code = Some(code.clone());
                let mut p = vec![("code", code.as_str())];
                let state = a.state.clone();
                if let Some(s) = state.as_deref() {
                    p.push(("state", s));
                }
                return Some(ok(
                    json!({ "redirect_url": redirect_with(&a.redirect_uri, &p) }),
                ));
            }
            let redirect_uri = a.redirect_uri.clone();
            let Some(client) = st.oauth.clients.iter().find(|c| c.id == client_id) else {
                return Some(Err(not_found()));
            };
            let mut user = Map::new();
            user.insert("id".into(), json!(uid));
            if let Some(e) = user_email.filter(|e| !e.is_empty()) {
                user.insert("email".into(), json!(e));
            }
            let mut body = json!({
                "authorization_id": id,
                "redirect_uri": redirect_uri,
                "client": client_details(client),
                "user": user,
            });
            if !scope.is_empty() {
                body["scope"] = json!(scope);
            }
            ok(body)
        }
        (&Method::POST, ["auth", "v1", "oauth", "authorizations", id, "consent"]) => {
            if let Err(e) = only_query(ctx, l, pairs, &[]) {
                return Some(Err(e));
            }
            let obj = match body_keys(ctx, l, &["action"], &[]) {
                Ok(o) => o,
                Err(e) => return Some(Err(e)),
            };
            let action = match obj.get("action") {
                Some(Value::String(a)) => a.clone(),
                Some(Value::Null) => String::new(),
                _ => return Some(Err(ctx.err(400, "bad_json", "invalid JSON body"))),
            };
            if action != "approve" && action != "deny" {
                return Some(invalid("action must be 'approve' or 'deny'".into()));
            }
            let now = shared.now();
            let mut st = shared.lock();
            let not_found = || {
                ctx.err(
                    404,
                    "oauth_authorization_not_found",
                    "authorization not found",
                )
            };
            let code = format!("code-{}", new_uuid(&mut st));
            let Some(a) = st.oauth.authorizations.get_mut(*id) else {
                return Some(Err(not_found()));
            };
            if a.expires_at <= now {
                return Some(Err(not_found()));
            }
            if a.status != "pending" {
                return Some(invalid("authorization request is no longer pending".into()));
            }
            if a.user_id.as_deref() != Some(uid) {
                return Some(Err(not_found()));
            }
            let state = a.state.clone();
            let url = if action == "approve" {
                a.status = "approved";
                a.code = Some(code.clone());
                let mut p = vec![("code", code.as_str())];
                if let Some(s) = state.as_deref() {
                    p.push(("state", s));
                }
                redirect_with(&a.redirect_uri, &p)
            } else {
                a.status = "denied";
                let mut p = vec![
                    ("error", "access_denied"),
                    ("error_description", "User denied the request"),
                ];
                if let Some(s) = state.as_deref() {
                    p.push(("state", s));
                }
                redirect_with(&a.redirect_uri, &p)
            };
            if action == "approve" {
                let (client_id, scopes) = (
                    a.client_id.clone(),
                    a.scope
                        .split(' ')
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect::<Vec<_>>(),
                );
                let granted_at = timestamp(now);
                match st
                    .oauth
                    .consents
                    .iter_mut()
                    .find(|c| c.user_id == uid && c.client_id == client_id)
                {
                    Some(c) => {
                        for sc in scopes {
                            if !c.scopes.contains(&sc) {
                                c.scopes.push(sc);
                            }
                        }
                        c.revoked = false;
                        c.granted_at = granted_at;
                    }
                    None => st.oauth.consents.push(ConsentRec {
                        user_id: uid.to_owned(),
                        client_id,
                        scopes,
                        granted_at,
                        revoked: false,
                    }),
                }
            }
            ok(json!({ "redirect_url": url }))
        }
        (&Method::GET, ["auth", "v1", "user", "oauth", "grants"]) => {
            if let Err(e) = only_query(ctx, l, pairs, &[]) {
                return Some(Err(e));
            }
            let st = shared.lock();
            let grants: Vec<Value> = st
                .oauth
                .consents
                .iter()
                .filter(|c| c.user_id == uid && !c.revoked)
                .filter_map(|c| {
                    let client = st.oauth.clients.iter().find(|k| k.id == c.client_id && !k.deleted)?;
                    Some(json!({"client": client_details(client), "scopes": c.scopes, "granted_at": c.granted_at}))
                })
                .collect();
            ok(Value::Array(grants))
        }
        (&Method::DELETE, ["auth", "v1", "user", "oauth", "grants"]) => {
            if let Err(e) = only_query(ctx, l, pairs, &["client_id"]) {
                return Some(Err(e));
            }
            if let Err(e) = no_body(ctx, l) {
                return Some(Err(e));
            }
            let client_id = q(pairs, "client_id").unwrap_or_default();
            if client_id.is_empty() {
                return Some(invalid("client_id query parameter is required".into()));
            }
            if !is_uuid_text(client_id) {
                return Some(invalid("invalid client_id format".into()));
            }
            let mut st = shared.lock();
            match st
                .oauth
                .consents
                .iter_mut()
                .find(|c| c.user_id == uid && c.client_id == client_id && !c.revoked)
            {
                Some(c) => {
                    c.revoked = true;
                    Ok(reply_empty(204))
                }
                None => Err(ctx.err(
                    404,
                    "oauth_consent_not_found",
                    "No active grant found for this client",
                )),
            }
        }
        _ => return None,
    };
    Some(answer)
}
