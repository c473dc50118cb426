//! Any part of the API, any published version of the document, becomes a crate that
//! compiles. Today's whole API (all 316 paths, all 44 component schemas) is generated
//! into a temporary crate, with its CLI crate beside it (one workspace, so the SDK
//! compiles once), and both must pass `cargo clippy -D warnings` and render their docs
//! without warnings with every feature on (`unstable`, and the SDK's `testing` mock
//! client), and so must the `/acs` part (SDK only); the whole API of three
//! older versions of the document (`tests/fixtures/specs/`, see its README) must pass
//! `cargo check`.
//!
//! The crates build in `target/generated-crates` (see `seam_sdk_tests::generated_crate`),
//! so their dependencies compile once; on 2 cores the four crates take about 3 minutes
//! after that (today's whole API about one).

use seam_generator::ir::{Home, Response};
use seam_sdk_tests::generated_crate::{
    generate_into_temp, generate_with_cli, workspace_root, GeneratedCrate,
};
use serde_json::Value;
use std::path::Path;

fn component_schemas(spec: &Path) -> Vec<String> {
    let doc: Value =
        serde_json::from_slice(&std::fs::read(spec).expect("spec readable")).expect("spec is JSON");
    doc["components"]["schemas"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Generates the whole API of `spec` (and, with `cli`, its CLI beside it in one
/// workspace), checks that every path became an endpoint and every component schema a
/// model, and runs `cargo <args>` on it.
fn whole_api_builds(
    spec: &Path,
    paths: usize,
    schemas: usize,
    cli: bool,
    cargo: &[&str],
) -> GeneratedCrate {
    let name = spec
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec")
        .replace('.', "-");
    let krate = if cli {
        generate_with_cli("/", &format!("seam-{name}"), spec)
    } else {
        generate_into_temp("/", &format!("seam-{name}"), spec)
    };
    let generated = krate.generated();
    assert_eq!(
        generated.api.endpoints.len(),
        paths,
        "one endpoint per path"
    );
    let components = component_schemas(spec);
    assert_eq!(components.len(), schemas);
    for component in &components {
        let pointer = format!("#/components/schemas/{}", component.replace('/', "~1"));
        assert!(
            generated.api.types.values().any(|t| t.pointer == pointer
                && matches!(&t.home, Home::Model { component: c } if c == component)),
            "component schema `{component}` did not become a model"
        );
    }
    krate.cargo_ok(cargo);
    krate
}

#[test]
fn todays_whole_api_and_its_cli_pass_clippy_and_render_docs() {
    let spec = workspace_root().join("spec/openapi.json");
    let krate = whole_api_builds(
        &spec,
        316,
        44,
        true,
        &[
            "clippy",
            "--workspace",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
    );
    krate.cargo_ok_with_env(
        &["doc", "--no-deps", "--workspace", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
}

/// `--prefix /acs`: every access-control path (credentials, users, systems, entrances,
/// ...), and nothing outside it.
#[test]
fn the_acs_prefix_passes_clippy_and_renders_docs() {
    let spec = workspace_root().join("spec/openapi.json");
    let krate = generate_into_temp("/acs", "seam-acs", &spec);
    let endpoints = &krate.generated().api.endpoints;
    let doc: Value =
        serde_json::from_slice(&std::fs::read(&spec).expect("spec readable")).expect("JSON");
    let acs_paths = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .filter(|p| p.as_str() == "/acs" || p.starts_with("/acs/"))
        .count();
    assert!(acs_paths > 11, "{acs_paths} /acs paths");
    assert_eq!(endpoints.len(), acs_paths, "one endpoint per /acs path");
    assert!(endpoints.iter().all(|e| e.path.starts_with("/acs/")));
    krate.cargo_ok(&["clippy", "--features", "unstable", "--", "-D", "warnings"]);
    krate.docs_render_without_warnings();
}

fn fixture(version: &str) -> std::path::PathBuf {
    workspace_root().join(format!(
        "tests/fixtures/specs/seam-connect-openapi-{version}.json"
    ))
}

#[test]
fn version_1_71_0_compiles() {
    whole_api_builds(
        &fixture("1.71.0"),
        121,
        20,
        false,
        &["check", "--features", "unstable"],
    );
}

#[test]
fn version_1_344_3_compiles() {
    whole_api_builds(
        &fixture("1.344.3"),
        155,
        30,
        false,
        &["check", "--features", "unstable"],
    );
}

#[test]
fn version_1_622_0_compiles() {
    whole_api_builds(
        &fixture("1.622.0"),
        246,
        41,
        false,
        &["check", "--features", "unstable"],
    );
}

/// 1.71.0 names no `x-response-key`; its `x-fern-sdk-return-value` says which property of
/// the envelope is the payload (`access_code`, not the `action_attempt` next to it).
#[test]
fn version_1_71_0_payloads_come_from_x_fern_sdk_return_value() {
    let spec = fixture("1.71.0");
    let config = seam_generator::Config {
        prefix: "/".to_string(),
        rustfmt: false,
        ..seam_generator::Config::default()
    };
    let generated = seam_generator::generate_file(&spec, &config).expect("1.71.0 generates");
    let doc: Value =
        serde_json::from_slice(&std::fs::read(&spec).expect("readable")).expect("JSON");
    let mut checked = 0;
    for endpoint in &generated.api.endpoints {
        let operation = doc
            .pointer(&endpoint.pointer[1..])
            .expect("the endpoint's pointer resolves");
        let post = doc["paths"][&endpoint.path]["post"].clone();
        let Some(Value::String(key)) = operation
            .get("x-fern-sdk-return-value")
            .or_else(|| post.get("x-fern-sdk-return-value"))
        else {
            continue;
        };
        let payload_key = match &endpoint.response {
            Response::Payload { key, .. } | Response::Page { key, .. } => key,
            Response::Empty => panic!("{} returns nothing, not `{key}`", endpoint.path),
        };
        assert_eq!(payload_key, key, "{}", endpoint.path);
        checked += 1;
    }
    assert!(
        checked >= 50,
        "only {checked} endpoints name a return value"
    );
    let create = generated
        .api
        .endpoints
        .iter()
        .find(|e| e.path == "/access_codes/create")
        .expect("access_codes.create");
    assert!(matches!(&create.response, Response::Payload { key, .. } if key == "access_code"));
}
