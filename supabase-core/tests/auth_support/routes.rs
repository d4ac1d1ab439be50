//! The endpoints of the fake GoTrue.

use std::sync::atomic::Ordering;

use http::Method;
use serde_json::{json, Value};

use super::*;

/// Refuses query keys outside `allowed`.
pub(super) fn only_query(
    ctx: &Ctx<'_>,
    l: &Logged,
    pairs: &[(String, String)],
    allowed: &[&str],
) -> Result<(), Response<Full<Bytes>>> {
    for (k, _) in pairs {
        if !allowed.contains(&k.as_str()) {
            return Err(reject(
                ctx.shared,
                format!("{}: unexpected query key {k}", l.path),
            ));
        }
    }
    Ok(())
}

pub(super) fn body_keys(
    ctx: &Ctx<'_>,
    l: &Logged,
    required: &[&str],
    optional: &[&str],
) -> Result<Map<String, Value>, Response<Full<Bytes>>> {
    keys(&l.body, required, optional)
        .map_err(|why| reject(ctx.shared, format!("{} {}: {why}", l.method, l.path)))
}

pub(super) fn no_body(ctx: &Ctx<'_>, l: &Logged) -> Result<(), Response<Full<Bytes>>> {
    if l.body.is_some() {
        return Err(reject(
            ctx.shared,
            format!("{} {}: unexpected body", l.method, l.path),
        ));
    }
    Ok(())
}

fn pkce_ok(ctx: &Ctx<'_>, obj: &Map<String, Value>) -> Result<(), Response<Full<Bytes>>> {
    match (obj.get("code_challenge"), obj.get("code_challenge_method")) {
        (Some(Value::Null), Some(Value::Null)) => Ok(()),
        (Some(Value::String(c)), Some(Value::String(m))) => {
            let ok_chars = c.len() >= 43
                && c.len() <= 128
                && c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
            if !ok_chars || !m.eq_ignore_ascii_case("s256") {
                return Err(reject(
                    ctx.shared,
                    format!("bad PKCE challenge {c:?} {m:?}"),
                ));
            }
            Ok(())
        }
        other => Err(reject(
            ctx.shared,
            format!("PKCE fields must be both null or both set: {other:?}"),
        )),
    }
}

pub(super) fn meta_ok(
    ctx: &Ctx<'_>,
    obj: &Map<String, Value>,
) -> Result<(), Response<Full<Bytes>>> {
    match obj.get("gotrue_meta_security") {
        None => Ok(()),
        Some(Value::Object(m))
            if m.is_empty()
                || (m.len() == 1 && m.get("captcha_token").is_some_and(Value::is_string)) =>
        {
            if m.get("captcha_token").and_then(Value::as_str) == Some("bad-captcha") {
                return Err(ctx.err(
                    400,
                    "captcha_failed",
                    "captcha protection: request disallowed",
                ));
            }
            Ok(())
        }
        Some(other) => Err(reject(
            ctx.shared,
            format!("bad gotrue_meta_security {other}"),
        )),
    }
}

fn find_user_by(st: &State, f: impl Fn(&UserRec) -> bool) -> Option<&UserRec> {
    st.users.values().find(|u| !u.deleted && f(u))
}

fn add_user(
    st: &mut State,
    email: Option<&str>,
    phone: Option<&str>,
    password: Option<&str>,
    data: Value,
    anonymous: bool,
) -> String {
    let id = new_uuid(st);
    st.users.insert(
        id.clone(),
        UserRec {
            id: id.clone(),
            email: email.map(str::to_owned),
            phone: phone.map(str::to_owned),
            password: password.map(str::to_owned),
            user_metadata: data,
            app_metadata: json!({"provider": if phone.is_some() {"phone"} else {"email"}}),
            is_anonymous: anonymous,
            factors: Vec::new(),
            identities: Vec::new(),
            deleted: false,
            banned: false,
        },
    );
    id
}

pub(super) async fn dispatch(
    ctx: &Ctx<'_>,
    l: &Logged,
    pairs: &[(String, String)],
    seg: &[&str],
    who: Option<(String, String)>,
) -> Answer {
    let shared = ctx.shared;
    let secret = shared.jwt_secret.clone();
    let uid = who.as_ref().map(|w| w.0.clone()).unwrap_or_default();
    let sid = who.as_ref().map(|w| w.1.clone()).unwrap_or_default();
    if let Some(answer) = super::passkeys::dispatch(ctx, l, pairs, seg, &uid) {
        return answer;
    }
    match (&l.method, seg) {
        (&Method::GET, ["auth", "v1", ".well-known", "jwks.json"]) => {
            only_query(ctx, l, pairs, &[])?;
            Ok(reply(200, serde_json::from_str(JWKS).expect("jwks")))
        }
        (&Method::POST, ["auth", "v1", "signup"]) => {
            let is_email = l.body.as_ref().is_some_and(|b| b.get("email").is_some());
            let is_phone = l.body.as_ref().is_some_and(|b| b.get("phone").is_some());
            let obj = if is_email {
                only_query(ctx, l, pairs, &["redirect_to"])?;
                let o = body_keys(
                    ctx,
                    l,
                    &[
                        "email",
                        "password",
                        "data",
                        "gotrue_meta_security",
                        "code_challenge",
                        "code_challenge_method",
                    ],
                    &[],
                )?;
                pkce_ok(ctx, &o)?;
                o
            } else if is_phone {
                only_query(ctx, l, pairs, &[])?;
                body_keys(
                    ctx,
                    l,
                    &[
                        "phone",
                        "password",
                        "data",
                        "channel",
                        "gotrue_meta_security",
                    ],
                    &[],
                )?
            } else {
                only_query(ctx, l, pairs, &[])?;
                body_keys(ctx, l, &["data", "gotrue_meta_security"], &[])?
            };
            meta_ok(ctx, &obj)?;
            if let Some(pw) = s(&obj, "password") {
                if pw.len() < 8 {
                    let mut r = ctx.err(
                        422,
                        "weak_password",
                        "Password should be at least 8 characters.",
                    );
                    let body: Value = if ctx.legacy {
                        json!({"code": 422, "error_code": "weak_password", "msg": "Password should be at least 8 characters.", "weak_password": {"reasons": ["length"]}})
                    } else {
                        json!({"code": "weak_password", "message": "Password should be at least 8 characters.", "weak_password": {"reasons": ["length"]}})
                    };
                    *r.body_mut() = Full::new(Bytes::from(body.to_string()));
                    return Err(r);
                }
            }
            let mut st = shared.lock();
            if let Some(e) = s(&obj, "email") {
                if find_user_by(&st, |u| u.email.as_deref() == Some(e)).is_some() {
                    return Err(ctx.err(422, "user_already_exists", "User already registered"));
                }
            }
            let data = obj.get("data").cloned().unwrap_or(json!({}));
            let id = add_user(
                &mut st,
                s(&obj, "email"),
                s(&obj, "phone"),
                s(&obj, "password"),
                data,
                !is_email && !is_phone,
            );
            if st.autoconfirm || (!is_email && !is_phone) {
                ok(issue(&mut st, &secret, shared.now(), &id, "aal1", None))
            } else {
                ok(user_json(&st.users[&id]))
            }
        }
        (&Method::POST, ["auth", "v1", "token"]) => {
            let grant = q(pairs, "grant_type").unwrap_or_default().to_owned();
            only_query(ctx, l, pairs, &["grant_type"])?;
            match grant.as_str() {
                "password" => {
                    let obj = if l.body.as_ref().is_some_and(|b| b.get("email").is_some()) {
                        body_keys(ctx, l, &["email", "password", "gotrue_meta_security"], &[])?
                    } else {
                        body_keys(ctx, l, &["phone", "password", "gotrue_meta_security"], &[])?
                    };
                    meta_ok(ctx, &obj)?;
                    let mut st = shared.lock();
                    let found = find_user_by(&st, |u| {
                        (u.email.is_some() && u.email.as_deref() == s(&obj, "email"))
                            || (u.phone.is_some() && u.phone.as_deref() == s(&obj, "phone"))
                    })
                    .filter(|u| u.password.as_deref() == s(&obj, "password"))
                    .map(|u| (u.id.clone(), u.banned));
                    match found {
                        Some((_, true)) => Err(ctx.err(400, "user_banned", "User is banned")),
                        Some((id, false)) => {
                            let mut v = issue(&mut st, &secret, shared.now(), &id, "aal1", None);
                            if s(&obj, "password").is_some_and(|p| p.len() < 10) {
                                v["weak_password"] = json!({"reasons": ["characters"], "message": "use more character classes"});
                            }
                            ok(v)
                        }
                        None => {
                            Err(ctx.err(400, "invalid_credentials", "Invalid login credentials"))
                        }
                    }
                }
                "refresh_token" => {
                    let obj = body_keys(ctx, l, &["refresh_token"], &[])?;
                    shared.refresh_calls.fetch_add(1, Ordering::SeqCst);
                    let delay = *shared
                        .refresh_delay
                        .lock()
                        .unwrap_or_else(|p| p.into_inner());
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    let rt = s(&obj, "refresh_token").unwrap_or_default().to_owned();
                    let mut st = shared.lock();
                    let Some(rec) = st.sessions.get(&rt).cloned() else {
                        return Err(ctx.err(
                            400,
                            "refresh_token_not_found",
                            "Invalid Refresh Token: Refresh Token Not Found",
                        ));
                    };
                    if rec.used {
                        return Err(ctx.err(
                            400,
                            "refresh_token_already_used",
                            "Invalid Refresh Token: Already Used",
                        ));
                    }
                    if st.revoked_sessions.contains(&rec.session_id) {
                        return Err(ctx.err(400, "session_expired", "Session Expired"));
                    }
                    if let Some(r) = st.sessions.get_mut(&rt) {
                        r.used = true;
                    }
                    let expires_in = st.next_expires_in.pop_front().unwrap_or(3600);
                    let new_rt = format!("rt-{}", new_uuid(&mut st));
                    st.sessions.insert(
                        new_rt.clone(),
                        SessionRec {
                            used: false,
                            ..rec.clone()
                        },
                    );
                    ok(session_value(
                        &st,
                        &secret,
                        shared.now(),
                        &rec.user_id,
                        &rec.session_id,
                        rec.aal,
                        &new_rt,
                        expires_in,
                    ))
                }
                "id_token" => {
                    let obj = body_keys(
                        ctx,
                        l,
                        &["provider", "id_token", "gotrue_meta_security"],
                        &["access_token", "nonce", "link_identity"],
                    )?;
                    meta_ok(ctx, &obj)?;
                    if let Some(p) = s(&obj, "provider").filter(|p| p.starts_with("custom:")) {
                        super::custom_providers::id_token_provider(ctx, p)?;
                    }
                    let linking = obj.get("link_identity") == Some(&json!(true));
                    if linking != who.is_some() {
                        return Err(reject(
                            shared,
                            "link_identity needs the user JWT, sign-in the key".into(),
                        ));
                    }
                    let email = format!(
                        "{}@{}.idp",
                        s(&obj, "id_token").unwrap_or_default(),
                        s(&obj, "provider").unwrap_or_default()
                    );
                    let mut st = shared.lock();
                    let id = if linking {
                        let identity = json!({"identity_id": new_uuid(&mut st), "id": "idp-1", "user_id": uid, "provider": s(&obj, "provider"), "created_at": "2024-05-01T10:00:00Z", "updated_at": "2024-05-01T10:00:00Z"});
                        if let Some(u) = st.users.get_mut(&uid) {
                            u.identities.push(identity);
                        }
                        uid.clone()
                    } else {
                        match find_user_by(&st, |u| u.email.as_deref() == Some(email.as_str())) {
                            Some(u) => u.id.clone(),
                            None => add_user(&mut st, Some(&email), None, None, json!({}), false),
                        }
                    };
                    ok(issue(&mut st, &secret, shared.now(), &id, "aal1", None))
                }
                "web3" => {
                    let obj = body_keys(
                        ctx,
                        l,
                        &["chain", "message", "signature"],
                        &["gotrue_meta_security"],
                    )?;
                    let chain = s(&obj, "chain").unwrap_or_default();
                    let sig = s(&obj, "signature").unwrap_or_default();
                    let sig_ok = match chain {
                        "ethereum" => {
                            sig.starts_with("0x") && sig[2..].bytes().all(|b| b.is_ascii_hexdigit())
                        }
                        "solana" => !sig.contains('=') && URL_SAFE_NO_PAD.decode(sig).is_ok(),
                        _ => false,
                    };
                    if !sig_ok {
                        return Err(ctx.err(400, "validation_failed", "bad web3 signature"));
                    }
                    let mut st = shared.lock();
                    let id = add_user(&mut st, None, None, None, json!({"chain": chain}), false);
                    ok(issue(&mut st, &secret, shared.now(), &id, "aal1", None))
                }
                "pkce" => {
                    let obj = body_keys(ctx, l, &["auth_code", "code_verifier"], &[])?;
                    let mut st = shared.lock();
                    let Some((challenge, method, user)) = st
                        .flow_states
                        .remove(s(&obj, "auth_code").unwrap_or_default())
                    else {
                        return Err(ctx.err(
                            404,
                            "flow_state_not_found",
                            "invalid flow state, no valid flow state found",
                        ));
                    };
                    let verifier = s(&obj, "code_verifier").unwrap_or_default();
                    let computed = if method.eq_ignore_ascii_case("s256") {
                        URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
                    } else {
                        verifier.to_owned()
                    };
                    if computed != challenge {
                        return Err(ctx.err(
                            400,
                            "bad_code_verifier",
                            "code challenge does not match previously saved code verifier",
                        ));
                    }
                    ok(issue(&mut st, &secret, shared.now(), &user, "aal1", None))
                }
                other => Err(reject(shared, format!("unknown grant_type {other}"))),
            }
        }
        (&Method::POST, ["auth", "v1", "otp"]) => {
            let obj = if l.body.as_ref().is_some_and(|b| b.get("email").is_some()) {
                only_query(ctx, l, pairs, &["redirect_to"])?;
                let o = body_keys(
                    ctx,
                    l,
                    &[
                        "email",
                        "data",
                        "create_user",
                        "gotrue_meta_security",
                        "code_challenge",
                        "code_challenge_method",
                    ],
                    &[],
                )?;
                pkce_ok(ctx, &o)?;
                o
            } else {
                only_query(ctx, l, pairs, &[])?;
                body_keys(
                    ctx,
                    l,
                    &[
                        "phone",
                        "data",
                        "create_user",
                        "gotrue_meta_security",
                        "channel",
                    ],
                    &[],
                )?
            };
            meta_ok(ctx, &obj)?;
            let mut st = shared.lock();
            let exists = find_user_by(&st, |u| {
                (u.email.is_some() && u.email.as_deref() == s(&obj, "email"))
                    || (u.phone.is_some() && u.phone.as_deref() == s(&obj, "phone"))
            })
            .is_some();
            if !exists {
                if obj.get("create_user") != Some(&json!(true)) {
                    return Err(ctx.err(422, "otp_disabled", "Signups not allowed for otp"));
                }
                add_user(
                    &mut st,
                    s(&obj, "email"),
                    s(&obj, "phone"),
                    None,
                    obj.get("data").cloned().unwrap_or(json!({})),
                    false,
                );
            }
            if obj.contains_key("phone") {
                ok(json!({"message_id": "SM-123"}))
            } else {
                ok(json!({}))
            }
        }
        (&Method::POST, ["auth", "v1", "verify"]) => {
            only_query(ctx, l, pairs, &["redirect_to"])?;
            let obj = if l
                .body
                .as_ref()
                .is_some_and(|b| b.get("token_hash").is_some())
            {
                body_keys(ctx, l, &["token_hash", "type", "gotrue_meta_security"], &[])?
            } else if l.body.as_ref().is_some_and(|b| b.get("email").is_some()) {
                body_keys(
                    ctx,
                    l,
                    &["email", "token", "type", "gotrue_meta_security"],
                    &[],
                )?
            } else {
                body_keys(
                    ctx,
                    l,
                    &["phone", "token", "type", "gotrue_meta_security"],
                    &[],
                )?
            };
            meta_ok(ctx, &obj)?;
            let token = s(&obj, "token")
                .or(s(&obj, "token_hash"))
                .unwrap_or_default()
                .to_owned();
            let mut st = shared.lock();
            match st.otps.remove(&token) {
                Some((user, t)) if Some(t.as_str()) == s(&obj, "type") => {
                    ok(issue(&mut st, &secret, shared.now(), &user, "aal1", None))
                }
                _ => Err(ctx.err(403, "otp_expired", "Token has expired or is invalid")),
            }
        }
        (&Method::POST, ["auth", "v1", "resend"]) => {
            let obj = if l.body.as_ref().is_some_and(|b| b.get("email").is_some()) {
                only_query(ctx, l, pairs, &["redirect_to"])?;
                let o = body_keys(
                    ctx,
                    l,
                    &[
                        "email",
                        "type",
                        "gotrue_meta_security",
                        "code_challenge",
                        "code_challenge_method",
                    ],
                    &[],
                )?;
                pkce_ok(ctx, &o)?;
                o
            } else {
                only_query(ctx, l, pairs, &[])?;
                body_keys(ctx, l, &["phone", "type", "gotrue_meta_security"], &[])?
            };
            meta_ok(ctx, &obj)?;
            if obj.contains_key("phone") {
                ok(json!({"message_id": "SM-456"}))
            } else {
                ok(json!({}))
            }
        }
        (&Method::POST, ["auth", "v1", "recover"]) => {
            only_query(ctx, l, pairs, &["redirect_to"])?;
            let obj = body_keys(
                ctx,
                l,
                &[
                    "email",
                    "code_challenge",
                    "code_challenge_method",
                    "gotrue_meta_security",
                ],
                &[],
            )?;
            pkce_ok(ctx, &obj)?;
            meta_ok(ctx, &obj)?;
            ok(json!({}))
        }
        (&Method::POST, ["auth", "v1", "sso"]) => {
            only_query(ctx, l, pairs, &[])?;
            let obj = if l.body.as_ref().is_some_and(|b| b.get("domain").is_some()) {
                body_keys(
                    ctx,
                    l,
                    &[
                        "domain",
                        "skip_http_redirect",
                        "code_challenge",
                        "code_challenge_method",
                    ],
                    &["redirect_to", "gotrue_meta_security"],
                )?
            } else {
                body_keys(
                    ctx,
                    l,
                    &[
                        "provider_id",
                        "skip_http_redirect",
                        "code_challenge",
                        "code_challenge_method",
                    ],
                    &["redirect_to", "gotrue_meta_security"],
                )?
            };
            pkce_ok(ctx, &obj)?;
            meta_ok(ctx, &obj)?;
            if obj.get("skip_http_redirect") != Some(&json!(true)) {
                return Err(reject(shared, "sso without skip_http_redirect".into()));
            }
            if s(&obj, "domain") == Some("unknown.example") {
                return Err(ctx.err(
                    404,
                    "sso_provider_not_found",
                    "No SSO provider assigned for this domain",
                ));
            }
            ok(json!({"url": "https://idp.example/saml?SAMLRequest=abc"}))
        }
        (&Method::POST, ["auth", "v1", "logout"]) => {
            only_query(ctx, l, pairs, &["scope"])?;
            no_body(ctx, l)?;
            let scope = q(pairs, "scope").unwrap_or_default().to_owned();
            if !["global", "local", "others"].contains(&scope.as_str()) {
                return Err(reject(shared, format!("bad scope {scope}")));
            }
            let mut st = shared.lock();
            let ids: Vec<String> = st
                .sessions
                .values()
                .filter(|r| {
                    r.user_id == uid
                        && match scope.as_str() {
                            "local" => r.session_id == sid,
                            "others" => r.session_id != sid,
                            _ => true,
                        }
                })
                .map(|r| r.session_id.clone())
                .collect();
            st.revoked_sessions.extend(ids);
            Ok(Response::builder()
                .status(204)
                .body(Full::new(Bytes::new()))
                .expect("204"))
        }
        (&Method::GET, ["auth", "v1", "user"]) => {
            only_query(ctx, l, pairs, &[])?;
            let st = shared.lock();
            match st.users.get(&uid) {
                Some(u) if !u.deleted => ok(user_json(u)),
                _ => Err(ctx.err(
                    404,
                    "user_not_found",
                    "User from sub claim in JWT does not exist",
                )),
            }
        }
        (&Method::PUT, ["auth", "v1", "user"]) => {
            only_query(ctx, l, pairs, &["redirect_to"])?;
            let obj = body_keys(
                ctx,
                l,
                &["code_challenge", "code_challenge_method"],
                &[
                    "email",
                    "phone",
                    "password",
                    "current_password",
                    "nonce",
                    "data",
                    "channel",
                ],
            )?;
            pkce_ok(ctx, &obj)?;
            let mut st = shared.lock();
            let Some(u) = st.users.get_mut(&uid) else {
                return Err(ctx.err(404, "user_not_found", "User not found"));
            };
            if let Some(pw) = s(&obj, "password") {
                if u.password.as_deref() == Some(pw) {
                    return Err(ctx.err(
                        422,
                        "same_password",
                        "New password should be different from the old password.",
                    ));
                }
                u.password = Some(pw.to_owned());
            }
            if let Some(Value::Object(d)) = obj.get("data") {
                if let Some(m) = u.user_metadata.as_object_mut() {
                    for (k, v) in d {
                        m.insert(k.clone(), v.clone());
                    }
                }
            }
            let mut v = user_json(u);
            if let Some(e) = s(&obj, "email") {
                v["new_email"] = json!(e);
                v["email_change_sent_at"] = json!("2024-05-03T00:00:00Z");
            }
            ok(v)
        }
        (&Method::GET, ["auth", "v1", "reauthenticate"]) => {
            only_query(ctx, l, pairs, &[])?;
            ok(json!({}))
        }
        (&Method::GET, ["auth", "v1", "user", "identities", "authorize"]) => {
            if q(pairs, "skip_http_redirect") != Some("true") || q(pairs, "provider").is_none() {
                return Err(reject(
                    shared,
                    "link without provider/skip_http_redirect".into(),
                ));
            }
            ok(
                json!({"url": format!("https://github.com/login/oauth/authorize?client_id=x&state={}", uid)}),
            )
        }
        (&Method::DELETE, ["auth", "v1", "user", "identities", id]) => {
            no_body(ctx, l)?;
            let mut st = shared.lock();
            let Some(u) = st.users.get_mut(&uid) else {
                return Err(ctx.err(404, "user_not_found", "no user"));
            };
            if u.identities.len() <= 1 {
                return Err(ctx.err(
                    422,
                    "single_identity_not_deletable",
                    "User must have at least 1 identity after unlinking",
                ));
            }
            let before = u.identities.len();
            u.identities
                .retain(|i| i["identity_id"].as_str() != Some(id));
            if u.identities.len() == before {
                return Err(ctx.err(404, "identity_not_found", "Identity doesn't exist"));
            }
            ok(json!({}))
        }
        (&Method::POST, ["auth", "v1", "factors"]) => {
            let obj = if l.body.as_ref().is_some_and(|b| b.get("phone").is_some()) {
                body_keys(ctx, l, &["friendly_name", "factor_type", "phone"], &[])?
            } else {
                body_keys(ctx, l, &["friendly_name", "factor_type"], &["issuer"])?
            };
            let mut st = shared.lock();
            let id = new_uuid(&mut st);
            let ft = s(&obj, "factor_type").unwrap_or_default().to_owned();
            let factor = json!({"id": id, "friendly_name": obj.get("friendly_name"), "factor_type": ft, "status": "unverified", "created_at": "2024-05-01T10:00:00Z", "updated_at": "2024-05-01T10:00:00Z"});
            if let Some(u) = st.users.get_mut(&uid) {
                u.factors.push(factor);
            }
            if ft == "totp" {
                ok(
                    json!({"id": id, "type": "totp", "friendly_name": obj.get("friendly_name"), "totp": {"qr_code": "<svg>qr</svg>", "secret": "TOTPSECRET", "uri": "otpauth://totp/x"}}),
                )
            } else {
                ok(
                    json!({"id": id, "type": "phone", "friendly_name": obj.get("friendly_name"), "phone": s(&obj, "phone")}),
                )
            }
        }
        (&Method::POST, ["auth", "v1", "factors", fid, "challenge"]) => {
            let obj = body_keys(ctx, l, &["factorId"], &["channel"])?;
            if s(&obj, "factorId") != Some(*fid) {
                return Err(reject(shared, "factorId does not match the path".into()));
            }
            let mut st = shared.lock();
            let id = new_uuid(&mut st);
            st.challenges.insert(id.clone(), fid.to_string());
            ok(json!({"id": id, "type": "totp", "expires_at": shared.now() + 300}))
        }
        (&Method::POST, ["auth", "v1", "factors", fid, "verify"]) => {
            let obj = body_keys(ctx, l, &["challenge_id", "code"], &[])?;
            let mut st = shared.lock();
            if st
                .challenges
                .remove(s(&obj, "challenge_id").unwrap_or_default())
                .as_deref()
                != Some(*fid)
            {
                return Err(ctx.err(422, "mfa_challenge_expired", "challenge not found"));
            }
            if s(&obj, "code") != Some("123456") {
                return Err(ctx.err(422, "mfa_verification_failed", "Invalid TOTP code entered"));
            }
            if let Some(u) = st.users.get_mut(&uid) {
                for f in u.factors.iter_mut() {
                    if f["id"].as_str() == Some(*fid) {
                        f["status"] = json!("verified");
                    }
                }
            }
            let mut v = issue(&mut st, &secret, shared.now(), &uid, "aal2", None);
            v.as_object_mut().map(|o| o.remove("expires_at"));
            ok(v)
        }
        (&Method::DELETE, ["auth", "v1", "factors", fid]) => {
            no_body(ctx, l)?;
            let mut st = shared.lock();
            if let Some(u) = st.users.get_mut(&uid) {
                u.factors.retain(|f| f["id"].as_str() != Some(*fid));
            }
            ok(json!({"id": fid}))
        }
        (&Method::GET, ["auth", "v1", "admin", "users"]) => {
            let page_s = q(pairs, "page").map(str::to_owned);
            let per_s = q(pairs, "per_page").map(str::to_owned);
            if page_s.is_none() || per_s.is_none() || pairs.len() != 2 {
                return Err(reject(
                    shared,
                    "list_users must send page= and per_page=".into(),
                ));
            }
            let page: usize = page_s
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap_or(1))
                .unwrap_or(1);
            let per: usize = per_s
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap_or(50))
                .unwrap_or(50);
            let st = shared.lock();
            let mut all: Vec<&UserRec> = st.users.values().collect();
            all.sort_by(|a, b| a.id.cmp(&b.id));
            let total = all.len();
            let users: Vec<Value> = all
                .iter()
                .skip((page - 1) * per)
                .take(per)
                .map(|u| user_json(u))
                .collect();
            let last = total.div_ceil(per).max(1);
            let base = format!(
                "http://{}/auth/v1/admin/users",
                l.header("host").unwrap_or("localhost")
            );
            let mut links = Vec::new();
            if page < last {
                links.push(format!(
                    "<{base}?page={}&per_page={per}>; rel=\"next\"",
                    page + 1
                ));
            }
            links.push(format!("<{base}?page={last}&per_page={per}>; rel=\"last\""));
            let mut r = reply(200, json!({"users": users, "aud": "authenticated"}));
            r.headers_mut()
                .insert("x-total-count", total.to_string().parse().expect("hv"));
            r.headers_mut()
                .insert("link", links.join(", ").parse().expect("hv"));
            Ok(r)
        }
        (&Method::POST, ["auth", "v1", "admin", "users"]) => {
            let obj = body_keys(
                ctx,
                l,
                &[],
                &[
                    "email",
                    "phone",
                    "password",
                    "password_hash",
                    "email_confirm",
                    "phone_confirm",
                    "user_metadata",
                    "app_metadata",
                    "ban_duration",
                    "role",
                    "id",
                    "nonce",
                ],
            )?;
            let mut st = shared.lock();
            if let Some(e) = s(&obj, "email") {
                if find_user_by(&st, |u| u.email.as_deref() == Some(e)).is_some() {
                    return Err(ctx.err(
                        422,
                        "email_exists",
                        "A user with this email address has already been registered",
                    ));
                }
            }
            let id = add_user(
                &mut st,
                s(&obj, "email"),
                s(&obj, "phone"),
                s(&obj, "password"),
                obj.get("user_metadata").cloned().unwrap_or(json!({})),
                false,
            );
            ok(user_json(&st.users[&id]))
        }
        (&Method::GET, ["auth", "v1", "admin", "users", id]) => {
            let st = shared.lock();
            match st.users.get(*id) {
                Some(u) => ok(user_json(u)),
                None => Err(ctx.err(404, "user_not_found", "User not found")),
            }
        }
        (&Method::PUT, ["auth", "v1", "admin", "users", id]) => {
            let obj = body_keys(
                ctx,
                l,
                &[],
                &[
                    "email",
                    "phone",
                    "password",
                    "password_hash",
                    "email_confirm",
                    "phone_confirm",
                    "user_metadata",
                    "app_metadata",
                    "ban_duration",
                    "role",
                    "id",
                    "nonce",
                ],
            )?;
            let mut st = shared.lock();
            let Some(u) = st.users.get_mut(*id) else {
                return Err(ctx.err(404, "user_not_found", "User not found"));
            };
            if let Some(m) = obj.get("user_metadata") {
                u.user_metadata = m.clone();
            }
            if let Some(e) = s(&obj, "email") {
                u.email = Some(e.to_owned());
            }
            if let Some(b) = s(&obj, "ban_duration") {
                u.banned = b != "none";
            }
            ok(user_json(u))
        }
        (&Method::DELETE, ["auth", "v1", "admin", "users", id]) => {
            let obj = body_keys(ctx, l, &["should_soft_delete"], &[])?;
            let soft = obj.get("should_soft_delete") == Some(&json!(true));
            let mut st = shared.lock();
            if !st.users.contains_key(*id) {
                return Err(ctx.err(404, "user_not_found", "User not found"));
            }
            if soft {
                if let Some(u) = st.users.get_mut(*id) {
                    u.deleted = true;
                }
            } else {
                st.users.remove(*id);
            }
            ok(json!({}))
        }
        (&Method::GET, ["auth", "v1", "admin", "users", id, "factors"]) => {
            let st = shared.lock();
            match st.users.get(*id) {
                Some(u) => ok(Value::Array(u.factors.clone())),
                None => Err(ctx.err(404, "user_not_found", "User not found")),
            }
        }
        (&Method::DELETE, ["auth", "v1", "admin", "users", id, "factors", fid]) => {
            no_body(ctx, l)?;
            let mut st = shared.lock();
            let Some(u) = st.users.get_mut(*id) else {
                return Err(ctx.err(404, "user_not_found", "User not found"));
            };
            let before = u.factors.len();
            u.factors.retain(|f| f["id"].as_str() != Some(*fid));
            if before == u.factors.len() {
                return Err(ctx.err(404, "mfa_factor_not_found", "Factor not found"));
            }
            ok(json!({"id": fid}))
        }
        (&Method::POST, ["auth", "v1", "invite"]) => {
            only_query(ctx, l, pairs, &["redirect_to"])?;
            let obj = body_keys(ctx, l, &["email"], &["data"])?;
            let mut st = shared.lock();
            let id = add_user(
                &mut st,
                s(&obj, "email"),
                None,
                None,
                obj.get("data").cloned().unwrap_or(json!({})),
                false,
            );
            let mut v = user_json(&st.users[&id]);
            v["invited_at"] = json!("2024-05-03T00:00:00Z");
            ok(v)
        }
        (&Method::POST, ["auth", "v1", "admin", "generate_link"]) => {
            only_query(ctx, l, pairs, &["redirect_to"])?;
            let obj = body_keys(
                ctx,
                l,
                &["type", "email"],
                &["password", "data", "new_email"],
            )?;
            let t = s(&obj, "type").unwrap_or_default().to_owned();
            let valid = [
                "signup",
                "invite",
                "magiclink",
                "recovery",
                "email_change_current",
                "email_change_new",
            ];
            if !valid.contains(&t.as_str()) {
                return Err(ctx.err(422, "validation_failed", "Invalid link type"));
            }
            if t.starts_with("email_change") && !obj.contains_key("new_email") {
                return Err(ctx.err(422, "validation_failed", "new_email is required"));
            }
            let mut st = shared.lock();
            let email = s(&obj, "email").unwrap_or_default().to_owned();
            let id = match find_user_by(&st, |u| u.email.as_deref() == Some(email.as_str())) {
                Some(u) => u.id.clone(),
                None => add_user(
                    &mut st,
                    Some(&email),
                    None,
                    s(&obj, "password"),
                    json!({}),
                    false,
                ),
            };
            let redirect = q(pairs, "redirect_to")
                .unwrap_or("http://localhost:3000")
                .to_owned();
            let mut v = user_json(&st.users[&id]);
            let o = v.as_object_mut().expect("obj");
            o.insert(
                "action_link".into(),
                json!(format!(
                    "http://{}/auth/v1/verify?token=h-{t}&type={t}&redirect_to={redirect}",
                    l.header("host").unwrap_or("")
                )),
            );
            o.insert("email_otp".into(), json!("654321"));
            o.insert("hashed_token".into(), json!(format!("h-{t}")));
            o.insert("redirect_to".into(), json!(redirect));
            o.insert("verification_type".into(), json!(t));
            ok(v)
        }
        _ => super::oauth_server::dispatch(ctx, l, pairs, seg, &uid)
            .or_else(|| super::custom_providers::dispatch(ctx, l, pairs, seg))
            .unwrap_or_else(|| {
                Err(reject(
                    shared,
                    format!("no route for {} {}", l.method, l.path),
                ))
            }),
    }
}
