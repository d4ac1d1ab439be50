//! The Storage client against the in-process Storage fake (`storage_support`), which keeps
//! buckets and objects in memory, validates every request it gets (method, path, query keys,
//! headers, JSON bodies) and answers as the Storage server does, including HTTP 400 with
//! `"statusCode":"404"`/`"409"` in the body and 403 `InvalidJWT`.

#![cfg(feature = "storage")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod storage_support;

use base64::Engine;
use futures_util::StreamExt;
use serde_json::json;
use sha2::{Digest, Sha256};
use supabase_core::storage::{
    BucketOptions, BucketSortColumn, BucketType, DownloadOptions, FileObjectInfo, FileOptions,
    ImageFormat, ListBucketsOptions, ObjectSortColumn, Resize, SearchOptions, SignedUploadOptions,
    SortOrder, TransformOptions, UploadBody, UrlOptions,
};
use supabase_core::{Client, Error};

use storage_support::{hex, pattern_sha256, pattern_stream, FakeConfig, FakeStorage};

const KEY: &str = "anon-key";
const USER_JWT: &str = "user-jwt";

async fn setup() -> (FakeStorage, Client) {
    let fake = FakeStorage::start(FakeConfig {
        api_key: KEY.into(),
        bearer_tokens: vec![KEY.into(), USER_JWT.into()],
        hash: true,
        semicolon_delimiter: true,
    })
    .await;
    let client = Client::new(fake.project_url(), KEY).unwrap();
    (fake, client)
}

async fn with_bucket(public: bool) -> (FakeStorage, Client) {
    let (fake, client) = setup().await;
    client
        .storage()
        .create_bucket("b", BucketOptions::new().public(public))
        .await
        .unwrap();
    (fake, client)
}

fn storage_err(err: Error) -> supabase_core::storage::StorageError {
    match err {
        Error::Storage(e) => e,
        other => panic!("expected a storage error, got {other:?}"),
    }
}

#[tokio::test]
async fn buckets_create_get_list_update_empty_delete() {
    let (fake, client) = setup().await;
    let storage = client.storage();

    let created = storage
        .create_bucket(
            "avatars",
            BucketOptions::new()
                .allowed_mime_types(["image/png"])
                .file_size_limit(1024)
                .bucket_type(BucketType::Standard),
        )
        .await
        .unwrap();
    assert_eq!(created.name, "avatars");
    let req = fake.last_request();
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/storage/v1/bucket");
    assert_eq!(
        req.json.clone().unwrap(),
        json!({"id":"avatars","name":"avatars","type":"STANDARD","public":false,
               "file_size_limit":1024,"allowed_mime_types":["image/png"]})
    );
    assert_eq!(req.header("authorization"), Some("Bearer anon-key"));
    assert_eq!(req.header("apikey"), Some(KEY));
    assert!(req
        .header("x-client-info")
        .unwrap()
        .starts_with("supabase-core/"));

    // Duplicate: HTTP 400, the real status in the body.
    let dup = storage_err(
        storage
            .create_bucket("avatars", BucketOptions::new())
            .await
            .unwrap_err(),
    );
    assert_eq!((dup.status, dup.status_code.as_str()), (400, "409"));
    assert_eq!(dup.code.as_deref(), Some("Duplicate"));
    assert!(dup.body.contains("\"statusCode\":\"409\""));

    storage
        .create_bucket(
            "docs",
            BucketOptions::new()
                .public(true)
                .file_size_limit_text("20MB"),
        )
        .await
        .unwrap();
    let b = storage.get_bucket("avatars").await.unwrap();
    assert_eq!(b.id, "avatars");
    assert!(!b.public);
    assert_eq!(b.file_size_limit, Some(1024));
    assert_eq!(b.allowed_mime_types, Some(vec!["image/png".to_owned()]));
    assert_eq!(b.bucket_type.as_deref(), Some("STANDARD"));
    assert_eq!(
        storage.get_bucket("docs").await.unwrap().file_size_limit,
        Some(20 << 20)
    );

    let all = storage.list_buckets().await.unwrap();
    assert_eq!(
        all.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(),
        ["avatars", "docs"]
    );
    assert_eq!(fake.last_request().query, None);
    let some = storage
        .list_buckets_with(
            ListBucketsOptions::new()
                .limit(1)
                .offset(0)
                .search("s")
                .sort(BucketSortColumn::Name, SortOrder::Desc),
        )
        .await
        .unwrap();
    assert_eq!(some.len(), 1);
    assert_eq!(some[0].id, "docs");
    assert_eq!(
        fake.last_request().query.as_deref(),
        Some("limit=1&offset=0&search=s&sortColumn=name&sortOrder=desc")
    );

    let m = storage
        .update_bucket("avatars", BucketOptions::new().public(true))
        .await
        .unwrap();
    assert_eq!(m.message, "Successfully updated");
    let req = fake.last_request();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("PUT", "/storage/v1/bucket/avatars")
    );
    assert_eq!(
        req.json.clone().unwrap(),
        json!({"id":"avatars","name":"avatars","public":true})
    );
    assert!(storage.get_bucket("avatars").await.unwrap().public);

    // A bucket with an object cannot be deleted until emptied.
    storage
        .from_("docs")
        .upload("a.txt", "x", FileOptions::new())
        .await
        .unwrap();
    let not_empty = storage_err(storage.delete_bucket("docs").await.unwrap_err());
    assert_eq!(not_empty.status_code, "409");
    storage.empty_bucket("docs").await.unwrap();
    let req = fake.last_request();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/storage/v1/bucket/docs/empty")
    );
    assert_eq!(req.json.clone().unwrap(), json!({}));
    let m = storage.delete_bucket("docs").await.unwrap();
    assert_eq!(m.message, "Successfully deleted");
    assert_eq!(fake.last_request().json.unwrap(), json!({}));

    let missing = storage_err(storage.get_bucket("docs").await.unwrap_err());
    assert_eq!(
        (missing.status, missing.semantic_status()),
        (400, Some(404))
    );
    assert_eq!(missing.code.as_deref(), Some("NoSuchBucket"));
    assert!(matches!(
        storage.get_bucket("a/b").await,
        Err(Error::InvalidArgument(_))
    ));
}

#[tokio::test]
async fn upload_bytes_headers_upsert_update_and_info() {
    let (fake, client) = with_bucket(false).await;
    let b = client.storage().from_("b");

    let r = b
        .upload("notes/hello.txt", "hello", FileOptions::new())
        .await
        .unwrap();
    assert_eq!(r.path, "notes/hello.txt");
    assert_eq!(r.full_path, "b/notes/hello.txt");
    assert!(r.id.is_some());
    let req = fake.last_request();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/storage/v1/object/b/notes/hello.txt")
    );
    assert_eq!(req.header("content-type"), Some("text/plain;charset=UTF-8"));
    assert_eq!(req.header("cache-control"), Some("max-age=3600"));
    assert_eq!(req.header("x-upsert"), Some("false"));
    assert_eq!(req.header("x-metadata"), None);
    assert_eq!(req.header("content-length"), Some("5"));

    // Existing object without upsert: 400 with statusCode 409.
    let dup = storage_err(
        b.upload("notes/hello.txt", "again", FileOptions::new())
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (dup.status, dup.status_code.as_str(), dup.code.as_deref()),
        (400, "409", Some("Duplicate"))
    );

    b.upload(
        "notes/hello.txt",
        b"{\"a\":1}".to_vec(),
        FileOptions::new()
            .content_type("application/json")
            .cache_control(60)
            .upsert(true)
            .metadata(json!({"owner": "me", "n": 1}))
            .header("x-extra", "yes"),
    )
    .await
    .unwrap();
    let req = fake.last_request();
    assert_eq!(req.header("x-upsert"), Some("true"));
    assert_eq!(req.header("cache-control"), Some("max-age=60"));
    assert_eq!(req.header("x-extra"), Some("yes"));
    let meta = base64::engine::general_purpose::STANDARD
        .decode(req.header("x-metadata").unwrap())
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&meta).unwrap(),
        json!({"owner":"me","n":1})
    );
    assert_eq!(
        &fake.object_bytes("b", "notes/hello.txt").unwrap()[..],
        b"{\"a\":1}"
    );

    let info = b.info("notes/hello.txt").await.unwrap();
    assert_eq!(info.name, "notes/hello.txt");
    assert_eq!(info.size, Some(7));
    assert_eq!(info.content_type.as_deref(), Some("application/json"));
    assert_eq!(info.cache_control.as_deref(), Some("max-age=60"));
    assert_eq!(info.bucket_id.as_deref(), Some("b"));
    assert_eq!(info.metadata, Some(json!({"owner":"me","n":1})));
    assert_eq!(
        fake.last_request().path,
        "/storage/v1/object/info/b/notes/hello.txt"
    );

    // update: PUT, no x-upsert.
    let r = b
        .update(
            "/notes/hello.txt",
            bytes::Bytes::from_static(b"new"),
            FileOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(r.full_path, "b/notes/hello.txt");
    let req = fake.last_request();
    assert_eq!(req.method, "PUT");
    assert_eq!(req.header("x-upsert"), None);
    assert_eq!(
        &b.download("notes/hello.txt", DownloadOptions::new())
            .await
            .unwrap()[..],
        b"new"
    );
    let missing = storage_err(
        b.update("nope.txt", "x", FileOptions::new())
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (missing.status_code.as_str(), missing.code.as_deref()),
        ("404", Some("NoSuchKey"))
    );

    // A bad option is kept until the call, and no request is made.
    let before = fake.request_count();
    let err = b
        .upload("x.txt", "x", FileOptions::new().header("bad header", "v"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    assert_eq!(fake.request_count(), before);

    // Upload into a missing bucket: 404 in the body.
    let nb = storage_err(
        client
            .storage()
            .from_("nope")
            .upload("a", "x", FileOptions::new())
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (nb.status_code.as_str(), nb.code.as_deref()),
        ("404", Some("NoSuchBucket"))
    );

    // Bucket MIME restriction: 415 in the body.
    client
        .storage()
        .update_bucket("b", BucketOptions::new().allowed_mime_types(["image/*"]))
        .await
        .unwrap();
    let mime = storage_err(
        b.upload("t.txt", "x", FileOptions::new())
            .await
            .unwrap_err(),
    );
    assert_eq!(mime.status_code, "415");
    b.upload("t.png", "x", FileOptions::new().content_type("image/png"))
        .await
        .unwrap();
}

#[tokio::test]
async fn upload_file_reader_and_stream_bodies() {
    let (fake, client) = with_bucket(false).await;
    let b = client.storage().from_("b");

    let dir = std::env::temp_dir().join(format!("storage-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("photo.png");
    let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&file, &data).unwrap();

    b.upload(
        "pics/photo.png",
        UploadBody::file(&file),
        FileOptions::new(),
    )
    .await
    .unwrap();
    let req = fake.last_request();
    assert_eq!(req.header("content-type"), Some("image/png"));
    assert_eq!(req.header("content-length"), Some("300000"));
    assert_eq!(req.header("transfer-encoding"), None);
    assert_eq!(
        &b.download("pics/photo.png", DownloadOptions::new())
            .await
            .unwrap()[..],
        &data[..]
    );

    // An explicit type wins over the guess; an unknown extension gives octet-stream.
    let odd = dir.join("data.unknownext");
    std::fs::write(&odd, b"zz").unwrap();
    b.upload("odd", odd.as_path(), FileOptions::new())
        .await
        .unwrap();
    assert_eq!(
        fake.last_request().header("content-type"),
        Some("application/octet-stream")
    );
    b.upload(
        "typed",
        UploadBody::file(&file),
        FileOptions::new().content_type("image/x-custom"),
    )
    .await
    .unwrap();
    assert_eq!(
        fake.last_request().header("content-type"),
        Some("image/x-custom")
    );
    let missing = b
        .upload(
            "m",
            UploadBody::file(dir.join("missing.bin")),
            FileOptions::new(),
        )
        .await;
    assert!(matches!(missing, Err(Error::InvalidArgument(_))));
    std::fs::remove_dir_all(&dir).unwrap();

    // A reader: chunked, unless the length is given.
    b.upload(
        "r1",
        UploadBody::reader(std::io::Cursor::new(b"reader".to_vec())),
        FileOptions::new(),
    )
    .await
    .unwrap();
    let req = fake.last_request();
    assert_eq!(req.header("transfer-encoding"), Some("chunked"));
    assert_eq!(&fake.object_bytes("b", "r1").unwrap()[..], b"reader");
    b.upload(
        "r2",
        UploadBody::reader_with_length(std::io::Cursor::new(b"sized".to_vec()), 5),
        FileOptions::new(),
    )
    .await
    .unwrap();
    assert_eq!(fake.last_request().header("content-length"), Some("5"));

    let chunks = futures_util::stream::iter(vec![
        Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"ab")),
        Ok(bytes::Bytes::from_static(b"cd")),
    ]);
    b.upload("s", UploadBody::stream(chunks), FileOptions::new())
        .await
        .unwrap();
    assert_eq!(&fake.object_bytes("b", "s").unwrap()[..], b"abcd");
}

#[tokio::test]
async fn paths_are_cleaned_encoded_and_validated() {
    let (fake, client) = with_bucket(true).await;
    let b = client.storage().from_("b");

    // cleanPath for upload: runs collapsed, one leading/trailing slash removed; then encoded:
    // `?` and `;` always escaped (Storage's router ends the path at either), space as %20.
    let r = b
        .upload("/dir//my file (1)?;x.txt/", "x", FileOptions::new())
        .await
        .unwrap();
    assert_eq!(r.path, "dir/my file (1)?;x.txt");
    assert_eq!(r.full_path, "b/dir/my file (1)?;x.txt");
    assert_eq!(
        fake.last_request().path,
        "/storage/v1/object/b/dir/my%20file%20(1)%3F%3Bx.txt"
    );
    assert_eq!(
        fake.object_keys("b"),
        vec!["dir/my file (1)?;x.txt".to_owned()]
    );

    // Other calls strip leading slashes only.
    assert_eq!(
        &b.download("///dir/my file (1)?;x.txt", DownloadOptions::new())
            .await
            .unwrap()[..],
        b"x"
    );
    assert!(b.exists("dir/my file (1)?;x.txt").await.unwrap());
    assert!(!b.exists("dir//my file (1)?;x.txt").await.unwrap());
    assert_eq!(
        fake.last_request().path,
        "/storage/v1/object/b/dir//my%20file%20(1)%3F%3Bx.txt"
    );

    // Every punctuation character the server accepts round-trips.
    for key in ["a+b&c=d;e.txt", "q?x=1/y", "it's (1) @home: $5, *!_-.txt"] {
        b.upload(key, key, FileOptions::new()).await.unwrap();
        assert_eq!(
            &b.download(key, DownloadOptions::new()).await.unwrap()[..],
            key.as_bytes()
        );
        assert_eq!(b.info(key).await.unwrap().name, key);
        // A public URL with the same encoding reads it back.
        let url = b.get_public_url(key, UrlOptions::new()).unwrap();
        let body = reqwest::get(&url).await.unwrap();
        assert_eq!(body.status(), 200, "{url}");
        assert_eq!(&body.bytes().await.unwrap()[..], key.as_bytes());
    }
    assert_eq!(
        fake.last_request().path,
        "/storage/v1/object/public/b/it's%20(1)%20@home:%20$5,%20*!_-.txt"
    );

    // Characters the server refuses in keys are refused here first, named.
    let before = fake.request_count();
    for (bad, named) in [
        ("a#b", "`#`"),
        ("100%.txt", "`%`"),
        ("ünï.txt", "`ü`"),
        ("[x]", "`[`"),
        ("a~b", "`~`"),
    ] {
        let e = b.upload(bad, "x", FileOptions::new()).await.unwrap_err();
        assert!(
            matches!(&e, Error::InvalidArgument(m) if m.contains(named)),
            "{bad:?}: {e:?}"
        );
        assert!(matches!(
            b.move_("ok", bad).await,
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            b.remove([bad]).await,
            Err(Error::InvalidArgument(_))
        ));
    }
    assert_eq!(fake.request_count(), before);

    // Refused before any request.
    let before = fake.request_count();
    for bad in ["", "/", "//", "..", "a/../b", "./a", "a/."] {
        let e = b.upload(bad, "x", FileOptions::new()).await.unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{bad:?}: {e:?}");
        assert!(matches!(
            b.download(bad, DownloadOptions::new()).await,
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            b.exists(bad).await,
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(b.info(bad).await, Err(Error::InvalidArgument(_))));
        assert!(matches!(
            b.create_signed_url(bad, 60, UrlOptions::new()).await,
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            b.get_public_url(bad, UrlOptions::new()),
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            b.remove([bad]).await,
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            b.move_("ok", bad).await,
            Err(Error::InvalidArgument(_))
        ));
    }
    assert!(matches!(
        b.list("a/..", SearchOptions::new()).await,
        Err(Error::InvalidArgument(_))
    ));
    let bad_bucket = client.storage().from_("x/y");
    assert!(matches!(
        bad_bucket.download("a", DownloadOptions::new()).await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        client.storage().from_("..").info("a").await,
        Err(Error::InvalidArgument(_))
    ));
    assert_eq!(fake.request_count(), before);
}

#[tokio::test]
async fn exists_true_false_and_error() {
    let (fake, client) = with_bucket(false).await;
    let b = client.storage().from_("b");
    b.upload("a.txt", "x", FileOptions::new()).await.unwrap();
    assert!(b.exists("a.txt").await.unwrap());
    assert_eq!(fake.last_request().method, "HEAD");
    assert!(!b.exists("missing.txt").await.unwrap());
    assert!(!client
        .storage()
        .from_("nobucket")
        .exists("a.txt")
        .await
        .unwrap());

    // A wrong token is 403: an error, not "missing".
    let bad = Client::builder(fake.project_url(), KEY)
        .header("authorization", "Bearer wrong")
        .build()
        .unwrap();
    let e = storage_err(bad.storage().from_("b").exists("a.txt").await.unwrap_err());
    assert_eq!(e.status, 403);
}

#[tokio::test]
async fn auth_header_user_token_and_invalid_jwt() {
    let (fake, _) = with_bucket(false).await;
    #[derive(Debug)]
    struct User;
    impl supabase_core::TokenSource for User {
        fn access_token(&self) -> supabase_core::TokenFuture<'_> {
            Box::pin(async { Some(USER_JWT.to_owned()) })
        }
    }
    let client = Client::builder(fake.project_url(), KEY)
        .token_source(std::sync::Arc::new(User))
        .header("x-app", "demo")
        .build()
        .unwrap();
    client.storage().list_buckets().await.unwrap();
    let req = fake.last_request();
    assert_eq!(req.header("authorization"), Some("Bearer user-jwt"));
    assert_eq!(req.header("x-app"), Some("demo"));

    let bad = Client::builder(fake.project_url(), KEY)
        .header("authorization", "Bearer forged")
        .build()
        .unwrap();
    let e = storage_err(bad.storage().list_buckets().await.unwrap_err());
    assert_eq!((e.status, e.code.as_deref()), (403, Some("InvalidJWT")));
    assert_eq!(e.message, "invalid signature");

    // The fake's own check: no Authorization at all is 403 InvalidJWT.
    let raw = reqwest::Client::new()
        .get(format!("{}/storage/v1/bucket", fake.project_url()))
        .header("apikey", KEY)
        .header("x-client-info", "t")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 403);
    assert!(raw.text().await.unwrap().contains("InvalidJWT"));
}

#[tokio::test]
async fn list_folders_files_sort_paging_search() {
    let (fake, client) = with_bucket(false).await;
    let b = client.storage().from_("b");
    for k in ["f/a.txt", "f/c.txt", "f/b.txt", "f/sub/x.txt", "top.txt"] {
        b.upload(k, "x", FileOptions::new()).await.unwrap();
    }
    let all = b.list("f", SearchOptions::new()).await.unwrap();
    assert_eq!(
        all.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
        ["a.txt", "b.txt", "c.txt", "sub"]
    );
    assert!(all[3].is_folder());
    assert_eq!(all[0].metadata.as_ref().unwrap().size, Some(1));
    let req = fake.last_request();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/storage/v1/object/list/b")
    );
    assert_eq!(
        req.json.clone().unwrap(),
        json!({"limit":100,"offset":0,"sortBy":{"column":"name","order":"asc"},"prefix":"f"})
    );
    let page = b
        .list(
            "f/",
            SearchOptions::new()
                .limit(2)
                .offset(1)
                .sort_by(ObjectSortColumn::Name, SortOrder::Desc)
                .search("t"),
        )
        .await
        .unwrap();
    assert_eq!(
        page.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
        ["b.txt", "a.txt"]
    );
    assert_eq!(
        fake.last_request().json.unwrap(),
        json!({"limit":2,"offset":1,"sortBy":{"column":"name","order":"desc"},"search":"t","prefix":"f/"})
    );
    let root = b.list("", SearchOptions::new()).await.unwrap();
    assert_eq!(
        root.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
        ["f", "top.txt"]
    );
}

#[tokio::test]
async fn move_copy_remove() {
    let (fake, client) = with_bucket(false).await;
    client
        .storage()
        .create_bucket("other", BucketOptions::new())
        .await
        .unwrap();
    let b = client.storage().from_("b");
    b.upload("a.txt", "A", FileOptions::new()).await.unwrap();

    let m = b.move_("a.txt", "moved/a.txt").await.unwrap();
    assert_eq!(m.message, "Successfully moved");
    assert_eq!(
        fake.last_request().json.unwrap(),
        json!({"bucketId":"b","sourceKey":"a.txt","destinationKey":"moved/a.txt"})
    );
    let c = b.copy("moved/a.txt", "copy.txt").await.unwrap();
    assert_eq!(c.path, "b/copy.txt");
    assert_eq!(fake.last_request().path, "/storage/v1/object/copy");
    let c2 = b
        .copy_to_bucket("copy.txt", "other", "x/copy.txt")
        .await
        .unwrap();
    assert_eq!(c2.path, "other/x/copy.txt");
    assert_eq!(
        fake.last_request().json.unwrap(),
        json!({"bucketId":"b","sourceKey":"copy.txt","destinationKey":"x/copy.txt","destinationBucket":"other"})
    );
    b.move_to_bucket("copy.txt", "other", "y.txt")
        .await
        .unwrap();
    assert_eq!(fake.object_keys("other"), ["x/copy.txt", "y.txt"]);
    let missing = storage_err(b.move_("nope", "x").await.unwrap_err());
    assert_eq!(missing.status_code, "404");
    let dup = storage_err(b.copy("moved/a.txt", "moved/a.txt").await.unwrap_err());
    assert_eq!(dup.status_code, "409");

    b.upload("z.txt", "Z", FileOptions::new()).await.unwrap();
    let gone = b
        .remove(["moved/a.txt", "/z.txt", "never.txt"])
        .await
        .unwrap();
    assert_eq!(
        gone.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
        ["moved/a.txt", "z.txt"]
    );
    let req = fake.last_request();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("DELETE", "/storage/v1/object/b")
    );
    assert_eq!(
        req.json.clone().unwrap(),
        json!({"prefixes":["moved/a.txt","z.txt","never.txt"]})
    );
    assert!(fake.object_keys("b").is_empty());
    assert!(matches!(
        b.remove(Vec::<String>::new()).await,
        Err(Error::InvalidArgument(_))
    ));
}

#[tokio::test]
async fn signed_urls_read_download_transform_and_many() {
    let (fake, client) = with_bucket(false).await;
    let b = client.storage().from_("b");
    let key = "dir/my file ;1?.png";
    b.upload(key, "PNG", FileOptions::new().content_type("image/png"))
        .await
        .unwrap();

    let s = b
        .create_signed_url(key, 60, UrlOptions::new())
        .await
        .unwrap();
    assert_eq!(s.path, key);
    let req = fake.last_request();
    assert_eq!(
        req.path,
        "/storage/v1/object/sign/b/dir/my%20file%20%3B1%3F.png"
    );
    assert_eq!(req.json.clone().unwrap(), json!({"expiresIn":60}));
    assert!(s.signed_url.starts_with(&format!(
        "{}/storage/v1/object/sign/b/dir/my%20file%20%3B1%3F.png?token=",
        fake.project_url()
    )));
    // Read it without any credentials.
    let r = reqwest::get(&s.signed_url).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(&r.bytes().await.unwrap()[..], b"PNG");

    // download: appended with `&` after the token.
    let s = b
        .create_signed_url(key, 60, UrlOptions::new().download_as("my pic.png"))
        .await
        .unwrap();
    assert!(
        s.signed_url.ends_with("&download=my+pic.png"),
        "{}",
        s.signed_url
    );
    let r = reqwest::get(&s.signed_url).await.unwrap();
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"my pic.png\""
    );
    let s = b
        .create_signed_url(key, 60, UrlOptions::new().download(true).cache_nonce("n1"))
        .await
        .unwrap();
    assert!(
        s.signed_url.ends_with("&download=&cacheNonce=n1"),
        "{}",
        s.signed_url
    );
    assert_eq!(reqwest::get(&s.signed_url).await.unwrap().status(), 200);

    // Transformed: /render/image/sign/ and the transform in the body.
    let t = TransformOptions::new()
        .width(100)
        .height(50)
        .resize(Resize::Contain)
        .format(ImageFormat::Origin)
        .quality(80);
    let s = b
        .create_signed_url(key, 120, UrlOptions::new().transform(t))
        .await
        .unwrap();
    assert_eq!(
        fake.last_request().json.unwrap(),
        json!({"expiresIn":120,"transform":{"width":100,"height":50,"resize":"contain","format":"origin","quality":80}})
    );
    assert!(
        s.signed_url.contains("/storage/v1/render/image/sign/b/"),
        "{}",
        s.signed_url
    );
    let r = reqwest::get(&s.signed_url).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-fake-transform"));

    let missing = storage_err(
        b.create_signed_url("nope.png", 60, UrlOptions::new())
            .await
            .unwrap_err(),
    );
    assert_eq!(missing.status_code, "404");

    // Many at once: a missing one comes back with its error.
    let many = b
        .create_signed_urls([key, "nope.png"], 30, UrlOptions::new().download(true))
        .await
        .unwrap();
    assert_eq!(
        fake.last_request().json.unwrap(),
        json!({"expiresIn":30,"paths":[key,"nope.png"]})
    );
    assert_eq!(many.len(), 2);
    let ok = many[0].signed_url.as_deref().unwrap();
    assert!(ok.ends_with("&download="));
    assert_eq!(
        &reqwest::get(ok).await.unwrap().bytes().await.unwrap()[..],
        b"PNG"
    );
    assert!(many[1].signed_url.is_none());
    assert!(many[1].error.is_some());
    assert_eq!(many[1].path.as_deref(), Some("nope.png"));
    assert!(matches!(
        b.create_signed_urls(
            [key],
            30,
            UrlOptions::new().transform(TransformOptions::new().width(1))
        )
        .await,
        Err(Error::InvalidArgument(_))
    ));
}

#[tokio::test]
async fn signed_upload_url_and_upload_to_it() {
    let (fake, client) = with_bucket(false).await;
    let b = client.storage().from_("b");
    let s = b
        .create_signed_upload_url("/in/a b.csv", SignedUploadOptions::new())
        .await
        .unwrap();
    let req = fake.last_request();
    assert_eq!(req.path, "/storage/v1/object/upload/sign/b/in/a%20b.csv");
    assert_eq!(req.json.clone().unwrap(), json!({}));
    assert_eq!(req.header("x-upsert"), None);
    assert_eq!(s.path, "in/a b.csv");
    assert!(s.signed_url.ends_with(&format!(
        "/storage/v1/object/upload/sign/b/in/a%20b.csv?token={}",
        s.token
    )));

    let r = b
        .upload_to_signed_url(
            &s.path,
            &s.token,
            "x,y",
            FileOptions::new().content_type("text/csv"),
        )
        .await
        .unwrap();
    assert_eq!(
        (r.path.as_str(), r.full_path.as_str(), r.id.as_deref()),
        ("in/a b.csv", "b/in/a b.csv", None)
    );
    let req = fake.last_request();
    assert_eq!(req.method, "PUT");
    assert_eq!(req.query.as_deref(), Some(&*format!("token={}", s.token)));
    assert_eq!(req.header("x-upsert"), Some("false"));
    assert_eq!(req.header("content-type"), Some("text/csv"));
    assert_eq!(&fake.object_bytes("b", "in/a b.csv").unwrap()[..], b"x,y");

    // Without upsert the second upload is a duplicate; an upsert URL replaces.
    let again = storage_err(
        b.upload_to_signed_url(&s.path, &s.token, "2", FileOptions::new())
            .await
            .unwrap_err(),
    );
    assert_eq!(again.status_code, "409");
    let s2 = b
        .create_signed_upload_url("in/a b.csv", SignedUploadOptions::new().upsert(true))
        .await
        .unwrap();
    assert_eq!(fake.last_request().header("x-upsert"), Some("true"));
    b.upload_to_signed_url(&s2.path, &s2.token, "3", FileOptions::new())
        .await
        .unwrap();
    assert_eq!(&fake.object_bytes("b", "in/a b.csv").unwrap()[..], b"3");
    let bad = storage_err(
        b.upload_to_signed_url("in/a b.csv", "forged", "4", FileOptions::new())
            .await
            .unwrap_err(),
    );
    assert_eq!(bad.code.as_deref(), Some("InvalidSignature"));
}

#[tokio::test]
async fn public_urls_and_transformed_downloads() {
    let (fake, client) = with_bucket(true).await;
    let b = client.storage().from_("b");
    b.upload(
        "img/cat.png",
        "CAT",
        FileOptions::new().content_type("image/png"),
    )
    .await
    .unwrap();
    let base = format!("{}/storage/v1", fake.project_url());

    let url = b.get_public_url("/img/cat.png", UrlOptions::new()).unwrap();
    assert_eq!(url, format!("{base}/object/public/b/img/cat.png"));
    assert_eq!(
        &reqwest::get(&url).await.unwrap().bytes().await.unwrap()[..],
        b"CAT"
    );

    let t = TransformOptions::new()
        .width(10)
        .height(20)
        .resize(Resize::Cover)
        .format(ImageFormat::Origin)
        .quality(90);
    let url = b
        .get_public_url(
            "img/cat.png",
            UrlOptions::new()
                .download_as("c.png")
                .transform(t.clone())
                .cache_nonce("9"),
        )
        .unwrap();
    assert_eq!(
        url,
        format!("{base}/render/image/public/b/img/cat.png?download=c.png&width=10&height=20&resize=cover&format=origin&quality=90&cacheNonce=9")
    );
    let r = reqwest::get(&url).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-fake-transform"));
    // A transformation of zeros is no transformation.
    assert_eq!(
        b.get_public_url(
            "img/cat.png",
            UrlOptions::new().transform(TransformOptions::new().width(0))
        )
        .unwrap(),
        format!("{base}/object/public/b/img/cat.png")
    );

    let small = b
        .download(
            "img/cat.png",
            DownloadOptions::new().transform(t).cache_nonce("7"),
        )
        .await
        .unwrap();
    assert_eq!(&small[..], b"CAT");
    let req = fake.last_request();
    assert_eq!(
        req.path,
        "/storage/v1/render/image/authenticated/b/img/cat.png"
    );
    assert_eq!(
        req.query.as_deref(),
        Some("width=10&height=20&resize=cover&format=origin&quality=90&cacheNonce=7")
    );
    b.download("img/cat.png", DownloadOptions::new().cache_nonce("8"))
        .await
        .unwrap();
    let req = fake.last_request();
    assert_eq!(
        (req.path.as_str(), req.query.as_deref()),
        ("/storage/v1/object/b/img/cat.png", Some("cacheNonce=8"))
    );

    let e = storage_err(
        b.download("img/dog.png", DownloadOptions::new())
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (e.status, e.status_code.as_str(), e.code.as_deref()),
        (400, "404", Some("NoSuchKey"))
    );
    assert_eq!(e.message, "Object not found");
}

#[tokio::test]
async fn errors_are_kept_whole() {
    let (fake, client) = setup().await;
    let storage = client.storage();
    let e = storage_err(storage.get_bucket("proxy-502").await.unwrap_err());
    assert_eq!(
        (e.status, e.status_code.as_str(), e.code),
        (502, "502", None)
    );
    assert_eq!(e.body, "<html><body>Bad Gateway</body></html>");
    let e = storage.get_bucket("bad-json").await.unwrap_err();
    assert!(e.is_decode());
    assert_eq!((e.status(), e.raw_body()), (Some(200), Some("{not json")));

    // Wrong apikey: the gateway's 401, message kept.
    let wrong = Client::new(fake.project_url(), "other-key").unwrap();
    let e = storage_err(wrong.storage().list_buckets().await.unwrap_err());
    assert_eq!((e.status, e.message.as_str()), (401, "Invalid API key"));

    // Nothing listening: a network error.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let gone = Client::new(format!("http://127.0.0.1:{port}"), KEY).unwrap();
    let e = gone.storage().list_buckets().await.unwrap_err();
    assert!(e.is_network(), "{e:?}");

    // Both shapes of `info` decode.
    let camel: FileObjectInfo = serde_json::from_value(json!({"id":"1","name":"n","bucketId":"b","contentType":"t","cacheControl":"c","lastModified":"l","createdAt":"c"})).unwrap();
    assert_eq!(
        (camel.bucket_id.as_deref(), camel.content_type.as_deref()),
        (Some("b"), Some("t"))
    );
}

/// 64 MiB generated, streamed up through an `AsyncRead` and down as a `Stream`, hashed on
/// both sides; the fake hashes as it streams too and keeps none of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_64_mib_both_ways_with_matching_hashes() {
    const LEN: u64 = 64 * 1024 * 1024;
    let (fake, client) = with_bucket(false).await;
    let b = client.storage().from_("b");
    let rss_before = vm_hwm_kib();

    let client_hash = std::sync::Arc::new(std::sync::Mutex::new(Sha256::new()));
    let h = std::sync::Arc::clone(&client_hash);
    let source = pattern_stream(LEN, 100_003).map(move |chunk| {
        if let Ok(c) = &chunk {
            h.lock().unwrap().update(c);
        }
        chunk
    });
    let reader = tokio_util::io::StreamReader::new(source);
    b.upload(
        "big.bin",
        UploadBody::reader(reader),
        FileOptions::new().content_type("application/octet-stream"),
    )
    .await
    .unwrap();
    let sent = hex(&client_hash.lock().unwrap().clone().finalize());
    let expected = pattern_sha256(LEN);
    assert_eq!(sent, expected);
    let up = fake.uploads().pop().unwrap();
    assert_eq!(
        (up.key.as_str(), up.len, up.sha256.as_str()),
        ("b/big.bin", LEN, expected.as_str())
    );
    assert!(
        fake.object_bytes("b", "big.bin").is_none(),
        "the fake must not keep 64 MiB"
    );

    let mut stream = b
        .download_stream("big.bin", DownloadOptions::new())
        .await
        .unwrap();
    assert_eq!(stream.content_length(), Some(LEN));
    let mut hasher = Sha256::new();
    let mut got = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        got += chunk.len() as u64;
        hasher.update(&chunk);
    }
    assert_eq!(got, LEN);
    assert_eq!(hex(&hasher.finalize()), expected);
    let down = fake.downloads().pop().unwrap();
    assert_eq!((down.len, down.sha256.as_str()), (LEN, expected.as_str()));

    // Also as an AsyncRead.
    let s = b
        .download_stream("big.bin", DownloadOptions::new())
        .await
        .unwrap();
    let n = tokio::io::copy(&mut s.into_async_read(), &mut tokio::io::sink())
        .await
        .unwrap();
    assert_eq!(n, LEN);

    if let (Some(before), Some(after)) = (rss_before, vm_hwm_kib()) {
        let grown_mib = (after.saturating_sub(before)) / 1024;
        println!("peak RSS grew by {grown_mib} MiB while moving 3 x 64 MiB");
        assert!(
            grown_mib < 64,
            "peak RSS grew by {grown_mib} MiB: something buffered the body"
        );
    }
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test]
async fn upload_and_download_report_progress() {
    use std::sync::{Arc, Mutex};
    use supabase_core::storage::{Progress, TransferProgress};

    let (fake, client) = with_bucket(false).await;
    let b = client.storage().from_("b");
    let recorder = || {
        let seen: Arc<Mutex<Vec<TransferProgress>>> = Arc::default();
        let s = Arc::clone(&seen);
        (seen, Progress::new(move |p| s.lock().unwrap().push(p)))
    };
    let check = |seen: &Mutex<Vec<TransferProgress>>, len: u64, total: Option<u64>| {
        let seen = seen.lock().unwrap();
        assert!(seen.len() > 1, "{seen:?}");
        assert!(seen.windows(2).all(|w| w[0].transferred < w[1].transferred));
        assert_eq!(seen.last().unwrap().transferred, len);
        assert!(seen.iter().all(|p| p.total == total));
    };

    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let (seen, progress) = recorder();
    b.upload(
        "p.bin",
        data.clone(),
        FileOptions::new().on_progress(progress),
    )
    .await
    .unwrap();
    check(&seen, 300_000, Some(300_000));
    assert_eq!(fake.last_request().header("content-length"), Some("300000"));
    assert_eq!(&fake.object_bytes("b", "p.bin").unwrap()[..], &data[..]);

    // A stream of unknown length: the total is unknown.
    let (seen, progress) = recorder();
    b.upload(
        "s.bin",
        UploadBody::stream(pattern_stream(200_000, 10_000)),
        FileOptions::new().on_progress(progress),
    )
    .await
    .unwrap();
    check(&seen, 200_000, None);

    let (seen, progress) = recorder();
    let got = b
        .download("p.bin", DownloadOptions::new().on_progress(progress))
        .await
        .unwrap();
    assert_eq!(&got[..], &data[..]);
    check(&seen, 300_000, Some(300_000));

    let (seen, progress) = recorder();
    let mut stream = b
        .download_stream("p.bin", DownloadOptions::new().on_progress(progress))
        .await
        .unwrap();
    let mut n = 0;
    while let Some(piece) = stream.next().await {
        n += piece.unwrap().len();
    }
    assert_eq!(n, 300_000);
    check(&seen, 300_000, Some(300_000));
}

#[tokio::test]
async fn list_v2_pages_sorts_and_groups_by_delimiter() {
    use supabase_core::storage::{ListV2Options, ListV2SortColumn};

    let (fake, client) = with_bucket(false).await;
    let b = client.storage().from_("b");
    for key in [
        "a/1.txt",
        "a/2.txt",
        "a/sub/3.txt",
        "b.txt",
        "c;d/4.txt",
        "z.txt",
    ] {
        b.upload(key, key, FileOptions::new()).await.unwrap();
    }

    // Flat, two per page, following the cursor.
    let mut options = ListV2Options::new().limit(2);
    let mut names = Vec::new();
    let mut pages = 0;
    loop {
        let page = b.list_v2(options.clone()).await.unwrap();
        pages += 1;
        assert!(page.folders.is_empty());
        names.extend(page.objects.iter().map(|o| o.name.clone()));
        match page.next_cursor {
            Some(c) if page.has_next => options = options.cursor(c),
            _ => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(
        names,
        [
            "a/1.txt",
            "a/2.txt",
            "a/sub/3.txt",
            "b.txt",
            "c;d/4.txt",
            "z.txt"
        ]
    );
    let req = fake.last_request();
    assert_eq!(req.path, "/storage/v1/object/list-v2/b");
    let json = req.json.clone().unwrap();
    assert_eq!(json["limit"], 2);
    assert!(json["cursor"].is_string());
    assert_eq!(
        json.as_object().unwrap().len(),
        2,
        "only what is set: {json}"
    );

    // Delimited at the root: folders then objects, by name.
    let page = b
        .list_v2(ListV2Options::new().with_delimiter(true))
        .await
        .unwrap();
    let folders: Vec<&str> = page.folders.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(folders, ["a/", "c;d/"]);
    let objects: Vec<&str> = page.objects.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(objects, ["b.txt", "z.txt"]);
    assert!(!page.has_next);
    assert_eq!(page.objects[0].metadata.as_ref().unwrap().size, Some(5));
    assert_eq!(
        fake.last_request().json.unwrap(),
        json!({"with_delimiter": true})
    );

    // Inside a folder, newest first.
    let page = b
        .list_v2(
            ListV2Options::new()
                .prefix("a/")
                .with_delimiter(true)
                .sort_by(ListV2SortColumn::UpdatedAt, SortOrder::Desc),
        )
        .await
        .unwrap();
    let objects: Vec<&str> = page.objects.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(objects, ["a/2.txt", "a/1.txt"]);
    assert_eq!(page.folders[0].name, "a/sub/");
    assert_eq!(
        fake.last_request().json.unwrap(),
        json!({"prefix": "a/", "with_delimiter": true,
               "sortBy": {"column": "updated_at", "order": "desc"}})
    );

    // The server's validation answers like the server.
    let e = storage_err(b.list_v2(ListV2Options::new().limit(0)).await.unwrap_err());
    assert_eq!(e.status, 400);
}

#[tokio::test]
async fn purge_cache_of_one_object() {
    let (fake, client) = with_bucket(true).await;
    let b = client.storage().from_("b");
    let r = b.purge_cache("/dir/my file;1.png", false).await.unwrap();
    assert_eq!(r.message, "success");
    let req = fake.last_request();
    assert_eq!(req.method, "DELETE");
    assert_eq!(req.path, "/storage/v1/cdn/b/dir/my%20file%3B1.png");
    assert_eq!(req.query, None);
    assert_eq!(req.json.clone().unwrap(), json!({}));
    b.purge_cache("a.png", true).await.unwrap();
    assert_eq!(
        fake.last_request().query.as_deref(),
        Some("transformations=true")
    );
    let before = fake.request_count();
    assert!(matches!(
        b.purge_cache("a#b.png", false).await,
        Err(Error::InvalidArgument(_))
    ));
    assert_eq!(fake.request_count(), before);
    let e = storage_err(
        client
            .storage()
            .from_("nope")
            .purge_cache("a.png", false)
            .await
            .unwrap_err(),
    );
    assert_eq!(e.status_code, "404");
}

#[tokio::test]
async fn vector_buckets_indexes_and_vectors() {
    use supabase_core::storage::{
        CreateIndexOptions, CreationTime, DistanceMetric, ListVectorsOptions, QueryVectorsOptions,
        VectorData, VectorListOptions, VectorObject,
    };

    let (fake, client) = setup().await;
    let vectors = client.storage().vectors();
    vectors.create_bucket("embeddings").await.unwrap();
    let req = fake.last_request();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/storage/v1/vector/CreateVectorBucket")
    );
    assert_eq!(req.json.unwrap(), json!({"vectorBucketName": "embeddings"}));
    let dup = storage_err(vectors.create_bucket("embeddings").await.unwrap_err());
    assert_eq!(
        (dup.status, dup.code.as_deref()),
        (409, Some("ConflictException"))
    );
    vectors.create_bucket("archive").await.unwrap();

    let b = vectors.get_bucket("embeddings").await.unwrap();
    assert_eq!(b.vector_bucket_name, "embeddings");
    assert!(matches!(b.creation_time, Some(CreationTime::Seconds(_))));
    let page = vectors
        .list_buckets(VectorListOptions::new().max_results(1))
        .await
        .unwrap();
    assert_eq!(page.vector_buckets[0].vector_bucket_name, "archive");
    let token = page.next_token.clone().unwrap();
    assert_eq!(fake.last_request().json.unwrap(), json!({"maxResults": 1}));
    let page = vectors
        .list_buckets(VectorListOptions::new().next_token(token))
        .await
        .unwrap();
    assert_eq!(page.vector_buckets[0].vector_bucket_name, "embeddings");
    assert!(page.next_token.is_none());

    let bucket = vectors.from_("embeddings");
    bucket
        .create_index(
            CreateIndexOptions::new("docs", 3, DistanceMetric::Cosine)
                .non_filterable_metadata_keys(["body"]),
        )
        .await
        .unwrap();
    assert_eq!(
        fake.last_request().json.unwrap(),
        json!({"vectorBucketName": "embeddings", "indexName": "docs", "dataType": "float32",
               "dimension": 3, "distanceMetric": "cosine",
               "metadataConfiguration": {"nonFilterableMetadataKeys": ["body"]}})
    );
    // The server's schema refuses a bad index name (uppercase) and a dimension of 0.
    assert_eq!(
        storage_err(
            bucket
                .create_index(CreateIndexOptions::new("Docs", 3, DistanceMetric::Cosine))
                .await
                .unwrap_err()
        )
        .status,
        400
    );
    assert_eq!(
        storage_err(
            bucket
                .create_index(CreateIndexOptions::new("zero", 0, DistanceMetric::Cosine))
                .await
                .unwrap_err()
        )
        .status,
        400
    );
    let index = bucket.get_index("docs").await.unwrap();
    assert_eq!(
        (index.dimension, index.distance_metric),
        (3, DistanceMetric::Cosine)
    );
    assert!(matches!(index.creation_time, Some(CreationTime::Text(_))));
    let listed = bucket.list_indexes(VectorListOptions::new()).await.unwrap();
    assert_eq!(listed.indexes[0].index_name, "docs");

    let docs = bucket.index("docs");
    docs.put_vectors(vec![
        VectorObject::new("a", VectorData::float32([1.0, 0.0, 0.0]))
            .metadata(json!({"lang": "en", "year": 2020, "body": "x"})),
        VectorObject::new("b", VectorData::float32([0.9, 0.1, 0.0]))
            .metadata(json!({"lang": "fr", "year": 2024})),
        VectorObject::new("c", VectorData::float32([0.0, 1.0, 0.0]))
            .metadata(json!({"lang": "en", "year": 2024})),
    ])
    .await
    .unwrap();
    assert_eq!(
        fake.last_request().json.unwrap()["vectors"][0],
        json!({"key": "a", "data": {"float32": [1.0, 0.0, 0.0]},
               "metadata": {"lang": "en", "year": 2020, "body": "x"}})
    );
    // A vector of the wrong dimension is refused.
    assert!(docs
        .put_vectors(vec![VectorObject::new("d", VectorData::float32([1.0]))])
        .await
        .is_err());

    let got = docs.get_vectors(["a", "zz"], true, true).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].data.as_ref().unwrap().float32, vec![1.0, 0.0, 0.0]);
    assert_eq!(got[0].metadata.as_ref().unwrap()["lang"], "en");

    let page = docs
        .list_vectors(ListVectorsOptions::new().max_results(2))
        .await
        .unwrap();
    assert_eq!(page.vectors.len(), 2);
    assert!(page.vectors[0].data.is_none());
    let rest = docs
        .list_vectors(ListVectorsOptions::new().next_token(page.next_token.unwrap()))
        .await
        .unwrap();
    assert_eq!(rest.vectors[0].key, "c");

    let r = docs
        .query_vectors(
            QueryVectorsOptions::new(VectorData::float32([1.0, 0.0, 0.0]), 2)
                .return_distance(true)
                .return_metadata(true),
        )
        .await
        .unwrap();
    let keys: Vec<&str> = r.vectors.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["a", "b"]);
    assert!(r.vectors[0].distance.unwrap() < 1e-9);
    assert_eq!(r.distance_metric, Some(DistanceMetric::Cosine));
    let r = docs
        .query_vectors(
            QueryVectorsOptions::new(VectorData::float32([1.0, 0.0, 0.0]), 5)
                .filter(json!({"$and": [{"lang": "en"}, {"year": {"$gte": 2021}}]})),
        )
        .await
        .unwrap();
    let keys: Vec<&str> = r.vectors.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["c"]);
    assert!(r.vectors[0].distance.is_none());
    // A filter the schema refuses.
    assert!(docs
        .query_vectors(
            QueryVectorsOptions::new(VectorData::float32([1.0, 0.0, 0.0]), 1)
                .filter(json!({"year": {"$near": 1}}))
        )
        .await
        .is_err());

    docs.delete_vectors(["a", "b"]).await.unwrap();
    assert_eq!(
        fake.last_request().json.unwrap(),
        json!({"vectorBucketName": "embeddings", "indexName": "docs", "keys": ["a", "b"]})
    );
    let left = docs.list_vectors(ListVectorsOptions::new()).await.unwrap();
    assert_eq!(left.vectors.len(), 1);

    let not_empty = storage_err(vectors.delete_bucket("embeddings").await.unwrap_err());
    assert_eq!(not_empty.code.as_deref(), Some("VectorBucketNotEmpty"));
    bucket.delete_index("docs").await.unwrap();
    let gone = storage_err(bucket.get_index("docs").await.unwrap_err());
    assert_eq!(
        (gone.status, gone.code.as_deref()),
        (404, Some("NotFoundException"))
    );
    vectors.delete_bucket("embeddings").await.unwrap();
}

#[tokio::test]
async fn analytics_buckets_create_list_delete() {
    use supabase_core::storage::AnalyticsListOptions;

    let (fake, client) = setup().await;
    let analytics = client.storage().analytics();
    let b = analytics.create_bucket("events").await.unwrap();
    assert_eq!(b.name, "events");
    assert!(b.created_at.is_some());
    let req = fake.last_request();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/storage/v1/iceberg/bucket")
    );
    assert_eq!(req.json.unwrap(), json!({"name": "events"}));
    analytics.create_bucket("clicks").await.unwrap();

    let dup = storage_err(analytics.create_bucket("events").await.unwrap_err());
    assert_eq!(dup.status, 409);
    assert_eq!(dup.message, "The resource already exists");
    assert_eq!(dup.code.as_deref(), Some("BucketAlreadyExists"));
    assert_eq!(dup.status_code, "409");

    let all = analytics
        .list_buckets(
            AnalyticsListOptions::new()
                .limit(10)
                .sort(BucketSortColumn::CreatedAt, SortOrder::Desc),
        )
        .await
        .unwrap();
    let names: Vec<&str> = all.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["clicks", "events"]);
    assert_eq!(
        fake.last_request().query.as_deref(),
        Some("limit=10&sortColumn=created_at&sortOrder=desc")
    );
    let found = analytics
        .list_buckets(AnalyticsListOptions::new().search("ev"))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);

    let r = analytics.delete_bucket("events").await.unwrap();
    assert_eq!(r.message, "Successfully deleted");
    let req = fake.last_request();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("DELETE", "/storage/v1/iceberg/bucket/events")
    );
    let missing = storage_err(analytics.delete_bucket("events").await.unwrap_err());
    assert_eq!(
        (missing.status, missing.message.as_str()),
        (404, "Bucket not found")
    );
}
