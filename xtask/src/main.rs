//! `cargo xtask <command>`: the project's own tasks.
//!
//! - `codegen [--check] [--prefix P] [--spec FILE] [--out DIR] [--crate-name NAME]`:
//!   regenerates the SDK crate (default `generated-sdk/` from `spec/openapi.json`, paths
//!   under the prefix in `spec/codegen.toml`); with `--check`, writes nothing and fails
//!   listing the files that differ.

mod codegen;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
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
  codegen [--check] [--prefix P] [--spec FILE] [--out DIR] [--crate-name NAME]
      Regenerate the SDK crate from the OpenAPI document. --check writes nothing and
      exits non-zero, listing the files that differ, when the checked-in crate is stale.
";
