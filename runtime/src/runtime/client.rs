//! The client: configuration, authentication, and sending requests with retries.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER,
    USER_AGENT,
};
use serde::Serialize;
use tokio::time::Instant;
use tracing::field::Empty;
use tracing::Instrument;

use crate::runtime::body;
use crate::runtime::call::{Call, CallOptions};
use crate::runtime::endpoint::Endpoint;
use crate::runtime::error::{truncate, ApiError, Error, SHORT_LIMIT};
use crate::runtime::query;
use crate::runtime::response::Response;
use crate::runtime::retry::{parse_retry_after, RetryPolicy};
use crate::runtime::secret::Secret;
use crate::runtime::transport::{Transport, Typed};

/// The SDK's name, sent with every request as the `seam-sdk-name` header.
pub const SDK_NAME: &str = "seamapi/rust";

/// The SDK's version, sent with every request as the `seam-sdk-version` header.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The `User-Agent` of every request.
const USER_AGENT_VALUE: &str = concat!("seamapi-rust/", env!("CARGO_PKG_VERSION"));

/// The Seam API's base URL, used unless [`SeamBuilder::endpoint`] or `SEAM_ENDPOINT` says
/// otherwise.
pub const DEFAULT_ENDPOINT: &str = "https://connect.getseam.com";

/// The per-attempt timeout unless [`SeamBuilder::timeout`] says otherwise: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The time a whole call may take, retries and waits included, unless
/// [`SeamBuilder::total_timeout`] says otherwise: 60 seconds.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(60);

/// The time connecting to the API may take, unless [`SeamBuilder::connect_timeout`] says
/// otherwise: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest successful response body read, unless [`SeamBuilder::max_body_size`] says
/// otherwise: 32 MiB (a page of Seam's largest lists is a few MiB).
pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;

/// How much of an error response's body is read, unless
/// [`SeamBuilder::max_error_body_size`] says otherwise: 64 KiB. The rest is not read.
pub const DEFAULT_MAX_ERROR_BODY_SIZE: usize = 64 * 1024;

const SEAM_REQUEST_ID: &str = "seam-request-id";

/// A client of the Seam API.
///
/// Cheap to clone (the clones share one connection pool and configuration) and safe to
/// use from many tasks at once. Its `Debug` output never shows the API key or token.
///
/// Make one with [`Seam::from_env`], [`Seam::new`] (an API key) or [`Seam::builder`]
/// (every setting); the [crate] documentation shows each.
#[derive(Clone)]
pub struct Seam {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// `reqwest`, or a mock's rules (feature `testing`).
    transport: Transport,
    /// The endpoint URL without a trailing slash; paths are appended to it.
    base_url: String,
    /// Sent with every request: credentials, SDK identification, `Accept`, `User-Agent`.
    headers: HeaderMap,
    /// Kept to redact it from error bodies.
    secret: Secret,
    workspace_id: Option<String>,
    timeout: Duration,
    total_timeout: Duration,
    pub(crate) retry_policy: RetryPolicy,
    max_body_size: usize,
    max_error_body_size: usize,
}

impl Seam {
    /// A client that authenticates with an API key and uses the defaults otherwise.
    ///
    /// Fails with [`Error::Config`] when the key is empty or not a valid header value.
    pub fn new(api_key: impl Into<String>) -> Result<Seam, Error> {
        Seam::builder().api_key(api_key).build()
    }

    /// A client configured from the environment: `SEAM_API_KEY`, or
    /// `SEAM_PERSONAL_ACCESS_TOKEN` with `SEAM_WORKSPACE_ID`, and optionally
    /// `SEAM_ENDPOINT`. See [`SeamBuilder::from_env_with`] for the rules.
    pub fn from_env() -> Result<Seam, Error> {
        SeamBuilder::from_env()?.build()
    }

    /// A builder for a client with custom settings.
    pub fn builder() -> SeamBuilder {
        SeamBuilder::default()
    }

    /// Sends `parameters` to `endpoint`, retrying as the [`RetryPolicy`] allows, and
    /// returns the successful response, from which [`Response::payload`] and its siblings
    /// decode the result. Every generated endpoint method is this call and one decoder
    /// ([`Call::decode`]); call it yourself for an endpoint this crate does not include
    /// (the [crate] documentation shows how).
    ///
    /// For `GET` and `DELETE` the parameters become the query string, so they must
    /// serialize to a JSON object (or `null`, for none); for the other methods they are
    /// the JSON body (`null` sends `{}`). A response that is not a success is [`Error::Api`] or
    /// [`Error::Unauthorized`].
    ///
    /// The parameters are serialized before this returns, so the [`Call`] borrows
    /// neither the client nor them. `.await` it, or change its options first (timeouts,
    /// deadline, retries).
    pub fn call<B: Serialize + ?Sized>(
        &self,
        endpoint: &'static Endpoint,
        parameters: &B,
    ) -> Call<Response> {
        let request = self.inner.prepare(endpoint, parameters);
        let typed = self.inner.transport.untyped(endpoint, parameters);
        Call::new(self.clone(), endpoint, request, typed)
    }

    /// [`call`](Self::call), taking the parameters by value: what the generated endpoint
    /// methods use. It sends the same request; the typed parameters are kept beside it
    /// only for a mock client (the `testing` feature), whose rules match on them and
    /// whose records hold them.
    pub fn call_typed<B>(&self, endpoint: &'static Endpoint, parameters: B) -> Call<Response>
    where
        B: Serialize + Send + Sync + 'static,
    {
        let request = self.inner.prepare(endpoint, &parameters);
        let typed = self.inner.transport.typed(endpoint, parameters);
        Call::new(self.clone(), endpoint, request, typed)
    }
}

/// A response head, before its body is read.
struct Head {
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
}

impl Inner {
    fn prepare<B: Serialize + ?Sized>(
        &self,
        endpoint: &'static Endpoint,
        parameters: &B,
    ) -> Result<reqwest::Request, Error> {
        let encode = |source| Error::Encode {
            endpoint: *endpoint,
            source,
        };
        let mut url = format!("{}{}", self.base_url, endpoint.path);
        if endpoint.method.uses_query() {
            let query = query::query_string(parameters).map_err(encode)?;
            if !query.is_empty() {
                url.push('?');
                url.push_str(&query);
            }
        }
        let mut request = self
            .transport
            .client()
            .request(endpoint.method.to_reqwest(), url)
            .headers(self.headers.clone());
        if !endpoint.method.uses_query() {
            let json = body::json_body(parameters).map_err(encode)?;
            request = request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(json);
        }
        request.build().map_err(|source| Error::Transport {
            endpoint: *endpoint,
            source,
        })
    }

    /// Sends `request`, retrying as the policy allows within the call's deadline.
    pub(crate) async fn send(
        &self,
        endpoint: &'static Endpoint,
        request: reqwest::Request,
        typed: &Typed,
        options: &CallOptions,
    ) -> Result<Response, Error> {
        let span = tracing::debug_span!(
            "seam.call",
            endpoint = %endpoint,
            attempts = Empty,
            status = Empty,
            request_id = Empty,
        );
        self.send_in_span(endpoint, request, typed, options, &span)
            .instrument(span.clone())
            .await
    }

    async fn send_in_span(
        &self,
        endpoint: &'static Endpoint,
        request: reqwest::Request,
        typed: &Typed,
        options: &CallOptions,
        span: &tracing::Span,
    ) -> Result<Response, Error> {
        let start = Instant::now();
        let timeout = options.timeout.unwrap_or(self.timeout);
        let deadline = match options.deadline {
            Some(deadline) => Some(Instant::from_std(deadline)),
            None => start.checked_add(options.total_timeout.unwrap_or(self.total_timeout)),
        };
        let policy = options.retry_policy.as_ref().unwrap_or(&self.retry_policy);
        let may_retry = endpoint.method.is_idempotent() || policy.retry_non_idempotent;
        let limits = Limits {
            start,
            timeout,
            deadline,
            span,
            typed,
        };
        let mut retries_done = 0;
        loop {
            // The last possible attempt sends the request itself; earlier ones a copy.
            let copy = if may_retry && retries_done < policy.max_retries {
                request.try_clone()
            } else {
                None
            };
            let Some(attempt) = copy else {
                let result = self.timed_attempt(endpoint, request, &limits, retries_done + 1);
                return result.await.inspect_err(|error| {
                    tracing::debug!(error = %error, "call failed");
                });
            };
            let error = match self
                .timed_attempt(endpoint, attempt, &limits, retries_done + 1)
                .await
            {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            if !policy.should_retry(endpoint.method, retries_done, &error) {
                tracing::debug!(error = %error, "call failed");
                return Err(error);
            }
            let retry_after = error.api_error().and_then(|api| api.retry_after);
            let wait = policy.delay(retries_done, retry_after);
            let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
            if deadline.is_some_and(|deadline| Instant::now() + wait >= deadline) {
                tracing::debug!(error = %error, wait_ms, "not retrying: the wait would pass the deadline");
                return Err(error);
            }
            tracing::debug!(error = %error, wait_ms, "retrying");
            self.transport.sleep(wait).await;
            retries_done += 1;
        }
    }

    /// One attempt, cut at the per-attempt timeout or the call's deadline, whichever
    /// comes first.
    async fn timed_attempt(
        &self,
        endpoint: &'static Endpoint,
        request: reqwest::Request,
        limits: &Limits<'_>,
        attempt: u32,
    ) -> Result<Response, Error> {
        limits.span.record("attempts", attempt);
        let end = match (Instant::now().checked_add(limits.timeout), limits.deadline) {
            (Some(end), Some(deadline)) => end.min(deadline),
            (Some(end), None) | (None, Some(end)) => end,
            (None, None) => return self.attempt(endpoint, request, limits).await,
        };
        match tokio::time::timeout_at(end, self.attempt(endpoint, request, limits)).await {
            Ok(result) => result,
            Err(_) => Err(match limits.deadline {
                Some(deadline) if deadline <= end => Error::DeadlineExceeded {
                    endpoint: *endpoint,
                    budget: deadline.saturating_duration_since(limits.start),
                    attempts: attempt,
                },
                _ => Error::Timeout {
                    endpoint: *endpoint,
                    timeout: limits.timeout,
                },
            }),
        }
    }

    async fn attempt(
        &self,
        endpoint: &'static Endpoint,
        request: reqwest::Request,
        limits: &Limits<'_>,
    ) -> Result<Response, Error> {
        let span = limits.span;
        let mut response = self
            .transport
            .execute(endpoint, request, limits.typed)
            .await
            .map_err(|source| self.transport_error(endpoint, source))?;
        let status = response.status().as_u16();
        let head = {
            let headers = response.headers();
            Head {
                status,
                request_id: headers
                    .get(SEAM_REQUEST_ID)
                    .and_then(|value| value.to_str().ok())
                    .map(|id| truncate(&self.secret.redact_from(id), SHORT_LIMIT)),
                retry_after: headers
                    .get(RETRY_AFTER)
                    .and_then(|value| value.to_str().ok())
                    .and_then(parse_retry_after),
            }
        };
        span.record("status", status);
        if let Some(request_id) = &head.request_id {
            span.record("request_id", request_id.as_str());
        }
        tracing::debug!(status, request_id = head.request_id.as_deref(), "response");

        let success = (200..300).contains(&status);
        let limit = if success {
            self.max_body_size
        } else {
            self.max_error_body_size
        };
        let content_length = response.content_length();
        let too_large = |head: Head| Error::ResponseTooLarge {
            endpoint: *endpoint,
            status: head.status,
            request_id: head.request_id,
            limit,
            content_length,
        };
        if success && content_length.is_some_and(|length| length > limit as u64) {
            return Err(too_large(head));
        }
        let (body, truncated) = read_limited(&mut response, limit)
            .await
            .map_err(|source| self.transport_error(endpoint, source))?;
        if success {
            if truncated {
                return Err(too_large(head));
            }
            let headers = std::mem::take(response.headers_mut());
            return Ok(Response::new(
                *endpoint,
                status,
                head.request_id,
                headers,
                body,
                self.secret.clone(),
            ));
        }
        let mut error = ApiError::from_response(
            *endpoint,
            status,
            head.request_id,
            head.retry_after,
            &body,
            &self.secret,
        );
        error.body_truncated = truncated;
        let error = Box::new(error);
        Err(if status == 401 {
            Error::Unauthorized(error)
        } else {
            Error::Api(error)
        })
    }

    fn transport_error(&self, endpoint: &'static Endpoint, source: reqwest::Error) -> Error {
        if source.is_timeout() {
            Error::Timeout {
                endpoint: *endpoint,
                timeout: self.timeout,
            }
        } else {
            // The URL carries the query string, which may hold a cursor or parameters
            // that echo a secret; the endpoint names the request well enough.
            Error::Transport {
                endpoint: *endpoint,
                source: source.without_url(),
            }
        }
    }
}

/// The time limits of one call.
struct Limits<'a> {
    start: Instant,
    /// Per attempt.
    timeout: Duration,
    /// For the whole call; `None` when too far away to represent.
    deadline: Option<Instant>,
    /// The call's span, which records the attempts, status and request id.
    span: &'a tracing::Span,
    /// The typed request, for a mock transport.
    typed: &'a Typed,
}

/// Reads at most `limit` bytes of `response`'s body, chunk by chunk; the flag says whether
/// the body had more (which is then left unread). The buffer grows by doubling but never
/// past `limit`, so a call's peak stays under twice the limit.
async fn read_limited(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let hint = response
        .content_length()
        .map_or(0, |length| usize::try_from(length).unwrap_or(usize::MAX))
        .min(limit);
    let mut body = Vec::with_capacity(hint);
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        if body.capacity() - body.len() < chunk.len() {
            let wanted = (body.capacity().saturating_mul(2))
                .max(body.len() + chunk.len())
                .max(8 * 1024)
                .min(limit);
            body.reserve_exact(wanted - body.len());
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

impl fmt::Debug for Seam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let auth = if inner.workspace_id.is_some() {
            "personal access token"
        } else {
            "API key"
        };
        f.debug_struct("Seam")
            .field("endpoint", &inner.base_url)
            .field("auth", &auth)
            .field("workspace_id", &inner.workspace_id)
            .field("timeout", &inner.timeout)
            .field("total_timeout", &inner.total_timeout)
            .field("retry_policy", &inner.retry_policy)
            .field("max_body_size", &inner.max_body_size)
            .field("max_error_body_size", &inner.max_error_body_size)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Seam`] client; [`Seam::builder`] makes one.
///
/// Exactly one way to authenticate must be set: [`api_key`](Self::api_key) or
/// [`personal_access_token`](Self::personal_access_token).
#[derive(Debug, Clone, Default)]
pub struct SeamBuilder {
    api_key: Option<Secret>,
    personal_access_token: Option<(Secret, String)>,
    endpoint: Option<String>,
    timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
    http_client: Option<reqwest::Client>,
    /// Set by a mock client ([`crate::runtime::mock::MockSeam::client_builder`]).
    #[cfg(feature = "testing")]
    pub(crate) mock: Option<crate::runtime::mock::MockSeam>,
    max_body_size: Option<usize>,
    max_error_body_size: Option<usize>,
}

impl SeamBuilder {
    /// A builder with nothing set; the same as [`Seam::builder`].
    pub fn new() -> Self {
        SeamBuilder::default()
    }

    /// A builder configured from the process environment; see
    /// [`from_env_with`](Self::from_env_with). Further settings can be changed before
    /// [`build`](Self::build).
    pub fn from_env() -> Result<SeamBuilder, Error> {
        SeamBuilder::from_env_with(|name| std::env::var(name).ok())
    }

    /// A builder configured from the variables that `lookup` returns by name (such as
    /// `|name| std::env::var(name).ok()`):
    ///
    /// - `SEAM_API_KEY`: authenticate with this API key; or
    /// - `SEAM_PERSONAL_ACCESS_TOKEN` and `SEAM_WORKSPACE_ID`: authenticate with this
    ///   personal access token, acting in this workspace;
    /// - `SEAM_ENDPOINT` (optional): the API's base URL.
    ///
    /// Values are trimmed, and empty ones count as unset. Fails with [`Error::Config`]
    /// when neither credential is set, when both are, or when a token is set without a
    /// workspace id.
    pub fn from_env_with<F>(mut lookup: F) -> Result<SeamBuilder, Error>
    where
        F: FnMut(&str) -> Option<String>,
    {
        let mut get = |name: &str| {
            lookup(name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let api_key = get("SEAM_API_KEY");
        let token = get("SEAM_PERSONAL_ACCESS_TOKEN");
        let workspace_id = get("SEAM_WORKSPACE_ID");
        let endpoint = get("SEAM_ENDPOINT");

        let builder = match (api_key, token, workspace_id) {
            (Some(_), Some(_), _) => {
                return Err(Error::Config(
                    "both SEAM_API_KEY and SEAM_PERSONAL_ACCESS_TOKEN are set; set only one".into(),
                ))
            }
            (Some(api_key), None, _) => SeamBuilder::new().api_key(api_key),
            (None, Some(token), Some(workspace_id)) => {
                SeamBuilder::new().personal_access_token(token, workspace_id)
            }
            (None, Some(_), None) => {
                return Err(Error::Config(
                    "SEAM_PERSONAL_ACCESS_TOKEN is set but SEAM_WORKSPACE_ID is not; \
                     a personal access token needs the id of the workspace to act in"
                        .into(),
                ))
            }
            (None, None, _) => {
                return Err(Error::Config(
                    "no Seam credentials in the environment: set SEAM_API_KEY, \
                     or SEAM_PERSONAL_ACCESS_TOKEN and SEAM_WORKSPACE_ID"
                        .into(),
                ))
            }
        };
        Ok(match endpoint {
            Some(endpoint) => builder.endpoint(endpoint),
            None => builder,
        })
    }

    /// Authenticates with an API key (sent as `Authorization: Bearer <key>`).
    #[must_use]
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(Secret::new(api_key.into()));
        self
    }

    /// Authenticates with a personal access token, acting in the workspace
    /// `workspace_id` (sent as `Authorization: Bearer <token>` and
    /// `seam-workspace: <workspace_id>`).
    #[must_use]
    pub fn personal_access_token(
        mut self,
        token: impl Into<String>,
        workspace_id: impl Into<String>,
    ) -> Self {
        self.personal_access_token = Some((Secret::new(token.into()), workspace_id.into()));
        self
    }

    /// The API's base URL (default [`DEFAULT_ENDPOINT`]); a trailing slash is ignored.
    #[must_use]
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// How long one attempt of a request may take, from connecting until the response
    /// body is read (default [`DEFAULT_TIMEOUT`], 30 s). Retries get a fresh timeout each,
    /// within the [`total_timeout`](Self::total_timeout). [`Call::timeout`] overrides it
    /// for one call.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How long a whole call may take, every attempt and the waits between them included
    /// (default [`DEFAULT_TOTAL_TIMEOUT`], 60 s). A retry whose wait (backoff or
    /// `Retry-After`) would end past it is not made: the call fails with the last error.
    /// An attempt still under way when it passes fails with [`Error::DeadlineExceeded`].
    /// [`Call::total_timeout`] and [`Call::deadline`] override it for one call.
    #[must_use]
    pub fn total_timeout(mut self, total_timeout: Duration) -> Self {
        self.total_timeout = Some(total_timeout);
        self
    }

    /// How long connecting (TCP and TLS) may take (default [`DEFAULT_CONNECT_TIMEOUT`],
    /// 10 s). Applies to the HTTP client the builder creates, not to one given with
    /// [`http_client`](Self::http_client).
    #[must_use]
    pub fn connect_timeout(mut self, connect_timeout: Duration) -> Self {
        self.connect_timeout = Some(connect_timeout);
        self
    }

    /// The largest successful response body the client reads (default
    /// [`DEFAULT_MAX_BODY_SIZE`], 32 MiB). A larger one, by its `Content-Length` or as
    /// it arrives, fails with [`Error::ResponseTooLarge`] without being read further.
    #[must_use]
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// How much of an error response's body the client reads (default
    /// [`DEFAULT_MAX_ERROR_BODY_SIZE`], 64 KiB); the rest is left unread and
    /// [`ApiError::body_truncated`] is set.
    #[must_use]
    pub fn max_error_body_size(mut self, bytes: usize) -> Self {
        self.max_error_body_size = Some(bytes);
        self
    }

    /// When failed requests are retried (default [`RetryPolicy::default`]).
    #[must_use]
    pub fn retry_policy(mut self, retry_policy: RetryPolicy) -> Self {
        self.retry_policy = Some(retry_policy);
        self
    }

    /// The `reqwest` client to send requests with, for custom TLS, proxies or connection
    /// pooling. By default the builder creates one that does not follow redirects. The
    /// SDK's headers and timeout are set on each request either way.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The client, or [`Error::Config`] explaining what is wrong with the settings.
    pub fn build(self) -> Result<Seam, Error> {
        let (secret, workspace_id) = match (self.api_key, self.personal_access_token) {
            (Some(api_key), None) => {
                check_secret(&api_key, "API key")?;
                (api_key, None)
            }
            (None, Some((token, workspace_id))) => {
                check_secret(&token, "personal access token")?;
                (token, Some(workspace_id))
            }
            (None, None) => return Err(Error::Config(
                "no credentials: call api_key(..) or personal_access_token(..) on the builder, \
                     or use Seam::from_env() with SEAM_API_KEY set"
                    .into(),
            )),
            (Some(_), Some(_)) => {
                return Err(Error::Config(
                    "both an API key and a personal access token are set; use only one".into(),
                ))
            }
        };

        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let total_timeout = self.total_timeout.unwrap_or(DEFAULT_TOTAL_TIMEOUT);
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        for (value, what) in [
            (timeout, "timeout"),
            (total_timeout, "total timeout"),
            (connect_timeout, "connect timeout"),
        ] {
            if value.is_zero() {
                return Err(Error::Config(format!(
                    "the {what} must be longer than zero"
                )));
            }
        }
        let max_body_size = self.max_body_size.unwrap_or(DEFAULT_MAX_BODY_SIZE);
        let max_error_body_size = self
            .max_error_body_size
            .unwrap_or(DEFAULT_MAX_ERROR_BODY_SIZE);
        if max_body_size == 0 {
            return Err(Error::Config(
                "the maximum body size must be larger than zero".into(),
            ));
        }
        let base_url = base_url(self.endpoint.as_deref().unwrap_or(DEFAULT_ENDPOINT))?;

        let mut headers = HeaderMap::new();
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", secret.expose()))
            .map_err(|_| {
                Error::Config(
                    "the credential contains characters not allowed in an HTTP header".into(),
                )
            })?;
        authorization.set_sensitive(true);
        headers.insert(AUTHORIZATION, authorization);
        if let Some(workspace_id) = &workspace_id {
            if workspace_id.trim().is_empty() {
                return Err(Error::Config("the workspace id is empty".into()));
            }
            let value = HeaderValue::from_str(workspace_id).map_err(|_| {
                Error::Config(
                    "the workspace id contains characters not allowed in an HTTP header".into(),
                )
            })?;
            headers.insert(HeaderName::from_static("seam-workspace"), value);
        }
        headers.insert(
            HeaderName::from_static("seam-sdk-name"),
            HeaderValue::from_static(SDK_NAME),
        );
        headers.insert(
            HeaderName::from_static("seam-sdk-version"),
            HeaderValue::from_static(SDK_VERSION),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));

        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .user_agent(USER_AGENT_VALUE)
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(connect_timeout)
                .build()
                .map_err(|error| {
                    Error::Config(format!("could not create the HTTP client: {error}"))
                })?,
        };

        #[cfg(feature = "testing")]
        let transport = match self.mock {
            Some(mock) => Transport::Mock(mock, http),
            None => Transport::Http(http),
        };
        #[cfg(not(feature = "testing"))]
        let transport = Transport::Http(http);
        Ok(Seam {
            inner: Arc::new(Inner {
                transport,
                base_url,
                headers,
                secret,
                workspace_id,
                timeout,
                total_timeout,
                retry_policy: self.retry_policy.unwrap_or_default(),
                max_body_size,
                max_error_body_size,
            }),
        })
    }
}

/// Rejects an empty credential or one with whitespace or control characters, without
/// quoting it.
fn check_secret(secret: &Secret, what: &str) -> Result<(), Error> {
    let value = secret.expose();
    if value.is_empty() {
        return Err(Error::Config(format!("the {what} is empty")));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::Config(format!(
            "the {what} contains whitespace or control characters"
        )));
    }
    Ok(())
}

/// The endpoint URL, checked, without a trailing slash.
fn base_url(endpoint: &str) -> Result<String, Error> {
    let endpoint = endpoint.trim();
    let url = reqwest::Url::parse(endpoint).map_err(|error| {
        Error::Config(format!(
            "the endpoint {endpoint:?} is not a valid URL: {error}"
        ))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "the endpoint URL must not contain a user name or password".into(),
        ));
    }
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::Config(format!(
            "the endpoint {endpoint:?} must be an http:// or https:// URL with a host"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "the endpoint {endpoint:?} must not have a query string or fragment"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}
