//! Bad documents get clear errors, never panics: each names the JSON pointer of what is
//! wrong and says what it is. The documents are today's spec (cut down to
//! `/acs/credentials`) with one defect put in.

use seam_generator::{generate, generate_file, Config, GenerateError};
use seam_sdk_tests::generated_crate::{spec_subset, workspace_root};
use serde_json::{json, Value};

fn credentials_spec() -> Value {
    let bytes = std::fs::read(workspace_root().join("spec/openapi.json")).expect("spec readable");
    let spec: Value = serde_json::from_slice(&bytes).expect("spec is JSON");
    spec_subset(&spec, "/acs/credentials")
}

fn config() -> Config {
    Config {
        rustfmt: false,
        ..Config::default()
    }
}

/// Generates from `doc` and returns the error it must give.
fn error_of(doc: &Value) -> GenerateError {
    let bytes = serde_json::to_vec(doc).expect("serializes");
    match generate(&bytes, &config()) {
        Ok(_) => panic!("the document generated, but it should not"),
        Err(e) => e,
    }
}

/// Asserts the error names `pointer` and says `what`.
fn assert_error(error: &GenerateError, pointer: &str, what: &str) {
    assert_eq!(error.pointer(), Some(pointer), "wrong pointer in: {error}");
    let text = error.to_string();
    assert!(text.contains(what), "`{text}` does not say `{what}`");
    assert!(
        text.starts_with(pointer),
        "`{text}` does not start with the pointer"
    );
    assert!(
        !text.contains("did not match any variant"),
        "`{text}` is serde's untagged-enum message, not a clear one"
    );
}

const CREATE_SCHEMA: &str =
    "/paths/~1acs~1credentials~1create/post/requestBody/content/application~1json/schema";

fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the spec"))
}

#[test]
fn the_base_document_generates() {
    let bytes = serde_json::to_vec(&credentials_spec()).expect("serializes");
    let generated = generate(&bytes, &config()).expect("the cut-down spec generates");
    assert_eq!(generated.api.endpoints.len(), 11);
}

#[test]
fn a_missing_file_names_the_path() {
    let path = workspace_root().join("spec/no-such-file.json");
    let error = generate_file(&path, &config()).expect_err("no file, no crate");
    assert!(matches!(error, GenerateError::Read { .. }), "{error:?}");
    let text = error.to_string();
    assert!(text.contains("no-such-file.json"), "{text}");
    assert!(text.starts_with("cannot read spec"), "{text}");
}

#[test]
fn not_json_gives_line_and_column() {
    let error = generate(b"{ \"openapi\": \"3.0.0\", \"paths\": {", &config()).unwrap_err();
    assert_error(&error, "#", "not valid JSON");
    assert!(error.to_string().contains("line 1 column"), "{error}");
    let error =
        seam_generator::load::parse_as(b"a: [b", seam_generator::load::Syntax::Yaml).unwrap_err();
    assert_error(&error, "#", "not valid YAML");
}

#[test]
fn documents_that_are_not_openapi_3_0_are_refused() {
    let swagger =
        json!({ "swagger": "2.0", "info": { "title": "t", "version": "1" }, "paths": {} });
    assert_error(&error_of(&swagger), "#/swagger", "Swagger");
    assert_error(
        &error_of(&json!([1, 2])),
        "#",
        "the top level is not an object",
    );
    assert_error(
        &error_of(&json!({ "paths": {} })),
        "#/openapi",
        "the `openapi` version string is missing",
    );
    let mut v31 = credentials_spec();
    v31["openapi"] = json!("3.1.0");
    assert_error(
        &error_of(&v31),
        "#/openapi",
        "OpenAPI version 3.1.0 is not supported",
    );
    let mut no_paths = credentials_spec();
    no_paths.as_object_mut().expect("object").remove("paths");
    assert_error(&error_of(&no_paths), "#", "no `paths`");
}

#[test]
fn an_unresolvable_ref_names_where_it_is_used() {
    let mut doc = credentials_spec();
    *at(&mut doc, &format!("{CREATE_SCHEMA}/properties/acs_user_id")) =
        json!({ "$ref": "#/components/schemas/no_such_schema" });
    assert_error(
        &error_of(&doc),
        &format!("#{CREATE_SCHEMA}/properties/acs_user_id"),
        "unresolvable $ref `#/components/schemas/no_such_schema`: no such component schema",
    );

    let mut doc = credentials_spec();
    *at(&mut doc, &format!("{CREATE_SCHEMA}/properties/acs_user_id")) =
        json!({ "$ref": "https://example.com/other.json#/x" });
    assert_error(
        &error_of(&doc),
        &format!("#{CREATE_SCHEMA}/properties/acs_user_id"),
        "only local `#/components/schemas/<name>` references are",
    );

    let mut doc = credentials_spec();
    *at(
        &mut doc,
        "/paths/~1acs~1credentials~1create/post/requestBody",
    ) = json!({ "$ref": "#/components/requestBodies/missing" });
    assert_error(
        &error_of(&doc),
        "#/paths/~1acs~1credentials~1create/post/requestBody",
        "no such entry in `#/components/requestBodies`",
    );
}

#[test]
fn a_ref_cycle_is_reported_with_its_members() {
    let mut doc = credentials_spec();
    let schemas = at(&mut doc, "/components/schemas");
    schemas["loop_a"] = json!({ "$ref": "#/components/schemas/loop_b" });
    schemas["loop_b"] = json!({ "$ref": "#/components/schemas/loop_a" });
    *at(&mut doc, &format!("{CREATE_SCHEMA}/properties/acs_user_id")) =
        json!({ "$ref": "#/components/schemas/loop_a" });
    assert_error(
        &error_of(&doc),
        "#/components/schemas/loop_a",
        "$ref cycle: loop_b -> loop_a -> loop_b",
    );

    // allOf members that include each other.
    let mut doc = credentials_spec();
    let schemas = at(&mut doc, "/components/schemas");
    schemas["merge_a"] = json!({ "allOf": [{ "$ref": "#/components/schemas/merge_b" }] });
    schemas["merge_b"] = json!({ "allOf": [
        { "type": "object", "properties": { "x": { "type": "string" } } },
        { "$ref": "#/components/schemas/merge_a" }
    ] });
    *at(&mut doc, &format!("{CREATE_SCHEMA}/properties/acs_user_id")) =
        json!({ "$ref": "#/components/schemas/merge_b" });
    let error = error_of(&doc);
    assert!(
        error
            .to_string()
            .contains("$ref cycle: merge_b -> merge_a -> merge_b")
            || error
                .to_string()
                .contains("$ref cycle: merge_a -> merge_b -> merge_a"),
        "{error}"
    );
}

#[test]
fn shapes_the_ir_cannot_represent_are_named() {
    // A request body that is not an object cannot become parameters.
    let mut doc = credentials_spec();
    *at(&mut doc, CREATE_SCHEMA) = json!({ "type": "array", "items": { "type": "string" } });
    assert_error(
        &error_of(&doc),
        &format!("#{CREATE_SCHEMA}"),
        "the request body schema is not an object",
    );

    // An `allOf` member that is a string cannot be merged into an object.
    let mut doc = credentials_spec();
    *at(&mut doc, CREATE_SCHEMA) = json!({ "allOf": [
        { "type": "object", "properties": { "a": { "type": "string" } } },
        { "type": "string" }
    ] });
    assert_error(
        &error_of(&doc),
        &format!("#{CREATE_SCHEMA}/allOf/1"),
        "an `allOf` member that is neither an object nor a `oneOf` of objects cannot be merged",
    );

    // A success response that is not an `{ ..., "ok": true }` envelope.
    let mut doc = credentials_spec();
    *at(
        &mut doc,
        "/paths/~1acs~1credentials~1get/get/responses/200/content/application~1json/schema",
    ) = json!({ "type": "string" });
    assert_error(
        &error_of(&doc),
        "#/paths/~1acs~1credentials~1get/get/responses/200/content/application~1json/schema",
        "the success response is not an object envelope",
    );

    // Structural keywords of the wrong type.
    let mut doc = credentials_spec();
    *at(
        &mut doc,
        &format!("{CREATE_SCHEMA}/properties/acs_user_id/type"),
    ) = json!(5);
    assert_error(
        &error_of(&doc),
        &format!("#{CREATE_SCHEMA}/properties/acs_user_id/type"),
        "`type` must be a string",
    );
    let mut doc = credentials_spec();
    *at(&mut doc, &format!("{CREATE_SCHEMA}/properties")) = json!(["acs_user_id"]);
    assert_error(
        &error_of(&doc),
        &format!("#{CREATE_SCHEMA}/properties"),
        "`properties` must be an object mapping names to schemas, not an array",
    );
    let mut doc = credentials_spec();
    *at(&mut doc, "/paths/~1acs~1credentials~1get/post/responses") = json!("OK");
    assert_error(
        &error_of(&doc),
        "#/paths/~1acs~1credentials~1get/post/responses",
        "`responses` must be an object",
    );
    let mut doc = credentials_spec();
    at(&mut doc, "/paths/~1acs~1credentials~1get/post")["parameters"] = json!([{ "in": "query" }]);
    assert_error(
        &error_of(&doc),
        "#/paths/~1acs~1credentials~1get/post/parameters/0",
        "missing field `name`",
    );
}

#[test]
fn two_operations_with_one_method_name_are_an_error() {
    // Explicitly named alike.
    let mut doc = credentials_spec();
    *at(
        &mut doc,
        "/paths/~1acs~1credentials~1update/patch/x-fern-sdk-method-name",
    ) = json!("create");
    *at(
        &mut doc,
        "/paths/~1acs~1credentials~1update/post/x-fern-sdk-method-name",
    ) = json!("create");
    let error = error_of(&doc);
    assert_error(
        &error,
        "#/paths/~1acs~1credentials~1update/patch",
        "SDK method `acs.credentials.create` is also generated for #/paths/~1acs~1credentials~1create/post",
    );
    assert!(
        error.to_string().contains("x-fern-sdk-method-name"),
        "{error}"
    );

    // Named alike by their last path segment, without x-fern names.
    let mut doc = credentials_spec();
    let paths = at(&mut doc, "/paths").as_object_mut().expect("paths");
    let get = paths["/acs/credentials/get"].clone();
    let strip = |mut item: Value| {
        for op in item.as_object_mut().expect("path item").values_mut() {
            let op = op.as_object_mut().expect("operation");
            op.remove("x-fern-sdk-method-name");
            op.remove("x-fern-sdk-group-name");
        }
        item
    };
    paths.insert("/acs/credentials/v2/get".to_string(), strip(get.clone()));
    paths.insert("/acs/credentials/v2/get/".to_string(), strip(get));
    let error = error_of(&doc);
    assert_error(
        &error,
        "#/paths/~1acs~1credentials~1v2~1get~1/get",
        "SDK method `acs.credentials.v2.get` is also generated for #/paths/~1acs~1credentials~1v2~1get/get",
    );

    // A paginator's `_all` method counts too.
    let mut doc = credentials_spec();
    *at(
        &mut doc,
        "/paths/~1acs~1credentials~1update/patch/x-fern-sdk-method-name",
    ) = json!("list_all");
    *at(
        &mut doc,
        "/paths/~1acs~1credentials~1update/post/x-fern-sdk-method-name",
    ) = json!("list_all");
    let error = error_of(&doc);
    assert!(
        error
            .to_string()
            .contains("SDK method `acs.credentials.list_all` is also generated for"),
        "{error}"
    );
}

#[test]
fn methods_cannot_shadow_the_client_or_a_group() {
    let mut doc = credentials_spec();
    for method in ["patch", "post"] {
        *at(
            &mut doc,
            &format!("/paths/~1acs~1credentials~1update/{method}/x-fern-sdk-method-name"),
        ) = json!("unmanaged");
    }
    assert_error(
        &error_of(&doc),
        "#/paths/~1acs~1credentials~1update/patch",
        "SDK method `acs.credentials.unmanaged` has the name of the accessor of the SDK group `acs.credentials.unmanaged`",
    );

    let mut doc = credentials_spec();
    for method in ["patch", "post"] {
        *at(
            &mut doc,
            &format!("/paths/~1acs~1credentials~1update/{method}/x-fern-sdk-group-name"),
        ) = json!([]);
        *at(
            &mut doc,
            &format!("/paths/~1acs~1credentials~1update/{method}/x-fern-sdk-method-name"),
        ) = json!("builder");
    }
    assert_error(
        &error_of(&doc),
        "#/paths/~1acs~1credentials~1update/patch",
        "SDK method `builder` would shadow the client's own method `Seam::builder`",
    );
}

#[test]
fn schemas_nested_too_deeply_are_refused() {
    let mut doc = credentials_spec();
    let mut schema = json!({ "type": "string" });
    for _ in 0..100 {
        schema = json!({ "type": "array", "items": schema });
    }
    *at(&mut doc, &format!("{CREATE_SCHEMA}/properties/acs_user_id")) = schema;
    let error = error_of(&doc);
    assert!(error.to_string().contains("nest more than"), "{error}");
    assert!(
        error.pointer().is_some_and(|p| p.starts_with(&format!(
            "#{CREATE_SCHEMA}/properties/acs_user_id/items/items"
        ))),
        "{error}"
    );
}
