//! Integration tests for the Seam SDK generator and the generated SDK.
//!
//! The library part holds the end-to-end test harness: [`servers`] starts the Prism mock
//! server and Seam's fake on 127.0.0.1 (see its docs for what each accepts), and [`http`]
//! is a minimal blocking HTTP client with timeouts for raw wire-level checks.

pub mod cli;
pub mod generated_crate;
pub mod http;
pub mod prism;
pub mod servers;
