//! Name collisions get stable, readable names, and the crate they are in compiles
//! warning-free: two schemas or two inline types that map to one Rust name, properties
//! named like Rust keywords or like each other, enum values such as `1`, `-` or `unknown`,
//! groups named like keywords or like the crate's own files, endpoints outside any group,
//! and an endpoint whose path-derived name is taken by a group. The CLI names the SDK's
//! types by their bare names, but those named like its own items (`Command`, `Usage`,
//! `Value`, `String`, a constant), and its crate compiles warning-free with and without
//! the `unstable` feature.

use seam_generator::ir::{Api, TypeKind};
use seam_sdk_tests::generated_crate::{
    fresh_temp_dir, generate_into_temp, generate_with_cli, GeneratedCrate,
};
use serde_json::{json, Value};

fn ok_envelope(properties: Value) -> Value {
    let mut properties = properties;
    properties["ok"] = json!({ "type": "boolean" });
    json!({ "200": { "description": "OK", "content": { "application/json": { "schema": {
        "type": "object", "properties": properties, "required": ["ok"]
    } } } } })
}

fn operation(group: &[&str], method: &str, body: Value, response: Value) -> Value {
    json!({
        "x-fern-sdk-group-name": group,
        "x-fern-sdk-method-name": method,
        "requestBody": { "content": { "application/json": { "schema": body } } },
        "responses": ok_envelope(response)
    })
}

fn colliding_spec() -> Value {
    let empty = json!({ "type": "object", "properties": {} });
    let widget_ref = json!({ "widget": { "$ref": "#/components/schemas/widget" } });
    json!({
        "openapi": "3.0.0",
        "info": { "title": "names", "version": "1" },
        "components": { "schemas": {
            "fooBar": { "type": "object", "properties": { "a": { "type": "string" } } },
            "foo_bar": { "type": "object", "properties": { "b": { "type": "string" } } },
            "widget_status": { "type": "string", "enum": ["on", "off"] },
            "string": { "type": "object", "properties": { "value": { "type": "string" } } },
            "result": { "type": "string" },
            "widget": {
                "type": "object",
                "properties": {
                    "type": { "type": "string" },
                    "self": { "type": "string" },
                    "match": { "type": "boolean" },
                    "fooBar": { "type": "string" },
                    "foo_bar": { "type": "integer" },
                    "2fa_enabled": { "type": "boolean" },
                    "status": { "type": "string", "enum": ["1", "-", "+", "", "unknown", "Unknown", "a-b", "a_b", "ok"] },
                    "kind": { "$ref": "#/components/schemas/widget_status" },
                    "label": { "$ref": "#/components/schemas/string" },
                    "outcome": { "$ref": "#/components/schemas/result" },
                    "a": { "$ref": "#/components/schemas/fooBar" },
                    "b": { "$ref": "#/components/schemas/foo_bar" }
                },
                "required": ["type", "self"]
            }
        } },
        "paths": {
            "/ping": { "get": { "responses": ok_envelope(json!({})) } },
            "/widgets": { "get": { "responses": ok_envelope(widget_ref.clone()) } },
            "/widgets/get": { "post": operation(
                &["widgets"],
                "get",
                json!({ "type": "object", "properties": {
                    "new": { "type": "string" },
                    "add": { "type": "integer" },
                    "clone": { "type": "boolean" },
                    "type": { "type": "string" },
                    "Type": { "type": "string" },
                    "into": { "type": "string" }
                }, "required": ["new"] }),
                widget_ref.clone()
            ) },
            "/widgets/new": { "post": operation(&["widgets"], "new", empty.clone(), widget_ref.clone()) },
            "/type/list": { "post": operation(&["type"], "list", empty.clone(), json!({})) },
            "/self/get": { "post": operation(&["self"], "get", empty.clone(), json!({})) },
            "/models/get": { "post": operation(&["models"], "get", empty.clone(), json!({})) },
            "/lib/get": { "post": operation(&["lib"], "get", empty.clone(), json!({})) },
            "/bin/get": { "post": operation(&["bin"], "get", empty, json!({})) }
        }
    })
}

/// Models named like what the CLI's command modules name by their bare names: the
/// runtime's `Command` and `Usage`, `serde_json::Value`, the SDK's `Timestamp`, the
/// prelude's `String`, and `A`, the constant of the endpoint `a`; `gadget` only an
/// undocumented endpoint takes; an endpoint named like the runtime's `enum_value`.
fn cli_colliding_spec() -> Value {
    let model = json!({ "type": "object", "properties": { "x": { "type": "string" } } });
    let member = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    let body = json!({ "type": "object", "properties": {
        "command": member("command"),
        "label": member("string"),
        "a": member("a"),
        "name": { "type": "string" },
        "when": { "type": "string", "format": "date-time" },
        "usage": member("usage"),
        "value": member("value"),
        "timestamp": member("timestamp"),
        "mode": { "type": "string", "enum": ["fast", "slow"] }
    }, "required": ["command", "label", "a", "name", "when"] });
    let mut unstable = operation(
        &["widgets"],
        "unstable",
        json!({ "type": "object", "properties": { "gadget": member("gadget") }, "required": ["gadget"] }),
        json!({}),
    );
    unstable["x-undocumented"] = json!("Not yet.");
    json!({
        "openapi": "3.0.0",
        "info": { "title": "cli names", "version": "1" },
        "components": { "schemas": {
            "command": model, "string": model, "a": model, "usage": model, "gadget": model,
            "timestamp": model,
            "value": { "type": "string", "enum": ["on", "off"] }
        } },
        "paths": {
            "/widgets/a": { "post": operation(&["widgets"], "a", body, json!({})) },
            "/widgets/enum_value": { "post": operation(&["widgets"], "enum_value", json!({
                "type": "object", "properties": { "mode": { "type": "string", "enum": ["x", "y"] } }
            }), json!({})) },
            "/widgets/commands": { "post": operation(&["widgets"], "commands", json!({
                "type": "object", "properties": {}
            }), json!({})) },
            "/widgets/unstable": { "post": unstable }
        }
    })
}

#[test]
fn the_cli_names_sdk_types_named_like_its_own_items_by_their_path_and_compiles() {
    let dir = fresh_temp_dir("seam-cli-names-spec");
    let path = dir.join("cli-names.json");
    let spec = serde_json::to_vec_pretty(&cli_colliding_spec()).expect("serializes");
    std::fs::write(&path, spec).expect("write");
    let krate = generate_with_cli("/", "seam-cli-names", &path);
    let _ = std::fs::remove_dir_all(dir);
    let read = |file: &str| {
        let path = krate
            .dir()
            .join("seam-cli-names-cli/src/commands")
            .join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let widgets = read("widgets.rs");
    let models = read("models.rs");
    for expected in [
        // Taken names: by path.
        "params.required::<crate::sdk::models::Command>(\"command\")",
        "params.required::<crate::sdk::models::String>(\"label\")",
        "params.required::<crate::sdk::models::A>(\"a\")",
        // The runtime's, the SDK's and the prelude's items keep their bare names.
        "params.required::<String>(\"name\")",
        "params.required::<Timestamp>(\"when\")",
        // The group's table of commands keeps its name; the endpoint `commands` gives way.
        "pub(super) static COMMANDS: &[Command] = &[",
        "const COMMANDS2: Endpoint",
        "params: COMMANDS2_PARAMS,",
        "fn from_json(value: Value, path: &str) -> Result<Self, Usage>",
        // The endpoint `enum_value` leaves the name to the runtime's function.
        "fn enum_value2(",
        "enum_value(value, path, &[\"fast\", \"slow\"])",
        // Named only by the undocumented endpoint's conversion: imported behind its gate.
        "#[cfg(feature = \"unstable\")]\nuse crate::sdk::models::Gadget;",
        "params.required::<Gadget>(\"gadget\")",
    ] {
        assert!(
            widgets.contains(expected),
            "widgets.rs lacks `{expected}`:\n{widgets}"
        );
    }
    for expected in [
        "impl FromJson for crate::sdk::models::Command {",
        "impl FromJson for crate::sdk::models::Usage {",
        "impl FromJson for crate::sdk::models::Value {",
        "impl FromJson for crate::sdk::models::Timestamp {",
        "impl FromJson for crate::sdk::models::String {",
        // Not taken in `models.rs`, which has no constants.
        "impl FromJson for A {",
        "impl FromJson for Gadget {",
    ] {
        assert!(
            models.contains(expected),
            "models.rs lacks `{expected}`:\n{models}"
        );
    }
    assert!(
        !widgets.contains("use crate::runtime::*") && !models.contains("use crate::runtime::*")
    );
    // The runtime's unit tests compile here too (`--all-targets`).
    for features in [&[][..], &["--all-features"][..]] {
        let mut args = vec!["clippy", "--workspace", "--all-targets"];
        args.extend(features);
        args.extend(["--", "-D", "warnings"]);
        krate.cargo_ok(&args);
    }
}

fn generate(spec: &Value) -> GeneratedCrate {
    let dir = fresh_temp_dir("seam-names-spec");
    let path = dir.join("names.json");
    std::fs::write(&path, serde_json::to_vec_pretty(spec).expect("serializes")).expect("write");
    let krate = generate_into_temp("/", "seam-names", &path);
    let _ = std::fs::remove_dir_all(dir);
    krate
}

fn enum_values(api: &Api, name: &str) -> Vec<String> {
    match &api.types[name].kind {
        TypeKind::StringEnum { values } => values.iter().map(|v| v.value.clone()).collect(),
        other => panic!("{name} is not an enum: {other:?}"),
    }
}

#[test]
fn colliding_names_are_stable_readable_and_compile() {
    let spec = colliding_spec();
    let krate = generate(&spec);
    let generated = krate.generated();
    let api = &generated.api;

    // Two schemas, one Rust name: the first in sorted order keeps it.
    assert_eq!(api.types["FooBar"].pointer, "#/components/schemas/fooBar");
    assert_eq!(api.types["FooBar2"].pointer, "#/components/schemas/foo_bar");
    // An inline type named like a schema: the schema keeps the name.
    assert_eq!(enum_values(api, "WidgetStatus"), ["on", "off"]);
    assert_eq!(enum_values(api, "WidgetStatus2")[0], "1");

    let model = &spelled_short(&generated.files["src/models/widget.rs"]);
    for line in [
        "pub r#type: String,",
        "#[serde(rename = \"self\")]\n    pub self_: String,",
        "pub r#match: Option<bool>,",
        "pub foo_bar: Option<String>,",
        "#[serde(rename = \"foo_bar\")]",
        "pub foo_bar2: Option<i64>,",
        "pub _2fa_enabled: Option<bool>,",
        "V1,",
        "Minus,",
        "Plus,",
        "Empty,",
        "UnknownValue,",
        "UnknownValue2,",
        "Ab,",
        "Ab2,",
        "Ok,",
        "Unknown(String),",
    ] {
        assert!(
            model.contains(line),
            "src/models/widget.rs lacks `{line}`:\n{model}"
        );
    }

    // Groups named like keywords or like the crate's own files.
    for file in [
        "src/type.rs",
        "src/self_.rs",
        "src/models_api.rs",
        "src/lib_api.rs",
        "src/bin_api.rs",
    ] {
        assert!(generated.files.contains_key(file), "no {file}");
    }
    assert!(!generated.files.keys().any(|f| f.starts_with("src/bin/")));
    let lib = &generated.files["src/lib.rs"];
    for item in [
        "pub mod r#type;",
        "pub mod self_;",
        "pub mod models_api;",
        "pub fn ping(",
        "pub fn get_widgets(",
        "pub fn widgets(&self)",
    ] {
        assert!(lib.contains(item), "src/lib.rs lacks `{item}`");
    }
    let widgets = &spelled_short(&generated.files["src/widgets.rs"]);
    assert!(
        widgets.contains("pub fn new(&self") || widgets.contains("pub fn new(\n        &self,"),
        "an endpoint may be called `new`"
    );
    assert!(widgets.contains("pub new2: String,"), "{widgets}");
    assert!(widgets.contains("pub r#type: Option<"), "{widgets}");
    assert!(widgets.contains("pub type2: Option<"), "{widgets}");
    assert_eq!(
        generated.short_prelude_used(),
        None,
        "types named `String` and `Result` make the code spell those out"
    );
    assert!(
        generated.files["src/widgets.rs"].contains("::std::string::String"),
        "the prelude's `String` spelled in full"
    );

    // Stable: the same document gives the same names and bytes.
    let again = generate(&spec);
    assert_eq!(again.generated().files, generated.files);

    krate.cargo_ok(&["clippy", "--all-targets", "--", "-D", "warnings"]);
    krate.docs_render_without_warnings();
}

/// The text with the prelude's types spelled short, for matching.
fn spelled_short(text: &str) -> String {
    text.replace("::std::option::Option", "Option")
        .replace("::std::string::String", "String")
        .replace("::std::vec::Vec", "Vec")
}

/// Whether the generated code leans on the prelude's `String` or `Result` by their short
/// names, which the generated types of those names would shadow. (Prelude items no
/// generated type is named like, such as `Option`, keep their short names.)
trait PreludeCheck {
    /// The first file and line that does, if any.
    fn short_prelude_used(&self) -> Option<(String, String)>;
}

impl PreludeCheck for seam_generator::Generated {
    fn short_prelude_used(&self) -> Option<(String, String)> {
        self.files
            .iter()
            .filter(|(path, _)| !path.starts_with("src/runtime/"))
            .find_map(|(path, text)| {
                // Doc examples compile as crates of their own, where nothing shadows.
                text.lines()
                    .filter(|line| !line.trim_start().starts_with("//"))
                    .find(|line| line.contains(": String,") || line.contains("-> Result<"))
                    .map(|line| (path.clone(), line.to_string()))
            })
    }
}
