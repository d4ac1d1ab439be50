//! Object keys of any characters against the Storage fake, whose router reads URLs the way
//! Storage's framework does (find-my-way, `storage_support/router.rs`): either the object is
//! stored, read, signed, listed, copied, moved and removed under exactly the key the caller
//! wrote, or the client refuses the key before sending anything, naming the character.
//!
//! The property runs twice: with `;` as a path delimiter (Fastify 4's default, what deployed
//! servers ran) and without (Fastify 5).

#![cfg(feature = "storage")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod storage_support;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use supabase_core::storage::{
    BucketOptions, DownloadOptions, FileOptions, SearchOptions, UrlOptions,
};
use supabase_core::{Client, Error};

use storage_support::{server_accepts_key, FakeConfig, FakeStorage};

const KEY: &str = "anon-key";
/// A bucket id with characters that need escaping too.
const BUCKET: &str = "my bucket;1";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

async fn start(semicolon_delimiter: bool) -> (FakeStorage, Client) {
    let fake = FakeStorage::start(FakeConfig {
        api_key: KEY.into(),
        bearer_tokens: vec![KEY.into()],
        hash: false,
        semicolon_delimiter,
    })
    .await;
    let client = Client::new(fake.project_url(), KEY).unwrap();
    client
        .storage()
        .create_bucket(BUCKET, BucketOptions::new().public(true))
        .await
        .unwrap();
    (fake, client)
}

/// One path segment: characters from everywhere (ASCII punctuation, space, controls, `%`,
/// `+`, `?`, `#`, `;`, unicode), or dot segments and escape look-alikes.
fn any_segment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::collection::vec(
            prop_oneof![
                8 => (0x20u8..0x7f).prop_map(char::from).prop_filter("not /", |c| *c != '/'),
                1 => Just('\t'),
                1 => Just('\u{7f}'),
                1 => Just('é'),
                1 => Just('📦'),
                1 => Just('ア'),
            ],
            1..8,
        )
        .prop_map(|cs| cs.into_iter().collect::<String>()),
        1 => prop_oneof![
            Just(".".to_owned()),
            Just("..".to_owned()),
            Just("%2F".to_owned()),
            Just("%3B".to_owned()),
            Just("%25".to_owned()),
            Just("a+b".to_owned()),
            Just("x;y.txt".to_owned()),
            Just("q?r=1".to_owned()),
        ],
    ]
}

/// One segment of only the characters the server accepts, so stored keys are common.
fn accepted_segment() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => proptest::char::range('a', 'z'),
            1 => proptest::char::range('0', '9'),
            3 => proptest::sample::select("_!-.*'() &$=@;:+,?".chars().collect::<Vec<_>>()),
        ],
        1..8,
    )
    .prop_map(|cs| cs.into_iter().collect::<String>())
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(any_segment(), 1..4),
        proptest::collection::vec(accepted_segment(), 1..4),
    ]
    .prop_map(|segs| segs.join("/"))
}

/// Why the key cannot be sent, judged from the server's rules, not the client's code.
fn refusal(key: &str) -> Option<String> {
    if key.split('/').any(|s| s == "." || s == "..") {
        return Some("`.` or `..` segment".into());
    }
    if server_accepts_key(key) {
        return None;
    }
    let c = key
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || "_/!-.*'() &$=@;:+,?".contains(c)))
        .unwrap();
    Some(if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("`{c}` (U+{:04X})", c as u32)
    })
}

async fn check_key(fake: &FakeStorage, client: &Client, key: &str) -> Result<(), TestCaseError> {
    let b = client.storage().from_(BUCKET);
    fake.clear_objects(BUCKET);
    let before = fake.request_count();
    let uploaded = b
        .upload(key, key.to_owned(), FileOptions::new().upsert(true))
        .await;
    if let Some(named) = refusal(key) {
        match uploaded {
            Err(Error::InvalidArgument(m)) => {
                prop_assert!(m.contains(&named), "{key:?}: {m} should name {named}")
            }
            other => prop_assert!(false, "{key:?} should be refused, got {other:?}"),
        }
        // The JSON-body calls refuse it too.
        prop_assert!(matches!(
            b.remove([key]).await,
            Err(Error::InvalidArgument(_))
        ));
        prop_assert!(matches!(
            b.copy("x", key).await,
            Err(Error::InvalidArgument(_))
        ));
        prop_assert!(matches!(
            b.move_(key, "x").await,
            Err(Error::InvalidArgument(_))
        ));
        prop_assert!(matches!(
            b.create_signed_urls([key], 60, UrlOptions::new()).await,
            Err(Error::InvalidArgument(_))
        ));
        prop_assert_eq!(fake.request_count(), before, "nothing was sent");
        return Ok(());
    }
    let r = uploaded.map_err(|e| TestCaseError::fail(format!("{key:?}: upload: {e}")))?;
    prop_assert_eq!(&r.path, key);
    prop_assert_eq!(fake.object_keys(BUCKET), vec![key.to_owned()], "stored key");

    let fail = |what: &str, e: Error| TestCaseError::fail(format!("{key:?}: {what}: {e}"));
    let got = b
        .download(key, DownloadOptions::new())
        .await
        .map_err(|e| fail("download", e))?;
    prop_assert_eq!(&got[..], key.as_bytes());
    prop_assert_eq!(b.info(key).await.map_err(|e| fail("info", e))?.name, key);
    prop_assert!(b.exists(key).await.map_err(|e| fail("exists", e))?);

    // Signed and public URLs read the same object.
    let signed = b
        .create_signed_url(key, 60, UrlOptions::new())
        .await
        .map_err(|e| fail("sign", e))?;
    let public = b
        .get_public_url(key, UrlOptions::new())
        .map_err(|e| fail("public", e))?;
    for url in [signed.signed_url, public] {
        let r = reqwest::get(&url)
            .await
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(r.status().as_u16(), 200, "{}", url);
        prop_assert_eq!(&r.bytes().await.unwrap()[..], key.as_bytes());
    }
    let many = b
        .create_signed_urls([key], 60, UrlOptions::new())
        .await
        .map_err(|e| fail("sign many", e))?;
    prop_assert_eq!(many[0].path.as_deref(), Some(key));
    prop_assert!(many[0].signed_url.is_some());

    // The list prefix (the key's folder) finds it by name.
    let (folder, name) = key.rsplit_once('/').unwrap_or(("", key));
    let listed = b
        .list(folder, SearchOptions::new().limit(1000))
        .await
        .map_err(|e| fail("list", e))?;
    prop_assert!(listed.iter().any(|e| e.name == name), "{key:?} not listed");

    // Keys in JSON bodies: copy, move, remove.
    let copy = format!("{key}-copy");
    b.copy(key, &copy).await.map_err(|e| fail("copy", e))?;
    let moved = format!("moved/{key}");
    b.move_(&copy, &moved).await.map_err(|e| fail("move", e))?;
    let mut keys = fake.object_keys(BUCKET);
    keys.sort();
    let mut expected = vec![key.to_owned(), moved.clone()];
    expected.sort();
    prop_assert_eq!(keys, expected);
    let gone = b
        .remove([key, moved.as_str()])
        .await
        .map_err(|e| fail("remove", e))?;
    prop_assert_eq!(gone.len(), 2);
    prop_assert!(fake.object_keys(BUCKET).is_empty());
    Ok(())
}

fn run_property(semicolon_delimiter: bool) {
    let rt = runtime();
    let (fake, client) = rt.block_on(start(semicolon_delimiter));
    let mut runner = TestRunner::new(Config {
        cases: 192,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&key(), |key| rt.block_on(check_key(&fake, &client, &key)))
        .unwrap();
}

#[test]
fn every_key_is_stored_as_written_or_refused_semicolon_delimiter() {
    run_property(true);
}

#[test]
fn every_key_is_stored_as_written_or_refused_fastify5_router() {
    run_property(false);
}

/// The fake's router does what made raw `;` dangerous: a key sent unescaped is cut at `;` and
/// lands on another object. The client escapes it, so both objects stay apart.
#[test]
fn raw_semicolon_would_truncate_the_key_escaped_one_does_not() {
    let rt = runtime();
    rt.block_on(async {
        let (fake, client) = start(true).await;
        let http = reqwest::Client::new();
        let r = http
            .post(format!(
                "{}/storage/v1/object/my%20bucket%3B1/dir/x;y.txt",
                fake.project_url()
            ))
            .header("apikey", KEY)
            .header("authorization", format!("Bearer {KEY}"))
            .header("x-client-info", "raw-test")
            .header("x-upsert", "true")
            .header("content-type", "text/plain")
            .body("raw")
            .send()
            .await
            .unwrap();
        // The router cut the path at `;`: the upload route sees the key `dir/x` and a query
        // string `y.txt` (the fake refuses unknown query keys, so nothing is stored).
        assert_eq!(r.status(), 400);
        let text = r.text().await.unwrap();
        assert!(
            text.contains(r#"unexpected query parameter \"y.txt\""#),
            "{text}"
        );
        assert!(!fake.object_keys(BUCKET).contains(&"dir/x;y.txt".to_owned()));

        let b = client.storage().from_(BUCKET);
        b.upload("dir/x", "first", FileOptions::new())
            .await
            .unwrap();
        b.upload("dir/x;y.txt", "second", FileOptions::new())
            .await
            .unwrap();
        assert_eq!(
            fake.last_request().path,
            "/storage/v1/object/my%20bucket%3B1/dir/x%3By.txt"
        );
        assert_eq!(
            &b.download("dir/x", DownloadOptions::new()).await.unwrap()[..],
            b"first"
        );
        assert_eq!(
            &b.download("dir/x;y.txt", DownloadOptions::new())
                .await
                .unwrap()[..],
            b"second"
        );
    });
}

/// The fake's router reads targets as find-my-way does.
#[test]
fn fake_router_reads_targets_as_find_my_way() {
    use storage_support::router::parse_target;
    let t = parse_target("/object/b/dir/x;y.txt", true).unwrap();
    assert_eq!(t.segments, ["object", "b", "dir", "x"]);
    assert_eq!(t.query, "y.txt");
    let t = parse_target("/object/b/dir/x;y.txt", false).unwrap();
    assert_eq!(t.segments, ["object", "b", "dir", "x;y.txt"]);
    let t = parse_target("/object/b/a%20b%3Bc%3Fd+e%2Ff%25g%C3%A9?x=1", true).unwrap();
    assert_eq!(t.segments, ["object", "b", "a b;c?d+e/f%gé"]);
    assert_eq!(t.query, "x=1");
    assert!(parse_target("/object/b/%E0%A4", true).is_err());
    assert!(parse_target("/object/b/%ZZ", true).is_err());
}
