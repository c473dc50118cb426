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
        // The lints go to stdout, progress and the summary to stderr.
        let report = String::from_utf8_lossy(&output.stdout).into_owned();
        let text = format!("{report}{}", String::from_utf8_lossy(&output.stderr));
        let findings = parse(&report);
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

/// The breaking change of ours that covers an item `cargo-semver-checks` names: one about
/// every type the item names (e.g. `field code of struct AcsCredential` -> `field
/// AcsCredential.code`, or the type removed; a request struct stands for its endpoint's
/// parameters) and about the member it names (`field X of`, `Type::setter`).
fn classed_breaking(diff: &Diff, old: &Surface, new: &Surface, item: &str) -> Option<String> {
    let item = item.split(", previously in file").next().unwrap_or(item);
    let item = item.split(" in /").next().unwrap_or(item);
    let words: Vec<&str> = item
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    // Request struct -> endpoint id, from the endpoint records of either side.
    let mut requests = std::collections::BTreeMap::new();
    for surface in [old, new] {
        for record in surface.iter().filter(|r| r.kind == "endpoint") {
            if let Some(request) = record.attributes.get(2) {
                requests.insert(request.to_string(), record.key.to_string());
            }
        }
    }
    let is_type = |w: &str| {
        let key = format!("type {w}");
        old.records.contains_key(&key) || new.records.contains_key(&key)
    };
    // `field code of struct X` or `X::code`: the member, unless it is `new`.
    let member = words
        .windows(2)
        .find(|w| w[0] == "field")
        .map(|w| w[1])
        .or_else(|| {
            let (path, rest) = item.rsplit_once("::")?;
            let owner = path.rsplit("::").next()?.rsplit(' ').next()?;
            (is_type(owner) || requests.contains_key(owner))
                .then(|| rest.split_whitespace().next().unwrap_or(rest))
        })
        .map(|m| m.trim_start_matches("r#"))
        .filter(|m| *m != "new" && !m.is_empty());
    let names_member = |subject: &str| member.is_none_or(|m| subject.ends_with(&format!(".{m}")));
    let about = |change: &&seam_generator::api_diff::Change, word: &str| -> bool {
        let subject = change.subject.as_str();
        if let Some(endpoint) = requests.get(word) {
            // The request struct: one of the endpoint's parameters, or the endpoint gone,
            // renamed or taking another request type.
            if subject == format!("endpoint {endpoint}") {
                return ["removed", "renamed", "request type"]
                    .iter()
                    .any(|w| change.what.starts_with(w));
            }
            return subject.starts_with(&format!("param {endpoint}.")) && names_member(subject);
        }
        if subject == format!("type {word}") {
            return true;
        }
        if subject.contains(&format!(" {word}.")) {
            return names_member(subject);
        }
        member.is_none() && change.what.contains(word)
    };
    let named: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| is_type(w) || requests.contains_key(*w))
        .collect();
    if named.is_empty() {
        return None;
    }
    diff.of(Class::Breaking)
        .find(|change| named.iter().all(|w| about(change, w)))
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

    #[test]
    fn a_request_struct_stands_for_its_endpoints_parameters() {
        let old = Surface::parse(
            "endpoint a.make: POST /a/make AMakeRequest -> ()\nparam a.make.card_format: string optional\nparam a.make.code: string optional\n",
        )
        .expect("surface");
        let mut new = old.clone();
        new.records.remove("param a.make.card_format");
        let diff = api_diff::diff(&old, &new);
        let setter = "AMakeRequest::card_format, previously in file /tmp/a.rs:265";
        let field = "field card_format of struct AMakeRequest, previously in file /tmp/a.rs:225";
        let other = "AMakeRequest::code, previously in file /tmp/a.rs:265";
        let count = "seam_sdk::a::AMakeRequest::new takes 1 parameters in /tmp/a.rs:1, but now takes 0 parameters in /tmp/b.rs:1";
        assert!(classed_breaking(&diff, &old, &new, setter).is_some());
        assert!(classed_breaking(&diff, &old, &new, field).is_some());
        assert!(classed_breaking(&diff, &old, &new, count).is_some());
        assert_eq!(classed_breaking(&diff, &old, &new, other), None);
        // A change to what the endpoint returns says nothing about its parameters.
        let mut returns = old.clone();
        returns.records.insert(
            "endpoint a.make".to_string(),
            "POST /a/make AMakeRequest -> Thing".to_string(),
        );
        let diff = api_diff::diff(&old, &returns);
        assert_eq!(classed_breaking(&diff, &old, &returns, setter), None);
        assert_eq!(classed_breaking(&diff, &old, &returns, count), None);
    }
}
