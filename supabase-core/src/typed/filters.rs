//! Typed filters: a column handle of the table and a value of the column's type.
//!
//! Each method checks at compile time that the operator fits the column's type (see the traits
//! in `kinds.rs`) and then calls the untyped filter of the same name with the column's name.

use super::column::ColumnOf;
use super::filter::TypedFilter;
use super::fits::Fits;
use super::kinds::{
    ContainArg, IsValueFor, NullableValue, OrderedValue, OverlapArg, RangeValue, SearchableValue,
    TextValue,
};
use super::table::Table;
use crate::{ContainValue, IsValue, TextSearchOptions};

/// Shared set-up of the examples below.
macro_rules! doc_setup {
    () => {
        concat!(
            "# use supabase_core::*;\n",
            "# #[derive(serde::Deserialize)] struct Country { id: i64, name: String, tags: Vec<String>, note: Option<String>, ok: bool }\n",
            "# impl Table for Country { const SCHEMA: &'static str = \"public\"; const NAME: &'static str = \"countries\";\n",
            "#   const COLUMNS: &'static [&'static str] = &[\"id\", \"name\", \"tags\", \"note\", \"ok\"]; const PRIMARY_KEY: &'static [&'static str] = &[\"id\"]; }\n",
            "# macro_rules! col { ($c:ident, $t:ty) => { #[allow(non_camel_case_types)] #[derive(Clone, Copy)] struct $c;\n",
            "#   impl Column for $c { type Table = Country; type Value = $t; const NAME: &'static str = stringify!($c); } impl ColumnOf<Country> for $c {} } }\n",
            "# col!(id, i64); col!(name, String); col!(tags, Vec<String>); col!(note, Option<String>); col!(ok, bool);\n",
            "# let client = Client::new(\"http://h\", \"k\").unwrap();\n",
            "# let q = || client.from_table::<Country>().select();\n",
        )
    };
}

macro_rules! compare_filter {
    ($name:ident, $sql:literal, $out:literal, $($bound:tt)*) => {
        #[doc = concat!("`column ", $sql, " value` (the untyped [`FilterBuilder::", stringify!($name), "`](crate::FilterBuilder::", stringify!($name), ")).")]
        ///
        /// ```
        #[doc = doc_setup!()]
        #[doc = concat!("let req = q().", stringify!($name), "(id, 7).build().unwrap();")]
        #[doc = concat!("assert_eq!(req.query_pairs()[1].1, \"", $out, "\");")]
        /// ```
        pub fn $name<C, V>(self, column: C, value: V) -> Self
        where
            C: ColumnOf<T>,
            V: Fits<C::Value>,
            $($bound)*
        {
            self.map(|b| b.$name(&crate::quote_field_name(column.name()), value.fit_text()))
        }
    };
}

macro_rules! pattern_filter {
    ($name:ident, $sql:literal, $out:literal) => {
        #[doc = concat!("`column ", $sql, " pattern` on a text column.")]
        ///
        /// ```
        #[doc = doc_setup!()]
        #[doc = concat!("let req = q().", stringify!($name), "(name, \"%land\").build().unwrap();")]
        #[doc = concat!("assert_eq!(req.query_pairs()[1].1, \"", $out, "\");")]
        /// ```
        pub fn $name<C>(self, column: C, pattern: &str) -> Self
        where
            C: ColumnOf<T>,
            C::Value: TextValue<C>,
        {
            self.map(|b| b.$name(&crate::quote_field_name(column.name()), pattern))
        }
    };
}

macro_rules! pattern_list_filter {
    ($name:ident, $sql:literal, $out:literal) => {
        #[doc = concat!("`column ", $sql, " (patterns)` on a text column.")]
        ///
        /// ```
        #[doc = doc_setup!()]
        #[doc = concat!("let req = q().", stringify!($name), "(name, [\"A%\", \"B%\"]).build().unwrap();")]
        #[doc = concat!("assert_eq!(req.query_pairs()[1].1, \"", $out, "\");")]
        /// ```
        pub fn $name<C, I>(self, column: C, patterns: I) -> Self
        where
            C: ColumnOf<T>,
            C::Value: TextValue<C>,
            I: IntoIterator,
            I::Item: AsRef<str>,
        {
            let patterns: Vec<String> = patterns.into_iter().map(|p| p.as_ref().to_owned()).collect();
            self.map(|b| b.$name(&crate::quote_field_name(column.name()), patterns))
        }
    };
}

macro_rules! range_filter {
    ($name:ident, $sql:literal, $op:literal) => {
        #[doc = concat!("Range column ", $sql, " `range` (`", $op, "`); the value is a range of the column's type.")]
        ///
        /// ```
        /// # use supabase_core::*;
        /// # use supabase_core::types::PgRange;
        /// # #[derive(serde::Deserialize)] struct Booking { during: PgRange<i32> }
        /// # impl Table for Booking { const SCHEMA: &'static str = "public"; const NAME: &'static str = "bookings";
        /// #   const COLUMNS: &'static [&'static str] = &["during"]; const PRIMARY_KEY: &'static [&'static str] = &[]; }
        /// # #[allow(non_camel_case_types)] #[derive(Clone, Copy)] struct during;
        /// # impl Column for during { type Table = Booking; type Value = PgRange<i32>; const NAME: &'static str = "during"; }
        /// # impl ColumnOf<Booking> for during {}
        /// # let client = Client::new("http://h", "k").unwrap();
        /// let range: PgRange<i32> = "[1,5)".parse().unwrap();
        #[doc = concat!("let req = client.from_table::<Booking>().select().", stringify!($name), "(during, range).build().unwrap();")]
        #[doc = concat!("assert_eq!(req.query_pairs()[1].1, \"", $op, ".[1,5)\");")]
        /// ```
        pub fn $name<C, V>(self, column: C, range: V) -> Self
        where
            C: ColumnOf<T>,
            C::Value: RangeValue<C>,
            V: Fits<C::Value>,
        {
            self.map(|b| b.$name(&crate::quote_field_name(column.name()), range.fit_text()))
        }
    };
}

impl<T: Table, R> TypedFilter<T, R> {
    compare_filter!(eq, "=", "eq.7",);
    compare_filter!(neq, "<>", "neq.7",);
    compare_filter!(gt, ">", "gt.7", C::Value: OrderedValue<C>);
    compare_filter!(gte, ">=", "gte.7", C::Value: OrderedValue<C>);
    compare_filter!(lt, "<", "lt.7", C::Value: OrderedValue<C>);
    compare_filter!(lte, "<=", "lte.7", C::Value: OrderedValue<C>);

    pattern_filter!(like, "LIKE", "like.%land");
    pattern_filter!(ilike, "ILIKE", "ilike.%land");
    pattern_list_filter!(like_all_of, "LIKE ALL", "like(all).{A%,B%}");
    pattern_list_filter!(like_any_of, "LIKE ANY", "like(any).{A%,B%}");
    pattern_list_filter!(ilike_all_of, "ILIKE ALL", "ilike(all).{A%,B%}");
    pattern_list_filter!(ilike_any_of, "ILIKE ANY", "ilike(any).{A%,B%}");

    range_filter!(range_gt, "strictly right of", "sr");
    range_filter!(range_gte, "does not extend left of", "nxl");
    range_filter!(range_lt, "strictly left of", "sl");
    range_filter!(range_lte, "does not extend right of", "nxr");
    range_filter!(range_adjacent, "adjacent to", "adj");

    /// `column IS NULL | TRUE | FALSE | UNKNOWN` on a nullable or boolean column.
    ///
    /// ```
    #[doc = doc_setup!()]
    /// let req = q().is_(ok, true).is_(note, IsValue::Null).build().unwrap();
    /// assert_eq!(req.query_pairs()[1].1, "is.true");
    /// assert_eq!(req.query_pairs()[2].1, "is.null");
    /// ```
    pub fn is_<C>(self, column: C, value: impl Into<IsValue>) -> Self
    where
        C: ColumnOf<T>,
        C::Value: IsValueFor<C>,
    {
        self.map(|b| b.is_(&crate::quote_field_name(column.name()), value))
    }

    /// `column IS NULL` on a nullable column.
    ///
    /// ```
    #[doc = doc_setup!()]
    /// assert_eq!(q().is_null(note).build().unwrap().query_pairs()[1].1, "is.null");
    /// ```
    pub fn is_null<C>(self, column: C) -> Self
    where
        C: ColumnOf<T>,
        C::Value: NullableValue<C>,
    {
        self.map(|b| b.is_(&crate::quote_field_name(column.name()), IsValue::Null))
    }

    /// `column IS NOT NULL` on a nullable column (`not.is.null`).
    ///
    /// ```
    #[doc = doc_setup!()]
    /// assert_eq!(q().is_not_null(note).build().unwrap().query_pairs()[1].1, "not.is.null");
    /// ```
    pub fn is_not_null<C>(self, column: C) -> Self
    where
        C: ColumnOf<T>,
        C::Value: NullableValue<C>,
    {
        self.map(|b| {
            b.not_()
                .is_(&crate::quote_field_name(column.name()), IsValue::Null)
        })
    }

    /// `column IN (values)`: values of the column's type.
    ///
    /// ```
    #[doc = doc_setup!()]
    /// let req = q().in_(name, ["Mars", "St. Kitts"]).build().unwrap();
    /// assert_eq!(req.query_pairs()[1].1, r#"in.(Mars,"St. Kitts")"#);
    /// ```
    pub fn in_<C, I>(self, column: C, values: I) -> Self
    where
        C: ColumnOf<T>,
        I: IntoIterator,
        I::Item: Fits<C::Value>,
    {
        let values: Vec<String> = values
            .into_iter()
            .map(|v| v.fit_text().into_owned())
            .collect();
        self.map(|b| b.in_(&crate::quote_field_name(column.name()), values))
    }

    /// `column NOT IN (values)`.
    ///
    /// ```
    #[doc = doc_setup!()]
    /// assert_eq!(q().not_in(id, [1, 2]).build().unwrap().query_pairs()[1].1, "not.in.(1,2)");
    /// ```
    pub fn not_in<C, I>(self, column: C, values: I) -> Self
    where
        C: ColumnOf<T>,
        I: IntoIterator,
        I::Item: Fits<C::Value>,
    {
        let values: Vec<String> = values
            .into_iter()
            .map(|v| v.fit_text().into_owned())
            .collect();
        self.map(|b| b.not_in(&crate::quote_field_name(column.name()), values))
    }

    /// Array, jsonb or range column contains `value` (`cs`).
    ///
    /// ```
    #[doc = doc_setup!()]
    /// assert_eq!(q().contains(tags, ["a", "b"]).build().unwrap().query_pairs()[1].1, "cs.{a,b}");
    /// ```
    pub fn contains<C, A>(self, column: C, value: A) -> Self
    where
        C: ColumnOf<T>,
        A: ContainArg<C::Value>,
    {
        let text = value.contain_text();
        self.map(|b| {
            b.contains(
                &crate::quote_field_name(column.name()),
                ContainValue::raw(text),
            )
        })
    }

    /// Array, jsonb or range column is contained by `value` (`cd`).
    ///
    /// ```
    #[doc = doc_setup!()]
    /// assert_eq!(q().contained_by(tags, ["a"]).build().unwrap().query_pairs()[1].1, "cd.{a}");
    /// ```
    pub fn contained_by<C, A>(self, column: C, value: A) -> Self
    where
        C: ColumnOf<T>,
        A: ContainArg<C::Value>,
    {
        let text = value.contain_text();
        self.map(|b| {
            b.contained_by(
                &crate::quote_field_name(column.name()),
                ContainValue::raw(text),
            )
        })
    }

    /// Array or range column shares an element/point with `value` (`ov`).
    ///
    /// ```
    #[doc = doc_setup!()]
    /// assert_eq!(q().overlaps(tags, ["a", "z"]).build().unwrap().query_pairs()[1].1, "ov.{a,z}");
    /// ```
    pub fn overlaps<C, A>(self, column: C, value: A) -> Self
    where
        C: ColumnOf<T>,
        A: OverlapArg<C::Value>,
    {
        let text = value.overlap_text();
        self.map(|b| {
            b.overlaps(
                &crate::quote_field_name(column.name()),
                ContainValue::raw(text),
            )
        })
    }

    /// Full-text search on a text or tsvector column.
    ///
    /// ```
    #[doc = doc_setup!()]
    /// let req = q().text_search(name, "fat & cat", TextSearchOptions::new()).build().unwrap();
    /// assert_eq!(req.query_pairs()[1].1, "fts.fat & cat");
    /// ```
    pub fn text_search<C>(self, column: C, query: &str, options: TextSearchOptions) -> Self
    where
        C: ColumnOf<T>,
        C::Value: SearchableValue<C>,
    {
        self.map(|b| b.text_search(&crate::quote_field_name(column.name()), query, options))
    }

    /// Negates the next filter (the Python client's `not_`).
    ///
    /// ```
    #[doc = doc_setup!()]
    /// assert_eq!(q().not_().eq(name, "Mars").build().unwrap().query_pairs()[1].1, "not.eq.Mars");
    /// ```
    pub fn not_(self) -> Self {
        self.map(|b| b.not_())
    }
}
