//! Filters: each appends one `column=operator.value` query pair.
//!
//! Values of single-valued operators (`eq`, `like`, ranges, …) are sent as written, each in its
//! own query pair, so they cannot reach another filter. List values (`in_`, `not_in`) are quoted by
//! PostgREST's URL grammar and array values by Postgres's array-literal rules (see [`quote_list_value`]
//! and [`array_literal`]). `or_`, `filter` and the raw forms take PostgREST syntax as written.
//!
//! [`quote_list_value`]: crate::quote_list_value
//! [`array_literal`]: crate::array_literal

use std::fmt::{Display, Write as _};

use super::encode::{push_array_literal, push_list};
use super::filter_builder::FilterBuilder;
use crate::{ContainValue, IsValue, TextSearchOptions};

macro_rules! scalar_filter {
    ($(#[$doc:meta])* $name:ident => $op:literal) => {
        $(#[$doc])*
        pub fn $name(self, column: &str, value: impl Display) -> Self {
            self.push_filter(column, $op, value)
        }
    };
}

macro_rules! pattern_list_filter {
    ($(#[$doc:meta])* $name:ident => $op:literal) => {
        $(#[$doc])*
        pub fn $name<I>(self, column: &str, patterns: I) -> Self
        where
            I: IntoIterator,
            I::Item: Display,
        {
            self.push_filter_with(column, $op, |buf| push_array_literal(buf, patterns))
        }
    };
}

macro_rules! range_filter {
    ($(#[$doc:meta])* $name:ident => $op:literal) => {
        $(#[$doc])*
        pub fn $name(self, column: &str, range: impl Display) -> Self {
            self.push_filter(column, $op, range)
        }
    };
}

impl FilterBuilder {
    /// Appends `column=[not.]op.value`, consuming a pending [`FilterBuilder::not_`].
    pub(crate) fn push_filter(self, column: &str, operator: &str, value: impl Display) -> Self {
        self.push_filter_with(column, operator, |buf| {
            let _ = write!(buf, "{value}");
        })
    }

    /// [`FilterBuilder::push_filter`] with the value written straight into the query buffer.
    pub(crate) fn push_filter_with(
        mut self,
        column: &str,
        operator: &str,
        value: impl FnOnce(&mut String),
    ) -> Self {
        let negate = std::mem::take(&mut self.negate_next);
        self.query.append(column, |buf| {
            if negate {
                buf.push_str("not.");
            }
            buf.push_str(operator);
            buf.push('.');
            value(buf);
        });
        self
    }

    scalar_filter!(
        /// `column = value`.
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let client = Client::new("http://h", "k").unwrap();
        /// let req = client.from("t").select("*").eq("name", "Côte d'Ivoire").build().unwrap();
        /// assert_eq!(req.query_pairs()[1].1, "eq.Côte d'Ivoire");
        /// ```
        eq => "eq"
    );
    scalar_filter!(
        /// `column <> value`.
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").neq("id", 1).build().unwrap().query_pairs()[1].1, "neq.1");
        /// ```
        neq => "neq"
    );
    scalar_filter!(
        /// `column > value`.
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").gt("n", 1.5).build().unwrap().query_pairs()[1].1, "gt.1.5");
        /// ```
        gt => "gt"
    );
    scalar_filter!(
        /// `column >= value`.
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").gte("n", -2).build().unwrap().query_pairs()[1].1, "gte.-2");
        /// ```
        gte => "gte"
    );
    scalar_filter!(
        /// `column < value`.
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").lt("d", "2020-01-01").build().unwrap().query_pairs()[1].1, "lt.2020-01-01");
        /// ```
        lt => "lt"
    );
    scalar_filter!(
        /// `column <= value`.
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").lte("n", 3).build().unwrap().query_pairs()[1].1, "lte.3");
        /// ```
        lte => "lte"
    );
    scalar_filter!(
        /// `column LIKE pattern` (`%` or `*` as wildcard).
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").like("name", "%an%").build().unwrap().query_pairs()[1].1, "like.%an%");
        /// ```
        like => "like"
    );
    scalar_filter!(
        /// `column ILIKE pattern` (case-insensitive).
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").ilike("name", "%AN%").build().unwrap().query_pairs()[1].1, "ilike.%AN%");
        /// ```
        ilike => "ilike"
    );
    scalar_filter!(
        /// `column ~ pattern` (POSIX regular expression; PostgREST's `match`).
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").regex_match("name", "^A.*").build().unwrap().query_pairs()[1].1, "match.^A.*");
        /// ```
        #[doc(alias = "match")]
        regex_match => "match"
    );
    scalar_filter!(
        /// `column ~* pattern` (case-insensitive regular expression; PostgREST's `imatch`).
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").regex_imatch("name", "^a").build().unwrap().query_pairs()[1].1, "imatch.^a");
        /// ```
        #[doc(alias = "imatch")]
        regex_imatch => "imatch"
    );
    scalar_filter!(
        /// `column IS DISTINCT FROM value` (NULL-safe inequality).
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").is_distinct("n", 1).build().unwrap().query_pairs()[1].1, "isdistinct.1");
        /// ```
        is_distinct => "isdistinct"
    );

    pattern_list_filter!(
        /// `column LIKE ALL (patterns)`.
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").like_all_of("name", ["%a%", "%b%"]).build().unwrap().query_pairs()[1].1, "like(all).{%a%,%b%}");
        /// ```
        like_all_of => "like(all)"
    );
    pattern_list_filter!(
        /// `column LIKE ANY (patterns)`.
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").like_any_of("name", ["A%", "B%"]).build().unwrap().query_pairs()[1].1, "like(any).{A%,B%}");
        /// ```
        like_any_of => "like(any)"
    );
    pattern_list_filter!(
        /// `column ILIKE ALL (patterns)`.
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").ilike_all_of("name", ["%a%"]).build().unwrap().query_pairs()[1].1, "ilike(all).{%a%}");
        /// ```
        ilike_all_of => "ilike(all)"
    );
    pattern_list_filter!(
        /// `column ILIKE ANY (patterns)`.
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").ilike_any_of("name", ["a%", "% b", " c"]).build().unwrap().query_pairs()[1].1, r#"ilike(any).{a%,% b," c"}"#);
        /// ```
        ilike_any_of => "ilike(any)"
    );

    range_filter!(
        /// Range column strictly right of `range` (`sr`, `>>`).
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").range_gt("r", "[2,5)").build().unwrap().query_pairs()[1].1, "sr.[2,5)");
        /// ```
        range_gt => "sr"
    );
    range_filter!(
        /// Range column does not extend left of `range` (`nxl`, `&>`).
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").range_gte("r", "[2,5)").build().unwrap().query_pairs()[1].1, "nxl.[2,5)");
        /// ```
        range_gte => "nxl"
    );
    range_filter!(
        /// Range column strictly left of `range` (`sl`, `<<`).
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").range_lt("r", "[2,5)").build().unwrap().query_pairs()[1].1, "sl.[2,5)");
        /// ```
        range_lt => "sl"
    );
    range_filter!(
        /// Range column does not extend right of `range` (`nxr`, `&<`).
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").range_lte("r", "[2,5)").build().unwrap().query_pairs()[1].1, "nxr.[2,5)");
        /// ```
        range_lte => "nxr"
    );
    range_filter!(
        /// Range column adjacent to `range` (`adj`, `-|-`).
        ///
        /// ```
        /// # use supabase_core::Client;
        /// let c = Client::new("http://h", "k").unwrap();
        /// assert_eq!(c.from("t").select("*").range_adjacent("r", "[2,5)").build().unwrap().query_pairs()[1].1, "adj.[2,5)");
        /// ```
        range_adjacent => "adj"
    );

    /// `column IS NULL | TRUE | FALSE | UNKNOWN`.
    ///
    /// ```
    /// # use supabase_core::{Client, IsValue};
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").is_("deleted_at", IsValue::Null).is_("done", true).build().unwrap();
    /// assert_eq!(req.query_pairs()[1].1, "is.null");
    /// assert_eq!(req.query_pairs()[2].1, "is.true");
    /// ```
    pub fn is_(self, column: &str, value: impl Into<IsValue>) -> Self {
        self.push_filter(column, "is", value.into())
    }

    /// `column IN (values)`. Values are de-duplicated and quoted by PostgREST's grammar when needed.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").in_("name", ["Mars", "St. Kitts (and Nevis)"]).build().unwrap();
    /// assert_eq!(req.query_pairs()[1].1, r#"in.(Mars,"St. Kitts (and Nevis)")"#);
    /// ```
    pub fn in_<I>(self, column: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        self.push_filter_with(column, "in", |buf| push_list(buf, values))
    }

    /// `column NOT IN (values)`.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").select("*").not_in("id", [1, 2]).build().unwrap().query_pairs()[1].1, "not.in.(1,2)");
    /// ```
    pub fn not_in<I>(mut self, column: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        if self.negate_next {
            self.fail("not_() cannot negate not_in(); use in_()".to_owned());
        }
        self.push_filter_with(column, "not.in", |buf| push_list(buf, values))
    }

    /// Array, range or jsonb column contains `value` (`cs`, `@>`).
    ///
    /// ```
    /// # use supabase_core::{Client, ContainValue};
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*")
    ///     .contains("tags", ContainValue::array(["a", "b"]))
    ///     .contains("meta", serde_json::json!({"k": 1}))
    ///     .build().unwrap();
    /// assert_eq!(req.query_pairs()[1].1, "cs.{a,b}");
    /// assert_eq!(req.query_pairs()[2].1, r#"cs.{"k":1}"#);
    /// ```
    pub fn contains(self, column: &str, value: impl Into<ContainValue>) -> Self {
        self.push_filter(column, "cs", value.into())
    }

    /// Array, range or jsonb column is contained by `value` (`cd`, `<@`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").select("*").contained_by("tags", vec!["a"]).build().unwrap().query_pairs()[1].1, "cd.{a}");
    /// ```
    pub fn contained_by(self, column: &str, value: impl Into<ContainValue>) -> Self {
        self.push_filter(column, "cd", value.into())
    }

    /// Array or range column overlaps `value` (`ov`, `&&`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").select("*").overlaps("tags", vec!["is:closed", "severity:high"]).build().unwrap().query_pairs()[1].1, "ov.{is:closed,severity:high}");
    /// ```
    pub fn overlaps(self, column: &str, value: impl Into<ContainValue>) -> Self {
        self.push_filter(column, "ov", value.into())
    }

    /// Full-text search on a text or tsvector column (`fts`, `plfts`, `phfts`, `wfts`, with a config).
    ///
    /// ```
    /// # use supabase_core::{Client, TextSearchOptions, TextSearchType};
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*")
    ///     .text_search("body", "cat & dog", TextSearchOptions::new())
    ///     .text_search("body", "fat cats", TextSearchOptions::new().search_type(TextSearchType::Plain).config("english"))
    ///     .build().unwrap();
    /// assert_eq!(req.query_pairs()[1].1, "fts.cat & dog");
    /// assert_eq!(req.query_pairs()[2].1, "plfts(english).fat cats");
    /// ```
    pub fn text_search(
        self,
        column: &str,
        query: impl Display,
        options: TextSearchOptions,
    ) -> Self {
        let operator = options.operator();
        self.push_filter(column, &operator, query)
    }

    /// One `eq` per pair: rows where every column equals its value (the Python client's `match`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").match_([("id", "2"), ("name", "Earth")]).build().unwrap();
    /// assert_eq!(req.query_pairs()[1], ("id".to_owned(), "eq.2".to_owned()));
    /// assert_eq!(req.query_pairs()[2], ("name".to_owned(), "eq.Earth".to_owned()));
    /// ```
    pub fn match_<I, K, V>(mut self, pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Display,
    {
        if self.negate_next {
            self.fail("not_() cannot negate match_(); negate each filter instead".to_owned());
            return self;
        }
        for (column, value) in pairs {
            self.query.append(column.as_ref(), |buf| {
                let _ = write!(buf, "eq.{value}");
            });
        }
        self
    }

    /// Negates the next filter, like the Python client's `.not_.eq(...)`:
    /// `.not_().eq("a", 1)` sends `a=not.eq.1`; `.not_().or_(…)` sends `not.or=(…)`.
    ///
    /// ```
    /// # use supabase_core::{Client, IsValue};
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").not_().is_("name", IsValue::Null).build().unwrap();
    /// assert_eq!(req.query_pairs()[1].1, "not.is.null");
    /// assert!(c.from("t").select("*").not_().build().is_err());
    /// ```
    #[inline]
    pub fn not_(mut self) -> Self {
        if self.negate_next {
            self.fail("not_() was called twice in a row".to_owned());
        }
        self.negate_next = true;
        self
    }

    /// Rows matching at least one of `filters`, written in PostgREST syntax
    /// (`id.eq.2,name.eq.Mars`, `and(...)` nests). Sent as `or=(filters)`. Quote values with
    /// reserved characters yourself, e.g. with [`quote_list_value`](crate::quote_list_value).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").or_("id.eq.2,name.eq.Mars").build().unwrap();
    /// assert_eq!(req.query_pairs()[1], ("or".to_owned(), "(id.eq.2,name.eq.Mars)".to_owned()));
    /// ```
    pub fn or_(mut self, filters: &str) -> Self {
        let key = if std::mem::take(&mut self.negate_next) {
            "not.or"
        } else {
            "or"
        };
        self.query.append(key, |buf| {
            buf.push('(');
            buf.push_str(filters);
            buf.push(')');
        });
        self
    }

    /// [`FilterBuilder::or_`] on the rows of an embedded (referenced) table: `<table>.or=(filters)`.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("countries").select("name, cities(name)")
    ///     .or_referenced("cities", "name.eq.Paris,name.eq.Lyon").build().unwrap();
    /// assert_eq!(req.query_pairs()[1].0, "cities.or");
    /// ```
    pub fn or_referenced(mut self, referenced_table: &str, filters: &str) -> Self {
        let key = if std::mem::take(&mut self.negate_next) {
            format!("{referenced_table}.not.or")
        } else {
            format!("{referenced_table}.or")
        };
        self.query.append(&key, |buf| {
            buf.push('(');
            buf.push_str(filters);
            buf.push(')');
        });
        self
    }

    /// A raw filter: `column=operator.value`, sent as written (the escape hatch).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").filter("name", "in", r#"("Mars","Tatooine")"#).build().unwrap();
    /// assert_eq!(req.query_pairs()[1].1, r#"in.("Mars","Tatooine")"#);
    /// ```
    pub fn filter(self, column: &str, operator: &str, value: impl Display) -> Self {
        self.push_filter(column, operator, value)
    }
}
