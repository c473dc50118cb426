//! One call of an endpoint, with its options, as the endpoint methods return it.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, Instant};

use crate::runtime::client::Seam;
use crate::runtime::endpoint::Endpoint;
use crate::runtime::error::Error;
use crate::runtime::response::{Response, ResponseMetadata};
use crate::runtime::retry::RetryPolicy;
use crate::runtime::transport::Typed;

/// What one call changes of the client's settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) deadline: Option<Instant>,
    pub(crate) retry_policy: Option<RetryPolicy>,
}

type Decode<T> = Box<dyn FnOnce(Response) -> Result<T, Error> + Send>;

/// One call of an endpoint, not yet sent: `.await` it for the result, or change its
/// options first.
///
/// Every endpoint method returns one, so the plain call stays one line
/// (`seam.acs().credentials().get(request).await?`), and the options of the client
/// ([`SeamBuilder`](crate::runtime::SeamBuilder)) can be changed for this call alone:
/// [`timeout`](Self::timeout), [`total_timeout`](Self::total_timeout),
/// [`deadline`](Self::deadline), [`retry_policy`](Self::retry_policy),
/// [`max_retries`](Self::max_retries). [`with_metadata`](Self::with_metadata) adds the
/// response's status, request id and headers to the result.
///
/// The request is already built (its parameters serialized), so a `Call` borrows
/// nothing; it is sent when awaited, once.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<T> {
    client: Seam,
    endpoint: &'static Endpoint,
    request: Result<reqwest::Request, Error>,
    /// The typed request, for a mock client (empty otherwise).
    typed: Typed,
    options: CallOptions,
    decode: Decode<T>,
}

impl Call<Response> {
    pub(crate) fn new(
        client: Seam,
        endpoint: &'static Endpoint,
        request: Result<reqwest::Request, Error>,
        typed: Typed,
    ) -> Self {
        Call {
            client,
            endpoint,
            request,
            typed,
            options: CallOptions::default(),
            decode: Box::new(Ok),
        }
    }

    /// This call, with its successful response turned into the result by `decode`
    /// (such as `|response| response.payload("acs_credential")`). The generated endpoint
    /// methods are [`Seam::call`] and this.
    pub fn decode<U, F>(self, decode: F) -> Call<U>
    where
        F: FnOnce(Response) -> Result<U, Error> + Send + 'static,
    {
        Call {
            client: self.client,
            endpoint: self.endpoint,
            request: self.request,
            typed: self.typed,
            options: self.options,
            decode: Box::new(decode),
        }
    }
}

impl<T: Send + 'static> Call<T> {
    /// The endpoint this call sends to.
    pub fn endpoint(&self) -> Endpoint {
        *self.endpoint
    }

    /// How long one attempt may take, for this call
    /// ([`SeamBuilder::timeout`](crate::runtime::SeamBuilder::timeout) otherwise).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// How long the whole call may take, retries and waits included, from when it is
    /// awaited ([`SeamBuilder::total_timeout`](crate::runtime::SeamBuilder::total_timeout)
    /// otherwise). A [`deadline`](Self::deadline) takes precedence.
    pub fn total_timeout(mut self, total_timeout: Duration) -> Self {
        self.options.total_timeout = Some(total_timeout);
        self
    }

    /// The instant by which the whole call must be over, retries and waits included, for
    /// example one shared by several calls that serve one request of your own.
    pub fn deadline(mut self, deadline: Instant) -> Self {
        self.options.deadline = Some(deadline);
        self
    }

    /// When this call is retried
    /// ([`SeamBuilder::retry_policy`](crate::runtime::SeamBuilder::retry_policy) otherwise).
    pub fn retry_policy(mut self, retry_policy: RetryPolicy) -> Self {
        self.options.retry_policy = Some(retry_policy);
        self
    }

    /// The client's retry policy (or the one this call set) with at most `max_retries`
    /// retries; `0` sends the request once.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        let policy = self
            .options
            .retry_policy
            .take()
            .unwrap_or_else(|| self.client.inner.retry_policy.clone());
        self.options.retry_policy = Some(policy.max_retries(max_retries));
        self
    }

    /// This call, with the response's status, request id and headers returned beside
    /// the result.
    pub fn with_metadata(self) -> Call<(T, ResponseMetadata)> {
        let decode = self.decode;
        Call {
            client: self.client,
            endpoint: self.endpoint,
            request: self.request,
            typed: self.typed,
            options: self.options,
            decode: Box::new(move |response: Response| {
                let metadata = response.metadata();
                decode(response).map(|value| (value, metadata))
            }),
        }
    }

    /// Sends the request (retrying as allowed) and decodes the response; `.await` does
    /// the same.
    pub async fn send(self) -> Result<T, Error> {
        let request = self.request?;
        let response = self
            .client
            .inner
            .send(self.endpoint, request, &self.typed, &self.options)
            .await?;
        (self.decode)(response)
    }
}

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("endpoint", &format_args!("{}", self.endpoint))
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}
