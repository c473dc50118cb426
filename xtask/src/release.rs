//! The version follows the API: after `cargo xtask codegen` has compared the new surface
//! with the one it replaces, the crate version in `spec/codegen.toml` is bumped by the
//! class of the change (`seam_generator::api_diff::bump`) and `CHANGELOG.md` of the
//! generated crate gets an entry. Nothing changed, nothing bumped: running `codegen` twice
//! bumps once. `codegen --check` never gets here.

use anyhow::{Context, Result};
use seam_generator::api_diff::{self, Class, Diff};
use std::path::Path;

/// The changelog, in the generated crate's directory (kept by `codegen`, not generated).
pub const CHANGELOG: &str = "CHANGELOG.md";

/// What a regeneration releases.
#[derive(Debug, PartialEq, Eq)]
pub struct Release {
    /// The version after this run (the same as before for a first recorded surface).
    pub version: String,
    /// The text of the changelog entry when the diff lists no change.
    pub note: String,
    /// One line for the terminal.
    pub summary: String,
}

/// The release after a regeneration from `version`: `had_surface` says whether there was a
/// surface to compare with, `diff` is the comparison and `changed_files` the generated
/// files that differ otherwise (documentation, or a change of the generator that the
/// surface does not record: the maintainer reads their diff and may raise the version). `None` when nothing changed.
pub fn plan(
    version: &str,
    had_surface: bool,
    diff: Option<&Diff>,
    changed_files: &[String],
) -> Result<Option<Release>> {
    if !had_surface {
        return Ok(Some(Release {
            version: version.to_string(),
            note: "The first version with a recorded API surface (`api-surface.txt`).".to_string(),
            summary: format!("version {version}: first recorded API surface"),
        }));
    }
    let class = match diff.and_then(Diff::class) {
        Some(class) => class,
        None if !changed_files.is_empty() => Class::DocumentationOnly,
        None => return Ok(None),
    };
    let next = api_diff::bump(version, class).map_err(anyhow::Error::msg)?;
    let note = format!(
        "No change to the recorded API surface; generated files changed ({}).",
        changed_files
            .iter()
            .map(|f| format!("`{}`", f.split(" (").next().unwrap_or(f)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(Some(Release {
        summary: format!(
            "{class} release: version {version} -> {next} (spec/codegen.toml, {CHANGELOG})"
        ),
        version: next,
        note,
    }))
}

/// Writes `version = "<version>"` into the configuration file at `path` (replacing the
/// line, or adding one), leaving the file untouched when it already says so.
pub fn set_version(path: &Path, version: &str) -> Result<()> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let line = format!("version = \"{version}\"");
    let mut found = false;
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| {
            let is_version = l
                .trim_start()
                .strip_prefix("version")
                .is_some_and(|rest| rest.trim_start().starts_with('='));
            if is_version {
                found = true;
                line.clone()
            } else {
                l.to_string()
            }
        })
        .collect();
    if !found {
        lines.push(line);
    }
    let updated = lines.join("\n") + "\n";
    if updated != text {
        std::fs::write(path, updated).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Today's date (UTC) as `YYYY-MM-DD`; `SOURCE_DATE_EPOCH` (seconds) overrides the clock.
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let (y, m, d) = crate::dates::civil_from_days(seconds.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use seam_generator::surface::Surface;

    fn diff(old: &str, new: &str) -> Diff {
        let parse = |t: &str| Surface::parse(t).expect("surface");
        api_diff::diff(&parse(old), &parse(new))
    }

    #[test]
    fn no_change_no_release() {
        let same = diff("type A: struct model\n", "type A: struct model\n");
        assert_eq!(plan("0.1.0", true, Some(&same), &[]).expect("plan"), None);
    }

    #[test]
    fn the_class_decides_the_version() {
        let breaking = diff("type A: struct model\n", "");
        let release = plan("0.1.0", true, Some(&breaking), &[])
            .expect("plan")
            .expect("release");
        assert_eq!(release.version, "0.2.0");
        let additive = diff("", "type A: struct model\n");
        let release = plan("0.2.0", true, Some(&additive), &[])
            .expect("plan")
            .expect("release");
        assert_eq!(release.version, "0.2.1");
        let same = diff("", "");
        let docs = ["src/lib.rs (differs)".to_string()];
        let release = plan("0.2.1", true, Some(&same), &docs)
            .expect("plan")
            .expect("release");
        assert_eq!(release.version, "0.2.2");
        assert!(release.note.contains("`src/lib.rs`"), "{}", release.note);
    }

    #[test]
    fn a_first_surface_keeps_the_version() {
        let release = plan("0.1.0", false, None, &[])
            .expect("plan")
            .expect("release");
        assert_eq!(release.version, "0.1.0");
    }

    #[test]
    fn set_version_replaces_or_adds_the_line() {
        let root = std::env::temp_dir().join(format!("seam-xtask-release-{}", std::process::id()));
        std::fs::create_dir_all(root.join("spec")).expect("mkdir");
        let path = root.join("spec/codegen.toml");
        std::fs::write(&path, "# c\nprefix = \"/x\"\n").expect("write");
        set_version(&path, "0.1.0").expect("adds");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "# c\nprefix = \"/x\"\nversion = \"0.1.0\"\n"
        );
        set_version(&path, "0.2.0").expect("replaces");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "# c\nprefix = \"/x\"\nversion = \"0.2.0\"\n"
        );
        let _ = std::fs::remove_dir_all(root);
    }
}
