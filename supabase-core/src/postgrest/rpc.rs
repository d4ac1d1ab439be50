//! `client.rpc(fn, args)`: calling a Postgres function.

use serde::Serialize;
use serde_json::Value;

use super::filter_builder::{Action, FilterBuilder};
use crate::Client;

impl Client {
    /// Calls a Postgres function: `POST /rpc/<fn>` with the arguments as a JSON object (`{}` when
    /// there are none). Chain [`FilterBuilder::get`] for a read-only `GET`, [`FilterBuilder::head`]
    /// for `HEAD`, [`FilterBuilder::count`], and any filter or modifier on a set-returning function.
    ///
    /// `args` must serialize to a JSON object (a struct or map), or to nothing (`()`).
    ///
    /// ```
    /// use serde_json::json;
    /// use supabase_core::Client;
    /// let client = Client::new("https://xyz.supabase.co", "anon-key").unwrap();
    /// let req = client.rpc("add", json!({"a": 1, "b": 2})).build().unwrap();
    /// assert_eq!(req.method().as_str(), "POST");
    /// assert_eq!(req.path(), "/rest/v1/rpc/add");
    /// assert_eq!(req.body(), Some(&json!({"a": 1, "b": 2})));
    /// let none = client.rpc("hello", ()).build().unwrap();
    /// assert_eq!(none.body(), Some(&json!({})));
    /// ```
    pub fn rpc<A: Serialize>(&self, function: impl Into<String>, args: A) -> FilterBuilder {
        let mut builder = FilterBuilder::new(self.clone(), function.into(), None, Action::Rpc);
        match serde_json::to_value(args) {
            Ok(Value::Null) => builder.body = Some(Box::new(Value::Object(serde_json::Map::new()))),
            Ok(value @ Value::Object(_)) => builder.body = Some(Box::new(value)),
            Ok(other) => builder.fail(format!(
                "rpc arguments must be a JSON object of named arguments, got {other}"
            )),
            Err(err) => {
                builder = builder.with_body(Err(err));
            }
        }
        builder
    }
}
