//! `cargo xtask api-diff OLD NEW [--prefix P]`: what changed between two versions of the
//! API, classed as `codegen` classes it. Each side is an OpenAPI document (JSON or YAML;
//! the paths under the prefix are analysed, nothing is emitted), a surface file
//! (`api-surface.txt`) or a generated crate's directory (its `api-surface.txt`).

use crate::codegen::{configured_prefix, workspace_root};
use anyhow::{bail, Context, Result};
use seam_generator::api_diff;
use seam_generator::surface::{self, Surface};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(args: &[String]) -> Result<ExitCode> {
    let mut prefix = None;
    let mut sides = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--prefix" => prefix = Some(iter.next().context("--prefix needs a value")?.clone()),
            other if other.starts_with("--") => bail!("unknown api-diff option `{other}`"),
            other => sides.push(PathBuf::from(other)),
        }
    }
    let [old, new] = &sides[..] else {
        bail!(
            "api-diff takes two paths, OLD and NEW (a spec, a surface file or a crate directory)"
        );
    };
    let prefix = match prefix {
        Some(prefix) => prefix,
        None => configured_prefix(&workspace_root())?.unwrap_or_else(|| "/acs/credentials".into()),
    };
    let old_surface = load(old, &prefix)?;
    let new_surface = load(new, &prefix)?;
    let diff = api_diff::diff(&old_surface, &new_surface);
    println!(
        "{} -> {} (paths under {prefix}):",
        old.display(),
        new.display()
    );
    print!("{}", diff.report());
    match diff.class() {
        Some(class) => println!("Release class: {class}."),
        None => println!("Release class: none."),
    }
    Ok(ExitCode::SUCCESS)
}

/// The surface of a spec, a surface file or a crate directory.
pub fn load(path: &Path, prefix: &str) -> Result<Surface> {
    let file = if path.is_dir() {
        path.join(surface::FILE_NAME)
    } else {
        path.to_path_buf()
    };
    let is_surface = file
        .file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(".txt"));
    if is_surface {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        return Surface::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()));
    }
    let spec = seam_generator::load::read_file(&file)
        .and_then(|source| source.select(prefix))
        .with_context(|| format!("reading {}", file.display()))?;
    Surface::from_spec(&spec, &file.display().to_string(), prefix)
        .with_context(|| format!("analysing {}", file.display()))
}
