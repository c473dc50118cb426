//! Generate part of the API into a temporary crate, add files of your own, build it.
//!
//! ```no_run
//! use seam_sdk_tests::generated_crate::{generate_into_temp, workspace_root};
//!
//! let spec = workspace_root().join("spec/openapi.json");
//! let krate = generate_into_temp("/acs/users", "seam-users", &spec);
//! krate.write("src/bin/driver.rs", "fn main() { let _ = seam_users::Seam::builder(); }");
//! krate.cargo_ok(&["build", "--bin", "driver"]);
//! let driver = krate.target_dir().join("debug/driver");
//! # let _ = driver;
//! ```
//!
//! Every crate is built with `CARGO_TARGET_DIR` set to [`target_dir`]
//! (`<workspace>/target/generated-crates`, or `$CARGO_TARGET_DIR/generated-crates` when that
//! is set): one directory shared by all generated crates, so that their dependencies
//! (reqwest, rustls, serde, tokio, ...) compile once for every test that builds one. cargo
//! locks the directory, so tests that build at the same time wait for each other. Binaries
//! land in `target_dir()/debug/`; two crates with a binary of the same name overwrite each
//! other's, so give drivers distinct names.
//!
//! The crate gets a copy of the workspace's `Cargo.lock`, so it builds with the
//! dependency versions the workspace has already downloaded, and an empty `[workspace]`
//! table, so that cargo does not take it for a member of the workspace above `/tmp` (if
//! any). The directory is deleted when the [`GeneratedCrate`] is dropped, unless
//! `SEAM_KEEP_GENERATED` is set (its path is printed then).

use seam_generator::{Config, Generated};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (`/work/main`), the parent of the `tests` crate.
pub fn workspace_root() -> PathBuf {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR"));
    tests.parent().unwrap_or(tests).to_path_buf()
}

/// The target directory all generated crates share; see the module docs.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("generated-crates"),
        None => workspace_root().join("target/generated-crates"),
    }
}

/// A generated crate in a temporary directory.
pub struct GeneratedCrate {
    dir: PathBuf,
    generated: Generated,
}

/// Generates the paths under `prefix` of the document at `spec` into a fresh temporary
/// directory as a crate named `crate_name`. Panics (with the generator's error) when the
/// document does not generate. The files are not run through rustfmt, which only costs
/// time here.
pub fn generate_into_temp(prefix: &str, crate_name: &str, spec: &Path) -> GeneratedCrate {
    let config = Config {
        prefix: prefix.to_string(),
        crate_name: crate_name.to_string(),
        rustfmt: false,
        ..Config::default()
    };
    generate_with_config(&config, spec)
}

/// [`generate_into_temp`] with every option of the generator.
pub fn generate_with_config(config: &Config, spec: &Path) -> GeneratedCrate {
    let generated = seam_generator::generate_file(spec, config).unwrap_or_else(|e| {
        panic!(
            "generating `{}` from {} failed: {e}",
            config.prefix,
            spec.display()
        )
    });
    let dir = fresh_temp_dir(&config.crate_name);
    let krate = GeneratedCrate { dir, generated };
    for (path, contents) in &krate.generated.files {
        krate.write(path, contents);
    }
    let manifest = krate.dir.join("Cargo.toml");
    let mut cargo_toml = std::fs::read_to_string(&manifest).unwrap_or_default();
    cargo_toml.push_str("\n# Not a member of any workspace above this directory.\n[workspace]\n");
    krate.write("Cargo.toml", &cargo_toml);
    if let Ok(lock) = std::fs::read(workspace_root().join("Cargo.lock")) {
        std::fs::write(krate.dir.join("Cargo.lock"), lock).expect("copy Cargo.lock");
    }
    krate
}

/// [`generate_into_temp`] with the CLI crate too: a temporary workspace whose members
/// are the SDK (`<crate_name>/`) and its CLI beside it (`<crate_name>-cli/`, as
/// `cargo xtask codegen` lays them out), so that one cargo command checks both and the SDK
/// is compiled once. [`GeneratedCrate::dir`] is the workspace's root; cargo commands run
/// there (use `--workspace`, `--all-features` or `-p`).
pub fn generate_with_cli(prefix: &str, crate_name: &str, spec: &Path) -> GeneratedCrate {
    let config = Config {
        prefix: prefix.to_string(),
        crate_name: crate_name.to_string(),
        rustfmt: false,
        ..Config::default()
    };
    let generated = seam_generator::generate_file(spec, &config)
        .unwrap_or_else(|e| panic!("generating `{prefix}` from {} failed: {e}", spec.display()));
    let options = seam_generator::emit::Options {
        crate_name: config.crate_name.clone(),
        crate_version: config.crate_version.clone(),
        spec_name: config.spec_name.clone(),
        spec_sha256: String::new(),
    };
    let cli = seam_generator::generate_cli(&generated.api, &options, crate_name, false)
        .unwrap_or_else(|e| panic!("generating the CLI of `{prefix}` failed: {e}"));
    let cli_dir = seam_generator::emit::cli::cli_dir_name(crate_name);
    let dir = fresh_temp_dir(crate_name);
    let krate = GeneratedCrate { dir, generated };
    for (path, contents) in &krate.generated.files {
        krate.write(&format!("{crate_name}/{path}"), contents);
    }
    for (path, contents) in &cli {
        krate.write(&format!("{cli_dir}/{path}"), contents);
    }
    krate.write(
        "Cargo.toml",
        &format!("[workspace]\nresolver = \"2\"\nmembers = [\"{crate_name}\", \"{cli_dir}\"]\n"),
    );
    if let Ok(lock) = std::fs::read(workspace_root().join("Cargo.lock")) {
        std::fs::write(krate.dir.join("Cargo.lock"), lock).expect("copy Cargo.lock");
    }
    krate
}

impl GeneratedCrate {
    /// The crate's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the generator returned: the IR (`api`), the files and the warnings.
    pub fn generated(&self) -> &Generated {
        &self.generated
    }

    /// The shared target directory the crate builds into ([`target_dir`]).
    pub fn target_dir(&self) -> PathBuf {
        target_dir()
    }

    /// Writes (or replaces) a file of the crate, e.g. `src/bin/driver.rs` or a test in
    /// `tests/`, creating directories as needed.
    pub fn write(&self, relative: &str, contents: &str) {
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("creating {}: {e}", parent.display()));
        }
        std::fs::write(&path, contents)
            .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }

    /// Runs `cargo <args>` in the crate's directory with `--quiet`, the shared
    /// [`target_dir`] and `CARGO_INCREMENTAL=0`, and returns what it did; `args[0]` is the
    /// subcommand (`["check"]`, `["clippy", "--", "-D", "warnings"]`, ...).
    pub fn cargo(&self, args: &[&str]) -> Output {
        self.cargo_with_env(args, &[])
    }

    /// [`Self::cargo`] with extra environment variables (`RUSTDOCFLAGS`, ...).
    pub fn cargo_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = cargo_command(&self.dir);
        command.envs(env.iter().copied());
        match args.split_first() {
            Some((subcommand, rest)) => {
                command.arg(subcommand).arg("--quiet").args(rest);
            }
            None => {
                command.arg("--quiet");
            }
        }
        command
            .output()
            .unwrap_or_else(|e| panic!("cannot run cargo {args:?}: {e}"))
    }

    /// [`Self::cargo`], panicking with cargo's stderr unless it succeeds.
    pub fn cargo_ok(&self, args: &[&str]) -> Output {
        self.cargo_ok_with_env(args, &[])
    }

    /// `cargo doc --no-deps --features unstable,testing` with rustdoc's warnings denied
    /// (`RUSTDOCFLAGS=-D warnings`, as in `.ci/run`): panics unless the docs render cleanly.
    pub fn docs_render_without_warnings(&self) {
        self.cargo_ok_with_env(
            &["doc", "--no-deps", "--features", "unstable,testing"],
            &[("RUSTDOCFLAGS", "-D warnings")],
        );
    }

    /// [`Self::cargo_with_env`], panicking with cargo's stderr unless it succeeds.
    pub fn cargo_ok_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let output = self.cargo_with_env(args, env);
        if !output.status.success() {
            panic!(
                "`cargo {}` failed in {} ({}):\n{}{}",
                args.join(" "),
                self.dir.display(),
                output.status,
                String::from_utf8_lossy(&output.stderr),
                String::from_utf8_lossy(&output.stdout),
            );
        }
        output
    }
}

impl Drop for GeneratedCrate {
    fn drop(&mut self) {
        if std::env::var_os("SEAM_KEEP_GENERATED").is_some() {
            eprintln!("kept the generated crate in {}", self.dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// `cargo`, to be run in `dir` (a generated crate, or a workspace of them) with the shared
/// [`target_dir`] and `CARGO_INCREMENTAL=0`; the caller adds the subcommand and its
/// arguments.
pub fn cargo_command(dir: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        // Each crate lives in a new directory, so incremental state is never reused;
        // it would only fill the disk (gigabytes for the whole API).
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTC_WORKSPACE_WRAPPER");
    command
}

/// A new, empty directory under the system's temporary directory.
pub fn fresh_temp_dir(label: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let base = std::env::temp_dir();
    loop {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = base.join(format!(
            "{label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        match std::fs::create_dir(&dir) {
            Ok(()) => return dir,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => panic!("creating {}: {e}", dir.display()),
        }
    }
}

/// The document cut down to the paths under `prefix` and the component schemas they reach
/// (following `$ref`s transitively); other components are kept whole. Generating from it
/// gives the same crate as from the whole document, faster, which suits tests that
/// generate many times.
pub fn spec_subset(spec: &serde_json::Value, prefix: &str) -> serde_json::Value {
    use serde_json::Value;
    fn refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    match (key.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r.clone()),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let prefix = prefix.trim_end_matches('/');
    let mut out = spec.clone();
    let mut pending = Vec::new();
    if let Some(Value::Object(paths)) = out.get_mut("paths") {
        paths.retain(|path, _| {
            prefix.is_empty() || path == prefix || path.starts_with(&format!("{prefix}/"))
        });
        for item in paths.values() {
            refs(item, &mut pending);
        }
    }
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut kept = serde_json::Map::new();
    while let Some(reference) = pending.pop() {
        let Some(name) = reference.strip_prefix("#/components/schemas/") else {
            continue;
        };
        if kept.contains_key(name) {
            continue;
        }
        if let Some(schema) = schemas.get(name) {
            refs(schema, &mut pending);
            kept.insert(name.to_string(), schema.clone());
        }
    }
    if let Some(Value::Object(components)) = out.get_mut("components") {
        components.insert("schemas".to_string(), Value::Object(kept));
    }
    out
}
