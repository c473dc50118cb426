//! What a client sends its requests through: `reqwest` over the network, or (with the
//! `testing` feature) a mock that answers in memory. Everything else a call does (building
//! the request, retries, deadlines, reading the body within its limit, decoding) is the
//! same for both: only the socket is replaced.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use crate::runtime::endpoint::Endpoint;

/// Where requests go.
///
/// Without the `testing` feature this has one variant, so matching on it costs nothing.
#[derive(Clone)]
pub(crate) enum Transport {
    /// The network, through a `reqwest` client.
    Http(reqwest::Client),
    /// A mock client's rules ([`crate::runtime::mock::MockSeam`]), and a `reqwest` client
    /// that only builds requests.
    #[cfg(feature = "testing")]
    Mock(crate::runtime::mock::MockSeam, reqwest::Client),
}

impl Transport {
    /// The `reqwest` client that builds requests.
    pub(crate) fn client(&self) -> &reqwest::Client {
        match self {
            Transport::Http(client) => client,
            #[cfg(feature = "testing")]
            Transport::Mock(_, client) => client,
        }
    }

    /// Sends `request` and returns the response head (the body is read by the caller).
    pub(crate) async fn execute(
        &self,
        endpoint: &'static Endpoint,
        request: reqwest::Request,
        typed: &Typed,
    ) -> Result<reqwest::Response, reqwest::Error> {
        match self {
            Transport::Http(client) => {
                let _ = (endpoint, typed);
                client.execute(request).await
            }
            #[cfg(feature = "testing")]
            Transport::Mock(mock, _) => Ok(mock.answer(endpoint, &request, typed)),
        }
    }

    /// Waits `wait` before a retry. A mock records the wait instead of sleeping, so that
    /// tests of retries take no time.
    pub(crate) async fn sleep(&self, wait: Duration) {
        match self {
            Transport::Http(_) => tokio::time::sleep(wait).await,
            #[cfg(feature = "testing")]
            Transport::Mock(mock, _) => mock.record_wait(wait),
        }
    }

    /// The request as typed by the caller, kept beside the HTTP request when a mock will
    /// answer it (and nothing otherwise).
    pub(crate) fn typed<B>(&self, endpoint: &'static Endpoint, parameters: B) -> Typed
    where
        B: Serialize + Send + Sync + 'static,
    {
        match self {
            Transport::Http(_) => {
                let _ = (endpoint, parameters);
                Typed::default()
            }
            #[cfg(feature = "testing")]
            Transport::Mock(..) => Typed {
                query: query_json(endpoint, &parameters),
                request: Some(std::sync::Arc::new(parameters)),
            },
        }
    }

    /// [`typed`](Self::typed) for parameters the caller only lends ([`Seam::call`]): their
    /// JSON only.
    ///
    /// [`Seam::call`]: crate::runtime::Seam::call
    pub(crate) fn untyped<B>(&self, endpoint: &'static Endpoint, parameters: &B) -> Typed
    where
        B: Serialize + ?Sized,
    {
        match self {
            Transport::Http(_) => {
                let _ = (endpoint, parameters);
                Typed::default()
            }
            #[cfg(feature = "testing")]
            Transport::Mock(..) => Typed {
                query: query_json(endpoint, parameters),
                request: None,
            },
        }
    }
}

/// The parameters of a `GET` or `DELETE` as JSON (what a mock validates and records; a
/// body's JSON is read from the body itself).
#[cfg(feature = "testing")]
fn query_json<B: Serialize + ?Sized>(
    endpoint: &'static Endpoint,
    parameters: &B,
) -> Option<serde_json::Value> {
    endpoint
        .method
        .uses_query()
        .then(|| serde_json::to_value(parameters).unwrap_or(serde_json::Value::Null))
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Transport::Http(_) => f.write_str("Http"),
            #[cfg(feature = "testing")]
            Transport::Mock(..) => f.write_str("Mock"),
        }
    }
}

/// The request as the caller typed it, beside the HTTP request, for a mock's typed rules
/// and records. Empty (and free) without the `testing` feature or with a real transport.
#[derive(Default)]
pub(crate) struct Typed {
    /// The typed request (generated endpoint methods only).
    #[cfg(feature = "testing")]
    pub(crate) request: Option<std::sync::Arc<dyn std::any::Any + Send + Sync>>,
    /// The query parameters as JSON, for `GET` and `DELETE`.
    #[cfg(feature = "testing")]
    pub(crate) query: Option<serde_json::Value>,
}
