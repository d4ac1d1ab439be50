//! Analytics buckets: Apache Iceberg tables (`storage.analytics()`, at `{storage}/iceberg/`).
//!
//! Buckets are made, listed and deleted here; their tables are reached through the Iceberg
//! REST catalog the server serves under `{storage}/iceberg/v1/` with any Iceberg client.

use http::{HeaderMap, Method};
use serde::{Deserialize, Serialize};

use super::bucket::{BucketSortColumn, SortOrder};
use super::client::StorageClient;
use super::path::bucket_id;
use super::types::MessageResponse;
use crate::Error;

/// Analytics (Iceberg) buckets (`storage.analytics()`). Cheap to clone.
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// # let client = supabase_core::Client::new("https://xyz.supabase.co", "service-role-key")?;
/// let analytics = client.storage().analytics();
/// analytics.create_bucket("events").await?;
/// for b in analytics.list_buckets(Default::default()).await? { println!("{}", b.name); }
/// analytics.delete_bucket("events").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AnalyticsClient {
    storage: StorageClient,
}

/// An analytics bucket.
///
/// ```
/// use supabase_core::storage::AnalyticsBucket;
/// let b: AnalyticsBucket = serde_json::from_str(r#"{"id":"events","name":"events",
///     "created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z"}"#).unwrap();
/// assert_eq!(b.name, "events");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AnalyticsBucket {
    /// The bucket id (its name).
    #[serde(default)]
    pub id: Option<String>,
    /// The bucket name.
    pub name: String,
    /// `ANALYTICS`, when the server says.
    #[serde(default, rename = "type")]
    pub bucket_type: Option<String>,
    /// The table format (`iceberg`), when the server says.
    #[serde(default)]
    pub format: Option<String>,
    /// When it was made.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// Paging, sorting and search of `list_buckets` (query parameters; only what is set is sent).
///
/// ```
/// use supabase_core::storage::{AnalyticsListOptions, BucketSortColumn, SortOrder};
/// let o = AnalyticsListOptions::new().limit(10).offset(20).sort(BucketSortColumn::CreatedAt, SortOrder::Desc).search("ev");
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct AnalyticsListOptions {
    limit: Option<u64>,
    offset: Option<u64>,
    sort: Option<(BucketSortColumn, SortOrder)>,
    search: Option<String>,
}

impl AnalyticsListOptions {
    /// Nothing set.
    ///
    /// ```
    /// # use supabase_core::storage::AnalyticsListOptions;
    /// assert_eq!(AnalyticsListOptions::new(), AnalyticsListOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// At most this many (at least 1).
    ///
    /// ```
    /// # use supabase_core::storage::AnalyticsListOptions;
    /// let o = AnalyticsListOptions::new().limit(5);
    /// # let _ = o;
    /// ```
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Skip this many.
    ///
    /// ```
    /// # use supabase_core::storage::AnalyticsListOptions;
    /// let o = AnalyticsListOptions::new().offset(5);
    /// # let _ = o;
    /// ```
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Sort by a column in a direction.
    ///
    /// ```
    /// # use supabase_core::storage::{AnalyticsListOptions, BucketSortColumn, SortOrder};
    /// let o = AnalyticsListOptions::new().sort(BucketSortColumn::Name, SortOrder::Asc);
    /// # let _ = o;
    /// ```
    pub fn sort(mut self, column: BucketSortColumn, order: SortOrder) -> Self {
        self.sort = Some((column, order));
        self
    }

    /// Only names containing this text.
    ///
    /// ```
    /// # use supabase_core::storage::AnalyticsListOptions;
    /// let o = AnalyticsListOptions::new().search("prod");
    /// # let _ = o;
    /// ```
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }
}

impl StorageClient {
    /// The analytics (Iceberg) bucket API (`{storage}/iceberg/`).
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let analytics = client.storage().analytics();
    /// # let _ = analytics;
    /// ```
    pub fn analytics(&self) -> AnalyticsClient {
        AnalyticsClient {
            storage: self.clone(),
        }
    }
}

impl AnalyticsClient {
    /// Creates an analytics bucket (POST `/iceberg/bucket` with `{"name": …}`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let b = client.storage().analytics().create_bucket("events").await?;
    /// println!("{:?}", b.created_at);
    /// # Ok(()) }
    /// ```
    pub async fn create_bucket(&self, name: &str) -> Result<AnalyticsBucket, Error> {
        let name = bucket_id(name)?;
        #[derive(Serialize)]
        struct Body<'a> {
            name: &'a str,
        }
        let url = self.storage.endpoint("iceberg/bucket")?;
        self.storage
            .send_serialized(Method::POST, url, &Body { name })
            .await
    }

    /// Lists analytics buckets (GET `/iceberg/bucket`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::AnalyticsListOptions;
    /// let all = client.storage().analytics().list_buckets(AnalyticsListOptions::new().limit(100)).await?;
    /// println!("{}", all.len());
    /// # Ok(()) }
    /// ```
    pub async fn list_buckets(
        &self,
        options: AnalyticsListOptions,
    ) -> Result<Vec<AnalyticsBucket>, Error> {
        let mut url = self.storage.endpoint("iceberg/bucket")?;
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(l) = options.limit {
            pairs.push(("limit", l.to_string()));
        }
        if let Some(o) = options.offset {
            pairs.push(("offset", o.to_string()));
        }
        if let Some((column, order)) = options.sort {
            pairs.push(("sortColumn", column.as_str().to_owned()));
            pairs.push(("sortOrder", order.as_str().to_owned()));
        }
        if let Some(s) = options.search {
            pairs.push(("search", s));
        }
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        self.storage
            .send_json(Method::GET, url, None, HeaderMap::new())
            .await
    }

    /// Deletes an analytics bucket (DELETE `/iceberg/bucket/{name}`, no body: the route takes
    /// none).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// client.storage().analytics().delete_bucket("events").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_bucket(&self, name: &str) -> Result<MessageResponse, Error> {
        let name = bucket_id(name)?;
        let url = self.storage.endpoint(&format!(
            "iceberg/bucket/{}",
            super::path::encode_segment(name)
        ))?;
        self.storage
            .send_json(Method::DELETE, url, None, HeaderMap::new())
            .await
    }
}
