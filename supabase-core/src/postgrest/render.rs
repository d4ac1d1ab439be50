//! Rendering a [`FilterBuilder`] into a [`PreparedRequest`]: method, query pairs, `Prefer`,
//! `Accept`, profile headers and body, following postgrest-js (fact sheet §1).

use std::sync::Arc;

use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::Value;
use url::Url;

use super::encode::{array_literal, JsonScalar};
use super::filter_builder::{clone_error, AcceptOp, Action, FilterBuilder, Format};
use super::params::push_encoded_pair;
use super::request::{Headers, PreparedRequest, ResponseMode};
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
            self.action == Action::Rpc && self.head && rpc_has_object_arg(self.body.as_deref());
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

        let headers = self.headers(reads, rpc_object_fallback)?;

        // The URL text in one buffer: the client's REST base, the path, the form-encoded query.
        let mut url = String::with_capacity(
            self.client.rest_url().as_str().len()
                + self.path.len()
                + 2 * self.query.text_len()
                + 4 * self.query.len()
                + 16,
        );
        let unusual_path = self.push_path(&mut url)?;
        let query_start = url.len();
        url.push('?');
        let mut first = true;
        if self.action == Action::Rpc && reads {
            if let Some(Value::Object(args)) = self.body.as_deref() {
                for (name, value) in args {
                    let text = match value {
                        Value::Array(items) => array_literal(items.iter().map(JsonScalar)),
                        Value::Object(_) => value.to_string(),
                        other => JsonScalar(other).to_string(),
                    };
                    push_encoded_pair(&mut url, &mut first, name, &text);
                }
            }
        }
        if let Some(on_conflict) = &self.extras().on_conflict {
            push_encoded_pair(&mut url, &mut first, "on_conflict", on_conflict);
        }
        if matches!(self.action, Action::Insert | Action::Upsert) {
            if let Some(columns) = bulk_columns(self.body.as_deref()) {
                push_encoded_pair(&mut url, &mut first, "columns", &columns);
            }
        }
        for (key, value) in self.query.iter() {
            push_encoded_pair(&mut url, &mut first, key, value);
        }
        if first {
            url.truncate(query_start);
        }
        // A name the `url` crate had to rewrite keeps the `Url` it built (with the same query),
        // as before: parsing the text again could normalize it differently (`%2e` segments).
        let parsed = unusual_path.map(|mut built| {
            built.set_query(url.get(query_start + 1..).filter(|_| !first));
            url = built.as_str().to_owned();
            built
        });

        let accept = match &headers {
            Headers::Shared(map) => map.get(http::header::ACCEPT),
            Headers::Own(map) => map.get(http::header::ACCEPT),
        }
        .and_then(|v| v.to_str().ok());

        let body = match method {
            Method::POST | Method::PATCH => Some(match (&self.action, self.body.as_deref()) {
                (Action::Rpc, None) => Value::Object(serde_json::Map::new()),
                (_, Some(body)) => body.clone(),
                (_, None) => Value::Null,
            }),
            _ => None,
        };

        // Read as text exactly when postgrest-js does: by the `Accept` finally sent.
        let text = accept
            .is_some_and(|a| a == "text/csv" || a.contains("application/vnd.pgrst.plan+text"));
        let request = PreparedRequest::new(
            method,
            url,
            headers,
            body,
            self.extras().timeout.or(self.client.default_timeout()),
            reads && self.retry.unwrap_or(self.client.retry_enabled()),
            ResponseMode {
                text,
                maybe_single: self.maybe_single,
                counted: self.count.is_some(),
            },
        );
        if let Some(parsed) = parsed {
            let _ = request.url.set(parsed);
        }
        Ok(request)
    }

    /// Appends `{rest_url}[rpc/]<path>` to `url`, the path segment percent-encoded as
    /// `Url::path_segments_mut` does. A plain name (letters, digits, `_`, `-`) is appended as
    /// it is; any other goes through the `url` crate, whose `Url` is returned.
    fn push_path(&self, url: &mut String) -> Result<Option<Url>, Error> {
        let base = self.client.rest_url();
        let plain = !self.path.is_empty()
            && self
                .path
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if plain && base.as_str().ends_with('/') {
            url.push_str(base.as_str());
            if self.action == Action::Rpc {
                url.push_str("rpc/");
            }
            url.push_str(&self.path);
            return Ok(None);
        }
        let mut full = base.clone();
        match full.path_segments_mut() {
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
        url.push_str(full.as_str());
        Ok(Some(full))
    }

    /// The request headers: the client's (computed once per client), `.header()` values,
    /// `Prefer`, `Accept`, the profile header and, on writes, `Content-Type`.
    fn headers(&self, reads: bool, rpc_object_fallback: bool) -> Result<Headers, Error> {
        let schema_is_clients = self
            .schema
            .as_deref()
            .map_or(true, |s| s == self.client.schema_name());
        // The common case starts from the client's precomputed map: no `.header()`, no
        // computed `Prefer`/`Accept`, the client's schema. The map holds the same entries,
        // inserted in the same order, as the general path below.
        if self.extras().headers.is_none() && schema_is_clients {
            if let Some(precomputed) = self.client.rest_headers(reads) {
                if self.prefer(rpc_object_fallback, None).is_none() && self.accept(None)?.is_none()
                {
                    return Ok(Headers::Shared(Arc::clone(precomputed)));
                }
            }
        }
        let mut headers = self.client.static_headers().clone();
        for (name, value) in self.extras().headers.iter().flat_map(|h| h.iter()) {
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
            Some(value) if schema_is_clients => {
                headers.insert(profile, value.clone());
            }
            _ => insert_header(
                &mut headers,
                profile,
                self.schema
                    .as_deref()
                    .unwrap_or_else(|| self.client.schema_name()),
            )?,
        }
        if !reads {
            headers.insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        Ok(Headers::Own(headers))
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
        parts.extend(self.extras().prefer_tail.iter().cloned());
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
        for op in &self.extras().accept_ops {
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

fn rpc_has_object_arg(body: Option<&Value>) -> bool {
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use url::Url;

    use crate::Client;

    /// The URL as the `url` crate builds it: the REST base, `path_segments_mut`, `set_query`.
    fn reference(base: &Url, rpc: bool, name: &str, pairs: &[(String, String)]) -> String {
        let mut url = base.clone();
        {
            let mut segments = url.path_segments_mut().unwrap();
            segments.pop_if_empty();
            if rpc {
                segments.push("rpc");
            }
            segments.push(name);
        }
        if !pairs.is_empty() {
            let mut query = form_urlencoded::Serializer::new(String::new());
            for (k, v) in pairs {
                query.append_pair(k, v);
            }
            url.set_query(Some(&query.finish()));
        }
        url.to_string()
    }

    #[test]
    fn url_text_is_what_the_url_crate_builds() {
        let client = Client::new("http://127.0.0.1:54321/base", "k").unwrap();
        let names = [
            "countries",
            "my table",
            "a/b",
            "a\\b",
            ".",
            "..",
            "%2e",
            "%2E%2e",
            "ü",
            "x?y#z",
            "tab\there",
            "-_09AZaz",
        ];
        let values = [
            "a b+c",
            "&=?#",
            "ünï",
            "%25",
            "",
            " ",
            "quote\"d",
            "(x,y)",
            "\u{1F600}",
        ];
        for name in names {
            for value in values {
                let req = client
                    .from(name)
                    .select("id, \"odd col\"")
                    .eq("a b", value)
                    .in_("c", [value, "x"])
                    .build()
                    .unwrap();
                let pairs = req.query_pairs().to_vec();
                assert_eq!(pairs[1], ("a b".to_owned(), format!("eq.{value}")));
                let expected = reference(client.rest_url(), false, name, &pairs);
                assert_eq!(req.url_str(), expected, "{name:?} {value:?}");
                assert_eq!(req.url().as_str(), expected, "{name:?} {value:?}");
            }
            let req = client.rpc(name, ()).get().build().unwrap();
            assert_eq!(req.url_str(), reference(client.rest_url(), true, name, &[]));
            assert_eq!(req.url().as_str(), req.url_str());
        }
    }

    #[test]
    fn shared_and_own_header_maps_hold_the_same_headers() {
        let client = Client::new("http://h", "k").unwrap();
        let fast = client.from("t").select("*").build().unwrap();
        // `.header()` takes the general path; the same header set twice ends equal.
        let general = client
            .from("t")
            .select("*")
            .header("x-a", "1")
            .build()
            .unwrap();
        let mut expected = fast.headers().clone();
        expected.insert("x-a", http::HeaderValue::from_static("1"));
        assert_eq!(general.headers(), &expected);
        assert_eq!(fast.header("accept-profile"), Some("public"));
        let write = client.from("t").delete().build().unwrap();
        assert_eq!(write.header("content-profile"), Some("public"));
        assert_eq!(write.header("content-type"), Some("application/json"));
        let other = client.schema("api").from("t").select("*").build().unwrap();
        assert_eq!(other.header("accept-profile"), Some("api"));
    }
}
