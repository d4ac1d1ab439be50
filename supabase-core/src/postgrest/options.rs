//! Small option types taken by the query builder.

use std::fmt;

/// How PostgREST counts rows (`Prefer: count=…`).
///
/// ```
/// use supabase_core::{Client, CountMethod};
/// let client = Client::new("http://h", "k").unwrap();
/// let req = client.from("t").select("*").count(CountMethod::Exact).build().unwrap();
/// assert_eq!(req.header("prefer"), Some("count=exact"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountMethod {
    /// An exact `COUNT(*)`: correct but slow on big tables.
    Exact,
    /// The planner's estimate: fast, approximate.
    Planned,
    /// Exact for small counts, planned above PostgREST's `db-max-rows`.
    Estimated,
}

impl CountMethod {
    /// The value used in the `Prefer` header.
    ///
    /// ```
    /// assert_eq!(supabase_core::CountMethod::Planned.as_str(), "planned");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CountMethod::Exact => "exact",
            CountMethod::Planned => "planned",
            CountMethod::Estimated => "estimated",
        }
    }
}

/// What a write returns (`Prefer: return=…`).
///
/// ```
/// use supabase_core::{Client, ReturnMethod};
/// let client = Client::new("http://h", "k").unwrap();
/// let req = client.from("t").insert(serde_json::json!({"a": 1}))
///     .returning(ReturnMethod::Representation).build().unwrap();
/// assert_eq!(req.header("prefer"), Some("return=representation"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnMethod {
    /// No body (PostgREST's default for writes).
    Minimal,
    /// The written rows.
    Representation,
}

impl ReturnMethod {
    /// The value used in the `Prefer` header.
    ///
    /// ```
    /// assert_eq!(supabase_core::ReturnMethod::Minimal.as_str(), "minimal");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnMethod::Minimal => "minimal",
            ReturnMethod::Representation => "representation",
        }
    }
}

/// Direction and null placement for [`FilterBuilder::order`](crate::FilterBuilder::order).
///
/// ```
/// use supabase_core::{Client, Order};
/// let client = Client::new("http://h", "k").unwrap();
/// let req = client.from("t").select("*")
///     .order("name", Order::desc().nulls_last())
///     .order("id", Order::asc())
///     .build().unwrap();
/// assert_eq!(req.query_pairs()[1], ("order".to_owned(), "name.desc.nullslast,id.asc".to_owned()));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Order {
    pub(crate) descending: bool,
    pub(crate) nulls_first: Option<bool>,
    pub(crate) referenced_table: Option<String>,
}

impl Order {
    /// Ascending (the default).
    ///
    /// ```
    /// assert_eq!(supabase_core::Order::asc(), supabase_core::Order::default());
    /// ```
    pub fn asc() -> Self {
        Order::default()
    }

    /// Descending.
    ///
    /// ```
    /// let _ = supabase_core::Order::desc();
    /// ```
    pub fn desc() -> Self {
        Order {
            descending: true,
            ..Order::default()
        }
    }

    /// Puts NULLs first (`.nullsfirst`).
    ///
    /// ```
    /// let _ = supabase_core::Order::asc().nulls_first();
    /// ```
    #[must_use]
    pub fn nulls_first(mut self) -> Self {
        self.nulls_first = Some(true);
        self
    }

    /// Puts NULLs last (`.nullslast`).
    ///
    /// ```
    /// let _ = supabase_core::Order::desc().nulls_last();
    /// ```
    #[must_use]
    pub fn nulls_last(mut self) -> Self {
        self.nulls_first = Some(false);
        self
    }

    /// Orders the rows of an embedded (referenced) table instead (`<table>.order=`).
    ///
    /// ```
    /// use supabase_core::{Client, Order};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("countries").select("name, cities(name)")
    ///     .order("name", Order::desc().referenced_table("cities")).build().unwrap();
    /// assert_eq!(req.query_pairs()[1].0, "cities.order");
    /// ```
    #[must_use]
    pub fn referenced_table(mut self, table: impl Into<String>) -> Self {
        self.referenced_table = Some(table.into());
        self
    }
}

/// The kind of full-text search for [`FilterBuilder::text_search`](crate::FilterBuilder::text_search).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextSearchType {
    /// `plainto_tsquery` (`plfts`).
    Plain,
    /// `phraseto_tsquery` (`phfts`).
    Phrase,
    /// `websearch_to_tsquery` (`wfts`).
    Websearch,
}

/// Options for [`FilterBuilder::text_search`](crate::FilterBuilder::text_search).
///
/// ```
/// use supabase_core::{Client, TextSearchOptions, TextSearchType};
/// let client = Client::new("http://h", "k").unwrap();
/// let req = client.from("t").select("*")
///     .text_search("body", "'eggs' & 'ham'",
///         TextSearchOptions::default().search_type(TextSearchType::Websearch).config("english"))
///     .build().unwrap();
/// assert_eq!(req.query_pairs()[1].1, "wfts(english).'eggs' & 'ham'");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSearchOptions {
    pub(crate) search_type: Option<TextSearchType>,
    pub(crate) config: Option<String>,
}

impl TextSearchOptions {
    /// Plain `to_tsquery` semantics (`fts`), no config.
    ///
    /// ```
    /// let _ = supabase_core::TextSearchOptions::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The search type.
    ///
    /// ```
    /// let _ = supabase_core::TextSearchOptions::new().search_type(supabase_core::TextSearchType::Phrase);
    /// ```
    #[must_use]
    pub fn search_type(mut self, search_type: TextSearchType) -> Self {
        self.search_type = Some(search_type);
        self
    }

    /// The text search configuration (`english`, `simple`, ...).
    ///
    /// ```
    /// let _ = supabase_core::TextSearchOptions::new().config("simple");
    /// ```
    #[must_use]
    pub fn config(mut self, config: impl Into<String>) -> Self {
        self.config = Some(config.into());
        self
    }

    pub(crate) fn operator(&self) -> String {
        let prefix = match self.search_type {
            None => "",
            Some(TextSearchType::Plain) => "pl",
            Some(TextSearchType::Phrase) => "ph",
            Some(TextSearchType::Websearch) => "w",
        };
        match &self.config {
            Some(config) => format!("{prefix}fts({config})"),
            None => format!("{prefix}fts"),
        }
    }
}

/// The output format of [`FilterBuilder::explain`](crate::FilterBuilder::explain).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ExplainFormat {
    /// Plain text (the default); the response `data` is a `String`.
    #[default]
    Text,
    /// JSON; the response `data` is the plan as JSON.
    Json,
}

/// Options for [`FilterBuilder::explain`](crate::FilterBuilder::explain).
///
/// ```
/// use supabase_core::{Client, ExplainFormat, ExplainOptions};
/// let client = Client::new("http://h", "k").unwrap();
/// let req = client.from("t").select("*")
///     .explain(ExplainOptions::default().analyze(true).verbose(true).format(ExplainFormat::Json))
///     .build().unwrap();
/// assert_eq!(req.header("accept"),
///     Some(r#"application/vnd.pgrst.plan+json; for="application/json"; options=analyze|verbose;"#));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ExplainOptions {
    pub(crate) analyze: bool,
    pub(crate) verbose: bool,
    pub(crate) settings: bool,
    pub(crate) buffers: bool,
    pub(crate) wal: bool,
    pub(crate) format: ExplainFormat,
}

macro_rules! explain_flag {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        ///
        /// ```
        #[doc = concat!("let _ = supabase_core::ExplainOptions::default().", stringify!($name), "(true);")]
        /// ```
        #[must_use]
        pub fn $name(mut self, on: bool) -> Self {
            self.$name = on;
            self
        }
    };
}

impl ExplainOptions {
    explain_flag!(
        analyze,
        "Runs the query and reports actual times (`EXPLAIN ANALYZE`)."
    );
    explain_flag!(verbose, "Adds output columns and the query identifier.");
    explain_flag!(
        settings,
        "Adds the configuration parameters that affect planning."
    );
    explain_flag!(buffers, "Adds buffer usage.");
    explain_flag!(wal, "Adds WAL record generation.");

    /// The output format.
    ///
    /// ```
    /// let _ = supabase_core::ExplainOptions::default().format(supabase_core::ExplainFormat::Json);
    /// ```
    #[must_use]
    pub fn format(mut self, format: ExplainFormat) -> Self {
        self.format = format;
        self
    }

    pub(crate) fn accept(&self, for_media_type: &str) -> String {
        let flags = [
            (self.analyze, "analyze"),
            (self.verbose, "verbose"),
            (self.settings, "settings"),
            (self.buffers, "buffers"),
            (self.wal, "wal"),
        ];
        let options: Vec<&str> = flags
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| *name)
            .collect();
        let format = match self.format {
            ExplainFormat::Text => "text",
            ExplainFormat::Json => "json",
        };
        format!(
            "application/vnd.pgrst.plan+{format}; for=\"{for_media_type}\"; options={};",
            options.join("|")
        )
    }
}

/// The right-hand side of `is_`: `null`, `true`, `false` or `unknown`.
///
/// ```
/// use supabase_core::IsValue;
/// assert_eq!(IsValue::from(None::<bool>), IsValue::Null);
/// assert_eq!(IsValue::from(true).to_string(), "true");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IsValue {
    /// `IS NULL`.
    Null,
    /// `IS TRUE`.
    True,
    /// `IS FALSE`.
    False,
    /// `IS UNKNOWN`.
    Unknown,
}

impl From<bool> for IsValue {
    fn from(value: bool) -> Self {
        if value {
            IsValue::True
        } else {
            IsValue::False
        }
    }
}

impl From<Option<bool>> for IsValue {
    fn from(value: Option<bool>) -> Self {
        value.map_or(IsValue::Null, IsValue::from)
    }
}

impl fmt::Display for IsValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IsValue::Null => "null",
            IsValue::True => "true",
            IsValue::False => "false",
            IsValue::Unknown => "unknown",
        })
    }
}
