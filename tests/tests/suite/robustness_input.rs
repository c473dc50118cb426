//! What the generator reads: the YAML form of the spec gives byte-identical output; real
//! defects (an invalid `default`, documentation keywords of the wrong type) are survived
//! with one warning naming the JSON pointer; constructs of older or newer documents (`type`
//! lists, `null` union members, `const`, keywords next to `$ref`, `anyOf`, referenced
//! responses, request bodies and parameters, `x-fern-sdk-return-value` without
//! `x-response-key`, operations without `x-fern-*` names) are read as what they mean.
//! A prefix reads only its part of the document, and emission's threads do not change the
//! output.

use seam_generator::ir::{Api, Response, TypeKind, TypeRef, VariantShape};
use seam_generator::{generate, generate_file, Config, Generated};
use seam_sdk_tests::generated_crate::{fresh_temp_dir, spec_subset, workspace_root};
use serde_json::{json, Value};

fn spec_value() -> Value {
    let bytes = std::fs::read(workspace_root().join("spec/openapi.json")).expect("spec readable");
    serde_json::from_slice(&bytes).expect("spec is JSON")
}

fn fast(prefix: &str) -> Config {
    Config {
        prefix: prefix.to_string(),
        rustfmt: false,
        ..Config::default()
    }
}

fn generate_value(doc: &Value, config: &Config) -> Generated {
    let bytes = serde_json::to_vec(doc).expect("serializes");
    generate(&bytes, config).unwrap_or_else(|e| panic!("the document should generate: {e}"))
}

#[test]
fn the_yaml_form_of_the_spec_gives_byte_identical_output() {
    let dir = fresh_temp_dir("seam-yaml");
    let yaml_path = dir.join("openapi.yaml");
    let yaml = serde_yaml_ng::to_string(&spec_value()).expect("the spec converts to YAML");
    std::fs::write(&yaml_path, &yaml).expect("write the YAML spec");

    let config = Config::default(); // rustfmt included: the output as `cargo xtask codegen` writes it
    let from_json = generate_file(&workspace_root().join("spec/openapi.json"), &config)
        .expect("the JSON spec generates");
    let from_yaml = generate_file(&yaml_path, &config).expect("the YAML spec generates");
    let _ = std::fs::remove_dir_all(&dir);

    assert!(
        yaml.starts_with("components:") || yaml.contains("\nopenapi:"),
        "not YAML"
    );
    assert_eq!(
        from_json.files.keys().collect::<Vec<_>>(),
        from_yaml.files.keys().collect::<Vec<_>>()
    );
    for (path, contents) in &from_json.files {
        assert!(
            from_yaml.files[path] == *contents,
            "{path} differs between the JSON and the YAML form"
        );
    }
}

#[test]
fn an_invalid_default_is_ignored_with_one_warning_naming_it() {
    // `customer_portal.features.*` carry `default: { "$ref": ... }`, not an object value;
    // progenitor 0.15.1 rejects the whole document for it.
    let generated = generate_file(
        &workspace_root().join("spec/openapi.json"),
        &fast("/seam/customer/v1/portals/get"),
    )
    .expect("the endpoint generates despite the defect");
    let features = "#/paths/~1seam~1customer~1v1~1portals~1get/get/responses/200/content/application~1json/schema/properties/customer_portal/properties/features";
    let mut expected = vec![format!("{features}/default")];
    for feature in [
        "configure",
        "connect",
        "manage",
        "manage_devices",
        "organize",
    ] {
        expected.push(format!("{features}/properties/{feature}/default"));
    }
    let defaults: Vec<&str> = generated
        .warnings
        .iter()
        .filter(|w| w.pointer.ends_with("/default"))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(defaults, expected, "one warning per invalid default");
    for warning in generated
        .warnings
        .iter()
        .filter(|w| w.pointer.ends_with("/default"))
    {
        assert!(
            warning
                .message
                .starts_with("ignored a `default` that is not an object: {\"$ref\""),
            "{warning}"
        );
    }
    let model = generated
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("src/models/"))
        .map(|(_, text)| text.as_str())
        .collect::<String>();
    assert!(
        model.contains("pub manage_devices:"),
        "the feature is generated"
    );
    assert!(
        !model.contains("access_code\"}` when this is not set"),
        "the invalid default must not reach the docs"
    );
}

#[test]
fn documentation_keywords_of_the_wrong_type_are_dropped_with_a_warning() {
    let base = spec_subset(&spec_value(), "/acs/credentials");
    let mut doc = base.clone();
    let code = "/components/schemas/acs_credential/properties/code";
    let create = "/paths/~1acs~1credentials~1create/post";
    let edits: &[(&str, &str, Value)] = &[
        (code, "description", json!(5)),
        (code, "title", json!({ "a": 1 })),
        (code, "format", json!(7)),
        (code, "pattern", json!([])),
        (code, "maxLength", json!("eight")),
        (code, "deprecated", json!("yes")),
        (code, "nullable", json!("sometimes")),
        (code, "readOnly", json!(1)),
        (code, "externalDocs", json!(3)),
        (code, "example", json!({ "anything": "goes" })),
        (
            "/components/schemas/acs_credential",
            "discriminator",
            json!("access_method"),
        ),
        (create, "summary", json!(3)),
        (create, "description", json!([])),
        (create, "tags", json!("acs")),
        (create, "deprecated", json!("no")),
        (create, "externalDocs", json!("https://docs.seam.co")),
        (create, "x-unknown-extension", json!({ "deep": [1, 2, 3] })),
        ("", "info", json!(3)),
        ("", "servers", json!({ "url": 1 })),
        ("", "tags", json!(5)),
    ];
    for (at, key, value) in edits {
        let target = if at.is_empty() {
            &mut doc
        } else {
            doc.pointer_mut(at).unwrap_or_else(|| panic!("no {at}"))
        };
        target[*key] = value.clone();
    }
    let generated = generate_value(&doc, &fast("/acs/credentials"));
    let baseline = generate_value(&base, &fast("/acs/credentials"));

    for (at, key, _) in edits {
        let pointer = format!("#{at}/{key}");
        if matches!(*key, "example" | "x-unknown-extension") {
            assert!(
                generated.warnings.iter().all(|w| w.pointer != pointer),
                "{pointer} is valid and needs no warning"
            );
            continue;
        }
        let found: Vec<_> = generated
            .warnings
            .iter()
            .filter(|w| w.pointer == pointer)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "one warning for {pointer}: {:#?}",
            generated.warnings
        );
        assert!(
            found[0].message.starts_with(&format!("ignored `{key}`")),
            "{}",
            found[0]
        );
    }
    // The same types and endpoints as without the defects: only documentation is gone.
    assert_eq!(
        generated.api.types.keys().collect::<Vec<_>>(),
        baseline.api.types.keys().collect::<Vec<_>>()
    );
    assert_eq!(generated.api.endpoints.len(), baseline.api.endpoints.len());
}

/// A minimal document around `schemas`, with one endpoint per entry of `paths`.
fn document(paths: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "constructs", "version": "1" },
        "paths": paths,
        "components": { "schemas": schemas }
    })
}

fn envelope(properties: Value, required: &[&str]) -> Value {
    let mut properties = properties;
    properties["ok"] = json!({ "type": "boolean" });
    json!({
        "description": "OK",
        "content": { "application/json": { "schema": {
            "type": "object", "properties": properties, "required": required
        } } }
    })
}

fn struct_fields<'a>(api: &'a Api, name: &str) -> &'a [seam_generator::ir::Field] {
    match &api
        .types
        .get(name)
        .unwrap_or_else(|| panic!("no type {name}"))
        .kind
    {
        TypeKind::Struct(s) => &s.fields,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn field<'a>(api: &'a Api, owner: &str, name: &str) -> &'a seam_generator::ir::Field {
    struct_fields(api, owner)
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{owner} has no field {name}"))
}

#[test]
fn schema_constructs_of_other_openapi_versions_are_read_as_meant() {
    let widget = json!({
        "type": "object",
        "properties": {
            "id": { "type": ["string", "null"], "format": "uuid" },
            "size": { "type": ["integer", "string"] },
            "kind": { "const": "widget" },
            "parent": { "oneOf": [{ "$ref": "#/components/schemas/part" }, { "type": "null" }] },
            "part": { "$ref": "#/components/schemas/part", "description": "The main part.", "nullable": true },
            "either": { "anyOf": [{ "$ref": "#/components/schemas/part" }, { "type": "string" }] },
            "limit": { "type": "number", "exclusiveMinimum": 0 },
            "always": true
        },
        "required": ["id", "size"]
    });
    let part = json!({ "type": "object", "properties": { "part_id": { "type": "string" } } });
    let doc = document(
        json!({ "/widgets/get": { "post": {
            "x-fern-sdk-group-name": ["widgets"],
            "x-fern-sdk-method-name": "get",
            "x-response-key": "widget",
            "responses": { "200": envelope(json!({ "widget": { "$ref": "#/components/schemas/widget" } }), &["widget", "ok"]) }
        } } }),
        json!({ "widget": widget, "part": part }),
    );
    let generated = generate_value(&doc, &fast("/"));
    let api = &generated.api;
    assert!(generated.warnings.is_empty(), "{:#?}", generated.warnings);

    let id = field(api, "Widget", "id");
    assert_eq!(id.ty, TypeRef::Nullable(Box::new(TypeRef::String)));
    assert_eq!(id.docs.format.as_deref(), Some("uuid"));

    let size = field(api, "Widget", "size");
    let TypeRef::Named(size_ty) = &size.ty else {
        panic!("size is a union: {:?}", size.ty)
    };
    let TypeKind::Union { variants } = &api.types[size_ty].kind else {
        panic!("size is a union")
    };
    let shapes: Vec<_> = variants.iter().map(|v| (&v.name[..], &v.shape)).collect();
    assert_eq!(
        shapes,
        [
            ("Integer", &VariantShape::Type(TypeRef::Integer)),
            ("String", &VariantShape::Type(TypeRef::String))
        ]
    );

    let kind = field(api, "Widget", "kind");
    let TypeRef::Named(kind_ty) = &kind.ty else {
        panic!("const is a one-value enum: {:?}", kind.ty)
    };
    assert!(
        matches!(&api.types[kind_ty].kind, TypeKind::StringEnum { values } if values.len() == 1 && values[0].value == "widget")
    );

    let nullable_part = TypeRef::Nullable(Box::new(TypeRef::Named("Part".to_string())));
    assert_eq!(field(api, "Widget", "parent").ty, nullable_part);
    let part_field = field(api, "Widget", "part");
    assert_eq!(part_field.ty, nullable_part);
    assert_eq!(
        part_field.docs.description.as_deref(),
        Some("The main part.")
    );

    let either = field(api, "Widget", "either");
    let TypeRef::Named(either_ty) = &either.ty else {
        panic!("anyOf is a union")
    };
    assert!(
        matches!(&api.types[either_ty].kind, TypeKind::Union { variants } if variants.len() == 2)
    );
    assert_eq!(field(api, "Widget", "limit").ty, TypeRef::Number);
    assert_eq!(field(api, "Widget", "always").ty, TypeRef::Json);
}

#[test]
fn older_operation_conventions_are_supported() {
    // Like @seamapi/types 1.71.0: names only on the POST (`x-fern-ignore` on the PUT), no
    // `x-response-key` but `x-fern-sdk-return-value`, a path without any `x-fern-*` names
    // whose name is also a group's, and responses, bodies and parameters by reference.
    let body = json!({ "content": { "application/json": { "schema": {
        "type": "object", "properties": { "name": { "type": "string" } }, "required": ["name"]
    } } } });
    let thing = json!({ "type": "object", "properties": { "thing_id": { "type": "string" } } });
    let attempt = json!({ "type": "object", "properties": { "status": { "type": "string" } } });
    let created = envelope(
        json!({
            "thing": { "$ref": "#/components/schemas/thing" },
            "action_attempt": { "$ref": "#/components/schemas/attempt" }
        }),
        &["thing", "action_attempt", "ok"],
    );
    let mut doc = document(
        json!({
            "/things/update": {
                "put": { "x-fern-ignore": true, "requestBody": { "$ref": "#/components/requestBodies/thing_body" }, "responses": { "200": { "$ref": "#/components/responses/thing_created" } } },
                "post": {
                    "x-fern-sdk-group-name": ["things"],
                    "x-fern-sdk-method-name": "update",
                    "x-fern-sdk-return-value": "thing",
                    "requestBody": { "$ref": "#/components/requestBodies/thing_body" },
                    "responses": { "200": { "$ref": "#/components/responses/thing_created" } }
                }
            },
            "/things": {
                "get": {
                    "parameters": [{ "$ref": "#/components/parameters/verbose" }],
                    "responses": { "200": envelope(json!({ "things": { "type": "array", "items": { "$ref": "#/components/schemas/thing" } } }), &["ok"]) }
                }
            },
            "/health": { "get": { "responses": { "200": envelope(json!({}), &["ok"]) } } }
        }),
        json!({ "thing": thing, "attempt": attempt }),
    );
    doc["components"]["requestBodies"] = json!({ "thing_body": body });
    doc["components"]["responses"] = json!({ "thing_created": created });
    doc["components"]["parameters"] =
        json!({ "verbose": { "name": "verbose", "in": "query", "schema": { "type": "boolean" } } });

    let generated = generate_value(&doc, &fast("/"));
    let api = &generated.api;
    let names: Vec<(String, String, &str)> = api
        .endpoints
        .iter()
        .map(|e| (e.group.join("."), e.name.clone(), e.method.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            (String::new(), "get_things".to_string(), "GET"),
            (String::new(), "health".to_string(), "GET"),
            ("things".to_string(), "update".to_string(), "PUT"),
        ]
    );
    let renamed = generated
        .warnings
        .iter()
        .find(|w| w.pointer == "#/paths/~1things/get")
        .expect("the rename is reported");
    assert!(
        renamed.message.contains("named `get_things` instead"),
        "{renamed}"
    );

    let update = api
        .endpoints
        .iter()
        .find(|e| e.name == "update")
        .expect("update");
    assert_eq!(
        update.response,
        Response::Payload {
            key: "thing".to_string(),
            ty: TypeRef::Named("Thing".to_string()),
            required: true
        }
    );
    assert_eq!(field(api, &update.request, "name").ty, TypeRef::String);
    let get_things = api
        .endpoints
        .iter()
        .find(|e| e.name == "get_things")
        .expect("get_things");
    assert_eq!(
        field(api, &get_things.request, "verbose").ty,
        TypeRef::Boolean
    );
    assert!(
        matches!(&get_things.response, Response::Payload { key, required: false, .. } if key == "things")
    );
    let health = api
        .endpoints
        .iter()
        .find(|e| e.name == "health")
        .expect("health");
    assert_eq!(health.response, Response::Empty);

    // Root endpoints become methods of `Seam` itself.
    let lib = &generated.files["src/lib.rs"];
    assert!(lib.contains("pub fn get_things("), "{lib}");
    assert!(lib.contains("pub fn health("), "{lib}");
    assert!(lib.contains("pub struct HealthRequest"), "{lib}");
}

/// A prefix reads only its paths and the component schemas they reach: the output is the
/// same as from the whole document, and a defect elsewhere neither stops it nor warns.
#[test]
fn a_prefix_reads_only_its_part_of_the_document() {
    let spec_path = workspace_root().join("spec/openapi.json");
    let whole = seam_generator::load::load_file(&spec_path).expect("the spec loads");
    for prefix in [
        "/acs/credentials",
        "/acs",
        "/devices",
        "/seam/customer/v1/portals/get",
    ] {
        let from_part = generate_file(&spec_path, &fast(prefix)).expect("generates");
        let from_whole = seam_generator::generate_from(&whole, &fast(prefix)).expect("generates");
        // The same files, but that their headers name the hash of what was read.
        let part_sha256 = seam_generator::load::read_file(&spec_path)
            .and_then(|source| source.select(prefix))
            .expect("selects")
            .sha256;
        assert_ne!(part_sha256, whole.sha256, "{prefix}");
        let whole_files: std::collections::BTreeMap<_, _> = from_whole
            .files
            .iter()
            .map(|(path, text)| (path.clone(), text.replace(&whole.sha256, &part_sha256)))
            .collect();
        assert!(
            from_part.files == whole_files,
            "{prefix}: reading only the part gives other files"
        );
        assert_eq!(from_part.api, from_whole.api, "{prefix}");
    }

    // A broken operation outside /acs/credentials, and a broken schema it never reaches.
    let mut doc = spec_value();
    doc["paths"]["/acs/users/create"]["post"]["requestBody"] = json!(42);
    let reached = spec_subset(&doc, "/acs/credentials");
    let reached = reached["components"]["schemas"]
        .as_object()
        .expect("schemas");
    let unreached = doc["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
        .find(|name| !reached.contains_key(*name))
        .expect("a schema /acs/credentials does not reach")
        .clone();
    doc["components"]["schemas"][&unreached]["properties"] = json!("not a map");
    let credentials = generate_value(&doc, &fast("/acs/credentials"));
    let clean = generate_file(&spec_path, &fast("/acs/credentials")).expect("generates");
    assert_eq!(credentials.api, clean.api);
    // The very same files: their headers hash the part read, which did not change.
    for (path, text) in &clean.files {
        assert!(credentials.files.get(path) == Some(text), "{path} differs");
    }
    assert_eq!(credentials.files.len(), clean.files.len());
    assert!(
        credentials.warnings.is_empty(),
        "warnings about parts not generated: {:?}",
        credentials.warnings
    );

    // The whole API reads them, and refuses the document, naming where.
    let error = generate(&serde_json::to_vec(&doc).expect("JSON"), &fast("/"))
        .expect_err("the whole API reads the broken operation");
    assert!(
        error
            .to_string()
            .contains("#/paths/~1acs~1users~1create/post/requestBody"),
        "{error}"
    );
}

/// Emission runs on a thread per core; the files do not depend on how many there are.
#[test]
fn emission_does_not_depend_on_the_thread_count() {
    let spec = seam_generator::load::load_file(&workspace_root().join("spec/openapi.json"))
        .expect("the spec loads");
    let (api, _) = seam_generator::ir::build::build(&spec.document, "/acs").expect("builds");
    let options = seam_generator::emit::Options {
        crate_name: "seam-sdk".to_string(),
        crate_version: "0.1.0".to_string(),
        spec_name: "spec/openapi.json".to_string(),
        spec_sha256: spec.sha256.clone(),
    };
    let one = seam_generator::emit::emit_on(&api, &options, 1);
    assert!(one.len() > 20, "{} files", one.len());
    for threads in [2, 3, 8] {
        let many = seam_generator::emit::emit_on(&api, &options, threads);
        assert!(many == one, "{threads} threads emit other files");
    }
}
