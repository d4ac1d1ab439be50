//! What the Storage server answers, as Rust types.
//!
//! Timestamps are kept as the server's text (ISO 8601). Every struct also decodes the
//! camelCase spelling of its keys (storage-js camelCases `info()` results), so both shapes work.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A bucket (`list_buckets`, `get_bucket`).
///
/// ```
/// use supabase_core::storage::Bucket;
/// let b: Bucket = serde_json::from_str(r#"{"id":"avatars","name":"avatars","owner":"","public":true,
///     "file_size_limit":1024,"allowed_mime_types":["image/png"],"created_at":"t","updated_at":"t"}"#).unwrap();
/// assert!(b.public);
/// assert_eq!(b.file_size_limit, Some(1024));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Bucket {
    /// The bucket id (used in every path).
    pub id: String,
    /// The bucket name (the same as the id for buckets made by this client).
    pub name: String,
    /// The owner's user id, if any.
    #[serde(default)]
    pub owner: Option<String>,
    /// Whether objects are readable without a token through public URLs.
    #[serde(default)]
    pub public: bool,
    /// `STANDARD` or `ANALYTICS`, when the server says.
    #[serde(default, rename = "type")]
    pub bucket_type: Option<String>,
    /// The largest object size in bytes, if limited.
    #[serde(default, alias = "fileSizeLimit")]
    pub file_size_limit: Option<u64>,
    /// The allowed MIME types, if limited.
    #[serde(default, alias = "allowedMimeTypes")]
    pub allowed_mime_types: Option<Vec<String>>,
    /// When the bucket was created.
    #[serde(default, alias = "createdAt")]
    pub created_at: Option<String>,
    /// When the bucket was last changed.
    #[serde(default, alias = "updatedAt")]
    pub updated_at: Option<String>,
}

/// The answer to `create_bucket`: `{"name": …}`.
///
/// ```
/// use supabase_core::storage::CreatedBucket;
/// let c: CreatedBucket = serde_json::from_str(r#"{"name":"avatars"}"#).unwrap();
/// assert_eq!(c.name, "avatars");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreatedBucket {
    /// The new bucket's name.
    pub name: String,
}

/// A `{"message": …}` answer (update, empty and delete of buckets, move of objects).
///
/// ```
/// use supabase_core::storage::MessageResponse;
/// let m: MessageResponse = serde_json::from_str(r#"{"message":"Successfully deleted"}"#).unwrap();
/// assert_eq!(m.message, "Successfully deleted");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MessageResponse {
    /// The server's message.
    pub message: String,
}

/// The `metadata` of a listed object.
///
/// ```
/// use supabase_core::storage::ObjectMetadata;
/// let m: ObjectMetadata = serde_json::from_str(r#"{"eTag":"\"abc\"","size":3,"mimetype":"text/plain",
///     "cacheControl":"max-age=3600","lastModified":"t","contentLength":3,"httpStatusCode":200}"#).unwrap();
/// assert_eq!(m.size, Some(3));
/// assert_eq!(m.mimetype.as_deref(), Some("text/plain"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ObjectMetadata {
    /// The entity tag.
    #[serde(default, rename = "eTag", alias = "etag", alias = "e_tag")]
    pub e_tag: Option<String>,
    /// The size in bytes.
    #[serde(default)]
    pub size: Option<u64>,
    /// The stored content type.
    #[serde(default, alias = "contentType", alias = "content_type")]
    pub mimetype: Option<String>,
    /// The stored `Cache-Control` value.
    #[serde(default, rename = "cacheControl", alias = "cache_control")]
    pub cache_control: Option<String>,
    /// The last modification time.
    #[serde(default, rename = "lastModified", alias = "last_modified")]
    pub last_modified: Option<String>,
    /// The content length in bytes.
    #[serde(default, rename = "contentLength", alias = "content_length")]
    pub content_length: Option<u64>,
    /// The HTTP status the object was stored with.
    #[serde(default, rename = "httpStatusCode", alias = "http_status_code")]
    pub http_status_code: Option<u16>,
}

/// An object or folder in a listing (`list`), or a removed object (`remove`).
///
/// Folders have no `id` and no metadata.
///
/// ```
/// use supabase_core::storage::FileObject;
/// let folder: FileObject = serde_json::from_str(r#"{"name":"docs","id":null,"updated_at":null,
///     "created_at":null,"last_accessed_at":null,"metadata":null}"#).unwrap();
/// assert!(folder.is_folder());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileObject {
    /// The name, relative to the listed prefix (the full key for `remove`).
    pub name: String,
    /// The object id; `None` for a folder.
    #[serde(default)]
    pub id: Option<String>,
    /// The bucket, when the server says.
    #[serde(default, alias = "bucketId")]
    pub bucket_id: Option<String>,
    /// The owner's user id, when the server says.
    #[serde(default)]
    pub owner: Option<String>,
    /// When the object was last changed.
    #[serde(default, alias = "updatedAt")]
    pub updated_at: Option<String>,
    /// When the object was created.
    #[serde(default, alias = "createdAt")]
    pub created_at: Option<String>,
    /// When the object was last read.
    #[serde(default, alias = "lastAccessedAt")]
    pub last_accessed_at: Option<String>,
    /// Size, type, cache control…; `None` for a folder.
    #[serde(default)]
    pub metadata: Option<ObjectMetadata>,
}

impl FileObject {
    /// True for a folder entry (no id).
    ///
    /// ```
    /// # use supabase_core::storage::FileObject;
    /// let f: FileObject = serde_json::from_str(r#"{"name":"a.txt","id":"1"}"#).unwrap();
    /// assert!(!f.is_folder());
    /// ```
    pub fn is_folder(&self) -> bool {
        self.id.is_none()
    }
}

/// Details of one object (`info`).
///
/// Decodes the server's snake_case keys and storage-js's camelCase ones alike.
///
/// ```
/// use supabase_core::storage::FileObjectInfo;
/// let a: FileObjectInfo = serde_json::from_str(r#"{"id":"1","name":"a.txt","bucket_id":"b","size":3,"content_type":"text/plain"}"#).unwrap();
/// let b: FileObjectInfo = serde_json::from_str(r#"{"id":"1","name":"a.txt","bucketId":"b","size":3,"contentType":"text/plain"}"#).unwrap();
/// assert_eq!(a, b);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileObjectInfo {
    /// The object id.
    pub id: String,
    /// The object key within its bucket.
    pub name: String,
    /// The object version.
    #[serde(default)]
    pub version: Option<String>,
    /// The bucket.
    #[serde(default, alias = "bucketId")]
    pub bucket_id: Option<String>,
    /// The size in bytes.
    #[serde(default)]
    pub size: Option<u64>,
    /// The stored content type.
    #[serde(default, alias = "contentType")]
    pub content_type: Option<String>,
    /// The stored `Cache-Control` value.
    #[serde(default, alias = "cacheControl")]
    pub cache_control: Option<String>,
    /// The entity tag.
    #[serde(default, alias = "eTag")]
    pub etag: Option<String>,
    /// The user metadata sent with the upload (`x-metadata`).
    #[serde(default)]
    pub metadata: Option<Value>,
    /// When the object was created.
    #[serde(default, alias = "createdAt")]
    pub created_at: Option<String>,
    /// When the object was last changed.
    #[serde(default, alias = "updatedAt")]
    pub updated_at: Option<String>,
    /// When the object's content was last modified.
    #[serde(default, alias = "lastModified")]
    pub last_modified: Option<String>,
}

/// The result of an upload, an update, or an upload to a signed URL.
///
/// ```
/// use supabase_core::storage::UploadResponse;
/// let r = UploadResponse { id: Some("1".into()), path: "a/b.txt".into(), full_path: "bucket/a/b.txt".into() };
/// assert!(r.full_path.ends_with(&r.path));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadResponse {
    /// The object id (`None` for an upload to a signed URL, whose answer has no id).
    pub id: Option<String>,
    /// The object key within the bucket (cleaned).
    pub path: String,
    /// `bucket/key`, as the server answered.
    pub full_path: String,
}

/// The result of a copy.
///
/// ```
/// use supabase_core::storage::CopyResponse;
/// let r = CopyResponse { id: None, path: "backup/a.txt".into() };
/// assert!(r.path.starts_with("backup/"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyResponse {
    /// The new object's id, when the server says.
    pub id: Option<String>,
    /// `destination-bucket/destination-key`: **with** the bucket, as storage-js returns it.
    pub path: String,
}

/// The server's `{Id, Key}` answer to an upload or copy.
#[derive(Debug, Deserialize)]
pub(crate) struct RawKeyAnswer {
    #[serde(default, rename = "Id")]
    pub(crate) id: Option<String>,
    #[serde(rename = "Key")]
    pub(crate) key: String,
}
