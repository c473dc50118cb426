//! `cargo xtask semver-cross-check [--keep DIR]`: do our classes agree with
//! `cargo-semver-checks`? The `/acs/credentials` crate is generated from each committed
//! fixture spec (`tests/fixtures/specs/`) and today's, and for each consecutive pair
//! `cargo semver-checks check-release` compares the two crates (default features: the
//! `unstable` feature aside, as our classes set it aside). Every item it reports in a
//! failed lint (a change it finds breaking) must belong to a change `api-diff` classes as
//! breaking; its warnings are listed for reading. Each pair builds both crates' rustdoc
//! (a few minutes each on 2 cores), so this is not part of the test command.

use crate::codegen::{workspace_root, write_atomically};
use anyhow::{bail, Context, Result};
use seam_generator::api_diff::{self, Class, Diff};
use seam_generator::surface::{self, Surface};
use seam_generator::Config;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const PREFIX: &str = "/acs/credentials";
const FIXTURES: [&str; 3] = ["1.71.0", "1.344.3", "1.622.0"];

/// One lint `cargo-semver-checks` reported, with the items it names.
#[derive(Debug, PartialEq, Eq)]
pub struct Finding {
    /// `failure` (semver needs a bigger bump) or `warning`.
    pub level: String,
    pub lint: String,
    pub items: Vec<String>,
}

pub fn run(args: &[String]) -> Result<ExitCode> {
    let mut keep = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--keep" => keep = Some(PathBuf::from(iter.next().context("--keep needs a value")?)),
            other => bail!("unknown semver-cross-check option `{other}`"),
        }
    }
    let available = Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        bail!("cargo-semver-checks is not installed: `cargo install cargo-semver-checks --locked`");
    }
    let root = workspace_root();
    let dir = keep.unwrap_or_else(|| std::env::temp_dir().join("seam-semver-cross-check"));
    let mut versions: Vec<(String, PathBuf)> = FIXTURES
        .iter()
        .map(|v| {
            (
                v.to_string(),
                root.join(format!(
                    "tests/fixtures/specs/seam-connect-openapi-{v}.json"
                )),
            )
        })
        .collect();
    versions.push(("today".to_string(), root.join("spec/openapi.json")));

    let mut crates = Vec::new();
    for (label, spec) in &versions {
        let out = dir.join(label);
        let surface = generate(spec, &out)?;
        crates.push((label.clone(), out, surface));
    }

    let mut disagreements = 0;
    for pair in crates.windows(2) {
        let [(old_label, old_dir, old_surface), (new_label, new_dir, new_surface)] = pair else {
            continue;
        };
        let diff = api_diff::diff(old_surface, new_surface);
        println!("== {old_label} -> {new_label} (paths under {PREFIX})");
        println!(
            "api-diff: {} breaking, {} additive, {} documentation-only; release class {}",
            diff.of(Class::Breaking).count(),
            diff.of(Class::Additive).count(),
            diff.of(Class::DocumentationOnly).count(),
            diff.class().map_or("none", Class::label)
        );
        let output = Command::new("cargo")
            .args(["semver-checks", "check-release", "--manifest-path"])
            .arg(new_dir.join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(old_dir)
            .current_dir(new_dir)
            .env("CARGO_TERM_COLOR", "never")
            .output()
            .context("running cargo semver-checks")?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let findings = parse(&text);
        if findings.is_empty() && !output.status.success() {
            bail!("cargo semver-checks failed on {new_label}:\n{text}");
        }
        if let Some(summary) = text.lines().find(|l| l.trim_start().starts_with("Summary")) {
            println!("cargo-semver-checks: {}", summary.trim());
        }
        for finding in &findings {
            println!("  {} {}:", finding.level, finding.lint);
            for item in &finding.items {
                let ours = classed_breaking(&diff, old_surface, new_surface, item);
                match (&ours, finding.level.as_str()) {
                    (Some(change), _) => println!("    {item}\n      ours: breaking {change}"),
                    (None, "failure") => {
                        disagreements += 1;
                        println!("    {item}\n      ours: NOT classed breaking");
                    }
                    (None, _) => println!("    {item}\n      ours: not breaking (a warning there)"),
                }
            }
        }
    }
    if disagreements > 0 {
        eprintln!("{disagreements} item(s) cargo-semver-checks finds breaking are not breaking in our classes");
        return Ok(ExitCode::FAILURE);
    }
    println!("every change cargo-semver-checks finds breaking is classed breaking by api-diff");
    Ok(ExitCode::SUCCESS)
}

/// Generates the `/acs/credentials` crate of `spec` into `out`; returns its surface.
fn generate(spec: &Path, out: &Path) -> Result<Surface> {
    let config = Config {
        prefix: PREFIX.to_string(),
        spec_name: spec
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        ..Config::default()
    };
    let source = seam_generator::load::read_file(spec)
        .and_then(|s| s.select(PREFIX))
        .with_context(|| format!("reading {}", spec.display()))?;
    let generated = seam_generator::generate_from(&source, &config)
        .with_context(|| format!("generating from {}", spec.display()))?;
    let surface = Surface::of(
        &generated.api,
        surface::header(&config.spec_name, PREFIX, &source.sha256),
    );
    let mut files = generated.files;
    files.insert(surface::FILE_NAME.to_string(), surface.render());
    write_atomically(out, &files)?;
    Ok(surface)
}

/// The lints in `cargo semver-checks` output: `--- failure NAME: ... ---` (or `warning`),
/// and the lines under its `Failed in:`.
pub fn parse(text: &str) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    let mut in_items = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("--- ") {
            let mut words = rest.split_whitespace();
            let level = words.next().unwrap_or_default().to_string();
            let lint = words
                .next()
                .unwrap_or_default()
                .trim_end_matches(':')
                .to_string();
            findings.push(Finding {
                level,
                lint,
                items: Vec::new(),
            });
            in_items = false;
        } else if line.trim() == "Failed in:" {
            in_items = true;
        } else if line.trim().is_empty() {
            in_items = false;
        } else if in_items {
            if let Some(finding) = findings.last_mut() {
                finding.items.push(line.trim().to_string());
            }
        }
    }
    findings
}

/// The breaking change of ours that covers an item `cargo-semver-checks` names: one whose
/// subject names every type the item names (e.g. `field code of struct AcsCredential` ->
/// `field AcsCredential.code`, or the type itself removed).
fn classed_breaking(diff: &Diff, old: &Surface, new: &Surface, item: &str) -> Option<String> {
    let item = item.split(", previously in file").next().unwrap_or(item);
    let item = item.split(", in /").next().unwrap_or(item);
    let words: Vec<&str> = item
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let is_type = |w: &&str| {
        let key = format!("type {w}");
        old.records.contains_key(&key) || new.records.contains_key(&key)
    };
    let types: Vec<&str> = words.iter().copied().filter(|w| is_type(w)).collect();
    // `field code of struct X`: the field's name.
    let field = words
        .windows(2)
        .find(|w| w[0] == "field")
        .map(|w| w[1].trim_start_matches("r#"));
    diff.of(Class::Breaking)
        .find(|change| {
            let subject = change.subject.as_str();
            let names_types = !types.is_empty()
                && types.iter().all(|t| {
                    subject == format!("type {t}")
                        || subject.contains(&format!(" {t}."))
                        || change.what.contains(t)
                });
            let names_field = field.is_none_or(|f| {
                subject.ends_with(&format!(".{f}")) || subject.starts_with("type ")
            });
            names_types && names_field
        })
        .map(ToString::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\
     Checked [   0.098s] 202 checks: 200 pass, 1 fail, 1 warn, 58 skip

--- failure struct_pub_field_missing: pub struct's pub field removed or renamed ---

Description:
A publicly-visible struct has at least one public field that is no longer available.

Failed in:
  field ext_door_id of struct AcsEntranceSaltoSpaceMetadata, previously in file /tmp/a.rs:282

--- warning partial_ord_enum_variants_reordered: enum variants reordered ---

Failed in:
  AcsCredentialAccessMethod::Unknown moved from position 4 to 5, in /tmp/b.rs:130
";

    #[test]
    fn parses_failures_and_warnings_with_their_items() {
        let findings = parse(OUTPUT);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].level, "failure");
        assert_eq!(findings[0].lint, "struct_pub_field_missing");
        assert_eq!(
            findings[0].items,
            ["field ext_door_id of struct AcsEntranceSaltoSpaceMetadata, previously in file /tmp/a.rs:282"]
        );
        assert_eq!(findings[1].level, "warning");
        assert_eq!(findings[1].items.len(), 1);
    }

    #[test]
    fn matches_an_item_to_our_breaking_change() {
        let old = Surface::parse(
            "type AcsEntranceSaltoSpaceMetadata: struct model\nfield AcsEntranceSaltoSpaceMetadata.ext_door_id: string optional\nfield AcsEntranceSaltoSpaceMetadata.other: string optional\n",
        )
        .expect("surface");
        let mut new = old.clone();
        new.records
            .remove("field AcsEntranceSaltoSpaceMetadata.other");
        let item = "field ext_door_id of struct AcsEntranceSaltoSpaceMetadata, previously in file /tmp/a.rs:282";
        assert_eq!(
            classed_breaking(&api_diff::diff(&old, &new), &old, &new, item),
            None
        );
        new.records
            .remove("field AcsEntranceSaltoSpaceMetadata.ext_door_id");
        assert!(classed_breaking(&api_diff::diff(&old, &new), &old, &new, item).is_some());
    }
}
