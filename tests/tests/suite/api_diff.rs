//! The API diff `cargo xtask codegen` prints and `cargo xtask api-diff` computes
//! (`seam_generator::surface`, `seam_generator::api_diff`), on real documents: between
//! consecutive committed fixture versions of Seam's spec and today's
//! (`tests/fixtures/specs/`, `spec/openapi.json`), restricted to `/acs/credentials` so
//! that each report is readable (snapshots in `snapshots/api_diff/`), and on today's spec
//! edited in one construct at a time, with the class of each change asserted.
//! `cargo xtask semver-cross-check` compares the fixture pairs' classes with
//! `cargo-semver-checks` (too slow for this test command).

use seam_generator::api_diff::{self, Class, Diff};
use seam_generator::surface::Surface;
use seam_sdk_tests::generated_crate::workspace_root;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const PREFIX: &str = "/acs/credentials";

fn surface_of_file(path: &Path) -> Surface {
    let spec = seam_generator::load::read_file(path)
        .and_then(|s| s.select(PREFIX))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().expect("a file").to_string_lossy();
    Surface::from_spec(&spec, &name, PREFIX).expect("the spec analyses")
}

fn surface_of_value(doc: &Value) -> Surface {
    let bytes = serde_json::to_vec(doc).expect("JSON");
    let spec = seam_generator::load::read_as(&bytes, seam_generator::load::Syntax::Json)
        .and_then(|s| s.select(PREFIX))
        .expect("the edited spec loads");
    Surface::from_spec(&spec, "edited", PREFIX).expect("the edited spec analyses")
}

fn fixture(version: &str) -> PathBuf {
    workspace_root().join(format!(
        "tests/fixtures/specs/seam-connect-openapi-{version}.json"
    ))
}

fn todays_spec() -> PathBuf {
    workspace_root().join("spec/openapi.json")
}

fn assert_report_snapshot(name: &str, old: &Path, new: &Path) -> Diff {
    let diff = api_diff::diff(&surface_of_file(old), &surface_of_file(new));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite/snapshots/api_diff"),
    );
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, diff.report()));
    diff
}

fn count(diff: &Diff, class: Class) -> usize {
    diff.of(class).count()
}

#[test]
fn from_1_71_0_to_1_344_3() {
    // The payload types were renamed (inline per endpoint before, one shared model after),
    // `create` lost parameters and `update.code` became optional: breaking.
    let diff = assert_report_snapshot("1.71.0-to-1.344.3", &fixture("1.71.0"), &fixture("1.344.3"));
    assert_eq!(diff.class(), Some(Class::Breaking));
    assert_eq!(count(&diff, Class::Breaking), 22);
}

#[test]
fn from_1_344_3_to_1_622_0() {
    let diff = assert_report_snapshot(
        "1.344.3-to-1.622.0",
        &fixture("1.344.3"),
        &fixture("1.622.0"),
    );
    assert_eq!(diff.class(), Some(Class::Breaking));
}

#[test]
fn from_1_622_0_to_today() {
    let diff = assert_report_snapshot("1.622.0-to-today", &fixture("1.622.0"), &todays_spec());
    assert_eq!(diff.class(), Some(Class::Breaking));
}

#[test]
fn a_spec_against_itself_is_no_change() {
    let today = surface_of_file(&todays_spec());
    let diff = api_diff::diff(&today, &today);
    assert!(diff.is_empty());
    assert_eq!(diff.class(), None);
}

/// Today's spec as JSON.
fn today() -> Value {
    serde_json::from_slice(&std::fs::read(todays_spec()).expect("spec readable")).expect("JSON")
}

/// The changes `edit` makes to today's spec, as `class subject: what`.
fn changes_after(edit: impl FnOnce(&mut Value)) -> (Vec<String>, Option<Class>) {
    let old = today();
    let mut new = old.clone();
    edit(&mut new);
    let diff = api_diff::diff(&surface_of_value(&old), &surface_of_value(&new));
    let changes = diff
        .changes
        .iter()
        .map(|c| format!("{} {c}", c.class))
        .collect();
    (changes, diff.class())
}

fn credential(doc: &mut Value) -> &mut Value {
    &mut doc["components"]["schemas"]["acs_credential"]
}

fn create_body(doc: &mut Value) -> &mut Value {
    &mut doc["paths"]["/acs/credentials/create"]["post"]["requestBody"]["content"]
        ["application/json"]["schema"]
}

#[test]
fn removing_a_response_field_is_breaking() {
    let (changes, class) = changes_after(|doc| {
        let model = credential(doc);
        model["properties"]
            .as_object_mut()
            .expect("properties")
            .remove("code");
    });
    assert_eq!(
        changes,
        ["breaking field AcsCredential.code: removed (was string optional nullable)"]
    );
    assert_eq!(class, Some(Class::Breaking));
}

#[test]
fn adding_an_optional_request_parameter_is_additive() {
    let (changes, class) = changes_after(|doc| {
        create_body(doc)["properties"]["note"] = json!({ "type": "string" });
    });
    assert_eq!(
        changes,
        ["additive param acs.credentials.create.note: added (string optional)"]
    );
    assert_eq!(class, Some(Class::Additive));
}

#[test]
fn making_an_optional_parameter_required_is_breaking() {
    let (changes, class) = changes_after(|doc| {
        create_body(doc)["required"]
            .as_array_mut()
            .expect("required")
            .push(json!("code"));
    });
    assert_eq!(
        changes,
        ["breaking param acs.credentials.create.code: string required (was string optional)"]
    );
    assert_eq!(class, Some(Class::Breaking));
}

#[test]
fn a_string_becoming_a_date_time_is_breaking() {
    // `String` -> `Timestamp`: a field's Rust type and a setter's argument change.
    let (changes, class) = changes_after(|doc| {
        create_body(doc)["properties"]["code"]["format"] = json!("date-time");
    });
    assert_eq!(
        changes,
        ["breaking param acs.credentials.create.code: timestamp optional (was string optional)"]
    );
    assert_eq!(class, Some(Class::Breaking));
}

/// Every enum in `doc` with exactly `values`, e.g. the access methods, which the
/// credential, the unmanaged credential and `create`'s body share (as one Rust type).
fn enums_with<'a>(doc: &'a mut Value, values: &Value, found: &mut Vec<&'a mut Value>) {
    match doc {
        Value::Object(map) if map.get("enum") == Some(values) => found.push(doc),
        Value::Object(map) => map.values_mut().for_each(|v| enums_with(v, values, found)),
        Value::Array(items) => items.iter_mut().for_each(|v| enums_with(v, values, found)),
        _ => {}
    }
}

#[test]
fn adding_an_enum_value_is_additive() {
    let (changes, class) = changes_after(|doc| {
        let values = json!(["code", "card", "mobile_key", "cloud_key"]);
        let mut found = Vec::new();
        enums_with(doc, &values, &mut found);
        assert!(found.len() >= 3, "the access methods are shared");
        for schema in found {
            schema["enum"]
                .as_array_mut()
                .expect("enum")
                .push(json!("bluetooth_key"));
        }
    });
    assert_eq!(
        changes,
        ["additive value AcsCredentialAccessMethod.bluetooth_key: added"]
    );
    assert_eq!(class, Some(Class::Additive));
}

#[test]
fn adding_a_value_to_one_of_the_shared_enums_splits_the_type_and_is_breaking() {
    // The generator shares one Rust enum among identical enums; once one differs, the
    // others get types of their own, and fields and parameters change type.
    let (changes, class) = changes_after(|doc| {
        credential(doc)["properties"]["access_method"]["enum"]
            .as_array_mut()
            .expect("enum")
            .push(json!("bluetooth_key"));
    });
    assert_eq!(
        changes,
        [
            "breaking field UnmanagedAcsCredential.access_method: UnmanagedAcsCredentialAccessMethod required (was AcsCredentialAccessMethod required)",
            "breaking param acs.credentials.create.access_method: AcsCredentialsCreateAccessMethod required (was AcsCredentialAccessMethod required)",
            "additive type AcsCredentialsCreateAccessMethod: added (enum request open)",
            "additive type UnmanagedAcsCredentialAccessMethod: added (enum model open)",
            "additive value AcsCredentialAccessMethod.bluetooth_key: added",
        ]
    );
    assert_eq!(class, Some(Class::Breaking));
}

#[test]
fn adding_a_union_variant_is_additive() {
    let (changes, class) = changes_after(|doc| {
        let variants = credential(doc)["properties"]["warnings"]["items"]["oneOf"]
            .as_array_mut()
            .expect("oneOf");
        let mut variant = variants[0].clone();
        variant["properties"]["warning_code"]["enum"] = json!(["battery_low"]);
        variants.push(variant);
    });
    assert_eq!(
        changes,
        [
            "additive type AcsCredentialWarningBatteryLow: added (struct model)",
            "additive variant AcsCredentialWarning.battery_low: added (AcsCredentialWarningBatteryLow)",
        ]
    );
    assert_eq!(class, Some(Class::Additive));
}

#[test]
fn renaming_an_endpoint_is_breaking() {
    let (changes, class) = changes_after(|doc| {
        for operation in doc["paths"]["/acs/credentials/get"]
            .as_object_mut()
            .expect("path")
            .values_mut()
        {
            operation["x-fern-sdk-method-name"] = json!("fetch");
        }
    });
    assert_eq!(
        changes,
        [
            "breaking endpoint acs.credentials.get: renamed to acs.credentials.fetch (GET /acs/credentials/get)",
            "breaking endpoint acs.credentials.fetch: request type AcsCredentialsFetchRequest (was AcsCredentialsGetRequest)",
        ]
    );
    assert_eq!(class, Some(Class::Breaking));
}

#[test]
fn deprecating_an_endpoint_is_additive() {
    let (changes, class) = changes_after(|doc| {
        for operation in doc["paths"]["/acs/credentials/delete"]
            .as_object_mut()
            .expect("path")
            .values_mut()
        {
            operation["deprecated"] = json!(true);
        }
    });
    assert_eq!(
        changes,
        ["additive endpoint acs.credentials.delete: deprecated"]
    );
    assert_eq!(class, Some(Class::Additive));
}

#[test]
fn moving_the_http_method_is_documentation_only() {
    // Only POST left for `get`: the SDK sends POST, with the same Rust signature.
    let (changes, class) = changes_after(|doc| {
        doc["paths"]["/acs/credentials/get"]
            .as_object_mut()
            .expect("path")
            .remove("get");
    });
    assert_eq!(
        changes,
        ["documentation-only endpoint acs.credentials.get: sends POST /acs/credentials/get (was GET /acs/credentials/get); the Rust API is unchanged"]
    );
    assert_eq!(class, Some(Class::DocumentationOnly));
}
