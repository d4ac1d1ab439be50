//! Vector buckets, indexes and vectors (`storage.vectors()`, at `{storage}/vector/`).
//!
//! Every call is a `POST` of a JSON body to `{storage}/vector/{Operation}` (`CreateVectorBucket`,
//! `QueryVectors`, …), as storage-js sends it; calls that create or delete answer an empty
//! body. The server takes only the service role key here.

use http::Method;
use serde::{Deserialize, Serialize};

use super::client::StorageClient;
use super::vector_options::{CreateIndexOptions, ListVectorsOptions, QueryVectorsOptions};
use super::vector_types::{
    QueryVectorsResult, VectorBucket, VectorBucketList, VectorIndex, VectorIndexList,
    VectorListOptions, VectorMatch, VectorObject, VectorPage,
};
use crate::Error;

/// Vector buckets (`storage.vectors()`). Cheap to clone.
///
/// ```no_run
/// # async fn run() -> Result<(), supabase_core::Error> {
/// # let client = supabase_core::Client::new("https://xyz.supabase.co", "service-role-key")?;
/// let vectors = client.storage().vectors();
/// vectors.create_bucket("embeddings").await?;
/// for b in vectors.list_buckets(Default::default()).await?.vector_buckets {
///     println!("{}", b.vector_bucket_name);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct VectorsClient {
    storage: StorageClient,
}

/// The indexes of one vector bucket ([`VectorsClient::from_`]).
#[derive(Debug, Clone)]
pub struct VectorBucketApi {
    storage: StorageClient,
    bucket: String,
}

/// The vectors of one index ([`VectorBucketApi::index`]).
#[derive(Debug, Clone)]
pub struct VectorIndexApi {
    storage: StorageClient,
    bucket: String,
    index: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BucketAnswer {
    vector_bucket: VectorBucket,
}

#[derive(Deserialize)]
struct IndexAnswer {
    index: VectorIndex,
}

#[derive(Deserialize)]
struct VectorsAnswer {
    vectors: Vec<VectorMatch>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BucketName<'a> {
    vector_bucket_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IndexName<'a> {
    vector_bucket_name: &'a str,
    index_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WithBucket<'a, T> {
    vector_bucket_name: &'a str,
    #[serde(flatten)]
    rest: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WithIndex<'a, T> {
    vector_bucket_name: &'a str,
    index_name: &'a str,
    #[serde(flatten)]
    rest: T,
}

impl StorageClient {
    /// The vector API (`{storage}/vector/`).
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let idx = client.storage().vectors().from_("embeddings").index("docs");
    /// # let _ = idx;
    /// ```
    pub fn vectors(&self) -> VectorsClient {
        VectorsClient {
            storage: self.clone(),
        }
    }

    /// `POST {storage}/vector/{op}` with a JSON body, the answer decoded in one pass.
    async fn vector_call<B: Serialize, T: serde::de::DeserializeOwned>(
        &self,
        op: &str,
        body: &B,
    ) -> Result<T, Error> {
        let url = self.endpoint(&format!("vector/{op}"))?;
        self.send_serialized(Method::POST, url, body).await
    }

    /// `POST {storage}/vector/{op}` whose answer is empty.
    async fn vector_call_empty<B: Serialize>(&self, op: &str, body: &B) -> Result<(), Error> {
        let url = self.endpoint(&format!("vector/{op}"))?;
        let response = self
            .send_serialized_response(Method::POST, url, body)
            .await?;
        response.bytes().await.map_err(Error::from_reqwest)?;
        Ok(())
    }
}

fn non_empty(what: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::InvalidArgument(format!("the {what} is empty")));
    }
    Ok(())
}

impl VectorsClient {
    /// Creates a vector bucket (`CreateVectorBucket`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// client.storage().vectors().create_bucket("embeddings").await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_bucket(&self, name: &str) -> Result<(), Error> {
        non_empty("vector bucket name", name)?;
        self.storage
            .vector_call_empty(
                "CreateVectorBucket",
                &BucketName {
                    vector_bucket_name: name,
                },
            )
            .await
    }

    /// A vector bucket (`GetVectorBucket`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let b = client.storage().vectors().get_bucket("embeddings").await?;
    /// println!("{:?}", b.creation_time);
    /// # Ok(()) }
    /// ```
    pub async fn get_bucket(&self, name: &str) -> Result<VectorBucket, Error> {
        non_empty("vector bucket name", name)?;
        let a: BucketAnswer = self
            .storage
            .vector_call(
                "GetVectorBucket",
                &BucketName {
                    vector_bucket_name: name,
                },
            )
            .await?;
        Ok(a.vector_bucket)
    }

    /// A page of vector buckets (`ListVectorBuckets`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::VectorListOptions;
    /// let page = client.storage().vectors().list_buckets(VectorListOptions::new().prefix("prod")).await?;
    /// println!("{} buckets", page.vector_buckets.len());
    /// # Ok(()) }
    /// ```
    pub async fn list_buckets(
        &self,
        options: VectorListOptions,
    ) -> Result<VectorBucketList, Error> {
        self.storage
            .vector_call("ListVectorBuckets", &options)
            .await
    }

    /// Deletes an empty vector bucket (`DeleteVectorBucket`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// client.storage().vectors().delete_bucket("old").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_bucket(&self, name: &str) -> Result<(), Error> {
        non_empty("vector bucket name", name)?;
        self.storage
            .vector_call_empty(
                "DeleteVectorBucket",
                &BucketName {
                    vector_bucket_name: name,
                },
            )
            .await
    }

    /// The indexes of one bucket.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let b = client.storage().vectors().from_("embeddings");
    /// assert_eq!(b.bucket_name(), "embeddings");
    /// ```
    pub fn from_(&self, bucket: impl Into<String>) -> VectorBucketApi {
        VectorBucketApi {
            storage: self.storage.clone(),
            bucket: bucket.into(),
        }
    }
}

impl VectorBucketApi {
    /// The bucket name.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// assert_eq!(client.storage().vectors().from_("e").bucket_name(), "e");
    /// ```
    pub fn bucket_name(&self) -> &str {
        &self.bucket
    }

    /// Creates an index (`CreateIndex`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::{CreateIndexOptions, DistanceMetric};
    /// client.storage().vectors().from_("embeddings")
    ///     .create_index(CreateIndexOptions::new("docs", 1536, DistanceMetric::Cosine)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_index(&self, options: CreateIndexOptions) -> Result<(), Error> {
        non_empty("vector bucket name", &self.bucket)?;
        let body = WithBucket {
            vector_bucket_name: &self.bucket,
            rest: options,
        };
        self.storage.vector_call_empty("CreateIndex", &body).await
    }

    /// One index (`GetIndex`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let i = client.storage().vectors().from_("embeddings").get_index("docs").await?;
    /// println!("{} dimensions", i.dimension);
    /// # Ok(()) }
    /// ```
    pub async fn get_index(&self, name: &str) -> Result<VectorIndex, Error> {
        let body = IndexName {
            vector_bucket_name: &self.bucket,
            index_name: name,
        };
        let a: IndexAnswer = self.storage.vector_call("GetIndex", &body).await?;
        Ok(a.index)
    }

    /// A page of indexes (`ListIndexes`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let page = client.storage().vectors().from_("embeddings").list_indexes(Default::default()).await?;
    /// for i in page.indexes { println!("{}", i.index_name); }
    /// # Ok(()) }
    /// ```
    pub async fn list_indexes(&self, options: VectorListOptions) -> Result<VectorIndexList, Error> {
        let body = WithBucket {
            vector_bucket_name: &self.bucket,
            rest: options,
        };
        self.storage.vector_call("ListIndexes", &body).await
    }

    /// Deletes an index and its vectors (`DeleteIndex`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// client.storage().vectors().from_("embeddings").delete_index("docs").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_index(&self, name: &str) -> Result<(), Error> {
        let body = IndexName {
            vector_bucket_name: &self.bucket,
            index_name: name,
        };
        self.storage.vector_call_empty("DeleteIndex", &body).await
    }

    /// The vectors of one index.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// let docs = client.storage().vectors().from_("embeddings").index("docs");
    /// assert_eq!(docs.index_name(), "docs");
    /// ```
    pub fn index(&self, name: impl Into<String>) -> VectorIndexApi {
        VectorIndexApi {
            storage: self.storage.clone(),
            bucket: self.bucket.clone(),
            index: name.into(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Keys<'a> {
    keys: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    return_data: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_metadata: Option<bool>,
}

impl VectorIndexApi {
    /// The index name.
    ///
    /// ```
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k").unwrap();
    /// assert_eq!(client.storage().vectors().from_("e").index("docs").index_name(), "docs");
    /// ```
    pub fn index_name(&self) -> &str {
        &self.index
    }

    /// Stores vectors, replacing those with the same keys (`PutVectors`, 1 to 500 per call).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::{VectorData, VectorObject};
    /// client.storage().vectors().from_("embeddings").index("docs").put_vectors(vec![
    ///     VectorObject::new("doc-1", VectorData::float32([0.1, 0.2, 0.3]))
    ///         .metadata(serde_json::json!({"lang": "en"})),
    /// ]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn put_vectors(&self, vectors: Vec<VectorObject>) -> Result<(), Error> {
        #[derive(Serialize)]
        struct Vectors {
            vectors: Vec<VectorObject>,
        }
        let body = self.body(Vectors { vectors });
        self.storage.vector_call_empty("PutVectors", &body).await
    }

    /// Vectors by key (`GetVectors`, 1 to 100 keys); with `return_data` / `return_metadata`
    /// their numbers and metadata.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// let found = client.storage().vectors().from_("embeddings").index("docs")
    ///     .get_vectors(["doc-1", "doc-2"], true, true).await?;
    /// println!("{} found", found.len());
    /// # Ok(()) }
    /// ```
    pub async fn get_vectors<I, S>(
        &self,
        keys: I,
        return_data: bool,
        return_metadata: bool,
    ) -> Result<Vec<VectorMatch>, Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let keys: Vec<String> = keys.into_iter().map(Into::into).collect();
        let body = self.body(Keys {
            keys: &keys,
            return_data: Some(return_data),
            return_metadata: Some(return_metadata),
        });
        let a: VectorsAnswer = self.storage.vector_call("GetVectors", &body).await?;
        Ok(a.vectors)
    }

    /// A page of the index's vectors (`ListVectors`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::ListVectorsOptions;
    /// let page = client.storage().vectors().from_("embeddings").index("docs")
    ///     .list_vectors(ListVectorsOptions::new().max_results(100)).await?;
    /// println!("{:?}", page.next_token);
    /// # Ok(()) }
    /// ```
    pub async fn list_vectors(&self, options: ListVectorsOptions) -> Result<VectorPage, Error> {
        let body = self.body(options);
        self.storage.vector_call("ListVectors", &body).await
    }

    /// The vectors nearest to a query vector (`QueryVectors`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::{QueryVectorsOptions, VectorData};
    /// let r = client.storage().vectors().from_("embeddings").index("docs")
    ///     .query_vectors(QueryVectorsOptions::new(VectorData::float32([0.1, 0.2, 0.3]), 3).return_distance(true))
    ///     .await?;
    /// for m in r.vectors { println!("{} {:?}", m.key, m.distance); }
    /// # Ok(()) }
    /// ```
    pub async fn query_vectors(
        &self,
        options: QueryVectorsOptions,
    ) -> Result<QueryVectorsResult, Error> {
        let body = self.body(options);
        self.storage.vector_call("QueryVectors", &body).await
    }

    /// Deletes vectors by key (`DeleteVectors`, 1 to 500 keys).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// client.storage().vectors().from_("embeddings").index("docs").delete_vectors(["doc-1"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_vectors<I, S>(&self, keys: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let keys: Vec<String> = keys.into_iter().map(Into::into).collect();
        let body = self.body(Keys {
            keys: &keys,
            return_data: None,
            return_metadata: None,
        });
        self.storage.vector_call_empty("DeleteVectors", &body).await
    }

    fn body<T>(&self, rest: T) -> WithIndex<'_, T> {
        WithIndex {
            vector_bucket_name: &self.bucket,
            index_name: &self.index,
            rest,
        }
    }
}
