//! `cargo xtask bench [--quick] [--no-write] [--skip-progenitor] [--skip-check]
//! [--baseline LABEL]`: how fast the generator runs against floors and against
//! progenitor, how big the generated crate is and how long it takes to check, and what the
//! generated SDK costs at run time.
//!
//! Prints a ratio table with the targets met or missed; a full run also writes it to
//! `BENCHMARKS.md`, with the before/after table ([`compare`]): `--baseline LABEL` records
//! the run as its "before" column. Targets are reported, never asserted: the run exits 0
//! when it ran.
//! `--quick` (CI) takes few samples and leaves out progenitor and the `cargo check`
//! timings. See `BENCHMARKS.md` for the method.

mod cli;
mod compare;
mod decode;
mod fixture;
mod generation;
mod harness;
mod report;
mod requests;
mod size;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use harness::{Runs, Samples};
use report::Report;

struct Args {
    quick: bool,
    write: bool,
    progenitor: bool,
    check: bool,
    /// The label of the baseline this run records (the before/after table's "before").
    baseline: Option<String>,
}

const USAGE: &str = "usage: seam-bench [--quick] [--no-write] [--skip-progenitor] [--skip-check] \
                     [--baseline LABEL]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        quick: false,
        write: true,
        progenitor: true,
        check: true,
        baseline: None,
    };
    let mut argv = std::env::args().skip(1);
    while let Some(arg) = argv.next() {
        match arg.as_str() {
            "--baseline" => match argv.next() {
                Some(label) if !label.trim().is_empty() && !label.contains('\n') => {
                    args.baseline = Some(label.trim().to_string());
                }
                _ => return Err(format!("--baseline needs a label (one line)\n{USAGE}")),
            },
            "--quick" => args.quick = true,
            "--no-write" => args.write = false,
            "--skip-progenitor" => args.progenitor = false,
            "--skip-check" => args.check = false,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    if args.quick {
        args.write = false;
        args.progenitor = false;
        args.check = false;
    }
    if args.baseline.is_some() && !args.write {
        return Err(format!(
            "--baseline records a full run in BENCHMARKS.md: not with --quick or --no-write\n{USAGE}"
        ));
    }
    Ok(args)
}

/// Credentials in the decode benchmark's list body.
const CREDENTIALS: usize = 10_000;

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ is inside the workspace")
        .to_path_buf();
    match run(&args, &root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn progress(message: &str) {
    eprintln!("bench: {message}");
}

fn run(args: &Args, root: &Path) -> Result<(), String> {
    let started = Instant::now();
    let spec = root.join("spec/openapi.json");
    let mut report = Report::new(args.quick);
    report.machine_start();

    // 1. Generation.
    progress("generation (ours, floor)");
    let settings = if args.quick {
        generation::Settings {
            runs: Runs::new(1, 3),
            full_runs: Runs::new(0, 1),
            phase_runs: Runs::new(0, 1),
            rustfmt_full: false,
        }
    } else {
        generation::Settings {
            runs: Runs::new(2, 15),
            full_runs: Runs::new(1, 11),
            phase_runs: Runs::new(1, 7),
            rustfmt_full: true,
        }
    };
    let generation = generation::run(&spec, &settings);

    let progenitor = if args.progenitor {
        progress("progenitor (build, then generate in-process)");
        let out = root.join("target/bench-progenitor/sdk");
        let samples = 21;
        match size::progenitor(root, &spec, generation::SUBSET, samples, &out) {
            Ok(progenitor) => Some(progenitor),
            Err(error) => {
                report.note(format!("progenitor could not be benchmarked: {error}"));
                None
            }
        }
    } else {
        None
    };
    report.generation(&generation, progenitor.as_ref());

    // 2. The generated crate.
    progress("crate size");
    let ours_dir = root.join("generated-sdk/src");
    let ours_lines = size::CrateLines::count(&ours_dir);
    let progenitor_lines = progenitor
        .as_ref()
        .map(|p| size::count_lines(&p.crate_dir.join("src")));
    let progenitor_runtime_lines = progenitor
        .as_ref()
        .and_then(|p| size::dependency_src(&p.crate_dir.join("Cargo.toml"), "progenitor-client"))
        .map(|src| size::count_lines(&src));
    let (ours_check, progenitor_check) = if args.check {
        progress("cargo check of the generated crate (dependencies first, untimed)");
        let runs = 3;
        let copy = root.join("target/bench-check/seam-sdk");
        size::standalone_copy(root, &copy)?;
        let ours = size::check(&copy, "seam-sdk", &["unstable"], runs)?;
        let theirs = match &progenitor {
            Some(p) => {
                progress("cargo check of progenitor's client (dependencies first, untimed)");
                match size::check(&p.crate_dir, "progenitor-sdk", &[], runs) {
                    Ok(check) => Some(check),
                    Err(error) => {
                        report.note(format!("progenitor's client did not check: {error}"));
                        None
                    }
                }
            }
            None => None,
        };
        (Some(ours), theirs)
    } else {
        (None, None)
    };
    report.size(
        ours_lines,
        progenitor_lines,
        progenitor_runtime_lines,
        ours_check.as_ref(),
        progenitor_check.as_ref(),
    );

    // 3. Decoding.
    progress("decode");
    let body = fixture::list_body(CREDENTIALS);
    decode::check_fixture(&body, CREDENTIALS)?;
    let decode_runs = if args.quick {
        Runs::new(1, 3)
    } else {
        Runs::new(2, 15)
    };
    let mut variants = vec![
        harness::variant("generated", || decode::generated(&body)),
        harness::variant("hand-written", || decode::hand_written(&body)),
        harness::variant("Value", || decode::value(&body)),
    ];
    let decoded = harness::interleaved(decode_runs, &mut variants);
    drop(variants);
    report.decode(CREDENTIALS, body.len(), &decoded);

    // 4. Requests.
    progress("requests to the loopback server");
    // Many short runs rather than a few long ones: on a shared machine a burst of load
    // then spoils a few runs of both clients, which the median leaves out.
    let (get_calls, get_runs, list_runs) = if args.quick {
        (100, Runs::new(1, 5), Runs::new(1, 3))
    } else {
        (250, Runs::new(2, 61), Runs::new(2, 31))
    };
    let RequestSamples { get, list, create } =
        requests_bench(&body, get_calls, get_runs, list_runs)?;
    report.requests(get_calls, &get, body.len(), &list);
    report.mocked_create(get_calls, &create);

    // 5. The CLI.
    progress("CLI start-up (build, then run as a process)");
    let cli_runs = if args.quick {
        Runs::new(1, 5)
    } else {
        Runs::new(3, 41)
    };
    match cli::run(root, cli_runs) {
        Ok(startup) => report.cli(&startup),
        Err(error) => report.note(format!("the CLI could not be benchmarked: {error}")),
    }

    report.machine_end(started.elapsed().as_secs_f64());
    let rendered = report.render();
    println!("{rendered}");
    if args.write && !report::OPTIMIZED {
        progress("not writing BENCHMARKS.md: this build is not optimized (use --release)");
    } else if args.write {
        let path = root.join("BENCHMARKS.md");
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        let table = compare::table(
            &existing,
            report.compared(),
            &report.summary(),
            args.baseline.as_deref(),
        );
        println!("### Before and after\n\n{table}");
        let updated = report::replace_block(&existing, report::BEGIN, report::END, &rendered);
        let updated = report::replace_block(&updated, compare::BEGIN, compare::END, &table);
        std::fs::write(&path, updated).map_err(|e| format!("{}: {e}", path.display()))?;
        progress(&format!("wrote the results to {}", path.display()));
    }
    Ok(())
}

/// Sequential round trips: `get` (`get_calls` per sample) and `list` of the 10,000-credential
/// body, each through the generated client and raw reqwest, interleaved; then `create`
/// (`get_calls` per sample) answered by the mock client and through reqwest on loopback.
fn requests_bench(
    list_body: &[u8],
    get_calls: usize,
    get_runs: Runs,
    list_runs: Runs,
) -> Result<RequestSamples, String> {
    let addr = requests::start_server(fixture::get_body(), list_body.to_vec());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let seam = requests::generated_client(addr);
    let raw = requests::Raw::new(addr);
    let id = fixture::get_id();

    // Both clients get the same thing, before anything is timed.
    let (ours, theirs) = runtime.block_on(async {
        (
            requests::generated_get(&seam, &id).await,
            raw.get(&id).await,
        )
    });
    if ours != theirs || ours.acs_credential_id != id {
        return Err("the generated client and raw reqwest decode `get` differently".into());
    }
    let (ours, theirs) =
        runtime.block_on(async { (requests::generated_list(&seam).await, raw.list().await) });
    if ours != theirs || ours.len() != CREDENTIALS {
        return Err("the generated client and raw reqwest decode `list` differently".into());
    }

    let mut variants = vec![
        harness::variant("generated get", || {
            runtime.block_on(async {
                for _ in 0..get_calls {
                    std::hint::black_box(requests::generated_get(&seam, &id).await);
                }
            })
        }),
        harness::variant("raw get", || {
            runtime.block_on(async {
                for _ in 0..get_calls {
                    std::hint::black_box(raw.get(&id).await);
                }
            })
        }),
    ];
    let get = harness::interleaved(get_runs, &mut variants)
        .into_iter()
        .map(|samples| samples.per(get_calls))
        .collect();
    drop(variants);

    let mut variants = vec![
        harness::variant("generated list", || {
            runtime.block_on(requests::generated_list(&seam))
        }),
        harness::variant("raw list", || runtime.block_on(raw.list())),
    ];
    let list = harness::interleaved(list_runs, &mut variants);
    drop(variants);

    // A fresh mock per run, so that its call records do not grow across runs.
    let credential = runtime.block_on(requests::generated_get(&seam, &id));
    let mocked = runtime.block_on(requests::create(
        &requests::mock(credential.clone()).client(),
    ));
    let loopback = runtime.block_on(requests::create(&seam));
    if mocked != credential || loopback != credential {
        return Err("the mock and the loopback server answer `create` differently".into());
    }
    let mut variants = vec![
        harness::variant("mocked create", || {
            let mock = requests::mock(credential.clone());
            let client = mock.client();
            runtime.block_on(async {
                for _ in 0..get_calls {
                    std::hint::black_box(requests::create(&client).await);
                }
            })
        }),
        harness::variant("loopback create", || {
            runtime.block_on(async {
                for _ in 0..get_calls {
                    std::hint::black_box(requests::create(&seam).await);
                }
            })
        }),
    ];
    let create = harness::interleaved(get_runs, &mut variants)
        .into_iter()
        .map(|samples| samples.per(get_calls))
        .collect();
    drop(variants);
    Ok(RequestSamples { get, list, create })
}

/// What [`requests_bench`] measured: per pair, ours then the baseline.
struct RequestSamples {
    get: Vec<Samples>,
    list: Vec<Samples>,
    create: Vec<Samples>,
}
