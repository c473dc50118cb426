//! A successful response, and the decoding of the payload out of its JSON envelope.
//!
//! Seam wraps every payload in an object such as `{"acs_credential": {..}, "ok": true}`.
//! The decoders here make one pass over the body: they deserialize the named key(s)
//! straight into the target type and skip everything else, without building a
//! `serde_json::Value` of the body.

use std::fmt;
use std::marker::PhantomData;

use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::runtime::endpoint::Endpoint;
use crate::runtime::error::Error;
use crate::runtime::pagination::Page;
use crate::runtime::secret::Secret;
use crate::runtime::text::escape;

/// At most this many bytes of the body are quoted in an [`Error::Decode`].
const DECODE_SNIPPET_LIMIT: usize = 512;

/// A response with a success (`2xx`) status, its body read in full, as
/// [`Seam::call`](crate::runtime::Seam::call) returns it.
///
/// Seam's bodies are envelopes such as `{"acs_credential": {..}, "ok": true}`; decode the
/// payload with the method that fits the endpoint: [`payload`](Self::payload),
/// [`optional_payload`](Self::optional_payload), [`page`](Self::page) (list endpoints)
/// or [`empty`](Self::empty). Each makes one pass over the body, deserializing the named
/// key(s) straight into the target type and skipping the rest. A body that is not a JSON
/// object, or a value of the wrong type, is [`Error::Decode`]; a missing required key is
/// [`Error::InvalidResponse`]. Both name the endpoint, the status and the request id.
///
/// Its `Debug` output shows the body's length, not the body.
pub struct Response {
    endpoint: Endpoint,
    status: u16,
    request_id: Option<String>,
    headers: HeaderMap,
    body: Vec<u8>,
    /// The client's credential, masked out of any body text quoted in an error.
    secret: Secret,
}

impl Response {
    pub(crate) fn new(
        endpoint: Endpoint,
        status: u16,
        request_id: Option<String>,
        headers: HeaderMap,
        body: Vec<u8>,
        secret: Secret,
    ) -> Self {
        Response {
            endpoint,
            status,
            request_id,
            headers,
            body,
            secret,
        }
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The status, request id and headers, without the body.
    pub fn metadata(&self) -> ResponseMetadata {
        ResponseMetadata {
            status: self.status,
            request_id: self.request_id.clone(),
            headers: self.headers.clone(),
            secret: self.secret.clone(),
        }
    }

    /// The endpoint that was called.
    pub fn endpoint(&self) -> Endpoint {
        self.endpoint
    }

    /// The HTTP status, between 200 and 299.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `seam-request-id` response header. Quote it when asking Seam for support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The body as received.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The value under `key`. A missing or `null` key is [`Error::InvalidResponse`].
    pub fn payload<T: DeserializeOwned>(&self, key: &str) -> Result<T, Error> {
        match self.optional_payload(key)? {
            Some(value) => Ok(value),
            None => Err(self.missing(key)),
        }
    }

    /// The value under `key`, or `None` when the key is missing or `null`.
    pub fn optional_payload<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, Error> {
        let (value, _) = self.decode::<T, IgnoredAny>(key, None)?;
        Ok(value)
    }

    /// One page of a list: the items under `key` and the cursor from the pagination
    /// object under `pagination_key` (Seam's is `pagination`, with `next_page_cursor` and
    /// `has_next_page`). A missing pagination object means there is no next page; missing
    /// or `null` items are [`Error::InvalidResponse`].
    pub fn page<T: DeserializeOwned>(
        &self,
        key: &str,
        pagination_key: &str,
    ) -> Result<Page<T>, Error> {
        let (items, pagination) = self.decode::<Vec<T>, Pagination>(key, Some(pagination_key))?;
        let items = items.ok_or_else(|| self.missing(key))?;
        let Some(pagination) = pagination else {
            return Ok(Page {
                items,
                next_page_cursor: None,
                has_next_page: false,
            });
        };
        let next_page_cursor = pagination
            .next_page_cursor
            .filter(|cursor| !cursor.is_empty());
        let has_next_page = pagination
            .has_next_page
            .unwrap_or(next_page_cursor.is_some());
        Ok(Page {
            items,
            next_page_cursor,
            has_next_page,
        })
    }

    /// For endpoints whose response carries no payload: succeeds when the body is empty
    /// or a JSON object whose `ok` is not `false`. A body that is not JSON (such as a
    /// proxy's HTML page) is [`Error::Decode`]; `"ok": false` is
    /// [`Error::InvalidResponse`].
    pub fn empty(&self) -> Result<(), Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        match self.optional_payload::<bool>("ok")? {
            Some(false) => Err(Error::InvalidResponse {
                endpoint: self.endpoint,
                status: self.status,
                request_id: self.request_id.clone(),
                message: "the body says `\"ok\": false`".to_owned(),
            }),
            _ => Ok(()),
        }
    }

    fn missing(&self, key: &str) -> Error {
        Error::InvalidResponse {
            endpoint: self.endpoint,
            status: self.status,
            request_id: self.request_id.clone(),
            message: format!("the response body has no `{key}`"),
        }
    }

    /// Decodes the values under `first` and `second` (either may be missing or `null`:
    /// `None`) in one pass, skipping every other key.
    fn decode<A: DeserializeOwned, B: DeserializeOwned>(
        &self,
        first: &str,
        second: Option<&str>,
    ) -> Result<(Option<A>, Option<B>), Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let visitor = EnvelopeVisitor::<A, B> {
            first,
            second,
            marker: PhantomData,
        };
        deserializer
            .deserialize_map(visitor)
            .and_then(|value| deserializer.end().map(|()| value))
            .map_err(|source| Error::Decode {
                endpoint: self.endpoint,
                status: self.status,
                request_id: self.request_id.clone(),
                body: snippet_around(&self.secret.mask_in(&self.body), &source),
                source: self.secret.redact_error(source),
            })
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("endpoint", &format_args!("{}", self.endpoint))
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// The status, request id and headers of a successful response, for code that wants
/// them besides the decoded result:
/// [`Call::with_metadata`](crate::runtime::Call::with_metadata) returns it with the
/// result, and [`Response::metadata`] makes one.
///
/// Its `Debug` output shows the headers with the values of credential-bearing ones
/// (`authorization`, `cookie`, ...) and any value that contains the client's credential
/// replaced by `[redacted]`, and long values cut.
#[derive(Clone)]
pub struct ResponseMetadata {
    status: u16,
    request_id: Option<String>,
    headers: HeaderMap,
    secret: Secret,
}

impl ResponseMetadata {
    /// The HTTP status, between 200 and 299.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `seam-request-id` response header. Quote it when asking Seam for support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The response headers, as received.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

/// Header names whose values are credentials, never shown by `Debug`.
const SENSITIVE_HEADERS: [&str; 5] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
];

impl fmt::Debug for ResponseMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let bytes = value.as_bytes();
                let shown = if value.is_sensitive()
                    || SENSITIVE_HEADERS.contains(&name.as_str())
                    || matches!(self.secret.mask_in(bytes), std::borrow::Cow::Owned(_))
                {
                    "[redacted]".to_owned()
                } else {
                    escape(&String::from_utf8_lossy(bytes), 256)
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("ResponseMetadata")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("headers", &DebugMap(&headers))
            .finish()
    }
}

struct DebugMap<'a>(&'a [(&'a str, String)]);

impl fmt::Debug for DebugMap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(name, value)| (name, value)))
            .finish()
    }
}

/// The fields of Seam's `pagination` object that matter; the others are skipped.
#[derive(Deserialize)]
struct Pagination {
    #[serde(default)]
    next_page_cursor: Option<String>,
    #[serde(default)]
    has_next_page: Option<bool>,
}

/// About [`DECODE_SNIPPET_LIMIT`] bytes of `body` around the place `error` points at.
fn snippet_around(body: &[u8], error: &serde_json::Error) -> String {
    let half = DECODE_SNIPPET_LIMIT / 2;
    let offset = if error.line() == 0 {
        0
    } else {
        let line_start = if error.line() == 1 {
            0
        } else {
            body.iter()
                .enumerate()
                .filter(|(_, byte)| **byte == b'\n')
                .nth(error.line() - 2)
                .map_or(body.len(), |(index, _)| index + 1)
        };
        line_start.saturating_add(error.column()).min(body.len())
    };
    let start = offset.saturating_sub(half);
    let end = start.saturating_add(DECODE_SNIPPET_LIMIT).min(body.len());
    let mut snippet = String::new();
    if start > 0 {
        snippet.push('…');
    }
    snippet.push_str(&String::from_utf8_lossy(
        body.get(start..end).unwrap_or_default(),
    ));
    if end < body.len() {
        snippet.push('…');
    }
    snippet
}

struct EnvelopeVisitor<'k, A, B> {
    first: &'k str,
    second: Option<&'k str>,
    marker: PhantomData<fn() -> (A, B)>,
}

impl<'de, A: DeserializeOwned, B: DeserializeOwned> Visitor<'de> for EnvelopeVisitor<'_, A, B> {
    type Value = (Option<A>, Option<B>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object with `{}`", self.first)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut first = None;
        let mut second = None;
        let matcher = KeyMatcher {
            first: self.first,
            second: self.second,
        };
        while let Some(key) = map.next_key_seed(matcher)? {
            match key {
                Key::First => first = map.next_value::<Option<A>>()?,
                Key::Second => second = map.next_value::<Option<B>>()?,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((first, second))
    }
}

enum Key {
    First,
    Second,
    Other,
}

/// Classifies an object key without allocating for it.
#[derive(Clone, Copy)]
struct KeyMatcher<'k> {
    first: &'k str,
    second: Option<&'k str>,
}

impl<'de> DeserializeSeed<'de> for KeyMatcher<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyMatcher<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(if key == self.first {
            Key::First
        } else if Some(key) == self.second {
            Key::Second
        } else {
            Key::Other
        })
    }
}
