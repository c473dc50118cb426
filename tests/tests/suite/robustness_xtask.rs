//! `cargo xtask` against temporary copies, never the real `generated-sdk/` or
//! `spec/openapi.json`: `codegen` exits non-zero on a bad spec without touching its output
//! directory; `codegen --check` (which `.ci/run` runs) fails when a generated file is edited
//! by hand and when the spec changes; `fetch-spec` replaces the spec atomically from a
//! loopback server serving a good document, and leaves it untouched when the server serves
//! a broken one, a non-OpenAPI one, a 500, or nothing at all.

use seam_sdk_tests::generated_crate::{fresh_temp_dir, spec_subset, workspace_root};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `cargo xtask <args>` (built on first use) in the workspace.
fn xtask(args: &[&str]) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .current_dir(workspace_root())
        .args(["run", "--quiet", "-p", "xtask", "--"])
        .args(args)
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .expect("cargo runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable");
                files.insert(path.strip_prefix(dir).expect("inside").to_path_buf(), bytes);
            }
        }
    }
    files
}

fn credentials_spec() -> Value {
    let bytes = std::fs::read(workspace_root().join("spec/openapi.json")).expect("spec readable");
    spec_subset(
        &serde_json::from_slice(&bytes).expect("JSON"),
        "/acs/credentials",
    )
}

/// A copy of the checked-in crate (without build output) in a fresh directory.
fn copy_of_generated_sdk() -> (PathBuf, PathBuf) {
    let root = fresh_temp_dir("seam-xtask");
    let out = root.join("generated-sdk");
    for (path, bytes) in snapshot(&workspace_root().join("generated-sdk")) {
        if path.starts_with("target") {
            continue;
        }
        let target = out.join(&path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, bytes).expect("write");
    }
    (root, out)
}

#[test]
fn ci_runs_the_drift_check() {
    let ci = std::fs::read_to_string(workspace_root().join(".ci/run")).expect(".ci/run readable");
    assert!(ci.contains("\ncargo xtask codegen --check\n"), "{ci}");
}

#[test]
fn codegen_refuses_a_bad_spec_without_touching_the_crate() {
    let (root, out) = copy_of_generated_sdk();
    let before = snapshot(&out);

    let mut bad = credentials_spec();
    bad["paths"]["/acs/credentials/create"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["properties"]["acs_user_id"] = json!({ "$ref": "#/components/schemas/nope" });
    let spec = root.join("bad.json");
    std::fs::write(&spec, serde_json::to_vec(&bad).expect("JSON")).expect("write");
    let output = xtask(&[
        "codegen",
        "--spec",
        path_arg(&spec),
        "--out",
        path_arg(&out),
    ]);
    assert!(!output.status.success(), "codegen accepted a bad spec");
    let message = stderr(&output);
    assert!(
        message.contains("#/paths/~1acs~1credentials~1create/post/requestBody/content/application~1json/schema/properties/acs_user_id: unresolvable $ref `#/components/schemas/nope`"),
        "{message}"
    );

    let missing = root.join("missing.json");
    let output = xtask(&[
        "codegen",
        "--spec",
        path_arg(&missing),
        "--out",
        path_arg(&out),
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("cannot read spec"),
        "{}",
        stderr(&output)
    );

    assert!(snapshot(&out) == before, "the crate was touched");
    let leftovers: Vec<_> = std::fs::read_dir(&root)
        .expect("readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn check_fails_on_hand_edits_and_on_spec_changes() {
    let root = fresh_temp_dir("seam-drift");
    let spec = root.join("openapi.json");
    let out = root.join("sdk");
    let mut doc = credentials_spec();
    std::fs::write(&spec, serde_json::to_vec_pretty(&doc).expect("JSON")).expect("write");
    let generate = xtask(&[
        "codegen",
        "--spec",
        path_arg(&spec),
        "--out",
        path_arg(&out),
    ]);
    assert!(generate.status.success(), "{}", stderr(&generate));
    let check = || {
        xtask(&[
            "codegen",
            "--check",
            "--spec",
            path_arg(&spec),
            "--out",
            path_arg(&out),
        ])
    };

    let clean = check();
    assert!(clean.status.success(), "{}", stderr(&clean));
    assert!(String::from_utf8_lossy(&clean.stdout).contains("is up to date"));

    // The CLI, written beside the SDK (`sdk` -> `sdk-cli`), is checked too.
    let cli_main = root.join("sdk-cli/src/main.rs");
    let original = std::fs::read_to_string(&cli_main).expect("the CLI beside the SDK");
    std::fs::write(&cli_main, format!("{original}\n// a hand edit\n")).expect("edit");
    let edited = check();
    assert!(!edited.status.success(), "--check passed a hand-edited CLI");
    assert!(
        stderr(&edited).contains("sdk-cli/src/main.rs (differs)"),
        "{}",
        stderr(&edited)
    );
    std::fs::write(&cli_main, original).expect("restore");

    // A generated file edited by hand.
    let lib = out.join("src/lib.rs");
    let original = std::fs::read_to_string(&lib).expect("lib.rs");
    std::fs::write(&lib, format!("{original}\n// a hand edit\n")).expect("edit");
    let edited = check();
    assert!(
        !edited.status.success(),
        "--check passed a hand-edited file"
    );
    assert!(
        stderr(&edited).contains("src/lib.rs (differs)"),
        "{}",
        stderr(&edited)
    );
    assert!(
        std::fs::read_to_string(&lib)
            .expect("lib.rs")
            .ends_with("// a hand edit\n"),
        "--check must not write"
    );
    std::fs::write(&lib, &original).expect("restore");

    // A file that is no longer generated.
    std::fs::write(out.join("src/stray.rs"), "// left over\n").expect("write");
    let stray = check();
    assert!(!stray.status.success());
    assert!(
        stderr(&stray).contains("src/stray.rs (not generated any more)"),
        "{}",
        stderr(&stray)
    );
    std::fs::remove_file(out.join("src/stray.rs")).expect("remove");
    assert!(check().status.success());

    // The spec changes.
    doc["paths"]["/acs/credentials/get"]["get"]["description"] = json!("Returns one credential.");
    std::fs::write(&spec, serde_json::to_vec_pretty(&doc).expect("JSON")).expect("write");
    let changed = check();
    assert!(!changed.status.success(), "--check passed a changed spec");
    assert!(
        stderr(&changed).contains("src/acs/credentials/mod.rs (differs)"),
        "{}",
        stderr(&changed)
    );
    let _ = std::fs::remove_dir_all(root);
}

/// A loopback HTTP server answering each path with a status and a body, for as long as the
/// test process lives. Returns its base URL.
fn serve(routes: Vec<(&'static str, u16, Vec<u8>)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                match reader.read_line(&mut header) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if header == "\r\n" || header == "\n" => break,
                    Ok(_) => {}
                }
            }
            let path = request_line.split_whitespace().nth(1).unwrap_or("/");
            let (status, body) = routes
                .iter()
                .find(|(p, _, _)| *p == path)
                .map(|(_, s, b)| (*s, b.clone()))
                .unwrap_or((404, b"not found".to_vec()));
            let reason = if status == 200 { "OK" } else { "Error" };
            let head = format!(
                "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://{address}")
}

fn sha256_hex(bytes: &[u8]) -> String {
    seam_generator::load::sha256_hex(bytes)
}

#[test]
fn fetch_spec_replaces_the_spec_atomically_or_not_at_all() {
    let good = serde_json::to_vec_pretty(&credentials_spec()).expect("JSON");
    let yaml = serde_yaml_ng::to_string(&credentials_spec()).expect("YAML");
    let swagger =
        serde_json::to_vec(&json!({ "swagger": "2.0", "info": {}, "paths": {} })).expect("JSON");
    let base = serve(vec![
        ("/good.json", 200, good.clone()),
        (
            "/broken.json",
            200,
            b"{ \"openapi\": \"3.0.0\", \"paths\": ".to_vec(),
        ),
        ("/swagger.json", 200, swagger),
        ("/error.json", 500, b"{\"error\":\"internal\"}".to_vec()),
        ("/spec.yaml", 200, yaml.into_bytes()),
    ]);
    let dir = fresh_temp_dir("seam-fetch");
    let out = dir.join("openapi.json");
    let lock = dir.join("openapi.lock");
    let fetch = |path: &str| {
        xtask(&[
            "fetch-spec",
            "--url",
            &format!("{base}{path}"),
            "--out",
            path_arg(&out),
        ])
    };

    // Failures leave the old spec and lock as they were, and no temporary files.
    std::fs::write(&out, "OLD SPEC").expect("write");
    std::fs::write(&lock, "OLD LOCK").expect("write");
    for (path, says) in [
        ("/broken.json", "not valid JSON"),
        ("/swagger.json", "Swagger"),
        ("/error.json", "HTTP 500"),
        ("/missing.json", "HTTP 404"),
    ] {
        let output = fetch(path);
        assert!(!output.status.success(), "{path} was accepted");
        assert!(
            stderr(&output).contains(says),
            "{path}: {}",
            stderr(&output)
        );
        assert_eq!(
            std::fs::read_to_string(&out).expect("spec"),
            "OLD SPEC",
            "{path}"
        );
        assert_eq!(
            std::fs::read_to_string(&lock).expect("lock"),
            "OLD LOCK",
            "{path}"
        );
    }
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed_url = format!(
        "http://{}/openapi.json",
        closed.local_addr().expect("address")
    );
    drop(closed);
    let output = xtask(&["fetch-spec", "--url", &closed_url, "--out", path_arg(&out)]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("downloading"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&out).expect("spec"), "OLD SPEC");

    // A good document replaces the spec byte for byte and is recorded.
    let output = fetch("/good.json");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        std::fs::read(&out).expect("spec") == good,
        "the spec is not what was served"
    );
    let recorded = std::fs::read_to_string(&lock).expect("lock");
    assert!(
        recorded.contains(&format!("url = \"{base}/good.json\"\n")),
        "{recorded}"
    );
    assert!(
        recorded.contains(&format!("sha256 = \"{}\"\n", sha256_hex(&good))),
        "{recorded}"
    );
    let canonical: Value = serde_json::from_slice(&good).expect("JSON");
    let canonical = sha256_hex(&serde_json::to_vec(&canonical).expect("JSON"));
    assert!(
        recorded.contains(&format!("canonical_sha256 = \"{canonical}\"\n")),
        "{recorded}"
    );
    let fetched = recorded
        .lines()
        .find_map(|l| l.strip_prefix("fetched = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("a fetched date");
    let shape: String = fetched
        .chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect();
    assert_eq!(shape, "0000-00-00T00:00:00Z", "{fetched}");

    // A YAML document is stored as JSON.
    let output = fetch("/spec.yaml");
    assert!(output.status.success(), "{}", stderr(&output));
    let stored: Value = serde_json::from_slice(&std::fs::read(&out).expect("spec")).expect("JSON");
    assert_eq!(stored, credentials_spec());

    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files left behind: {leftovers:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// `codegen` with a version file: the first run records the surface and a first changelog
/// entry; each later run bumps the version by the class of the API change and adds an
/// entry, and a run that changes nothing bumps nothing; `--check` never writes.
#[test]
fn codegen_bumps_the_version_by_the_class_of_the_change_once() {
    let root = fresh_temp_dir("seam-release");
    let spec = root.join("openapi.json");
    let out = root.join("sdk");
    let config = root.join("codegen.toml");
    std::fs::write(
        &config,
        "prefix = \"/acs/credentials\"\nversion = \"0.1.0\"\n",
    )
    .expect("write");
    let mut doc = credentials_spec();
    let write_spec = |doc: &Value| {
        std::fs::write(&spec, serde_json::to_vec_pretty(doc).expect("JSON")).expect("write")
    };
    let codegen = |check: bool| {
        let mut args = vec![
            "codegen",
            "--spec",
            path_arg(&spec),
            "--out",
            path_arg(&out),
        ];
        args.extend(["--config", path_arg(&config)]);
        if check {
            args.push("--check");
        }
        let output = xtask(&args);
        assert!(output.status.success() || check, "{}", stderr(&output));
        output
    };
    let version = || std::fs::read_to_string(&config).expect("config");
    let changelog = || std::fs::read_to_string(out.join("CHANGELOG.md")).expect("changelog");
    let stdout = |o: &Output| String::from_utf8_lossy(&o.stdout).into_owned();

    write_spec(&doc);
    let first = codegen(false);
    assert!(
        stdout(&first).contains("first recorded API surface"),
        "{}",
        stdout(&first)
    );
    assert!(version().contains("version = \"0.1.0\""));
    assert!(changelog().contains("## 0.1.0 ("));
    assert!(out.join("api-surface.txt").is_file());
    let again = codegen(false);
    assert!(
        stdout(&again).contains("No change to the public API."),
        "{}",
        stdout(&again)
    );
    assert!(version().contains("version = \"0.1.0\""));
    assert_eq!(changelog().matches("\n## ").count(), 1, "{}", changelog());

    // A new optional parameter: additive, a patch under 1.0; once.
    doc["paths"]["/acs/credentials/create"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["properties"]["note"] = json!({ "type": "string" });
    write_spec(&doc);
    let additive = codegen(false);
    assert!(
        stdout(&additive).contains(
            "Additive (1):\n  - param acs.credentials.create.note: added (string optional)"
        ),
        "{}",
        stdout(&additive)
    );
    assert!(version().contains("version = \"0.1.1\""), "{}", version());
    assert!(changelog().contains("## 0.1.1 ("), "{}", changelog());
    assert!(changelog().contains("### Additive\n\n- `param acs.credentials.create.note`: added"));
    assert!(std::fs::read_to_string(out.join("Cargo.toml"))
        .expect("Cargo.toml")
        .contains("version = \"0.1.1\""));
    codegen(false);
    assert!(
        version().contains("version = \"0.1.1\""),
        "bumped twice: {}",
        version()
    );
    assert!(codegen(true).status.success(), "the crate is fresh");

    // A removed response field: breaking, a minor under 1.0. `--check` fails and writes
    // nothing; `codegen` bumps.
    doc["components"]["schemas"]["acs_credential"]["properties"]
        .as_object_mut()
        .expect("properties")
        .remove("code");
    write_spec(&doc);
    assert!(!codegen(true).status.success());
    assert!(version().contains("version = \"0.1.1\""), "--check bumped");
    let breaking = codegen(false);
    assert!(
        stdout(&breaking).contains("Breaking (1):\n  - field AcsCredential.code: removed"),
        "{}",
        stdout(&breaking)
    );
    assert!(version().contains("version = \"0.2.0\""), "{}", version());
    let log = changelog();
    let (newest, older) = (
        log.find("## 0.2.0").expect("0.2.0"),
        log.find("## 0.1.1").expect("0.1.1"),
    );
    assert!(newest < older, "newest first: {log}");

    // Documentation alone: a patch.
    doc["paths"]["/acs/credentials/get"]["get"]["description"] = json!("Returns one credential.");
    doc["paths"]["/acs/credentials/get"]["post"]["description"] = json!("Returns one credential.");
    write_spec(&doc);
    let docs = codegen(false);
    assert!(
        stdout(&docs).contains("No change to the public API."),
        "{}",
        stdout(&docs)
    );
    assert!(version().contains("version = \"0.2.1\""), "{}", version());
    assert!(
        changelog().contains("generated files changed"),
        "{}",
        changelog()
    );
    codegen(false);
    assert!(
        version().contains("version = \"0.2.1\""),
        "bumped twice: {}",
        version()
    );
    let _ = std::fs::remove_dir_all(root);
}
