//! `list_v2` (POST `/object/list-v2/{bucket}`): cursor listing with sort and delimiter, and
//! `purge_cache` (DELETE `/cdn/{bucket}/{path}`).

use http::{HeaderMap, Method};
use serde::{Deserialize, Serialize};

use super::bucket::SortOrder;
use super::file_api::StorageFileApi;
use super::path::{bucket_and_key, bucket_id, encode_segment, object_key, Tidy};
use super::types::{FileObject, MessageResponse};
use crate::Error;

/// The column `list_v2` sorts by (the server breaks ties by name).
///
/// ```
/// use supabase_core::storage::ListV2SortColumn;
/// assert_eq!(ListV2SortColumn::UpdatedAt.as_str(), "updated_at");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ListV2SortColumn {
    /// `name` (the default).
    #[default]
    Name,
    /// `updated_at`
    UpdatedAt,
    /// `created_at`
    CreatedAt,
}

impl ListV2SortColumn {
    /// The wire value.
    ///
    /// ```
    /// # use supabase_core::storage::ListV2SortColumn;
    /// assert_eq!(ListV2SortColumn::Name.as_str(), "name");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ListV2SortColumn::Name => "name",
            ListV2SortColumn::UpdatedAt => "updated_at",
            ListV2SortColumn::CreatedAt => "created_at",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct SortBy {
    column: ListV2SortColumn,
    order: &'static str,
}

/// Options of `list_v2` (`SearchV2Options`). Only what is set is sent; the server's defaults
/// are a flat listing of up to 1000 objects by name, ascending.
///
/// ```
/// use supabase_core::storage::{ListV2Options, ListV2SortColumn, SortOrder};
/// let o = ListV2Options::new()
///     .prefix("photos/2024/")
///     .limit(100)
///     .with_delimiter(true)
///     .sort_by(ListV2SortColumn::UpdatedAt, SortOrder::Desc);
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[must_use]
pub struct ListV2Options {
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    with_delimiter: Option<bool>,
    #[serde(rename = "sortBy", skip_serializing_if = "Option::is_none")]
    sort_by: Option<SortBy>,
}

impl ListV2Options {
    /// Nothing set.
    ///
    /// ```
    /// # use supabase_core::storage::ListV2Options;
    /// assert_eq!(ListV2Options::new(), ListV2Options::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// At most this many entries per page (the server caps it at 1000).
    ///
    /// ```
    /// # use supabase_core::storage::ListV2Options;
    /// let o = ListV2Options::new().limit(50);
    /// # let _ = o;
    /// ```
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Only keys starting with this text (sent as it is; `photos/` lists inside a folder).
    ///
    /// ```
    /// # use supabase_core::storage::ListV2Options;
    /// let o = ListV2Options::new().prefix("photos/");
    /// # let _ = o;
    /// ```
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// Continue after a page: the `next_cursor` of the previous [`ListV2Result`].
    ///
    /// ```
    /// # use supabase_core::storage::ListV2Options;
    /// let o = ListV2Options::new().cursor("opaque-cursor");
    /// # let _ = o;
    /// ```
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }

    /// Group keys by `/` into folders (one level under the prefix) instead of a flat listing.
    ///
    /// ```
    /// # use supabase_core::storage::ListV2Options;
    /// let o = ListV2Options::new().with_delimiter(true);
    /// # let _ = o;
    /// ```
    pub fn with_delimiter(mut self, with_delimiter: bool) -> Self {
        self.with_delimiter = Some(with_delimiter);
        self
    }

    /// Sort by a column in a direction.
    ///
    /// ```
    /// # use supabase_core::storage::{ListV2Options, ListV2SortColumn, SortOrder};
    /// let o = ListV2Options::new().sort_by(ListV2SortColumn::CreatedAt, SortOrder::Asc);
    /// # let _ = o;
    /// ```
    pub fn sort_by(mut self, column: ListV2SortColumn, order: SortOrder) -> Self {
        self.sort_by = Some(SortBy {
            column,
            order: order.as_str(),
        });
        self
    }
}

/// A folder of a delimited `list_v2` listing: its full prefix, ending with `/`.
///
/// ```
/// use supabase_core::storage::ListV2Folder;
/// let f: ListV2Folder = serde_json::from_str(r#"{"name":"photos/2024/","id":null}"#).unwrap();
/// assert_eq!(f.name, "photos/2024/");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListV2Folder {
    /// The folder's full prefix (`a/b/`).
    pub name: String,
    /// The full key, when the server sends it.
    #[serde(default)]
    pub key: Option<String>,
}

/// One page of `list_v2`.
///
/// ```
/// use supabase_core::storage::ListV2Result;
/// let r: ListV2Result = serde_json::from_str(r#"{"hasNext":true,"nextCursor":"c1","folders":[],
///     "objects":[{"name":"a/x.png","id":"1","metadata":{"size":3}}]}"#).unwrap();
/// assert!(r.has_next);
/// assert_eq!(r.objects[0].name, "a/x.png");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListV2Result {
    /// Whether another page follows.
    #[serde(rename = "hasNext")]
    pub has_next: bool,
    /// Pass it to [`ListV2Options::cursor`] for the next page.
    #[serde(rename = "nextCursor", default)]
    pub next_cursor: Option<String>,
    /// The key the next page starts after, when the server says.
    #[serde(rename = "nextCursorKey", default)]
    pub next_cursor_key: Option<String>,
    /// Folders (with a delimiter only).
    #[serde(default)]
    pub folders: Vec<ListV2Folder>,
    /// Objects; `name` is the full key.
    #[serde(default)]
    pub objects: Vec<FileObject>,
}

impl StorageFileApi {
    /// Lists objects page by page (POST `/object/list-v2/{bucket}`): flat, or grouped into
    /// folders with [`ListV2Options::with_delimiter`]; follow [`ListV2Result::next_cursor`]
    /// while [`ListV2Result::has_next`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "k")?;
    /// use supabase_core::storage::ListV2Options;
    /// let photos = client.storage().from_("photos");
    /// let mut options = ListV2Options::new().prefix("2024/").limit(500);
    /// loop {
    ///     let page = photos.list_v2(options.clone()).await?;
    ///     for o in &page.objects { println!("{}", o.name); }
    ///     match page.next_cursor {
    ///         Some(c) if page.has_next => options = options.cursor(c),
    ///         _ => break,
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_v2(&self, options: ListV2Options) -> Result<ListV2Result, Error> {
        let bucket = bucket_id(&self.bucket)?;
        let url = self
            .storage
            .endpoint(&format!("object/list-v2/{}", encode_segment(bucket)))?;
        self.storage
            .send_serialized(Method::POST, url, &options)
            .await
    }

    /// Purges the CDN cache of one object (DELETE `/cdn/{bucket}/{path}`); with
    /// `transformations_only`, only its transformed variants. Needs the service role key, and
    /// on self-hosted Storage a configured CDN purge endpoint.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), supabase_core::Error> {
    /// # let client = supabase_core::Client::new("https://xyz.supabase.co", "service-role-key")?;
    /// let r = client.storage().from_("avatars").purge_cache("folder/avatar1.png", false).await?;
    /// assert_eq!(r.message, "success");
    /// # Ok(()) }
    /// ```
    pub async fn purge_cache(
        &self,
        path: &str,
        transformations_only: bool,
    ) -> Result<MessageResponse, Error> {
        let bucket = bucket_id(&self.bucket)?;
        let key = object_key(path, Tidy::StripLeading)?;
        let mut url = self
            .storage
            .endpoint(&format!("cdn/{}", bucket_and_key(bucket, &key)))?;
        if transformations_only {
            url.query_pairs_mut().append_pair("transformations", "true");
        }
        self.storage
            .send_json(
                Method::DELETE,
                url,
                Some(&serde_json::json!({})),
                HeaderMap::new(),
            )
            .await
    }
}
