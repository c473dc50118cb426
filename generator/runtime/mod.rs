//! The hand-written runtime of the SDK: the client, authentication, requests, retries,
//! errors and pagination. The generated endpoint methods call into it.

mod client;
mod endpoint;
mod error;
mod pagination;
mod query;
mod response;
mod retry;
mod secret;
pub(crate) mod support;

pub use client::{Seam, SeamBuilder, DEFAULT_ENDPOINT, DEFAULT_TIMEOUT, SDK_NAME, SDK_VERSION};
pub use endpoint::{Endpoint, HttpMethod};
pub use error::{ApiError, Error};
pub use pagination::{Page, Paginator};
pub use retry::RetryPolicy;
