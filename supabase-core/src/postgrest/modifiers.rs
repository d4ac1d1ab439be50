//! Modifiers: ordering, paging, and the shape of the response.

use super::filter_builder::{AcceptOp, FilterBuilder, Format};
use crate::{ExplainOptions, Order};

impl FilterBuilder {
    /// Orders by `column`; call again to add more columns (`order=a.asc,b.desc`).
    ///
    /// ```
    /// # use supabase_core::{Client, Order};
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").order("name", Order::desc().nulls_first()).build().unwrap();
    /// assert_eq!(req.query_pairs()[1], ("order".to_owned(), "name.desc.nullsfirst".to_owned()));
    /// ```
    #[inline]
    pub fn order(mut self, column: &str, order: Order) -> Self {
        let referenced_key;
        let key = match &order.referenced_table {
            Some(table) => {
                referenced_key = format!("{table}.order");
                referenced_key.as_str()
            }
            None => "order",
        };
        self.query.extend(key, ',', |buf| {
            buf.push_str(column);
            buf.push_str(if order.descending { ".desc" } else { ".asc" });
            match order.nulls_first {
                Some(true) => buf.push_str(".nullsfirst"),
                Some(false) => buf.push_str(".nullslast"),
                None => {}
            }
        });
        self
    }

    /// Returns at most `count` rows (`limit=`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").select("*").limit(5).build().unwrap().query_pairs()[1].1, "5");
    /// ```
    #[inline]
    pub fn limit(mut self, count: u64) -> Self {
        self.query.set_u64("limit", count);
        self
    }

    /// Skips the first `count` rows (`offset=`), without a limit: SQL's `OFFSET n` alone. With a
    /// limit, [`FilterBuilder::range`] sets both.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").select("*").offset(5).build().unwrap().query_pairs()[1], ("offset".to_owned(), "5".to_owned()));
    /// ```
    pub fn offset(mut self, count: u64) -> Self {
        self.query.set_u64("offset", count);
        self
    }

    /// Limits the rows of an embedded (referenced) table (`<table>.limit=`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("countries").select("name, cities(name)").limit_referenced("cities", 2).build().unwrap();
    /// assert_eq!(req.query_pairs()[1], ("cities.limit".to_owned(), "2".to_owned()));
    /// ```
    pub fn limit_referenced(mut self, referenced_table: &str, count: u64) -> Self {
        self.query
            .set_u64(&format!("{referenced_table}.limit"), count);
        self
    }

    /// Rows `from` to `to`, both inclusive and 0-based (`offset=from&limit=to-from+1`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").range(1, 3).build().unwrap();
    /// assert_eq!(&req.query_pairs()[1..], &[("offset".to_owned(), "1".to_owned()), ("limit".to_owned(), "3".to_owned())]);
    /// assert!(c.from("t").select("*").range(3, 1).build().is_err());
    /// ```
    #[inline]
    pub fn range(self, from: u64, to: u64) -> Self {
        self.range_with_keys("offset".to_owned(), "limit".to_owned(), from, to)
    }

    /// [`FilterBuilder::range`] on an embedded (referenced) table (`<table>.offset`, `<table>.limit`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("countries").select("name, cities(name)").range_referenced("cities", 0, 1).build().unwrap();
    /// assert_eq!(req.query_pairs()[1].0, "cities.offset");
    /// ```
    pub fn range_referenced(self, referenced_table: &str, from: u64, to: u64) -> Self {
        self.range_with_keys(
            format!("{referenced_table}.offset"),
            format!("{referenced_table}.limit"),
            from,
            to,
        )
    }

    fn range_with_keys(
        mut self,
        offset_key: String,
        limit_key: String,
        from: u64,
        to: u64,
    ) -> Self {
        if to < from {
            self.fail(format!(
                "range({from}, {to}): the end comes before the start"
            ));
            return self;
        }
        self.query.set_u64(&offset_key, from);
        self.query.set_u64(&limit_key, to - from + 1);
        self
    }

    /// Exactly one row as an object (`Accept: application/vnd.pgrst.object+json`); the server
    /// answers 406 `PGRST116` for zero or several rows.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").eq("id", 1).single().build().unwrap();
    /// assert_eq!(req.header("accept"), Some("application/vnd.pgrst.object+json"));
    /// ```
    pub fn single(mut self) -> Self {
        self.format = Some(Format::Single);
        self.extras_mut()
            .accept_ops
            .push(AcceptOp::Set("application/vnd.pgrst.object+json"));
        self
    }

    /// Zero or one row: `data` is `null` for no row, the object for one, and a 406 `PGRST116`
    /// error for several. Decided on the client; the request is unchanged (like postgrest-js).
    /// Deserialize into `Option<Row>`.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").eq("id", 1).maybe_single().build().unwrap();
    /// assert_eq!(req.header("accept"), None);
    /// ```
    pub fn maybe_single(mut self) -> Self {
        self.maybe_single = true;
        self
    }

    /// The rows as CSV text (`Accept: text/csv`); deserialize `data` into a `String`.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").select("*").csv().build().unwrap().header("accept"), Some("text/csv"));
    /// ```
    pub fn csv(mut self) -> Self {
        self.format = Some(Format::Csv);
        self.extras_mut().accept_ops.push(AcceptOp::Set("text/csv"));
        self
    }

    /// The rows as a GeoJSON feature collection (`Accept: application/geo+json`; needs PostGIS).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// assert_eq!(c.from("t").select("*").geojson().build().unwrap().header("accept"), Some("application/geo+json"));
    /// ```
    pub fn geojson(mut self) -> Self {
        self.format = Some(Format::GeoJson);
        self.extras_mut()
            .accept_ops
            .push(AcceptOp::Set("application/geo+json"));
        self
    }

    /// The query plan instead of rows (`Accept: application/vnd.pgrst.plan+…`). Needs
    /// `db-plan-enabled` on the server. Text plans deserialize into a `String`.
    ///
    /// ```
    /// # use supabase_core::{Client, ExplainOptions};
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").explain(ExplainOptions::default()).build().unwrap();
    /// assert_eq!(req.header("accept"), Some(r#"application/vnd.pgrst.plan+text; for="application/json"; options=;"#));
    /// ```
    pub fn explain(mut self, options: ExplainOptions) -> Self {
        self.explain = Some(options);
        self.extras_mut()
            .accept_ops
            .push(AcceptOp::Explain(options));
        self
    }

    /// Leaves null-valued keys out of the returned objects (`nulls=stripped`). Not with `csv()`.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").select("*").strip_nulls().build().unwrap();
    /// assert_eq!(req.header("accept"), Some("application/vnd.pgrst.array+json;nulls=stripped"));
    /// assert!(c.from("t").select("*").csv().strip_nulls().build().is_err());
    /// ```
    pub fn strip_nulls(mut self) -> Self {
        self.strip_nulls = true;
        self
    }

    /// Runs the request in a transaction that is rolled back (`Prefer: tx=rollback`), when the
    /// server allows it (`db-tx-end = commit-allow-override`).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").delete().eq("id", 1).rollback().build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("tx=rollback"));
    /// ```
    pub fn rollback(mut self) -> Self {
        self.extras_mut().prefer_tail.push("tx=rollback".to_owned());
        self
    }

    /// Fails the write when it would affect more than `rows` rows
    /// (`Prefer: handling=strict, max-affected=n`; PostgREST 13+).
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let c = Client::new("http://h", "k").unwrap();
    /// let req = c.from("t").delete().eq("k", 1).max_affected(1).build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("handling=strict, max-affected=1"));
    /// ```
    pub fn max_affected(mut self, rows: u64) -> Self {
        let prefer = &mut self.extras_mut().prefer_tail;
        prefer.push("handling=strict".to_owned());
        prefer.push(format!("max-affected={rows}"));
        self
    }
}
