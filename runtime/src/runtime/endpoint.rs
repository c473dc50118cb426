//! Identifies one operation of the Seam API: its HTTP method and path.

use std::fmt;

/// The HTTP method of an [`Endpoint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`: the request parameters travel in the query string.
    Get,
    /// `POST`: the request parameters travel as a JSON body.
    Post,
    /// `PUT`: the request parameters travel as a JSON body.
    Put,
    /// `PATCH`: the request parameters travel as a JSON body.
    Patch,
    /// `DELETE`: the request parameters travel in the query string.
    Delete,
}

impl HttpMethod {
    /// The method's name as sent on the wire, such as `"GET"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// Whether repeating the request has the same effect as sending it once (`GET`, `PUT`
    /// and `DELETE`). Only such requests are retried by default; see
    /// [`RetryPolicy::retry_non_idempotent`](crate::runtime::RetryPolicy::retry_non_idempotent).
    pub const fn is_idempotent(self) -> bool {
        matches!(self, HttpMethod::Get | HttpMethod::Put | HttpMethod::Delete)
    }

    /// Whether the request parameters are sent in the query string rather than as a JSON
    /// body.
    pub(crate) const fn uses_query(self) -> bool {
        matches!(self, HttpMethod::Get | HttpMethod::Delete)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of the Seam API, such as `POST /acs/credentials/create`.
///
/// Every [`Error`](crate::runtime::Error) that concerns a request names its endpoint.
/// `Display` renders the method and the path: `GET /acs/credentials/list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path below the API's base URL, starting with `/`.
    pub path: &'static str,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}
