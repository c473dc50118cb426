//! Helpers for the Prism end-to-end tests (`tests/tests/suite/e2e_prism_*.rs`), independent of the
//! SDK (this library does not depend on `seam-sdk`):
//!
//! * [`shared_prism`]: one static and one dynamic [`PrismServer`] per test binary, shared by
//!   its tests (which run in parallel threads), and stopped when the binary exits.
//! * [`RecordingProxy`]: a transparent loopback HTTP proxy the SDK is pointed at. It forwards
//!   each request to Prism with [`crate::http`] and records the exchange, so a test sees the
//!   exact request the SDK sent and the exact response it decoded, including Prism's
//!   `sl-violations` header, which the SDK's errors do not expose (`seam_sdk::ApiError` has
//!   the status, message and body of an error response, no headers, and Prism's 400s have
//!   an empty body).
//! * Reading `spec/openapi.json`: request-body shapes ([`BodyShape`]) and response schemas.
//! * [`normalize_response`] and [`first_difference`]: the decode/re-serialize comparison.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::http;
use crate::servers::{self, PrismServer, DEFAULT_PRISM_PREFIX};

// ---------------------------------------------------------------------------------------
// Shared servers
// ---------------------------------------------------------------------------------------

/// A [`PrismServer`] shared by every test of a binary; see [`shared_prism`].
pub struct SharedPrism {
    base_url: String,
    pid: u32,
    spec_path: std::path::PathBuf,
    server: Mutex<Option<PrismServer>>,
}

impl SharedPrism {
    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The pid of the `node` process running Prism.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The test copy of the spec Prism serves (removed when the server stops).
    pub fn spec_path(&self) -> &std::path::Path {
        &self.spec_path
    }

    /// Everything Prism logged so far.
    pub fn log(&self) -> String {
        let server = self.server.lock().unwrap_or_else(PoisonError::into_inner);
        server.as_ref().map(PrismServer::log).unwrap_or_default()
    }
}

static STATIC_PRISM: OnceLock<SharedPrism> = OnceLock::new();
static DYNAMIC_PRISM: OnceLock<SharedPrism> = OnceLock::new();

/// The binary's shared Prism on [`DEFAULT_PRISM_PREFIX`], static (`dynamic == false`, the
/// spec's examples) or dynamic (`-d`, random payloads), started by the first test that asks
/// (~1.4 s) and reused by the others.
///
/// A value in a `static` is never dropped, so the server is stopped in two other ways:
/// * when the binary exits normally (all tests passed, or libtest's `exit(101)` after a
///   failure), an `atexit` hook drops it: SIGTERM, wait, and removal of its spec copy and log;
/// * when the binary dies without running `atexit` handlers (SIGKILL, Ctrl-C), the kernel
///   closes the binary's end of Prism's stdin pipe, and `tests/servers/prism.mjs` exits on
///   EOF. `e2e_prism_pagination.rs` checks both paths on real child processes.
pub fn shared_prism(dynamic: bool) -> &'static SharedPrism {
    let cell = if dynamic {
        &DYNAMIC_PRISM
    } else {
        &STATIC_PRISM
    };
    cell.get_or_init(|| {
        register_exit_hook();
        let server = PrismServer::start(DEFAULT_PRISM_PREFIX, dynamic);
        eprintln!(
            "shared Prism ({}) pid {} ready at {} in {:?}",
            if dynamic { "dynamic" } else { "static" },
            server.pid(),
            server.base_url(),
            server.startup_time()
        );
        SharedPrism {
            base_url: server.base_url(),
            pid: server.pid(),
            spec_path: server.spec_path().to_path_buf(),
            server: Mutex::new(Some(server)),
        }
    })
}

fn register_exit_hook() {
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        #[cfg(unix)]
        {
            // SAFETY: registers a plain `extern "C" fn` that does not unwind (it catches
            // panics) and only touches `'static` data.
            let rc = unsafe { libc::atexit(stop_shared_prisms) };
            assert_eq!(
                rc, 0,
                "atexit failed: the shared Prism would only stop on stdin EOF"
            );
        }
    });
}

extern "C" fn stop_shared_prisms() {
    let _ = std::panic::catch_unwind(|| {
        for cell in [&STATIC_PRISM, &DYNAMIC_PRISM] {
            if let Some(shared) = cell.get() {
                let server = shared
                    .server
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                drop(server);
            }
        }
    });
}

// ---------------------------------------------------------------------------------------
// Recording proxy
// ---------------------------------------------------------------------------------------

/// How long the proxy waits for the SDK to send a request, and for Prism to answer it.
const PROXY_IO_TIMEOUT: Duration = Duration::from_secs(20);

/// One request the SDK sent through a [`RecordingProxy`], and Prism's response to it.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    /// The request target as sent: path and query string.
    pub target: String,
    /// The request headers as sent (hop-by-hop ones included).
    pub headers: Vec<(String, String)>,
    /// `None` when the request had no body (no `Content-Length`).
    pub body: Option<Vec<u8>>,
    /// What Prism answered, as the SDK received it (or a 502 from the proxy when Prism
    /// could not be reached; its body says why).
    pub response: http::Response,
}

impl Exchange {
    /// The path, without the query string.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// `"GET /acs/credentials/get"`.
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.method, self.path())
    }

    /// The query string's pairs, percent-decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        match self.target.split_once('?') {
            Some((_, query)) => decode_query(query),
            None => Vec::new(),
        }
    }

    /// The query string's pairs without the `_strict=true` that ends every non-empty
    /// query (the official SDKs' marker asking the API to parse strictly, not a
    /// parameter); panics if a non-empty query does not end with it.
    pub fn parameter_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = self.query_pairs();
        if !pairs.is_empty() {
            assert_eq!(
                pairs.pop(),
                Some(("_strict".to_owned(), "true".to_owned())),
                "{}: a non-empty query must end with _strict=true",
                self.target
            );
        }
        pairs
    }

    /// The request body as JSON; panics if there is a body that is not JSON.
    pub fn body_json(&self) -> Option<Value> {
        self.body.as_ref().map(|body| {
            serde_json::from_slice(body).unwrap_or_else(|e| {
                panic!(
                    "request body is not JSON ({e}): {}",
                    String::from_utf8_lossy(body)
                )
            })
        })
    }

    /// Prism's `sl-violations` response header, parsed.
    pub fn violations(&self) -> Option<Value> {
        violations(&self.response)
    }

    /// Whether Prism accepted the request: a 2xx answer without `sl-violations`.
    pub fn accepted(&self) -> bool {
        (200..300).contains(&self.response.status) && self.violations().is_none()
    }

    /// The request and the response, for failure messages.
    pub fn describe(&self) -> String {
        let body = match &self.body {
            Some(body) => String::from_utf8_lossy(body).into_owned(),
            None => "(none)".to_owned(),
        };
        format!(
            "request: {} {}\nrequest body: {body}\nresponse: HTTP {}\nsl-violations: {}\nresponse body: {}",
            self.method,
            self.target,
            self.response.status,
            describe_violations(&self.response),
            truncate(&self.response.text(), 2000),
        )
    }
}

/// The `sl-violations` header of a Prism response, parsed (`None` when absent).
pub fn violations(response: &http::Response) -> Option<Value> {
    response.header("sl-violations").map(|header| {
        serde_json::from_str(header).unwrap_or_else(|_| Value::String(header.to_owned()))
    })
}

/// The `sl-violations` header pretty-printed, or `(none)`.
pub fn describe_violations(response: &http::Response) -> String {
    match violations(response) {
        Some(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| v.to_string()),
        None => "(none)".to_owned(),
    }
}

/// A transparent HTTP/1.1 proxy on `127.0.0.1` that forwards every request to `upstream`
/// (with [`http::request`], one connection per request) and records it as an [`Exchange`].
/// It answers with `Connection: close`, so clients never reuse its connections. Stopped on
/// drop.
///
/// The exchange is recorded before the response is written back, so once the client has the
/// response, [`take`](Self::take) sees the exchange.
pub struct RecordingProxy {
    addr: SocketAddr,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
    stop: Arc<AtomicBool>,
    accept_thread: Option<JoinHandle<()>>,
}

impl RecordingProxy {
    /// Starts a proxy to `upstream` (`http://host:port`, no trailing slash).
    pub fn start(upstream: &str) -> RecordingProxy {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("proxy address");
        let exchanges = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let accept_thread = {
            let (exchanges, stop, upstream) = (
                Arc::clone(&exchanges),
                Arc::clone(&stop),
                upstream.to_owned(),
            );
            std::thread::Builder::new()
                .name("recording-proxy".into())
                .spawn(move || {
                    for stream in listener.incoming() {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let Ok(stream) = stream else { continue };
                        let (exchanges, upstream) = (Arc::clone(&exchanges), upstream.clone());
                        std::thread::spawn(move || {
                            if let Err(e) = serve(stream, &upstream, &exchanges) {
                                eprintln!("recording proxy: {e}");
                            }
                        });
                    }
                })
                .expect("spawn proxy thread")
        };
        RecordingProxy {
            addr,
            exchanges,
            stop,
            accept_thread: Some(accept_thread),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every exchange recorded since the last call, oldest first.
    pub fn take(&self) -> Vec<Exchange> {
        std::mem::take(
            &mut *self
                .exchanges
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    /// The one exchange recorded since the last call; panics (naming `what`) if there were
    /// none or several.
    pub fn single(&self, what: &str) -> Exchange {
        let mut all = self.take();
        assert_eq!(
            all.len(),
            1,
            "{what}: expected exactly one request through the proxy, got {}: {:#?}",
            all.len(),
            all.iter().map(Exchange::endpoint).collect::<Vec<_>>()
        );
        all.remove(0)
    }
}

impl Drop for RecordingProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop up so that it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.accept_thread.take() {
            let _ = thread.join();
        }
    }
}

struct RawRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

fn serve(mut client: TcpStream, upstream: &str, log: &Mutex<Vec<Exchange>>) -> io::Result<()> {
    client.set_read_timeout(Some(PROXY_IO_TIMEOUT))?;
    client.set_write_timeout(Some(PROXY_IO_TIMEOUT))?;
    let Some(request) = read_request(&mut client)? else {
        return Ok(()); // connected and closed without a request (the wake-up on drop)
    };
    let forwarded: Vec<(&str, &str)> = request
        .headers
        .iter()
        .filter(|(name, _)| !is_hop_by_hop(name) && !name.eq_ignore_ascii_case("host"))
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let url = format!("{upstream}{}", request.target);
    let response = http::request(
        &request.method,
        &url,
        &forwarded,
        request.body.as_deref(),
        PROXY_IO_TIMEOUT,
    )
    .unwrap_or_else(|e| http::Response {
        status: 502,
        headers: vec![("Content-Type".into(), "text/plain".into())],
        body: format!("recording proxy: {} {url} failed: {e}", request.method).into_bytes(),
    });
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        if !is_hop_by_hop(name) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        response.body.len()
    ));
    let body = response.body.clone();
    log.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Exchange {
            method: request.method,
            target: request.target,
            headers: request.headers,
            body: request.body,
            response,
        });
    client.write_all(head.as_bytes())?;
    client.write_all(&body)?;
    client.flush()?;
    let _ = client.shutdown(Shutdown::Write);
    Ok(())
}

fn read_request(stream: &mut TcpStream) -> io::Result<Option<RawRequest>> {
    let invalid = |m: String| io::Error::new(io::ErrorKind::InvalidData, m);
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            if buf.is_empty() {
                return Ok(None);
            }
            return Err(invalid("connection closed inside the request head".into()));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..head_end])
        .map_err(|_| invalid("non-UTF-8 request head".into()))?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(invalid(format!("bad request line {request_line:?}")));
    };
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    if header("transfer-encoding").is_some() {
        return Err(invalid(
            "chunked request bodies are not supported by the recording proxy".into(),
        ));
    }
    let body = match header("content-length") {
        None => None,
        Some(len) => {
            let len: usize = len
                .parse()
                .map_err(|_| invalid(format!("bad Content-Length {len:?}")))?;
            let mut body = buf[head_end + 4..].to_vec();
            while body.len() < len {
                let n = stream.read(&mut chunk)?;
                if n == 0 {
                    return Err(invalid("connection closed inside the request body".into()));
                }
                body.extend_from_slice(&chunk[..n]);
            }
            body.truncate(len);
            Some(body)
        }
    };
    Ok(Some(RawRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body,
    }))
}

fn is_hop_by_hop(name: &str) -> bool {
    [
        "connection",
        "keep-alive",
        "transfer-encoding",
        "content-length",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Status",
    }
}

/// Percent-decodes a query string (`application/x-www-form-urlencoded`: `+` is a space)
/// into its pairs, in order.
pub fn decode_query(query: &str) -> Vec<(String, String)> {
    fn unescape(text: &str) -> String {
        let bytes = text.as_bytes();
        let hex = |b: u8| (b as char).to_digit(16);
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push((high * 16 + low) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                byte => out.push(byte),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (unescape(key), unescape(value))
        })
        .collect()
}

/// The query-string pairs that carry `parameters` (a JSON object), by Seam's standard
/// (`@seamapi/url-search-params-serializer`; `wire_query` holds the SDK to it byte for
/// byte): nested keys joined with dots, arrays repeat their key, `null` and `[]` as an
/// empty value, `""` and `{}` left out, strings as they are, numbers as JavaScript writes
/// them (here: integers and plain decimals, `1.0` as `1`; no exponents). Sorted, for
/// comparison with [`Exchange::parameter_pairs`].
pub fn expected_query_pairs(parameters: &Value) -> Vec<(String, String)> {
    fn push(out: &mut Vec<(String, String)>, key: String, value: &Value) {
        match value {
            Value::Null => out.push((key, String::new())),
            Value::String(text) if text.is_empty() => {}
            Value::Object(map) => {
                for (k, v) in map {
                    push(out, format!("{key}.{k}"), v);
                }
            }
            Value::Array(items) if items.is_empty() => out.push((key, String::new())),
            Value::Array(items) => {
                for item in items {
                    out.push((key.clone(), scalar_text(item)));
                }
            }
            scalar => out.push((key, scalar_text(scalar))),
        }
    }
    fn scalar_text(value: &Value) -> String {
        match value {
            Value::String(text) => text.clone(),
            Value::Number(number) if number.is_f64() => {
                let number = number.as_f64().expect("a float");
                assert!(
                    number == 0.0 || (1e-6..1e21).contains(&number.abs()),
                    "{number}: give this oracle plain decimals"
                );
                // Rust's `{}` of such a float is JavaScript's `String(x)`: no exponent,
                // no `.0`.
                format!("{number}")
            }
            Value::Object(_) | Value::Array(_) | Value::Null => {
                panic!("{value}: the standard refuses this inside an array")
            }
            other => other.to_string(),
        }
    }
    let mut out = Vec::new();
    if let Value::Object(map) = parameters {
        for (k, v) in map {
            push(&mut out, k.clone(), v);
        }
    }
    out.sort();
    out
}

fn truncate(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_owned();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}

// ---------------------------------------------------------------------------------------
// The spec
// ---------------------------------------------------------------------------------------

/// `spec/openapi.json`, parsed once per binary.
pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = servers::spec_path();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
    })
}

/// `schema` with `$ref`s (`#/components/schemas/..`) followed.
pub fn resolve(schema: &Value) -> &Value {
    let mut schema = schema;
    let mut hops = 0;
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local $refs are supported, not {reference}"));
        // A `$ref` into the parsed spec is valid for as long as `spec()` is ('static).
        schema = spec()
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {reference}"));
        hops += 1;
        assert!(hops < 32, "$ref cycle at {reference}");
    }
    schema
}

/// The paths of the spec equal to or under `prefix`, sorted.
pub fn spec_paths(prefix: &str) -> Vec<String> {
    let mut paths: Vec<String> = spec()["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .filter(|p| p.as_str() == prefix || p.starts_with(&format!("{prefix}/")))
        .cloned()
        .collect();
    paths.sort();
    paths
}

/// The operation `method` (lower case) of `path`.
pub fn operation(path: &str, method: &str) -> &'static Value {
    let op = &spec()["paths"][path][method.to_ascii_lowercase()];
    assert!(op.is_object(), "the spec has no {method} {path}");
    op
}

/// The schema of the `200` JSON response of `method path`, `$ref`s resolved.
pub fn response_schema(method: &str, path: &str) -> &'static Value {
    resolve(&operation(path, method)["responses"]["200"]["content"]["application/json"]["schema"])
}

/// The schema of the property `key` of the `200` JSON response of `method path`.
pub fn response_property_schema(method: &str, path: &str, key: &str) -> &'static Value {
    let schema = &response_schema(method, path)["properties"][key];
    assert!(
        schema.is_object(),
        "the {method} {path} response declares no `{key}`"
    );
    resolve(schema)
}

/// The fields of a request body, from the schema of the `POST` variant of a path (every
/// path of the API has one; for `GET`/`DELETE` endpoints its body schema lists the same
/// parameters the query string carries, and for `GET /acs/credentials/list` and
/// `GET /acs/credentials/unmanaged/list`, which declare no query parameters, it is the only
/// declaration there is).
#[derive(Debug, Clone)]
pub struct BodyShape {
    /// Every property, nested ones as dotted paths (`visionline_metadata.card_format`), of
    /// the schema and of all its `allOf`/`oneOf`/`anyOf` branches.
    pub declared: BTreeSet<String>,
    /// The top-level `required` properties (of the schema and its `allOf` branches).
    pub required: BTreeSet<String>,
    /// Each `oneOf`/`anyOf` group of alternative parameter sets (the list "selectors").
    pub selectors: Vec<Selector>,
}

/// One `oneOf`/`anyOf` group of a request body.
#[derive(Debug, Clone)]
pub struct Selector {
    /// The properties any alternative declares.
    pub keys: BTreeSet<String>,
    /// The alternatives (branch schemas), as the real spec lists them.
    pub branches: Vec<Value>,
}

impl BodyShape {
    /// The shape of the JSON body of `POST path` in the real spec (`oneOf` kept).
    pub fn of_post(path: &str) -> BodyShape {
        let schema = resolve(
            &operation(path, "post")["requestBody"]["content"]["application/json"]["schema"],
        );
        let mut shape = BodyShape {
            declared: BTreeSet::new(),
            required: BTreeSet::new(),
            selectors: Vec::new(),
        };
        collect_declared(schema, "", &mut shape.declared);
        collect_required_and_selectors(schema, &mut shape);
        shape
    }

    /// Checks `body` against the selector groups strictly: for each group, the selector
    /// properties sent must be exactly the `required` set of one alternative (an alternative
    /// without `required`, such as the list's `{}`, means "send none of them"), and each
    /// must satisfy that alternative's property schema (type, `format: uuid`). Returns the
    /// index of the matching alternative of each group.
    ///
    /// Prism cannot do this for `/acs/credentials/list`: its test spec turns `oneOf` into
    /// `anyOf` (see `servers.rs`), and the list's `{}` alternative then accepts any selector.
    pub fn check_selectors(&self, body: &Value) -> Result<Vec<usize>, String> {
        let object = body
            .as_object()
            .ok_or_else(|| format!("the body is not an object: {body}"))?;
        let mut chosen = Vec::new();
        for selector in &self.selectors {
            let sent: BTreeSet<String> = object
                .keys()
                .filter(|k| selector.keys.contains(*k))
                .cloned()
                .collect();
            let matching: Vec<usize> = selector
                .branches
                .iter()
                .enumerate()
                .filter(|(_, branch)| required_of(branch) == sent)
                .map(|(i, _)| i)
                .collect();
            let [index] = matching[..] else {
                return Err(format!(
                    "selector properties {sent:?} match {} of the spec's alternatives (need exactly one): {}",
                    matching.len(),
                    selector
                        .branches
                        .iter()
                        .map(|b| format!("{:?}", required_of(b)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            };
            let branch = resolve(&selector.branches[index]);
            for key in &sent {
                check_scalar(&branch["properties"][key], &object[key])
                    .map_err(|e| format!("selector property `{key}`: {e}"))?;
            }
            chosen.push(index);
        }
        Ok(chosen)
    }

    /// The fields a request with no optional field set sends: the required ones, plus the
    /// `required` properties of the selector alternative `body` picks.
    pub fn minimal_fields(&self, body: &Value) -> Result<BTreeSet<String>, String> {
        let mut fields = self.required.clone();
        for (selector, index) in self.selectors.iter().zip(self.check_selectors(body)?) {
            fields.extend(required_of(&selector.branches[index]));
        }
        Ok(fields)
    }
}

fn required_of(schema: &Value) -> BTreeSet<String> {
    resolve(schema)
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn collect_declared(schema: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    let schema = resolve(schema);
    for keyword in ["allOf", "oneOf", "anyOf"] {
        for branch in schema
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect_declared(branch, prefix, out);
        }
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let path = format!("{prefix}{name}");
            out.insert(path.clone());
            collect_declared(property, &format!("{path}."), out);
        }
    }
}

fn collect_required_and_selectors(schema: &Value, shape: &mut BodyShape) {
    let schema = resolve(schema);
    shape.required.extend(required_of(schema));
    for branch in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect_required_and_selectors(branch, shape);
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(branches) = schema.get(keyword).and_then(Value::as_array) {
            let mut keys = BTreeSet::new();
            for branch in branches {
                if let Some(properties) =
                    resolve(branch).get("properties").and_then(Value::as_object)
                {
                    keys.extend(properties.keys().cloned());
                }
            }
            shape.selectors.push(Selector {
                keys,
                branches: branches.clone(),
            });
        }
    }
}

/// Checks a scalar against the parts of a schema the selectors use: `type` and
/// `format: uuid`.
fn check_scalar(schema: &Value, value: &Value) -> Result<(), String> {
    let schema = resolve(schema);
    let type_ok = match schema.get("type").and_then(Value::as_str) {
        Some("string") => value.is_string(),
        Some("boolean") => value.is_boolean(),
        Some("number") => value.is_number(),
        Some("integer") => value.is_i64() || value.is_u64(),
        _ => true,
    };
    if !type_ok {
        return Err(format!("{value} is not of type {}", schema["type"]));
    }
    if schema.get("format").and_then(Value::as_str) == Some("uuid") {
        let text = value.as_str().unwrap_or_default();
        if !is_uuid(text) {
            return Err(format!("{value} is not a UUID (format: uuid)"));
        }
    }
    Ok(())
}

/// Whether `text` is a UUID in the 8-4-4-4-12 hex form (what Prism's `format: uuid`
/// accepts; the version nibble is not checked).
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The fields a JSON request body sends: every member, nested objects' members as dotted
/// paths (arrays are not descended into). Compare with [`BodyShape::declared`].
pub fn body_fields(body: &Value) -> BTreeSet<String> {
    fn walk(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
        if let Value::Object(map) = value {
            for (k, v) in map {
                let path = format!("{prefix}{k}");
                out.insert(path.clone());
                walk(v, &format!("{path}."), out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(body, "", &mut out);
    out
}

/// The fields a query string sends: each pair's name, and each dotted name's prefixes.
pub fn query_fields(pairs: &[(String, String)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (name, _) in pairs {
        let mut end = 0;
        for part in name.split('.') {
            end += part.len();
            out.insert(name[..end].to_owned());
            end += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Response normalization and comparison
// ---------------------------------------------------------------------------------------

/// What [`normalize_response`] changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Normalized {
    /// Optional nullable properties received as `null`, removed.
    pub nulls_removed: usize,
    /// Properties the schema does not declare, removed.
    pub undeclared_removed: usize,
}

impl std::ops::AddAssign for Normalized {
    fn add_assign(&mut self, other: Normalized) {
        self.nulls_removed += other.nulls_removed;
        self.undeclared_removed += other.undeclared_removed;
    }
}

/// The JSON a faithful model of `schema` re-serializes `value` (a received payload) to,
/// walking `value` and `schema` together. Two rules, and nothing else:
///
/// 1. **Optional nullable `null` becomes absent.** A property that the object's schema does
///    *not* list in `required` and whose schema says `nullable: true`, received as `null`,
///    is removed. The models hold such a property as an `Option<T>` serialized with
///    `skip_serializing_if = "Option::is_none"`: for an optional nullable property the API
///    gives `null` and "absent" the same meaning ("no value"), so both decode to `None`,
///    which re-serializes as absent. A *required* nullable property received as `null` is
///    kept (its model field must write `null` back), and so is a `null` in any property
///    that is not both optional and nullable (the model would have to reproduce it, or the
///    comparison fails). "Optional" and "nullable" are read from `spec/openapi.json` for the
///    very object being walked, not from a list of names.
///
/// 2. **Undeclared properties are removed.** The spec does not set
///    `additionalProperties: false`, and in dynamic mode Prism's json-schema-faker (option
///    `fillProperties`, on by default) adds random properties that no schema declares (e.g.
///    `"commodo01a": 7435224` inside an `errors` item). The models keep declared fields only,
///    so these cannot survive a round trip, and they carry no declared data. (Where a
///    schema gives `additionalProperties` a schema, the properties are kept and walked; where
///    it says `false`, they are kept, so that the comparison fails.) The count is reported so
///    that it can be told apart from rule 1; it drops to zero if the Prism test spec sets
///    `x-json-schema-faker: {"fillProperties": false}`.
///
/// Objects are matched to their schema through `$ref`, `allOf` (merged), and
/// `oneOf`/`anyOf`: the branch named by the `discriminator` property's `enum`, or else the
/// only branch whose `required` properties are present and whose `enum`s the value
/// satisfies. An object that matches no branch, or several, fails the test (`Err`): the
/// comparison would not be precise. Schemas without `properties` (free-form objects) and
/// scalars are taken as they are.
pub fn normalize_response(
    value: &Value,
    schema: &Value,
    path: &str,
    stats: &mut Normalized,
) -> Result<Value, String> {
    let schema = resolve(schema);
    match value {
        Value::Array(items) => {
            let item_schema = schema.get("items").unwrap_or(&Value::Null);
            if item_schema.is_null() {
                return Ok(value.clone());
            }
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    normalize_response(item, item_schema, &format!("{path}[{i}]"), stats)
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Value::Object(object) => {
            let view = ObjectView::of(schema, object, path)?;
            if view.properties.is_empty() && view.additional.is_none() {
                return Ok(value.clone()); // free-form object
            }
            let mut out = Map::new();
            for (key, member) in object {
                let member_path = format!("{path}.{key}");
                if let Some(&property) = view.properties.get(key.as_str()) {
                    let nullable = property.get("nullable") == Some(&Value::Bool(true))
                        || resolve(property).get("nullable") == Some(&Value::Bool(true));
                    if member.is_null() && nullable && !view.required.contains(key) {
                        stats.nulls_removed += 1;
                        continue;
                    }
                    out.insert(
                        key.clone(),
                        normalize_response(member, property, &member_path, stats)?,
                    );
                } else {
                    match view.additional {
                        Some(Value::Bool(false)) => {
                            out.insert(key.clone(), member.clone());
                        }
                        Some(additional) if additional.is_object() => {
                            out.insert(
                                key.clone(),
                                normalize_response(member, additional, &member_path, stats)?,
                            );
                        }
                        _ => stats.undeclared_removed += 1,
                    }
                }
            }
            Ok(Value::Object(out))
        }
        _ => Ok(value.clone()),
    }
}

/// An object schema with `allOf` merged and `oneOf`/`anyOf` resolved for one value.
struct ObjectView<'s> {
    properties: BTreeMap<&'s str, &'s Value>,
    required: BTreeSet<String>,
    additional: Option<&'s Value>,
}

impl<'s> ObjectView<'s> {
    fn of(schema: &'s Value, value: &Map<String, Value>, path: &str) -> Result<Self, String> {
        let mut view = ObjectView {
            properties: BTreeMap::new(),
            required: BTreeSet::new(),
            additional: None,
        };
        view.merge(schema, value, path)?;
        Ok(view)
    }

    fn merge(
        &mut self,
        schema: &'s Value,
        value: &Map<String, Value>,
        path: &str,
    ) -> Result<(), String> {
        let schema = resolve(schema);
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (k, v) in properties {
                self.properties.insert(k, v);
            }
        }
        self.required.extend(required_of(schema));
        if let Some(additional) = schema.get("additionalProperties") {
            self.additional = Some(additional);
        }
        for branch in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.merge(branch, value, path)?;
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(branches) = schema.get(keyword).and_then(Value::as_array) {
                let discriminator = schema
                    .get("discriminator")
                    .and_then(|d| d.get("propertyName"))
                    .and_then(Value::as_str);
                let branch = select_branch(branches, discriminator, value)
                    .map_err(|e| format!("at {path}: {keyword}: {e}"))?;
                self.merge(branch, value, path)?;
            }
        }
        Ok(())
    }
}

fn select_branch<'s>(
    branches: &'s [Value],
    discriminator: Option<&str>,
    value: &Map<String, Value>,
) -> Result<&'s Value, String> {
    let enum_allows = |branch: &Value, key: &str, member: &Value| -> bool {
        match resolve(branch)["properties"][key]
            .get("enum")
            .and_then(Value::as_array)
        {
            Some(allowed) => allowed.contains(member),
            None => true,
        }
    };
    let candidates: Vec<&Value> = match discriminator {
        Some(name) => {
            let tag = value
                .get(name)
                .ok_or_else(|| format!("no discriminator property `{name}`"))?;
            branches
                .iter()
                .filter(|b| resolve(b)["properties"][name].get("enum").is_some())
                .filter(|b| enum_allows(b, name, tag))
                .collect()
        }
        None => branches
            .iter()
            .filter(|b| required_of(b).iter().all(|k| value.contains_key(k)))
            .filter(|b| value.iter().all(|(k, v)| enum_allows(b, k, v)))
            .collect(),
    };
    match candidates[..] {
        [branch] => Ok(branch),
        _ => Err(format!(
            "the value matches {} of {} branches (need exactly one): keys {:?}",
            candidates.len(),
            branches.len(),
            value.keys().collect::<Vec<_>>()
        )),
    }
}

/// The first place where `actual` (the re-serialized model) differs from `expected` (the
/// normalized received payload), as `path: what`, or `None` when they are equal. Numbers
/// compare by value, as JSON numbers do (a received `5` equals an `f64` model's `5.0`);
/// everything else must be identical, member for member, element for element.
pub fn first_difference(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            let keys: BTreeSet<&String> = e.keys().chain(a.keys()).collect();
            for key in keys {
                let here = format!("{path}.{key}");
                match (e.get(key), a.get(key)) {
                    (Some(ev), Some(av)) => {
                        if let Some(diff) = first_difference(ev, av, &here) {
                            return Some(diff);
                        }
                    }
                    (Some(ev), None) => {
                        return Some(format!(
                        "{here}: received {}, but the re-serialized model lacks it (field lost)",
                        short(ev)
                    ))
                    }
                    (None, Some(av)) => {
                        return Some(format!(
                            "{here}: the re-serialized model has {}, which was not received",
                            short(av)
                        ))
                    }
                    (None, None) => unreachable!(),
                }
            }
            None
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Some(format!(
                    "{path}: received {} elements, the re-serialized model has {}",
                    e.len(),
                    a.len()
                ));
            }
            e.iter()
                .zip(a)
                .enumerate()
                .find_map(|(i, (ev, av))| first_difference(ev, av, &format!("{path}[{i}]")))
        }
        (Value::Number(e), Value::Number(a)) => {
            let equal = match (e.as_i64(), a.as_i64(), e.as_u64(), a.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => e.as_f64() == a.as_f64(),
            };
            (!equal).then(|| format!("{path}: received {e}, the re-serialized model has {a}"))
        }
        _ if expected == actual => None,
        _ => Some(format!(
            "{path}: received {}, the re-serialized model has {}",
            short(expected),
            short(actual)
        )),
    }
}

fn short(value: &Value) -> String {
    truncate(&value.to_string(), 300)
}
