//! Rendering a [`FilterBuilder`] into a [`PreparedRequest`]: method, query pairs, `Prefer`,
//! `Accept`, profile headers and body, following postgrest-js (fact sheet §1).

use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::Value;

use super::encode::{array_literal, JsonScalar};
use super::filter_builder::{clone_error, AcceptOp, Action, FilterBuilder, Format};
use super::request::{PreparedRequest, ResponseMode};
use crate::Error;

impl FilterBuilder {
    /// Renders the request without sending it: method, URL, headers (all but `Authorization`,
    /// which is resolved when sending) and body. Returns any argument error the chain kept.
    ///
    /// ```
    /// # use supabase_core::Client;
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").select("*").eq("name", "Ann").build().unwrap();
    /// assert_eq!(req.query_pairs(), &[("select".to_owned(), "*".to_owned()), ("name".to_owned(), "eq.Ann".to_owned())]);
    /// ```
    pub fn build(&self) -> Result<PreparedRequest, Error> {
        if let Some(err) = &self.error.0 {
            return Err(clone_error(err));
        }
        if self.negate_next {
            return Err(Error::InvalidArgument(
                "not_() must be followed by a filter".to_owned(),
            ));
        }
        let rpc_object_fallback =
            self.action == Action::Rpc && self.head && rpc_has_object_arg(&self.body);
        let method = match self.action {
            Action::Select if self.head => Method::HEAD,
            Action::Select => Method::GET,
            Action::Insert | Action::Upsert => Method::POST,
            Action::Update => Method::PATCH,
            Action::Delete => Method::DELETE,
            Action::Rpc if rpc_object_fallback => Method::POST,
            Action::Rpc if self.head => Method::HEAD,
            Action::Rpc if self.rpc_get => Method::GET,
            Action::Rpc => Method::POST,
        };
        let reads = method == Method::GET || method == Method::HEAD;

        let mut query: Vec<(String, String)> = Vec::with_capacity(self.query.len() + 2);
        if self.action == Action::Rpc && reads {
            if let Some(Value::Object(args)) = &self.body {
                for (name, value) in args {
                    let text = match value {
                        Value::Array(items) => array_literal(items.iter().map(JsonScalar)),
                        Value::Object(_) => value.to_string(),
                        other => JsonScalar(other).to_string(),
                    };
                    query.push((name.clone(), text));
                }
            }
        }
        if let Some(on_conflict) = &self.on_conflict {
            query.push(("on_conflict".to_owned(), on_conflict.clone()));
        }
        if matches!(self.action, Action::Insert | Action::Upsert) {
            if let Some(columns) = bulk_columns(self.body.as_ref()) {
                query.push(("columns".to_owned(), columns));
            }
        }
        query.extend(self.query.iter().cloned());

        let mut headers = self.client.static_headers().clone();
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        let global_prefer = headers.remove("prefer");
        if let Some(prefer) = self.prefer(rpc_object_fallback, global_prefer.as_ref()) {
            insert_header(&mut headers, "prefer", &prefer)?;
        }
        let global_accept = headers.remove(http::header::ACCEPT);
        let accept = self.accept(global_accept.as_ref())?;
        if let Some(accept) = &accept {
            insert_header(&mut headers, "accept", accept)?;
        }
        let profile = if reads {
            "accept-profile"
        } else {
            "content-profile"
        };
        match self.client.schema_header() {
            // The client's schema: its header value was made once, with the client.
            Some(value) if self.schema == self.client.schema_name() => {
                headers.insert(profile, value.clone());
            }
            _ => insert_header(&mut headers, profile, &self.schema)?,
        }
        if !reads {
            headers.insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }

        let body = match method {
            Method::POST | Method::PATCH => Some(match (&self.action, &self.body) {
                (Action::Rpc, None) => Value::Object(serde_json::Map::new()),
                (_, Some(body)) => body.clone(),
                (_, None) => Value::Null,
            }),
            _ => None,
        };

        let mut url = self.client.rest_url().clone();
        match url.path_segments_mut() {
            Ok(mut segments) => {
                segments.pop_if_empty();
                if self.action == Action::Rpc {
                    segments.push("rpc");
                }
                segments.push(&self.path);
            }
            Err(()) => {
                return Err(Error::InvalidArgument(
                    "the project url cannot take a path".to_owned(),
                ))
            }
        }
        if !query.is_empty() {
            let mut serializer = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &query {
                serializer.append_pair(k, v);
            }
            url.set_query(Some(&serializer.finish()));
        }

        // Read as text exactly when postgrest-js does: by the `Accept` finally sent.
        let text = accept
            .as_deref()
            .is_some_and(|a| a == "text/csv" || a.contains("application/vnd.pgrst.plan+text"));
        Ok(PreparedRequest {
            method,
            url,
            query,
            headers,
            body,
            timeout: self.timeout.or(self.client.default_timeout()),
            retry: reads && self.retry.unwrap_or(self.client.retry_enabled()),
            mode: ResponseMode {
                text,
                maybe_single: self.maybe_single,
                counted: self.count.is_some(),
            },
        })
    }

    /// `Prefer`: the client's value and the action's (`rpc` replaces the client's when it sets
    /// one, the other actions append), unless `.header("Prefer")` replaced them; then the values
    /// appended by later options, joined by `, ` like `Headers.append`.
    fn prefer(&self, rpc_object_fallback: bool, global: Option<&HeaderValue>) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        if !self.prefer_replaced {
            let global = global.and_then(|v| v.to_str().ok()).map(str::to_owned);
            if self.action == Action::Rpc {
                let base = match (rpc_object_fallback, self.count) {
                    (true, Some(c)) => Some(format!("count={},return=minimal", c.as_str())),
                    (true, None) => Some("return=minimal".to_owned()),
                    (false, Some(c)) => Some(format!("count={}", c.as_str())),
                    (false, None) => None,
                };
                parts.extend(base.or(global));
            } else {
                parts.extend(global);
                if self.action == Action::Upsert {
                    parts.push(if self.ignore_duplicates {
                        "resolution=ignore-duplicates".to_owned()
                    } else {
                        "resolution=merge-duplicates".to_owned()
                    });
                }
                if let Some(count) = self.count {
                    parts.push(format!("count={}", count.as_str()));
                }
                if !self.default_to_null {
                    parts.push("missing=default".to_owned());
                }
            }
        }
        parts.extend(self.prefer_tail.iter().cloned());
        if parts.is_empty() {
            None
        } else {
            Some(parts.join(", "))
        }
    }

    /// `Accept`: the client's value, then each step that set it in call order, then
    /// `strip_nulls` (which changes only the JSON media types, as postgrest-js does).
    fn accept(&self, global: Option<&HeaderValue>) -> Result<Option<String>, Error> {
        if self.strip_nulls && self.format == Some(Format::Csv) {
            return Err(Error::InvalidArgument(
                "strip_nulls() cannot be used with csv()".to_owned(),
            ));
        }
        let mut accept: Option<String> = global.and_then(|v| v.to_str().ok()).map(str::to_owned);
        for op in &self.accept_ops {
            accept = Some(match op {
                AcceptOp::Set(value) => (*value).to_owned(),
                AcceptOp::User(value) => value.clone(),
                AcceptOp::Explain(options) => {
                    options.accept(accept.as_deref().unwrap_or("application/json"))
                }
            });
        }
        if self.strip_nulls {
            match accept.as_deref() {
                Some("application/vnd.pgrst.object+json") => {
                    accept = Some("application/vnd.pgrst.object+json;nulls=stripped".to_owned());
                }
                None | Some("application/json") => {
                    accept = Some("application/vnd.pgrst.array+json;nulls=stripped".to_owned());
                }
                Some(_) => {}
            }
        }
        Ok(accept)
    }
}

fn insert_header(headers: &mut HeaderMap, name: &'static str, value: &str) -> Result<(), Error> {
    let value = HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidArgument(format!("invalid value for header {name}: {value:?}"))
    })?;
    headers.insert(HeaderName::from_static(name), value);
    Ok(())
}

/// `"a","b"`: the union of the keys of the rows of a bulk write, in order of appearance.
fn bulk_columns(body: Option<&Value>) -> Option<String> {
    let rows = body?.as_array()?;
    let mut names: Vec<&str> = Vec::new();
    for row in rows {
        if let Some(obj) = row.as_object() {
            for key in obj.keys() {
                if !names.contains(&key.as_str()) {
                    names.push(key);
                }
            }
        }
    }
    if names.is_empty() {
        return None;
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    Some(quoted.join(","))
}

fn rpc_has_object_arg(body: &Option<Value>) -> bool {
    fn is_object(v: &Value) -> bool {
        match v {
            Value::Object(_) => true,
            Value::Array(items) => items.iter().any(is_object),
            _ => false,
        }
    }
    match body {
        Some(Value::Object(args)) => args.values().any(is_object),
        _ => false,
    }
}
