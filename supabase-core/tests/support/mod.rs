//! A scripted HTTP/1.1 server on 127.0.0.1 for integration tests.
//!
//! Each test gives the server a script: a queue of [`Step`]s, one per request it expects, in
//! order. A step names the method and the exact request target (path and query, as sent on the
//! wire) it expects, and what to do: answer with a [`Reply`] (status, headers, body, optional
//! delays) or drop the connection without answering.
//!
//! The server records every request it reads (method, target, headers, body, connection number).
//! It is strict: a request whose method or target differs from its step, a request with no step
//! left, or a chunked request body is answered with status 418 and a body naming the problem, and
//! is noted as a failure that [`FakeServer::verify`] reports (along with steps never used).

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The request target: path and query, exactly as sent.
    pub target: String,
    /// Headers in the order sent, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The raw body (empty when none was sent).
    pub body: Vec<u8>,
    /// Which TCP connection carried it (0 for the first accepted connection).
    pub connection: usize,
}

impl Recorded {
    /// Every value of the header `name` (case-insensitive), in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of the header `name`; panics if it was sent more than once.
    pub fn header(&self, name: &str) -> Option<&str> {
        let values = self.header_values(name);
        assert!(
            values.len() <= 1,
            "header {name} sent {} times: {values:?}",
            values.len()
        );
        values.first().copied()
    }

    /// The body parsed as JSON; panics if it is not JSON.
    pub fn body_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "request body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Action {
    /// Answer it.
    Reply(Reply),
    /// Close the connection without answering (after reading the whole request).
    Drop,
}

/// A scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
    body_delay: Duration,
}

impl Reply {
    /// An answer with this status and no body.
    pub fn status(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
            body_delay: Duration::ZERO,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body as given.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets a JSON body and `Content-Type: application/json`.
    pub fn json(self, value: &serde_json::Value) -> Self {
        self.header("content-type", "application/json; charset=utf-8")
            .body(value.to_string())
    }

    /// Waits this long before sending anything.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Sends the status line and headers at once, then waits this long before the body.
    pub fn body_delay(mut self, delay: Duration) -> Self {
        self.body_delay = delay;
        self
    }
}

/// One expected request and what to do with it.
#[derive(Debug, Clone)]
pub struct Step {
    method: String,
    target: String,
    action: Action,
}

impl Step {
    /// Expects a request with this method and exact target (path and query as sent).
    pub fn expect(method: &str, target: &str) -> Expecting {
        Expecting {
            method: method.to_owned(),
            target: target.to_owned(),
        }
    }
}

/// A step waiting for its action.
#[derive(Debug)]
pub struct Expecting {
    method: String,
    target: String,
}

impl Expecting {
    /// Answers the request with `reply`.
    pub fn reply(self, reply: Reply) -> Step {
        Step {
            method: self.method,
            target: self.target,
            action: Action::Reply(reply),
        }
    }

    /// Closes the connection without answering.
    pub fn drop_connection(self) -> Step {
        Step {
            method: self.method,
            target: self.target,
            action: Action::Drop,
        }
    }
}

#[derive(Debug, Default)]
struct State {
    script: VecDeque<Step>,
    requests: Vec<Recorded>,
    failures: Vec<String>,
}

/// The running server. It stops when dropped.
#[derive(Debug)]
pub struct FakeServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    accept_task: JoinHandle<()>,
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.accept_task.abort();
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl FakeServer {
    /// Binds 127.0.0.1:0 and serves `script`.
    pub async fn start(script: Vec<Step>) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(Mutex::new(State {
            script: script.into(),
            ..State::default()
        }));
        let accept_state = Arc::clone(&state);
        let accept_task = tokio::spawn(async move {
            let connections = AtomicUsize::new(0);
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let id = connections.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve_connection(stream, id, Arc::clone(&accept_state)));
            }
        });
        FakeServer {
            addr,
            state,
            accept_task,
        }
    }

    /// `http://127.0.0.1:<port>`: the project URL to give the client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A copy of every request read so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.state).requests.clone()
    }

    /// How many requests were read so far.
    pub fn request_count(&self) -> usize {
        lock(&self.state).requests.len()
    }

    /// Panics when a request did not match its step or came with no step left, or when steps
    /// of the script were never used.
    pub fn verify(&self) {
        let state = lock(&self.state);
        assert!(
            state.failures.is_empty(),
            "fake server saw wrong requests: {:#?}",
            state.failures
        );
        assert!(
            state.script.is_empty(),
            "fake server: {} scripted step(s) never requested: {:#?}",
            state.script.len(),
            state.script
        );
    }
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
pub async fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    drop(listener);
    format!("http://{addr}")
}

/// Reads one request; `Ok(None)` when the client closed the connection between requests.
async fn read_request(
    reader: &mut BufReader<TcpStream>,
    connection: usize,
) -> Result<Option<Recorded>, String> {
    let mut line = Vec::new();
    let n = reader
        .read_until(b'\n', &mut line)
        .await
        .map_err(|e| e.to_string())?;
    if n == 0 {
        return Ok(None);
    }
    let request_line = String::from_utf8(line).map_err(|e| e.to_string())?;
    let mut parts = request_line.trim_end().split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("bad request line {request_line:?}"));
    };
    if version != "HTTP/1.1" {
        return Err(format!("unexpected version in {request_line:?}"));
    }

    let mut headers = Vec::new();
    loop {
        let mut line = Vec::new();
        reader
            .read_until(b'\n', &mut line)
            .await
            .map_err(|e| e.to_string())?;
        let line = String::from_utf8(line).map_err(|e| e.to_string())?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("bad header line {line:?}"))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }

    if headers.iter().any(|(n, _)| n == "transfer-encoding") {
        return Err("chunked request bodies are not expected".to_owned());
    }
    let lengths: Vec<&String> = headers
        .iter()
        .filter(|(n, _)| n == "content-length")
        .map(|(_, v)| v)
        .collect();
    let length = match lengths.as_slice() {
        [] => 0,
        [one] => one
            .parse::<usize>()
            .map_err(|e| format!("bad content-length {one:?}: {e}"))?,
        many => return Err(format!("several content-length headers: {many:?}")),
    };
    let mut body = vec![0; length];
    reader
        .read_exact(&mut body)
        .await
        .map_err(|e| e.to_string())?;

    Ok(Some(Recorded {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body,
        connection,
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        206 => "Partial Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        406 => "Not Acceptable",
        409 => "Conflict",
        418 => "I'm a teapot",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

async fn serve_connection(stream: TcpStream, connection: usize, state: Arc<Mutex<State>>) {
    let mut reader = BufReader::new(stream);
    loop {
        let request = match read_request(&mut reader, connection).await {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(problem) => {
                lock(&state)
                    .failures
                    .push(format!("connection {connection}: {problem}"));
                return;
            }
        };
        let is_head = request.method == "HEAD";
        let action = {
            let mut state = lock(&state);
            let step = state.script.pop_front();
            let action = match step {
                None => {
                    let problem = format!(
                        "request #{} {} {} came with no scripted step left",
                        state.requests.len(),
                        request.method,
                        request.target
                    );
                    state.failures.push(problem.clone());
                    Action::Reply(Reply::status(418).body(problem))
                }
                Some(step) if step.method != request.method || step.target != request.target => {
                    let problem = format!(
                        "request #{}: expected {} {} but got {} {}",
                        state.requests.len(),
                        step.method,
                        step.target,
                        request.method,
                        request.target
                    );
                    state.failures.push(problem.clone());
                    Action::Reply(Reply::status(418).body(problem))
                }
                Some(step) => step.action,
            };
            state.requests.push(request);
            action
        };

        let reply = match action {
            Action::Drop => return,
            Action::Reply(reply) => reply,
        };
        if !reply.delay.is_zero() {
            tokio::time::sleep(reply.delay).await;
        }
        let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
        for (name, value) in &reply.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if reply.status != 204 && reply.status != 304 {
            head.push_str(&format!("content-length: {}\r\n", reply.body.len()));
        }
        head.push_str("\r\n");
        let stream = reader.get_mut();
        if stream.write_all(head.as_bytes()).await.is_err() || stream.flush().await.is_err() {
            return;
        }
        if !reply.body_delay.is_zero() {
            tokio::time::sleep(reply.body_delay).await;
        }
        // A HEAD answer advertises the body's length but carries no body.
        let sends_body = !is_head && reply.status != 204 && reply.status != 304;
        if sends_body
            && (stream.write_all(&reply.body).await.is_err() || stream.flush().await.is_err())
        {
            return;
        }
    }
}
