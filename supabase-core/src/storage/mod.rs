//! Supabase Storage: buckets and objects (`client.storage()`).
//!
//! The wire format follows storage-js (fact sheet §3 and §6), with the method names of the
//! Python client: bucket calls on [`StorageClient`] (`create_bucket`, `get_bucket`,
//! `list_buckets`, `update_bucket`, `delete_bucket`, `empty_bucket`) and object calls on
//! [`StorageFileApi`] from [`StorageClient::from_`] (`upload`, `update`, `download`, `info`,
//! `exists`, `list`, `move_`, `copy`, `remove`, `create_signed_url`, `create_signed_urls`,
//! `create_signed_upload_url`, `upload_to_signed_url`, `get_public_url`).
//!
//! Where this client differs from storage-js on purpose:
//! - uploads are always raw bodies (never multipart), with `content-type`,
//!   `cache-control: max-age=N`, `x-upsert` and base64-JSON `x-metadata` headers; files,
//!   readers and streams are streamed, never read whole into memory;
//! - `?`, `;` and spaces in keys are percent-encoded in URLs (storage-js puts paths in raw,
//!   and a raw `;` or `?` cuts the key short on the server), and keys the server would refuse
//!   (other characters, `.`/`..` segments, empty) are refused before any request with an
//!   error naming the character.
//!
//! Errors: a non-2xx answer is [`Error::Storage`](crate::Error::Storage) with the whole body
//! kept; Storage usually answers HTTP 400 with the real status in the body
//! (`"statusCode":"404"`), see [`StorageError`].
//!
//! ```no_run
//! # async fn run() -> Result<(), supabase_core::Error> {
//! use supabase_core::Client;
//! use supabase_core::storage::{BucketOptions, DownloadOptions, FileOptions, SearchOptions, UrlOptions};
//!
//! let client = Client::new("https://xyz.supabase.co", "service-role-key")?;
//! let storage = client.storage();
//! storage.create_bucket("docs", BucketOptions::new().public(false)).await?;
//!
//! let docs = storage.from_("docs");
//! docs.upload("2024/report.txt", "hello", FileOptions::new().content_type("text/plain")).await?;
//! let text = docs.download("2024/report.txt", DownloadOptions::new()).await?;
//! assert_eq!(&text[..], b"hello");
//! let listing = docs.list("2024", SearchOptions::new()).await?;
//! let link = docs.create_signed_url("2024/report.txt", 600, UrlOptions::new()).await?;
//! println!("{} entries, share {}", listing.len(), link.signed_url);
//! # Ok(()) }
//! ```

mod analytics;
mod bucket;
mod client;
mod download;
mod error;
mod file_api;
mod list;
mod list_v2;
mod path;
mod progress;
mod resumable;
mod resumable_options;
mod resumable_source;
mod signed_url;
mod transform;
mod types;
mod upload;
mod vector;
mod vector_options;
mod vector_types;

pub use analytics::{AnalyticsBucket, AnalyticsClient, AnalyticsListOptions};
pub use bucket::{BucketOptions, BucketSortColumn, BucketType, ListBucketsOptions, SortOrder};
pub use client::StorageClient;
pub use download::{DownloadOptions, DownloadStream};
pub use error::StorageError;
pub use file_api::StorageFileApi;
pub use list::{ObjectSortColumn, SearchOptions};
pub use list_v2::{ListV2Folder, ListV2Options, ListV2Result, ListV2SortColumn};
pub use progress::{Progress, TransferProgress};
pub use resumable::{ResumableResult, ResumableUpload};
pub use resumable_options::{ResumableOptions, RESUMABLE_CHUNK_SIZE};
pub use resumable_source::{PauseHandle, ResumableSource};
pub use signed_url::{
    SignedUploadOptions, SignedUploadUrl, SignedUrl, SignedUrlResult, UrlOptions,
};
pub use transform::{ImageFormat, Resize, TransformOptions};
pub use types::{
    Bucket, CopyResponse, CreatedBucket, FileObject, FileObjectInfo, MessageResponse,
    ObjectMetadata, UploadResponse,
};
pub use upload::{FileOptions, UploadBody, DEFAULT_CONTENT_TYPE};
pub use vector::{VectorBucketApi, VectorIndexApi, VectorsClient};
pub use vector_options::{CreateIndexOptions, ListVectorsOptions, QueryVectorsOptions};
pub use vector_types::{
    CreationTime, DistanceMetric, EncryptionConfiguration, MetadataConfiguration,
    QueryVectorsResult, VectorBucket, VectorBucketList, VectorData, VectorIndex, VectorIndexList,
    VectorIndexSummary, VectorListOptions, VectorMatch, VectorObject, VectorPage,
};
