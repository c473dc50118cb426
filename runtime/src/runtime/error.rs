//! The SDK's error type, and the parsing of the Seam API's error bodies.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde_json::Value;

use crate::runtime::endpoint::Endpoint;
use crate::runtime::secret::Secret;
use crate::runtime::text::{bounded, escape};

/// At most this many bytes of a server's message are shown by `Display`.
pub(crate) const MESSAGE_LIMIT: usize = 1024;

/// At most this many bytes of an error type or request id are shown by `Display`.
pub(crate) const SHORT_LIMIT: usize = 128;

/// At most this many invalid parameters are listed by `Display`.
const VALIDATION_LIMIT: usize = 10;

/// Everything that can go wrong when calling the Seam API.
///
/// Each variant's `Display` names the endpoint (such as `POST /acs/credentials/create`),
/// the HTTP status when there was one, and what failed. The API key or personal access
/// token never appears in this type's `Display` or `Debug` output, whatever the server
/// echoes; text that comes from the server is shown with control characters escaped and
/// cut to about 1 KiB (the full text stays in the fields, such as [`ApiError::message`]
/// and [`ApiError::body`]).
///
/// [`kind`](Self::kind) tells Seam's error types apart, [`is_retryable`](Self::is_retryable)
/// says whether trying again later may help, and [`request_id`](Self::request_id) is what
/// Seam's support asks for; the [crate] documentation shows them in use.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered `401 Unauthorized`: the API key or personal access token is wrong,
    /// revoked, or not valid for the workspace.
    #[error("{0}; check the API key or personal access token")]
    Unauthorized(Box<ApiError>),

    /// The API answered with any other status that is not a success (`400`, `404`,
    /// `429`, `5xx`, ...). [`ApiError::kind`] holds Seam's error type, such as
    /// `invalid_input` or `acs_credential_not_found`.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// No complete response arrived within the per-attempt timeout
    /// ([`SeamBuilder::timeout`](crate::runtime::SeamBuilder::timeout)), on the last
    /// attempt.
    #[error("{endpoint} timed out: no complete response within {timeout:?}")]
    #[non_exhaustive]
    Timeout {
        /// The endpoint that was called.
        endpoint: Endpoint,
        /// The per-attempt timeout that ran out.
        timeout: Duration,
    },

    /// The call's overall deadline
    /// ([`SeamBuilder::total_timeout`](crate::runtime::SeamBuilder::total_timeout),
    /// [`Call::deadline`](crate::runtime::Call::deadline)) passed while an attempt was
    /// under way. When a retry could not start before the deadline, the call fails with
    /// the last attempt's error instead.
    #[error(
        "{endpoint} did not complete within its deadline of {budget:?} ({attempts} attempt(s))"
    )]
    #[non_exhaustive]
    DeadlineExceeded {
        /// The endpoint that was called.
        endpoint: Endpoint,
        /// The time the call had, from its start to its deadline.
        budget: Duration,
        /// How many attempts were started.
        attempts: u32,
    },

    /// The response body is larger than the client accepts
    /// ([`SeamBuilder::max_body_size`](crate::runtime::SeamBuilder::max_body_size)); it was
    /// not read further (or at all, when its `Content-Length` said so). Not retried.
    #[error(
        "{endpoint} returned HTTP {status} with a body larger than the limit of {limit} bytes{}; \
         raise SeamBuilder::max_body_size if this is expected",
        content_length.map(|length| format!(" (Content-Length {length})")).unwrap_or_default()
    )]
    #[non_exhaustive]
    ResponseTooLarge {
        /// The endpoint that was called.
        endpoint: Endpoint,
        /// The HTTP status of the response.
        status: u16,
        /// The `seam-request-id` response header.
        request_id: Option<String>,
        /// The limit, in bytes.
        limit: usize,
        /// The response's `Content-Length`, when it sent one.
        content_length: Option<u64>,
    },

    /// The request could not be sent or its response could not be read: the connection
    /// was refused or reset, DNS failed, TLS failed, and so on. `Display` ends with the
    /// innermost cause; the whole chain is the error's
    /// [`source`](std::error::Error::source).
    #[error("{endpoint} failed: {}", transport_summary(source))]
    #[non_exhaustive]
    Transport {
        /// The endpoint that was called.
        endpoint: Endpoint,
        /// What `reqwest` reported.
        source: reqwest::Error,
    },

    /// The API answered with a success status, but its body is not the JSON this SDK
    /// expects (invalid JSON, or a value of the wrong type). The message says what and
    /// where (line and column); `body` shows the text around that place.
    #[error(
        "{endpoint} returned HTTP {status} with a body that could not be decoded: {} (near `{}`)",
        bounded(&source.to_string(), MESSAGE_LIMIT),
        bounded(body, MESSAGE_LIMIT)
    )]
    #[non_exhaustive]
    Decode {
        /// The endpoint that was called.
        endpoint: Endpoint,
        /// The HTTP status of the response.
        status: u16,
        /// The `seam-request-id` response header.
        request_id: Option<String>,
        /// What `serde_json` reported, with the line and column.
        source: serde_json::Error,
        /// About 500 bytes of the body, around the place that failed.
        body: String,
    },

    /// The API answered with a success status and valid JSON, but not the expected
    /// shape, such as a missing payload key.
    #[error(
        "{endpoint} returned HTTP {status} with an unexpected body: {}",
        bounded(message, MESSAGE_LIMIT)
    )]
    #[non_exhaustive]
    InvalidResponse {
        /// The endpoint that was called.
        endpoint: Endpoint,
        /// The HTTP status of the response.
        status: u16,
        /// The `seam-request-id` response header.
        request_id: Option<String>,
        /// What was wrong.
        message: String,
    },

    /// Following the pages of a list went wrong: the server returned a page cursor that
    /// was already used (which would loop forever), said there were more pages without a
    /// cursor, or the walk reached its page limit
    /// ([`Paginator::max_pages`](crate::runtime::Paginator::max_pages)).
    #[error("{endpoint} pagination failed: {message}")]
    #[non_exhaustive]
    Pagination {
        /// The endpoint that was called.
        endpoint: Endpoint,
        /// What went wrong.
        message: String,
    },

    /// The client is misconfigured: no credentials or two kinds of them, a malformed
    /// endpoint URL, a missing environment variable, and so on.
    #[error("invalid Seam client configuration: {0}")]
    Config(String),

    /// A string given as a timestamp is not an RFC 3339 date-time (from `?` on
    /// [`Timestamp::parse`](crate::runtime::Timestamp::parse) or `str::parse`); nothing was
    /// sent.
    #[error(transparent)]
    Timestamp(#[from] crate::runtime::TimestampError),

    /// The request's parameters could not be serialized.
    #[error("{endpoint} failed: its parameters could not be encoded: {source}")]
    #[non_exhaustive]
    Encode {
        /// The endpoint that was called.
        endpoint: Endpoint,
        /// What `serde_json` reported.
        source: serde_json::Error,
    },
}

impl Error {
    /// The HTTP status of the response the error came from, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized(api) | Error::Api(api) => Some(api.status),
            Error::Decode { status, .. }
            | Error::InvalidResponse { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `seam-request-id` header of the response the error came from, if there was
    /// one. Quote it when asking Seam for support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Unauthorized(api) | Error::Api(api) => api.request_id.as_deref(),
            Error::Decode { request_id, .. }
            | Error::InvalidResponse { request_id, .. }
            | Error::ResponseTooLarge { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The details of an error response from the API ([`Error::Api`] or
    /// [`Error::Unauthorized`]).
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Unauthorized(api) | Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Seam's error type, such as `invalid_input` or `acs_credential_not_found`, for an
    /// error response whose body named one.
    pub fn kind(&self) -> Option<&str> {
        self.api_error().and_then(|api| api.kind.as_deref())
    }

    /// The endpoint that was called; `None` only for [`Error::Config`] and
    /// [`Error::Timestamp`].
    pub fn endpoint(&self) -> Option<Endpoint> {
        match self {
            Error::Unauthorized(api) | Error::Api(api) => Some(api.endpoint),
            Error::Timeout { endpoint, .. }
            | Error::DeadlineExceeded { endpoint, .. }
            | Error::ResponseTooLarge { endpoint, .. }
            | Error::Transport { endpoint, .. }
            | Error::Decode { endpoint, .. }
            | Error::InvalidResponse { endpoint, .. }
            | Error::Pagination { endpoint, .. }
            | Error::Encode { endpoint, .. } => Some(*endpoint),
            Error::Config(_) | Error::Timestamp(_) => None,
        }
    }

    /// Whether trying the same request again later may succeed: timeouts, connection
    /// failures, `429 Too Many Requests` and `5xx` responses but `501 Not Implemented`
    /// (which says the server does not do this at all; a mock client answers it to a call
    /// none of its rules matches). The client already retries
    /// these for idempotent requests, as its [`RetryPolicy`](crate::runtime::RetryPolicy)
    /// allows. A response the client could not parse (such as a head too large), a body
    /// over the limit, or a passed deadline is not retryable.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport { source, .. } => {
                !source.is_builder() && !source.is_redirect() && !is_malformed_response(source)
            }
            Error::Api(api) => {
                api.status == 429 || (500..=599).contains(&api.status) && api.status != 501
            }
            _ => false,
        }
    }
}

/// Whether `hyper` could not parse the response (a head too large, an invalid status
/// line or header): the same server will most likely answer the same way again.
fn is_malformed_response(source: &reqwest::Error) -> bool {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(source);
    while let Some(cause) = next {
        if let Some(hyper) = cause.downcast_ref::<hyper::Error>() {
            if hyper.is_parse() {
                return true;
            }
        }
        next = cause.source();
    }
    false
}

/// What failed, and the innermost cause (such as "Connection refused"), which is the most
/// telling part of `reqwest`'s error chain.
fn transport_summary(source: &reqwest::Error) -> String {
    let what = if source.is_connect() {
        "could not connect to the Seam API"
    } else if source.is_timeout() {
        "the request timed out"
    } else if source.is_builder() {
        "the request could not be built"
    } else if source.is_redirect() {
        "the API answered with a redirect that could not be followed"
    } else if source.is_body() || source.is_decode() {
        "the connection failed while reading the response body"
    } else {
        "the request could not be sent or its response could not be read"
    };
    let mut innermost = None;
    let mut next = std::error::Error::source(source);
    while let Some(cause) = next {
        innermost = Some(cause);
        next = cause.source();
    }
    match innermost {
        Some(cause) => format!("{what}: {}", bounded(&cause.to_string(), MESSAGE_LIMIT)),
        None => what.to_owned(),
    }
}

/// An error response from the Seam API.
///
/// Seam answers errors with a body like
/// `{"error": {"type": "invalid_input", "message": "...", "validation_errors": {..}}, "ok": false}`;
/// this type holds its parts, and the body for anything else. Every field has had the
/// client's credential replaced by `[redacted]`. `Display` and `Debug` escape control
/// characters and cut long text (a message at about 1 KiB, at most 10 invalid
/// parameters); the fields keep it whole.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The endpoint that was called.
    pub endpoint: Endpoint,
    /// The HTTP status, such as `400` or `404`.
    pub status: u16,
    /// Seam's error type (`error.type`), such as `invalid_input` or
    /// `acs_credential_not_found`; `None` when the body was not a Seam error.
    pub kind: Option<String>,
    /// The human-readable message (`error.message`), or the start of the body when it was
    /// not a Seam error, or the status's reason phrase when the body was empty.
    pub message: String,
    /// The `seam-request-id` response header. Quote it when asking Seam for support.
    pub request_id: Option<String>,
    /// Extra details some errors carry (`error.data`).
    pub data: Option<Value>,
    /// For `invalid_input` errors: each invalid parameter's messages, keyed by its
    /// dotted path (such as `acs_user_id` or `access_schedule.starts_at`). Messages about
    /// the request as a whole are under the key `""`.
    pub validation_errors: BTreeMap<String, Vec<String>>,
    /// The response body as text, as far as it was read: at most
    /// [`SeamBuilder::max_error_body_size`](crate::runtime::SeamBuilder::max_error_body_size)
    /// bytes (64 KiB by default); see [`body_truncated`](Self::body_truncated).
    pub body: String,
    /// Whether the body was longer than what was read into [`body`](Self::body).
    pub body_truncated: bool,
    /// How long the `Retry-After` header asked to wait, if it was present, valid and not
    /// a date in the past.
    pub retry_after: Option<Duration>,
}

impl ApiError {
    /// Parses an error response. Never fails: a body that is not a Seam error leaves
    /// `kind` empty and shows up in `message` and `body`. Any occurrence of `secret` in
    /// the body is redacted.
    pub(crate) fn from_response(
        endpoint: Endpoint,
        status: u16,
        request_id: Option<String>,
        retry_after: Option<Duration>,
        bytes: &[u8],
        secret: &Secret,
    ) -> ApiError {
        let text = String::from_utf8_lossy(bytes);
        let text = secret.redact_from(&text);
        let mut error = ApiError {
            endpoint,
            status,
            kind: None,
            message: String::new(),
            request_id,
            data: None,
            validation_errors: BTreeMap::new(),
            body: text.clone().into_owned(),
            body_truncated: false,
            retry_after,
        };

        let parsed: Option<Value> = serde_json::from_str(&text).ok();
        let details = parsed.as_ref().and_then(|value| match value.get("error") {
            Some(Value::Object(details)) => Some(details),
            _ => None,
        });
        if let Some(details) = details {
            error.kind = details
                .get("type")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if let Some(message) = details.get("message").and_then(Value::as_str) {
                error.message = message.to_owned();
            }
            error.data = details.get("data").filter(|data| !data.is_null()).cloned();
            if let Some(validation) = details.get("validation_errors") {
                flatten_validation_errors(validation, String::new(), &mut error.validation_errors);
            }
        } else if let Some(value) = &parsed {
            // Not Seam's shape (a proxy, a gateway, a mock server): take a message from
            // `{"error": "..."}`, `{"message": ".."}` or a problem+json `detail`/`title`.
            if let Some(message) = ["error", "message", "detail", "title"]
                .iter()
                .find_map(|key| value.get(*key).and_then(Value::as_str))
            {
                error.message = message.to_owned();
            }
        }

        if error.message.is_empty() {
            let trimmed = text.trim();
            error.message = if !trimmed.is_empty() {
                truncate(trimmed, MESSAGE_LIMIT)
            } else {
                reqwest::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|code| code.canonical_reason())
                    .unwrap_or("no error details in the response")
                    .to_owned()
            };
        }
        error
    }
}

/// Flattens zod's error format, `{"_errors": [..], "field": {"_errors": [..], ..}}`, into
/// dotted paths. Empty lists are skipped.
fn flatten_validation_errors(value: &Value, path: String, out: &mut BTreeMap<String, Vec<String>>) {
    let Value::Object(object) = value else {
        return;
    };
    for (key, child) in object {
        if key == "_errors" {
            let Value::Array(messages) = child else {
                continue;
            };
            let messages: Vec<String> = messages
                .iter()
                .map(|message| match message {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                })
                .collect();
            if !messages.is_empty() {
                out.entry(path.clone()).or_default().extend(messages);
            }
        } else {
            let child_path = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            flatten_validation_errors(child, child_path, out);
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with HTTP {}", self.endpoint, self.status)?;
        if let Some(kind) = &self.kind {
            write!(f, " {}", bounded(kind, SHORT_LIMIT))?;
        }
        write!(f, ": {}", bounded(&self.message, MESSAGE_LIMIT))?;
        if !self.validation_errors.is_empty() {
            f.write_str(" [")?;
            for (index, (path, messages)) in self
                .validation_errors
                .iter()
                .take(VALIDATION_LIMIT)
                .enumerate()
            {
                if index > 0 {
                    f.write_str("; ")?;
                }
                if !path.is_empty() {
                    write!(f, "{}: ", bounded(path, SHORT_LIMIT))?;
                }
                for (index, message) in messages.iter().take(VALIDATION_LIMIT).enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", bounded(message, SHORT_LIMIT * 2))?;
                }
                if messages.len() > VALIDATION_LIMIT {
                    write!(f, ", and {} more", messages.len() - VALIDATION_LIMIT)?;
                }
            }
            if self.validation_errors.len() > VALIDATION_LIMIT {
                write!(
                    f,
                    "; and {} more invalid parameters",
                    self.validation_errors.len() - VALIDATION_LIMIT
                )?;
            }
            f.write_str("]")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {})", bounded(request_id, SHORT_LIMIT))?;
        }
        Ok(())
    }
}

/// `Debug` shows every field, long text cut and escaped like `Display`'s.
impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = self
            .data
            .as_ref()
            .map(|data| escape(&data.to_string(), MESSAGE_LIMIT));
        f.debug_struct("ApiError")
            .field("endpoint", &format_args!("{}", self.endpoint))
            .field("status", &self.status)
            .field(
                "kind",
                &self.kind.as_deref().map(|kind| escape(kind, SHORT_LIMIT)),
            )
            .field("message", &escape(&self.message, MESSAGE_LIMIT))
            .field(
                "request_id",
                &self.request_id.as_deref().map(|id| escape(id, SHORT_LIMIT)),
            )
            .field("data", &data)
            .field("validation_errors", &self.validation_errors.len())
            .field("body", &escape(&self.body, MESSAGE_LIMIT))
            .field("body_truncated", &self.body_truncated)
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

impl std::error::Error for ApiError {}

/// `text` cut to at most `limit` bytes on a character boundary, with `…` appended when
/// something was cut.
pub(crate) fn truncate(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_owned();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}
