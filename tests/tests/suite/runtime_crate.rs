//! The runtime crate (`runtime/`) and the generated crates it is copied into: the same
//! files, the same dependencies, and nothing in the runtime that names a crate.

use seam_generator::{generate_file, Config};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `key = value` lines of `manifest`'s `[table]`, by key, with their spacing
/// normalized. Fails on an entry that spans lines, which this comparison cannot read.
fn table(manifest: &str, table: &str) -> BTreeMap<String, String> {
    let header = format!("[{table}]");
    manifest
        .lines()
        .map(str::trim)
        .skip_while(|line| *line != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (key, value) = line
                .split_once('=')
                .unwrap_or_else(|| panic!("not a one-line `key = value`: {line}"));
            let value: String = value.split_whitespace().collect::<Vec<_>>().join(" ");
            (key.trim().to_owned(), value)
        })
        .collect()
}

fn edition(manifest: &str) -> Option<&str> {
    manifest
        .lines()
        .find_map(|line| line.trim().strip_prefix("edition = "))
}

#[test]
fn generated_crates_get_the_runtime_crates_dependencies_and_edition() {
    let runtime = read(&root().join("runtime/Cargo.toml"));
    let dependencies = table(&runtime, "dependencies");
    for name in ["reqwest", "serde", "serde_json", "thiserror", "tokio"] {
        assert!(
            dependencies.contains_key(name),
            "runtime/Cargo.toml lacks {name}"
        );
    }
    // A generated crate builds anywhere: no dependency may point into this workspace.
    for (name, spec) in &dependencies {
        assert!(
            !spec.contains("workspace") && !spec.contains("path"),
            "runtime/Cargo.toml: {name} = {spec} cannot be copied into a generated crate"
        );
    }
    assert_eq!(edition(&runtime), Some(r#""2021""#));

    let checked_in = read(&root().join("generated-sdk/Cargo.toml"));
    let config = Config {
        crate_name: "my-seam".into(),
        rustfmt: false,
        ..Config::default()
    };
    let other = generate_file(&root().join("spec/openapi.json"), &config)
        .expect("the checked-in spec generates");
    for (what, manifest) in [
        ("generated-sdk/Cargo.toml", checked_in.as_str()),
        ("a crate named my-seam", other.files["Cargo.toml"].as_str()),
    ] {
        assert_eq!(table(manifest, "dependencies"), dependencies, "{what}");
        // The runtime's features (`testing`) beside the generator's own (`unstable`).
        let mut features = table(&runtime, "features");
        features.insert("unstable".into(), "[]".into());
        assert_eq!(table(manifest, "features"), features, "{what}");
        assert_eq!(edition(manifest), edition(&runtime), "{what}");
    }
}

#[test]
fn every_runtime_source_file_is_copied() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("runtime/src/runtime"))
        .expect("runtime/src/runtime is readable")
        .map(|entry| entry.expect("a directory entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut copied: Vec<String> = seam_generator::emit::RUNTIME_FILES
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    copied.sort();
    assert_eq!(copied, on_disk);
    for (name, source) in seam_generator::emit::RUNTIME_FILES {
        let path = root().join("runtime/src/runtime").join(name);
        assert_eq!(
            *source,
            read(&path),
            "{name}: the generator embeds a stale copy"
        );
    }
}

/// The files are copied verbatim into crates of any name, so nothing in them (doc
/// examples included) may name a crate; examples live in the generated `lib.rs`.
#[test]
fn the_runtime_names_no_crate() {
    for (name, source) in seam_generator::emit::RUNTIME_FILES {
        for crate_name in ["seam_sdk", "seam_runtime"] {
            assert!(
                !source.contains(crate_name),
                "runtime/src/runtime/{name} names `{crate_name}`"
            );
        }
    }
}
