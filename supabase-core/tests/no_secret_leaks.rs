//! No secret leaves through `Debug`, `Display`, errors or traces.
//!
//! Every public type that can hold a credential is built with a distinctive secret and
//! formatted with `{:?}`, `{:#?}` and (where it has one) `{}`; a `tracing` subscriber captures
//! every span and event at TRACE (span opening, field updates and closing included) while a
//! session of real calls runs against the loopback fakes of the other tests (PostgREST's
//! scripted server, the GoTrue fake, the Storage fake, the real TUS server, the Phoenix fake);
//! no secret string may appear in any of it. Each test also checks that the secrets really
//! travelled (the fakes saw them) and that the traces hold the spans and events they should,
//! so an empty capture cannot pass.

#![cfg(all(
    feature = "tracing",
    feature = "auth",
    feature = "storage",
    feature = "realtime",
    feature = "functions"
))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub,
    dead_code
)]

mod auth_support;
mod realtime_support;
mod storage_support;
mod support;

use std::fmt;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::json;
use supabase_core::auth::{
    AuthOptions, EmailOtpType, GetClaimsOptions, ResendParams, ResendType,
    SignInAnonymouslyCredentials, SignInWithIdTokenCredentials, SignInWithOtpCredentials,
    SignInWithPasswordCredentials, SignInWithWeb3Credentials, SignUpCredentials, UserAttributes,
    VerifyOtpParams,
};
use supabase_core::realtime::{RealtimeClient, RealtimeOptions, SubscribeState, Vsn};
use supabase_core::storage::{
    BucketOptions, FileOptions, ResumableOptions, SignedUploadOptions, UrlOptions,
};
use supabase_core::{Client, Error};
use tracing_subscriber::fmt::format::FmtSpan;

/// Everything the subscriber wrote, shared by the tests of this binary.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Installs the global TRACE subscriber once (spans of the socket task run on other threads).
fn capture() -> Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE
        .get_or_init(|| {
            let capture = Capture::default();
            let writer = capture.clone();
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_span_events(FmtSpan::FULL)
                .with_ansi(false)
                .with_writer(move || writer.clone())
                .init();
            capture
        })
        .clone()
}

/// Collects formatted values and the secrets none of them may contain.
#[derive(Default)]
struct Leaks {
    secrets: Vec<String>,
    outputs: Vec<(String, String)>,
}

impl Leaks {
    fn secret(&mut self, secret: impl Into<String>) {
        let secret = secret.into();
        assert!(
            secret.len() >= 8,
            "a secret this short proves nothing: {secret}"
        );
        self.secrets.push(secret);
    }

    /// `{:?}` and `{:#?}`.
    fn debug(&mut self, what: &str, value: &impl fmt::Debug) {
        self.outputs
            .push((format!("{what} {{:?}}"), format!("{value:?}")));
        self.outputs
            .push((format!("{what} {{:#?}}"), format!("{value:#?}")));
    }

    /// `{:?}`, `{:#?}` and `{}`.
    fn both(&mut self, what: &str, value: &(impl fmt::Debug + fmt::Display)) {
        self.debug(what, value);
        self.outputs
            .push((format!("{what} {{}}"), format!("{value}")));
    }

    /// Panics naming every output that holds a secret.
    fn assert_clean(&self, traces: &str) {
        let mut found = Vec::new();
        for secret in &self.secrets {
            for (what, text) in &self.outputs {
                if text.contains(secret.as_str()) {
                    found.push(format!("{what} holds {secret:?}:\n{text}"));
                }
            }
            for line in traces.lines().filter(|l| l.contains(secret.as_str())) {
                found.push(format!("a trace holds {secret:?}:\n{line}"));
            }
        }
        assert!(found.is_empty(), "secrets leaked:\n{}", found.join("\n\n"));
    }
}

fn http() -> supabase_core::reqwest::Client {
    supabase_core::reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
}

const SERVICE_KEY: &str = "sk-SERVICE-ROLE-7Hq2vXw9";
const USER_BEARER: &str = "SECRET-user-bearer-3xZpQ";
const FILTER_TOKEN: &str = "SECRET-filter-token-Q9mK";
const COOKIE: &str = "sb-session=SECRET-cookie-8fJd";
const FUNCTION_KEY: &str = "SECRET-x-api-key-Rt5w";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgrest_requests_errors_and_retries() {
    let traces = capture();
    let mut leaks = Leaks::default();
    for s in [SERVICE_KEY, USER_BEARER, FILTER_TOKEN, COOKIE] {
        leaks.secret(s);
    }
    use support::{FakeServer, Reply, Step};
    let target = format!("/rest/v1/api_tokens?select=id%2Cowner&token=eq.{FILTER_TOKEN}");
    let server = FakeServer::start(vec![
        Step::expect("GET", &target).reply(Reply::status(503).header("retry-after", "0")),
        Step::expect("GET", &target).reply(
            Reply::status(200)
                .header("set-cookie", COOKIE)
                .json(&json!([{"id": 1, "owner": "ann"}])),
        ),
        Step::expect("GET", &target).reply(Reply::status(406).json(&json!({
            "code": "PGRST116",
            "message": "JSON object requested, multiple (or no) rows returned",
            "details": "The result contains 0 rows",
            "hint": null
        }))),
    ])
    .await;
    let builder = Client::builder(server.url(), SERVICE_KEY)
        .http_client(http())
        .header("Cookie", COOKIE);
    leaks.debug("ClientBuilder", &builder);
    let client = builder.build().unwrap();
    leaks.debug("Client", &client);

    let query = client
        .from("api_tokens")
        .select("id,owner")
        .eq("token", FILTER_TOKEN)
        .header("Authorization", format!("Bearer {USER_BEARER}"));
    leaks.debug(
        "FilterBuilder",
        &format!("{:?}", query.clone()).replace(FILTER_TOKEN, ""),
    );
    let prepared = query.build().unwrap();
    // The query holds the filter value by design; its headers must not hold the credentials.
    leaks.debug("PreparedRequest.headers", prepared.headers());
    let debug = format!("{prepared:?}").replace(FILTER_TOKEN, "");
    leaks.debug("PreparedRequest", &debug);

    let ok = prepared.send::<serde_json::Value>(&client).await.unwrap();
    leaks.debug("PostgrestResponse", &ok);
    let err = query_err(&client).await;
    leaks.both("Error::Postgrest", &err);
    server.verify();
    let seen = server.requests();
    assert_eq!(
        seen[0].header("authorization"),
        Some(format!("Bearer {USER_BEARER}").as_str()),
        "the user's bearer was sent"
    );
    assert_eq!(seen[0].header("apikey"), Some(SERVICE_KEY));
    assert_eq!(seen[0].header("cookie"), Some(COOKIE));

    // A network error keeps its URL: never with the filter's token in it.
    let closed = support::closed_port_url().await;
    let down = Client::builder(closed, SERVICE_KEY)
        .http_client(http())
        .retry(false)
        .build()
        .unwrap();
    let err = down
        .from("api_tokens")
        .select("*")
        .eq("token", FILTER_TOKEN)
        .execute::<serde_json::Value>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Network(_)), "{err:?}");
    leaks.both("Error::Network", &err);

    let text = traces.text();
    for needed in [
        "http.request",
        "supabase.service=\"postgrest\"",
        "http.request.method=\"GET\"",
        "url.path=\"/rest/v1/api_tokens\"",
        "http.request.resend_count=1",
        "http.response.status_code=503",
        "db.response.status_code=\"PGRST116\"",
        "error.type=\"PGRST116\"",
        "error.type=\"connect\"",
        "retrying a read",
        "duration_ms",
    ] {
        assert!(
            text.contains(needed),
            "no {needed:?} in the traces:\n{text}"
        );
    }
    leaks.assert_clean(&text);
}

async fn query_err(client: &Client) -> Error {
    client
        .from("api_tokens")
        .select("id,owner")
        .eq("token", FILTER_TOKEN)
        .header("Authorization", format!("Bearer {USER_BEARER}"))
        .single()
        .execute::<serde_json::Value>()
        .await
        .unwrap_err()
}

const PASSWORD: &str = "SECRET-password-Lk8vN2";
const OTP: &str = "SECRET-otp-482913";
const NONCE: &str = "SECRET-nonce-Zu7c";
const CAPTCHA: &str = "SECRET-captcha-Wq1e";
const ID_TOKEN: &str = "SECRET-id-token-Pp0o";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_sessions_refreshes_params_and_errors() {
    use auth_support::{FakeGoTrue, ANON_KEY};
    let traces = capture();
    let mut leaks = Leaks::default();
    for s in [PASSWORD, OTP, NONCE, CAPTCHA, ID_TOKEN] {
        leaks.secret(s);
    }
    leaks.secret(ANON_KEY);

    // Parameters, with every secret they can carry.
    leaks.debug(
        "SignUpCredentials",
        &SignUpCredentials::email("ann@example.com", PASSWORD).captcha_token(CAPTCHA),
    );
    leaks.debug(
        "SignInWithPasswordCredentials",
        &SignInWithPasswordCredentials::email("ann@example.com", PASSWORD).captcha_token(CAPTCHA),
    );
    leaks.debug(
        "SignInWithOtpCredentials",
        &SignInWithOtpCredentials::email("ann@example.com").captcha_token(CAPTCHA),
    );
    leaks.debug(
        "SignInAnonymouslyCredentials",
        &SignInAnonymouslyCredentials::new().captcha_token(CAPTCHA),
    );
    leaks.debug(
        "SignInWithIdTokenCredentials",
        &SignInWithIdTokenCredentials::new("google", ID_TOKEN)
            .access_token(USER_BEARER)
            .nonce(NONCE)
            .captcha_token(CAPTCHA),
    );
    let web3 = SignInWithWeb3Credentials::solana("example.com wants you to sign in", &[7; 40]);
    leaks.secret(web3.signature().to_owned());
    leaks.debug("SignInWithWeb3Credentials", &web3);
    leaks.debug(
        "VerifyOtpParams",
        &VerifyOtpParams::email("ann@example.com", OTP, EmailOtpType::Email).captcha_token(CAPTCHA),
    );
    leaks.debug(
        "ResendParams",
        &ResendParams::email("ann@example.com", ResendType::Signup).captcha_token(CAPTCHA),
    );
    leaks.debug(
        "UserAttributes",
        &UserAttributes::new()
            .password(PASSWORD)
            .current_password(PASSWORD)
            .nonce(NONCE),
    );
    leaks.debug("GetClaimsOptions", &GetClaimsOptions::new().jwt(ID_TOKEN));

    // A session of real calls.
    let fake = FakeGoTrue::start().await;
    let client = Client::builder(fake.project_url(), ANON_KEY)
        .auth_options(AuthOptions::new().auto_refresh(false))
        .build()
        .unwrap();
    leaks.debug("Auth", &client.auth());
    fake.add_user("ann@example.com", PASSWORD);
    let mut events = client.auth().subscribe();
    let signed_in = client
        .auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "ann@example.com",
            PASSWORD,
        ))
        .await
        .unwrap();
    let session = signed_in.session.clone().unwrap();
    leaks.secret(session.access_token.clone());
    leaks.secret(session.refresh_token.clone());
    leaks.debug("AuthResponse", &signed_in);
    leaks.debug("Session", &session);
    leaks.debug("User", &session.user);
    let claims = client.auth().get_claims().await.unwrap();
    leaks.debug("JwtClaims", &claims);

    // The session is the bearer of other services.
    client
        .from("probe")
        .select("*")
        .execute::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(
        fake.rest_tokens(),
        std::slice::from_ref(&session.access_token)
    );

    let refreshed = client.auth().refresh_session().await.unwrap();
    assert_ne!(refreshed.refresh_token, session.refresh_token);
    leaks.secret(refreshed.access_token.clone());
    leaks.secret(refreshed.refresh_token.clone());
    leaks.debug("Session (refreshed)", &refreshed);
    while let Some(event) = events.try_recv() {
        leaks.debug("AuthEvent", &event);
    }

    // A refresh with an unknown token fails: the error names no token.
    let reused = client
        .auth()
        .refresh_session_with("SECRET-unknown-refresh-token")
        .await
        .unwrap_err();
    leaks.secret("SECRET-unknown-refresh-token");
    leaks.both("Error::Auth (refresh)", &reused);
    let wrong = client
        .auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "ann@example.com",
            "SECRET-wrong-password-1",
        ))
        .await
        .unwrap_err();
    leaks.secret("SECRET-wrong-password-1");
    leaks.both("Error::Auth (sign-in)", &wrong);

    // A transport failure of Auth: the message and the kept source name no query.
    let closed = support::closed_port_url().await;
    let down = Client::builder(closed, ANON_KEY)
        .auth_options(AuthOptions::new().auto_refresh(false))
        .build()
        .unwrap();
    let err = down
        .auth()
        .verify_otp(VerifyOtpParams::email(
            "ann@example.com",
            OTP,
            EmailOtpType::Email,
        ))
        .await
        .unwrap_err();
    leaks.both("Error::Auth (network)", &err);
    fake.assert_clean();

    let text = traces.text();
    for needed in [
        "supabase.service=\"auth\"",
        "url.path=\"/auth/v1/token\"",
        "url.query=\"grant_type=<redacted>\"",
        "auth state changed",
        "auth.event=\"SIGNED_IN\"",
        "auth.event=\"TOKEN_REFRESHED\"",
        "refreshing the auth session",
        "reason=\"requested\"",
        "auth session refresh failed",
    ] {
        assert!(
            text.contains(needed),
            "no {needed:?} in the traces:\n{text}"
        );
    }
    leaks.assert_clean(&text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_pkce_verifier_admin_links_and_totp_secrets() {
    use auth_support::{FakeGoTrue, ANON_KEY, SERVICE_KEY as FAKE_SERVICE_KEY};
    use supabase_core::auth::{
        AdminUserAttributes, FlowType, GenerateLinkParams, GenerateLinkType, MemoryStore,
        MfaEnrollParams, SessionStore, SignInWithOAuthCredentials,
    };
    let traces = capture();
    let mut leaks = Leaks::default();
    leaks.secret(PASSWORD);
    leaks.secret(FAKE_SERVICE_KEY);
    let fake = FakeGoTrue::start().await;

    // PKCE: the verifier sits in the store; neither the store nor the client shows it.
    let store = Arc::new(MemoryStore::new());
    let pkce = Client::builder(fake.project_url(), ANON_KEY)
        .auth_options(
            AuthOptions::new()
                .flow_type(FlowType::Pkce)
                .auto_refresh(false)
                .store(store.clone()),
        )
        .build()
        .unwrap();
    let oauth = pkce
        .auth()
        .sign_in_with_oauth(SignInWithOAuthCredentials::new("github"))
        .await
        .unwrap();
    let verifier: String = serde_json::from_str(
        &store
            .get_item("sb-127-auth-token-code-verifier")
            .await
            .unwrap()
            .expect("a stored verifier"),
    )
    .unwrap();
    leaks.secret(verifier);
    leaks.debug("OAuthResponse", &oauth);
    leaks.debug("MemoryStore", &store);
    leaks.debug("Auth (PKCE)", &pkce.auth());

    // Admin: a created user's password, a generated link's token and hash.
    let admin_client = Client::builder(fake.project_url(), FAKE_SERVICE_KEY)
        .auth_options(AuthOptions::new().auto_refresh(false))
        .build()
        .unwrap();
    let admin = admin_client.auth().admin();
    let attributes = AdminUserAttributes::new()
        .email("bo@example.com")
        .password(PASSWORD)
        .email_confirm(true);
    leaks.debug("AdminUserAttributes", &attributes);
    let created = admin.create_user(attributes).await.unwrap();
    leaks.debug("User (admin)", &created);
    let params =
        GenerateLinkParams::new(GenerateLinkType::Signup, "cy@example.com").password(PASSWORD);
    leaks.debug("GenerateLinkParams", &params);
    let link = admin.generate_link(params).await.unwrap();
    leaks.secret(link.properties.hashed_token.clone());
    leaks.secret(token_of(&link.properties.action_link));
    leaks.debug("GenerateLinkResponse", &link);

    // MFA: the TOTP secret (and the URI and QR code carrying it).
    fake.add_user("di@example.com", PASSWORD);
    let user = Client::builder(fake.project_url(), ANON_KEY)
        .auth_options(AuthOptions::new().auto_refresh(false))
        .build()
        .unwrap();
    user.auth()
        .sign_in_with_password(SignInWithPasswordCredentials::email(
            "di@example.com",
            PASSWORD,
        ))
        .await
        .unwrap();
    let factor = user
        .auth()
        .mfa()
        .enroll(
            MfaEnrollParams::totp()
                .friendly_name("phone")
                .issuer("Acme"),
        )
        .await
        .unwrap();
    let totp = factor.totp.clone().expect("totp details");
    leaks.secret(totp.secret.clone());
    leaks.secret(totp.uri.clone());
    leaks.debug("EnrolledFactor", &factor);
    fake.assert_clean();

    let text = traces.text();
    assert!(
        text.contains("url.path=\"/auth/v1/admin/generate_link\""),
        "{text}"
    );
    assert!(text.contains("url.path=\"/auth/v1/factors\""), "{text}");
    leaks.assert_clean(&text);
}

const STORAGE_KEY: &str = "sk-STORAGE-SERVICE-Vb3nM4";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_signed_urls_uploads_and_errors() {
    use storage_support::{FakeConfig, FakeStorage};
    let traces = capture();
    let mut leaks = Leaks::default();
    leaks.secret(STORAGE_KEY);
    let fake = FakeStorage::start(FakeConfig {
        api_key: STORAGE_KEY.into(),
        bearer_tokens: vec![STORAGE_KEY.into()],
        hash: false,
        semicolon_delimiter: true,
    })
    .await;
    let client = Client::new(fake.project_url(), STORAGE_KEY).unwrap();
    leaks.debug("StorageClient", &client.storage());
    client
        .storage()
        .create_bucket("docs", BucketOptions::new())
        .await
        .unwrap();
    let docs = client.storage().from_("docs");
    leaks.debug("StorageFileApi", &docs);
    docs.upload("reports/q1.txt", "quarterly numbers", FileOptions::new())
        .await
        .unwrap();
    leaks.secret(FUNCTION_KEY);
    leaks.debug(
        "FileOptions",
        &FileOptions::new()
            .header("Authorization", format!("Bearer {USER_BEARER}"))
            .header("x-api-key", FUNCTION_KEY),
    );
    leaks.secret(USER_BEARER);

    // A streamed upload past 8 MiB is traced as it goes.
    docs.upload(
        "videos/clip.bin",
        supabase_core::storage::UploadBody::stream(storage_support::pattern_stream(
            9 * 1024 * 1024,
            64 * 1024,
        )),
        FileOptions::new(),
    )
    .await
    .unwrap();

    let signed = docs
        .create_signed_url("reports/q1.txt", 60, UrlOptions::new())
        .await
        .unwrap();
    let token = token_of(&signed.signed_url);
    leaks.secret(token.clone());
    leaks.debug("SignedUrl", &signed);
    let many = docs
        .create_signed_urls(["reports/q1.txt"], 60, UrlOptions::new())
        .await
        .unwrap();
    leaks.debug("Vec<SignedUrlResult>", &many);
    let upload = docs
        .create_signed_upload_url("reports/q2.txt", SignedUploadOptions::new())
        .await
        .unwrap();
    leaks.secret(upload.token.clone());
    leaks.debug("SignedUploadUrl", &upload);
    let answer = docs
        .upload_to_signed_url(
            "reports/q2.txt",
            &upload.token,
            "more numbers",
            FileOptions::new(),
        )
        .await
        .unwrap();
    leaks.debug("UploadResponse", &answer);
    let refused = docs
        .upload_to_signed_url(
            "reports/q3.txt",
            "SECRET-forged-upload-token",
            "x",
            FileOptions::new(),
        )
        .await
        .unwrap_err();
    leaks.secret("SECRET-forged-upload-token");
    leaks.both("Error::Storage", &refused);
    let missing = docs
        .download("reports/none.txt", Default::default())
        .await
        .unwrap_err();
    leaks.both("Error::Storage (404)", &missing);
    leaks.debug(
        "ResumableOptions",
        &ResumableOptions::new().upload_url(format!(
            "/storage/v1/upload/resumable/abc?token={FILTER_TOKEN}"
        )),
    );
    leaks.secret(FILTER_TOKEN);
    assert!(fake.requests().iter().any(|r| r
        .query
        .as_deref()
        .is_some_and(|q| q.contains(&upload.token))));

    let text = traces.text();
    for needed in [
        "supabase.service=\"storage\"",
        "url.path=\"/storage/v1/object/upload/sign/docs/reports/q2.txt\"",
        "url.query=\"token=<redacted>\"",
        "http.response.status_code=200",
        "streamed upload progress storage.upload.offset=",
    ] {
        assert!(
            text.contains(needed),
            "no {needed:?} in the traces:\n{text}"
        );
    }
    leaks.assert_clean(&text);
}

fn token_of(url: &str) -> String {
    let url = url::Url::parse(url).unwrap();
    url.query_pairs()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
        .expect("a token")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resumable_upload_progress_is_traced_without_its_url_token() {
    use storage_support::tus::TusServer;
    let traces = capture();
    let mut leaks = Leaks::default();
    leaks.secret(STORAGE_KEY);
    let tus = TusServer::start(STORAGE_KEY, false).await;
    let client = Client::new(tus.project_url(), STORAGE_KEY).unwrap();
    let upload = client
        .storage()
        .from_("videos")
        .resumable_upload(
            "clip.bin",
            vec![7u8; 300_000],
            ResumableOptions::new().chunk_size(128 * 1024),
        )
        .await
        .unwrap();
    leaks.debug("ResumableUpload", &upload);
    let done = upload.finish().await.unwrap();
    leaks.debug("ResumableResult", &done);
    let text = traces.text();
    for needed in [
        "resumable upload progress",
        "storage.upload.offset=131072",
        "storage.upload.size=300000",
        "percent=100",
        "http.request.method=\"PATCH\"",
    ] {
        assert!(
            text.contains(needed),
            "no {needed:?} in the traces:\n{text}"
        );
    }
    leaks.assert_clean(&text);
}

const REALTIME_TOKEN: &str = "SECRET-realtime-access-token-Hh6";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn realtime_connect_join_heartbeat_timeout_and_reconnect() {
    use realtime_support::{FakeRealtime, API_KEY};
    let traces = capture();
    let mut leaks = Leaks::default();
    leaks.secret(REALTIME_TOKEN);
    leaks.secret(API_KEY);
    leaks.debug(
        "RealtimeOptions",
        &RealtimeOptions::new()
            .param("apikey", SERVICE_KEY)
            .param("access_token", REALTIME_TOKEN),
    );
    leaks.secret(SERVICE_KEY);

    let fake = FakeRealtime::start().await;
    let options = RealtimeOptions::new()
        .vsn(Vsn::V2)
        .transport(fake.transport())
        .heartbeat_interval(Duration::from_millis(300));
    let rt = RealtimeClient::new(&fake.endpoint(), API_KEY, options).unwrap();
    rt.set_auth(Some(REALTIME_TOKEN.into())).await.unwrap();
    leaks.debug("RealtimeClient", &rt);
    let channel = rt.channel("room-1");
    leaks.debug("RealtimeChannel", &channel);
    let mut statuses = channel.statuses();
    channel.subscribe().await.unwrap();
    assert_eq!(next(&mut statuses).await, SubscribeState::Subscribed);
    assert_eq!(
        fake.state().conns[0].joined["realtime:room-1"]
            .access_token
            .as_deref(),
        Some(REALTIME_TOKEN),
        "the token was sent"
    );

    // The server stops answering heartbeats: a timeout, then a reconnect after 1 s.
    fake.set_heartbeats_paused(true);
    let error = next(&mut statuses).await;
    leaks.debug("SubscribeState", &error);
    fake.set_heartbeats_paused(false);
    assert_eq!(next(&mut statuses).await, SubscribeState::Subscribed);
    let err = channel.subscribe().await.unwrap_err();
    leaks.both("RealtimeError", &err);
    fake.assert_clean();

    let text = traces.text();
    for needed in [
        "realtime socket connected",
        "realtime heartbeat timed out",
        "realtime socket reconnect scheduled",
        "delay_ms=1000",
        "realtime channel status",
        "realtime.status=\"SUBSCRIBED\"",
    ] {
        assert!(
            text.contains(needed),
            "no {needed:?} in the traces:\n{text}"
        );
    }
    leaks.assert_clean(&text);
}

async fn next<T: fmt::Debug>(s: &mut supabase_core::realtime::Subscription<T>) -> T {
    use futures_util::StreamExt;
    tokio::time::timeout(Duration::from_secs(30), s.next())
        .await
        .expect("stream timed out")
        .expect("stream ended")
        .expect("stream item")
}

#[tokio::test]
async fn functions_calls_keep_their_credentials_hidden() {
    let mut leaks = Leaks::default();
    leaks.secret(FUNCTION_KEY);
    leaks.secret(USER_BEARER);
    leaks.secret(SERVICE_KEY);
    let client = Client::new("https://xyz.supabase.co", SERVICE_KEY).unwrap();
    leaks.debug("FunctionsClient", &client.functions());
    let call = client
        .functions()
        .invoke("charge")
        .header("x-api-key", FUNCTION_KEY)
        .header("Authorization", format!("Bearer {USER_BEARER}"));
    leaks.debug("Invoke", &call);
    leaks.assert_clean("");
}
