//! Options of `list` (POST `/object/list/{bucket}`).

use serde_json::{json, Value};

use super::bucket::SortOrder;

/// The column `list` sorts by.
///
/// ```
/// use supabase_core::storage::ObjectSortColumn;
/// assert_eq!(ObjectSortColumn::UpdatedAt.as_str(), "updated_at");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ObjectSortColumn {
    /// `name` (the default).
    #[default]
    Name,
    /// `created_at`
    CreatedAt,
    /// `updated_at`
    UpdatedAt,
    /// `last_accessed_at`
    LastAccessedAt,
}

impl ObjectSortColumn {
    /// The wire value.
    ///
    /// ```
    /// # use supabase_core::storage::ObjectSortColumn;
    /// assert_eq!(ObjectSortColumn::Name.as_str(), "name");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectSortColumn::Name => "name",
            ObjectSortColumn::CreatedAt => "created_at",
            ObjectSortColumn::UpdatedAt => "updated_at",
            ObjectSortColumn::LastAccessedAt => "last_accessed_at",
        }
    }
}

/// Paging, sorting and search of `list` (`SearchOptions`). Defaults as storage-js: limit 100,
/// offset 0, sorted by name ascending, no search.
///
/// ```
/// use supabase_core::storage::{ObjectSortColumn, SearchOptions, SortOrder};
/// let o = SearchOptions::new().limit(10).offset(5).sort_by(ObjectSortColumn::Name, SortOrder::Desc).search("cat");
/// # let _ = o;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct SearchOptions {
    limit: u64,
    offset: u64,
    column: ObjectSortColumn,
    order: SortOrder,
    search: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 100,
            offset: 0,
            column: ObjectSortColumn::Name,
            order: SortOrder::Asc,
            search: None,
        }
    }
}

impl SearchOptions {
    /// The defaults.
    ///
    /// ```
    /// # use supabase_core::storage::SearchOptions;
    /// assert_eq!(SearchOptions::new(), SearchOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// At most this many entries (default 100).
    ///
    /// ```
    /// # use supabase_core::storage::SearchOptions;
    /// let o = SearchOptions::new().limit(1000);
    /// # let _ = o;
    /// ```
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = limit;
        self
    }

    /// Skip this many entries.
    ///
    /// ```
    /// # use supabase_core::storage::SearchOptions;
    /// let o = SearchOptions::new().offset(100);
    /// # let _ = o;
    /// ```
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = offset;
        self
    }

    /// Sort by a column in a direction.
    ///
    /// ```
    /// # use supabase_core::storage::{ObjectSortColumn, SearchOptions, SortOrder};
    /// let o = SearchOptions::new().sort_by(ObjectSortColumn::CreatedAt, SortOrder::Desc);
    /// # let _ = o;
    /// ```
    pub fn sort_by(mut self, column: ObjectSortColumn, order: SortOrder) -> Self {
        self.column = column;
        self.order = order;
        self
    }

    /// Only entries whose name contains this text.
    ///
    /// ```
    /// # use supabase_core::storage::SearchOptions;
    /// let o = SearchOptions::new().search("2024");
    /// # let _ = o;
    /// ```
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    /// `{limit, offset, sortBy:{column, order}, search?, prefix}`, in storage-js order.
    pub(crate) fn body(&self, prefix: &str) -> Value {
        let mut body = json!({
            "limit": self.limit,
            "offset": self.offset,
            "sortBy": { "column": self.column.as_str(), "order": self.order.as_str() },
        });
        if let (Some(search), Some(map)) = (&self.search, body.as_object_mut()) {
            map.insert("search".into(), json!(search));
        }
        if let Some(map) = body.as_object_mut() {
            map.insert("prefix".into(), json!(prefix));
        }
        body
    }
}
