//! The postgres_changes filter builder, with realtime-js's value quoting.

use std::fmt::Display;

/// Builds a postgres_changes filter string with realtime-js's quoting: a value containing
/// `, ( ) " \` or leading/trailing spaces is written `"…"` with `\` and `"` escaped; `in`
/// de-duplicates its values; several conditions are joined by `,`.
///
/// ```
/// use supabase_core::realtime::{IsValue, RealtimeFilter};
///
/// let f = RealtimeFilter::new()
///     .eq("name", "O'Brien, Pat")
///     .in_("id", [1, 2, 2, 3])
///     .is("deleted_at", IsValue::Null)
///     .not("status", "eq", "done");
/// assert_eq!(f.build(), r#"name=eq."O'Brien, Pat",id=in.(1,2,3),deleted_at=is.null,status=not.eq.done"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct RealtimeFilter {
    parts: Vec<String>,
}

/// The right-hand side of an `is` filter.
///
/// ```
/// use supabase_core::realtime::IsValue;
/// assert_eq!(IsValue::Unknown.as_str(), "unknown");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IsValue {
    /// `null`
    Null,
    /// `true`
    True,
    /// `false`
    False,
    /// `unknown`
    Unknown,
}

impl IsValue {
    /// The wire text.
    ///
    /// ```
    /// # use supabase_core::realtime::IsValue;
    /// assert_eq!(IsValue::Null.as_str(), "null");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            IsValue::Null => "null",
            IsValue::True => "true",
            IsValue::False => "false",
            IsValue::Unknown => "unknown",
        }
    }
}

fn scalar(value: &str) -> String {
    let needs = value.contains([',', '(', ')', '"', '\\']) || value != value.trim();
    if needs {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        value.to_owned()
    }
}

macro_rules! ops {
    ($($(#[$doc:meta])* $name:ident => $op:literal;)*) => {$(
        $(#[$doc])*
        pub fn $name(self, column: impl Into<String>, value: impl Display) -> Self {
            self.add(column.into(), concat!($op, "."), scalar(&value.to_string()))
        }
    )*};
}

impl RealtimeFilter {
    /// An empty filter.
    ///
    /// ```
    /// # use supabase_core::realtime::RealtimeFilter;
    /// assert_eq!(RealtimeFilter::new().build(), "");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    fn add(mut self, column: String, op: &str, value: String) -> Self {
        self.parts.push(format!("{column}={op}{value}"));
        self
    }

    ops! {
        /// `column=eq.value`
        ///
        /// ```
        /// # use supabase_core::realtime::RealtimeFilter;
        /// assert_eq!(RealtimeFilter::new().eq("a", " x").build(), "a=eq.\" x\"");
        /// ```
        eq => "eq";
        /// `column=neq.value`
        ///
        /// ```
        /// # use supabase_core::realtime::RealtimeFilter;
        /// assert_eq!(RealtimeFilter::new().neq("a", 1).build(), "a=neq.1");
        /// ```
        neq => "neq";
        /// `column=gt.value`
        ///
        /// ```
        /// # use supabase_core::realtime::RealtimeFilter;
        /// assert_eq!(RealtimeFilter::new().gt("a", 1).build(), "a=gt.1");
        /// ```
        gt => "gt";
        /// `column=gte.value`
        ///
        /// ```
        /// # use supabase_core::realtime::RealtimeFilter;
        /// assert_eq!(RealtimeFilter::new().gte("a", 1).build(), "a=gte.1");
        /// ```
        gte => "gte";
        /// `column=lt.value`
        ///
        /// ```
        /// # use supabase_core::realtime::RealtimeFilter;
        /// assert_eq!(RealtimeFilter::new().lt("a", 1).build(), "a=lt.1");
        /// ```
        lt => "lt";
        /// `column=lte.value`
        ///
        /// ```
        /// # use supabase_core::realtime::RealtimeFilter;
        /// assert_eq!(RealtimeFilter::new().lte("a", 1).build(), "a=lte.1");
        /// ```
        lte => "lte";
        /// `column=like.pattern`
        ///
        /// ```
        /// # use supabase_core::realtime::RealtimeFilter;
        /// assert_eq!(RealtimeFilter::new().like("a", "%x%").build(), "a=like.%x%");
        /// ```
        like => "like";
        /// `column=ilike.pattern`
        ///
        /// ```
        /// # use supabase_core::realtime::RealtimeFilter;
        /// assert_eq!(RealtimeFilter::new().ilike("a", "%x%").build(), "a=ilike.%x%");
        /// ```
        ilike => "ilike";
        /// `column=match.regex`
        ///
        /// ```
        /// # use supabase_core::realtime::RealtimeFilter;
        /// assert_eq!(RealtimeFilter::new().match_("a", "^x").build(), "a=match.^x");
        /// ```
        match_ => "match";
        /// `column=imatch.regex`
        ///
        /// ```
        /// # use supabase_core::realtime::RealtimeFilter;
        /// assert_eq!(RealtimeFilter::new().imatch("a", "^x").build(), "a=imatch.^x");
        /// ```
        imatch => "imatch";
        /// `column=isdistinct.value`
        ///
        /// ```
        /// # use supabase_core::realtime::RealtimeFilter;
        /// assert_eq!(RealtimeFilter::new().is_distinct("a", 1).build(), "a=isdistinct.1");
        /// ```
        is_distinct => "isdistinct";
    }

    /// `column=in.(a,b)`, values de-duplicated (first occurrence kept), each quoted if needed.
    ///
    /// ```
    /// # use supabase_core::realtime::RealtimeFilter;
    /// assert_eq!(RealtimeFilter::new().in_("a", ["x", "y,z", "x"]).build(), "a=in.(x,\"y,z\")");
    /// ```
    pub fn in_<V: Display>(
        self,
        column: impl Into<String>,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let mut seen: Vec<String> = Vec::new();
        for v in values {
            let s = v.to_string();
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
        let list: Vec<String> = seen.iter().map(|s| scalar(s)).collect();
        self.add(column.into(), "in.", format!("({})", list.join(",")))
    }

    /// `column=is.null|true|false|unknown`.
    ///
    /// ```
    /// # use supabase_core::realtime::{IsValue, RealtimeFilter};
    /// assert_eq!(RealtimeFilter::new().is("a", IsValue::True).build(), "a=is.true");
    /// ```
    pub fn is(self, column: impl Into<String>, value: IsValue) -> Self {
        self.add(column.into(), "is.", value.as_str().to_owned())
    }

    /// `column=not.<operator>.value` (the value quoted like the others).
    ///
    /// ```
    /// # use supabase_core::realtime::RealtimeFilter;
    /// assert_eq!(RealtimeFilter::new().not("a", "like", "x(y)").build(), "a=not.like.\"x(y)\"");
    /// ```
    pub fn not(self, column: impl Into<String>, operator: &str, value: impl Display) -> Self {
        let op = format!("not.{operator}.");
        self.add(column.into(), &op, scalar(&value.to_string()))
    }

    /// The filter string.
    ///
    /// ```
    /// # use supabase_core::realtime::RealtimeFilter;
    /// assert_eq!(RealtimeFilter::new().eq("a", 1).eq("b", 2).build(), "a=eq.1,b=eq.2");
    /// ```
    pub fn build(&self) -> String {
        self.parts.join(",")
    }
}

impl From<RealtimeFilter> for String {
    fn from(f: RealtimeFilter) -> String {
        f.build()
    }
}
