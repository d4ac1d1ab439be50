//! The fake's passkey endpoints (`/passkeys/...`, `/admin/users/{id}/passkeys`) and WebAuthn
//! MFA factors (`/factors` with `factor_type: webauthn`), after supabase/auth
//! `passkey_registration.go`, `passkey_authentication.go`, `passkey_manage.go`,
//! `passkey_admin.go` and `mfa.go`, with the status codes and `error_code`s those handlers
//! answer. Credentials are checked by [`super::webauthn`].

use http::Method;
use serde_json::{json, Value};

use super::routes::{body_keys, meta_ok, no_body, only_query};
use super::webauthn::{self, StoredCredential};
use super::*;

/// Passkeys and WebAuthn challenges.
#[derive(Default)]
pub(super) struct PasskeyState {
    passkeys: Vec<PasskeyRec>,
    /// challenge id -> pending ceremony
    challenges: HashMap<String, ChallengeRec>,
    /// MFA factor id -> its registered credential
    factor_creds: HashMap<String, StoredCredential>,
    pub(super) max_passkeys: usize,
}

struct PasskeyRec {
    id: String,
    user_id: String,
    cred: StoredCredential,
    friendly_name: String,
    created_at: String,
    last_used_at: Option<String>,
}

#[derive(Clone)]
struct ChallengeRec {
    kind: &'static str, // registration | authentication | mfa_create | mfa_request
    user_id: Option<String>,
    factor_id: Option<String>,
    challenge: String,
    expires_at: i64,
}

fn item(p: &PasskeyRec) -> Value {
    let mut v = json!({"id": p.id, "friendly_name": p.friendly_name, "created_at": p.created_at});
    if let Some(t) = &p.last_used_at {
        v["last_used_at"] = json!(t);
    }
    v
}

fn stamp(now: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp(now, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .unwrap_or_default()
}

impl FakeGoTrue {
    /// Moves a WebAuthn challenge's expiry into the past.
    pub fn expire_webauthn_challenge(&self, challenge_id: &str) {
        let now = self.shared.now();
        if let Some(c) = self.shared.lock().passkeys.challenges.get_mut(challenge_id) {
            c.expires_at = now - 1;
        }
    }

    pub fn set_max_passkeys(&self, n: usize) {
        self.shared.lock().passkeys.max_passkeys = n;
    }
}

fn new_challenge(st: &mut State, rec: ChallengeRec) -> String {
    let id = new_uuid(st);
    st.passkeys.challenges.insert(id.clone(), rec);
    id
}

fn challenge_text(st: &mut State) -> String {
    webauthn::b64(new_uuid(st).as_bytes())
}

/// `{challenge_id, credential}` as the passkey verify handlers read it.
fn verify_params(ctx: &Ctx<'_>, l: &Logged) -> Result<(String, Value), Response<Full<Bytes>>> {
    let obj = body_keys(ctx, l, &["challenge_id", "credential"], &[])?;
    let id = match obj.get("challenge_id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) => String::new(),
        _ => return Err(ctx.err(400, "bad_json", "Could not parse request body as JSON")),
    };
    if id.is_empty() {
        return Err(ctx.err(400, "validation_failed", "challenge_id is required"));
    }
    let cred = obj.get("credential").cloned().unwrap_or(Value::Null);
    if cred.is_null() {
        return Err(ctx.err(400, "validation_failed", "credential is required"));
    }
    if !is_uuid_text(&id) {
        return Err(ctx.err(
            400,
            "validation_failed",
            "challenge_id must be a valid UUID",
        ));
    }
    Ok((id, cred))
}

/// ConsumeWebAuthnChallengeByID: gone after one use, whatever the outcome.
fn consume(
    ctx: &Ctx<'_>,
    st: &mut State,
    id: &str,
    kind: &str,
    user: Option<&str>,
) -> Result<ChallengeRec, Response<Full<Bytes>>> {
    let found = st
        .passkeys
        .challenges
        .get(id)
        .filter(|c| c.kind == kind && c.user_id.as_deref() == user)
        .cloned();
    let Some(c) = found else {
        return Err(ctx.err(
            400,
            "webauthn_challenge_not_found",
            "Challenge not found or already used",
        ));
    };
    st.passkeys.challenges.remove(id);
    if c.expires_at <= ctx.shared.now() {
        return Err(ctx.err(400, "webauthn_challenge_expired", "Challenge has expired"));
    }
    Ok(c)
}

fn factor_of<'a>(st: &'a State, uid: &str, fid: &str) -> Option<&'a Value> {
    st.users
        .get(uid)?
        .factors
        .iter()
        .find(|f| f["id"].as_str() == Some(fid))
}

/// `{rpId, rpOrigins?}` (plus `type`/`credential_response` when verifying), as auth-js sends.
fn rp_ok(v: Option<&Value>, verify: bool) -> Result<(), String> {
    let Some(Value::Object(o)) = v else {
        return Err(format!("webauthn must be an object, got {v:?}"));
    };
    for (k, x) in o {
        let ok = match k.as_str() {
            "rpId" => x.is_string(),
            "rpOrigins" => x.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            "type" | "credential_response" => verify,
            _ => false,
        };
        if !ok {
            return Err(format!("unexpected webauthn field {k}: {x}"));
        }
    }
    if !o.contains_key("rpId") {
        return Err("webauthn.rpId missing".into());
    }
    Ok(())
}

pub(super) fn dispatch(
    ctx: &Ctx<'_>,
    l: &Logged,
    pairs: &[(String, String)],
    seg: &[&str],
    uid: &str,
) -> Option<Answer> {
    let shared = ctx.shared;
    let now = shared.now();
    let secret = shared.jwt_secret.clone();
    let run = || -> Answer {
        match (&l.method, seg) {
            (&Method::POST, ["auth", "v1", "passkeys", "registration", "options"]) => {
                body_keys(ctx, l, &[], &[])?;
                let mut st = shared.lock();
                let max = if st.passkeys.max_passkeys == 0 {
                    10
                } else {
                    st.passkeys.max_passkeys
                };
                let mine: Vec<StoredCredential> = st
                    .passkeys
                    .passkeys
                    .iter()
                    .filter(|p| p.user_id == uid)
                    .map(|p| p.cred.clone())
                    .collect();
                if mine.len() >= max {
                    return Err(ctx.err(
                        422,
                        "too_many_passkeys",
                        "Maximum number of passkeys reached",
                    ));
                }
                let email = st
                    .users
                    .get(uid)
                    .and_then(|u| u.email.clone())
                    .unwrap_or_default();
                let challenge = challenge_text(&mut st);
                let options = webauthn::creation_options(&challenge, uid, &email, &mine);
                let id = new_challenge(
                    &mut st,
                    ChallengeRec {
                        kind: "registration",
                        user_id: Some(uid.into()),
                        factor_id: None,
                        challenge,
                        expires_at: now + 300,
                    },
                );
                ok(json!({"challenge_id": id, "options": options, "expires_at": now + 300}))
            }
            (&Method::POST, ["auth", "v1", "passkeys", "registration", "verify"]) => {
                let (id, cred) = verify_params(ctx, l)?;
                let mut st = shared.lock();
                let c = consume(ctx, &mut st, &id, "registration", Some(uid))?;
                let stored = webauthn::verify_registration(&cred, &c.challenge).map_err(|_| {
                    ctx.err(
                        400,
                        "webauthn_verification_failed",
                        "Credential verification failed",
                    )
                })?;
                if st.passkeys.passkeys.iter().any(|p| p.cred.id == stored.id) {
                    return Err(ctx.err(
                        422,
                        "webauthn_credential_exists",
                        "This credential is already registered",
                    ));
                }
                let rec = PasskeyRec {
                    id: new_uuid(&mut st),
                    user_id: uid.into(),
                    cred: stored,
                    friendly_name: "Software Authenticator".into(),
                    created_at: stamp(now),
                    last_used_at: None,
                };
                let body = json!({"id": rec.id, "friendly_name": rec.friendly_name, "created_at": rec.created_at});
                st.passkeys.passkeys.push(rec);
                ok(body)
            }
            (&Method::POST, ["auth", "v1", "passkeys", "authentication", "options"]) => {
                let obj = body_keys(ctx, l, &["gotrue_meta_security"], &[])?;
                meta_ok(ctx, &obj)?;
                let mut st = shared.lock();
                let challenge = challenge_text(&mut st);
                let options = webauthn::request_options(&challenge, &[]);
                let id = new_challenge(
                    &mut st,
                    ChallengeRec {
                        kind: "authentication",
                        user_id: None,
                        factor_id: None,
                        challenge,
                        expires_at: now + 300,
                    },
                );
                ok(json!({"challenge_id": id, "options": options, "expires_at": now + 300}))
            }
            (&Method::POST, ["auth", "v1", "passkeys", "authentication", "verify"]) => {
                let (id, cred) = verify_params(ctx, l)?;
                let mut st = shared.lock();
                let c = consume(ctx, &mut st, &id, "authentication", None)?;
                let failed = || {
                    ctx.err(
                        400,
                        "webauthn_verification_failed",
                        "Credential verification failed",
                    )
                };
                // The discoverable handler: the user handle names the user, whose credentials
                // are the candidates.
                let handle = cred["response"]["userHandle"]
                    .as_str()
                    .and_then(|h| URL_SAFE_NO_PAD.decode(h).ok())
                    .and_then(|b| String::from_utf8(b).ok())
                    .ok_or_else(failed)?;
                let idx: Vec<usize> = st
                    .passkeys
                    .passkeys
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.user_id == handle)
                    .map(|(i, _)| i)
                    .collect();
                let known: Vec<StoredCredential> = idx
                    .iter()
                    .map(|i| st.passkeys.passkeys[*i].cred.clone())
                    .collect();
                let (pos, _) = webauthn::verify_assertion(&cred, &c.challenge, &known)
                    .map_err(|_| failed())?;
                let user = st.users.get(&handle).cloned().ok_or_else(failed)?;
                if user.banned {
                    return Err(ctx.err(403, "user_banned", "User is banned"));
                }
                let p = &mut st.passkeys.passkeys[idx[pos]];
                p.last_used_at = Some(stamp(now));
                ok(issue(&mut st, &secret, now, &handle, "aal1", None))
            }
            (&Method::GET, ["auth", "v1", "passkeys"]) => {
                only_query(ctx, l, pairs, &[])?;
                let st = shared.lock();
                ok(st
                    .passkeys
                    .passkeys
                    .iter()
                    .filter(|p| p.user_id == uid)
                    .map(item)
                    .collect())
            }
            (&Method::PATCH, ["auth", "v1", "passkeys", pid]) => {
                let not_found = || ctx.err(404, "validation_failed", "Passkey not found");
                if !is_uuid_text(pid) {
                    return Err(not_found());
                }
                let obj = body_keys(ctx, l, &["friendly_name"], &[])?;
                let name = match obj.get("friendly_name") {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Null) => String::new(),
                    _ => {
                        return Err(ctx.err(
                            400,
                            "bad_json",
                            "Could not parse request body as JSON",
                        ))
                    }
                };
                if name.is_empty() {
                    return Err(ctx.err(400, "validation_failed", "friendly_name is required"));
                }
                if name.len() > 120 {
                    return Err(ctx.err(
                        400,
                        "validation_failed",
                        "friendly_name must be 120 characters or less",
                    ));
                }
                let mut st = shared.lock();
                let p = st
                    .passkeys
                    .passkeys
                    .iter_mut()
                    .find(|p| p.id == *pid && p.user_id == uid)
                    .ok_or_else(not_found)?;
                p.friendly_name = name;
                ok(item(p))
            }
            (&Method::DELETE, ["auth", "v1", "passkeys", pid])
            | (&Method::DELETE, ["auth", "v1", "admin", "users", _, "passkeys", pid]) => {
                no_body(ctx, l)?;
                let owner = match seg {
                    [_, _, "admin", "users", u, ..] => {
                        let st = shared.lock();
                        if !st.users.get(*u).is_some_and(|x| !x.deleted) {
                            return Err(ctx.err(404, "user_not_found", "User not found"));
                        }
                        u.to_string()
                    }
                    _ => uid.to_owned(),
                };
                let not_found = || ctx.err(404, "validation_failed", "Passkey not found");
                if !is_uuid_text(pid) {
                    return Err(not_found());
                }
                let mut st = shared.lock();
                let before = st.passkeys.passkeys.len();
                st.passkeys
                    .passkeys
                    .retain(|p| !(p.id == *pid && p.user_id == owner));
                if st.passkeys.passkeys.len() == before {
                    return Err(not_found());
                }
                Ok(reply_empty(204))
            }
            (&Method::GET, ["auth", "v1", "admin", "users", u, "passkeys"]) => {
                only_query(ctx, l, pairs, &[])?;
                let st = shared.lock();
                if !st.users.get(*u).is_some_and(|x| !x.deleted) {
                    return Err(ctx.err(404, "user_not_found", "User not found"));
                }
                ok(st
                    .passkeys
                    .passkeys
                    .iter()
                    .filter(|p| p.user_id == *u)
                    .map(item)
                    .collect())
            }
            _ => unreachable!("filtered below"),
        }
    };
    let passkey_route = matches!(seg, ["auth", "v1", "passkeys", ..])
        || matches!(seg, ["auth", "v1", "admin", "users", _, "passkeys", ..]);
    if passkey_route {
        let known = matches!(
            (&l.method, seg),
            (
                &Method::POST,
                [
                    _,
                    _,
                    "passkeys",
                    "registration" | "authentication",
                    "options" | "verify"
                ]
            ) | (&Method::GET, [_, _, "passkeys"])
                | (&Method::PATCH | &Method::DELETE, [_, _, "passkeys", _])
                | (&Method::GET, [_, _, "admin", "users", _, "passkeys"])
                | (&Method::DELETE, [_, _, "admin", "users", _, "passkeys", _])
        );
        return known.then(run);
    }
    mfa(ctx, l, seg, uid)
}

/// WebAuthn MFA: enroll, challenge and verify of `webauthn` factors (other factor types are
/// left to the TOTP/phone routes).
fn mfa(ctx: &Ctx<'_>, l: &Logged, seg: &[&str], uid: &str) -> Option<Answer> {
    let shared = ctx.shared;
    let now = shared.now();
    match (&l.method, seg) {
        (&Method::POST, ["auth", "v1", "factors"])
            if l.body
                .as_ref()
                .is_some_and(|b| b["factor_type"] == "webauthn") =>
        {
            Some((|| {
                let obj = body_keys(ctx, l, &["friendly_name", "factor_type"], &[])?;
                let mut st = shared.lock();
                let id = new_uuid(&mut st);
                let name = s(&obj, "friendly_name").unwrap_or_default().to_owned();
                let factor = json!({"id": id, "friendly_name": name, "factor_type": "webauthn", "status": "unverified", "created_at": stamp(now), "updated_at": stamp(now)});
                if let Some(u) = st.users.get_mut(uid) {
                    u.factors.push(factor);
                }
                ok(json!({"id": id, "type": "webauthn", "friendly_name": name}))
            })())
        }
        (&Method::POST, ["auth", "v1", "factors", fid, "challenge"])
            if factor_of(&shared.lock(), uid, fid)
                .is_some_and(|f| f["factor_type"] == "webauthn") =>
        {
            Some((|| {
                let obj = body_keys(ctx, l, &["factorId"], &["webauthn"])?;
                if s(&obj, "factorId") != Some(*fid) {
                    return Err(reject(shared, "factorId does not match the path".into()));
                }
                if let Some(w) = obj.get("webauthn") {
                    rp_ok(Some(w), false).map_err(|why| reject(shared, why))?;
                }
                let mut st = shared.lock();
                let verified = factor_of(&st, uid, fid).is_some_and(|f| f["status"] == "verified");
                let challenge = challenge_text(&mut st);
                let email = st
                    .users
                    .get(uid)
                    .and_then(|u| u.email.clone())
                    .unwrap_or_default();
                let (kind, options) = if verified {
                    let cred: Vec<StoredCredential> = st
                        .passkeys
                        .factor_creds
                        .get(*fid)
                        .cloned()
                        .into_iter()
                        .collect();
                    ("request", webauthn::request_options(&challenge, &cred))
                } else {
                    (
                        "create",
                        webauthn::creation_options(&challenge, uid, &email, &[]),
                    )
                };
                let id = new_challenge(
                    &mut st,
                    ChallengeRec {
                        kind: if verified {
                            "mfa_request"
                        } else {
                            "mfa_create"
                        },
                        user_id: Some(uid.into()),
                        factor_id: Some(fid.to_string()),
                        challenge,
                        expires_at: now + 300,
                    },
                );
                ok(
                    json!({"id": id, "type": "webauthn", "expires_at": now + 300,
                    "webauthn": {"type": kind, "credential_options": {"publicKey": options}}}),
                )
            })())
        }
        (&Method::POST, ["auth", "v1", "factors", fid, "verify"])
            if factor_of(&shared.lock(), uid, fid)
                .is_some_and(|f| f["factor_type"] == "webauthn") =>
        {
            Some((|| {
                let obj = body_keys(ctx, l, &["challenge_id", "webauthn"], &[])?;
                let w = obj.get("webauthn").cloned().unwrap_or(Value::Null);
                if w.is_null() {
                    return Err(ctx.err(400, "validation_failed", "WebAuthn config required"));
                }
                rp_ok(Some(&w), true).map_err(|why| reject(shared, why))?;
                let kind = w["type"].as_str().unwrap_or_default();
                if kind != "create" && kind != "request" {
                    return Err(ctx.err(
                        400,
                        "validation_failed",
                        "WebAuthn type must be create or request",
                    ));
                }
                if w["credential_response"].is_null() {
                    return Err(ctx.err(400, "validation_failed", "credential_response required"));
                }
                let mut st = shared.lock();
                let cid = s(&obj, "challenge_id").unwrap_or_default().to_owned();
                let found = st
                    .passkeys
                    .challenges
                    .get(&cid)
                    .filter(|c| c.factor_id.as_deref() == Some(*fid))
                    .cloned();
                let Some(c) = found else {
                    return Err(ctx.err(
                        422,
                        "mfa_factor_not_found",
                        "MFA factor with the provided challenge ID not found",
                    ));
                };
                if c.expires_at <= now {
                    st.passkeys.challenges.remove(&cid);
                    return Err(ctx.err(422, "mfa_challenge_expired", &format!("MFA challenge {cid} has expired, verify against another challenge or create a new challenge.")));
                }
                let cred = &w["credential_response"];
                let result = if kind == "create" {
                    if c.kind != "mfa_create" {
                        return Err(ctx.err(500, "unexpected_failure", "Internal Server Error"));
                    }
                    webauthn::verify_registration(cred, &c.challenge).map(Some)
                } else {
                    let known: Vec<StoredCredential> = st
                        .passkeys
                        .factor_creds
                        .get(*fid)
                        .cloned()
                        .into_iter()
                        .collect();
                    webauthn::verify_assertion(cred, &c.challenge, &known).map(|_| None)
                };
                let stored = match result {
                    Ok(s) => s,
                    Err(_) if kind == "request" => {
                        return Err(ctx.err(
                            500,
                            "unexpected_failure",
                            "Failed to validate WebAuthn MFA response",
                        ))
                    }
                    Err(_) => {
                        return Err(ctx.err(500, "unexpected_failure", "Internal Server Error"))
                    }
                };
                st.passkeys.challenges.remove(&cid);
                if let Some(stored) = stored {
                    st.passkeys.factor_creds.insert(fid.to_string(), stored);
                    if let Some(u) = st.users.get_mut(uid) {
                        for f in u.factors.iter_mut() {
                            if f["id"].as_str() == Some(*fid) {
                                f["status"] = json!("verified");
                            }
                        }
                    }
                }
                let secret = shared.jwt_secret.clone();
                let mut v = issue(&mut st, &secret, now, uid, "aal2", None);
                v.as_object_mut().map(|o| o.remove("expires_at"));
                ok(v)
            })())
        }
        _ => None,
    }
}
