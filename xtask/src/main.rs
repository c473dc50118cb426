//! `cargo xtask <command>`: the project's own tasks.
//!
//! - `codegen [--check] [--prefix P] [--spec FILE] [--out DIR] [--crate-name NAME] [--config FILE]`:
//!   regenerates the SDK crate (default `generated-sdk/` from `spec/openapi.json`, paths
//!   under the prefix in `spec/codegen.toml`); with `--check`, writes nothing and fails
//!   listing the files that differ.
//!   It writes the crate's public surface (`api-surface.txt`) beside it, prints what changed
//!   against the surface it replaces and, for the checked-in crate, bumps the version in
//!   `spec/codegen.toml` by the class of the change and adds a `CHANGELOG.md` entry.
//! - `api-diff OLD NEW [--prefix P]`: the same report between two specs, surface files or
//!   crate directories.
//! - `semver-cross-check`: runs `cargo-semver-checks` over the fixture spec pairs and
//!   checks that every breaking change it finds is breaking in our classes too.
//! - `fetch-spec [--url URL] [--out FILE]`: downloads the OpenAPI document and replaces
//!   `spec/openapi.json` atomically if it parses, recording its URL, date and sha256 in
//!   `spec/openapi.lock`.
//! - `bench [--quick [--release]] [--no-write] [--skip-progenitor] [--skip-check]`: the
//!   benchmarks (`bench/`, `BENCHMARKS.md`).

mod api_diff;
mod bench;
mod codegen;
mod dates;
mod fetch_spec;
mod release;
mod semver_cross_check;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("api-diff") => api_diff::run(&args[1..]),
        Some("semver-cross-check") => semver_cross_check::run(&args[1..]),
        Some("fetch-spec") => fetch_spec::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{}", USAGE);
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check] [--prefix P] [--spec FILE] [--out DIR] [--crate-name NAME] [--config FILE]
      Regenerate the SDK crate from the OpenAPI document. --check writes nothing and
      exits non-zero, listing the files that differ, when the checked-in crate is stale.
      Writes the crate's public surface (api-surface.txt) beside it and prints what
      changed against the one it replaces, each change classed breaking, additive or
      documentation-only; for generated-sdk/ it also bumps `version` in spec/codegen.toml
      by that class and adds an entry to generated-sdk/CHANGELOG.md (nothing when
      nothing changed); with --config FILE, the prefix and version come from (and the
      version goes to) FILE instead, for any --out. --check changes nothing.
  api-diff OLD NEW [--prefix P]
      The same report between two versions: each a spec file, a surface file
      (api-surface.txt) or a generated crate's directory. P defaults to the prefix in
      spec/codegen.toml.
  semver-cross-check [--keep DIR]
      Generate /acs/credentials from each committed fixture spec and today's spec, run
      cargo-semver-checks on each consecutive pair and check that every breaking change
      it reports is classed breaking by api-diff (needs `cargo install
      cargo-semver-checks`; slow, not part of the test command).
  fetch-spec [--url URL] [--out FILE]
      Download the OpenAPI document (default https://connect.getseam.com/openapi.json),
      check that it parses as OpenAPI 3.0, and replace spec/openapi.json (or FILE)
      atomically, recording the URL, date and sha256 in spec/openapi.lock. A failed or
      invalid download leaves the old spec untouched.
  bench [--quick [--release]] [--no-write] [--skip-progenitor] [--skip-check]
      Benchmark generation (against a JSON-parse floor and progenitor), the generated
      crate's size and `cargo check` time, decoding and loopback round trips; print the
      ratio table and, on a full run, write it to BENCHMARKS.md. --quick (CI) takes few
      samples, leaves out progenitor and the `cargo check` timings, and builds unoptimized
      unless --release is given.
";
