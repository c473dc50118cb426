//! Generates a typed, async Rust client for the Seam API from its OpenAPI document.
//!
//! The pipeline runs in one direction: [`load`] reads the document (and [`normalize`]
//! rewrites constructs of other OpenAPI versions and drops invalid documentation keywords,
//! with warnings), [`ir`] analyses the selected paths into endpoints and types, [`symbols`]
//! decides every Rust name and layout choice, [`emit`] spells those as formatted Rust
//! files. [`select`] says which paths a prefix selects,
//! for both loading and analysis. Errors name the JSON pointer of what is wrong.
//!
//! ```no_run
//! let config = seam_generator::Config::default(); // the /acs/credentials endpoints
//! let generated = seam_generator::generate_file("spec/openapi.json".as_ref(), &config)?;
//! for (path, contents) in &generated.files {
//!     println!("{path}: {} bytes", contents.len());
//! }
//! # Ok::<(), seam_generator::GenerateError>(())
//! ```

pub mod api_diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod normalize;
pub mod select;
pub mod surface;
pub mod symbols;

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
    /// is clean on it. Needs `rustfmt`: the one `RUSTFMT` names, else the one beside the
    /// `cargo` running the generator (`CARGO`), else the one on `PATH`.
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
    let spec = load::read_as(spec, load::Syntax::sniff(spec))?.select(&config.prefix)?;
    generate_owned(spec, config)
}

/// Generates the crate from the document at `path`.
pub fn generate_file(path: &Path, config: &Config) -> Result<Generated, GenerateError> {
    let spec = load::read_file(path)?.select(&config.prefix)?;
    generate_owned(spec, config)
}

/// Generates the crate from a parsed document (the whole of it, [`load::load_file`], or
/// the part a prefix reads, [`load::Source::select`]).
pub fn generate_from(spec: &load::Spec, config: &Config) -> Result<Generated, GenerateError> {
    on_big_stack(|| emit_analysed(analyse(spec, config)?, config))?
}

/// The stack that parsing ([`load::parse_as`]) and generation ([`generate_from`]) run on,
/// on a thread of their own: the analysis and serde's reading of the document
/// recurse once per level of schema nesting (which [`normalize::MAX_SCHEMA_DEPTH`] and
/// [`ir::build::MAX_TYPE_DEPTH`] bound), and an unoptimized build of serde's untagged and
/// flattened types takes tens of KiB per level: more than a test thread's 2 MiB for a
/// document nested 30 deep. The memory is reserved, not used, until it is needed.
pub const STACK_SIZE: usize = 256 * 1024 * 1024;

/// Runs `f` on a thread with a [`STACK_SIZE`] stack, so that how deeply a document nests
/// never depends on the caller's stack. A panic in `f` is resumed on the caller's thread.
pub(crate) fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Result<T, GenerateError> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("seam-generator".to_string())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, f)
            .map_err(|e| GenerateError::System {
                message: format!("cannot start the generator's thread: {e}"),
            })?;
        match handle.join() {
            Ok(value) => Ok(value),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Runs `work` on `threads` threads at once (the caller's and `threads - 1` helpers with a
/// [`STACK_SIZE`] stack) and returns what each returned, the caller's first. A helper that
/// cannot be started is left out, so the others take its share of whatever `work` shares
/// out; a panic in a helper is resumed on the caller's thread.
pub(crate) fn on_threads<T: Send>(threads: usize, work: impl Fn() -> T + Sync) -> Vec<T> {
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.max(1))
            .filter_map(|i| {
                std::thread::Builder::new()
                    .name(format!("seam-generator-{i}"))
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, &work)
                    .ok()
            })
            .collect();
        let mut results = vec![work()];
        for helper in helpers {
            match helper.join() {
                Ok(result) => results.push(result),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    })
}

/// The document analysed: the API, every warning so far, and the emitter's options.
struct Analysed {
    api: ir::Api,
    warnings: Vec<Warning>,
    options: emit::Options,
}

fn analyse(spec: &load::Spec, config: &Config) -> Result<Analysed, GenerateError> {
    let (api, build_warnings) = ir::build::build(&spec.document, &config.prefix)?;
    let mut warnings = spec.warnings.clone();
    warnings.extend(build_warnings);
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
    Ok(Analysed {
        api,
        warnings,
        options,
    })
}

fn emit_analysed(analysed: Analysed, config: &Config) -> Result<Generated, GenerateError> {
    let Analysed {
        api,
        warnings,
        options,
    } = analysed;
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

/// [`generate_from`] a document no longer needed once analysed: a thread of its own frees
/// it while the files are emitted (its many small allocations take a while to free).
fn generate_owned(spec: load::Spec, config: &Config) -> Result<Generated, GenerateError> {
    on_big_stack(move || {
        let analysed = analyse(&spec, config)?;
        // Should the thread not start, the document is freed here.
        let freeing = std::thread::Builder::new()
            .name("seam-generator-free".to_string())
            .spawn(move || drop(spec));
        let generated = emit_analysed(analysed, config);
        if let Ok(freeing) = freeing {
            // Freeing does not panic; should it, the files are still good.
            let _ = freeing.join();
        }
        generated
    })?
}

/// The CLI crate (binary `seam`) for the API `api` (from [`Generated::api`]), built on
/// the SDK crate generated with `sdk` and living in the directory `sdk_dir_name`; the
/// CLI's directory is [`emit::cli::cli_dir_name`] beside it. `rustfmt` as in
/// [`Config::rustfmt`].
pub fn generate_cli(
    api: &ir::Api,
    sdk: &emit::Options,
    sdk_dir_name: &str,
    rustfmt: bool,
) -> Result<Files, GenerateError> {
    let options = emit::cli::CliOptions::beside(sdk, sdk_dir_name);
    let mut files = on_big_stack(|| emit::cli::emit(api, &options))?;
    if rustfmt {
        emit::format::rustfmt(&mut files).map_err(|message| GenerateError::Format { message })?;
    }
    Ok(files)
}
