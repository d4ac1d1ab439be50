//! postgres_changes: bindings, the filter builder (realtime-js quoting), the payload
//! transform with conversion by column type, and typed rows for `Table` types.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::convert::convert_change_data;
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

    /// The row filter: a [`RealtimeFilter`](super::RealtimeFilter) or a ready `col=op.value` string.
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
