//! The runtime's unit tests, one module per concern. They live in the runtime crate only
//! (the generator copies `src/runtime/`, not this), and see the runtime's `pub(crate)`
//! items. Only `client` needs a server (wiremock, on loopback); the rest are pure.

mod body;
mod client;
mod deadlines;
mod echo;
mod envelope;
mod error_body;
mod limits;
#[cfg(feature = "testing")]
mod mock;
mod observability;
mod open_enum;
mod pagination;
mod query;
mod redaction;
mod retry;
mod retry_after;
mod support;
mod timestamp;
#[cfg(feature = "testing")]
mod validate;

use crate::runtime::error::ApiError;
use crate::runtime::secret::Secret;
use crate::runtime::{Endpoint, HttpMethod};

const GET: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/things/get",
};

const LIST: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/things/list",
};

const CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/things/create",
};

/// The credential the tests' clients and responses carry.
const SECRET: &str = "seam_test_0123456789abcdef";

fn secret() -> Secret {
    Secret::new(SECRET.to_owned())
}

/// An error response to `GET /things/get` with `status` and `body`.
fn api_error(status: u16, body: &str) -> ApiError {
    ApiError::from_response(
        GET,
        status,
        Some("req_1".to_owned()),
        None,
        body.as_bytes(),
        &secret(),
    )
}
