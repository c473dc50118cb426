//! The hand-written part of the `seam` command line, copied as it is into every generated
//! CLI crate (`src/runtime/`) by `seam-generator`: the generated modules describe the
//! commands ([`Command`], [`Param`]) and turn parameters into the SDK's request types
//! ([`FromJson`]); this module builds the `clap` parser from those descriptions, turns
//! flags into JSON values (checking each against its type before anything is sent),
//! authenticates as the SDK does, sends, and prints.
//!
//! The SDK crate is named `crate::sdk` here (the generated `main.rs` aliases it). Each
//! module's unit tests, beside it, use nothing but the SDK's root items and so compile in
//! any generated CLI crate: `cargo test -p seam-cli` runs them. The generated command
//! modules import the items re-exported below by name (`seam-generator` lists them in
//! `symbols::cli::RUNTIME_ITEMS`).
//!
//! Which of its items the commands use depends on the part of the API generated (an API
//! without a list endpoint takes no `--all`, one without number parameters no
//! `Kind::Number`), hence the `allow`s.
#![allow(dead_code, unused_imports)]

mod app;
mod output;
mod params;

pub use app::{main, Command, Item, Kind, Param, Word};
pub use output::Outcome;
pub use params::{deserialized, enum_value, FromJson, Params, Usage, Variant};
