//! postgres_changes: bindings, the filter builder (realtime-js quoting), the payload
//! transform with conversion by column type, and typed rows for `Table` types.

use std::fmt::Display;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::RealtimeError;
use super::subscription::Delivery;
use crate::Table;

/// Which changes a binding wants: `*`, `INSERT`, `UPDATE` or `DELETE`.
///
/// ```
/// use supabase_core::realtime::PostgresChangeEvent;
/// assert_eq!(PostgresChangeEvent::All.as_str(), "*");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PostgresChangeEvent {
    /// Every change (`*`).
    All,
    /// `INSERT`.
    Insert,
    /// `UPDATE`.
    Update,
    /// `DELETE`.
    Delete,
}

impl PostgresChangeEvent {
    /// The wire name.
    ///
    /// ```
    /// # use supabase_core::realtime::PostgresChangeEvent;
    /// assert_eq!(PostgresChangeEvent::Delete.as_str(), "DELETE");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PostgresChangeEvent::All => "*",
            PostgresChangeEvent::Insert => "INSERT",
            PostgresChangeEvent::Update => "UPDATE",
            PostgresChangeEvent::Delete => "DELETE",
        }
    }
}

/// A postgres_changes binding: event, schema, optional table and filter.
///
/// ```
/// use supabase_core::realtime::{PostgresChangeEvent, PostgresChangesFilter, RealtimeFilter};
///
/// let binding = PostgresChangesFilter::new(PostgresChangeEvent::Insert)
///     .schema("public")
///     .table("messages")
///     .filter(RealtimeFilter::new().eq("room", "a,b"));
/// assert_eq!(binding.filter_text(), Some("room=eq.\"a,b\""));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct PostgresChangesFilter {
    pub(crate) event: PostgresChangeEvent,
    pub(crate) schema: String,
    pub(crate) table: Option<String>,
    pub(crate) filter: Option<String>,
}

impl PostgresChangesFilter {
    /// A binding for `event` on schema `public`, every table.
    ///
    /// ```
    /// # use supabase_core::realtime::{PostgresChangeEvent, PostgresChangesFilter};
    /// let _ = PostgresChangesFilter::new(PostgresChangeEvent::All);
    /// ```
    pub fn new(event: PostgresChangeEvent) -> Self {
        PostgresChangesFilter {
            event,
            schema: "public".into(),
            table: None,
            filter: None,
        }
    }

    /// A binding on the table of a [`Table`] type.
    ///
    /// ```
    /// # use supabase_core::Table;
    /// # use supabase_core::realtime::{PostgresChangeEvent, PostgresChangesFilter};
    /// #[derive(serde::Deserialize)]
    /// struct Todo { id: i64 }
    /// impl Table for Todo {
    ///     const SCHEMA: &'static str = "app";
    ///     const NAME: &'static str = "todos";
    ///     const COLUMNS: &'static [&'static str] = &["id"];
    ///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
    /// }
    /// let b = PostgresChangesFilter::for_table::<Todo>(PostgresChangeEvent::Update);
    /// assert_eq!(b, PostgresChangesFilter::new(PostgresChangeEvent::Update).schema("app").table("todos"));
    /// ```
    pub fn for_table<T: Table>(event: PostgresChangeEvent) -> Self {
        Self::new(event).schema(T::SCHEMA).table(T::NAME)
    }

    /// The schema (`*` for all).
    ///
    /// ```
    /// # use supabase_core::realtime::{PostgresChangeEvent, PostgresChangesFilter};
    /// let _ = PostgresChangesFilter::new(PostgresChangeEvent::All).schema("*");
    /// ```
    pub fn schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = schema.into();
        self
    }

    /// The table.
    ///
    /// ```
    /// # use supabase_core::realtime::{PostgresChangeEvent, PostgresChangesFilter};
    /// let _ = PostgresChangesFilter::new(PostgresChangeEvent::All).table("todos");
    /// ```
    pub fn table(mut self, table: impl Into<String>) -> Self {
        self.table = Some(table.into());
        self
    }

    /// The row filter: a [`RealtimeFilter`] or a ready `col=op.value` string.
    ///
    /// ```
    /// # use supabase_core::realtime::{PostgresChangeEvent, PostgresChangesFilter};
    /// let b = PostgresChangesFilter::new(PostgresChangeEvent::All).filter("id=eq.1");
    /// assert_eq!(b.filter_text(), Some("id=eq.1"));
    /// ```
    pub fn filter(mut self, filter: impl Into<String>) -> Self {
        self.filter = Some(filter.into());
        self
    }

    /// The filter string sent to the server.
    ///
    /// ```
    /// # use supabase_core::realtime::{PostgresChangeEvent, PostgresChangesFilter};
    /// assert_eq!(PostgresChangesFilter::new(PostgresChangeEvent::All).filter_text(), None);
    /// ```
    pub fn filter_text(&self) -> Option<&str> {
        self.filter.as_deref()
    }

    /// The entry of the join payload's `postgres_changes` list.
    pub(crate) fn to_join_entry(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("event".into(), Value::String(self.event.as_str().into()));
        obj.insert("schema".into(), Value::String(self.schema.clone()));
        if let Some(t) = &self.table {
            obj.insert("table".into(), Value::String(t.clone()));
        }
        if let Some(f) = &self.filter {
            obj.insert("filter".into(), Value::String(f.clone()));
        }
        Value::Object(obj)
    }

    /// Compares with an entry of the join reply (null and missing are equal).
    pub(crate) fn matches_reply(&self, entry: &Value) -> bool {
        let text = |k: &str| entry.get(k).and_then(Value::as_str);
        text("event") == Some(self.event.as_str())
            && text("schema") == Some(self.schema.as_str())
            && text("table") == self.table.as_deref()
            && text("filter") == self.filter.as_deref()
    }
}

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

/// What a `postgres_changes` listener receives: realtime-js's transformed payload, with
/// `record`/`old_record` converted by column type into `new`/`old`.
///
/// Conversion: `bool` `t`/`f` become booleans; `int2/int4/int8/oid` strings become integers
/// (exactly, not through a float); `float4/float8` strings become numbers when finite
/// (`NaN`/`Infinity` stay strings); `json/jsonb` strings are parsed; `timestamp` gets its first
/// space replaced by `T`; `_type` arrays are parsed from `{…}` with quoting and `NULL`, each
/// element converted. Unlike realtime-js, `numeric` text is **kept as a string** so no digit is
/// lost (decode it into a decimal type).
///
/// ```
/// use supabase_core::realtime::PostgresChangePayload;
/// let p = PostgresChangePayload::from_server_data(&serde_json::json!({
///     "schema": "public", "table": "t", "commit_timestamp": "2024-01-01T00:00:00Z",
///     "type": "INSERT", "columns": [{"name": "done", "type": "bool"}],
///     "record": {"done": "t"}, "errors": null
/// }));
/// assert_eq!(p.new["done"], serde_json::json!(true));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PostgresChangePayload {
    /// The schema.
    pub schema: String,
    /// The table.
    pub table: String,
    /// When the transaction committed.
    pub commit_timestamp: String,
    /// `INSERT`, `UPDATE` or `DELETE`.
    pub event_type: String,
    /// The new row (INSERT and UPDATE), else empty.
    pub new: Map<String, Value>,
    /// The old row (UPDATE and DELETE; only the primary key unless REPLICA IDENTITY FULL), else empty.
    pub old: Map<String, Value>,
    /// `errors` as sent.
    pub errors: Value,
}

impl PostgresChangePayload {
    /// Transforms the server's `data` object.
    ///
    /// ```
    /// # use supabase_core::realtime::PostgresChangePayload;
    /// let p = PostgresChangePayload::from_server_data(&serde_json::json!({"type": "DELETE", "columns": [], "old_record": {"id": 1}}));
    /// assert_eq!(p.old["id"], 1);
    /// assert!(p.new.is_empty());
    /// ```
    pub fn from_server_data(data: &Value) -> PostgresChangePayload {
        let text = |k: &str| {
            data.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let event_type = text("type");
        let columns = data
            .get("columns")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let convert = |k: &str| match data.get(k) {
            Some(Value::Object(record)) => convert_change_data(&columns, record),
            _ => Map::new(),
        };
        let new = if event_type == "INSERT" || event_type == "UPDATE" {
            convert("record")
        } else {
            Map::new()
        };
        let old = if event_type == "UPDATE" || event_type == "DELETE" {
            convert("old_record")
        } else {
            Map::new()
        };
        PostgresChangePayload {
            schema: text("schema"),
            table: text("table"),
            commit_timestamp: text("commit_timestamp"),
            event_type,
            new,
            old,
            errors: data.get("errors").cloned().unwrap_or(Value::Null),
        }
    }
}

/// Converts each value of `record` by the type of its column.
pub(crate) fn convert_change_data(
    columns: &[Value],
    record: &Map<String, Value>,
) -> Map<String, Value> {
    record
        .iter()
        .map(|(name, value)| {
            let ty = columns
                .iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
                .and_then(|c| c.get("type"))
                .and_then(Value::as_str);
            let converted = match ty {
                Some(ty) => convert_cell(ty, value.clone()),
                None => value.clone(),
            };
            (name.clone(), converted)
        })
        .collect()
}

pub(crate) fn convert_cell(ty: &str, value: Value) -> Value {
    if let Some(element) = ty.strip_prefix('_') {
        return match &value {
            Value::String(s) => match parse_array(s) {
                Some(items) => Value::Array(
                    items
                        .into_iter()
                        .map(|v| convert_cell(element, v))
                        .collect(),
                ),
                None => value,
            },
            _ => value,
        };
    }
    let Value::String(s) = &value else {
        return value;
    };
    match ty {
        "bool" => match s.as_str() {
            "t" => Value::Bool(true),
            "f" => Value::Bool(false),
            _ => value,
        },
        "int2" | "int4" | "int8" | "oid" => {
            let t = s.trim();
            t.parse::<i64>()
                .map(Value::from)
                .or_else(|_| t.parse::<u64>().map(Value::from))
                .unwrap_or(value)
        }
        "float4" | "float8" => match s.trim().parse::<f64>() {
            Ok(f) if f.is_finite() => serde_json::Number::from_f64(f)
                .map(Value::Number)
                .unwrap_or(value),
            _ => value,
        },
        "json" | "jsonb" => serde_json::from_str(s).unwrap_or(value),
        "timestamp" => Value::String(s.replacen(' ', "T", 1)),
        _ => value,
    }
}

/// Parses a one-dimensional Postgres array literal `{a,"b c",NULL}` into strings and nulls.
fn parse_array(text: &str) -> Option<Vec<Value>> {
    let inner = text.strip_prefix('{')?.strip_suffix('}')?;
    let mut items = Vec::new();
    if inner.is_empty() {
        return Some(items);
    }
    let mut chars = inner.chars().peekable();
    loop {
        let mut item = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            loop {
                match chars.next()? {
                    '\\' => item.push(chars.next()?),
                    '"' => break,
                    c => item.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                item.push(c);
                chars.next();
            }
        }
        items.push(if !quoted && item.eq_ignore_ascii_case("NULL") {
            Value::Null
        } else {
            Value::String(item)
        });
        match chars.next() {
            None => return Some(items),
            Some(',') => continue,
            Some(_) => return None,
        }
    }
}

pub(crate) fn decode_untyped(
    item: Delivery,
) -> Option<Result<PostgresChangePayload, RealtimeError>> {
    match item {
        Delivery::Postgres(p) => Some(Ok((*p).clone())),
        _ => None,
    }
}

/// A database change on a [`Table`] type, the new row decoded into `T`.
///
/// ```
/// use supabase_core::realtime::TableChange;
/// let c: TableChange<u8> = TableChange {
///     schema: "public".into(), table: "t".into(), commit_timestamp: String::new(),
///     event_type: "DELETE".into(), new: None, old: Default::default(), errors: serde_json::Value::Null,
/// };
/// assert!(c.new.is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TableChange<T> {
    /// The schema.
    pub schema: String,
    /// The table.
    pub table: String,
    /// When the transaction committed.
    pub commit_timestamp: String,
    /// `INSERT`, `UPDATE` or `DELETE`.
    pub event_type: String,
    /// The new row for INSERT and UPDATE.
    pub new: Option<T>,
    /// The old values (UPDATE/DELETE). Only the primary key unless REPLICA IDENTITY FULL, so
    /// it stays untyped; see [`TableChange::old_as`].
    pub old: Map<String, Value>,
    /// `errors` as sent.
    pub errors: Value,
}

impl<T> TableChange<T> {
    /// Decodes `old` into a type of your choice (a full row under REPLICA IDENTITY FULL, or a
    /// key-only struct).
    ///
    /// ```
    /// # use supabase_core::realtime::TableChange;
    /// #[derive(serde::Deserialize)] struct Key { id: i64 }
    /// let mut old = serde_json::Map::new();
    /// old.insert("id".into(), 7.into());
    /// let c: TableChange<()> = TableChange { schema: String::new(), table: String::new(),
    ///     commit_timestamp: String::new(), event_type: "DELETE".into(), new: None, old, errors: serde_json::Value::Null };
    /// assert_eq!(c.old_as::<Key>().unwrap().id, 7);
    /// ```
    pub fn old_as<U: DeserializeOwned>(&self) -> Result<U, RealtimeError> {
        let v = Value::Object(self.old.clone());
        U::deserialize(&v).map_err(|source| RealtimeError::Decode {
            event: self.event_type.clone(),
            source,
            payload: v.to_string(),
        })
    }
}

pub(crate) fn decode_typed<T: DeserializeOwned>(
    item: Delivery,
) -> Option<Result<TableChange<T>, RealtimeError>> {
    let Delivery::Postgres(p) = item else {
        return None;
    };
    let new = if p.event_type == "INSERT" || p.event_type == "UPDATE" {
        let v = Value::Object(p.new.clone());
        match T::deserialize(&v) {
            Ok(row) => Some(row),
            Err(source) => {
                return Some(Err(RealtimeError::Decode {
                    event: p.event_type.clone(),
                    source,
                    payload: v.to_string(),
                }))
            }
        }
    } else {
        None
    };
    Some(Ok(TableChange {
        schema: p.schema.clone(),
        table: p.table.clone(),
        commit_timestamp: p.commit_timestamp.clone(),
        event_type: p.event_type.clone(),
        new,
        old: p.old.clone(),
        errors: p.errors.clone(),
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_cells() {
        assert_eq!(
            convert_cell("int8", json!("9007199254740993")),
            json!(9007199254740993_i64)
        );
        assert_eq!(convert_cell("float8", json!("1.5")), json!(1.5));
        assert_eq!(convert_cell("float8", json!("NaN")), json!("NaN"));
        assert_eq!(convert_cell("numeric", json!("1.10")), json!("1.10"));
        assert_eq!(
            convert_cell("timestamp", json!("2024-01-01 10:00:00")),
            json!("2024-01-01T10:00:00")
        );
        assert_eq!(convert_cell("jsonb", json!("{\"a\":1}")), json!({"a": 1}));
        assert_eq!(
            convert_cell("_int4", json!("{1,2,NULL}")),
            json!([1, 2, null])
        );
        assert_eq!(
            convert_cell("_text", json!(r#"{a,"b, \"c\"",NULL,"NULL"}"#)),
            json!(["a", "b, \"c\"", null, "NULL"])
        );
        assert_eq!(convert_cell("_bool", json!("{t,f}")), json!([true, false]));
        assert_eq!(convert_cell("_text", json!("{}")), json!([]));
        assert_eq!(convert_cell("bool", json!(true)), json!(true));
    }
}
