//! The hand-written runtime of the Seam SDK, as a crate of its own so that it is compiled,
//! linted and unit-tested like any other: the client and its configuration, requests and
//! retries, one-pass decoding of Seam's response envelopes, errors, and pagination.
//!
//! The generator copies `src/runtime/` verbatim into every crate it generates, as
//! `src/runtime/`, and gives that crate this crate's `[dependencies]`. A generated
//! `lib.rs` declares the module exactly as this one does (`mod runtime; pub use
//! runtime::*;`), so every path inside the runtime (`crate::runtime::...`) means the same
//! in both places. `CONTRACT.md` describes what the generated code relies on.
//!
//! This file and `src/tests/` (the unit tests) are not copied.

mod runtime;

pub use runtime::*;

/// Mock clients (the `testing` feature), as a generated crate's `testing` module
/// re-exports them; its request check accepts everything here (a generated crate checks
/// requests against its endpoints' schemas).
#[cfg(feature = "testing")]
pub mod testing {
    pub use crate::runtime::mock::*;

    /// Accepts every request: the runtime crate has no endpoint schemas.
    pub(crate) fn validate_request(
        _endpoint: &crate::Endpoint,
        _request: &serde_json::Value,
    ) -> Result<(), serde_json::Value> {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
