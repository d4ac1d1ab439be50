//! The fake's custom OAuth/OIDC providers (`/admin/custom-providers`), after supabase/auth
//! `custom_oauth_admin.go`: the `custom:` prefix checked on the literal path segment, the
//! required fields per provider type, HTTPS non-loopback URLs, reserved authorization params,
//! protected attribute-mapping targets, the quota, conflicts, and for OIDC the discovery
//! document — which the fake cannot fetch, so a test publishes it with
//! [`FakeGoTrue::publish_discovery`]; an issuer without one fails as an unreachable document.
//! Also the `custom:` branch of the id-token grant.

use http::Method;
use serde_json::{json, Map, Value};

use super::routes::{no_body, only_query};
use super::*;

#[derive(Default)]
pub(super) struct CustomState {
    providers: Vec<Value>,
    discovery: Vec<String>,
    pub(super) max: usize,
}

impl FakeGoTrue {
    /// Makes `issuer` serve a valid discovery document.
    pub fn publish_discovery(&self, issuer: &str) {
        self.shared.lock().custom.discovery.push(issuer.to_owned());
    }

    pub fn set_max_custom_providers(&self, n: usize) {
        self.shared.lock().custom.max = n;
    }
}

const STRINGS: [&str; 11] = [
    "provider_type",
    "identifier",
    "name",
    "client_id",
    "client_secret",
    "issuer",
    "discovery_url",
    "authorization_url",
    "token_url",
    "userinfo_url",
    "jwks_uri",
];
const LISTS: [&str; 3] = ["acceptable_client_ids", "scopes", "custom_claims_allowlist"];
const BOOLS: [&str; 4] = [
    "pkce_enabled",
    "enabled",
    "email_optional",
    "skip_nonce_check",
];
const MAPS: [&str; 2] = ["attribute_mapping", "authorization_params"];

/// The Go decoder's view of the body: `Ok(obj)`, a type error (`bad_json`), or an unknown key
/// (which Go would ignore, but we never send).
fn decode(l: &Logged) -> Result<Map<String, Value>, Result<String, String>> {
    let Some(Value::Object(obj)) = &l.body else {
        return Err(Err(format!(
            "{} {}: expected a JSON object body",
            l.method, l.path
        )));
    };
    for (k, v) in obj {
        let k = k.as_str();
        let fits = if STRINGS.contains(&k) {
            v.is_string()
        } else if LISTS.contains(&k) {
            v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
        } else if BOOLS.contains(&k) {
            v.is_boolean()
        } else if MAPS.contains(&k) {
            v.is_object()
        } else {
            return Err(Err(format!(
                "{} {}: unexpected body key {k}",
                l.method, l.path
            )));
        };
        if !fits && !v.is_null() {
            return Err(Ok(format!("Could not parse request body as JSON: {k}")));
        }
    }
    Ok(obj.clone())
}

fn oauth_url(u: &str) -> Result<(), &'static str> {
    let parsed = url::Url::parse(u).map_err(|_| "Invalid URL format")?;
    if parsed.scheme() != "https" {
        return Err("URL must use HTTPS");
    }
    let host = parsed.host_str().unwrap_or_default();
    if host.is_empty() {
        return Err("URL must have a valid hostname");
    }
    if host == "localhost"
        || host.starts_with("127.")
        || host == "[::1]"
        || host.ends_with(".localhost")
    {
        return Err("URL must not point to localhost or loopback addresses");
    }
    Ok(())
}

const RESERVED: [&str; 9] = [
    "client_id",
    "client_secret",
    "redirect_uri",
    "response_type",
    "state",
    "code_challenge",
    "code_challenge_method",
    "code_verifier",
    "nonce",
];
const PROTECTED: [&str; 13] = [
    "id",
    "aud",
    "role",
    "app_metadata",
    "created_at",
    "updated_at",
    "confirmed_at",
    "email_confirmed_at",
    "phone_confirmed_at",
    "email_verified",
    "phone_verified",
    "banned_until",
    "is_super_admin",
];

fn check_maps(obj: &Map<String, Value>) -> Result<(), String> {
    if let Some(Value::Object(p)) = obj.get("authorization_params") {
        for (k, v) in p {
            if RESERVED.contains(&k.as_str()) {
                return Err(format!("Cannot override reserved OAuth parameter: {k}"));
            }
            if !v.is_string() {
                return Err(format!("Authorization parameter {k:?} must be a string"));
            }
        }
    }
    if let Some(Value::Object(m)) = obj.get("attribute_mapping") {
        if let Some(k) = m.keys().find(|k| PROTECTED.contains(&k.as_str())) {
            return Err(format!("Cannot map to protected system field: {k}"));
        }
    }
    if let Some(Value::Array(a)) = obj.get("custom_claims_allowlist") {
        if a.iter()
            .any(|x| x.as_str().map_or(true, |s| s.trim().is_empty()))
        {
            return Err("custom_claims_allowlist entries must be non-empty strings".into());
        }
    }
    Ok(())
}

fn with_openid(scopes: Option<&Value>) -> Value {
    let mut list: Vec<Value> = scopes
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if !list.iter().any(|s| s == "openid") {
        list.insert(0, json!("openid"));
    }
    Value::Array(list)
}

fn stamp(now: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp(now, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .unwrap_or_default()
}

/// The `custom:` branch of `POST /token?grant_type=id_token`.
pub(super) fn id_token_provider(
    ctx: &Ctx<'_>,
    provider: &str,
) -> Result<(), Response<Full<Bytes>>> {
    let st = ctx.shared.lock();
    let Some(p) = st
        .custom
        .providers
        .iter()
        .find(|p| p["identifier"] == provider)
    else {
        return Err(ctx.err(
            400,
            "validation_failed",
            &format!("Custom provider {provider:?} not found"),
        ));
    };
    if p["enabled"] != true {
        return Err(ctx.err(
            400,
            "provider_disabled",
            &format!("Custom provider {provider:?} is disabled"),
        ));
    }
    if p["provider_type"] != "oidc" {
        return Err(ctx.err(
            400,
            "validation_failed",
            &format!("Provider {provider:?} is not an OIDC provider"),
        ));
    }
    Ok(())
}

pub(super) fn dispatch(
    ctx: &Ctx<'_>,
    l: &Logged,
    pairs: &[(String, String)],
    seg: &[&str],
) -> Option<Answer> {
    let shared = ctx.shared;
    let invalid = |m: &str| Err(ctx.err(400, "validation_failed", m));
    let bad = |m: &str| ctx.err(400, "validation_failed", m);
    let body = |l: &Logged| -> Result<Map<String, Value>, Response<Full<Bytes>>> {
        decode(l).map_err(|e| match e {
            Ok(msg) => ctx.err(400, "bad_json", &msg),
            Err(why) => reject(shared, why),
        })
    };
    let run = || -> Answer {
        match (&l.method, seg) {
            (&Method::GET, ["auth", "v1", "admin", "custom-providers"]) => {
                only_query(ctx, l, pairs, &["type"])?;
                let t = q(pairs, "type").unwrap_or_default();
                if !t.is_empty() && t != "oauth2" && t != "oidc" {
                    return invalid("type must be either 'oauth2' or 'oidc'");
                }
                let st = shared.lock();
                let list: Vec<Value> = st
                    .custom
                    .providers
                    .iter()
                    .filter(|p| t.is_empty() || p["provider_type"] == t)
                    .cloned()
                    .collect();
                ok(json!({ "providers": list }))
            }
            (&Method::POST, ["auth", "v1", "admin", "custom-providers"]) => {
                only_query(ctx, l, pairs, &[])?;
                let obj = body(l)?;
                let t = s(&obj, "provider_type").unwrap_or_default();
                if t != "oauth2" && t != "oidc" {
                    return invalid("provider_type must be either 'oauth2' or 'oidc'");
                }
                let ident = s(&obj, "identifier").unwrap_or_default();
                if ident.is_empty() {
                    return invalid("identifier is required");
                }
                if !ident.starts_with("custom:") {
                    return invalid(&format!(
                        "identifier must start with 'custom:' prefix, e.g. 'custom:{ident}'"
                    ));
                }
                for k in ["name", "client_id", "client_secret"] {
                    if s(&obj, k).unwrap_or_default().is_empty() {
                        return invalid(&format!("{k} is required"));
                    }
                }
                let urls: Vec<&str> = if t == "oidc" {
                    if s(&obj, "issuer").unwrap_or_default().is_empty() {
                        return invalid("issuer is required for OIDC providers");
                    }
                    ["issuer", "discovery_url"]
                        .iter()
                        .filter_map(|k| s(&obj, k))
                        .collect()
                } else {
                    for k in ["authorization_url", "token_url", "userinfo_url"] {
                        if s(&obj, k).unwrap_or_default().is_empty() {
                            return invalid(&format!("{k} is required for OAuth2 providers"));
                        }
                    }
                    ["authorization_url", "token_url", "userinfo_url", "jwks_uri"]
                        .iter()
                        .filter_map(|k| s(&obj, k))
                        .collect()
                };
                check_maps(&obj).map_err(|m| bad(&m))?;
                let mut st = shared.lock();
                if st.custom.max > 0 && st.custom.providers.len() >= st.custom.max {
                    return Err(ctx.err(
                        400,
                        "over_custom_provider_quota",
                        "Maximum number of custom OAuth/OIDC providers reached",
                    ));
                }
                for u in urls.iter().filter(|u| !u.is_empty()) {
                    oauth_url(u).map_err(bad)?;
                }
                if st.custom.providers.iter().any(|p| p["identifier"] == ident) {
                    return Err(ctx.err(
                        400,
                        "conflict",
                        "A custom OAuth provider with this identifier already exists",
                    ));
                }
                let mut p = json!({
                    "id": new_uuid(&mut st), "provider_type": t, "identifier": ident,
                    "name": s(&obj, "name"), "client_id": s(&obj, "client_id"),
                    "acceptable_client_ids": obj.get("acceptable_client_ids").cloned().unwrap_or(Value::Null),
                    "scopes": obj.get("scopes").cloned().unwrap_or(Value::Null),
                    "pkce_enabled": obj.get("pkce_enabled").cloned().unwrap_or(json!(true)),
                    "attribute_mapping": obj.get("attribute_mapping").cloned().unwrap_or(json!({})),
                    "custom_claims_allowlist": obj.get("custom_claims_allowlist").cloned().unwrap_or(Value::Null),
                    "authorization_params": obj.get("authorization_params").cloned().unwrap_or(json!({})),
                    "enabled": obj.get("enabled").cloned().unwrap_or(json!(true)),
                    "email_optional": obj.get("email_optional").cloned().unwrap_or(json!(false)),
                    "skip_nonce_check": false,
                    "created_at": stamp(shared.now()), "updated_at": stamp(shared.now()),
                });
                if t == "oidc" {
                    let issuer = s(&obj, "issuer").unwrap_or_default().to_owned();
                    let discovery =
                        s(&obj, "discovery_url")
                            .map(str::to_owned)
                            .unwrap_or_else(|| {
                                format!(
                                    "{}/.well-known/openid-configuration",
                                    issuer.trim_end_matches('/')
                                )
                            });
                    if !st.custom.discovery.contains(&issuer) {
                        return invalid(&format!(
                            "OIDC discovery from {discovery:?} failed: fetch failed"
                        ));
                    }
                    p["issuer"] = json!(issuer);
                    if let Some(d) = s(&obj, "discovery_url") {
                        p["discovery_url"] = json!(d);
                    }
                    p["skip_nonce_check"] =
                        obj.get("skip_nonce_check").cloned().unwrap_or(json!(false));
                    p["scopes"] = with_openid(obj.get("scopes"));
                    p["discovery_document"] = json!({
                        "issuer": issuer, "authorization_endpoint": format!("{issuer}/authorize"),
                        "token_endpoint": format!("{issuer}/token"), "jwks_uri": format!("{issuer}/jwks"),
                    });
                } else {
                    for k in ["authorization_url", "token_url", "userinfo_url", "jwks_uri"] {
                        if let Some(v) = s(&obj, k) {
                            p[k] = json!(v);
                        }
                    }
                }
                st.custom.providers.push(p.clone());
                Ok(reply(201, p))
            }
            (method, ["auth", "v1", "admin", "custom-providers", ident]) => {
                only_query(ctx, l, pairs, &[])?;
                // chi hands the handler the raw (still escaped) segment.
                if !ident.starts_with("custom:") {
                    return invalid(&format!(
                        "identifier must start with 'custom:' prefix, e.g. 'custom:{ident}'"
                    ));
                }
                let not_found = || {
                    ctx.err(
                        404,
                        "custom_provider_not_found",
                        "Custom OAuth provider not found",
                    )
                };
                let update = if *method == Method::PUT {
                    Some(body(l)?)
                } else {
                    None
                };
                if let Some(obj) = &update {
                    check_maps(obj).map_err(|m| bad(&m))?;
                }
                if *method != Method::PUT {
                    no_body(ctx, l)?;
                }
                let mut st = shared.lock();
                let pos = st
                    .custom
                    .providers
                    .iter()
                    .position(|p| p["identifier"] == *ident)
                    .ok_or_else(not_found)?;
                match (method, update) {
                    (&Method::GET, _) => ok(st.custom.providers[pos].clone()),
                    (&Method::DELETE, _) => {
                        st.custom.providers.remove(pos);
                        Ok(reply_empty(204))
                    }
                    (_, Some(obj)) => {
                        let mut p = st.custom.providers[pos].clone();
                        let oidc = p["provider_type"] == "oidc";
                        let issuer_changed =
                            oidc && s(&obj, "issuer").is_some_and(|i| !i.is_empty());
                        for (k, v) in &obj {
                            let k = k.as_str();
                            if v.is_null() || v == "" || k == "client_secret" {
                                continue;
                            }
                            let type_field = if oidc {
                                ["issuer", "discovery_url", "skip_nonce_check"].contains(&k)
                            } else {
                                ["authorization_url", "token_url", "userinfo_url", "jwks_uri"]
                                    .contains(&k)
                            };
                            let common = ![
                                "issuer",
                                "discovery_url",
                                "skip_nonce_check",
                                "authorization_url",
                                "token_url",
                                "userinfo_url",
                                "jwks_uri",
                                "provider_type",
                                "identifier",
                            ]
                            .contains(&k);
                            if !(type_field || common) {
                                continue; // the server ignores the other type's fields
                            }
                            if k.ends_with("_url") || k == "issuer" || k == "jwks_uri" {
                                if let Some(u) = v.as_str() {
                                    oauth_url(u).map_err(bad)?;
                                }
                            }
                            p[k] = if k == "scopes" && oidc {
                                with_openid(Some(v))
                            } else {
                                v.clone()
                            };
                        }
                        if issuer_changed {
                            let issuer = s(&obj, "issuer").unwrap_or_default().to_owned();
                            if !st.custom.discovery.contains(&issuer) {
                                return invalid(&format!("OIDC discovery from \"{issuer}/.well-known/openid-configuration\" failed: fetch failed"));
                            }
                        }
                        p["updated_at"] = json!(stamp(shared.now()));
                        st.custom.providers[pos] = p.clone();
                        ok(p)
                    }
                    _ => Err(reject(
                        shared,
                        format!("no route for {} {}", l.method, l.path),
                    )),
                }
            }
            _ => Err(reject(
                shared,
                format!("no route for {} {}", l.method, l.path),
            )),
        }
    };
    matches!(seg, ["auth", "v1", "admin", "custom-providers", ..]).then(run)
}
