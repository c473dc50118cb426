//! The client: configuration, authentication, and sending requests with retries.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER,
    USER_AGENT,
};
use serde::Serialize;

use crate::runtime::endpoint::Endpoint;
use crate::runtime::error::{ApiError, Error};
use crate::runtime::query;
use crate::runtime::response::Response;
use crate::runtime::retry::{parse_retry_after, RetryPolicy};
use crate::runtime::secret::Secret;

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
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The endpoint URL without a trailing slash; paths are appended to it.
    base_url: String,
    /// Sent with every request: credentials, SDK identification, `Accept`, `User-Agent`.
    headers: HeaderMap,
    /// Kept to redact it from error bodies.
    secret: Secret,
    workspace_id: Option<String>,
    timeout: Duration,
    retry_policy: RetryPolicy,
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
    /// decode the result. Every generated endpoint method is this call and one decoder;
    /// call it yourself for an endpoint this crate does not include (the [crate]
    /// documentation shows how).
    ///
    /// For `GET` and `DELETE` the parameters become the query string, so they must
    /// serialize to a JSON object (or `null`, for none); for the other methods they are
    /// the JSON body (`null` sends `{}`). A response that is not a success is [`Error::Api`] or
    /// [`Error::Unauthorized`].
    ///
    /// The parameters are serialized before this returns, so the future borrows neither
    /// the client nor them: use it like an `async fn`.
    pub fn call<B: Serialize + ?Sized>(
        &self,
        endpoint: &'static Endpoint,
        parameters: &B,
    ) -> impl Future<Output = Result<Response, Error>> + Send + 'static {
        let request = self.inner.prepare(endpoint, parameters);
        let inner = Arc::clone(&self.inner);
        async move { inner.send(endpoint, request?).await }
    }
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
            .http
            .request(endpoint.method.to_reqwest(), url)
            .headers(self.headers.clone())
            .timeout(self.timeout);
        if !endpoint.method.uses_query() {
            let mut json = serde_json::to_vec(parameters).map_err(encode)?;
            if json == b"null" {
                json = b"{}".to_vec();
            }
            request = request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(json);
        }
        request.build().map_err(|source| Error::Transport {
            endpoint: *endpoint,
            source,
        })
    }

    async fn send(
        &self,
        endpoint: &'static Endpoint,
        request: reqwest::Request,
    ) -> Result<Response, Error> {
        let policy = &self.retry_policy;
        let may_retry = endpoint.method.is_idempotent() || policy.retry_non_idempotent;
        let mut retries_done = 0;
        loop {
            // The last possible attempt sends the request itself; earlier ones a copy.
            let copy = if may_retry && retries_done < policy.max_retries {
                request.try_clone()
            } else {
                None
            };
            let Some(attempt) = copy else {
                return self.attempt(endpoint, request).await;
            };
            match self.attempt(endpoint, attempt).await {
                Ok(response) => return Ok(response),
                Err(error) if policy.should_retry(endpoint.method, retries_done, &error) => {
                    let retry_after = error.api_error().and_then(|api| api.retry_after);
                    tokio::time::sleep(policy.delay(retries_done, retry_after)).await;
                    retries_done += 1;
                }
                Err(error) => return Err(error),
            }
        }
    }

    async fn attempt(
        &self,
        endpoint: &'static Endpoint,
        request: reqwest::Request,
    ) -> Result<Response, Error> {
        let response = self
            .http
            .execute(request)
            .await
            .map_err(|source| self.transport_error(endpoint, source))?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let request_id = headers
            .get(SEAM_REQUEST_ID)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(parse_retry_after);
        let body: Vec<u8> = response
            .bytes()
            .await
            .map_err(|source| self.transport_error(endpoint, source))?
            .into();

        if (200..300).contains(&status) {
            return Ok(Response::new(
                *endpoint,
                status,
                request_id,
                body,
                self.secret.clone(),
            ));
        }
        let error = Box::new(ApiError::from_response(
            *endpoint,
            status,
            request_id,
            retry_after,
            &body,
            &self.secret,
        ));
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
            Error::Transport {
                endpoint: *endpoint,
                source,
            }
        }
    }
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
            .field("retry_policy", &inner.retry_policy)
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
    retry_policy: Option<RetryPolicy>,
    http_client: Option<reqwest::Client>,
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
    /// body is read (default [`DEFAULT_TIMEOUT`], 30 s). Retries get a fresh timeout each.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
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
        if timeout.is_zero() {
            return Err(Error::Config("the timeout must be longer than zero".into()));
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
                .build()
                .map_err(|error| {
                    Error::Config(format!("could not create the HTTP client: {error}"))
                })?,
        };

        Ok(Seam {
            inner: Arc::new(Inner {
                http,
                base_url,
                headers,
                secret,
                workspace_id,
                timeout,
                retry_policy: self.retry_policy.unwrap_or_default(),
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
