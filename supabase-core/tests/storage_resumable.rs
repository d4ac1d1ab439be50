//! Resumable uploads against the real TUS server Supabase Storage runs (`@tus/server` with
//! `@tus/file-store` from tools/node, in its own node process, set up as Storage sets it up:
//! `storage_support/tus.rs`), including a connection cut mid-chunk by a loopback proxy and a
//! client "restart" that resumes from the stored upload URL.

#![cfg(feature = "storage")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod storage_support;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use sha2::{Digest, Sha256};
use supabase_core::storage::{
    PauseHandle, Progress, ResumableOptions, ResumableSource, RESUMABLE_CHUNK_SIZE,
};
use supabase_core::{Client, Error};

use storage_support::tus::{CutProxy, TusServer};
use storage_support::{hex, pattern_chunk};

const KEY: &str = "service-key";
const MIB: u64 = 1024 * 1024;

/// A temp file of `len` pattern bytes and its SHA-256.
fn pattern_file(name: &str, len: u64) -> (PathBuf, String) {
    let path = std::env::temp_dir().join(format!(
        "supabase-core-resumable-{}-{name}",
        std::process::id()
    ));
    let mut data = Vec::with_capacity(len as usize);
    while (data.len() as u64) < len {
        let c = pattern_chunk(
            data.len() as u64,
            (len - data.len() as u64).min(1 << 16) as usize,
        );
        data.extend_from_slice(&c);
    }
    std::fs::write(&path, &data).unwrap();
    (path, hex(&Sha256::digest(&data)))
}

fn client(url: &str) -> Client {
    Client::new(url, KEY).unwrap()
}

fn decode_metadata(header: &str) -> Vec<(String, String)> {
    header
        .split(',')
        .map(|pair| {
            let (k, v) = pair.split_once(' ').unwrap_or((pair, ""));
            let v = base64::engine::general_purpose::STANDARD.decode(v).unwrap();
            (k.to_owned(), String::from_utf8(v).unwrap())
        })
        .collect()
}

#[tokio::test]
async fn uploads_in_6_mib_chunks_with_supabase_headers_and_progress() {
    let tus = TusServer::start(KEY, true).await;
    let len = 2 * RESUMABLE_CHUNK_SIZE + 123_457;
    let (file, sha) = pattern_file("chunks.bin", len);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = Arc::clone(&seen);
    let done = client(&tus.project_url())
        .storage()
        .from_("videos")
        .upload_resumable(
            "day 1/clip;a?.mp4",
            ResumableSource::file(&file),
            ResumableOptions::new()
                .content_type("video/mp4")
                .cache_control(60)
                .metadata(serde_json::json!({"camera": "front"}))
                .on_progress(Progress::new(move |p| s.lock().unwrap().push(p))),
        )
        .await
        .unwrap();
    assert_eq!(done.path, "day 1/clip;a?.mp4");
    assert_eq!(done.full_path, "videos/day 1/clip;a?.mp4");
    assert_eq!(done.size, len);
    assert!(done.upload_url.starts_with(&format!(
        "{}/storage/v1/upload/resumable/",
        tus.project_url()
    )));

    let stored = tus
        .object("videos", "day 1/clip;a?.mp4")
        .await
        .expect("stored");
    assert_eq!(stored["size"], len);
    assert_eq!(stored["sha256"], sha);
    assert_eq!(stored["contentType"], "video/mp4");
    assert_eq!(stored["cacheControl"], "max-age=60");
    assert_eq!(stored["metadata"], serde_json::json!({"camera": "front"}));

    let log = tus.log().await;
    let methods: Vec<&str> = log.iter().map(|r| r["method"].as_str().unwrap()).collect();
    assert_eq!(methods, ["POST", "PATCH", "PATCH", "PATCH"]);
    let post = &log[0]["headers"];
    assert_eq!(log[0]["url"], "/storage/v1/upload/resumable");
    assert_eq!(post["tus-resumable"], "1.0.0");
    assert_eq!(post["upload-length"], len.to_string());
    assert_eq!(post["x-upsert"], "false");
    assert_eq!(post["apikey"], KEY);
    assert_eq!(post["authorization"], format!("Bearer {KEY}"));
    assert_eq!(
        decode_metadata(post["upload-metadata"].as_str().unwrap()),
        [
            ("bucketName".to_owned(), "videos".to_owned()),
            ("objectName".to_owned(), "day 1/clip;a?.mp4".to_owned()),
            ("contentType".to_owned(), "video/mp4".to_owned()),
            ("cacheControl".to_owned(), "60".to_owned()),
            ("metadata".to_owned(), r#"{"camera":"front"}"#.to_owned()),
        ]
    );
    let offsets: Vec<(String, String)> = log[1..]
        .iter()
        .map(|r| {
            let h = &r["headers"];
            assert_eq!(h["content-type"], "application/offset+octet-stream");
            assert_eq!(h["tus-resumable"], "1.0.0");
            assert_eq!(h["x-upsert"], "false");
            (
                h["upload-offset"].as_str().unwrap().to_owned(),
                h["content-length"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let c = RESUMABLE_CHUNK_SIZE;
    assert_eq!(
        offsets,
        [
            ("0".to_owned(), c.to_string()),
            (c.to_string(), c.to_string()),
            ((2 * c).to_string(), 123_457.to_string()),
        ]
    );

    let seen = seen.lock().unwrap();
    assert!(seen
        .windows(2)
        .all(|w| w[0].transferred <= w[1].transferred));
    assert_eq!(seen.last().unwrap().transferred, len);
    assert!(seen.iter().all(|p| p.total == Some(len)));
    assert!(
        seen.len() > 3,
        "progress comes during chunks, not only after them"
    );
    std::fs::remove_file(file).ok();
}

#[tokio::test]
async fn upsert_is_sent_and_checked_and_bad_keys_never_leave() {
    let tus = TusServer::start(KEY, true).await;
    let b = client(&tus.project_url()).storage().from_("docs");
    b.upload_resumable("a.txt", "first", ResumableOptions::new())
        .await
        .unwrap();
    let e = b
        .upload_resumable("a.txt", "second", ResumableOptions::new())
        .await
        .unwrap_err();
    match e {
        Error::Storage(s) => {
            assert_eq!(s.status, 409);
            assert!(s.message.contains("already exists"), "{s:?}");
        }
        other => panic!("{other:?}"),
    }
    let done = b
        .upload_resumable("a.txt", "second!", ResumableOptions::new().upsert(true))
        .await
        .unwrap();
    assert_eq!(done.size, 7);
    let stored = tus.object("docs", "a.txt").await.unwrap();
    assert_eq!(stored["size"], 7);
    assert_eq!(stored["contentType"], "text/plain;charset=UTF-8");
    assert_eq!(stored["cacheControl"], "max-age=3600");

    let before = tus.log().await.len();
    let e = b
        .upload_resumable("a#b.txt", "x", ResumableOptions::new())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::InvalidArgument(m) if m.contains("`#`")),
        "{e:?}"
    );
    assert!(matches!(
        b.upload_resumable("x", "y", ResumableOptions::new().chunk_size(0))
            .await,
        Err(Error::InvalidArgument(_))
    ));
    assert_eq!(tus.log().await.len(), before);
}

#[tokio::test]
async fn a_connection_cut_mid_chunk_resumes_from_the_server_offset() {
    let tus = TusServer::start(KEY, true).await;
    let proxy = CutProxy::start(tus.addr).await;
    let len = 2 * RESUMABLE_CHUNK_SIZE + 1000;
    let (file, sha) = pattern_file("cut.bin", len);
    // Cut 1 MiB into the second chunk (the POST and first PATCH headers are small).
    proxy.cut_after(RESUMABLE_CHUNK_SIZE + MIB);
    let done = client(&format!("http://{}", proxy.addr))
        .storage()
        .from_("big")
        .upload_resumable(
            "cut.bin",
            ResumableSource::file(&file),
            ResumableOptions::new().retry_delay(Duration::from_millis(50)),
        )
        .await
        .unwrap();
    assert_eq!(proxy.cuts(), 1);
    assert_eq!(done.size, len);
    let stored = tus.object("big", "cut.bin").await.unwrap();
    assert_eq!(stored["sha256"], sha);
    let log = tus.log().await;
    let methods: Vec<&str> = log.iter().map(|r| r["method"].as_str().unwrap()).collect();
    let head = methods
        .iter()
        .position(|m| *m == "HEAD")
        .expect("a HEAD after the cut");
    assert_eq!(&methods[..head], ["POST", "PATCH", "PATCH"]);
    // After the HEAD, PATCHes go on from the offset the server reported (a multiple of
    // nothing in particular: what it had written when the connection dropped).
    let resumed_at: u64 = log[head + 1]["headers"]["upload-offset"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((RESUMABLE_CHUNK_SIZE..2 * RESUMABLE_CHUNK_SIZE).contains(&resumed_at));
    std::fs::remove_file(file).ok();
}

#[tokio::test]
async fn retries_zero_gives_up_on_the_first_cut() {
    let tus = TusServer::start(KEY, false).await;
    let proxy = CutProxy::start(tus.addr).await;
    proxy.cut_after(MIB);
    let e = client(&format!("http://{}", proxy.addr))
        .storage()
        .from_("big")
        .upload_resumable(
            "x.bin",
            vec![7u8; 3 * MIB as usize],
            ResumableOptions::new().retries(0),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Network(_)), "{e:?}");
}

#[tokio::test]
async fn a_restarted_client_resumes_from_the_stored_upload_url() {
    let tus = TusServer::start(KEY, true).await;
    let len = 3 * MIB + 17;
    let (file, sha) = pattern_file("restart.bin", len);
    let options = || ResumableOptions::new().chunk_size(MIB);

    // First "process": one chunk, then it stops, leaving only the URL behind.
    let stored_url = {
        let first = client(&tus.project_url());
        let mut upload = first
            .storage()
            .from_("bak")
            .resumable_upload("db.dump", ResumableSource::file(&file), options())
            .await
            .unwrap();
        assert!(!upload.send_chunk().await.unwrap());
        assert_eq!(upload.offset(), MIB);
        upload.url().to_owned()
    };
    assert!(tus.object("bak", "db.dump").await.is_none());

    // Second "process": a new client resumes from the server's offset.
    let second = client(&tus.project_url());
    let upload = second
        .storage()
        .from_("bak")
        .resumable_upload(
            "db.dump",
            ResumableSource::file(&file),
            options().upload_url(&stored_url),
        )
        .await
        .unwrap();
    assert_eq!(upload.offset(), MIB);
    let done = upload.finish().await.unwrap();
    assert_eq!(done.upload_url, stored_url);
    assert_eq!(tus.object("bak", "db.dump").await.unwrap()["sha256"], sha);
    let methods: Vec<String> = tus
        .log()
        .await
        .iter()
        .map(|r| r["method"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        methods,
        ["POST", "PATCH", "HEAD", "PATCH", "PATCH", "PATCH"]
    );

    // A different source for the stored URL is refused.
    let e = second
        .storage()
        .from_("bak")
        .resumable_upload("db.dump", vec![0u8; 10], options().upload_url(&stored_url))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::InvalidArgument(m) if m.contains("not the same file")),
        "{e:?}"
    );
    std::fs::remove_file(file).ok();
}

#[tokio::test]
async fn pause_stops_between_chunks_and_resume_goes_on() {
    let tus = TusServer::start(KEY, true).await;
    let len = 4 * MIB;
    let (file, sha) = pattern_file("pause.bin", len);
    let pause = PauseHandle::new();
    let p = pause.clone();
    let last = Arc::new(AtomicU64::new(0));
    let l = Arc::clone(&last);
    let once = std::sync::atomic::AtomicBool::new(false);
    let options = ResumableOptions::new()
        .chunk_size(MIB)
        .pause_handle(pause.clone())
        .on_progress(Progress::new(move |pr| {
            l.store(pr.transferred, Ordering::SeqCst);
            if pr.transferred > MIB + MIB / 2 && !once.swap(true, Ordering::SeqCst) {
                p.pause();
            }
        }));
    let upload = client(&tus.project_url())
        .storage()
        .from_("p")
        .resumable_upload("a.bin", ResumableSource::file(&file), options)
        .await
        .unwrap();
    let task = tokio::spawn(upload.finish());
    // The chunk in flight (the second) completes, then nothing more is sent.
    let mut stable = 0;
    while stable < 5 {
        tokio::time::sleep(Duration::from_millis(40)).await;
        if last.load(Ordering::SeqCst) == 2 * MIB {
            stable += 1;
        }
    }
    assert!(pause.is_paused());
    assert!(!task.is_finished());
    let patches = |log: &[serde_json::Value]| log.iter().filter(|r| r["method"] == "PATCH").count();
    assert_eq!(patches(&tus.log().await), 2);
    pause.resume();
    let done = task.await.unwrap().unwrap();
    assert_eq!(done.size, len);
    assert_eq!(patches(&tus.log().await), 4);
    assert_eq!(tus.object("p", "a.bin").await.unwrap()["sha256"], sha);
    std::fs::remove_file(file).ok();
}
