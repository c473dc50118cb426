//! The generated CLI (`generated-cli/`, binary `seam`), built once per test run with the
//! `unstable` feature into the shared [`target_dir`],
//! and run as a process with nothing of the environment's `SEAM_*` variables.

use crate::generated_crate::{cargo_command, target_dir, workspace_root};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The `seam` binary, built on first use.
pub fn seam_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let output = cargo_command(&workspace_root())
            .args([
                "build",
                "--quiet",
                "-p",
                "seam-cli",
                "--features",
                "unstable",
            ])
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "building the CLI failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        target_dir()
            .join("debug")
            .join(format!("seam{}", std::env::consts::EXE_SUFFIX))
    })
}

/// A command running `seam` with `env` and no inherited `SEAM_*` variable.
pub fn seam_command(env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(seam_binary());
    for (name, _) in std::env::vars() {
        if name.starts_with("SEAM_") {
            command.env_remove(name);
        }
    }
    command.envs(env.iter().copied());
    command
}

/// Runs `seam args..` with `env`, feeding `stdin` (or nothing).
pub fn run_seam(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut command = seam_command(env);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("seam starts");
    if let Some(mut input) = child.stdin.take() {
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).expect("stdin written");
        }
    }
    child.wait_with_output().expect("seam ends")
}

/// Runs `line` through `sh -c` with the directory of `seam` first on `PATH`, in an empty
/// directory (so that what a shell leaves of `["a","b"]`, `[a,b]`, a bracket pattern,
/// matches no file name and stays as it is).
pub fn run_shell(line: &str, env: &[(&str, &str)]) -> Output {
    let dir = seam_binary().parent().expect("a directory");
    let path = std::env::var("PATH").unwrap_or_default();
    let mut command = Command::new("sh");
    for (name, _) in std::env::vars() {
        if name.starts_with("SEAM_") {
            command.env_remove(name);
        }
    }
    let empty = crate::generated_crate::fresh_temp_dir("seam-cli-shell");
    let output = command
        .current_dir(&empty)
        .arg("-c")
        .arg(line)
        .env("PATH", format!("{}:{path}", dir.display()))
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    let _ = std::fs::remove_dir(&empty);
    output
}
