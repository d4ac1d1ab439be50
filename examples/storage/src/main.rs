//! Uploads a file with progress, makes a signed URL for it and downloads it back with progress.
//! See README.md for how to run it.

use std::path::PathBuf;

use supabase_core::storage::{
    DownloadOptions, FileOptions, Progress, ResumableOptions, ResumableSource, UploadBody,
    UrlOptions,
};
use supabase_core::Client;

/// Above this size the upload is resumable (TUS), in Supabase's 6 MiB chunks.
const RESUMABLE_FROM: u64 = 6 * 1024 * 1024;

#[tokio::main]
async fn main() {
    if let Err(err) = run().await {
        eprintln!("storage example failed: {err}");
        std::process::exit(1);
    }
}

fn progress(what: &'static str) -> Progress {
    Progress::new(move |p| match p.fraction() {
        Some(f) => println!("  {what}: {:>5.1} % ({} bytes)", 100.0 * f, p.transferred),
        None => println!("  {what}: {} bytes", p.transferred),
    })
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("SUPABASE_URL")
        .map_err(|_| "set SUPABASE_URL (see examples/storage/README.md)")?;
    let key = std::env::var("SUPABASE_KEY")
        .map_err(|_| "set SUPABASE_KEY (see examples/storage/README.md)")?;
    let mut args = std::env::args().skip(1);
    let usage = "usage: example-storage <bucket> <local file> [<object key>]";
    let bucket = args.next().ok_or(usage)?;
    let file = PathBuf::from(args.next().ok_or(usage)?);
    let file_name = file
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("the local file needs a UTF-8 name")?
        .to_owned();
    let object = args
        .next()
        .unwrap_or_else(|| format!("examples/{file_name}"));

    let client = Client::new(&url, key)?;
    let bucket_api = client.storage().from_(&bucket);
    let size = tokio::fs::metadata(&file).await?.len();

    if size > RESUMABLE_FROM {
        println!("Uploading {file_name} ({size} bytes) to {bucket}/{object}, resumably:");
        let done = bucket_api
            .upload_resumable(
                &object,
                ResumableSource::file(&file),
                ResumableOptions::new()
                    .upsert(true)
                    .on_progress(progress("upload")),
            )
            .await?;
        println!("Stored {} ({} bytes).", done.full_path, done.size);
    } else {
        println!("Uploading {file_name} ({size} bytes) to {bucket}/{object}:");
        let done = bucket_api
            .upload(
                &object,
                UploadBody::file(&file),
                FileOptions::new()
                    .upsert(true)
                    .on_progress(progress("upload")),
            )
            .await?;
        println!("Stored {}.", done.full_path);
    }

    let signed = bucket_api
        .create_signed_url(&object, 60, UrlOptions::default())
        .await?;
    println!(
        "Anyone can download it for 60 seconds from:\n  {}",
        signed.signed_url
    );

    println!("Downloading it back:");
    let bytes = bucket_api
        .download(
            &object,
            DownloadOptions::new().on_progress(progress("download")),
        )
        .await?;
    let original = tokio::fs::read(&file).await?;
    if bytes.as_ref() == original.as_slice() {
        println!(
            "The {} bytes downloaded are the bytes uploaded.",
            bytes.len()
        );
        Ok(())
    } else {
        Err(format!(
            "the download ({} bytes) differs from the file ({} bytes)",
            bytes.len(),
            original.len()
        )
        .into())
    }
}
