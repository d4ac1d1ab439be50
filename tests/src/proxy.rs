//! An in-process stand-in for Supabase's API gateway: a reverse proxy on 127.0.0.1 that maps a
//! path prefix (`/rest/v1`) to an upstream server (PostgREST), so a client built with
//! `Client::new("http://127.0.0.1:<port>/", key)` talks to the real PostgREST exactly as it would
//! through `https://<project>.supabase.co/rest/v1/...`.
//!
//! What passes through unchanged: the method, the path after the prefix, the query string byte
//! for byte (the raw request target is reused, never decoded and re-encoded), every request header
//! except `Host` and the hop-by-hop headers of RFC 9110 §7.6.1 (`Connection`, `Keep-Alive`,
//! `Proxy-Connection`, `TE`, `Trailer`, `Transfer-Encoding`, `Upgrade`: they describe one
//! connection, not the message), the request body, and on the way back the status, every response
//! header except the hop-by-hop ones, and the body. Bodies are buffered whole, which is fine for
//! tests. A path matching no route gets a 404 with a JSON body, as Supabase's gateway answers; an
//! unreachable upstream a 502 with a JSON body.
//!
//! One difference from PostgREST's own server: hyper refuses a request target holding a raw `"`,
//! `<` or `>` (characters RFC 3986 does not allow in a URI) with a 400 and no body. Clients built
//! on the `url` crate (reqwest) and WHATWG `fetch` always percent-encode them, so only a
//! hand-written request can meet this.
//!
//! The proxy runs on its own thread with its own tokio runtime, so it outlives any one test's
//! runtime (`#[tokio::test]` makes a fresh one per test).

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http::header::{HeaderName, CONTENT_TYPE, HOST};
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};

/// One mapping of the gateway: requests whose path is `prefix` or starts with `prefix/` go to
/// `upstream` with the prefix removed.
#[derive(Debug, Clone)]
pub struct Route {
    /// The path prefix, without a trailing slash, e.g. `/rest/v1`.
    pub prefix: String,
    /// The upstream origin, without a trailing slash, e.g. `http://127.0.0.1:3000`.
    pub upstream: String,
}

impl Route {
    /// A route from `prefix` to `upstream` (trailing slashes of both are ignored).
    pub fn new(prefix: &str, upstream: &str) -> Route {
        Route {
            prefix: prefix.trim_end_matches('/').to_string(),
            upstream: upstream.trim_end_matches('/').to_string(),
        }
    }

    /// The path to request upstream when `path` matches this route.
    fn strip<'a>(&self, path: &'a str) -> Option<&'a str> {
        let rest = path.strip_prefix(self.prefix.as_str())?;
        if rest.is_empty() {
            Some("/")
        } else if rest.starts_with('/') {
            Some(rest)
        } else {
            None
        }
    }
}

/// A running gateway.
#[derive(Debug, Clone)]
pub struct Gateway {
    /// The port on 127.0.0.1.
    pub port: u16,
    /// `http://127.0.0.1:<port>/` (with the trailing slash, as a Supabase project URL is used).
    pub url: String,
}

impl Gateway {
    /// Binds a free port on 127.0.0.1 and serves `routes` from a dedicated thread until the
    /// process exits.
    pub fn start(routes: Vec<Route>) -> Result<Gateway, String> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
            .map_err(|e| format!("gateway: cannot bind 127.0.0.1: {e}"))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("gateway: cannot make the listener non-blocking: {e}"))?;
        let port = listener
            .local_addr()
            .map_err(|e| format!("gateway: cannot read the bound port: {e}"))?
            .port();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<(), String>>();
        std::thread::Builder::new()
            .name("supabase-tests-gateway".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("supabase-tests-gateway-worker")
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = ready_tx.send(Err(format!("gateway: cannot build a runtime: {e}")));
                        return;
                    }
                };
                runtime.block_on(serve(listener, routes, ready_tx));
            })
            .map_err(|e| format!("gateway: cannot spawn its thread: {e}"))?;
        ready_rx
            .recv()
            .map_err(|_| "gateway: its thread ended before it was ready".to_string())??;
        Ok(Gateway {
            port,
            url: format!("http://127.0.0.1:{port}/"),
        })
    }
}

struct Proxy {
    routes: Vec<Route>,
    client: Client<HttpConnector, Full<Bytes>>,
}

async fn serve(
    listener: std::net::TcpListener,
    routes: Vec<Route>,
    ready: std::sync::mpsc::Sender<Result<(), String>>,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(e) => {
            let _ = ready.send(Err(format!("gateway: cannot register the listener: {e}")));
            return;
        }
    };
    let proxy = Arc::new(Proxy {
        routes,
        // No idle pool: an upstream (PostgREST, Deno) may close an idle keep-alive connection
        // just as the gateway reuses it, which would turn into a spurious 502.
        client: Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(0)
            .build_http(),
    });
    let _ = ready.send(Ok(()));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors and the like: back off instead of spinning.
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let proxy = Arc::clone(&proxy);
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let proxy = Arc::clone(&proxy);
                async move { Ok::<_, Infallible>(proxy.handle(req).await) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

impl Proxy {
    async fn handle(&self, req: Request<Incoming>) -> Response<Full<Bytes>> {
        let path = req.uri().path();
        let Some((route, rest)) = self
            .routes
            .iter()
            .find_map(|route| route.strip(path).map(|rest| (route, rest)))
        else {
            return json_response(
                StatusCode::NOT_FOUND,
                serde_json::json!({ "message": "no Route matched with those values" }),
            );
        };
        let mut target = format!("{}{rest}", route.upstream);
        if let Some(query) = req.uri().query() {
            target.push('?');
            target.push_str(query);
        }
        let uri: Uri = match target.parse() {
            Ok(uri) => uri,
            Err(e) => {
                return json_response(
                    StatusCode::BAD_REQUEST,
                    serde_json::json!({ "message": format!("gateway: bad request target: {e}") }),
                )
            }
        };

        let (parts, body) = req.into_parts();
        let body = match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) => {
                return json_response(
                    StatusCode::BAD_REQUEST,
                    serde_json::json!({ "message": format!("gateway: cannot read the request body: {e}") }),
                )
            }
        };
        let mut upstream_req = Request::new(Full::new(body));
        *upstream_req.method_mut() = parts.method;
        *upstream_req.uri_mut() = uri;
        *upstream_req.headers_mut() = end_to_end(&parts.headers, true);

        let response = match self.client.request(upstream_req).await {
            Ok(response) => response,
            Err(e) => {
                return json_response(
                    StatusCode::BAD_GATEWAY,
                    serde_json::json!({ "message": format!("gateway: upstream {} failed: {e}", route.upstream) }),
                )
            }
        };
        let (parts, body) = response.into_parts();
        let body = match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) => {
                return json_response(
                    StatusCode::BAD_GATEWAY,
                    serde_json::json!({ "message": format!("gateway: cannot read the upstream body: {e}") }),
                )
            }
        };
        let mut out = Response::new(Full::new(body));
        *out.status_mut() = parts.status;
        *out.headers_mut() = end_to_end(&parts.headers, false);
        out
    }
}

/// The headers of a message minus the hop-by-hop ones (and `Host` for a request).
fn end_to_end(headers: &HeaderMap, is_request: bool) -> HeaderMap {
    const HOP_BY_HOP: [&str; 7] = [
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    ];
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let skip = HOP_BY_HOP.contains(&name.as_str()) || (is_request && *name == HOST);
        if !skip {
            out.append(HeaderName::clone(name), value.clone());
        }
    }
    out
}

fn json_response(status: StatusCode, body: serde_json::Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn routes_match_whole_segments() {
        let route = Route::new("/rest/v1/", "http://127.0.0.1:1/");
        assert_eq!(route.strip("/rest/v1/countries"), Some("/countries"));
        assert_eq!(route.strip("/rest/v1/rpc/add"), Some("/rpc/add"));
        assert_eq!(route.strip("/rest/v1/"), Some("/"));
        assert_eq!(route.strip("/rest/v1"), Some("/"));
        assert_eq!(route.strip("/rest/v10/countries"), None);
        assert_eq!(route.strip("/auth/v1/user"), None);
    }
}
