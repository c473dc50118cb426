//! Item 1: generation speed, in-process.
//!
//! - a plain parse: `std::fs::read` + `serde_json::from_slice::<Value>` of the document;
//! - ours: `seam_generator::generate_file` with `rustfmt: false` (read, parse, IR, emit,
//!   prettyplease), for `/acs/credentials` and for the whole API (`/`), and per phase;
//! - the rustfmt pass `cargo xtask codegen` adds (`emit::format::rustfmt`), separately;
//! - the floor of the prescribed crates, interleaved with the whole API: what the two
//!   crates the mission prescribes cost at least on it, run the way our generator runs
//!   them (see [`prescribed_floor`]).
//!
//! Ours against progenitor is timed in the progenitor harness (`bench/progenitor/`), where
//! both run in one process, interleaved.

use std::cell::RefCell;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use seam_generator::{emit, ir, load, Config};
use serde_json::Value;

use crate::harness::{self, Runs, Samples};

pub const SUBSET: &str = "/acs/credentials";

/// Where a generated crate holds its copy of the runtime: files copied in as they are,
/// which emission neither builds nor formats, and which the crate-size target leaves out.
pub const RUNTIME_DIR: &str = "src/runtime/";

pub struct Settings {
    /// Plain-parse and subset runs (interleaved).
    pub runs: Runs,
    /// Whole-API runs (interleaved with a plain parse and the floor of the prescribed crates).
    pub full_runs: Runs,
    /// Per-phase and rustfmt runs.
    pub phase_runs: Runs,
    /// Whether to time rustfmt over the whole API's output too (slow: one process per file).
    pub rustfmt_full: bool,
}

pub struct Results {
    pub plain: Samples,
    pub subset: Samples,
    pub full: Samples,
    pub plain_with_full: Samples,
    /// The floor of the prescribed crates on the whole API ([`prescribed_floor`]).
    pub prescribed: Samples,
    /// Its first part, on one thread: read + `serde_json::from_slice::<openapiv3::OpenAPI>`
    /// of the whole document (the same runs as `prescribed`).
    pub prescribed_typing: Samples,
    /// Its second part: `syn::parse_file` + `prettyplease::unparse` of every file ours
    /// formats, on [`threads`] threads (the same runs as `prescribed`).
    pub prescribed_formatting: Samples,
    /// The files that part formats (the generated `.rs` files but the runtime's).
    pub formatted_files: usize,
    pub formatted_lines: usize,
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

fn plain_parse(spec: &Path) -> Value {
    let bytes = std::fs::read(spec).expect("the spec is readable");
    serde_json::from_slice(&bytes).expect("the spec is JSON")
}

fn typed(spec: &Path) -> openapiv3::OpenAPI {
    let bytes = std::fs::read(spec).expect("the spec is readable");
    serde_json::from_slice(&bytes).expect("the spec is OpenAPI 3.0")
}

/// The threads our emission runs on: one per core (`emit::emit`).
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The files our emission passes through `syn` + `prettyplease`: every generated `.rs`
/// file but the runtime's, which is copied in as it is. Largest first, so that the
/// floor's threads finish together (the least those files can cost on those threads).
fn formatted_sources(files: &emit::Files) -> Vec<&str> {
    let mut sources: Vec<&str> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs") && !path.starts_with(RUNTIME_DIR))
        .map(|(_, text)| text.as_str())
        .collect();
    sources.sort_by_key(|text| std::cmp::Reverse(text.len()));
    sources
}

/// `syn::parse_file` + `prettyplease::unparse` of every file, the way `emit::emit` shares
/// out its files: the caller's thread and `threads - 1` helpers (with the generator's
/// stack size), each taking the next file not yet taken until none is left.
fn format_on_threads(files: &[&str], threads: usize) -> usize {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut formatted = 0;
        while let Some(text) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
            let file = syn::parse_file(text).expect("the output parses");
            formatted += prettyplease::unparse(&file).len();
        }
        formatted
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.max(1))
            .map(|i| {
                std::thread::Builder::new()
                    .name(format!("floor-{i}"))
                    .stack_size(seam_generator::STACK_SIZE)
                    .spawn_scoped(scope, work)
                    .expect("a formatting thread starts")
            })
            .collect();
        let mine = work();
        mine + helpers
            .into_iter()
            .map(|h| h.join().expect("a formatting thread"))
            .sum::<usize>()
    })
}

/// The floor of the prescribed crates on the whole API: what any generator built on
/// `openapiv3`, `syn` and `prettyplease` pays at least, run as ours runs them. First, on
/// the caller's thread, read the document and type it as `openapiv3::OpenAPI` (no
/// normalization, no checks; freed before the second part, its cost included; a plain
/// use of the crates, where ours types the `paths` on a second thread); then
/// `syn::parse_file` + `prettyplease::unparse` of the text of every file ours formats, on
/// as many threads as ours emits on ([`format_on_threads`]). Records the two parts'
/// times in `parts`.
fn prescribed_floor(spec: &Path, files: &[&str], parts: &RefCell<Vec<(f64, f64)>>) -> usize {
    let start = Instant::now();
    drop(std::hint::black_box(typed(spec)));
    let typed_at = Instant::now();
    let formatted = format_on_threads(files, threads());
    parts.borrow_mut().push((
        (typed_at - start).as_secs_f64(),
        typed_at.elapsed().as_secs_f64(),
    ));
    formatted
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
        harness::variant("plain parse", || plain_parse(spec)),
        harness::variant("subset", || ours(spec, SUBSET)),
    ];
    let mut samples = harness::interleaved(settings.runs, &mut variants).into_iter();
    let (plain_samples, subset) = (
        samples.next().unwrap_or_default(),
        samples.next().unwrap_or_default(),
    );
    drop(variants);

    let subset_output = ours(spec, SUBSET);
    let full_output = ours(spec, "/");
    let formatted = formatted_sources(&full_output.files);
    let parts = RefCell::new(Vec::new());

    let mut variants = vec![
        harness::variant("plain parse", || plain_parse(spec)),
        harness::variant("whole API", || ours(spec, "/")),
        harness::variant("floor of the prescribed crates", || {
            prescribed_floor(spec, &formatted, &parts)
        }),
    ];
    let mut samples = harness::interleaved(settings.full_runs, &mut variants).into_iter();
    let mut next = || samples.next().unwrap_or_default();
    let (plain_with_full, full, prescribed) = (next(), next(), next());
    drop(variants);
    // The warm-up runs recorded their parts too; the timed runs are the last ones.
    let parts = parts.into_inner();
    let timed = &parts[parts.len() - prescribed.len()..];
    let prescribed_typing = Samples(timed.iter().map(|(typing, _)| *typing).collect());
    let prescribed_formatting = Samples(timed.iter().map(|(_, formatting)| *formatting).collect());

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
        plain: plain_samples,
        subset,
        full,
        plain_with_full,
        prescribed,
        prescribed_typing,
        prescribed_formatting,
        formatted_files: formatted.len(),
        formatted_lines: formatted.iter().map(|text| text.lines().count()).sum(),
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
