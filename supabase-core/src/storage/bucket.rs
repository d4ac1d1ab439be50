//! Bucket endpoints: list, get, create, update, empty, delete.

use http::{HeaderMap, Method};
use serde_json::{json, Map, Value};

use super::client::StorageClient;
use super::path::{bucket_id, encode_segment};
use super::types::{Bucket, CreatedBucket, MessageResponse};
use crate::Error;

/// The kind of a new bucket.
///
/// ```
/// use supabase_core::storage::BucketType;
/// assert_eq!(BucketType::Analytics.as_str(), "ANALYTICS");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BucketType {
    /// An ordinary object bucket.
    Standard,
    /// An analytics (Iceberg) bucket.
    Analytics,
}

impl BucketType {
    /// The wire value.
    ///
    /// ```
    /// # use supabase_core::storage::BucketType;
    /// assert_eq!(BucketType::Standard.as_str(), "STANDARD");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            BucketType::Standard => "STANDARD",
            BucketType::Analytics => "ANALYTICS",
        }
    }
}

/// Settings of `create_bucket` / `update_bucket` (`CreateOrUpdateBucketOptions`).
///
/// Unset values are not sent; `create_bucket` sends `public: false` unless set.
///
/// ```
/// use supabase_core::storage::BucketOptions;
/// let o = BucketOptions::new().public(true).file_size_limit(1024).allowed_mime_types(["image/png"]);
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct BucketOptions {
    public: Option<bool>,
    file_size_limit: Option<Value>,
    allowed_mime_types: Option<Vec<String>>,
    bucket_type: Option<BucketType>,
}

impl BucketOptions {
    /// Nothing set.
    ///
    /// ```
    /// # use supabase_core::storage::BucketOptions;
    /// assert_eq!(BucketOptions::new(), BucketOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether objects can be read through public URLs.
    ///
    /// ```
    /// # use supabase_core::storage::BucketOptions;
    /// let o = BucketOptions::new().public(true);
    /// # let _ = o;
    /// ```
    pub fn public(mut self, public: bool) -> Self {
        self.public = Some(public);
        self
    }

    /// The largest object size, in bytes.
    ///
    /// ```
    /// # use supabase_core::storage::BucketOptions;
    /// let o = BucketOptions::new().file_size_limit(5 * 1024 * 1024);
    /// # let _ = o;
    /// ```
    pub fn file_size_limit(mut self, bytes: u64) -> Self {
        self.file_size_limit = Some(Value::from(bytes));
        self
    }

    /// The largest object size as text the server parses (`"20MB"`, `"1GB"`).
    ///
    /// ```
    /// # use supabase_core::storage::BucketOptions;
    /// let o = BucketOptions::new().file_size_limit_text("20MB");
    /// # let _ = o;
    /// ```
    pub fn file_size_limit_text(mut self, limit: impl Into<String>) -> Self {
        self.file_size_limit = Some(Value::String(limit.into()));
        self
    }

    /// The MIME types accepted (`image/*` wildcards allowed by the server).
    ///
    /// ```
    /// # use supabase_core::storage::BucketOptions;
    /// let o = BucketOptions::new().allowed_mime_types(["image/png", "image/jpeg"]);
    /// # let _ = o;
    /// ```
    pub fn allowed_mime_types<I, S>(mut self, types: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allowed_mime_types = Some(types.into_iter().map(Into::into).collect());
        self
    }

    /// The bucket type (`create_bucket` only).
    ///
    /// ```
    /// # use supabase_core::storage::{BucketOptions, BucketType};
    /// let o = BucketOptions::new().bucket_type(BucketType::Standard);
    /// # let _ = o;
    /// ```
    pub fn bucket_type(mut self, bucket_type: BucketType) -> Self {
        self.bucket_type = Some(bucket_type);
        self
    }

    fn body(&self, id: &str, create: bool) -> Value {
        let mut map = Map::new();
        map.insert("id".into(), json!(id));
        map.insert("name".into(), json!(id));
        if create {
            if let Some(t) = self.bucket_type {
                map.insert("type".into(), json!(t.as_str()));
            }
            map.insert("public".into(), json!(self.public.unwrap_or(false)));
        } else if let Some(public) = self.public {
            map.insert("public".into(), json!(public));
        }
        if let Some(limit) = &self.file_size_limit {
            map.insert("file_size_limit".into(), limit.clone());
        }
        if let Some(types) = &self.allowed_mime_types {
            map.insert("allowed_mime_types".into(), json!(types));
        }
        Value::Object(map)
    }
}

/// The column `list_buckets` sorts by.
///
/// ```
/// use supabase_core::storage::BucketSortColumn;
/// assert_eq!(BucketSortColumn::CreatedAt.as_str(), "created_at");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BucketSortColumn {
    /// `id`
    Id,
    /// `name`
    Name,
    /// `created_at`
    CreatedAt,
    /// `updated_at`
    UpdatedAt,
}

impl BucketSortColumn {
    /// The wire value.
    ///
    /// ```
    /// # use supabase_core::storage::BucketSortColumn;
    /// assert_eq!(BucketSortColumn::Name.as_str(), "name");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            BucketSortColumn::Id => "id",
            BucketSortColumn::Name => "name",
            BucketSortColumn::CreatedAt => "created_at",
            BucketSortColumn::UpdatedAt => "updated_at",
        }
    }
}

/// A sort direction.
///
/// ```
/// use supabase_core::storage::SortOrder;
/// assert_eq!(SortOrder::Desc.as_str(), "desc");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SortOrder {
    /// Ascending (the default).
    #[default]
    Asc,
    /// Descending.
    Desc,
}

impl SortOrder {
    /// The wire value.
    ///
    /// ```
    /// # use supabase_core::storage::SortOrder;
    /// assert_eq!(SortOrder::Asc.as_str(), "asc");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }
}

/// Paging, search and sorting of `list_buckets_with`. Only set values are sent.
///
/// ```
/// use supabase_core::storage::{BucketSortColumn, ListBucketsOptions, SortOrder};
/// let o = ListBucketsOptions::new().limit(10).offset(20).search("av")
///     .sort(BucketSortColumn::Name, SortOrder::Desc);
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct ListBucketsOptions {
    limit: Option<u64>,
    offset: Option<u64>,
    search: Option<String>,
    sort_column: Option<BucketSortColumn>,
    sort_order: Option<SortOrder>,
}

impl ListBucketsOptions {
    /// Nothing set.
    ///
    /// ```
    /// # use supabase_core::storage::ListBucketsOptions;
    /// assert_eq!(ListBucketsOptions::new(), ListBucketsOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// At most this many buckets.
    ///
    /// ```
    /// # use supabase_core::storage::ListBucketsOptions;
    /// let o = ListBucketsOptions::new().limit(5);
    /// # let _ = o;
    /// ```
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Skip this many buckets.
    ///
    /// ```
    /// # use supabase_core::storage::ListBucketsOptions;
    /// let o = ListBucketsOptions::new().offset(5);
    /// # let _ = o;
    /// ```
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Only buckets whose name contains this text.
    ///
    /// ```
    /// # use supabase_core::storage::ListBucketsOptions;
    /// let o = ListBucketsOptions::new().search("img");
    /// # let _ = o;
    /// ```
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    /// Sort by a column in a direction.
    ///
    /// ```
    /// # use supabase_core::storage::{BucketSortColumn, ListBucketsOptions, SortOrder};
    /// let o = ListBucketsOptions::new().sort(BucketSortColumn::CreatedAt, SortOrder::Desc);
    /// # let _ = o;
    /// ```
    pub fn sort(mut self, column: BucketSortColumn, order: SortOrder) -> Self {
        self.sort_column = Some(column);
        self.sort_order = Some(order);
        self
    }
}

impl StorageClient {
    /// Lists every bucket (GET `/bucket`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// for bucket in client.storage().list_buckets().await? {
    ///     println!("{} public={}", bucket.id, bucket.public);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_buckets(&self) -> Result<Vec<Bucket>, Error> {
        self.list_buckets_with(ListBucketsOptions::new()).await
    }

    /// Lists buckets with paging, search and sorting (GET `/bucket?limit=…&sortColumn=…`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::ListBucketsOptions;
    /// let first_ten = client.storage().list_buckets_with(ListBucketsOptions::new().limit(10)).await?;
    /// # let _ = first_ten; Ok(()) }
    /// ```
    pub async fn list_buckets_with(
        &self,
        options: ListBucketsOptions,
    ) -> Result<Vec<Bucket>, Error> {
        let mut url = self.endpoint("bucket")?;
        {
            let mut pairs = Vec::new();
            if let Some(v) = options.limit {
                pairs.push(("limit", v.to_string()));
            }
            if let Some(v) = options.offset {
                pairs.push(("offset", v.to_string()));
            }
            if let Some(v) = options.search {
                pairs.push(("search", v));
            }
            if let Some(v) = options.sort_column {
                pairs.push(("sortColumn", v.as_str().to_owned()));
            }
            if let Some(v) = options.sort_order {
                pairs.push(("sortOrder", v.as_str().to_owned()));
            }
            if !pairs.is_empty() {
                url.query_pairs_mut().extend_pairs(pairs);
            }
        }
        self.send_json(Method::GET, url, None, HeaderMap::new())
            .await
    }

    /// One bucket's details (GET `/bucket/{id}`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let bucket = client.storage().get_bucket("avatars").await?;
    /// println!("{:?}", bucket.allowed_mime_types);
    /// # Ok(()) }
    /// ```
    pub async fn get_bucket(&self, id: &str) -> Result<Bucket, Error> {
        let url = self.bucket_url(id, "")?;
        self.send_json(Method::GET, url, None, HeaderMap::new())
            .await
    }

    /// Creates a bucket named `id` (POST `/bucket`). An existing id is a Storage error with
    /// `status_code` `"409"` (code `Duplicate`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::BucketOptions;
    /// client.storage().create_bucket("avatars",
    ///     BucketOptions::new().public(false).allowed_mime_types(["image/png"]).file_size_limit(1024)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_bucket(
        &self,
        id: &str,
        options: BucketOptions,
    ) -> Result<CreatedBucket, Error> {
        let id = bucket_id(id)?;
        let url = self.endpoint("bucket")?;
        let body = options.body(id, true);
        self.send_json(Method::POST, url, Some(&body), HeaderMap::new())
            .await
    }

    /// Changes a bucket's settings (PUT `/bucket/{id}`); unset options are left as they are.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::BucketOptions;
    /// client.storage().update_bucket("avatars", BucketOptions::new().public(true)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_bucket(
        &self,
        id: &str,
        options: BucketOptions,
    ) -> Result<MessageResponse, Error> {
        let url = self.bucket_url(id, "")?;
        let body = options.body(id, false);
        self.send_json(Method::PUT, url, Some(&body), HeaderMap::new())
            .await
    }

    /// Deletes an empty bucket (DELETE `/bucket/{id}`); empty it first with
    /// [`StorageClient::empty_bucket`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let storage = client.storage();
    /// storage.empty_bucket("avatars").await?;
    /// storage.delete_bucket("avatars").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_bucket(&self, id: &str) -> Result<MessageResponse, Error> {
        let url = self.bucket_url(id, "")?;
        self.send_json(Method::DELETE, url, Some(&json!({})), HeaderMap::new())
            .await
    }

    /// Removes every object in a bucket (POST `/bucket/{id}/empty`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let m = client.storage().empty_bucket("avatars").await?;
    /// println!("{}", m.message);
    /// # Ok(()) }
    /// ```
    pub async fn empty_bucket(&self, id: &str) -> Result<MessageResponse, Error> {
        let url = self.bucket_url(id, "/empty")?;
        self.send_json(Method::POST, url, Some(&json!({})), HeaderMap::new())
            .await
    }

    fn bucket_url(&self, id: &str, suffix: &str) -> Result<url::Url, Error> {
        let id = bucket_id(id)?;
        self.endpoint(&format!("bucket/{}{suffix}", encode_segment(id)))
    }
}
