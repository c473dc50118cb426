//! Lifecycle flags from the spec reach the generated code: `x-deprecated` becomes
//! `#[deprecated]` with the spec's message, `x-undocumented` endpoints are gated behind the
//! `unstable` feature. Checked on parts of the API beyond `/acs/credentials`.

use seam_generator::{generate_file, Config, Generated};
use std::path::Path;

fn generate(prefix: &str) -> Generated {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.json");
    let config = Config {
        prefix: prefix.to_string(),
        rustfmt: false,
        ..Config::default()
    };
    generate_file(&spec, &config).expect("spec generates")
}

/// The text of the item that follows `marker` up to the next blank line.
fn item_around<'a>(text: &'a str, marker: &str) -> &'a str {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("`{marker}` not generated"));
    let start = text[..at].rfind("\n\n").map_or(0, |i| i + 2);
    &text[start..at + marker.len()]
}

#[test]
fn deprecated_fields_carry_the_spec_message() {
    let generated = generate("/access_grants");
    let model = &generated.files["src/models/access_grant.rs"];
    let field = item_around(model, "pub location_ids:");
    assert!(
        field.contains(r#"#[deprecated(note = "Use `space_ids`.")]"#),
        "location_ids is not deprecated with the spec's note:\n{field}"
    );
}

#[test]
fn undocumented_endpoints_are_gated_behind_unstable() {
    let generated = generate("/acs/credentials");
    let credentials = &generated.files["src/acs/credentials/mod.rs"];
    let method = item_around(credentials, "pub fn create_offline_code(");
    assert!(
        method.contains(r#"#[cfg(feature = "unstable")]"#),
        "{method}"
    );
    let stable = item_around(credentials, "pub fn create(");
    assert!(!stable.contains("cfg(feature"), "{stable}");
    let group = &generated.files["src/acs/credentials/mod.rs"];
    assert!(group.contains("#[cfg(feature = \"unstable\")]\npub mod unmanaged;"));
}
