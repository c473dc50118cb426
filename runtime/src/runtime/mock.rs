//! Mock clients for the tests of code that uses the SDK (the `testing` feature): typed
//! rules per endpoint, answers as Seam sends them (payloads, error bodies, `Retry-After`,
//! timeouts, broken connections), and records of the calls made.
//!
//! A [`MockSeam`] hands out a real [`Seam`] ([`MockSeam::client`]) whose transport is the
//! mock instead of the network: every call builds its request, retries, keeps its
//! deadlines, reads the body within its limit and decodes it exactly as in production;
//! only the socket is replaced. Retry waits are recorded ([`MockSeam::retry_waits`])
//! instead of slept.
//!
//! The generated crate's `testing` module re-exports these items and adds one accessor per
//! endpoint, mirroring the client (`mock.acs().credentials().create()`), each returning a
//! [`MockEndpoint`] typed with the endpoint's request and result; the examples are there.

use std::any::Any;
use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::runtime::client::{Seam, SeamBuilder};
use crate::runtime::endpoint::Endpoint;
use crate::runtime::pagination::Page;
use crate::runtime::transport::Typed;

/// The API key of a mock client: sent nowhere, but authenticated like any other.
const MOCK_API_KEY: &str = "seam_mock_api_key";

/// A mock of the Seam API: rules that answer a [`Seam`] client's calls in memory, and
/// records of those calls.
///
/// Cheap to clone; the clones share the rules and records, as do all the clients it hands
/// out. Rules are tried in the order they were added, and the first that matches a call
/// (and has answers left) answers it. A call no rule matches fails with HTTP 501 and Seam's
/// error shape, type `mock_no_matching_rule`, whose message lists the request and the
/// rules; [`unmatched`](Self::unmatched) lists such calls.
///
/// Requests are checked as Seam checks them before any rule sees them (an invalid one is
/// answered with Seam's `invalid_input` error); [`validate_requests`](Self::validate_requests)
/// turns that off.
#[derive(Clone)]
pub struct MockSeam {
    state: Arc<Mutex<State>>,
}

struct State {
    rules: Vec<Rule>,
    calls: Vec<MockCall>,
    waits: Vec<Duration>,
    validate: bool,
    requests: u64,
}

impl Default for MockSeam {
    fn default() -> Self {
        MockSeam::new()
    }
}

impl MockSeam {
    /// A mock with no rules, which checks requests as Seam does.
    pub fn new() -> MockSeam {
        MockSeam {
            state: Arc::new(Mutex::new(State {
                rules: Vec::new(),
                calls: Vec::new(),
                waits: Vec::new(),
                validate: true,
                requests: 0,
            })),
        }
    }

    /// Whether requests are checked as Seam checks them (on by default) before the rules
    /// see them: a request Seam would refuse is answered with its `invalid_input` error.
    #[must_use]
    pub fn validate_requests(self, validate: bool) -> MockSeam {
        self.lock().validate = validate;
        self
    }

    /// A client whose calls this mock answers, with the default settings (retries,
    /// timeouts and limits as in production). Hand it to the code under test.
    ///
    /// # Panics
    ///
    /// If the HTTP client that builds requests cannot be created (no TLS backend), as
    /// [`client_builder`](Self::client_builder)`.build()` would fail.
    pub fn client(&self) -> Seam {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(error) => panic!("the mock client could not be built: {error}"),
        }
    }

    /// A builder of a client whose calls this mock answers, authenticated with a mock API
    /// key, for settings of your own (a retry policy, timeouts, limits) before
    /// [`build`](SeamBuilder::build).
    pub fn client_builder(&self) -> SeamBuilder {
        // One `reqwest` client, which only builds requests, serves every mock client.
        static REQUESTS: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
        let mut builder = SeamBuilder::new().api_key(MOCK_API_KEY);
        builder.mock = Some(self.clone());
        let client = match REQUESTS.get() {
            Some(client) => Some(client.clone()),
            // Should building fail, `build` tries again and says why.
            None => reqwest::Client::builder()
                .build()
                .ok()
                .map(|client| REQUESTS.get_or_init(|| client).clone()),
        };
        match client {
            Some(client) => builder.http_client(client),
            None => builder,
        }
    }

    /// Every call the clients made, in order: each attempt, as Seam would have seen it
    /// (a retried call shows up once per attempt).
    pub fn calls(&self) -> Vec<MockCall> {
        self.lock().calls.clone()
    }

    /// The calls no rule matched (each failed with `mock_no_matching_rule`).
    pub fn unmatched(&self) -> Vec<MockCall> {
        self.lock()
            .calls
            .iter()
            .filter(|call| call.outcome == Outcome::Unmatched)
            .cloned()
            .collect()
    }

    /// The waits the clients took before retries (backoff or `Retry-After`), in order;
    /// a mock client records them instead of sleeping.
    pub fn retry_waits(&self) -> Vec<Duration> {
        self.lock().waits.clone()
    }

    /// The rules that have answered no call yet, described as in the unmatched message;
    /// empty when every rule was used.
    pub fn unused_rules(&self) -> Vec<String> {
        let state = self.lock();
        state
            .rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| rule.used == 0)
            .map(|(index, rule)| rule.describe(index))
            .collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A predicate that panicked poisons the lock; the state is still consistent.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn record_wait(&self, wait: Duration) {
        self.lock().waits.push(wait);
    }

    fn add_rule(&self, rule: Rule) -> MockRule {
        let mut state = self.lock();
        state.rules.push(rule);
        MockRule {
            mock: self.clone(),
            index: state.rules.len() - 1,
        }
    }

    /// The answer to one attempt of a call, as a response whose body the client then
    /// reads as it would read one from the network.
    pub(crate) fn answer(
        &self,
        endpoint: &'static Endpoint,
        request: &reqwest::Request,
        typed: &Typed,
    ) -> reqwest::Response {
        let parameters = match &typed.query {
            Some(query) => query.clone(),
            None => request
                .body()
                .and_then(|body| body.as_bytes())
                .and_then(|bytes| serde_json::from_slice(bytes).ok())
                .unwrap_or(Value::Null),
        };
        let typed_request = typed.request.clone();
        let mut state = self.lock();
        state.requests += 1;
        let request_id = format!("00000000-0000-4000-8000-{:012}", state.requests);
        let mut outcome = Outcome::Invalid;
        let mut reply = None;
        if state.validate {
            if let Err(body) = crate::testing::validate_request(endpoint, &parameters) {
                reply = Some(Reply::json(400, body));
            }
        }
        let reply = match reply {
            Some(reply) => reply,
            None => {
                let typed = typed_request.as_deref();
                let found = state
                    .rules
                    .iter_mut()
                    .enumerate()
                    .find_map(|(index, rule)| {
                        rule.answer(endpoint, typed).map(|reply| (index, reply))
                    });
                match found {
                    Some((index, reply)) => {
                        outcome = Outcome::Rule(index);
                        reply
                    }
                    None => {
                        outcome = Outcome::Unmatched;
                        state.unmatched_reply(endpoint, &parameters)
                    }
                }
            }
        };
        state.calls.push(MockCall {
            endpoint: *endpoint,
            parameters,
            request: typed_request,
            outcome,
        });
        drop(state);
        reply.into_response(&request_id)
    }
}

impl State {
    fn unmatched_reply(&self, endpoint: &Endpoint, parameters: &Value) -> Reply {
        let mut message = format!("no rule of the mock matched {endpoint} with {parameters}");
        if self.rules.is_empty() {
            message.push_str("; the mock has no rules");
        } else {
            message.push_str("; its rules:");
            for (index, rule) in self.rules.iter().enumerate() {
                message.push_str("\n  ");
                message.push_str(&rule.describe(index));
            }
        }
        Reply::json(
            501,
            json!({
                "error": { "type": "mock_no_matching_rule", "message": message },
                "ok": false,
            }),
        )
    }
}

impl fmt::Debug for MockSeam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MockSeam")
            .field("rules", &state.rules.len())
            .field("calls", &state.calls.len())
            .field("validate", &state.validate)
            .finish_non_exhaustive()
    }
}

/// One attempt of a call a mock answered, as [`MockSeam::calls`] records it.
#[derive(Clone)]
#[non_exhaustive]
pub struct MockCall {
    /// The endpoint called.
    pub endpoint: Endpoint,
    /// The parameters as sent: the JSON body, or the query parameters as JSON.
    pub parameters: Value,
    request: Option<Arc<dyn Any + Send + Sync>>,
    outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Refused by the request check.
    Invalid,
    /// Answered by the rule at this index.
    Rule(usize),
    Unmatched,
}

impl MockCall {
    /// The request as typed by the caller, when it was made through a generated endpoint
    /// method and is an `R` (`None` for [`Seam::call`]).
    pub fn request<R: Any>(&self) -> Option<&R> {
        self.request.as_deref()?.downcast_ref()
    }

    /// Whether a rule answered it (rather than the request check, or no rule).
    pub fn matched(&self) -> bool {
        matches!(self.outcome, Outcome::Rule(_))
    }
}

impl fmt::Debug for MockCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockCall")
            .field("endpoint", &format_args!("{}", self.endpoint))
            .field("parameters", &self.parameters)
            .field("outcome", &self.outcome)
            .finish_non_exhaustive()
    }
}

/// A rule added to a [`MockSeam`], to ask afterwards how often it answered.
#[derive(Clone)]
pub struct MockRule {
    mock: MockSeam,
    index: usize,
}

impl MockRule {
    /// How many calls (attempts) this rule has answered.
    pub fn uses(&self) -> usize {
        self.mock.lock().rules[self.index].used
    }

    /// Whether the rule has no answers left ([`MockEndpoint::times`] reached, or its
    /// sequence used up).
    pub fn is_exhausted(&self) -> bool {
        !self.mock.lock().rules[self.index].has_answers()
    }
}

impl fmt::Debug for MockRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.mock.lock().rules[self.index].describe(self.index))
    }
}

type Predicate = Box<dyn Fn(&(dyn Any + Send + Sync)) -> bool + Send + Sync>;
type Responder = Box<dyn Fn(&(dyn Any + Send + Sync)) -> Option<Reply> + Send + Sync>;

struct Rule {
    endpoint: Endpoint,
    /// All must hold; a typed predicate never matches a call without a typed request.
    predicates: Vec<Predicate>,
    answers: Answers,
    limit: Option<usize>,
    used: usize,
}

enum Answers {
    Always(Reply),
    Sequence(VecDeque<Reply>, usize),
    With(Responder),
}

impl Rule {
    fn has_answers(&self) -> bool {
        self.limit.is_none_or(|limit| self.used < limit)
            && !matches!(&self.answers, Answers::Sequence(left, _) if left.is_empty())
    }

    fn answer(
        &mut self,
        endpoint: &Endpoint,
        typed: Option<&(dyn Any + Send + Sync)>,
    ) -> Option<Reply> {
        if self.endpoint != *endpoint || !self.has_answers() {
            return None;
        }
        if !self.predicates.is_empty() {
            let typed = typed?;
            if !self.predicates.iter().all(|predicate| predicate(typed)) {
                return None;
            }
        }
        let reply = match &mut self.answers {
            Answers::Always(reply) => reply.clone(),
            Answers::Sequence(left, _) => left.pop_front()?,
            Answers::With(responder) => responder(typed?)?,
        };
        self.used += 1;
        Some(reply)
    }

    fn describe(&self, index: usize) -> String {
        let matching = if self.predicates.is_empty() {
            "any request".to_string()
        } else {
            format!("requests matching {} predicate(s)", self.predicates.len())
        };
        let answers = match &self.answers {
            Answers::Always(reply) => format!("answers {}", reply.summary()),
            Answers::Sequence(left, total) => {
                let all: Vec<String> = left.iter().map(Reply::summary).collect();
                format!(
                    "answers in turn {} ({} of {total} left)",
                    if all.is_empty() {
                        "-".to_string()
                    } else {
                        all.join(", ")
                    },
                    left.len()
                )
            }
            Answers::With(_) => "answers with a function".to_string(),
        };
        let limit = self
            .limit
            .map(|limit| format!(", at most {limit} time(s)"))
            .unwrap_or_default();
        format!(
            "rule {}: {} {matching}: {answers}{limit}; used {} time(s)",
            index + 1,
            self.endpoint,
            self.used
        )
    }
}

/// The rules of one endpoint, typed with its request `Req` and its result `Out`, as the
/// generated accessors return it (`mock.acs().credentials().create()`).
///
/// Narrow which calls a rule answers with [`when`](Self::when) (a predicate on the typed
/// request; several must all hold) and how often with [`times`](Self::times), then add
/// the rule with its answer: [`respond`](Self::respond) (a result),
/// [`fail`](Self::fail) (a [`Fault`]), [`respond_sequence`](Self::respond_sequence) (one
/// answer per call, in turn) or [`respond_with`](Self::respond_with) (computed from the
/// request). [`calls`](Self::calls) returns the typed requests the endpoint received.
#[must_use = "a rule is added by respond, fail, respond_sequence or respond_with"]
pub struct MockEndpoint<'m, Req, Out> {
    mock: &'m MockSeam,
    endpoint: &'static Endpoint,
    encode: fn(&Out) -> Value,
    predicates: Vec<Predicate>,
    limit: Option<usize>,
    types: PhantomData<fn(&Req)>,
}

impl<'m, Req, Out> MockEndpoint<'m, Req, Out>
where
    Req: Any + Clone + Send + Sync,
    Out: 'static,
{
    /// The rules of `endpoint` on `mock`, whose results `encode` turns into the body Seam
    /// sends (its envelope, such as `{"acs_credential": {..}, "ok": true}`). The generated
    /// accessors call this.
    pub fn new(mock: &'m MockSeam, endpoint: &'static Endpoint, encode: fn(&Out) -> Value) -> Self {
        MockEndpoint {
            mock,
            endpoint,
            encode,
            predicates: Vec::new(),
            limit: None,
            types: PhantomData,
        }
    }

    /// The rule answers only requests for which `predicate` holds (and every other
    /// `when` of this rule). Predicates (and [`respond_with`](Self::respond_with)'s
    /// function) run while the mock is locked: they must not call the mock.
    pub fn when<F>(mut self, predicate: F) -> Self
    where
        F: Fn(&Req) -> bool + Send + Sync + 'static,
    {
        self.predicates.push(Box::new(move |request| {
            request.downcast_ref::<Req>().is_some_and(&predicate)
        }));
        self
    }

    /// The rule answers at most `times` calls; later ones go to the next rules.
    pub fn times(mut self, times: usize) -> Self {
        self.limit = Some(times);
        self
    }

    /// Adds the rule: it answers with `result` (status 200, in Seam's envelope).
    pub fn respond(self, result: Out) -> MockRule {
        let reply = Reply::success((self.encode)(&result));
        self.add(Answers::Always(reply))
    }

    /// Adds the rule: it answers with `fault`.
    pub fn fail(self, fault: Fault) -> MockRule {
        self.add(Answers::Always(fault.reply))
    }

    /// Adds the rule: it answers each call with the next of `answers` (a result, or a
    /// fault such as `Err(Fault::service_unavailable())`), and no more once they are used
    /// up.
    pub fn respond_sequence<I>(self, answers: I) -> MockRule
    where
        I: IntoIterator<Item = Result<Out, Fault>>,
    {
        let encode = self.encode;
        let replies: VecDeque<Reply> = answers
            .into_iter()
            .map(|answer| Reply::of(answer, encode))
            .collect();
        let total = replies.len();
        self.add(Answers::Sequence(replies, total))
    }

    /// Adds the rule: it answers each call with what `respond` returns for its request.
    pub fn respond_with<F>(self, respond: F) -> MockRule
    where
        F: Fn(&Req) -> Result<Out, Fault> + Send + Sync + 'static,
    {
        let encode = self.encode;
        self.add(Answers::With(Box::new(move |request| {
            let request = request.downcast_ref::<Req>()?;
            Some(Reply::of(respond(request), encode))
        })))
    }

    /// The typed requests this endpoint received, in order, one per attempt.
    pub fn calls(&self) -> Vec<Req> {
        self.mock
            .lock()
            .calls
            .iter()
            .filter(|call| call.endpoint == *self.endpoint)
            .filter_map(|call| call.request::<Req>().cloned())
            .collect()
    }

    /// How many attempts this endpoint received.
    pub fn call_count(&self) -> usize {
        self.mock
            .lock()
            .calls
            .iter()
            .filter(|call| call.endpoint == *self.endpoint)
            .count()
    }

    fn add(self, answers: Answers) -> MockRule {
        self.mock.add_rule(Rule {
            endpoint: *self.endpoint,
            predicates: self.predicates,
            answers,
            limit: self.limit,
            used: 0,
        })
    }
}

impl<Req, Out> fmt::Debug for MockEndpoint<'_, Req, Out> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockEndpoint")
            .field("endpoint", &format_args!("{}", self.endpoint))
            .field("predicates", &self.predicates.len())
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

/// The body Seam sends with `result` under `key`: `{"<key>": result, "ok": true}` (the
/// generated accessors' encoding of a payload).
pub fn payload_body<T: Serialize + ?Sized>(key: &str, result: &T) -> Value {
    let mut body = Map::new();
    body.insert(
        key.to_owned(),
        serde_json::to_value(result).unwrap_or(Value::Null),
    );
    body.insert("ok".to_owned(), Value::Bool(true));
    Value::Object(body)
}

/// The body Seam sends with one page of a list: the items under `items_key`, the cursor
/// under `pagination_key` (`{"next_page_cursor": .., "has_next_page": ..}`).
pub fn page_body<T: Serialize>(items_key: &str, pagination_key: &str, page: &Page<T>) -> Value {
    let mut body = Map::new();
    body.insert(
        items_key.to_owned(),
        serde_json::to_value(&page.items).unwrap_or(Value::Null),
    );
    body.insert(
        pagination_key.to_owned(),
        json!({
            "next_page_cursor": page.next_page_cursor,
            "has_next_page": page.has_next_page,
        }),
    );
    body.insert("ok".to_owned(), Value::Bool(true));
    Value::Object(body)
}

/// The body Seam sends with no payload: `{"ok": true}`.
pub fn empty_body() -> Value {
    json!({ "ok": true })
}

/// A failure as Seam (or the network) produces it, for [`MockEndpoint::fail`] and
/// [`MockEndpoint::respond_sequence`].
///
/// Error responses carry Seam's body, `{"error": {"type": .., "message": .., "request_id":
/// ..}, "ok": false}`, and the `seam-request-id` header, so the client turns them into the
/// same [`Error`](crate::runtime::Error) as in production: [`Error::kind`], the status,
/// the validation errors and `Retry-After` included. [`timeout`](Self::timeout) and
/// [`connection_reset`](Self::connection_reset) fail the attempt as the network would,
/// and are retried as in production.
///
/// [`Error::kind`]: crate::runtime::Error::kind
#[derive(Debug, Clone)]
pub struct Fault {
    reply: Reply,
}

impl Fault {
    /// An error response with status `status` and Seam's error `type` `kind`.
    pub fn api(status: u16, kind: impl Into<String>, message: impl Into<String>) -> Fault {
        let body = json!({
            "error": { "type": kind.into(), "message": message.into() },
            "ok": false,
        });
        Fault {
            reply: Reply::json(status, body),
        }
    }

    /// `400 invalid_input`, as Seam answers a request it refuses; add each invalid
    /// parameter's message with [`validation_error`](Self::validation_error).
    pub fn invalid_input(message: impl Into<String>) -> Fault {
        Fault::api(400, "invalid_input", message)
    }

    /// `404` with the error type `kind`, such as `acs_credential_not_found`.
    pub fn not_found(kind: impl Into<String>) -> Fault {
        let kind = kind.into();
        let thing = kind
            .strip_suffix("_not_found")
            .unwrap_or(&kind)
            .replace('_', " ");
        let message = format!("{thing} not found");
        Fault::api(404, kind, message)
    }

    /// `401 unauthorized`: the API key is wrong or revoked.
    pub fn unauthorized() -> Fault {
        Fault::api(401, "unauthorized", "Unauthorized")
    }

    /// `429`, asking the client to wait `retry_after` (the `Retry-After` header, in whole
    /// seconds, rounded up).
    pub fn rate_limited(retry_after: Duration) -> Fault {
        Fault::api(429, "rate_limited", "Too many requests").retry_after(retry_after)
    }

    /// `500 internal_server_error`.
    pub fn server_error() -> Fault {
        Fault::api(500, "internal_server_error", "Internal server error")
    }

    /// `503 service_unavailable`.
    pub fn service_unavailable() -> Fault {
        Fault::api(503, "service_unavailable", "Service unavailable")
    }

    /// A response with status `status` and the body `body` as it is (such as a proxy's
    /// plain-text or HTML page).
    pub fn body(status: u16, body: impl Into<String>) -> Fault {
        Fault {
            reply: Reply::Http {
                status,
                body: Body::Text(body.into()),
                headers: Vec::new(),
            },
        }
    }

    /// The attempt times out: the client fails it with
    /// [`Error::Timeout`](crate::runtime::Error::Timeout), at once (no time passes).
    pub fn timeout() -> Fault {
        Fault {
            reply: Reply::Broken(std::io::ErrorKind::TimedOut, "operation timed out"),
        }
    }

    /// The connection breaks before the response is read: the client fails the attempt
    /// with [`Error::Transport`](crate::runtime::Error::Transport).
    pub fn connection_reset() -> Fault {
        Fault {
            reply: Reply::Broken(
                std::io::ErrorKind::ConnectionReset,
                "connection reset by peer",
            ),
        }
    }

    /// Adds a message for the parameter at `path` (dotted, such as
    /// `access_schedule.starts_at`; `""` for the request as a whole) to the error's
    /// `validation_errors`, in the format Seam sends (zod's).
    pub fn validation_error(mut self, path: &str, message: impl Into<String>) -> Fault {
        if let Some(error) = self.reply.error_object() {
            let mut node = error
                .entry("validation_errors")
                .or_insert_with(|| json!({ "_errors": [] }));
            for segment in path.split('.').filter(|segment| !segment.is_empty()) {
                node = match node {
                    Value::Object(object) => object
                        .entry(segment)
                        .or_insert_with(|| json!({ "_errors": [] })),
                    _ => return self,
                };
            }
            if let Some(Value::Array(messages)) = node.get_mut("_errors") {
                messages.push(Value::String(message.into()));
            }
        }
        self
    }

    /// Replaces the error's message.
    pub fn message(mut self, message: impl Into<String>) -> Fault {
        if let Some(error) = self.reply.error_object() {
            error.insert("message".into(), Value::String(message.into()));
        }
        self
    }

    /// Sets the error's `data`, the details some errors carry.
    pub fn data(mut self, data: Value) -> Fault {
        if let Some(error) = self.reply.error_object() {
            error.insert("data".into(), data);
        }
        self
    }

    /// Adds the `Retry-After` header, in whole seconds (rounded up).
    pub fn retry_after(self, wait: Duration) -> Fault {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        self.header("retry-after", seconds.to_string())
    }

    /// Adds a response header (ignored by the faults that send no response).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Fault {
        if let Reply::Http { headers, .. } = &mut self.reply {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// What a mock sends back for one attempt.
#[derive(Debug, Clone)]
enum Reply {
    Http {
        status: u16,
        body: Body,
        headers: Vec<(String, String)>,
    },
    /// The attempt fails while the response is read, with an I/O error of this kind.
    Broken(std::io::ErrorKind, &'static str),
}

#[derive(Debug, Clone)]
enum Body {
    /// An error body, which gets the request id when answered.
    Json(Value),
    /// A success body, serialized once when the rule is added.
    Bytes(Arc<[u8]>),
    Text(String),
}

impl Reply {
    fn json(status: u16, body: Value) -> Reply {
        Reply::Http {
            status,
            body: Body::Json(body),
            headers: Vec::new(),
        }
    }

    fn success(body: Value) -> Reply {
        Reply::Http {
            status: 200,
            body: Body::Bytes(body.to_string().into_bytes().into()),
            headers: Vec::new(),
        }
    }

    fn of<Out>(answer: Result<Out, Fault>, encode: fn(&Out) -> Value) -> Reply {
        match answer {
            Ok(result) => Reply::success(encode(&result)),
            Err(fault) => fault.reply,
        }
    }

    fn error_object(&mut self) -> Option<&mut Map<String, Value>> {
        match self {
            Reply::Http {
                body: Body::Json(body),
                ..
            } => body.get_mut("error")?.as_object_mut(),
            _ => None,
        }
    }

    fn summary(&self) -> String {
        match self {
            Reply::Http {
                status,
                body: Body::Json(body),
                ..
            } => match body["error"]["type"].as_str() {
                Some(kind) => format!("{status} {kind}"),
                None => status.to_string(),
            },
            Reply::Http { status, .. } => status.to_string(),
            Reply::Broken(std::io::ErrorKind::TimedOut, _) => "a timeout".to_string(),
            Reply::Broken(..) => "a broken connection".to_string(),
        }
    }

    fn into_response(mut self, request_id: &str) -> reqwest::Response {
        if let Some(error) = self.error_object() {
            error
                .entry("request_id")
                .or_insert_with(|| Value::String(request_id.to_string()));
        }
        let builder = http::Response::builder().header(SEAM_REQUEST_ID, request_id);
        let response = match self {
            Reply::Http {
                status,
                body,
                headers,
            } => {
                let (content_type, bytes) = match body {
                    Body::Json(value) => (JSON, value.to_string().into_bytes()),
                    Body::Bytes(bytes) => (JSON, bytes.to_vec()),
                    Body::Text(text) => (TEXT, text.into_bytes()),
                };
                let builder = headers.iter().fold(
                    builder
                        .status(status)
                        .header(http::header::CONTENT_TYPE, content_type),
                    |builder, (name, value)| builder.header(name.as_str(), value.as_str()),
                );
                builder.body(reqwest::Body::from(bytes))
            }
            Reply::Broken(kind, message) => {
                builder
                    .status(200)
                    .body(reqwest::Body::wrap(BrokenBody(Some(std::io::Error::new(
                        kind, message,
                    )))))
            }
        };
        let response = response.unwrap_or_else(|error| {
            let message = format!("the mock could not build its response: {error}");
            let mut response = http::Response::new(reqwest::Body::from(message));
            *response.status_mut() = http::StatusCode::NOT_IMPLEMENTED;
            response
        });
        reqwest::Response::from(response)
    }
}

const SEAM_REQUEST_ID: http::HeaderName = http::HeaderName::from_static("seam-request-id");
const JSON: http::HeaderValue = http::HeaderValue::from_static("application/json");
const TEXT: http::HeaderValue = http::HeaderValue::from_static("text/plain");

/// A response body that fails with an I/O error when read.
struct BrokenBody(Option<std::io::Error>);

impl http_body::Body for BrokenBody {
    type Data = &'static [u8];
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Poll::Ready(self.0.take().map(Err))
    }
}
