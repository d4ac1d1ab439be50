//! WebAuthn for the fake: a software authenticator for the tests (ES256 with the committed
//! test key, `none` attestation) and the server-side checks the fake runs on what it gets
//! back, after go-webauthn's `CreateCredential` / `ValidateLogin` as supabase/auth calls them:
//! client data `type`, `challenge` and `origin`; the RP id hash and the user-present flag of
//! the authenticator data; the `none` attestation statement; a known credential id; the
//! ES256 signature over `authenticatorData || SHA-256(clientDataJSON)`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::ES256_PRIVATE;

/// The fake's relying party.
pub const RP_ID: &str = "app.example.com";
pub const RP_ORIGIN: &str = "https://app.example.com";
/// The test key's public point (jwks.json, `test-es256`).
const KEY_X: &str = "PvC45GBH67Id5PgotLlDGnjA8ill--Jg10d45OPexRY";
const KEY_Y: &str = "wFt-h64tGyXgLOfmlf7X8YGy5sAgP8mRTCkKm938Nqk";

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|e| format!("not base64url: {e}"))
}

// --- A minimal CBOR: the shapes of attestation objects and COSE keys. ---

#[derive(Debug, Clone, PartialEq)]
pub enum Cbor {
    Int(i64),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Cbor>),
    Map(Vec<(Cbor, Cbor)>),
}

fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xff => out.extend([m | 24, n as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend((n as u16).to_be_bytes());
        }
        _ => {
            out.push(m | 26);
            out.extend((n as u32).to_be_bytes());
        }
    }
}

pub fn cbor_encode(v: &Cbor, out: &mut Vec<u8>) {
    match v {
        Cbor::Int(i) if *i >= 0 => head(out, 0, *i as u64),
        Cbor::Int(i) => head(out, 1, (-1 - *i) as u64),
        Cbor::Bytes(b) => {
            head(out, 2, b.len() as u64);
            out.extend(b);
        }
        Cbor::Text(t) => {
            head(out, 3, t.len() as u64);
            out.extend(t.as_bytes());
        }
        Cbor::Array(a) => {
            head(out, 4, a.len() as u64);
            a.iter().for_each(|x| cbor_encode(x, out));
        }
        Cbor::Map(m) => {
            head(out, 5, m.len() as u64);
            for (k, x) in m {
                cbor_encode(k, out);
                cbor_encode(x, out);
            }
        }
    }
}

/// Decodes one item; returns it and the bytes used.
pub fn cbor_decode(b: &[u8]) -> Result<(Cbor, usize), String> {
    let first = *b.first().ok_or("cbor: empty")?;
    let (major, info) = (first >> 5, first & 0x1f);
    let (n, mut used): (u64, usize) = match info {
        0..=23 => (u64::from(info), 1),
        24 => (u64::from(*b.get(1).ok_or("cbor: short")?), 2),
        25 => (
            u64::from(u16::from_be_bytes(
                b.get(1..3)
                    .ok_or("cbor: short")?
                    .try_into()
                    .map_err(|_| "cbor")?,
            )),
            3,
        ),
        26 => (
            u64::from(u32::from_be_bytes(
                b.get(1..5)
                    .ok_or("cbor: short")?
                    .try_into()
                    .map_err(|_| "cbor")?,
            )),
            5,
        ),
        _ => return Err(format!("cbor: unsupported length info {info}")),
    };
    let len = n as usize;
    let item = match major {
        0 => Cbor::Int(n as i64),
        1 => Cbor::Int(-1 - n as i64),
        2 | 3 => {
            let bytes = b
                .get(used..used + len)
                .ok_or("cbor: short string")?
                .to_vec();
            used += len;
            if major == 2 {
                Cbor::Bytes(bytes)
            } else {
                Cbor::Text(String::from_utf8(bytes).map_err(|_| "cbor: bad utf-8")?)
            }
        }
        4 => {
            let mut items = Vec::new();
            for _ in 0..len {
                let (x, u) = cbor_decode(&b[used..])?;
                used += u;
                items.push(x);
            }
            Cbor::Array(items)
        }
        5 => {
            let mut items = Vec::new();
            for _ in 0..len {
                let (k, u) = cbor_decode(&b[used..])?;
                used += u;
                let (x, u) = cbor_decode(&b[used..])?;
                used += u;
                items.push((k, x));
            }
            Cbor::Map(items)
        }
        _ => return Err(format!("cbor: unsupported major type {major}")),
    };
    Ok((item, used))
}

fn get<'a>(map: &'a Cbor, key: &Cbor) -> Option<&'a Cbor> {
    match map {
        Cbor::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

// --- ES256 signatures: jsonwebtoken gives r||s, WebAuthn carries ASN.1 DER. ---

fn der_int(x: &[u8]) -> Vec<u8> {
    let mut v: Vec<u8> = x.iter().copied().skip_while(|b| *b == 0).collect();
    if v.first().map_or(true, |b| b & 0x80 != 0) {
        v.insert(0, 0);
    }
    let mut out = vec![0x02, v.len() as u8];
    out.extend(v);
    out
}

fn der_from_fixed(rs: &[u8]) -> Vec<u8> {
    let mut body = der_int(&rs[..32]);
    body.extend(der_int(&rs[32..]));
    let mut out = vec![0x30, body.len() as u8];
    out.extend(body);
    out
}

fn fixed_from_der(der: &[u8]) -> Result<Vec<u8>, String> {
    let bad = || "signature is not a DER ECDSA signature".to_owned();
    if der.len() < 8 || der[0] != 0x30 || der[1] as usize != der.len() - 2 {
        return Err(bad());
    }
    let mut out = Vec::new();
    let mut i = 2;
    for _ in 0..2 {
        if der.get(i) != Some(&0x02) {
            return Err(bad());
        }
        let len = *der.get(i + 1).ok_or_else(bad)? as usize;
        let int = der.get(i + 2..i + 2 + len).ok_or_else(bad)?;
        let trimmed: Vec<u8> = int.iter().copied().skip_while(|b| *b == 0).collect();
        if trimmed.len() > 32 {
            return Err(bad());
        }
        out.extend(std::iter::repeat(0u8).take(32 - trimmed.len()));
        out.extend(trimmed);
        i += 2 + len;
    }
    Ok(out)
}

fn sign(message: &[u8]) -> Vec<u8> {
    let key = EncodingKey::from_ec_pem(ES256_PRIVATE.as_bytes()).expect("es key");
    let fixed = jsonwebtoken::crypto::sign(message, &key, Algorithm::ES256).expect("sign");
    der_from_fixed(&unb64(&fixed).expect("b64"))
}

fn verify(message: &[u8], der: &[u8], x: &[u8], y: &[u8]) -> bool {
    let Ok(fixed) = fixed_from_der(der) else {
        return false;
    };
    let Ok(key) = DecodingKey::from_ec_components(&b64(x), &b64(y)) else {
        return false;
    };
    jsonwebtoken::crypto::verify(&b64(&fixed), message, &key, Algorithm::ES256).unwrap_or(false)
}

fn cose_key() -> Cbor {
    Cbor::Map(vec![
        (Cbor::Int(1), Cbor::Int(2)),
        (Cbor::Int(3), Cbor::Int(-7)),
        (Cbor::Int(-1), Cbor::Int(1)),
        (Cbor::Int(-2), Cbor::Bytes(unb64(KEY_X).expect("x"))),
        (Cbor::Int(-3), Cbor::Bytes(unb64(KEY_Y).expect("y"))),
    ])
}

fn client_data(kind: &str, challenge: &str, origin: &str) -> String {
    b64(
        json!({"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": false})
            .to_string()
            .as_bytes(),
    )
}

/// The test's authenticator: makes `none`-attested ES256 credentials and signs challenges.
pub struct SoftAuthenticator {
    pub origin: String,
    pub rp_id: String,
    pub sign_count: u32,
}

impl Default for SoftAuthenticator {
    fn default() -> Self {
        SoftAuthenticator {
            origin: RP_ORIGIN.into(),
            rp_id: RP_ID.into(),
            sign_count: 0,
        }
    }
}

impl SoftAuthenticator {
    fn auth_data(&mut self, attested: Option<&[u8]>) -> Vec<u8> {
        self.sign_count += 1;
        let mut d = Sha256::digest(self.rp_id.as_bytes()).to_vec();
        d.push(if attested.is_some() { 0x45 } else { 0x05 }); // UP | UV (| AT)
        d.extend(self.sign_count.to_be_bytes());
        if let Some(cred_id) = attested {
            d.extend([0u8; 16]); // aaguid
            d.extend((cred_id.len() as u16).to_be_bytes());
            d.extend(cred_id);
            cbor_encode(&cose_key(), &mut d);
        }
        d
    }

    /// A registration answer for `challenge`: `(credential JSON, credential id)`.
    pub fn register(&mut self, challenge: &str, cred_id: &[u8]) -> Value {
        let auth_data = self.auth_data(Some(cred_id));
        let att = Cbor::Map(vec![
            (Cbor::Text("fmt".into()), Cbor::Text("none".into())),
            (Cbor::Text("attStmt".into()), Cbor::Map(vec![])),
            (Cbor::Text("authData".into()), Cbor::Bytes(auth_data)),
        ]);
        let mut att_bytes = Vec::new();
        cbor_encode(&att, &mut att_bytes);
        json!({
            "id": b64(cred_id), "rawId": b64(cred_id), "type": "public-key",
            "response": {
                "clientDataJSON": client_data("webauthn.create", challenge, &self.origin),
                "attestationObject": b64(&att_bytes),
            },
            "clientExtensionResults": {},
        })
    }

    /// An assertion for `challenge` with the credential `cred_id`.
    pub fn assert(&mut self, challenge: &str, cred_id: &[u8], user_handle: Option<&str>) -> Value {
        let auth_data = self.auth_data(None);
        let cdj = client_data("webauthn.get", challenge, &self.origin);
        let mut message = auth_data.clone();
        message.extend(Sha256::digest(unb64(&cdj).expect("cdj")));
        let mut response = json!({
            "clientDataJSON": cdj,
            "authenticatorData": b64(&auth_data),
            "signature": b64(&sign(&message)),
        });
        if let Some(h) = user_handle {
            response["userHandle"] = json!(b64(h.as_bytes()));
        }
        json!({
            "id": b64(cred_id), "rawId": b64(cred_id), "type": "public-key",
            "response": response, "clientExtensionResults": {},
        })
    }
}

// --- The server side. ---

fn check_client_data(cred: &Value, kind: &str, challenge: &str) -> Result<Vec<u8>, String> {
    let cdj = cred["response"]["clientDataJSON"]
        .as_str()
        .ok_or("missing response.clientDataJSON")?;
    let raw = unb64(cdj)?;
    let data: Value = serde_json::from_slice(&raw).map_err(|e| format!("client data: {e}"))?;
    if data["type"] != kind {
        return Err(format!("client data type {} is not {kind}", data["type"]));
    }
    if data["challenge"] != challenge {
        return Err("challenge mismatch".into());
    }
    if data["origin"] != RP_ORIGIN {
        return Err(format!("origin {} is not allowed", data["origin"]));
    }
    Ok(raw)
}

fn check_auth_data(d: &[u8]) -> Result<(), String> {
    if d.len() < 37 {
        return Err("authenticator data too short".into());
    }
    if d[..32] != Sha256::digest(RP_ID.as_bytes())[..] {
        return Err("RP id hash mismatch".into());
    }
    if d[32] & 0x01 == 0 {
        return Err("user not present".into());
    }
    Ok(())
}

/// A credential the fake registered.
#[derive(Debug, Clone)]
pub struct StoredCredential {
    pub id: Vec<u8>,
    pub x: Vec<u8>,
    pub y: Vec<u8>,
    pub sign_count: u32,
}

fn envelope(cred: &Value) -> Result<Vec<u8>, String> {
    if cred["type"] != "public-key" {
        return Err("type must be public-key".into());
    }
    let id = unb64(cred["id"].as_str().ok_or("missing id")?)?;
    if cred["rawId"] != cred["id"] {
        return Err("rawId does not match id".into());
    }
    Ok(id)
}

/// Checks a registration answer against the challenge; returns the new credential.
pub fn verify_registration(cred: &Value, challenge: &str) -> Result<StoredCredential, String> {
    let id = envelope(cred)?;
    check_client_data(cred, "webauthn.create", challenge)?;
    let att = unb64(
        cred["response"]["attestationObject"]
            .as_str()
            .ok_or("missing response.attestationObject")?,
    )?;
    let (att, _) = cbor_decode(&att)?;
    if get(&att, &Cbor::Text("fmt".into())) != Some(&Cbor::Text("none".into()))
        || get(&att, &Cbor::Text("attStmt".into())) != Some(&Cbor::Map(vec![]))
    {
        return Err("only none attestation is accepted".into());
    }
    let Some(Cbor::Bytes(d)) = get(&att, &Cbor::Text("authData".into())) else {
        return Err("missing authData".into());
    };
    check_auth_data(d)?;
    if d[32] & 0x40 == 0 || d.len() < 55 {
        return Err("no attested credential data".into());
    }
    let id_len = u16::from_be_bytes([d[53], d[54]]) as usize;
    let cred_id = d.get(55..55 + id_len).ok_or("short credential id")?;
    if cred_id != id.as_slice() {
        return Err("credential id mismatch".into());
    }
    let (key, _) = cbor_decode(&d[55 + id_len..])?;
    if get(&key, &Cbor::Int(3)) != Some(&Cbor::Int(-7)) {
        return Err("only ES256 keys".into());
    }
    let (Some(Cbor::Bytes(x)), Some(Cbor::Bytes(y))) =
        (get(&key, &Cbor::Int(-2)), get(&key, &Cbor::Int(-3)))
    else {
        return Err("bad COSE key".into());
    };
    Ok(StoredCredential {
        id,
        x: x.clone(),
        y: y.clone(),
        sign_count: u32::from_be_bytes([d[33], d[34], d[35], d[36]]),
    })
}

/// Checks an assertion against the challenge and the known credentials; returns the index of
/// the credential used and the user handle (decoded), if any.
pub fn verify_assertion(
    cred: &Value,
    challenge: &str,
    known: &[StoredCredential],
) -> Result<(usize, Option<String>), String> {
    let id = envelope(cred)?;
    let cdj = check_client_data(cred, "webauthn.get", challenge)?;
    let d = unb64(
        cred["response"]["authenticatorData"]
            .as_str()
            .ok_or("missing response.authenticatorData")?,
    )?;
    check_auth_data(&d)?;
    let pos = known
        .iter()
        .position(|k| k.id == id)
        .ok_or("credential not found")?;
    let sig = unb64(
        cred["response"]["signature"]
            .as_str()
            .ok_or("missing signature")?,
    )?;
    let mut message = d.clone();
    message.extend(Sha256::digest(&cdj));
    if !verify(&message, &sig, &known[pos].x, &known[pos].y) {
        return Err("signature does not verify".into());
    }
    let handle = match cred["response"].get("userHandle") {
        Some(Value::String(h)) => Some(String::from_utf8(unb64(h)?).map_err(|_| "user handle")?),
        _ => None,
    };
    Ok((pos, handle))
}

/// Creation options as go-webauthn's `BeginRegistration` renders them.
pub fn creation_options(
    challenge: &str,
    user_id: &str,
    email: &str,
    exclude: &[StoredCredential],
) -> Value {
    let mut o = json!({
        "rp": {"name": "Fake Auth", "id": RP_ID},
        "user": {"name": email, "displayName": email, "id": b64(user_id.as_bytes())},
        "challenge": challenge,
        "pubKeyCredParams": [{"type": "public-key", "alg": -7}, {"type": "public-key", "alg": -257}],
        "timeout": 60000,
        "authenticatorSelection": {"requireResidentKey": true, "residentKey": "required", "userVerification": "preferred"},
    });
    if !exclude.is_empty() {
        o["excludeCredentials"] = exclude
            .iter()
            .map(|c| json!({"type": "public-key", "id": b64(&c.id)}))
            .collect();
    }
    o
}

/// Request options as `BeginLogin` / `BeginDiscoverableLogin` render them.
pub fn request_options(challenge: &str, allow: &[StoredCredential]) -> Value {
    let mut o = json!({"challenge": challenge, "timeout": 60000, "rpId": RP_ID, "userVerification": "preferred"});
    if !allow.is_empty() {
        o["allowCredentials"] = allow
            .iter()
            .map(|c| json!({"type": "public-key", "id": b64(&c.id)}))
            .collect();
    }
    o
}
