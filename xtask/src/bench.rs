//! `cargo xtask bench [--quick [--release]] [--no-write] [--skip-progenitor] [--skip-check]
//! [--baseline LABEL]`.
//!
//! A thin launcher: the benchmarks live in the `seam-bench` crate (`bench/`), so that
//! xtask itself stays light for `cargo xtask codegen`. Progenitor is a separate workspace
//! (`bench/progenitor/`) that `seam-bench` builds only on full runs.
//!
//! A full run builds `seam-bench` with `--release`. `--quick` (CI) builds it in the dev
//! profile, which compiles in a third of the time and shares dependencies with the
//! workspace's other dev builds; its figures then only show that every benchmark runs.
//! `--quick --release` is a quick run with optimized figures.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::Context;

pub fn run(args: &[String]) -> anyhow::Result<ExitCode> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("xtask/ is inside the workspace")?;
    let quick = args.iter().any(|arg| arg == "--quick");
    let release = !quick || args.iter().any(|arg| arg == "--release");
    let mut command = Command::new(&cargo);
    command
        .current_dir(root)
        .args(["run", "--quiet", "--package", "seam-bench"]);
    if release {
        command.arg("--release");
    }
    let status = command
        .arg("--")
        .args(args.iter().filter(|arg| *arg != "--release"))
        .status()
        .with_context(|| format!("cannot run `{cargo} run --package seam-bench`"))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
