//! Options of the vector calls that take more than names: `create_index`, `list_vectors`,
//! `query_vectors`, serialized as the server's JSON.

use serde::Serialize;
use serde_json::Value;

use super::vector_types::{DistanceMetric, MetadataConfiguration, VectorData};

/// What `create_index` makes: a name (3 to 45 lowercase letters, digits, `-` and `.`, starting
/// and ending with a letter or digit), the dimension (1 to 4096), the metric, and optionally
/// metadata keys to leave out of filtering. The data type is `float32`.
///
/// ```
/// use supabase_core::storage::{CreateIndexOptions, DistanceMetric};
/// let o = CreateIndexOptions::new("docs", 1536, DistanceMetric::Cosine).non_filterable_metadata_keys(["body"]);
/// # let _ = o;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct CreateIndexOptions {
    index_name: String,
    data_type: &'static str,
    dimension: u32,
    distance_metric: DistanceMetric,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata_configuration: Option<MetadataConfiguration>,
}

impl CreateIndexOptions {
    /// A `float32` index.
    ///
    /// ```
    /// # use supabase_core::storage::{CreateIndexOptions, DistanceMetric};
    /// let o = CreateIndexOptions::new("docs", 3, DistanceMetric::Euclidean);
    /// # let _ = o;
    /// ```
    pub fn new(index_name: impl Into<String>, dimension: u32, metric: DistanceMetric) -> Self {
        CreateIndexOptions {
            index_name: index_name.into(),
            data_type: "float32",
            dimension,
            distance_metric: metric,
            metadata_configuration: None,
        }
    }

    /// Metadata keys that are stored but cannot be filtered on (1 to 10).
    ///
    /// ```
    /// # use supabase_core::storage::{CreateIndexOptions, DistanceMetric};
    /// let o = CreateIndexOptions::new("docs", 3, DistanceMetric::Cosine).non_filterable_metadata_keys(["raw"]);
    /// # let _ = o;
    /// ```
    pub fn non_filterable_metadata_keys<I, S>(mut self, keys: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.metadata_configuration = Some(MetadataConfiguration {
            non_filterable_metadata_keys: keys.into_iter().map(Into::into).collect(),
        });
        self
    }
}

/// Options of `list_vectors`: paging, what to return, and parallel segments.
///
/// ```
/// use supabase_core::storage::ListVectorsOptions;
/// let o = ListVectorsOptions::new().max_results(100).return_metadata(true).segment(0, 4);
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct ListVectorsOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    max_results: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_data: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_metadata: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    segment_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    segment_index: Option<u32>,
}

impl ListVectorsOptions {
    /// Nothing set.
    ///
    /// ```
    /// # use supabase_core::storage::ListVectorsOptions;
    /// assert_eq!(ListVectorsOptions::new(), ListVectorsOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// At most this many per page (1 to 1000).
    ///
    /// ```
    /// # use supabase_core::storage::ListVectorsOptions;
    /// let o = ListVectorsOptions::new().max_results(10);
    /// # let _ = o;
    /// ```
    pub fn max_results(mut self, n: u32) -> Self {
        self.max_results = Some(n);
        self
    }

    /// The `next_token` of the previous page.
    ///
    /// ```
    /// # use supabase_core::storage::ListVectorsOptions;
    /// let o = ListVectorsOptions::new().next_token("t");
    /// # let _ = o;
    /// ```
    pub fn next_token(mut self, token: impl Into<String>) -> Self {
        self.next_token = Some(token.into());
        self
    }

    /// Include each vector's numbers.
    ///
    /// ```
    /// # use supabase_core::storage::ListVectorsOptions;
    /// let o = ListVectorsOptions::new().return_data(true);
    /// # let _ = o;
    /// ```
    pub fn return_data(mut self, yes: bool) -> Self {
        self.return_data = Some(yes);
        self
    }

    /// Include each vector's metadata.
    ///
    /// ```
    /// # use supabase_core::storage::ListVectorsOptions;
    /// let o = ListVectorsOptions::new().return_metadata(true);
    /// # let _ = o;
    /// ```
    pub fn return_metadata(mut self, yes: bool) -> Self {
        self.return_metadata = Some(yes);
        self
    }

    /// List only segment `index` of `count` (1 to 16), to list in parallel.
    ///
    /// ```
    /// # use supabase_core::storage::ListVectorsOptions;
    /// let o = ListVectorsOptions::new().segment(1, 2);
    /// # let _ = o;
    /// ```
    pub fn segment(mut self, index: u32, count: u32) -> Self {
        self.segment_index = Some(index);
        self.segment_count = Some(count);
        self
    }
}

/// A similarity query: the vector, how many nearest (`top_k`, 1 to 100, required by the
/// server), an optional metadata filter (`{"lang": "en"}`, `{"year": {"$gte": 2020}}`,
/// `{"$and": [...]}`), and whether to return distances and metadata.
///
/// ```
/// use supabase_core::storage::{QueryVectorsOptions, VectorData};
/// let q = QueryVectorsOptions::new(VectorData::float32([0.1, 0.2, 0.3]), 5)
///     .filter(serde_json::json!({"lang": "en"}))
///     .return_distance(true)
///     .return_metadata(true);
/// # let _ = q;
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct QueryVectorsOptions {
    query_vector: VectorData,
    top_k: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_distance: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_metadata: Option<bool>,
}

impl QueryVectorsOptions {
    /// The `top_k` vectors nearest to `query`.
    ///
    /// ```
    /// # use supabase_core::storage::{QueryVectorsOptions, VectorData};
    /// let q = QueryVectorsOptions::new(VectorData::float32([1.0, 0.0]), 3);
    /// # let _ = q;
    /// ```
    pub fn new(query: VectorData, top_k: u32) -> Self {
        QueryVectorsOptions {
            query_vector: query,
            top_k,
            filter: None,
            return_distance: None,
            return_metadata: None,
        }
    }

    /// Only vectors whose metadata matches this filter.
    ///
    /// ```
    /// # use supabase_core::storage::{QueryVectorsOptions, VectorData};
    /// let q = QueryVectorsOptions::new(VectorData::float32([1.0]), 1)
    ///     .filter(serde_json::json!({"$or": [{"lang": "en"}, {"lang": "fr"}]}));
    /// # let _ = q;
    /// ```
    pub fn filter(mut self, filter: Value) -> Self {
        self.filter = Some(filter);
        self
    }

    /// Return each match's distance.
    ///
    /// ```
    /// # use supabase_core::storage::{QueryVectorsOptions, VectorData};
    /// let q = QueryVectorsOptions::new(VectorData::float32([1.0]), 1).return_distance(true);
    /// # let _ = q;
    /// ```
    pub fn return_distance(mut self, yes: bool) -> Self {
        self.return_distance = Some(yes);
        self
    }

    /// Return each match's metadata.
    ///
    /// ```
    /// # use supabase_core::storage::{QueryVectorsOptions, VectorData};
    /// let q = QueryVectorsOptions::new(VectorData::float32([1.0]), 1).return_metadata(true);
    /// # let _ = q;
    /// ```
    pub fn return_metadata(mut self, yes: bool) -> Self {
        self.return_metadata = Some(yes);
        self
    }
}
