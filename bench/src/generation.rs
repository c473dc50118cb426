//! Item 1: generation speed, in-process.
//!
//! - floor: `std::fs::read` + `serde_json::from_slice::<Value>` of the document;
//! - ours: `seam_generator::generate_file` with `rustfmt: false` (read, parse, IR, emit,
//!   prettyplease), for `/acs/credentials` and for the whole API (`/`), and per phase;
//! - the rustfmt pass `cargo xtask codegen` adds (`emit::format::rustfmt`), separately;
//! - what the two crates the mission prescribes cost at least, interleaved with the whole
//!   API: typing the whole document as `openapiv3` (read + `from_slice::<OpenAPI>`), and
//!   prettyplease over the whole API's output (`syn::parse_file` + `unparse`, a thread per
//!   core).
//!
//! Ours against progenitor is timed in the progenitor harness (`bench/progenitor/`), where
//! both run in one process, interleaved.

use std::path::Path;

use seam_generator::{emit, ir, load, Config};
use serde_json::Value;

use crate::harness::{self, Runs, Samples};

pub const SUBSET: &str = "/acs/credentials";

pub struct Settings {
    /// Floor and subset runs (interleaved).
    pub runs: Runs,
    /// Whole-API runs (interleaved with one floor run each).
    pub full_runs: Runs,
    /// Per-phase and rustfmt runs.
    pub phase_runs: Runs,
    /// Whether to time rustfmt over the whole API's output too (slow: one process per file).
    pub rustfmt_full: bool,
}

pub struct Results {
    pub floor: Samples,
    pub subset: Samples,
    pub full: Samples,
    pub floor_with_full: Samples,
    /// Read + `serde_json::from_slice::<openapiv3::OpenAPI>` of the whole document.
    pub typed_whole: Samples,
    /// prettyplease alone over the whole API's output (a thread per core).
    pub prettyplease_whole: Samples,
    pub phases: Phases,
    pub rustfmt_subset: Samples,
    pub rustfmt_full: Option<Samples>,
    pub subset_endpoints: usize,
    pub subset_types: usize,
    pub subset_lines: usize,
    pub full_endpoints: usize,
    pub full_types: usize,
    pub full_files: usize,
    pub full_lines: usize,
}

/// The pipeline's phases. Loading reads the whole file and checks its syntax, then parses,
/// hashes and types only the part the prefix selects (`load::read_file` +
/// `Source::select`).
pub struct Phases {
    pub subset_load: Samples,
    pub subset_ir: Samples,
    pub subset_emit: Samples,
    pub full_load: Samples,
    pub full_ir: Samples,
    pub full_emit: Samples,
    /// The whole API's emission on one thread (`emit::emit_on(.., 1)`), to show what the
    /// threads give.
    pub full_emit_one_thread: Samples,
}

fn config(prefix: &str) -> Config {
    Config {
        prefix: prefix.to_string(),
        rustfmt: false,
        ..Config::default()
    }
}

fn floor(spec: &Path) -> Value {
    let bytes = std::fs::read(spec).expect("the spec is readable");
    serde_json::from_slice(&bytes).expect("the spec is JSON")
}

fn typed(spec: &Path) -> openapiv3::OpenAPI {
    let bytes = std::fs::read(spec).expect("the spec is readable");
    serde_json::from_slice(&bytes).expect("the spec is OpenAPI 3.0")
}

/// `syn::parse_file` + `prettyplease::unparse` of every `.rs` file, the files dealt out
/// to a thread per core.
fn prettyplease_only(files: &[&str]) -> usize {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    files
                        .iter()
                        .skip(t)
                        .step_by(threads)
                        .map(|text| {
                            let file = syn::parse_file(text).expect("the output parses");
                            prettyplease::unparse(&file).len()
                        })
                        .sum::<usize>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a formatting thread"))
            .sum()
    })
}

fn ours(spec: &Path, prefix: &str) -> seam_generator::Generated {
    seam_generator::generate_file(spec, &config(prefix)).expect("the spec generates")
}

fn lines(files: &emit::Files) -> usize {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(_, contents)| contents.lines().count())
        .sum()
}

fn load(spec: &Path, prefix: &str) -> load::Spec {
    load::read_file(spec)
        .and_then(|source| source.select(prefix))
        .expect("the spec loads")
}

fn phases(spec: &Path, runs: Runs) -> Phases {
    let document = load(spec, "/");
    let build = |prefix| ir::build::build(&document.document, prefix).expect("the IR builds");
    let (subset_api, _) = build(SUBSET);
    let (full_api, _) = build("/");
    let options = emit::Options {
        crate_name: "seam-sdk".to_string(),
        crate_version: "0.1.0".to_string(),
        spec_name: "spec/openapi.json".to_string(),
        spec_sha256: document.sha256.clone(),
    };
    let mut variants = vec![
        harness::variant("load, subset", || load(spec, SUBSET)),
        harness::variant("IR, subset", || build(SUBSET)),
        harness::variant("emit, subset", || emit::emit(&subset_api, &options)),
        harness::variant("load, whole API", || load(spec, "/")),
        harness::variant("IR, whole API", || build("/")),
        harness::variant("emit, whole API", || emit::emit(&full_api, &options)),
        harness::variant("emit, whole API, one thread", || {
            emit::emit_on(&full_api, &options, 1)
        }),
    ];
    let mut samples = harness::interleaved(runs, &mut variants).into_iter();
    let mut next = || samples.next().unwrap_or_default();
    Phases {
        subset_load: next(),
        subset_ir: next(),
        subset_emit: next(),
        full_load: next(),
        full_ir: next(),
        full_emit: next(),
        full_emit_one_thread: next(),
    }
}

pub fn run(spec: &Path, settings: &Settings) -> Results {
    let mut variants = vec![
        harness::variant("floor", || floor(spec)),
        harness::variant("subset", || ours(spec, SUBSET)),
    ];
    let mut samples = harness::interleaved(settings.runs, &mut variants).into_iter();
    let (floor_samples, subset) = (
        samples.next().unwrap_or_default(),
        samples.next().unwrap_or_default(),
    );
    drop(variants);

    let subset_output = ours(spec, SUBSET);
    let full_output = ours(spec, "/");
    let full_sources: Vec<&str> = full_output
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(_, text)| text.as_str())
        .collect();

    let mut variants = vec![
        harness::variant("floor", || floor(spec)),
        harness::variant("whole API", || ours(spec, "/")),
        harness::variant("openapiv3, whole document", || typed(spec)),
        harness::variant("prettyplease, whole API", || {
            prettyplease_only(&full_sources)
        }),
    ];
    let mut samples = harness::interleaved(settings.full_runs, &mut variants).into_iter();
    let mut next = || samples.next().unwrap_or_default();
    let (floor_with_full, full, typed_whole, prettyplease_whole) = (next(), next(), next(), next());
    drop(variants);

    let rustfmt_subset = harness::time(settings.phase_runs, || {
        let mut files = subset_output.files.clone();
        emit::format::rustfmt(&mut files).expect("rustfmt formats the output");
        files
    });
    let rustfmt_full = settings.rustfmt_full.then(|| {
        harness::time(Runs::new(0, 1), || {
            let mut files = full_output.files.clone();
            emit::format::rustfmt(&mut files).expect("rustfmt formats the output");
            files
        })
    });

    Results {
        floor: floor_samples,
        subset,
        full,
        floor_with_full,
        typed_whole,
        prettyplease_whole,
        phases: phases(spec, settings.phase_runs),
        rustfmt_subset,
        rustfmt_full,
        subset_endpoints: subset_output.api.endpoints.len(),
        subset_types: subset_output.api.types.len(),
        subset_lines: lines(&subset_output.files),
        full_endpoints: full_output.api.endpoints.len(),
        full_types: full_output.api.types.len(),
        full_files: full_output.files.len(),
        full_lines: lines(&full_output.files),
    }
}
