//! Request options and answers of the vector API (`{storage}/vector/…`), as the server's JSON.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// When a vector bucket or index was made: seconds since the epoch in listings, ISO 8601 text
/// in `get_index` (the server sends both forms).
///
/// ```
/// use supabase_core::storage::CreationTime;
/// let a: CreationTime = serde_json::from_str("1700000000").unwrap();
/// let b: CreationTime = serde_json::from_str(r#""2024-01-01T00:00:00.000Z""#).unwrap();
/// assert_eq!(a, CreationTime::Seconds(1_700_000_000));
/// assert!(matches!(b, CreationTime::Text(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CreationTime {
    /// Seconds since the Unix epoch.
    Seconds(i64),
    /// A timestamp as text.
    Text(String),
}

/// Server-side encryption of a vector bucket.
///
/// ```
/// use supabase_core::storage::EncryptionConfiguration;
/// let e: EncryptionConfiguration = serde_json::from_str(r#"{"sseType":"AES256"}"#).unwrap();
/// assert_eq!(e.sse_type.as_deref(), Some("AES256"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EncryptionConfiguration {
    /// The KMS key, when one is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<String>,
    /// The encryption type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sse_type: Option<String>,
}

/// A vector bucket (`get_bucket`, and each entry of `list_buckets`).
///
/// ```
/// use supabase_core::storage::VectorBucket;
/// let b: VectorBucket = serde_json::from_str(r#"{"vectorBucketName":"embeddings","creationTime":1700000000}"#).unwrap();
/// assert_eq!(b.vector_bucket_name, "embeddings");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VectorBucket {
    /// The bucket name.
    pub vector_bucket_name: String,
    /// When it was made.
    #[serde(default)]
    pub creation_time: Option<CreationTime>,
    /// Its encryption, when the server says.
    #[serde(default)]
    pub encryption_configuration: Option<EncryptionConfiguration>,
}

/// Paging of `list_buckets` and `list_indexes` (`maxResults` 1 to 500, `nextToken`, `prefix`).
///
/// ```
/// use supabase_core::storage::VectorListOptions;
/// let o = VectorListOptions::new().prefix("emb").max_results(50);
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct VectorListOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_results: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

impl VectorListOptions {
    /// Nothing set (the server's default page is 500).
    ///
    /// ```
    /// # use supabase_core::storage::VectorListOptions;
    /// assert_eq!(VectorListOptions::new(), VectorListOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Only names starting with this.
    ///
    /// ```
    /// # use supabase_core::storage::VectorListOptions;
    /// let o = VectorListOptions::new().prefix("prod-");
    /// # let _ = o;
    /// ```
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// At most this many per page (1 to 500).
    ///
    /// ```
    /// # use supabase_core::storage::VectorListOptions;
    /// let o = VectorListOptions::new().max_results(10);
    /// # let _ = o;
    /// ```
    pub fn max_results(mut self, n: u32) -> Self {
        self.max_results = Some(n);
        self
    }

    /// The `next_token` of the previous page.
    ///
    /// ```
    /// # use supabase_core::storage::VectorListOptions;
    /// let o = VectorListOptions::new().next_token("t");
    /// # let _ = o;
    /// ```
    pub fn next_token(mut self, token: impl Into<String>) -> Self {
        self.next_token = Some(token.into());
        self
    }
}

/// A page of `list_buckets`.
///
/// ```
/// use supabase_core::storage::VectorBucketList;
/// let l: VectorBucketList = serde_json::from_str(r#"{"vectorBuckets":[{"vectorBucketName":"a"}],"nextToken":"n"}"#).unwrap();
/// assert_eq!(l.vector_buckets.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VectorBucketList {
    /// The buckets.
    pub vector_buckets: Vec<VectorBucket>,
    /// Pass to [`VectorListOptions::next_token`] for the next page, if any.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// The distance an index compares vectors by.
///
/// ```
/// use supabase_core::storage::DistanceMetric;
/// assert_eq!(serde_json::to_string(&DistanceMetric::Cosine).unwrap(), r#""cosine""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DistanceMetric {
    /// `cosine`
    Cosine,
    /// `euclidean`
    Euclidean,
}

/// Keys of vector metadata that cannot be used in query filters.
///
/// ```
/// use supabase_core::storage::MetadataConfiguration;
/// let m = MetadataConfiguration { non_filterable_metadata_keys: vec!["raw_text".into()] };
/// assert_eq!(serde_json::to_value(&m).unwrap()["nonFilterableMetadataKeys"][0], "raw_text");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataConfiguration {
    /// 1 to 10 distinct keys.
    pub non_filterable_metadata_keys: Vec<String>,
}

/// A vector index (`get_index`).
///
/// ```
/// use supabase_core::storage::VectorIndex;
/// let i: VectorIndex = serde_json::from_str(r#"{"indexName":"docs","vectorBucketName":"emb","dataType":"float32",
///     "dimension":3,"distanceMetric":"cosine","creationTime":"2024-01-01T00:00:00.000Z"}"#).unwrap();
/// assert_eq!(i.dimension, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VectorIndex {
    /// The index name.
    pub index_name: String,
    /// Its bucket.
    pub vector_bucket_name: String,
    /// `float32`.
    pub data_type: String,
    /// Numbers per vector.
    pub dimension: u32,
    /// How vectors are compared.
    pub distance_metric: DistanceMetric,
    /// Metadata keys left out of filtering, if any.
    #[serde(default)]
    pub metadata_configuration: Option<MetadataConfiguration>,
    /// When it was made.
    #[serde(default)]
    pub creation_time: Option<CreationTime>,
}

/// One entry of `list_indexes`.
///
/// ```
/// use supabase_core::storage::VectorIndexSummary;
/// let s: VectorIndexSummary = serde_json::from_str(r#"{"indexName":"docs","vectorBucketName":"emb","creationTime":1}"#).unwrap();
/// assert_eq!(s.index_name, "docs");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VectorIndexSummary {
    /// The index name.
    pub index_name: String,
    /// Its bucket, when the server says.
    #[serde(default)]
    pub vector_bucket_name: Option<String>,
    /// When it was made.
    #[serde(default)]
    pub creation_time: Option<CreationTime>,
}

/// A page of `list_indexes`.
///
/// ```
/// use supabase_core::storage::VectorIndexList;
/// let l: VectorIndexList = serde_json::from_str(r#"{"indexes":[{"indexName":"docs"}]}"#).unwrap();
/// assert!(l.next_token.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VectorIndexList {
    /// The indexes.
    pub indexes: Vec<VectorIndexSummary>,
    /// The next page's token, if any.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// Vector numbers: `{"float32": [...]}`.
///
/// ```
/// use supabase_core::storage::VectorData;
/// let d = VectorData::float32([0.1, 0.2]);
/// assert_eq!(serde_json::to_string(&d).unwrap(), r#"{"float32":[0.1,0.2]}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VectorData {
    /// The numbers.
    pub float32: Vec<f32>,
}

impl VectorData {
    /// From numbers.
    ///
    /// ```
    /// # use supabase_core::storage::VectorData;
    /// let d = VectorData::float32(vec![1.0, 0.0]);
    /// # let _ = d;
    /// ```
    pub fn float32(values: impl Into<Vec<f32>>) -> Self {
        VectorData {
            float32: values.into(),
        }
    }
}

/// A vector to store: a key (1 to 1024 characters), its numbers and optional metadata
/// (strings, numbers, booleans, or arrays of them).
///
/// ```
/// use supabase_core::storage::{VectorData, VectorObject};
/// let v = VectorObject::new("doc-1", VectorData::float32([0.1, 0.2, 0.3]))
///     .metadata(serde_json::json!({"lang": "en", "year": 2024}));
/// # let _ = v;
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VectorObject {
    /// The vector's key.
    pub key: String,
    /// Its numbers.
    pub data: VectorData,
    /// Its metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

impl VectorObject {
    /// A vector without metadata.
    ///
    /// ```
    /// # use supabase_core::storage::{VectorData, VectorObject};
    /// let v = VectorObject::new("k", VectorData::float32([1.0]));
    /// # let _ = v;
    /// ```
    pub fn new(key: impl Into<String>, data: VectorData) -> Self {
        VectorObject {
            key: key.into(),
            data,
            metadata: None,
        }
    }

    /// Sets the metadata (a JSON object; anything else is dropped).
    ///
    /// ```
    /// # use supabase_core::storage::{VectorData, VectorObject};
    /// let v = VectorObject::new("k", VectorData::float32([1.0])).metadata(serde_json::json!({"a": 1}));
    /// assert!(v.metadata.is_some());
    /// ```
    pub fn metadata(mut self, metadata: Value) -> Self {
        self.metadata = match metadata {
            Value::Object(m) => Some(m),
            _ => None,
        };
        self
    }
}

/// A vector as answered by `get_vectors`, `list_vectors` and `query_vectors`: data, metadata
/// and distance only when asked for.
///
/// ```
/// use supabase_core::storage::VectorMatch;
/// let m: VectorMatch = serde_json::from_str(r#"{"key":"doc-1","distance":0.12}"#).unwrap();
/// assert_eq!(m.distance, Some(0.12));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VectorMatch {
    /// The vector's key.
    pub key: String,
    /// Its numbers, when asked for.
    #[serde(default)]
    pub data: Option<VectorData>,
    /// Its metadata, when asked for.
    #[serde(default)]
    pub metadata: Option<Map<String, Value>>,
    /// The distance to the query vector (`query_vectors` with `return_distance`).
    #[serde(default)]
    pub distance: Option<f64>,
}

/// A page of `list_vectors`.
///
/// ```
/// use supabase_core::storage::VectorPage;
/// let p: VectorPage = serde_json::from_str(r#"{"vectors":[{"key":"a"}],"nextToken":"n"}"#).unwrap();
/// assert_eq!(p.next_token.as_deref(), Some("n"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VectorPage {
    /// The vectors.
    pub vectors: Vec<VectorMatch>,
    /// The next page's token, if any.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// The answer of `query_vectors`: nearest first.
///
/// ```
/// use supabase_core::storage::QueryVectorsResult;
/// let r: QueryVectorsResult = serde_json::from_str(r#"{"vectors":[],"distanceMetric":"cosine"}"#).unwrap();
/// assert!(r.vectors.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QueryVectorsResult {
    /// The matches.
    pub vectors: Vec<VectorMatch>,
    /// The index's metric, when the server says.
    #[serde(default)]
    pub distance_metric: Option<DistanceMetric>,
}
