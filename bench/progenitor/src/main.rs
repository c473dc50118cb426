//! The peer side of `cargo xtask bench`: progenitor generating a client for the same spec,
//! filtered to the same paths, in-process — interleaved with our generator in the same
//! process, so that both see the same machine, allocator and load.
//!
//! ```text
//! seam-bench-progenitor --spec FILE --prefix P --samples N --out DIR
//! ```
//!
//! Filters the document's `paths` to those equal to or under the prefix (every component
//! schema stays, as progenitor generates them all). Then, `samples` times, in turn:
//! - progenitor: parse (bytes -> `openapiv3::OpenAPI`), `Generator::generate_tokens`, and
//!   prettyplease (`syn::parse2` + `unparse`);
//! - ours: `seam_generator::generate_file` on the whole document with `rustfmt: false`
//!   (read, parse, IR, emit, prettyplease), and `seam_generator::generate` on the filtered
//!   document progenitor gets.
//!
//! It then runs `rustfmt` over progenitor's output (as progenitor's CLI does), writes a
//! crate to DIR (the dependencies progenitor's CLI would list) and prints one JSON object
//! with the timings (seconds) to stdout. The whole document is tried once too, and its
//! error is reported; then progenitor and ours are timed on the largest part of the whole
//! document progenitor accepts (see [`largest_accepted`]).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{json, Value};

fn main() {
    if let Err(message) = run() {
        eprintln!("seam-bench-progenitor: {message}");
        std::process::exit(1);
    }
}

struct Args {
    spec: PathBuf,
    prefix: String,
    samples: usize,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut spec = None;
    let mut prefix = "/acs/credentials".to_string();
    let mut samples = 5;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--prefix" => prefix = value()?,
            "--samples" => samples = value()?.parse().map_err(|e| format!("--samples: {e}"))?,
            "--out" => out = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        spec: spec.ok_or("--spec is required")?,
        prefix,
        samples: samples.max(1),
        out: out.ok_or("--out is required")?,
    })
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let bytes = std::fs::read(&args.spec).map_err(|e| format!("{}: {e}", args.spec.display()))?;
    let document: Value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;

    // The whole document, once: progenitor rejects some documents outright. Then the
    // largest part of it progenitor accepts, timed against ours at that scale.
    let full_document = match generate(&bytes) {
        Ok(output) => json!({ "ok": true, "operations": output.operations }),
        Err(error) => json!({ "ok": false, "error": error }),
    };
    let whole_accepted = full_document["ok"] == Value::Bool(true);
    let largest_accepted = largest_accepted(
        &args.spec,
        &document,
        whole_accepted,
        args.samples.min(LARGEST_ACCEPTED_SAMPLES),
    )?;

    let subset = filter_paths(&document, &args.prefix);
    let path_count = subset["paths"].as_object().map_or(0, |paths| paths.len());
    let schema_count = subset["components"]["schemas"]
        .as_object()
        .map_or(0, |schemas| schemas.len());
    let subset_bytes = serde_json::to_vec(&subset).map_err(|e| e.to_string())?;

    let config = seam_generator::Config {
        prefix: args.prefix.clone(),
        rustfmt: false,
        ..seam_generator::Config::default()
    };
    let ours = || {
        let start = Instant::now();
        let generated = seam_generator::generate_file(&args.spec, &config);
        let seconds = start.elapsed().as_secs_f64();
        generated
            .map(|g| (seconds, g.files.len()))
            .map_err(|e| e.to_string())
    };
    let ours_filtered = || {
        let start = Instant::now();
        let generated = seam_generator::generate(&subset_bytes, &config);
        let seconds = start.elapsed().as_secs_f64();
        generated
            .map(|g| (seconds, g.files.len()))
            .map_err(|e| e.to_string())
    };

    let mut parse = Vec::new();
    let mut tokens = Vec::new();
    let mut pretty = Vec::new();
    let mut total = Vec::new();
    let mut ours_total = Vec::new();
    let mut ours_filtered_total = Vec::new();
    let mut last = None;
    // One warm-up round, then the timed ones.
    for round in 0..=args.samples {
        // Every other round in reverse order, as in the main harness, so that neither
        // always runs right after the other (and its freed memory).
        let (output, ours_s, ours_filtered_s) = if round % 2 == 0 {
            let output = generate(&subset_bytes);
            let (ours_s, _) = ours()?;
            let (ours_filtered_s, _) = ours_filtered()?;
            (output, ours_s, ours_filtered_s)
        } else {
            let (ours_filtered_s, _) = ours_filtered()?;
            let (ours_s, _) = ours()?;
            (generate(&subset_bytes), ours_s, ours_filtered_s)
        };
        let output =
            output.map_err(|e| format!("progenitor rejects the `{}` subset: {e}", args.prefix))?;
        if round > 0 {
            parse.push(output.parse_s);
            tokens.push(output.tokens_s);
            pretty.push(output.pretty_s);
            total.push(output.parse_s + output.tokens_s + output.pretty_s);
            ours_total.push(ours_s);
            ours_filtered_total.push(ours_filtered_s);
        }
        last = Some(output);
    }
    let output = last.expect("at least one sample");

    // rustfmt, as progenitor's CLI runs it, then its blank-line pass.
    let mut rustfmt = Vec::new();
    let mut formatted = String::new();
    for _ in 0..args.samples.min(3) {
        let start = Instant::now();
        formatted = run_rustfmt(&output.source)?;
        rustfmt.push(start.elapsed().as_secs_f64());
    }
    let formatted = progenitor_impl::space_out_items(formatted).map_err(|e| e.to_string())?;

    write_crate(&args.out, &formatted, &output.dependencies)?;

    let result = json!({
        "progenitor_version": "0.15.1",
        "prefix": args.prefix,
        "paths": path_count,
        "operations": output.operations,
        "component_schemas": schema_count,
        "full_document": full_document,
        "largest_accepted": largest_accepted,
        "parse_s": parse,
        "tokens_s": tokens,
        "prettyplease_s": pretty,
        "total_s": total,
        "ours_s": ours_total,
        "ours_filtered_s": ours_filtered_total,
        "rustfmt_s": rustfmt,
        "lines": formatted.lines().count(),
        "bytes": formatted.len(),
        "crate_dir": args.out,
    });
    println!("{result}");
    Ok(())
}

/// Timed rounds on the largest accepted part of the whole document: each takes about a
/// second (progenitor and ours on the whole API), so fewer than on `/acs/credentials`.
const LARGEST_ACCEPTED_SAMPLES: usize = 7;

/// One thing to time; its result is dropped inside.
type Variant<'a> = dyn Fn() -> Result<(), String> + 'a;

/// Progenitor at the scale of the whole API: the document without the paths progenitor
/// rejects (all of it when it accepts the whole), which paths those are and why, and,
/// `samples` times in turn (every other round in reverse order): the floor (read the
/// spec file + `serde_json::Value`), progenitor on that document (parse, tokens,
/// prettyplease), and ours on the same bytes (`seam_generator::generate`, prefix `/`,
/// `rustfmt: false`).
fn largest_accepted(
    spec: &std::path::Path,
    document: &Value,
    whole_accepted: bool,
    samples: usize,
) -> Result<Value, String> {
    let all: Vec<&str> = document["paths"]
        .as_object()
        .map(|paths| paths.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut tries = 1; // the whole document, tried already
    let rejected = if whole_accepted {
        Vec::new()
    } else {
        rejected_paths(document, &all, &mut tries)
    };
    let kept: Vec<&str> = all
        .iter()
        .copied()
        .filter(|path| !rejected.iter().any(|(rejected, _)| rejected == path))
        .collect();
    let rejected_json: Vec<Value> = rejected
        .iter()
        .map(|(path, error)| json!({ "path": path, "error": error }))
        .collect();
    let bytes = serde_json::to_vec(&with_paths(document, &kept)).map_err(|e| e.to_string())?;
    let output = match generate(&bytes) {
        Ok(output) => output,
        // Rejected for a combination of paths rather than any one of them: no timing.
        Err(error) => {
            return Ok(json!({
                "rejected": rejected_json,
                "tries": tries,
                "error": format!("progenitor still fails: `{error}`"),
            }))
        }
    };

    let config = seam_generator::Config {
        prefix: "/".to_string(),
        rustfmt: false,
        ..seam_generator::Config::default()
    };
    let ours_lines: usize = seam_generator::generate(&bytes, &config)
        .map_err(|e| e.to_string())?
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(_, contents)| contents.lines().count())
        .sum();
    // Each variant is timed from start to finish, dropping its result included, as in the
    // main harness.
    let floor = || -> Result<(), String> {
        let read = std::fs::read(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
        serde_json::from_slice::<Value>(&read).map_err(|e| e.to_string())?;
        Ok(())
    };
    let progenitor = || generate(&bytes).map(drop);
    let ours = || {
        seam_generator::generate(&bytes, &config)
            .map(drop)
            .map_err(|e| e.to_string())
    };
    let mut variants: [(&Variant, Vec<f64>); 3] = [
        (&floor, Vec::new()),
        (&progenitor, Vec::new()),
        (&ours, Vec::new()),
    ];
    // One warm-up round, then the timed ones.
    for round in 0..=samples {
        let mut order = [0, 1, 2];
        if round % 2 == 1 {
            order.reverse();
        }
        for index in order {
            let (run, times) = &mut variants[index];
            let start = Instant::now();
            run()?;
            if round > 0 {
                times.push(start.elapsed().as_secs_f64());
            }
        }
    }
    let [(_, floor_s), (_, progenitor_s), (_, ours_s)] = variants;
    Ok(json!({
        "rejected": rejected_json,
        "tries": tries,
        "paths": kept.len(),
        "operations": output.operations,
        "progenitor_lines": output.source.lines().count(),
        "ours_lines": ours_lines,
        "floor_s": floor_s,
        "progenitor_s": progenitor_s,
        "ours_s": ours_s,
    }))
}

/// The paths progenitor rejects, each with its error, found by halving: a set of paths it
/// accepts is done with; one it rejects is split in two, down to single paths. `tries`
/// counts the generations. Paths rejected only together are not found here, which
/// [`largest_accepted`] notices when the rest is rejected too.
fn rejected_paths(document: &Value, paths: &[&str], tries: &mut usize) -> Vec<(String, String)> {
    *tries += 1;
    let result = serde_json::to_vec(&with_paths(document, paths))
        .map_err(|e| e.to_string())
        .and_then(|bytes| generate(&bytes));
    match result {
        Ok(_) => Vec::new(),
        // An empty set it rejects is no path's doing; the check of the rest reports it.
        Err(error) if paths.len() <= 1 => paths
            .iter()
            .map(|path| (path.to_string(), error.clone()))
            .collect(),
        Err(_) => {
            let (first, second) = paths.split_at(paths.len() / 2);
            let mut rejected = rejected_paths(document, first, tries);
            rejected.extend(rejected_paths(document, second, tries));
            rejected
        }
    }
}

/// The document with only the paths named.
fn with_paths(document: &Value, keep: &[&str]) -> Value {
    paths_where(document, |path| keep.contains(&path))
}

/// The document with only the paths equal to or under `prefix`.
fn filter_paths(document: &Value, prefix: &str) -> Value {
    let prefix = prefix.trim_end_matches('/');
    paths_where(document, |path| {
        prefix.is_empty()
            || path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// The document with only the paths `keep` accepts.
fn paths_where(document: &Value, keep: impl Fn(&str) -> bool) -> Value {
    let mut subset = document.clone();
    if let Some(paths) = subset.get_mut("paths").and_then(Value::as_object_mut) {
        paths.retain(|path, _| keep(path));
    }
    subset
}

struct Output {
    parse_s: f64,
    tokens_s: f64,
    pretty_s: f64,
    operations: usize,
    source: String,
    dependencies: Vec<String>,
}

fn generate(bytes: &[u8]) -> Result<Output, String> {
    let start = Instant::now();
    let spec: openapiv3::OpenAPI =
        serde_json::from_slice(bytes).map_err(|e| format!("parse: {e}"))?;
    let parse_s = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| format!("generate_tokens: {e}"))?;
    let tokens_s = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| format!("syn: {e}"))?;
    let source = prettyplease::unparse(&file);
    let pretty_s = start.elapsed().as_secs_f64();

    let operations = spec
        .paths
        .iter()
        .filter_map(|(_, item)| item.as_item())
        .map(|item| item.iter().count())
        .sum();
    let dependencies = dependencies(&generator);
    Ok(Output {
        parse_s,
        tokens_s,
        pretty_s,
        operations,
        source,
        dependencies,
    })
}

/// The `[dependencies]` progenitor's CLI (`cargo progenitor`, 0.15) writes for a client
/// that depends on `progenitor-client`.
fn dependencies(generator: &progenitor::Generator) -> Vec<String> {
    let mut deps = vec![
        "bytes = \"1.9\"".to_string(),
        "futures-core = \"0.3\"".to_string(),
        "progenitor-client = \"=0.15.1\"".to_string(),
        "reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"stream\"] }".to_string(),
        "serde = { version = \"1.0\", features = [\"derive\"] }".to_string(),
        "serde_urlencoded = \"0.7\"".to_string(),
    ];
    let types = generator.get_type_space();
    if types.uses_regress() {
        deps.push("regress = \"0.10\"".to_string());
    }
    if types.uses_uuid() {
        deps.push("uuid = { version = \"1.0\", features = [\"serde\", \"v4\"] }".to_string());
    }
    if types.uses_chrono() {
        deps.push(
            "chrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }"
                .to_string(),
        );
    }
    if generator.uses_futures() {
        deps.push("futures = \"0.3\"".to_string());
    }
    if generator.uses_websockets() {
        deps.push("base64 = \"0.22\"".to_string());
        deps.push("rand = \"0.8\"".to_string());
    }
    if types.uses_serde_json() {
        deps.push("serde_json = \"1.0\"".to_string());
    }
    deps.sort_unstable();
    deps
}

fn run_rustfmt(source: &str) -> Result<String, String> {
    use std::io::Write;
    let program = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".to_string());
    let mut child = Command::new(&program)
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = source.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    writer
        .join()
        .expect("writer thread")
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}

/// A standalone crate (its own `[workspace]`) holding the generated client.
fn write_crate(dir: &std::path::Path, source: &str, deps: &[String]) -> Result<(), String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let manifest = format!(
        "# Written by seam-bench-progenitor: progenitor 0.15.1's client for the benchmark's paths.\n\
         [package]\nname = \"progenitor-sdk\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{}\n\n[workspace]\n",
        deps.join("\n")
    );
    let write = |path: PathBuf, contents: &str| {
        std::fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))
    };
    write(dir.join("Cargo.toml"), &manifest)?;
    write(src.join("lib.rs"), source)?;
    // Pinned versions for the client's dependencies, when the bench ships a lock file.
    let lock = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sdk.Cargo.lock");
    if lock.exists() && !dir.join("Cargo.lock").exists() {
        std::fs::copy(&lock, dir.join("Cargo.lock")).map_err(|e| format!("{e}"))?;
    }
    Ok(())
}
