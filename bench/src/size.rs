//! Item 2, and running the progenitor side of item 1.
//!
//! `cargo check` of one generated crate, timing only the crate itself: each crate is
//! copied to its own directory under `target/` as a standalone package (its own
//! `[workspace]`, a lock file pinning its dependencies) with its own fresh target
//! directory; a first `cargo check` builds the dependencies, then each timed run does
//! `cargo clean -p <crate>` (the crate's own artifacts only) and `cargo check` again.
//! `CARGO_INCREMENTAL=0`, as for a dependency. Peak memory is the largest resident set of
//! any process of the run (rustc, in practice), from `/usr/bin/time -v`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

use crate::harness::Samples;

/// Lines of the `.rs` files under `dir`: all of them, and those that are neither blank
/// nor comments (doc comments included).
#[derive(Debug, Clone, Copy, Default)]
pub struct Lines {
    pub total: usize,
    pub code: usize,
}

/// The lines of our generated crate's `src/`: all of it, the runtime copied in
/// (`src/runtime/`) and the `testing` feature's test support (`src/testing/`).
#[derive(Debug, Clone, Copy)]
pub struct CrateLines {
    pub whole: Lines,
    pub runtime: Lines,
    pub testing: Lines,
}

impl CrateLines {
    pub fn count(src: &Path) -> Self {
        Self {
            whole: count_lines(src),
            runtime: count_lines(&src.join("runtime")),
            testing: count_lines(&src.join("testing")),
        }
    }
}

pub fn count_lines(dir: &Path) -> Lines {
    let mut lines = Lines::default();
    for file in rust_files(dir) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for line in text.lines() {
            lines.total += 1;
            let trimmed = line.trim();
            if !trimmed.is_empty() && !trimmed.starts_with("//") {
                lines.code += 1;
            }
        }
    }
    lines
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

fn run(command: &mut Command) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{command:?} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// Copies our generated crate to `dir` as a standalone package, the workspace's lock
/// file pinning its dependencies.
pub fn standalone_copy(root: &Path, dir: &Path) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    copy_dir(&root.join("generated-sdk/src"), &dir.join("src"))?;
    let manifest = std::fs::read_to_string(root.join("generated-sdk/Cargo.toml"))
        .map_err(|e| e.to_string())?;
    std::fs::write(dir.join("Cargo.toml"), format!("{manifest}\n[workspace]\n"))
        .map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    Ok(())
}

pub struct Check {
    pub wall: Samples,
    /// Largest peak resident set over the timed runs, in bytes; `None` without
    /// `/usr/bin/time`.
    pub peak_rss: Option<u64>,
}

const TIME: &str = "/usr/bin/time";

/// Times `cargo check` of the package at `dir` (named `package`), `runs` times.
pub fn check(dir: &Path, package: &str, features: &[&str], runs: usize) -> Result<Check, String> {
    let target = dir.with_file_name(format!(
        "{}-target",
        dir.file_name().and_then(|n| n.to_str()).unwrap_or("crate")
    ));
    let manifest = dir.join("Cargo.toml");
    let cargo = cargo();
    let check_args = |command: &mut Command| {
        command
            .arg("check")
            .arg("--quiet")
            .arg("--manifest-path")
            .arg(&manifest)
            .arg("--target-dir")
            .arg(&target)
            .env("CARGO_INCREMENTAL", "0");
        if !features.is_empty() {
            command.arg("--features").arg(features.join(","));
        }
    };
    // The dependencies, untimed.
    let mut first = Command::new(&cargo);
    check_args(&mut first);
    run(&mut first)?;

    let has_time = Path::new(TIME).exists();
    let mut wall = Vec::new();
    let mut peak: Option<u64> = None;
    for index in 0..runs {
        run(Command::new(&cargo)
            .args(["clean", "--quiet", "-p", package, "--manifest-path"])
            .arg(&manifest)
            .arg("--target-dir")
            .arg(&target))?;
        let report = target.join(format!("time-{index}.txt"));
        let mut command = if has_time {
            let mut command = Command::new(TIME);
            command.arg("-v").arg("-o").arg(&report).arg(&cargo);
            command
        } else {
            Command::new(&cargo)
        };
        check_args(&mut command);
        let start = Instant::now();
        run(&mut command)?;
        wall.push(start.elapsed().as_secs_f64());
        if has_time {
            let text = std::fs::read_to_string(&report).unwrap_or_default();
            let kb = text
                .lines()
                .find_map(|line| {
                    line.trim()
                        .strip_prefix("Maximum resident set size (kbytes):")
                })
                .and_then(|value| value.trim().parse::<u64>().ok());
            if let Some(kb) = kb {
                peak = Some(peak.unwrap_or(0).max(kb * 1024));
            }
        }
    }
    Ok(Check {
        wall: Samples(wall),
        peak_rss: peak,
    })
}

/// What the progenitor harness reports (see `bench/progenitor/src/main.rs`).
pub struct Progenitor {
    pub version: String,
    pub paths: usize,
    pub operations: usize,
    pub component_schemas: usize,
    pub full_document_error: Option<String>,
    pub parse: Samples,
    pub tokens: Samples,
    pub prettyplease: Samples,
    pub total: Samples,
    /// Ours on the whole document and on the filtered one, interleaved with progenitor.
    pub ours: Samples,
    pub ours_filtered: Samples,
    pub rustfmt: Samples,
    pub crate_dir: PathBuf,
    /// Progenitor and ours on the largest part of the whole document progenitor accepts.
    pub largest_accepted: LargestAccepted,
}

/// The whole document less the paths progenitor rejects, and how both generators fare on it.
pub struct LargestAccepted {
    /// The paths progenitor rejects, each with its error.
    pub rejected: Vec<(String, String)>,
    /// Generations it took to find them (the whole document's included).
    pub tries: usize,
    /// Set when the rest of the document is rejected too (paths rejected only together).
    pub error: Option<String>,
    pub paths: usize,
    pub operations: usize,
    pub progenitor_lines: usize,
    pub ours_lines: usize,
    /// Read + `serde_json::Value` of the spec file, interleaved with the two below.
    pub floor: Samples,
    pub progenitor: Samples,
    pub ours: Samples,
}

/// The source directory of dependency `name` of the package at `manifest`.
pub fn dependency_src(manifest: &Path, name: &str) -> Option<PathBuf> {
    let stdout = run(Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(manifest))
    .ok()?;
    let metadata: Value = serde_json::from_str(&stdout).ok()?;
    metadata["packages"]
        .as_array()?
        .iter()
        .find(|package| package["name"] == name)
        .and_then(|package| package["manifest_path"].as_str())
        .map(|path| Path::new(path).with_file_name("src"))
}

/// Builds and runs the progenitor harness, which writes its client crate to `out`.
pub fn progenitor(
    root: &Path,
    spec: &Path,
    prefix: &str,
    samples: usize,
    out: &Path,
) -> Result<Progenitor, String> {
    let manifest = root.join("bench/progenitor/Cargo.toml");
    let target = root.join("target/bench-progenitor/target");
    run(Command::new(cargo())
        .args([
            "build",
            "--release",
            "--quiet",
            "--locked",
            "--manifest-path",
        ])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target))?;
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let stdout = run(Command::new(target.join("release/seam-bench-progenitor"))
        .arg("--spec")
        .arg(spec)
        .arg("--prefix")
        .arg(prefix)
        .arg("--samples")
        .arg(samples.to_string())
        .arg("--out")
        .arg(out))?;
    let json: Value = serde_json::from_str(stdout.trim())
        .map_err(|e| format!("the progenitor harness printed no JSON ({e}): {stdout}"))?;
    let samples = |key: &str| seconds(&json[key]);
    let count = |key: &str| count(&json[key]);
    let full = &json["full_document"];
    Ok(Progenitor {
        version: json["progenitor_version"]
            .as_str()
            .unwrap_or("?")
            .to_string(),
        paths: count("paths"),
        operations: count("operations"),
        component_schemas: count("component_schemas"),
        full_document_error: (full["ok"] == Value::Bool(false))
            .then(|| full["error"].as_str().unwrap_or("?").to_string()),
        parse: samples("parse_s"),
        tokens: samples("tokens_s"),
        prettyplease: samples("prettyplease_s"),
        total: samples("total_s"),
        ours: samples("ours_s"),
        ours_filtered: samples("ours_filtered_s"),
        rustfmt: samples("rustfmt_s"),
        crate_dir: out.to_path_buf(),
        largest_accepted: largest_accepted(&json["largest_accepted"]),
    })
}

fn largest_accepted(json: &Value) -> LargestAccepted {
    let samples = |key: &str| seconds(&json[key]);
    let count = |key: &str| count(&json[key]);
    let text = |value: &Value| value.as_str().unwrap_or("?").to_string();
    LargestAccepted {
        rejected: json["rejected"]
            .as_array()
            .map(|rejected| {
                rejected
                    .iter()
                    .map(|r| (text(&r["path"]), text(&r["error"])))
                    .collect()
            })
            .unwrap_or_default(),
        tries: count("tries"),
        error: json["error"].as_str().map(str::to_string),
        paths: count("paths"),
        operations: count("operations"),
        progenitor_lines: count("progenitor_lines"),
        ours_lines: count("ours_lines"),
        floor: samples("floor_s"),
        progenitor: samples("progenitor_s"),
        ours: samples("ours_s"),
    }
}

/// A JSON array of seconds.
fn seconds(json: &Value) -> Samples {
    Samples(
        json.as_array()
            .map(|values| values.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default(),
    )
}

fn count(json: &Value) -> usize {
    json.as_u64().unwrap_or(0) as usize
}
