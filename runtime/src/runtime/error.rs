//! The SDK's error type, and the parsing of the Seam API's error bodies.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde_json::Value;

use crate::runtime::endpoint::Endpoint;
use crate::runtime::secret::Secret;

/// At most this many bytes of a response body are kept in an error.
const BODY_SNIPPET_LIMIT: usize = 1024;

/// Everything that can go wrong when calling the Seam API.
///
/// Each variant's `Display` names the endpoint (such as `POST /acs/credentials/create`),
/// the HTTP status when there was one, and what failed. The API key or personal access
/// token never appears in this type's `Display` or `Debug` output.
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
    #[error("{endpoint} returned HTTP {status} with a body that could not be decoded: {source} (near `{body}`)")]
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
    #[error("{endpoint} returned HTTP {status} with an unexpected body: {message}")]
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

    /// Following the pages of a list went wrong, for example because the server
    /// returned a page cursor that was already used (which would loop forever).
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
            Error::Decode { status, .. } | Error::InvalidResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `seam-request-id` header of the response the error came from, if there was
    /// one. Quote it when asking Seam for support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Unauthorized(api) | Error::Api(api) => api.request_id.as_deref(),
            Error::Decode { request_id, .. } | Error::InvalidResponse { request_id, .. } => {
                request_id.as_deref()
            }
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

    /// The endpoint that was called; `None` only for [`Error::Config`].
    pub fn endpoint(&self) -> Option<Endpoint> {
        match self {
            Error::Unauthorized(api) | Error::Api(api) => Some(api.endpoint),
            Error::Timeout { endpoint, .. }
            | Error::Transport { endpoint, .. }
            | Error::Decode { endpoint, .. }
            | Error::InvalidResponse { endpoint, .. }
            | Error::Pagination { endpoint, .. }
            | Error::Encode { endpoint, .. } => Some(*endpoint),
            Error::Config(_) => None,
        }
    }

    /// Whether trying the same request again later may succeed: timeouts, connection
    /// failures, `429 Too Many Requests` and `5xx` responses. The client already retries
    /// these for idempotent requests, as its [`RetryPolicy`](crate::runtime::RetryPolicy)
    /// allows.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport { source, .. } => !source.is_builder() && !source.is_redirect(),
            Error::Api(api) => api.status == 429 || (500..=599).contains(&api.status),
            _ => false,
        }
    }
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
        Some(cause) => format!("{what}: {cause}"),
        None => what.to_owned(),
    }
}

/// An error response from the Seam API.
///
/// Seam answers errors with a body like
/// `{"error": {"type": "invalid_input", "message": "...", "validation_errors": {..}}, "ok": false}`;
/// this type holds its parts, and the raw body for anything else.
#[derive(Debug, Clone)]
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
    /// The response body as text, cut to about 1 KiB.
    pub body: String,
    /// How long the `Retry-After` header asked to wait, if it was present and valid.
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
            body: truncate(&text, BODY_SNIPPET_LIMIT),
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
                truncate(trimmed, BODY_SNIPPET_LIMIT)
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
            write!(f, " {kind}")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.validation_errors.is_empty() {
            f.write_str(" [")?;
            for (index, (path, messages)) in self.validation_errors.iter().enumerate() {
                if index > 0 {
                    f.write_str("; ")?;
                }
                if !path.is_empty() {
                    write!(f, "{path}: ")?;
                }
                f.write_str(&messages.join(", "))?;
            }
            f.write_str("]")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {request_id})")?;
        }
        Ok(())
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
