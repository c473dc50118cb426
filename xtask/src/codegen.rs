//! `cargo xtask codegen`: spec -> generated crate, written atomically, with its public
//! surface (`api-surface.txt`) beside it. It prints what changed against the surface it
//! replaces and, for the checked-in crate, bumps the version by the class of the change
//! and adds a `CHANGELOG.md` entry (`crate::release`).

use anyhow::{bail, Context, Result};
use seam_generator::api_diff;
use seam_generator::surface::{self, Surface};
use seam_generator::{Config, Files};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

struct Args {
    check: bool,
    prefix: Option<String>,
    spec: PathBuf,
    out: PathBuf,
    crate_name: Option<String>,
    /// `--config FILE`: the prefix and version file, when not `spec/codegen.toml`.
    config: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Args> {
    let root = workspace_root();
    let mut parsed = Args {
        check: false,
        prefix: None,
        spec: root.join("spec/openapi.json"),
        out: root.join("generated-sdk"),
        crate_name: None,
        config: None,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| {
            iter.next()
                .cloned()
                .with_context(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--prefix" => parsed.prefix = Some(value("--prefix")?),
            "--spec" => parsed.spec = PathBuf::from(value("--spec")?),
            "--out" => parsed.out = PathBuf::from(value("--out")?),
            "--crate-name" => parsed.crate_name = Some(value("--crate-name")?),
            "--config" => parsed.config = Some(PathBuf::from(value("--config")?)),
            other => bail!("unknown codegen option `{other}`"),
        }
    }
    Ok(parsed)
}

/// The default configuration file, `spec/codegen.toml`.
pub fn default_config(root: &Path) -> PathBuf {
    root.join("spec/codegen.toml")
}

/// The value of `key` in a configuration file (`prefix = "/acs/credentials"`).
pub fn configured(path: &Path, key: &str) -> Result<Option<String>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    for line in text.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix(key) else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix('=').map(str::trim) else {
            continue;
        };
        match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            Some(value) => return Ok(Some(value.to_string())),
            None => bail!("{}: `{key}` must be a quoted string", path.display()),
        }
    }
    Ok(None)
}

/// The prefix configured in `spec/codegen.toml`.
pub fn configured_prefix(root: &Path) -> Result<Option<String>> {
    configured(&default_config(root), "prefix")
}

/// The crate's files, its surface and the surface itself.
fn generate(
    spec: &seam_generator::load::Spec,
    config: &Config,
) -> Result<(Files, Surface, seam_generator::Generated)> {
    let mut generated = seam_generator::generate_from(spec, config)?;
    let surface = Surface::of(
        &generated.api,
        surface::header(&config.spec_name, &config.prefix, &spec.sha256),
    );
    let mut files = std::mem::take(&mut generated.files);
    files.insert(surface::FILE_NAME.to_string(), surface.render());
    Ok((files, surface, generated))
}

pub fn run(args: &[String]) -> Result<ExitCode> {
    let args = parse_args(args)?;
    let root = workspace_root();
    let mut config = Config::default();
    let config_file = args.config.clone().unwrap_or_else(|| default_config(&root));
    if let Some(prefix) = args.prefix.clone().or(configured(&config_file, "prefix")?) {
        config.prefix = prefix;
    }
    if let Some(name) = &args.crate_name {
        config.crate_name = name.clone();
    }
    config.spec_name = args
        .spec
        .strip_prefix(&root)
        .unwrap_or(&args.spec)
        .to_string_lossy()
        .replace('\\', "/");

    // Only the checked-in crate has a version history (`spec/codegen.toml`, CHANGELOG.md),
    // or a crate whose configuration `--config` names.
    let versioned = args.out == root.join("generated-sdk") || args.config.is_some();
    if versioned {
        if let Some(version) = configured(&config_file, "version")? {
            config.crate_version = version;
        }
    }

    let spec = seam_generator::load::read_file(&args.spec)
        .and_then(|source| source.select(&config.prefix))
        .with_context(|| format!("generating from {}", args.spec.display()))?;
    let (mut files, new_surface, generated) = generate(&spec, &config)
        .with_context(|| format!("generating from {}", args.spec.display()))?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }

    let cli_out = cli_dir(&args.out)?;
    if args.check {
        let mut stale = differences(&args.out, &files)?;
        let cli_files = cli_files(&generated.api, &spec, &config, &args.out)?;
        stale.extend(
            differences(&cli_out, &cli_files)?
                .into_iter()
                .map(|path| format!("{}/{path}", cli_out.display())),
        );
        if stale.is_empty() {
            println!(
                "{} is up to date ({} files), and so is {}",
                args.out.display(),
                files.len(),
                cli_out.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "{} or {} is stale; these files differ from what the spec generates:",
            args.out.display(),
            cli_out.display()
        );
        for path in &stale {
            eprintln!("  {path}");
        }
        eprintln!("run `cargo xtask codegen` to regenerate it");
        return Ok(ExitCode::FAILURE);
    }

    // What changed against the surface this run replaces.
    let old_surface = read_surface(&args.out)?;
    let diff = old_surface
        .as_ref()
        .map(|old| api_diff::diff(old, &new_surface));
    match &diff {
        Some(diff) => print!(
            "API changes against the previous {}:\n{}",
            surface::FILE_NAME,
            diff.report()
        ),
        None => println!("no previous {} to compare with", surface::FILE_NAME),
    }
    let changelog_path = args.out.join(crate::release::CHANGELOG);
    let mut changelog = std::fs::read_to_string(&changelog_path).unwrap_or_default();
    if versioned {
        // Generated files that differ other than by the surface and the version: docs.
        let mut changed_files: Vec<String> = differences(&args.out, &files)?
            .into_iter()
            .filter(|f| !f.starts_with(surface::FILE_NAME) && !f.starts_with("Cargo.toml "))
            .collect();
        changed_files.sort();
        let release = crate::release::plan(
            &config.crate_version,
            old_surface.is_some(),
            diff.as_ref(),
            &changed_files,
        )?;
        if let Some(release) = release {
            if release.version != config.crate_version {
                config.crate_version = release.version.clone();
                files = generate(&spec, &config)?.0;
            }
            let source = format!(
                "From `{}`, paths under `{}` (canonical JSON sha256 `{}` of the part read).",
                config.spec_name, config.prefix, spec.sha256
            );
            changelog = api_diff::add_to_changelog(
                &changelog,
                &api_diff::changelog_entry(
                    &release.version,
                    &crate::release::today(),
                    &source,
                    diff.as_ref().unwrap_or(&api_diff::Diff::default()),
                    &release.note,
                ),
            );
            println!("{}", release.summary);
        } else {
            println!("no change: version {} stays", config.crate_version);
        }
    }
    if !changelog.is_empty() {
        files.insert(crate::release::CHANGELOG.to_string(), changelog);
    }

    write_atomically(&args.out, &files)?;
    let cli_files = cli_files(&generated.api, &spec, &config, &args.out)?;
    write_atomically(&cli_out, &cli_files)?;
    if versioned {
        crate::release::set_version(&config_file, &config.crate_version)?;
    }
    println!(
        "generated {} files ({} endpoints, {} types) into {}, and the CLI ({} files) into {}",
        files.len(),
        generated.api.endpoints.len(),
        generated.api.types.len(),
        args.out.display(),
        cli_files.len(),
        cli_out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Where the CLI crate goes: beside the SDK's directory `out`
/// ([`seam_generator::emit::cli::cli_dir_name`]: `generated-sdk` -> `generated-cli`).
fn cli_dir(out: &Path) -> Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| format!("{} has no directory name", out.display()))?
        .to_string_lossy();
    Ok(out.with_file_name(seam_generator::emit::cli::cli_dir_name(&name)))
}

/// The CLI crate's files, for the SDK generated with `config` into `out`.
fn cli_files(
    api: &seam_generator::ir::Api,
    spec: &seam_generator::load::Spec,
    config: &Config,
    out: &Path,
) -> Result<Files> {
    let sdk = seam_generator::emit::Options {
        crate_name: config.crate_name.clone(),
        crate_version: config.crate_version.clone(),
        spec_name: config.spec_name.clone(),
        spec_sha256: spec.sha256.clone(),
    };
    let name = out
        .file_name()
        .with_context(|| format!("{} has no directory name", out.display()))?
        .to_string_lossy();
    Ok(seam_generator::generate_cli(
        api,
        &sdk,
        &name,
        config.rustfmt,
    )?)
}

/// The surface recorded in the crate at `out`, if any.
pub fn read_surface(out: &Path) -> Result<Option<Surface>> {
    let path = out.join(surface::FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => Surface::parse(&text)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Files that are missing, different, or present but no longer generated (the changelog,
/// which `codegen` keeps but does not generate, aside).
pub fn differences(out: &Path, files: &Files) -> Result<Vec<String>> {
    let mut stale = Vec::new();
    for (path, contents) in files {
        match std::fs::read(out.join(path)) {
            Ok(existing) if existing == contents.as_bytes() => {}
            Ok(_) => stale.push(format!("{path} (differs)")),
            Err(_) => stale.push(format!("{path} (missing)")),
        }
    }
    let expected: BTreeSet<&str> = files.keys().map(String::as_str).collect();
    for path in existing_files(out)? {
        if !expected.contains(path.as_str()) {
            stale.push(format!("{path} (not generated any more)"));
        }
    }
    Ok(stale)
}

/// Relative paths of the files under `dir`, skipping build output.
fn existing_files(dir: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    if !dir.exists() {
        return Ok(found);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in
            std::fs::read_dir(&current).with_context(|| format!("reading {}", current.display()))?
        {
            let entry = entry?;
            let path = entry.path();
            let name = entry.file_name();
            if name == "target" || name == "Cargo.lock" || name == crate::release::CHANGELOG {
                continue;
            }
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Writes the crate into a sibling directory, then swaps it in with renames, so that a
/// failure part-way leaves the old crate as it was.
pub fn write_atomically(out: &Path, files: &Files) -> Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let name = out
        .file_name()
        .with_context(|| format!("{} has no directory name", out.display()))?
        .to_string_lossy()
        .to_string();
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let backup = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| -> Result<()> {
        for (path, contents) in files {
            let target = staging.join(path);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            std::fs::write(&target, contents)
                .with_context(|| format!("writing {}", target.display()))?;
        }
        // Keep the old crate's build output, if any, so a regeneration does not force a rebuild.
        if out.join("target").is_dir() {
            std::fs::rename(out.join("target"), staging.join("target"))?;
        }
        if out.exists() {
            std::fs::rename(out, &backup)
                .with_context(|| format!("moving {} aside", out.display()))?;
        }
        if let Err(e) = std::fs::rename(&staging, out) {
            let _ = std::fs::rename(&backup, out);
            return Err(e).with_context(|| format!("moving the new crate to {}", out.display()));
        }
        Ok(())
    })();
    if result.is_err() {
        // The old crate's build output may already have moved into the staging directory.
        if staging.join("target").is_dir() && out.is_dir() && !out.join("target").exists() {
            let _ = std::fs::rename(staging.join("target"), out.join("target"));
        }
        let _ = std::fs::remove_dir_all(&staging);
    }
    let _ = std::fs::remove_dir_all(&backup);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(label: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "seam-xtask-{label}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("readable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_that_fails_part_way_leaves_the_old_crate() {
        let root = temp_dir("partial");
        let out = root.join("sdk");
        std::fs::create_dir_all(out.join("src")).expect("mkdir");
        std::fs::write(out.join("src/lib.rs"), "old").expect("write");
        // `a` is written as a file, then `a/b` needs `a` to be a directory: the write
        // fails after the first file.
        let files: Files = [("a", "x"), ("a/b", "y")]
            .into_iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect();
        assert!(write_atomically(&out, &files).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("src/lib.rs")).expect("old file"),
            "old"
        );
        assert_eq!(entries(&out), ["src"]);
        assert_eq!(entries(&root), ["sdk"], "no staging directory is left");
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_complete_write_replaces_the_crate_and_keeps_its_build_output() {
        let root = temp_dir("complete");
        let out = root.join("sdk");
        std::fs::create_dir_all(out.join("target")).expect("mkdir");
        std::fs::write(out.join("stale.rs"), "old").expect("write");
        std::fs::write(out.join("target/keep"), "built").expect("write");
        let files: Files = [("src/lib.rs", "new")]
            .into_iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect();
        write_atomically(&out, &files).expect("writes");
        assert_eq!(entries(&out), ["src", "target"]);
        assert_eq!(
            std::fs::read_to_string(out.join("src/lib.rs")).expect("new"),
            "new"
        );
        assert!(out.join("target/keep").exists());
        assert_eq!(entries(&root), ["sdk"]);
        assert!(differences(&out, &files).expect("compares").is_empty());
        let _ = std::fs::remove_dir_all(root);
    }
}
