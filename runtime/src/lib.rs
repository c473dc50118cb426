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

    /// Accepts every request (the runtime crate has no endpoint schemas), but for the unit
    /// tests' sake one whose `code` is `"refused"`, which it refuses as Seam would.
    pub(crate) fn validate_request(
        _endpoint: &crate::Endpoint,
        request: &serde_json::Value,
    ) -> Result<(), serde_json::Value> {
        if cfg!(test) && request["code"] == "refused" {
            return Err(serde_json::json!({
                "error": {
                    "type": "invalid_input",
                    "message": "Invalid code",
                    "validation_errors": { "_errors": [], "code": { "_errors": ["Invalid"] } },
                },
                "ok": false,
            }));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
