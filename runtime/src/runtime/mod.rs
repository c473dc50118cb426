//! The hand-written runtime of the SDK: the client, authentication, requests, retries,
//! errors and pagination. The generated endpoint methods call into it; so can code that
//! needs an endpoint the generated methods do not cover ([`Seam::call`]).

// Crate-visible rather than private so that the runtime crate's unit tests, which live
// beside this module, reach the `pub(crate)` items inside.
pub(crate) mod body;
pub(crate) mod call;
pub(crate) mod client;
pub mod decode;
pub(crate) mod endpoint;
pub(crate) mod error;
pub(crate) mod pagination;
pub(crate) mod query;
pub(crate) mod response;
pub(crate) mod retry;
pub(crate) mod secret;
pub(crate) mod text;
pub(crate) mod timestamp;
pub(crate) mod transport;

// The machinery of mock clients; the generated crate's `testing` module re-exports it.
#[cfg(feature = "testing")]
pub(crate) mod mock;
#[cfg(feature = "testing")]
pub mod validate;

pub use call::Call;
pub use client::{
    Seam, SeamBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_ENDPOINT, DEFAULT_MAX_BODY_SIZE,
    DEFAULT_MAX_ERROR_BODY_SIZE, DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, SDK_NAME, SDK_VERSION,
};
pub use endpoint::{Endpoint, HttpMethod};
pub use error::{ApiError, Error};
pub use pagination::{Page, Paginator, DEFAULT_MAX_PAGES};
pub use query::query_string;
pub use response::{Response, ResponseMetadata};
pub use retry::RetryPolicy;
pub use timestamp::{Timestamp, TimestampError};
