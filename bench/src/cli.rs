//! The generated CLI's start-up: `seam` run as a process with the docs' sample command and
//! `--dry-run` (arguments parsed and checked, the request built and serialized, the client
//! built; nothing sent), against the cost of starting a process at all (`seam` exiting
//! at once, `--version`), measured in the same run; and the binary's size.

use crate::harness::{self, Runs, Samples};
use crate::size::cargo;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The docs' sample (`shared/seam-docs/000`), as arguments.
const SAMPLE: &[&str] = &[
    "acs",
    "credentials",
    "create",
    "--acs_user_id",
    "33333333-3333-3333-3333-333333333333",
    "--access_method",
    "mobile_key",
    "--allowed_acs_entrance_ids",
    "[55555555-5555-5555-5555-555555555555,55555555-5555-5555-5555-000000000000]",
    "--credential_manager_acs_system_id",
    "88888888-8888-8888-8888-888888888888",
    "--is_multi_phone_sync_credential",
    "true",
    "--starts_at",
    "2024-03-01T10:40:00Z",
    "--ends_at",
    "2024-03-04T10:40:00Z",
    "--dry-run",
];

pub struct Startup {
    /// `seam <sample> --dry-run`, per process.
    pub sample: Samples,
    /// `seam --version`, per process: starting the binary and exiting.
    pub version: Samples,
    pub binary_bytes: u64,
}

/// Builds `seam` (in the profile this benchmark runs in) and times it.
pub fn run(root: &Path, runs: Runs) -> Result<Startup, String> {
    let binary = build(root)?;
    let binary_bytes = std::fs::metadata(&binary)
        .map_err(|e| format!("{}: {e}", binary.display()))?
        .len();
    let status = seam(&binary, SAMPLE)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    if !status.success() {
        return Err(format!("`seam {}` failed: {status}", SAMPLE.join(" ")));
    }
    let mut variants = vec![
        harness::variant("sample", || run_once(&binary, SAMPLE)),
        harness::variant("version", || run_once(&binary, &["--version"])),
    ];
    let mut samples = harness::interleaved(runs, &mut variants).into_iter();
    Ok(Startup {
        sample: samples.next().unwrap_or_default(),
        version: samples.next().unwrap_or_default(),
        binary_bytes,
    })
}

fn seam(binary: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(binary);
    command
        .args(args)
        .env("SEAM_API_KEY", "seam_bench_key")
        .env("SEAM_ENDPOINT", "http://127.0.0.1:9")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn run_once(binary: &Path, args: &[&str]) -> bool {
    seam(binary, args).status().is_ok_and(|s| s.success())
}

fn build(root: &Path) -> Result<PathBuf, String> {
    let release = crate::report::OPTIMIZED;
    let mut command = Command::new(cargo());
    command.current_dir(root).args([
        "build",
        "--quiet",
        "-p",
        "seam-cli",
        "--features",
        "unstable",
    ]);
    if release {
        command.arg("--release");
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "building the CLI failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let profile = if release { "release" } else { "debug" };
    Ok(target
        .join(profile)
        .join(format!("seam{}", std::env::consts::EXE_SUFFIX)))
}
