//! Generates a typed, async Rust client for the Seam API from its OpenAPI document.
//!
//! The pipeline runs in one direction: [`load`] reads the document, [`ir`] analyses the
//! selected paths into endpoints and types, [`emit`] turns those into formatted Rust files.
//!
//! ```no_run
//! let config = seam_generator::Config::default(); // the /acs/credentials endpoints
//! let generated = seam_generator::generate_file("spec/openapi.json".as_ref(), &config)?;
//! for (path, contents) in &generated.files {
//!     println!("{path}: {} bytes", contents.len());
//! }
//! # Ok::<(), seam_generator::GenerateError>(())
//! ```

pub mod emit;
pub mod error;
pub mod ir;
pub mod load;

pub use emit::Files;
pub use error::{GenerateError, Warning};

use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Only paths equal to or below this prefix become endpoints; `/` selects all.
    pub prefix: String,
    /// Cargo package name of the generated crate.
    pub crate_name: String,
    /// Version of the generated crate.
    pub crate_version: String,
    /// How the spec is named in generated headers (a path relative to the workspace).
    pub spec_name: String,
    /// Pass the output through `rustfmt` after `prettyplease`, so that `cargo fmt --check`
    /// is clean on it. Needs `rustfmt` on `PATH` (or in `RUSTFMT`).
    pub rustfmt: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            prefix: "/acs/credentials".to_string(),
            crate_name: "seam-sdk".to_string(),
            crate_version: "0.1.0".to_string(),
            spec_name: "spec/openapi.json".to_string(),
            rustfmt: true,
        }
    }
}

/// The result of a generation.
#[derive(Debug)]
pub struct Generated {
    /// The analysed API, for inspection and snapshots.
    pub api: ir::Api,
    /// The crate's files: relative path -> contents.
    pub files: Files,
    /// What was ignored or worked around in the spec.
    pub warnings: Vec<Warning>,
}

/// Generates the crate from a document's bytes.
pub fn generate(spec: &[u8], config: &Config) -> Result<Generated, GenerateError> {
    let spec = load::parse(spec)?;
    generate_from(&spec, config)
}

/// Generates the crate from the document at `path`.
pub fn generate_file(path: &Path, config: &Config) -> Result<Generated, GenerateError> {
    let spec = load::load_file(path)?;
    generate_from(&spec, config)
}

/// Generates the crate from a parsed document.
pub fn generate_from(spec: &load::Spec, config: &Config) -> Result<Generated, GenerateError> {
    let (api, warnings) = ir::build::build(&spec.document, &config.prefix)?;
    if api.endpoints.is_empty() {
        return Err(GenerateError::Spec {
            pointer: "#/paths".to_string(),
            message: format!("no operation has a path under `{}`", config.prefix),
        });
    }
    let options = emit::Options {
        crate_name: config.crate_name.clone(),
        crate_version: config.crate_version.clone(),
        spec_name: config.spec_name.clone(),
        spec_sha256: spec.sha256.clone(),
    };
    let mut files = emit::emit(&api, &options);
    if config.rustfmt {
        emit::format::rustfmt(&mut files).map_err(|message| GenerateError::Format { message })?;
    }
    Ok(Generated {
        api,
        files,
        warnings,
    })
}
